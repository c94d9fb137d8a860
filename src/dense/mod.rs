//! Dense (vector) retrieval beside the lexical index, for concept search:
//! the paragraph vectors on disk (`store`), keeping them current after each
//! lexical commit (`refresh`), the loaded vectors (`vectors`), and answering
//! a query by exact dot products fused with the lexical ranking (`hybrid`).
//! The encoder itself is `embed`.

pub mod hybrid;
pub mod refresh;
pub mod store;
pub mod vectors;

pub use hybrid::{load_encoder, search_in_mode, Concepts, Fusion, Mode, WeakFusion};
pub use refresh::{needs_refresh, refresh, EmbedSummary};
pub use vectors::DenseIndex;

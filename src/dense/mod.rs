//! Dense (vector) retrieval beside the lexical index, for concept search:
//! the paragraph vectors on disk (`store`), keeping them current after each
//! lexical commit (`refresh`), and answering a query by exact dot products
//! fused with the lexical ranking (`hybrid`). The encoder itself is `embed`.

pub mod hybrid;
pub mod refresh;
pub mod store;

pub use hybrid::{DenseIndex, Fusion, Mode};
pub use refresh::{needs_refresh, refresh, EmbedSummary};

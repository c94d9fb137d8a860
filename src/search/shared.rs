//! One index opened once and shared by many requests (`visidex serve`).
//!
//! A CLI command opens the index, answers one question and exits; a server
//! answers thousands, so it keeps one tantivy reader and hands each request a
//! searcher on the last commit. It never writes or refreshes the index: when
//! `visidex index` commits meanwhile (another process), tantivy's `meta.json`
//! is replaced atomically, and the next request that sees its new stamp
//! reloads the reader. A `stat` per request is cheaper than a watcher thread
//! and has no delay: the request after a commit answers from that commit.

use super::Engine;
use crate::dense::{self, store, Concepts, DenseIndex, Fusion};
use crate::embed::Encoder;
use crate::error::{Error, Result};
use crate::index::meta::REPORTS_FILE;
use crate::index::{self, OpenIndex};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tantivy::IndexReader;

/// tantivy's list of committed segments, rewritten by every commit.
const TANTIVY_META: &str = "meta.json";

pub struct SharedIndex {
    dir: PathBuf,
    open: Arc<OpenIndex>,
    reader: IndexReader,
    /// The stamp of `meta.json` the reader was last loaded at.
    loaded: Mutex<Option<Stamp>>,
    /// Concept search: the encoder, loaded once, and the vectors with the
    /// stamps they were loaded at (`None` without a model).
    concepts: Option<SharedConcepts>,
}

struct SharedConcepts {
    encoder: Arc<dyn Encoder>,
    vectors: Mutex<Option<(VectorStamp, Arc<DenseIndex>)>>,
}

/// What the loaded vectors depend on: the commit (`meta.json`), the
/// fingerprints (`reports.json`) and the vector files (written into
/// `vectors/` by rename, which changes the folder's mtime).
type VectorStamp = [Option<Stamp>; 3];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
}

impl SharedIndex {
    /// Open the index in `dir` (it must exist: a server does not build one),
    /// with concept search when `models` holds the sentence encoder.
    pub fn open(dir: &Path, models: Option<&Path>) -> Result<SharedIndex> {
        // One thread per request: requests run side by side on the
        // server's threads, and one big `mentions` must not hold up the
        // searches of the page behind it on a shared pool.
        let open = index::open(dir)?.with_search_threads(1);
        let reader = open.reader()?;
        let concepts = match models {
            Some(models) => dense::load_encoder(models)?.map(|encoder| SharedConcepts {
                encoder,
                vectors: Mutex::new(None),
            }),
            None => None,
        };
        let shared = SharedIndex {
            dir: dir.to_path_buf(),
            loaded: Mutex::new(stamp(&dir.join(TANTIVY_META))),
            open: Arc::new(open),
            reader,
            concepts,
        };
        // The vectors now, so the first search does not wait for them.
        shared.concepts()?;
        Ok(shared)
    }

    /// Concept search over the current vectors (`None` without a model):
    /// the vectors are read again only when the commit, the reports'
    /// fingerprints or the vector files changed since the last request.
    pub fn concepts(&self) -> Result<Option<Concepts>> {
        let Some(shared) = &self.concepts else {
            return Ok(None);
        };
        let now = [
            stamp(&self.dir.join(TANTIVY_META)),
            stamp(&self.dir.join(REPORTS_FILE)),
            stamp(&self.dir.join(store::FOLDER)),
        ];
        let mut vectors = shared
            .vectors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let current = match &*vectors {
            Some((loaded_at, current)) if *loaded_at == now => Arc::clone(current),
            _ => {
                let encoder = &shared.encoder;
                let loaded = Arc::new(DenseIndex::load(&self.dir, encoder.name(), encoder.dim())?);
                *vectors = Some((now, Arc::clone(&loaded)));
                loaded
            }
        };
        Ok(Some(Concepts {
            encoder: Arc::clone(&shared.encoder),
            vectors: current,
            fusion: Fusion::for_encoder(shared.encoder.name()),
        }))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// An engine on the last commit: reloads the reader first when the index
    /// was committed to since the previous request.
    pub fn engine(&self) -> Result<Engine> {
        let now = stamp(&self.dir.join(TANTIVY_META));
        {
            // A poisoned lock only means another request panicked mid-check;
            // the stamp it guards is still a valid value.
            let mut loaded = self
                .loaded
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if *loaded != now {
                self.reader.reload().map_err(Error::from)?;
                *loaded = now;
            }
        }
        Ok(Engine::with_searcher(
            Arc::clone(&self.open),
            self.reader.searcher(),
        ))
    }
}

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(Stamp {
        size: metadata.len(),
        modified: metadata.modified().ok(),
    })
}

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
use crate::error::{Error, Result};
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
}

impl SharedIndex {
    /// Open the index in `dir` (it must exist: a server does not build one).
    pub fn open(dir: &Path) -> Result<SharedIndex> {
        let open = index::open(dir)?;
        let reader = open.reader()?;
        Ok(SharedIndex {
            dir: dir.to_path_buf(),
            loaded: Mutex::new(stamp(dir)),
            open: Arc::new(open),
            reader,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// An engine on the last commit: reloads the reader first when the index
    /// was committed to since the previous request.
    pub fn engine(&self) -> Result<Engine> {
        let now = stamp(&self.dir);
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

fn stamp(dir: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(dir.join(TANTIVY_META)).ok()?;
    Some(Stamp {
        size: metadata.len(),
        modified: metadata.modified().ok(),
    })
}

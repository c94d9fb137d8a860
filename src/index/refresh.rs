//! The one refresh rule for every reading command: build the index when
//! there is none, bring it up to date when the corpus folder changed since it
//! was indexed (one `stat` per corpus folder, see `meta::CorpusState`), and
//! otherwise leave it alone. Another process writing the index is not an
//! error: its last commit answers.

use super::build::{self, IndexRequest, IndexSummary};
use super::{lock, meta};
use crate::error::{Error, Result};
use crate::report::PARSER_VERSION;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What the refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// The index was complete and current (or another process just finished building it).
    Fresh,
    /// This run built or updated it.
    Built(IndexSummary),
    /// Another process is updating it; the last commit answers.
    Busy,
}

/// What the refresh is about to do, for a note on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// Another process is building the first index; waiting for its commit.
    Waiting { index: &'a Path },
    /// There is no index yet: building it from the corpus.
    Building { index: &'a Path, corpus: &'a Path },
    /// An older visidex built the index: rebuilding it with this one's rules.
    Outdated { index: &'a Path },
    /// The corpus changed: updating the index first.
    Updating { corpus: &'a Path },
    /// `done` of `total` reports read.
    Progress { done: usize, total: usize },
}

/// How long a reader waits for another process's first build of the index.
const BUILD_WAIT: Duration = Duration::from_secs(600);

/// Make the index in `index_dir` answer for `corpus`.
pub fn refresh(index_dir: &Path, corpus: &Path, on_event: &dyn Fn(Event)) -> Result<Refresh> {
    // `visidex.json` is written last by every index run: without it there is
    // no complete index yet (none at all, or a first run still going or killed).
    if !index_dir.join(meta::META_FILE).is_file() {
        if lock::is_busy(index_dir) {
            on_event(Event::Waiting { index: index_dir });
            lock::wait_until_free(index_dir, BUILD_WAIT);
            if index_dir.join(meta::META_FILE).is_file() {
                return Ok(Refresh::Fresh);
            }
        }
        // Say what is missing before creating anything (no index folder, no lock).
        if !corpus.is_dir() {
            return Err(build::no_corpus(corpus));
        }
        on_event(Event::Building {
            index: index_dir,
            corpus,
        });
        return build_now(index_dir, corpus, on_event).map(Refresh::Built);
    }
    // An index an older visidex wrote (another schema, or reports read by an
    // older parser) is derived data: rebuild it rather than refuse or answer
    // with what the old rules made of the reports. `visidex.json` is read
    // once on the usual path; its schema is looked at again only when it is
    // not this visidex's.
    let meta = match super::read_meta(index_dir) {
        Ok(meta) => meta,
        Err(refused) => {
            if super::older_schema(index_dir, corpus).is_none() || !corpus.is_dir() {
                return Err(refused);
            }
            on_event(Event::Outdated { index: index_dir });
            return match build_now(index_dir, corpus, on_event) {
                Ok(summary) => Ok(Refresh::Built(summary)),
                // Another process is writing it (most likely this same
                // rebuild): wait for it, then it is current — or refused.
                Err(Error::Busy { .. }) => {
                    on_event(Event::Waiting { index: index_dir });
                    lock::wait_until_free(index_dir, BUILD_WAIT);
                    super::read_meta(index_dir).map(|_| Refresh::Fresh)
                }
                Err(error) => Err(error),
            };
        }
    };
    let of_this_corpus = |state: &meta::CorpusState| state.path == corpus.display().to_string();
    // Reports an older parser read are read again; a newer parser's are kept.
    if meta.parser_version < PARSER_VERSION && meta.corpus.as_ref().is_some_and(of_this_corpus) {
        on_event(Event::Outdated { index: index_dir });
        return update(index_dir, corpus, on_event);
    }
    let stale = meta
        .corpus
        .as_ref()
        .is_some_and(|state| of_this_corpus(state) && !state.is_current());
    if !stale {
        return Ok(Refresh::Fresh);
    }
    on_event(Event::Updating { corpus });
    update(index_dir, corpus, on_event)
}

/// Whether [`refresh`] would leave the index alone: it is complete, this
/// visidex's, and the corpus folder looks as when it was indexed (one `stat`
/// per folder). A long-running reader (`visidex serve`) asks this cheaply
/// before it decides to refresh.
pub fn is_current(index_dir: &Path, corpus: &Path) -> bool {
    super::read_meta(index_dir).is_ok_and(|meta| {
        meta.parser_version >= PARSER_VERSION
            && meta.corpus.is_none_or(|state| {
                state.path != corpus.display().to_string() || state.is_current()
            })
    })
}

/// Update a readable index; while another process writes it, its last commit answers.
fn update(index_dir: &Path, corpus: &Path, on_event: &dyn Fn(Event)) -> Result<Refresh> {
    match build_now(index_dir, corpus, on_event) {
        Ok(summary) => Ok(Refresh::Built(summary)),
        Err(Error::Busy { .. }) => Ok(Refresh::Busy),
        Err(error) => Err(error),
    }
}

fn build_now(index_dir: &Path, corpus: &Path, on_event: &dyn Fn(Event)) -> Result<IndexSummary> {
    let request = IndexRequest {
        index_dir: PathBuf::from(index_dir),
        corpus: PathBuf::from(corpus),
        paths: Vec::new(),
        rebuild: false,
    };
    build::run(&request, &|done, total| {
        on_event(Event::Progress { done, total })
    })
}

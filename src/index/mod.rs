//! The index folder: the tantivy index of paragraph documents (`schema`),
//! visidex's own bookkeeping beside it (`meta`), and the incremental build
//! (`build`). Opening goes through here so that the schema version is checked
//! and the Dutch tokenizer registered every time (tantivy does not store it).

pub mod analyse;
pub mod build;
pub mod guard;
pub mod lock;
pub mod meta;
pub mod refresh;
pub mod replay;

pub use refresh::{refresh, Refresh};
pub mod schema;

use crate::error::{Error, Result};
use meta::{IndexMeta, META_FILE};
use schema::{Fields, SCHEMA_VERSION};
use std::path::Path;
use tantivy::{Index, IndexReader, ReloadPolicy};

/// An opened index with its resolved fields and bookkeeping.
pub struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    pub meta: IndexMeta,
    /// How many threads a search runs on ([`search_threads`]).
    threads: usize,
    /// Their pool, made on first use: a command that only looks one
    /// paragraph up (`show`) never pays for starting threads.
    executor: std::sync::OnceLock<tantivy::Executor>,
}

/// Register the tokenizers a visidex index names (tantivy does not store
/// them): the analysed fields' `replay`, and the Dutch analyzer that indexes
/// of schema 6 and older name.
pub(crate) fn register_tokenizers(index: &Index) {
    crate::analysis::register_tokenizers(index);
    index.tokenizers().register(
        replay::TOKENIZER,
        tantivy::tokenizer::TextAnalyzer::from(replay::TokenReplay::default()),
    );
}

/// Whether `dir` holds an index (tantivy's and visidex's metadata).
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file() || dir.join(META_FILE).is_file()
}

/// The schema version of an index an older visidex built from the whole
/// corpus folder `corpus`; `None` when the index is of this version or newer,
/// absent, unreadable (opening it says which), or was built from other files
/// (named paths, another corpus folder: rebuilding it from `corpus` would drop
/// reports, so it is refused with the `--rebuild` advice instead). Such an
/// index is derived from `corpus` alone, so it is rebuilt rather than
/// refused: `index` and every reading command do that once.
pub fn older_schema(dir: &Path, corpus: &Path) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct Folder {
        path: String,
    }
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: u32,
        #[serde(default)]
        corpus: Option<Folder>,
    }
    let version: Version = meta::read_json(&dir.join(META_FILE)).ok()??;
    let of_this_corpus = version
        .corpus
        .is_some_and(|folder| folder.path == corpus.display().to_string());
    (version.schema_version < SCHEMA_VERSION && of_this_corpus).then_some(version.schema_version)
}

/// The bookkeeping file of an index, checked for its schema version.
pub fn read_meta(dir: &Path) -> Result<IndexMeta> {
    let path = dir.join(META_FILE);
    let meta: IndexMeta = meta::read_json(&path)?.ok_or_else(|| {
        if dir.join("meta.json").is_file() {
            wrong_version(dir, None)
        } else {
            missing(dir)
        }
    })?;
    if meta.schema_version != SCHEMA_VERSION {
        return Err(wrong_version(dir, Some(meta.schema_version)));
    }
    Ok(meta)
}

/// The files the index could not read when they were last tried and that
/// are still there: what every reading command warns of (the exit-code rule).
pub fn unreadable_reports(dir: &Path) -> Result<Vec<build::Failure>> {
    let Some(meta) = meta::read_json::<IndexMeta>(&dir.join(META_FILE))? else {
        return Ok(Vec::new());
    };
    Ok(meta
        .failed
        .into_iter()
        .filter(|failure| Path::new(&failure.path).symlink_metadata().is_ok())
        .collect())
}

/// Open an existing index for searching.
pub fn open(dir: &Path) -> Result<OpenIndex> {
    let meta = read_meta(dir)?;
    let index = Index::open_in_dir(dir).map_err(|error| {
        Error::Index(format!("{}: cannot open the index: {error}", dir.display()))
    })?;
    register_tokenizers(&index);
    let fields = Fields::of(&index.schema()).map_err(|_| wrong_version(dir, None))?;
    Ok(OpenIndex {
        index,
        fields,
        meta,
        // A bad `VISIDEX_SEARCH_THREADS` is refused when the CLI starts
        // (`cli::run`); here it means the default.
        threads: search_threads().unwrap_or_else(|_| default_search_threads()),
        executor: std::sync::OnceLock::new(),
    })
}

impl OpenIndex {
    /// A reader on the last commit (no background reloading: one process, one query).
    pub fn reader(&self) -> Result<IndexReader> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    }

    /// The search threads (made on first use): a search walks its segments
    /// on them, and reads a page's hits; `mentions` counts its segments on
    /// them. Without threads to be had, the calling thread alone.
    pub fn executor(&self) -> &tantivy::Executor {
        self.executor.get_or_init(|| {
            if self.threads > 1 {
                tantivy::Executor::multi_thread(self.threads, "visidex-search-")
                    .unwrap_or_else(|_| tantivy::Executor::single_thread())
            } else {
                tantivy::Executor::single_thread()
            }
        })
    }
}

/// The environment variable that sets how many threads a search uses.
pub const SEARCH_THREADS_VAR: &str = "VISIDEX_SEARCH_THREADS";

/// Most search threads by default: a search walks a handful of segments.
const SEARCH_THREADS_MOST: usize = 4;

/// How many threads a search runs on: `VISIDEX_SEARCH_THREADS` (1: the
/// calling thread only), else the machine's cores up to
/// `SEARCH_THREADS_MOST`. Results do not depend on it (each segment is
/// walked on its own; `search::topk`). Measured at 10,000 bench reports on
/// 2 cores (`scripts/bench --sizes 10000 --search-only --runs 11`, whole
/// processes against the single-threaded binary): two words 33.6 → 21.4 ms,
/// a frequent word 11.6 → 10.2 ms, a rare word 9.5 → 8.8 ms,
/// `mentions --count` 22.3 → 15.0 ms; about 1.2× the CPU.
pub fn search_threads() -> Result<usize> {
    match std::env::var(SEARCH_THREADS_VAR) {
        Ok(value) => match value.trim().parse::<usize>() {
            Ok(threads) if threads >= 1 => Ok(threads),
            _ => Err(Error::Usage(format!(
                "{SEARCH_THREADS_VAR}={value:?}: expected a whole number of threads, 1 or more"
            ))),
        },
        Err(_) => Ok(default_search_threads()),
    }
}

/// The machine's cores, up to `SEARCH_THREADS_MOST`.
fn default_search_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |cores| cores.get())
        .min(SEARCH_THREADS_MOST)
}

impl OpenIndex {
    /// The same index searched on `threads` threads (`visidex serve`: its
    /// requests run side by side already, each on the calling thread).
    pub fn with_search_threads(mut self, threads: usize) -> OpenIndex {
        self.threads = threads.max(1);
        self.executor = std::sync::OnceLock::new();
        self
    }
}

pub fn missing(dir: &Path) -> Error {
    Error::Index(format!(
        "no index in {}; build it with `visidex index` (or just run `visidex search`)",
        dir.display()
    ))
}

fn wrong_version(dir: &Path, found: Option<u32>) -> Error {
    let found = found
        .map(|version| format!("schema version {version}"))
        .unwrap_or_else(|| "an unknown schema version".to_string());
    Error::Index(format!(
        "{}: the index was built with {found}, this visidex uses schema version {SCHEMA_VERSION}; rebuild it with `visidex index --rebuild`",
        dir.display()
    ))
}

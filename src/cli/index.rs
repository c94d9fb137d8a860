//! `visidex index [PATH...] [--rebuild]`, and the index refresh that
//! `search` runs first when the index is missing or the corpus has changed.

use super::{note, report_error, write_stdout, GlobalArgs};
use crate::error::{Error, Result};
use crate::index::build::{self, IndexRequest, IndexSummary};
use crate::output::{human, json};
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Args)]
pub struct IndexArgs {
    /// Report files or folders to index (default: the corpus folder, which
    /// also drops reports whose file is gone).
    pub paths: Vec<PathBuf>,
    /// Throw the index away and build it afresh.
    #[arg(long)]
    pub rebuild: bool,
    /// Skip the concept-search embedding step (lexical index only).
    #[arg(long)]
    pub no_embed: bool,
}

pub fn run(global: &GlobalArgs, args: &IndexArgs) -> Result<u8> {
    let summary = index_with(global, args.paths.clone(), args.rebuild, !args.no_embed)?;
    if global.json {
        write_stdout(&json::to_json(&json::IndexJson::new(&summary))?)?;
    } else {
        note(&human::index_summary(&summary));
    }
    Ok(if summary.failed.is_empty() { 0 } else { 1 })
}

/// Run an index build, telling stderr about notes, failures and (on a
/// terminal, for runs that take a while) progress.
pub fn index(global: &GlobalArgs, paths: Vec<PathBuf>, rebuild: bool) -> Result<IndexSummary> {
    index_with(global, paths, rebuild, true)
}

/// [`index`], then (with `embed` and the model installed) the embedding step.
pub fn index_with(
    global: &GlobalArgs,
    paths: Vec<PathBuf>,
    rebuild: bool,
    embed: bool,
) -> Result<IndexSummary> {
    let summary = index_lexical(global, paths, rebuild)?;
    if embed {
        super::concepts::embed_after_commit(global)?;
    }
    Ok(summary)
}

fn index_lexical(global: &GlobalArgs, paths: Vec<PathBuf>, rebuild: bool) -> Result<IndexSummary> {
    let request = IndexRequest {
        index_dir: global.index.clone(),
        corpus: global.corpus.clone(),
        paths,
        rebuild,
    };
    let progress = ProgressLine::new();
    let summary = build::run(&request, &|done, total| progress.update(done, total))?;
    progress.finish();
    for message in &summary.notes {
        note(message);
    }
    for failure in &summary.failed {
        report_error(&Error::Index(format!(
            "{}: {}",
            failure.path, failure.error
        )));
    }
    Ok(summary)
}

/// `indexing 120/1000 reports` on stderr, redrawn in place; only on a
/// terminal and only once the run has taken more than a moment.
pub(super) struct ProgressLine {
    enabled: bool,
    started: Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl ProgressLine {
    const AFTER: Duration = Duration::from_millis(500);

    pub(super) fn new() -> ProgressLine {
        ProgressLine {
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn update(&self, done: usize, total: usize) {
        self.update_with("indexing", "reports", done, total);
    }

    pub(super) fn update_with(&self, what: &str, unit: &str, done: usize, total: usize) {
        if !self.enabled || self.started.elapsed() < Self::AFTER {
            return;
        }
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\rvisidex: {what} {done}/{total} {unit}");
        let _ = stderr.flush();
        self.shown.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub(super) fn finish(&self) {
        if self.shown.load(std::sync::atomic::Ordering::Relaxed) {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[K");
            let _ = stderr.flush();
        }
    }
}

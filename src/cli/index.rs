//! `visidex index [PATH...] [--rebuild]`, and the stderr side of an index
//! run (notes, failures, progress) that the refresh of the reading commands
//! shares.

use super::{note, report_error, write_stdout, Context};
use crate::error::{Error, Result};
use crate::index::build::{self, IndexRequest, IndexSummary};
use crate::output::{format::unsupported, json, Format};
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

pub fn run(context: &Context, args: &IndexArgs) -> Result<u8> {
    match context.format {
        Format::Csv(_) => return Err(unsupported("index", "--csv")),
        Format::JsonLines => return Err(unsupported("index", "--jsonl")),
        Format::Human(_) | Format::Json => {}
    }
    let request = IndexRequest {
        index_dir: context.index.clone(),
        corpus: context.corpus.clone(),
        paths: args.paths.clone(),
        rebuild: args.rebuild,
    };
    let progress = ProgressLine::new();
    let summary = build::run(&request, &|done, total| progress.update(done, total))?;
    progress.finish();
    report_summary(&summary);
    // After the commit, with the writer lock released.
    if !args.no_embed {
        super::concepts::embed_after_commit(context)?;
    }
    if context.format == Format::Json {
        write_stdout(&json::document(&json::IndexJson::new(&summary))?)?;
    } else {
        note(&crate::output::human::index_summary(&summary));
    }
    Ok(if summary.failed.is_empty() { 0 } else { 1 })
}

/// The run's notes and failures, on stderr.
pub(super) fn report_summary(summary: &IndexSummary) {
    for message in &summary.notes {
        note(message);
    }
    for message in &summary.warnings {
        super::warn(message);
    }
    for failure in &summary.failed {
        report_error(&Error::Index(format!(
            "{}: {}",
            failure.path, failure.error
        )));
    }
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

    pub(super) fn update(&self, done: usize, total: usize) {
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

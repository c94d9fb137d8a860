//! Bring the paragraph vectors up to date with the index: after the lexical
//! commit (and after the writer lock is released, so searches and other
//! commands go on meanwhile — lexically for paragraphs not yet embedded),
//! embed what changed, one report file at a time, on every core.
//!
//! A report whose vector file carries its current fingerprint (and this
//! encoder's name) is skipped without reading it; for a changed report, each
//! paragraph whose embedded text hashes to a key some vector file already
//! has (its report's old file, or another report sharing the paragraph)
//! keeps that vector. Each report's file is written atomically as soon as it is done, so
//! an interrupted run keeps every finished report and redoes only the rest.

use super::store::{self, Entry, ReportVectors};
use crate::embed::Encoder;
use crate::error::Result;
use crate::index::meta::{self, ReportsMeta, REPORTS_FILE};
use crate::model::heading_path;
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Term};

/// What a refresh did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmbedSummary {
    /// Paragraphs embedded by this run.
    pub embedded: usize,
    /// Paragraphs of changed reports whose vector was kept (same text).
    pub reused: usize,
    /// Reports whose vectors were already current.
    pub unchanged_reports: usize,
    /// Vector files dropped (their report is no longer indexed).
    pub removed: usize,
    pub elapsed_ms: u64,
}

/// The text a paragraph is embedded as: its heading path, then its text.
pub fn embedded_text(chapter: &str, section: &[String], text: &str) -> String {
    let path = heading_path(chapter, section);
    if path.is_empty() {
        text.to_string()
    } else {
        format!("{path}: {text}")
    }
}

/// Whether a refresh would change anything: some indexed report lacks a
/// current vector file of `model`, or a file belongs to no indexed report.
/// Reads only the files' headers, so an up-to-date index costs no model load.
pub fn needs_refresh(index_dir: &Path, model: &str, dim: usize) -> Result<bool> {
    let reports: ReportsMeta = meta::read_json(&index_dir.join(REPORTS_FILE))?.unwrap_or_default();
    let mut current = 0;
    for path in store::files(index_dir) {
        let Some(header) = store::read_header(&path) else {
            return Ok(true);
        };
        let fresh = reports
            .reports
            .get(&header.report)
            .is_some_and(|report| report.fingerprint == header.fingerprint)
            && header.model == model
            && header.dim == dim
            && store::path_for(index_dir, &header.report) == path;
        if !fresh {
            return Ok(true);
        }
        current += 1;
    }
    Ok(current != reports.reports.len())
}

/// A report whose vectors must be (re)written.
struct Job {
    report: String,
    fingerprint: String,
    /// (paragraph number, key, text to embed)
    paragraphs: Vec<(u32, store::Key, String)>,
}

/// Embed what is missing. `progress(done, total)` counts paragraphs to embed.
pub fn refresh(
    index_dir: &Path,
    encoder: &dyn Encoder,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<EmbedSummary> {
    let started = Instant::now();
    let mut summary = EmbedSummary::default();
    let reports: ReportsMeta = meta::read_json(&index_dir.join(REPORTS_FILE))?.unwrap_or_default();
    let engine = crate::search::Engine::open(index_dir)?;
    let (searcher, fields) = (engine.searcher(), *engine.fields());

    let mut jobs = Vec::new();
    for (id, indexed) in &reports.reports {
        let current = store::read_header(&store::path_for(index_dir, id)).is_some_and(|old| {
            old.model == encoder.name()
                && old.dim == encoder.dim()
                && old.fingerprint == indexed.fingerprint
                && old.report == *id
        });
        if current {
            summary.unchanged_reports += 1;
            continue;
        }
        let query = TermQuery::new(
            Term::from_field_text(fields.report, id),
            IndexRecordOption::Basic,
        );
        let mut addresses: Vec<_> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        let mut paragraphs = Vec::with_capacity(addresses.len());
        for address in addresses {
            let (record, text) = engine.stored(address)?;
            let embedded = embedded_text(&record.chapter, &record.section, &text);
            paragraphs.push((record.n, store::key(encoder.name(), &embedded), embedded));
        }
        paragraphs.sort_by_key(|(n, _, _)| *n);
        jobs.push(Job {
            report: id.clone(),
            fingerprint: indexed.fingerprint.clone(),
            paragraphs,
        });
    }
    // Vectors to reuse, by key, from every vector file of this model (a
    // changed report's old file, and paragraphs shared with other reports).
    let mut old: FxHashMap<store::Key, Entry> = FxHashMap::default();
    if !jobs.is_empty() {
        for path in store::files(index_dir) {
            let Some(vectors) = store::read(&path) else {
                continue;
            };
            if vectors.model == encoder.name() && vectors.dim == encoder.dim() {
                old.extend(vectors.entries.into_iter().map(|entry| (entry.key, entry)));
            }
        }
    }

    let total: usize = jobs
        .iter()
        .map(|job| {
            job.paragraphs
                .iter()
                .filter(|(_, key, _)| !old.contains_key(key))
                .count()
        })
        .sum();
    let done = AtomicUsize::new(0);
    for job in jobs {
        let mut entries: Vec<Option<Entry>> = Vec::with_capacity(job.paragraphs.len());
        let mut missing = Vec::new();
        for (at, (n, key, _)) in job.paragraphs.iter().enumerate() {
            match old.get(key) {
                Some(entry) => entries.push(Some(Entry {
                    n: *n,
                    ..entry.clone()
                })),
                None => {
                    entries.push(None);
                    missing.push(at);
                }
            }
        }
        summary.reused += job.paragraphs.len() - missing.len();
        summary.embedded += missing.len();
        let vectors = embed_all(encoder, &job.paragraphs, &missing, threads, &|| {
            let now = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(now, total);
        })?;
        for (at, vector) in missing.iter().zip(vectors) {
            let (n, key, _) = &job.paragraphs[*at];
            entries[*at] = Some(Entry::quantise(*n, *key, &vector));
        }
        store::write(
            index_dir,
            &ReportVectors {
                model: encoder.name().to_string(),
                report: job.report,
                fingerprint: job.fingerprint,
                dim: encoder.dim(),
                entries: entries.into_iter().flatten().collect(),
            },
        )?;
    }

    // Files of reports that are no longer indexed (or unreadable) go.
    for path in store::files(index_dir) {
        let keep = store::read(&path).is_some_and(|vectors| {
            reports.reports.contains_key(&vectors.report)
                && store::path_for(index_dir, &vectors.report) == path
        });
        if !keep && std::fs::remove_file(&path).is_ok() {
            summary.removed += 1;
        }
    }
    summary.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(summary)
}

/// Embed `paragraphs[at]` for each `at` in `which`, on `threads` threads, in order.
fn embed_all(
    encoder: &dyn Encoder,
    paragraphs: &[(u32, store::Key, String)],
    which: &[usize],
    threads: usize,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<f32>>> {
    let next = AtomicUsize::new(0);
    let mut out: Vec<(usize, Vec<f32>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&at) = which.get(i) else { break };
                        match encoder.embed(&paragraphs[at].2) {
                            Ok(vector) => mine.push((i, vector)),
                            Err(error) => return Err(error),
                        }
                        tick();
                    }
                    Ok(mine)
                })
            })
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            match worker.join() {
                Ok(Ok(mine)) => all.extend(mine),
                Ok(Err(error)) => return Err(error),
                Err(_) => {} // a panicked worker: caught by the count check below
            }
        }
        Ok(all)
    })?;
    if out.len() != which.len() {
        return Err(crate::error::Error::Index(
            "an embedding thread failed; no vectors written for this report".into(),
        ));
    }
    out.sort_by_key(|(i, _)| *i);
    Ok(out.into_iter().map(|(_, vector)| vector).collect())
}

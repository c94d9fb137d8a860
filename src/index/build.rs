//! `visidex index`: bring the index up to date with report files, incrementally.
//!
//! Each report has a fingerprint (content SHA-256, parser version, taxonomy
//! text, sidecar text; see `meta::fingerprint`). A file whose size and mtime
//! (and its sidecar's) are as recorded, indexed with the same parser and
//! taxonomy, is not even read. A changed report is replaced: delete by its
//! report-id term, then add, so a report is never in the index twice — even
//! after a crash between the commit and the bookkeeping write. Indexing the
//! corpus folder also drops reports whose file is gone. One commit per run.
//!
//! Reports are read and parsed on worker threads (one per core), which feed
//! the (itself multi-threaded) tantivy writer directly.

use super::analyse;
use super::meta::{
    self, CorpusState, FileStamp, IndexMeta, IndexedReport, ReportsMeta, META_FILE, REPORTS_FILE,
};
use super::register_tokenizers;
use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::citation::ReportCitation;
use crate::corpus;
use crate::error::{Error, Result};
use crate::report::{self, PARSER_VERSION};
use crate::themes::Taxonomy;
use schema::ParagraphDocument;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;
use tantivy::schema::Term;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter};

/// What to index.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    pub index_dir: PathBuf,
    pub corpus: PathBuf,
    /// Files or folders; empty means the corpus folder (and dropping vanished reports).
    pub paths: Vec<PathBuf>,
    /// Start from an empty index.
    pub rebuild: bool,
}

/// What a run did (`--json` of `visidex index`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Paragraph documents in the index after the run.
    pub paragraphs: u64,
    pub elapsed_ms: u64,
    pub failed: Vec<Failure>,
    /// Odd but readable input (legacy encodings, …), `path: message`.
    pub notes: Vec<String>,
    /// Readable reports the index lacks something of (no city), `path: message`.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

/// A missing corpus folder, said with where visidex looked and how to point it elsewhere.
pub fn no_corpus(corpus: &Path) -> Error {
    let looked = std::path::absolute(corpus).unwrap_or_else(|_| corpus.to_path_buf());
    Error::Index(format!(
        "no corpus folder {} (looked for {}); give the folder of report files with --corpus DIR or VISIDEX_CORPUS, or name report files: visidex index FILE...",
        corpus.display(),
        looked.display()
    ))
}

/// Progress of the slow part (reading and parsing changed reports).
pub type Progress<'a> = &'a dyn Fn(usize, usize);

/// Index the requested reports. Per-report failures are in the summary; an
/// `Err` means nothing could be committed (no index folder, a busy or foreign index).
///
/// Three steps under one writer lock: [`plan`] (which files changed, from
/// the bookkeeping), [`write`] (read, parse and add them; drop vanished
/// reports; one commit) and [`record`] (the bookkeeping files, last).
pub fn run(request: &IndexRequest, progress: Progress) -> Result<IndexSummary> {
    let started = Instant::now();
    let dir = &request.index_dir;
    // Nothing is created (no index folder, no lock) before there is something to index.
    if request.paths.is_empty() && !request.corpus.is_dir() {
        return Err(no_corpus(&request.corpus));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::io(dir, source))?;
    // Robustness: one writer for the whole run, from clearing to bookkeeping.
    let _lock = super::lock::lock_for_writing(dir)?;
    let mut plan = plan(request)?;
    write(request, &mut plan, progress)?;
    record(dir, plan, started)
}

/// What a run will do, decided before anything is written.
struct Plan {
    index: Index,
    /// `visidex.json` as the previous run left it.
    previous_meta: Option<IndexMeta>,
    fields: Fields,
    taxonomy: Taxonomy,
    /// The bookkeeping being updated (empty for a rebuild).
    reports: ReportsMeta,
    /// A rebuild as one transaction: every document deleted in the commit
    /// that adds the new ones.
    rebuild_in_place: bool,
    whole_corpus: bool,
    /// The corpus folder's state, taken before listing it.
    corpus_state: Option<CorpusState>,
    /// The files to read: new or changed ones.
    jobs: Vec<Job>,
    /// Report ids of every file looked at (to drop the vanished ones).
    seen: BTreeSet<String>,
    /// Every file looked at, as given (for the failures kept in `visidex.json`).
    attempted: BTreeSet<String>,
    summary: IndexSummary,
}

/// Open (or create) the index and decide which files need reading: a file
/// whose stamps (and its sidecar's) are as recorded, with the same parser
/// and taxonomy, is not read.
fn plan(request: &IndexRequest) -> Result<Plan> {
    let dir = &request.index_dir;
    // Robustness: a rebuild of an index that still opens is one transaction
    // (all documents deleted in the commit that adds the new ones), so an
    // interrupted rebuild leaves the old index whole; only an index that no
    // longer opens (damaged, foreign) is cleared file by file first.
    // Only a whole-corpus run may rebuild an older index from the corpus.
    let older_schema = request
        .paths
        .is_empty()
        .then(|| super::older_schema(dir, &request.corpus))
        .flatten();
    let rebuild = request.rebuild || older_schema.is_some();
    let rebuild_in_place = rebuild && super::guard::guarded(dir, || super::open(dir)).is_ok();
    if rebuild && !rebuild_in_place {
        clear(dir)?;
    }
    let whole_corpus = request.paths.is_empty();
    // Taken before listing, so a change made during the run is seen next time.
    let corpus_state = if whole_corpus {
        Some(CorpusState::of(&request.corpus)?)
    } else {
        None
    };
    let (index, previous_meta) = open_or_create(dir)?;
    let fields = Fields::of(&index.schema())?;
    let taxonomy = Taxonomy::load_for_corpus(&request.corpus)?;
    let reports: ReportsMeta = if rebuild_in_place {
        ReportsMeta::default()
    } else {
        meta::read_json(&dir.join(REPORTS_FILE))?.unwrap_or_default()
    };
    let stamps_trusted = reports.taxonomy_sha256 == corpus::sha256_hex(taxonomy.source.as_bytes())
        && reports.parser_version == PARSER_VERSION;

    let mut summary = IndexSummary::default();
    if let Some(found) = older_schema {
        summary.notes.push(format!(
            "{}: built by an older visidex (schema version {found}); rebuilt for schema version {SCHEMA_VERSION}",
            dir.display()
        ));
    }
    let targets = targets(request, &mut summary)?;
    let attempted = targets.iter().map(|p| p.display().to_string()).collect();
    let mut jobs = Vec::new();
    let mut seen = BTreeSet::new();
    let mut first_path: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in targets {
        let id = corpus::report_id(&path);
        if let Some(first) = first_path.get(&id) {
            summary.failed.push(Failure {
                path: path.display().to_string(),
                error: format!(
                    "same report id `{id}` as {}; rename one of the files",
                    first.display()
                ),
            });
            continue;
        }
        first_path.insert(id.clone(), path.clone());
        seen.insert(id.clone());
        let stamps = match file_stamps(&path) {
            Ok(stamps) => stamps,
            Err(error) => {
                summary.failed.push(failure(&path, &error));
                continue;
            }
        };
        let unchanged = stamps_trusted
            && reports.reports.get(&id).is_some_and(|entry| {
                entry.path == path && (entry.file, entry.sidecar) == (stamps.0, stamps.1)
            });
        if unchanged {
            summary.unchanged += 1;
        } else {
            jobs.push(Job { id, path, stamps });
        }
    }
    Ok(Plan {
        index,
        previous_meta,
        fields,
        taxonomy,
        reports,
        rebuild_in_place,
        whole_corpus,
        corpus_state,
        jobs,
        seen,
        attempted,
        summary,
    })
}

/// Read, parse and add the planned files; for the corpus folder, delete the
/// reports whose file is gone; commit once.
fn write(request: &IndexRequest, plan: &mut Plan, progress: Progress) -> Result<()> {
    let dir = &request.index_dir;
    let mut writer: IndexWriter<ParagraphDocument> = writer(dir, &plan.index, plan.jobs.len())?;
    if plan.rebuild_in_place {
        writer.delete_all_documents()?;
    }
    let loaded = load_all(
        &plan.jobs,
        &writer,
        &plan.fields,
        &plan.taxonomy,
        &plan.reports,
        progress,
    );
    let (summary, reports) = (&mut plan.summary, &mut plan.reports);
    for outcome in loaded {
        match outcome {
            Outcome::Failed(failure) => summary.failed.push(failure),
            Outcome::Unchanged { id, entry, notes } => {
                summary.unchanged += 1;
                summary.notes.extend(notes.notes);
                summary.warnings.extend(notes.warnings);
                reports.reports.insert(id, entry);
            }
            Outcome::Indexed { id, entry, notes } => {
                if reports.reports.contains_key(&id) {
                    summary.updated += 1;
                } else {
                    summary.added += 1;
                }
                summary.notes.extend(notes.notes);
                summary.warnings.extend(notes.warnings);
                reports.reports.insert(id, entry);
            }
        }
    }
    if plan.whole_corpus {
        let vanished: Vec<String> = reports
            .reports
            .iter()
            .filter(|(id, entry)| {
                !plan.seen.contains(*id)
                    && (entry.path.starts_with(&request.corpus) || !entry.path.exists())
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in vanished {
            writer.delete_term(Term::from_field_text(plan.fields.report, &id));
            reports.reports.remove(&id);
            summary.removed += 1;
        }
    }
    writer.commit()?;
    writer
        .wait_merging_threads()
        .map_err(|error| Error::Index(format!("merging index segments: {error}")))?;
    Ok(())
}

/// After the commit: `reports.json`, then `visidex.json` (written last: its
/// presence means a complete index), and the summary.
fn record(dir: &Path, plan: Plan, started: Instant) -> Result<IndexSummary> {
    let Plan {
        mut reports,
        mut summary,
        taxonomy,
        previous_meta,
        corpus_state,
        attempted,
        whole_corpus,
        ..
    } = plan;
    reports.taxonomy_sha256 = corpus::sha256_hex(taxonomy.source.as_bytes());
    reports.parser_version = PARSER_VERSION;
    summary.paragraphs = reports
        .reports
        .values()
        .map(|entry| u64::from(entry.paragraphs))
        .sum();
    meta::write_json(&dir.join(REPORTS_FILE), &reports)?;
    summary.failed.sort_by(|a, b| a.path.cmp(&b.path));
    let index_meta = IndexMeta {
        schema_version: SCHEMA_VERSION,
        parser_version: PARSER_VERSION,
        reports: reports.reports.len(),
        paragraphs: summary.paragraphs,
        failed: still_failed(
            previous_meta.as_ref(),
            &summary.failed,
            &attempted,
            whole_corpus,
        ),
        corpus: corpus_state.or(previous_meta.and_then(|meta| meta.corpus)),
    };
    meta::write_json(&dir.join(META_FILE), &index_meta)?;
    summary.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(summary)
}

/// The files the index lacks after this run: this run's failures, and, for
/// a run on named files, the earlier ones it did not try again.
fn still_failed(
    previous: Option<&IndexMeta>,
    failed_now: &[Failure],
    attempted: &BTreeSet<String>,
    whole_corpus: bool,
) -> Vec<Failure> {
    let mut failed: Vec<Failure> = match (previous, whole_corpus) {
        (Some(previous), false) => previous
            .failed
            .iter()
            .filter(|failure| !attempted.contains(&failure.path))
            .filter(|failure| !failed_now.iter().any(|now| now.path == failure.path))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    failed.extend(failed_now.iter().cloned());
    failed.sort_by(|a, b| a.path.cmp(&b.path));
    failed
}

struct Job {
    id: String,
    path: PathBuf,
    stamps: (FileStamp, Option<FileStamp>),
}

enum Outcome {
    Failed(Failure),
    Unchanged {
        id: String,
        entry: IndexedReport,
        notes: Notes,
    },
    Indexed {
        id: String,
        entry: IndexedReport,
        notes: Notes,
    },
}

/// What a report's reading said, each line `path: message`.
struct Notes {
    notes: Vec<String>,
    warnings: Vec<String>,
}

/// Load, parse and add the jobs' reports on one worker thread per core.
fn load_all(
    jobs: &[Job],
    writer: &IndexWriter<ParagraphDocument>,
    fields: &Fields,
    taxonomy: &Taxonomy,
    reports: &ReportsMeta,
    progress: Progress,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, jobs.len().max(1));
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = load_one(job, writer, fields, taxonomy, reports);
                    if sender.send(outcome).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut outcomes = Vec::with_capacity(jobs.len());
        for outcome in receiver {
            outcomes.push(outcome);
            progress(outcomes.len(), jobs.len());
        }
        outcomes
    })
}

fn load_one(
    job: &Job,
    writer: &IndexWriter<ParagraphDocument>,
    fields: &Fields,
    taxonomy: &Taxonomy,
    reports: &ReportsMeta,
) -> Outcome {
    let loaded = match report::load_report(&job.path, taxonomy) {
        Ok(loaded) => loaded,
        Err(error) => return Outcome::Failed(failure(&job.path, &error)),
    };
    let of_path = |messages: &[String]| -> Vec<String> {
        messages
            .iter()
            .map(|message| format!("{}: {message}", job.path.display()))
            .collect()
    };
    let notes = Notes {
        notes: of_path(&loaded.notes),
        warnings: of_path(&loaded.warnings),
    };
    let parsed = loaded.parsed;
    let fingerprint = meta::fingerprint(
        &parsed.report.sha256,
        PARSER_VERSION,
        &taxonomy.source,
        loaded.sidecar_text.as_deref(),
    );
    let entry = IndexedReport {
        report: parsed.report.clone(),
        paragraphs: u32::try_from(parsed.paragraphs.len()).unwrap_or(u32::MAX),
        fingerprint,
        path: job.path.clone(),
        file: job.stamps.0,
        sidecar: job.stamps.1,
    };
    let same = reports
        .reports
        .get(&job.id)
        .is_some_and(|old| old.fingerprint == entry.fingerprint && old.path == entry.path);
    if same {
        return Outcome::Unchanged {
            id: job.id.clone(),
            entry,
            notes,
        };
    }
    let cited = ReportCitation::of(&parsed);
    writer.delete_term(Term::from_field_text(fields.report, &parsed.report.id));
    let tokens = analyse::report_tokens(&parsed.paragraphs);
    let mut documents = schema::DocumentBuilder::new(fields, &parsed.report, &cited);
    for (paragraph, tokens) in parsed.paragraphs.into_iter().zip(tokens) {
        if let Err(error) = writer.add_document(documents.document(paragraph, tokens)) {
            return Outcome::Failed(Failure {
                path: job.path.display().to_string(),
                error: format!("adding to the index: {error}"),
            });
        }
    }
    Outcome::Indexed {
        id: job.id.clone(),
        entry,
        notes,
    }
}

/// The report files to look at, in path order.
fn targets(request: &IndexRequest, summary: &mut IndexSummary) -> Result<Vec<PathBuf>> {
    let roots = if request.paths.is_empty() {
        vec![request.corpus.clone()]
    } else {
        request.paths.clone()
    };
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            let (found, errors) = corpus::list_reports(&root)?;
            files.extend(found);
            // Robustness: a listing error names its own file (a dangling or
            // looping symlink), not just the folder it was found in.
            summary
                .failed
                .extend(errors.iter().map(|error| match error {
                    Error::Io { path, .. } | Error::NotAReport { path, .. } => failure(path, error),
                    _ => Failure {
                        path: root.display().to_string(),
                        error: error.to_string(),
                    },
                }));
        } else if root.exists() {
            files.push(root); // named explicitly: indexed whatever its extension
        } else {
            summary.failed.push(Failure {
                path: root.display().to_string(),
                error: "no such file or folder".to_string(),
            });
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn file_stamps(path: &Path) -> Result<(FileStamp, Option<FileStamp>)> {
    let file = meta::stamp(path)?.ok_or_else(|| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "file vanished"),
        )
    })?;
    let sidecar = meta::stamp(&path.with_extension("toml"))?;
    Ok((file, sidecar))
}

fn failure(path: &Path, error: &Error) -> Failure {
    let message = error.to_string();
    // Errors about the file itself already start with its path.
    let prefix = format!("{}: ", path.display());
    Failure {
        path: path.display().to_string(),
        error: message
            .strip_prefix(&prefix)
            .map(str::to_string)
            .unwrap_or(message),
    }
}

/// Doc-store compression: zstd at a level that indexes fast enough; the
/// block size trades index size against the cost of fetching hits (a hit
/// decompresses its whole block). Level 6 compresses twice as fast as 9 for
/// a store 1.6% larger. Measured at 1,000 bench reports (index : corpus, CPU
/// of a 10-hit search): 64 KiB blocks 0.714; 96 KiB 0.692, +0.3 ms; 128 KiB
/// 0.674, +0.6 ms. Remeasured with today's stored record (issue 13): level 6
/// at 96 KiB 0.708, 112 KiB 0.700, 128 KiB 0.692 (a 10-hit search +0.4 ms
/// CPU over 96 KiB); level 3 at 128 KiB 0.715, level 7 at 96 KiB 0.704.
/// 128 KiB at level 6 was the smallest that kept the index under 0.70× the corpus.
/// Since the `source` and `place` fast fields took the report's and the
/// heading's parts out of the stored record (schema 6), the store is 10%
/// smaller and level 3 fits. Measured at 1,000 bench reports on a build
/// that left those parts out: index : corpus 0.663 at level 3 (0.665 at 4,
/// 0.660 at 5, 0.646 at 6), `index` CPU 9.7 s against 10.6 s at level 6
/// (11.4 s for schema 5 at level 6); schema 6 at level 3 is 0.660. The doc store was 16% of the CPU of indexing
/// 10,000 reports (`perf record`, its compressor threads).
const ZSTD_LEVEL: i32 = 3;
const DOCSTORE_BLOCK_BYTES: usize = 128 * 1024;

fn open_or_create(dir: &Path) -> Result<(Index, Option<IndexMeta>)> {
    if dir.join("meta.json").is_file() {
        if let Some(index) = interrupted_first_run(dir) {
            return Ok((index, None));
        }
        let opened = super::open(dir)?;
        return Ok((opened.index, Some(opened.meta)));
    }
    let settings = IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema::build_schema())
        .settings(settings)
        .create_in_dir(dir)
        .map_err(|error| {
            Error::Index(format!(
                "{}: cannot create the index: {error}",
                dir.display()
            ))
        })?;
    register_tokenizers(&index);
    Ok((index, None))
}

/// Robustness: `visidex.json` is written last, so an index folder with
/// tantivy's `meta.json` but without it is a first run that was interrupted
/// (killed) after creating the index. If its schema is exactly ours, carry on
/// with it: reports committed before the interruption are replaced, not
/// duplicated (each report is deleted by id before it is added).
fn interrupted_first_run(dir: &Path) -> Option<Index> {
    if dir.join(META_FILE).is_file() {
        return None;
    }
    let index = Index::open_in_dir(dir).ok()?;
    if index.schema() != schema::build_schema() {
        return None;
    }
    register_tokenizers(&index);
    Some(index)
}

/// One indexing thread per core, at most two (each makes its own segments,
/// so a handful of reports get one thread and one compact segment).
fn writer(dir: &Path, index: &Index, reports: usize) -> Result<IndexWriter<ParagraphDocument>> {
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, if reports < 8 { 1 } else { 2 });
    index
        .writer_with_num_threads(threads, threads * 32_000_000)
        .map_err(|error| match error {
            tantivy::TantivyError::LockFailure(..) => super::lock::busy(dir),
            other => Error::Tantivy(other),
        })
}

/// Remove the index's files, keeping anything that is not ours (the folder's README).
fn clear(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::io(dir, source))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_index_file(&name) {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(|source| Error::io(&path, source))?;
        }
    }
    Ok(())
}

/// Files tantivy or visidex write in the index folder.
fn is_index_file(name: &str) -> bool {
    let segment_file = name
        .split_once('.')
        .is_some_and(|(stem, _)| stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit()));
    segment_file
        || matches!(
            name,
            "meta.json" | ".managed.json" | META_FILE | REPORTS_FILE
        )
        || name.starts_with(".tantivy-")
        || name.ends_with(".json.tmp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_index_files_are_cleared() {
        assert!(is_index_file("meta.json"));
        assert!(is_index_file(".managed.json"));
        assert!(is_index_file("visidex.json"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.store"));
        assert!(is_index_file(".tantivy-writer.lock"));
        assert!(!is_index_file("README.md"));
        assert!(!is_index_file("notes.txt"));
    }
}

//! What visidex keeps beside the tantivy files, so that indexing is
//! incremental and searching can tell cheaply whether the corpus moved on.
//!
//! Two files, split by who needs them how often:
//! - `visidex.json` (small, read by every command): `schema_version`, counts,
//!   and the corpus folder's state — the modification times of the folder and
//!   its sub-folders and the taxonomy file's stamp. Adding, removing or
//!   renaming a report (and most editors' save-by-rename) changes a folder's
//!   mtime, so `search` notices with a handful of `stat` calls however large
//!   the corpus; an in-place edit that leaves the folder untouched is picked up
//!   by the next `visidex index`.
//! - `reports.json` (read by `index` and `reports`): one entry per indexed
//!   report with its `REPORT` record, paragraph count, fingerprint and file
//!   stamps (size + mtime, the shortcut that spares reading unchanged files).

use crate::error::{Error, Result};
use crate::model::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

pub const META_FILE: &str = "visidex.json";
pub const REPORTS_FILE: &str = "reports.json";

/// `visidex.json`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexMeta {
    pub schema_version: u32,
    /// The report parser's version (`report::PARSER_VERSION`) the index was
    /// built with; 0 in indexes written before it was recorded here.
    #[serde(default)]
    pub parser_version: u32,
    pub reports: usize,
    pub paragraphs: u64,
    /// Files the last runs could not read (not in the index), so that every
    /// reading command can warn of them while they are there.
    #[serde(default)]
    pub failed: Vec<super::build::Failure>,
    /// The corpus folder as last indexed whole; `None` if only explicit paths were.
    #[serde(default)]
    pub corpus: Option<CorpusState>,
}

/// The corpus folder's state when it was last indexed.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusState {
    /// The corpus folder as given (`--corpus`).
    pub path: String,
    /// Modification time (ns since the epoch) of the folder and each sub-folder.
    pub folders: BTreeMap<String, u64>,
    /// `themes.toml`'s stamp, `None` when absent.
    pub taxonomy: Option<FileStamp>,
}

/// Size and modification time of a file: the "unchanged" shortcut.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    pub mtime_ns: u64,
}

/// `reports.json`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportsMeta {
    /// SHA-256 of the taxonomy text and the parser version the entries were
    /// made with: when either differs, stamps alone cannot prove "unchanged".
    pub taxonomy_sha256: String,
    pub parser_version: u32,
    pub reports: BTreeMap<String, IndexedReport>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IndexedReport {
    pub report: Report,
    pub paragraphs: u32,
    /// See [`fingerprint`].
    pub fingerprint: String,
    /// The file the report was read from, as found.
    pub path: PathBuf,
    pub file: FileStamp,
    /// The sidecar's stamp, `None` when there is none.
    pub sidecar: Option<FileStamp>,
}

/// A report's fingerprint: whatever changes its documents changes this.
pub fn fingerprint(
    content_sha256: &str,
    parser_version: u32,
    taxonomy_text: &str,
    sidecar_text: Option<&str>,
) -> String {
    let input = format!(
        "visidex fingerprint\nschema {}\nparser {parser_version}\ncontent {content_sha256}\ntaxonomy {}\nsidecar {}\n",
        super::schema::SCHEMA_VERSION,
        crate::corpus::sha256_hex(taxonomy_text.as_bytes()),
        sidecar_text
            .map(|text| crate::corpus::sha256_hex(text.as_bytes()))
            .unwrap_or_else(|| "-".to_string()),
    );
    crate::corpus::sha256_hex(input.as_bytes())
}

/// The stamp of a file; `Ok(None)` when it does not exist.
pub fn stamp(path: &Path) -> Result<Option<FileStamp>> {
    match std::fs::metadata(path) {
        Ok(metadata) => Ok(Some(FileStamp {
            size: metadata.len(),
            mtime_ns: mtime_ns(&metadata),
        })),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::io(path, source)),
    }
}

pub fn mtime_ns(metadata: &std::fs::Metadata) -> u64 {
    metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map(|duration| u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

impl CorpusState {
    /// The current state of a corpus folder: its and its sub-folders' mtimes
    /// (dot-folders skipped, as `corpus::list_reports` skips them).
    pub fn of(corpus: &Path) -> Result<CorpusState> {
        let mut folders = BTreeMap::new();
        let mut pending = vec![corpus.to_path_buf()];
        while let Some(folder) = pending.pop() {
            let metadata = std::fs::metadata(&folder).map_err(|e| Error::io(&folder, e))?;
            folders.insert(folder.display().to_string(), mtime_ns(&metadata));
            let entries = std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))?;
            for entry in entries.flatten() {
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden && entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                    pending.push(entry.path());
                }
            }
            if folders.len() > 10_000 {
                break; // a runaway tree (symlink loop): the stamps are a hint only
            }
        }
        Ok(CorpusState {
            path: corpus.display().to_string(),
            folders,
            taxonomy: stamp(&corpus.join(crate::themes::TAXONOMY_FILE))?,
        })
    }

    /// Whether the folder still looks as recorded: one `stat` per recorded
    /// folder plus the taxonomy file, no listing.
    pub fn is_current(&self) -> bool {
        let folders_same = self.folders.iter().all(|(folder, mtime)| {
            std::fs::metadata(folder).is_ok_and(|metadata| mtime_ns(&metadata) == *mtime)
        });
        folders_same
            && stamp(&Path::new(&self.path).join(crate::themes::TAXONOMY_FILE))
                .is_ok_and(|now| now == self.taxonomy)
    }
}

/// Read a JSON file; `Ok(None)` when it does not exist.
pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Option<T>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::io(path, source)),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|error| {
        Error::Index(format!(
            "{}: damaged ({error}); rebuild with `visidex index --rebuild`",
            path.display()
        ))
    })
}

/// Write a JSON file atomically (temporary file, then rename).
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let json = serde_json::to_vec_pretty(value)
        .map_err(|error| Error::Index(format!("{}: {error}", path.display())))?;
    let temporary = path.with_extension("json.tmp");
    std::fs::write(&temporary, json).map_err(|source| Error::io(&temporary, source))?;
    std::fs::rename(&temporary, path).map_err(|source| Error::io(path, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_changes_with_each_input() {
        let base = fingerprint("abc", 1, "taxonomy", None);
        assert_eq!(base, fingerprint("abc", 1, "taxonomy", None));
        assert_ne!(base, fingerprint("abd", 1, "taxonomy", None));
        assert_ne!(base, fingerprint("abc", 2, "taxonomy", None));
        assert_ne!(base, fingerprint("abc", 1, "taxonomy2", None));
        assert_ne!(
            base,
            fingerprint("abc", 1, "taxonomy", Some("city = \"Gent\""))
        );
        assert_ne!(
            fingerprint("abc", 1, "taxonomy", Some("")),
            fingerprint("abc", 1, "taxonomy", None)
        );
    }

    #[test]
    fn corpus_state_notices_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let state = CorpusState::of(dir.path()).unwrap();
        assert!(state.is_current());
        // Folder mtimes have coarse resolution on some file systems: force a change.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("gent-2011.txt"), "x").unwrap();
        let now = CorpusState::of(dir.path()).unwrap();
        if now.folders != state.folders {
            assert!(!state.is_current());
        }
        std::fs::write(dir.path().join("themes.toml"), "").unwrap();
        assert!(!state.is_current());
    }
}

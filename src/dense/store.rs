//! The paragraph vectors, beside the tantivy index in `INDEX/vectors/`: one
//! file per report (so a changed report rewrites only its own file, and each
//! write is atomic: a temporary file renamed into place), stamped with the
//! encoder's name and the report's fingerprint. A file whose fingerprint is
//! not the indexed report's is stale: search skips it (those paragraphs are
//! lexical only) until the next `visidex index` refreshes it.
//!
//! Each entry keys its vector by a hash of the text that was embedded, so
//! a paragraph whose text and heading path are unchanged is never embedded
//! again, even when its report changed around it.
//!
//! Vectors are stored as 8-bit integers with one scale per vector (a quarter
//! of `f32`; the cosine changes by about 10⁻³, far below what reorders
//! rankings): 1,000 reports of 250 paragraphs are 130 MB, not 510.
//!
//! Layout, little-endian: `VXVEC01\n`, `dim: u32`, `count: u32`, the model
//! name, the report id and the fingerprint (each `u16` length + UTF-8), then
//! `count` entries of `n: u32`, `key: [u8; 16]`, `scale: f32`, `dim × i8`.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const FOLDER: &str = "vectors";
const MAGIC: &[u8; 8] = b"VXVEC01\n";

/// A hash of what was embedded (and by which model).
pub type Key = [u8; 16];

pub fn key(model: &str, text: &str) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(model.as_bytes());
    hasher.update([0]);
    hasher.update(text.as_bytes());
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// One paragraph's vector, quantised.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The paragraph's number in its report (`REPORT:N`).
    pub n: u32,
    pub key: Key,
    pub scale: f32,
    pub values: Vec<i8>,
}

impl Entry {
    pub fn quantise(n: u32, key: Key, vector: &[f32]) -> Entry {
        let max = vector.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let values = vector
            .iter()
            .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        Entry {
            n,
            key,
            scale,
            values,
        }
    }

    /// The dot product with a float query vector.
    pub fn dot(&self, query: &[f32]) -> f32 {
        let sum: f32 = self
            .values
            .iter()
            .zip(query)
            .map(|(&v, q)| v as f32 * q)
            .sum();
        sum * self.scale
    }
}

/// One report's vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportVectors {
    pub model: String,
    pub report: String,
    pub fingerprint: String,
    pub dim: usize,
    pub entries: Vec<Entry>,
}

/// The file of a report's vectors: named by a hash of the report id, so any
/// id makes a safe file name.
pub fn path_for(index_dir: &Path, report: &str) -> PathBuf {
    let digest = Sha256::digest(report.as_bytes());
    let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    index_dir.join(FOLDER).join(format!("{name}.vec"))
}

pub fn write(index_dir: &Path, vectors: &ReportVectors) -> Result<()> {
    let path = path_for(index_dir, &vectors.report);
    let folder = index_dir.join(FOLDER);
    std::fs::create_dir_all(&folder).map_err(|source| Error::io(&folder, source))?;
    let mut bytes = Vec::with_capacity(64 + vectors.entries.len() * (24 + vectors.dim));
    bytes.extend_from_slice(MAGIC);
    bytes.extend((vectors.dim as u32).to_le_bytes());
    bytes.extend((vectors.entries.len() as u32).to_le_bytes());
    for text in [&vectors.model, &vectors.report, &vectors.fingerprint] {
        let text = text.as_bytes();
        let length = u16::try_from(text.len())
            .map_err(|_| Error::Index(format!("vector file header too long: {}", text.len())))?;
        bytes.extend(length.to_le_bytes());
        bytes.extend_from_slice(text);
    }
    for entry in &vectors.entries {
        if entry.values.len() != vectors.dim {
            return Err(Error::Index(format!(
                "vector of {} values in a file of dimension {}",
                entry.values.len(),
                vectors.dim
            )));
        }
        bytes.extend(entry.n.to_le_bytes());
        bytes.extend_from_slice(&entry.key);
        bytes.extend(entry.scale.to_le_bytes());
        bytes.extend(entry.values.iter().map(|&v| v as u8));
    }
    let temporary = path.with_extension("vec.tmp");
    let mut file =
        std::fs::File::create(&temporary).map_err(|source| Error::io(&temporary, source))?;
    file.write_all(&bytes)
        .and_then(|_| file.sync_data())
        .map_err(|source| Error::io(&temporary, source))?;
    std::fs::rename(&temporary, &path).map_err(|source| Error::io(&path, source))
}

/// Read one file; `None` for a file that is not a complete vector file
/// (damaged files cost a re-embedding, never an error in search).
pub fn read(path: &Path) -> Option<ReportVectors> {
    let bytes = std::fs::read(path).ok()?;
    parse(&bytes)
}

/// The header of a file (model, report, fingerprint, dimension; no
/// entries), reading only its first few kilobytes.
pub fn read_header(path: &Path) -> Option<ReportVectors> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(8 + 8 + 3 * (2 + u16::MAX as u64))
        .read_to_end(&mut head)
        .ok()?;
    parse_header(&head).map(|(vectors, _, _)| vectors)
}

fn parse(bytes: &[u8]) -> Option<ReportVectors> {
    let (mut vectors, count, mut at) = parse_header(bytes)?;
    let dim = vectors.dim;
    let mut take = |length: usize| -> Option<&[u8]> {
        let slice = bytes.get(at..at.checked_add(length)?)?;
        at += length;
        Some(slice)
    };
    let u32_of = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let mut entries = Vec::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let n = u32_of(take(4)?);
        let mut key = [0u8; 16];
        key.copy_from_slice(take(16)?);
        let scale = f32::from_le_bytes(take(4)?.try_into().ok()?);
        let values = take(dim)?.iter().map(|&v| v as i8).collect();
        entries.push(Entry {
            n,
            key,
            scale,
            values,
        });
    }
    if at != bytes.len() {
        return None;
    }
    vectors.entries = entries;
    Some(vectors)
}

/// A whole file's header and its entries as raw bytes (`count` records of
/// [`entry_size`]`(dim)` bytes), without copying them; `None` when the
/// length does not match the header (a damaged or partly written file).
pub fn view(bytes: &[u8]) -> Option<(ReportVectors, usize, &[u8])> {
    let (vectors, count, at) = parse_header(bytes)?;
    let entries = bytes.get(at..)?;
    (count.checked_mul(entry_size(vectors.dim))? == entries.len())
        .then_some((vectors, count, entries))
}

/// The bytes of one entry: `n`, key, scale, `dim` values.
pub fn entry_size(dim: usize) -> usize {
    4 + 16 + 4 + dim
}

/// The header, the entry count and where the entries start.
fn parse_header(bytes: &[u8]) -> Option<(ReportVectors, usize, usize)> {
    let mut at = 0usize;
    let mut take = |length: usize| -> Option<&[u8]> {
        let slice = bytes.get(at..at.checked_add(length)?)?;
        at += length;
        Some(slice)
    };
    if take(8)? != MAGIC {
        return None;
    }
    let u32_of = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let dim = u32_of(take(4)?) as usize;
    let count = u32_of(take(4)?) as usize;
    let mut texts = Vec::new();
    for _ in 0..3 {
        let length = take(2)?;
        let length = u16::from_le_bytes([length[0], length[1]]) as usize;
        texts.push(String::from_utf8(take(length)?.to_vec()).ok()?);
    }
    let fingerprint = texts.pop()?;
    let report = texts.pop()?;
    let model = texts.pop()?;
    let vectors = ReportVectors {
        model,
        report,
        fingerprint,
        dim,
        entries: Vec::new(),
    };
    Some((vectors, count, at))
}

/// Every vector file in the index folder.
pub fn files(index_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(index_dir.join(FOLDER)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "vec"))
        .collect();
    paths.sort();
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ReportVectors {
        let vector: Vec<f32> = (0..8).map(|i| (i as f32 - 3.5) / 10.0).collect();
        ReportVectors {
            model: "m".into(),
            report: "gent-2011".into(),
            fingerprint: "abc".into(),
            dim: 8,
            entries: vec![
                Entry::quantise(1, key("m", "a"), &vector),
                Entry::quantise(2, key("m", "b"), &[0.0; 8]),
            ],
        }
    }

    #[test]
    fn round_trips_and_rejects_damaged_files() {
        let dir = tempfile::tempdir().unwrap();
        let vectors = sample();
        write(dir.path(), &vectors).unwrap();
        let path = path_for(dir.path(), "gent-2011");
        let header = read_header(&path).unwrap();
        assert_eq!(header.entries, Vec::new());
        assert_eq!(header.fingerprint, "abc");
        assert_eq!(read(&path), Some(vectors));
        assert_eq!(files(dir.path()), vec![path.clone()]);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 7, 20, bytes.len() - 1] {
            assert_eq!(parse(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(parse(&longer), None);
    }

    #[test]
    fn quantised_dot_products_stay_close() {
        let a: Vec<f32> = (0..512)
            .map(|i| ((i * 7 % 13) as f32 - 6.0) / 40.0)
            .collect();
        let b: Vec<f32> = (0..512)
            .map(|i| ((i * 5 % 11) as f32 - 5.0) / 30.0)
            .collect();
        let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        let entry = Entry::quantise(1, [0; 16], &a);
        assert!((entry.dot(&b) - exact).abs() < 0.01 * exact.abs().max(1.0));
        assert_ne!(key("m", "a"), key("m", "b"));
        assert_ne!(key("m", "a"), key("n", "a"));
    }
}

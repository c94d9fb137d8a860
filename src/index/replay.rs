//! How a paragraph's analysed tokens reach tantivy's writer: encoded into
//! one string per field, which the `visidex-tokens` tokenizer (the
//! tokenizer of the `text`, `heading`, `parts` and `context` fields) reads
//! back token by token.
//!
//! Why not tantivy's pre-tokenized strings: a `Document` hands each value
//! to the writer through `Value::as_value`, whose pre-tokenized leaf is an
//! owned `Box<PreTokenizedString>`, so every read of the value clones the
//! whole token list, one allocation per token. The inverted index clones it
//! twice more per field and the doc store once more for a stored field:
//! some 7% of the CPU of `visidex index` (`perf record` at 200 bench
//! reports) went into those copies and their frees. An encoded string is
//! read in place, into one reused `Token` (BENCHMARKS.md, session 13).
//!
//! The encoding, per token: the step from the previous token's position
//! (`zigzag`, doubled, plus 1 when a position length other than 1
//! follows), that position length if so, the text's length in bytes, the
//! text; numbers in ASCII bytes of six bits each (`push_number`; decimal
//! numbers written with `write!` cost as much as the copies they saved).
//! Offsets are left out: tantivy's writer indexes a token's text and
//! positions only. Text that does not follow the encoding ends the stream
//! (no panic): only `encode` writes these fields.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the replaying tokenizer is registered.
pub const TOKENIZER: &str = "visidex-tokens";

/// `tokens` encoded for a field tokenized by [`TokenReplay`].
pub fn encode(tokens: &[Token]) -> String {
    let bytes: usize = tokens.iter().map(|token| token.text.len() + 3).sum();
    let mut out = String::with_capacity(bytes);
    let mut previous = 0usize;
    for token in tokens {
        let step = zigzag(token.position, previous);
        previous = token.position;
        if token.position_length == 1 {
            push_number(&mut out, step << 1);
        } else {
            push_number(&mut out, (step << 1) | 1);
            push_number(&mut out, token.position_length);
        }
        push_number(&mut out, token.text.len());
        out.push_str(&token.text);
    }
    out
}

/// The step from `previous` to `position`, signed, as an unsigned number:
/// 0, −1, 1, −2, 2 … → 0, 1, 2, 3, 4 …
fn zigzag(position: usize, previous: usize) -> usize {
    if position >= previous {
        (position - previous) << 1
    } else {
        ((previous - position) << 1) - 1
    }
}

/// The position `step` (`zigzag`) leads to from `previous`; `None` out of range.
fn unzigzag(step: usize, previous: usize) -> Option<usize> {
    if step & 1 == 0 {
        previous.checked_add(step >> 1)
    } else {
        previous.checked_sub((step >> 1) + 1)
    }
}

/// `n` in groups of six bits, low group first, each an ASCII byte with
/// `MORE` set when another group follows: one byte below 64, so a token
/// usually costs three bytes besides its text, and the string stays UTF-8.
fn push_number(out: &mut String, n: usize) {
    let mut rest = n;
    while rest >= MORE {
        out.push(char::from((rest & GROUP) as u8 | MORE as u8));
        rest >>= 6;
    }
    out.push(char::from(rest as u8));
}

/// The bit of an encoded byte that says another group follows.
const MORE: usize = 0x40;
/// The data bits of an encoded byte.
const GROUP: usize = 0x3f;

/// The tokenizer that reads back what [`encode`] wrote.
#[derive(Clone, Default)]
pub struct TokenReplay {
    token: Token,
}

/// The tokens of one encoded field value.
pub struct ReplayStream<'a> {
    rest: &'a str,
    position: usize,
    token: &'a mut Token,
}

impl Tokenizer for TokenReplay {
    type TokenStream<'a> = ReplayStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReplayStream<'a> {
        self.token.reset();
        ReplayStream {
            rest: text,
            position: 0,
            token: &mut self.token,
        }
    }
}

impl ReplayStream<'_> {
    /// The number at the start of the rest (`push_number`).
    fn number(&mut self) -> Option<usize> {
        let bytes = self.rest.as_bytes();
        let mut number = 0usize;
        let mut shift = 0u32;
        for (at, &byte) in bytes.iter().enumerate() {
            if byte >= 0x80 || shift >= usize::BITS {
                return None;
            }
            number |= (usize::from(byte) & GROUP).checked_shl(shift)?;
            if usize::from(byte) & MORE == 0 {
                self.rest = &self.rest[at + 1..];
                return Some(number);
            }
            shift += 6;
        }
        None
    }

    fn read(&mut self) -> Option<()> {
        let step = self.number()?;
        let position = unzigzag(step >> 1, self.position)?;
        let position_length = if step & 1 == 1 { self.number()? } else { 1 };
        let bytes = self.number()?;
        let text = self.rest.get(..bytes)?;
        self.rest = &self.rest[bytes..];
        self.position = position;
        self.token.position = position;
        self.token.position_length = position_length;
        self.token.text.clear();
        self.token.text.push_str(text);
        Some(())
    }
}

impl TokenStream for ReplayStream<'_> {
    fn advance(&mut self) -> bool {
        if self.rest.is_empty() {
            return false;
        }
        if self.read().is_none() {
            self.rest = "";
            return false;
        }
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn replayed(encoded: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = TokenReplay::default();
        let mut stream = tokenizer.token_stream(encoded);
        let mut got = Vec::new();
        while stream.advance() {
            let token = stream.token();
            got.push((token.text.clone(), token.position, token.position_length));
        }
        got
    }

    fn token(text: &str, position: usize, position_length: usize) -> Token {
        Token {
            offset_from: 0,
            offset_to: 0,
            position,
            text: text.to_string(),
            position_length,
        }
    }

    #[test]
    fn tokens_come_back_with_their_text_and_positions() {
        let tokens = [
            token("stad", 0, 1),
            token("", 1, 1),
            token("kind vriend", 3, 2),
            token("één 12 3 ", 70_000, 1),
        ];
        let expected: Vec<_> = tokens
            .iter()
            .map(|t| (t.text.clone(), t.position, t.position_length))
            .collect();
        assert_eq!(replayed(&encode(&tokens)), expected);
        assert!(replayed("").is_empty());
    }

    #[test]
    fn text_not_in_the_encoding_ends_the_stream() {
        let good = encode(&[token("stad", 4, 1)]);
        // Cut short, a length past the end, a length inside a character, a
        // number that does not end.
        for bad in ["\u{8}", "\u{8}\u{9}stad", "\u{8}\u{1}é", "\u{48}\u{48}"] {
            assert!(replayed(bad).is_empty(), "{bad:?}");
            let after = format!("{good}{bad}");
            assert_eq!(replayed(&after).len(), 1, "{after:?}");
        }
        // A step back before position 0.
        assert!(replayed("\u{2}\u{1}a").is_empty());
        assert_eq!(replayed(&format!("{good}\u{2}\u{1}a")).len(), 2);
    }

    proptest! {
        #[test]
        fn any_tokens_round_trip(
            tokens in proptest::collection::vec(("\\PC{0,12}", 0usize..100_000, 1usize..4), 0..20)
        ) {
            let tokens: Vec<Token> = tokens
                .iter()
                .map(|(text, position, length)| token(text, *position, *length))
                .collect();
            let expected: Vec<_> = tokens
                .iter()
                .map(|t| (t.text.clone(), t.position, t.position_length))
                .collect();
            prop_assert_eq!(replayed(&encode(&tokens)), expected);
        }
    }
}

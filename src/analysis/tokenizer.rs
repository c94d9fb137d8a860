//! The analyzer as a tantivy tokenizer. Tantivy does not store custom
//! tokenizers in the index: `register_tokenizers` must run after every
//! `Index::open_in_dir` / `Index::create_in_dir`, or queries and snippets
//! fail with `UnknownTokenizer`.

use super::{analyzer, TermRef};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the Dutch analyzer is registered.
pub const TOKENIZER: &str = "nl_stem";

/// Emits one token per non-stop word: text = stem, offsets = the word's bytes,
/// position = the word's position (stop words leave gaps, so phrases stay exact).
#[derive(Clone, Default)]
pub struct DutchTokenizer;

pub struct DutchTokenStream {
    tokens: std::vec::IntoIter<Token>,
    token: Token,
}

impl Tokenizer for DutchTokenizer {
    type TokenStream<'a> = DutchTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DutchTokenStream {
        DutchTokenStream {
            tokens: tokens(text).into_iter(),
            token: Token::default(),
        }
    }
}

/// The tokens of `text`, as the tokenizer emits them: for indexing a field
/// as text analysed once (see `index::analyse` and `index::replay`).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    analyzer().for_each_term(text, |term| {
        if !term.is_stop {
            tokens.push(token(&term));
        }
    });
    tokens
}

/// The token of one non-stop word.
pub fn token(term: &TermRef<'_>) -> Token {
    Token {
        offset_from: term.start,
        offset_to: term.end,
        position: term.position,
        text: term.stem.to_string(),
        position_length: 1,
    }
}

impl TokenStream for DutchTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.token = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Register the Dutch tokenizer(s) on an opened or created index.
pub fn register_tokenizers(index: &tantivy::Index) {
    index.tokenizers().register(
        TOKENIZER,
        tantivy::tokenizer::TextAnalyzer::from(DutchTokenizer),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_tokens(text: &str, expected: &[(&str, usize)]) {
        let mut tokenizer = DutchTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut got = Vec::new();
        while let Some(token) = stream.next() {
            got.push((token.text.clone(), token.position));
        }
        let expected: Vec<(String, usize)> =
            expected.iter().map(|(t, p)| (t.to_string(), *p)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn stop_words_leave_position_gaps() {
        assert_tokens("de kinderen van de stad", &[("kind", 1), ("stad", 4)]);
    }
}

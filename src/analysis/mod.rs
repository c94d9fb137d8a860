//! The one Dutch analyzer: how words are normalised for matching — for
//! indexing, querying, snippets and `mentions` alike. The report parser
//! restores text as printed; only this module decides when two words match.
//!
//! A text becomes [`Term`]s: UAX #29 words (`segment`), normalised (lower
//! case, accents folded, `’s` and syllable dots removed: `normalize`), then
//! stemmed with Snowball Dutch plus an override table (`stem`). Stop words are
//! flagged, not dropped, so callers keep positions and offsets.
//! `tokenizer` adapts this to tantivy; register it on every index open.

mod decompound;
mod fold;
mod normalize;
mod segment;
mod stem;
mod tokenizer;

pub use decompound::Decompounder;
pub use fold::{fold_char, fold_str};
pub use normalize::normalize;
pub use segment::{words, Word};
pub use stem::{DutchStemmer, STOP_WORDS};
pub use tokenizer::{register_tokenizers, DutchTokenizer, TOKENIZER};

use std::sync::OnceLock;

/// One analysed word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Byte range of the word in the analysed text.
    pub start: usize,
    pub end: usize,
    /// 0-based word position (stop words count, so phrases line up).
    pub position: usize,
    /// `normalize`d form: lower case, accents folded.
    pub normalized: String,
    /// The stem used for matching.
    pub stem: String,
    pub is_stop: bool,
}

/// The process-wide analyzer (stemmer and tables are built once).
pub fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(Analyzer::default)
}

#[derive(Default)]
pub struct Analyzer {
    stemmer: DutchStemmer,
}

impl Analyzer {
    /// All words of `text` with their normal forms and stems.
    pub fn analyze(&self, text: &str) -> Vec<Term> {
        words(text)
            .into_iter()
            .enumerate()
            .filter_map(|(position, word)| {
                let normalized = normalize(word.text);
                if normalized.is_empty() {
                    return None;
                }
                let is_stop = self.stemmer.is_stop_word(&normalized);
                let stem = self.stemmer.stem(&normalized);
                Some(Term {
                    start: word.start,
                    end: word.end,
                    position,
                    normalized,
                    stem,
                    is_stop,
                })
            })
            .collect()
    }

    /// The stem of one word as a user typed it (`Kinderen` → `kind`).
    pub fn stem_word(&self, word: &str) -> String {
        self.stemmer.stem(&normalize(word))
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stemmer.is_stop_word(&normalize(word))
    }

    pub fn stemmer(&self) -> &DutchStemmer {
        &self.stemmer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stems of the non-stop words of `text`.
    fn assert_stems(text: &str, expected: &[&str]) {
        let stems: Vec<String> = analyzer()
            .analyze(text)
            .into_iter()
            .filter(|term| !term.is_stop)
            .map(|term| term.stem)
            .collect();
        assert_eq!(stems, expected, "stems of {text:?}");
    }

    #[test]
    fn accents_and_case_fold() {
        assert_eq!(
            analyzer().stem_word("coördinatie"),
            analyzer().stem_word("Coordinatie")
        );
        assert_eq!(
            analyzer().stem_word("ideeën"),
            analyzer().stem_word("ideeen")
        );
    }

    #[test]
    fn whole_texts() {
        assert_stems("De kinderen van de stad", &["kind", "stad"]);
        assert_stems("thema’s 2008-2013", &["thema", "2008", "2013"]);
        assert_stems("Hasselt ver.een.vou.digt", &["hasselt", "vereenvoudigt"]);
    }

    #[test]
    fn positions_count_stop_words() {
        let terms = analyzer().analyze("de stad en het kind");
        let positions: Vec<usize> = terms.iter().map(|term| term.position).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4]);
        assert!(terms[0].is_stop && !terms[1].is_stop);
    }
}

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
mod hyphen;
mod normalize;
mod segment;
mod stem;
mod tokenizer;

pub use decompound::Decompounder;
pub use fold::{fold_char, fold_str};
pub use hyphen::{joined_terms, joined_word, HyphenRun, HyphenRuns};
pub use normalize::normalize;
pub use segment::{for_each_word, words, Word};
pub use stem::{DutchStemmer, STOP_WORDS};
pub use tokenizer::{
    register_tokenizers, token as tokenizer_token, tokens, DutchTokenizer, TOKENIZER,
};

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

/// One analysed word, borrowed from the per-thread memo (see [`Analyzer::for_each_term`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRef<'a> {
    pub start: usize,
    pub end: usize,
    pub position: usize,
    pub normalized: &'a str,
    pub stem: &'a str,
    pub is_stop: bool,
}

impl TermRef<'_> {
    pub fn to_term(self) -> Term {
        Term {
            start: self.start,
            end: self.end,
            position: self.position,
            normalized: self.normalized.to_string(),
            stem: self.stem.to_string(),
            is_stop: self.is_stop,
        }
    }
}

/// The forms of one word as written (`normalize`d, stem, stop word).
pub struct Forms {
    normalized: Box<str>,
    stem: Box<str>,
    is_stop: bool,
}

impl Forms {
    /// This word at `position` of a text, at bytes `start..end`.
    pub fn term(&self, start: usize, end: usize, position: usize) -> TermRef<'_> {
        TermRef {
            start,
            end,
            position,
            normalized: &self.normalized,
            stem: &self.stem,
            is_stop: self.is_stop,
        }
    }

    /// The word `normalize`d (lower case, accents folded).
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Nothing is left of the word once normalised: it is no term.
    pub fn is_empty(&self) -> bool {
        self.normalized.is_empty()
    }
}

/// Words kept in a thread's memo before it is emptied: a corpus has some tens
/// of thousands of distinct written forms; this bounds memory on odd input.
const MEMO_WORDS: usize = 200_000;

thread_local! {
    /// Written word → its forms. Normalising and stemming dominate analysis
    /// and a report repeats its words (a corpus has ~20k distinct ones), so
    /// each written form is analysed once per thread.
    static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, std::rc::Rc<Forms>>> =
        std::cell::RefCell::default();
}

impl Analyzer {
    /// All words of `text` with their normal forms and stems.
    pub fn analyze(&self, text: &str) -> Vec<Term> {
        let mut terms = Vec::new();
        self.for_each_term(text, |term| terms.push(term.to_term()));
        terms
    }

    /// `analyze` without allocating per word: `visit` sees each word's forms
    /// borrowed from the per-thread memo.
    pub fn for_each_term(&self, text: &str, mut visit: impl FnMut(TermRef<'_>)) {
        let mut position = 0;
        for_each_word(text, |word| {
            let at = position;
            position += 1;
            let forms = self.forms(word.text);
            if forms.is_empty() {
                return;
            }
            visit(forms.term(word.start, word.end, at));
        });
    }

    /// The forms of one word as written, from the per-thread memo: what
    /// `for_each_term` gives for it. (A caller that keeps its own map of
    /// the words it has seen walks a text with [`for_each_word`], counting
    /// every word's position as `for_each_term` does, and asks this.)
    pub fn forms(&self, word: &str) -> std::rc::Rc<Forms> {
        let known = MEMO.with(|memo| memo.borrow().get(word).cloned());
        if let Some(forms) = known {
            return forms;
        }
        let normalized = normalize(word);
        let forms = std::rc::Rc::new(Forms {
            is_stop: self.stemmer.is_stop_word(&normalized),
            stem: self.stemmer.stem(&normalized).into_boxed_str(),
            normalized: normalized.into_boxed_str(),
        });
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.len() >= MEMO_WORDS {
                memo.clear();
            }
            memo.insert(word.into(), forms.clone());
        });
        forms
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

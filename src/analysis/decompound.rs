//! Dutch compound splitting, so that `management` finds `programmamanagement`
//! and `huur` finds `huurwoningen`. PLACEHOLDER: splits nothing yet; the
//! mentions/decompounding work replaces the body, keeping this API.

use tantivy::tokenizer::Token;

/// Splits words of one report into compound parts. Built per report (its own
/// vocabulary plus the shipped word list), so indexing one report never
/// depends on another.
#[derive(Debug, Default, Clone)]
pub struct Decompounder {}

impl Decompounder {
    /// A decompounder knowing the words of one report's paragraph texts.
    pub fn for_report<'a>(_paragraph_texts: impl IntoIterator<Item = &'a str>) -> Decompounder {
        Decompounder {}
    }

    /// The normalised parts of a normalised word (`programmamanagement` →
    /// `["programma", "management"]`); empty when it is not a compound.
    pub fn parts(&self, _normalized: &str) -> Vec<String> {
        Vec::new()
    }

    /// Tokens for the index's compound-parts field: for each compound word of
    /// `text`, one token per part, text = the part's stem, offsets = the whole
    /// compound word (highlights cover its real extent), position = the word's.
    pub fn part_tokens(&self, _text: &str) -> Vec<Token> {
        Vec::new()
    }
}

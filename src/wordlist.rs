//! The shipped Dutch word list (OpenTaal, BSD; `data/dutch-words.txt`, one
//! word a line), for the decompounder (is this part a real word?) and the
//! fuzzy matcher (a real word is never a misspelling of another). Built into
//! the binary, so a fresh clone needs no download; loaded once, on first use.

use crate::analysis::normalize;
use std::collections::HashMap;
use std::sync::OnceLock;

const WORDS: &str = include_str!("../data/dutch-words.txt");

/// Normalised entry → whether it was written in lower case (a common word,
/// not a name or abbreviation). `Gent` and `gent` are both entries: common.
fn entries() -> &'static HashMap<String, bool> {
    static ENTRIES: OnceLock<HashMap<String, bool>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut entries = HashMap::with_capacity(420_000);
        for line in WORDS.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let common = !line.chars().any(char::is_uppercase);
            let flag = entries.entry(normalize(line)).or_insert(false);
            *flag |= common;
        }
        entries
    })
}

/// Whether `word` is in the Dutch word list, ignoring case and accents
/// (`Gent`, `gent` and `GENT` all are).
pub fn contains(word: &str) -> bool {
    contains_normalized(&normalize(word))
}

/// `contains` for a word already passed through `normalize`.
pub fn contains_normalized(normalized: &str) -> bool {
    entries().contains_key(normalized)
}

/// Whether `normalized` is a common word: an entry written in lower case
/// (names and abbreviations such as `Genk`, `OCMW`, `Sam` are not). The
/// decompounder takes parts only from these.
pub fn is_common_word(normalized: &str) -> bool {
    entries().get(normalized).copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_dutch_words_whatever_their_case() {
        assert!(contains("beleid"));
        assert!(contains("management"));
        assert!(contains("Genk"));
        assert!(contains("OCMW"));
        assert!(contains("ocmw"));
        assert!(!contains("programmamagement"));
        assert!(!contains("ocwm"));
        assert!(is_common_word("beleid"));
        assert!(!is_common_word("genk"));
        assert!(!is_common_word("ocmw"));
    }
}

//! The Dutch word list (OpenTaal via Debian `wdutch`, BSD licensed), built
//! into the binary so that a report parses the same on every machine and
//! whatever else is in the corpus. The parser asks it whether a line-end
//! hyphen joins two halves of one word; the decompounder asks it whether a
//! part of a compound is a word.

use std::collections::HashSet;
use std::sync::OnceLock;

static WORDS: &str = include_str!("../data/dutch-words.txt");

fn words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        WORDS
            .lines()
            .map(str::trim)
            .filter(|word| !word.is_empty())
            .collect()
    })
}

/// Whether `word` is in the list, as given or lower-cased (`Gent` and `gent`
/// are both found through `gent` or `Gent`; `STAD` through `stad`).
pub fn contains(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let set = words();
    set.contains(word) || set.contains(word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_in_any_case() {
        assert!(contains("beleidsovereenkomst"));
        assert!(contains("Beleidsovereenkomst"));
        assert!(contains("sociaal-economische"));
        assert!(!contains("beleidsovereen"));
        assert!(!contains(""));
    }
}

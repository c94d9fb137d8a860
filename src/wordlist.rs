//! The Dutch word list (OpenTaal via Debian `wdutch`, BSD licensed), built
//! into the binary so that a report parses the same on every machine and
//! whatever else is in the corpus. The parser asks it whether a line-end
//! hyphen joins two halves of one word; the decompounder asks it whether a
//! part of a compound is a word (`is_common_word`); the fuzzy matcher asks
//! whether a near-miss is a real word of its own (`contains_normalized`).

use crate::analysis::normalize;
use std::collections::{HashMap, HashSet};
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

/// Normalised entry (lower case, accents folded) → whether it was written in
/// lower case: a common word, not a name or abbreviation. `Gent` and `gent`
/// are both entries, so `gent` is common; `genk` and `ocmw` are not.
fn normalized_entries() -> &'static HashMap<String, bool> {
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

/// Whether a word already passed through `analysis::normalize` is in the
/// list in any case or accents (`genk`, `ocmw`, `coordinatie` are).
pub fn contains_normalized(normalized: &str) -> bool {
    normalized_entries().contains_key(normalized)
}

/// `contains_normalized` without building anything: a search of the list's
/// text for the word in lower case, capitalised or in capitals. For a few
/// one-off lookups in a short-lived process (`mentions`' fuzzy guard), where
/// building the set would cost more than the whole query. Entries written
/// with accents are not found through their folded form.
pub fn contains_as_written(normalized: &str) -> bool {
    if normalized.is_empty() {
        return false;
    }
    let mut capitalised = String::with_capacity(normalized.len());
    let mut chars = normalized.chars();
    if let Some(first) = chars.next() {
        capitalised.extend(first.to_uppercase());
        capitalised.push_str(chars.as_str());
    }
    let forms = [
        normalized.to_string(),
        capitalised,
        normalized.to_uppercase(),
    ];
    forms.iter().any(|form| {
        WORDS.starts_with(&format!("{form}\n")) || WORDS.contains(&format!("\n{form}\n"))
    })
}

/// Whether a normalised word is a common word: an entry written in lower
/// case (names and abbreviations such as `Genk`, `OCMW`, `Sam` are not).
/// The decompounder takes parts only from these.
pub fn is_common_word(normalized: &str) -> bool {
    normalized_entries()
        .get(normalized)
        .copied()
        .unwrap_or(false)
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

    #[test]
    fn normalized_lookups_ignore_case_and_accents() {
        assert!(contains_normalized("genk"));
        assert!(contains_normalized("ocmw"));
        assert!(!contains_normalized("ocwm"));
        assert!(!contains_normalized("programmamagement"));
        for word in ["genk", "ocmw", "beleid", "management"] {
            assert!(contains_as_written(word), "{word}");
        }
        assert!(!contains_as_written("ocwm"));
        assert!(!contains_as_written("programmamagement"));
        assert!(is_common_word("beleid"));
        assert!(is_common_word("gent"));
        assert!(!is_common_word("genk"));
        assert!(!is_common_word("ocmw"));
    }
}

//! The Dutch word list (OpenTaal via Debian `wdutch`, BSD licensed), built
//! into the binary so that a report parses the same on every machine and
//! whatever else is in the corpus. The parser asks it whether a line-end
//! hyphen joins two halves of one word; the decompounder asks it whether a
//! part of a compound is a word (`is_common_word`); the fuzzy matcher asks
//! whether a near-miss is a real word of its own (`contains_normalized`).
//!
//! The list is stored sorted byte-wise (`LC_ALL=C sort -u`), one word a line,
//! and looked up by binary search directly in the included text: no set is
//! built, so the first lookup of a process costs what every other one does
//! (about twenty line comparisons) instead of hashing 413,000 words first.

use crate::analysis::normalize;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

static WORDS: &str = include_str!("../data/dutch-words.txt");

/// Whether `word` is in the list, as given or lower-cased (`Gent` and `gent`
/// are both found through `gent` or `Gent`; `STAD` through `stad`).
pub fn contains(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if sorted_lines_contain(WORDS, word) {
        return true;
    }
    let lower = word.to_lowercase();
    lower != word && sorted_lines_contain(WORDS, &lower)
}

/// Binary search for a whole line equal to `word` in `text`, whose lines are
/// sorted byte-wise. Each probe takes the line around the middle byte of the
/// range still open; the range always starts at a line start and ends at one
/// (or at the end of the text).
fn sorted_lines_contain(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let wanted = word.as_bytes();
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = bytes[low..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(low, |at| low + at + 1);
        let end = bytes[start..high]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(high, |at| start + at);
        match bytes[start..end].cmp(wanted) {
            Ordering::Equal => return true,
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
        }
    }
    false
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

/// `contains_normalized` without building anything: a binary search of the list's
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
    forms.iter().any(|form| sorted_lines_contain(WORDS, form))
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
    fn the_list_is_sorted_byte_wise_without_duplicates() {
        let mut lines = WORDS.lines();
        let mut previous = lines.next().unwrap_or_default();
        for line in lines {
            assert!(
                previous.as_bytes() < line.as_bytes(),
                "{previous:?} ≥ {line:?}"
            );
            previous = line;
        }
    }

    #[test]
    fn every_word_of_the_list_is_found_and_neighbours_are_not() {
        for word in WORDS.lines().step_by(997) {
            assert!(contains(word), "{word:?}");
            assert!(
                !sorted_lines_contain(WORDS, &format!("{word}\u{1}")),
                "{word:?}"
            );
        }
        let first = WORDS.lines().next().unwrap_or_default();
        let last = WORDS.lines().last().unwrap_or_default();
        assert!(contains(first) && contains(last));
        assert!(
            !sorted_lines_contain(WORDS, "\u{0}") && !sorted_lines_contain(WORDS, "\u{10ffff}")
        );
    }

    #[test]
    fn search_edges_on_small_lists() {
        let text = "a\nb\nc";
        for word in ["a", "b", "c"] {
            assert!(sorted_lines_contain(text, word));
        }
        for word in ["", "0", "aa", "bb", "d"] {
            assert!(!sorted_lines_contain(text, word), "{word:?}");
        }
        assert!(!sorted_lines_contain("", "a"));
        assert!(sorted_lines_contain("a\n", "a"));
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

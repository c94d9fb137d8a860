//! The Dutch word list (OpenTaal via Debian `wdutch`, BSD licensed), built
//! into the binary so that a report parses the same on every machine and
//! whatever else is in the corpus. The parser asks it whether a line-end
//! hyphen joins two halves of one word; the decompounder asks it whether a
//! part of a compound is a word.
//!
//! The list is stored sorted byte-wise (`LC_ALL=C sort -u`), one word a line,
//! and looked up by binary search directly in the included text: no set is
//! built, so the first lookup of a process costs what every other one does
//! (about twenty line comparisons) instead of hashing 413,000 words first.

use std::cmp::Ordering;

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
}

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

/// The list's entries `normalize`d (lower case, accents folded), split by
/// whether some spelling of the entry is written in lower case: a common word
/// (`gent`, from `gent` beside `Gent`), or only ever a name or abbreviation
/// (`genk`, `ocmw`). Both are derived from `WORDS` and checked against it by
/// the test `normalized_lists_are_derived_from_the_word_list`, which rewrites
/// them when `VISIDEX_WRITE_WORD_LISTS=1`. Sorted byte-wise like `WORDS` and
/// binary-searched the same way: no set to build at start-up.
static COMMON_NORMALIZED: &str = include_str!("../data/dutch-words-common.txt");
static NAMES_NORMALIZED: &str = include_str!("../data/dutch-words-names.txt");

/// Whether a word already passed through `analysis::normalize` is in the
/// list in any case or accents (`genk`, `ocmw`, `coordinatie` are).
pub fn contains_normalized(normalized: &str) -> bool {
    is_common_word(normalized) || sorted_lines_contain(NAMES_NORMALIZED, normalized)
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
    if normalized.is_empty() {
        return false;
    }
    // Each report asks about each of its words (`Decompounder::for_word_counts`),
    // the same ones report after report: a per-thread memo answers a
    // repeated question in a hash probe instead of a walk of the FST. (The
    // substrings a split asks about come from `common_words_inside`; they
    // filled this memo with a million entries per thread before.)
    COMMON_MEMO.with(|memo| {
        if let Some(&known) = memo.borrow().get(normalized) {
            return known;
        }
        let common = common_fst_contains(normalized);
        let mut memo = memo.borrow_mut();
        if memo.len() >= COMMON_MEMO_WORDS {
            memo.clear();
        }
        memo.insert(normalized.into(), common);
        common
    })
}

/// `COMMON_NORMALIZED` as an FST (built by `build.rs`), for
/// [`common_words_near`].
static COMMON_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dutch-words-common.fst"));

/// Whether the FST of `COMMON_NORMALIZED` (the same words, built by
/// `build.rs`) has `normalized`: one walk of its bytes, where the binary
/// search of the text probed some twenty lines (the decompounder's misses
/// of the memo were 2% of `visidex index`, issue 13).
fn common_fst_contains(normalized: &str) -> bool {
    match common_fst() {
        Some(map) => map.contains_key(normalized),
        None => sorted_lines_contain(COMMON_NORMALIZED, normalized),
    }
}

/// The FST of the common words (`None` if the embedded bytes do not load,
/// then the sorted text answers instead).
fn common_fst() -> Option<&'static tantivy_fst::Map<&'static [u8]>> {
    static MAP: std::sync::OnceLock<Option<tantivy_fst::Map<&'static [u8]>>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        tantivy_fst::raw::Fst::new(COMMON_FST)
            .ok()
            .map(tantivy_fst::Map::from)
    })
    .as_ref()
}

/// For each start byte `s` of `word` (at most [`MAX_INSIDE_BYTES`] bytes),
/// the common words that begin there: bit `e - s - 1` of `ends[s]` is set
/// when `word[s..e]` is one (what [`is_common_word`] answers). One walk of
/// the FST per start finds all of them, where asking about each substring
/// walked it once per substring. `None` when the word is longer or the FST
/// did not load.
pub fn common_words_inside(word: &[u8], ends: &mut Vec<u64>) -> Option<()> {
    if word.len() > MAX_INSIDE_BYTES {
        return None;
    }
    let fst = common_fst()?.as_fst();
    ends.clear();
    for start in 0..word.len() {
        let mut found = 0u64;
        let mut node = fst.root();
        for (offset, byte) in word[start..].iter().enumerate() {
            let Some(transition) = node.find_input(*byte) else {
                break;
            };
            node = fst.node(node.transition_addr(transition));
            if node.is_final() {
                found |= 1 << offset;
            }
        }
        ends.push(found);
    }
    Some(())
}

/// The longest word [`common_words_inside`] takes (one bit per end).
pub const MAX_INSIDE_BYTES: usize = 64;

/// Every common word (see [`is_common_word`]) within `max_edits` edits of a
/// normalised word (optimal string alignment: a swap of neighbours is one
/// edit), with its distance; the word itself is left out. The FST of the
/// list is walked by a bounded-distance automaton (`search::near`), which
/// follows only prefixes that can still be near: a fraction of a
/// millisecond, where a pass over all 355,000 words took tens.
pub fn common_words_near(normalized: &str, max_edits: usize) -> Vec<(String, usize)> {
    use tantivy_fst::{IntoStreamer, Streamer};
    let Some(automaton) = crate::search::near::NearAutomaton::new(normalized, max_edits) else {
        return Vec::new();
    };
    let Ok(fst) = tantivy_fst::raw::Fst::new(COMMON_FST) else {
        return Vec::new();
    };
    let map = tantivy_fst::Map::from(fst);
    let mut stream = map.search(automaton.clone()).into_stream();
    let mut near = Vec::new();
    while let Some((key, _)) = stream.next() {
        if key == normalized.as_bytes() {
            continue;
        }
        let (Ok(word), Some(distance)) = (std::str::from_utf8(key), automaton.distance_of(key))
        else {
            continue;
        };
        near.push((word.to_string(), distance));
    }
    near
}

/// Questions kept in a thread's `is_common_word` memo before it is emptied.
const COMMON_MEMO_WORDS: usize = 1 << 20;

thread_local! {
    static COMMON_MEMO: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, bool>> =
        std::cell::RefCell::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fst_holds_exactly_the_common_list() {
        let mut checked = 0;
        for (index, line) in COMMON_NORMALIZED.lines().enumerate().step_by(97) {
            assert!(common_fst_contains(line), "{line}");
            let missing = format!("{line}qx");
            assert_eq!(
                common_fst_contains(&missing),
                sorted_lines_contain(COMMON_NORMALIZED, &missing),
                "{missing} (line {index})"
            );
            checked += 1;
        }
        assert!(checked > 1000, "only {checked} words checked");
    }

    #[test]
    fn near_common_words() {
        let near = common_words_near("duurzaamhied", 2);
        assert!(near.contains(&("duurzaamheid".to_string(), 1)), "{near:?}");
        assert!(near
            .iter()
            .all(|(word, distance)| *distance <= 2 && *word != "duurzaamhied"));
        assert!(!common_words_near("stad", 1)
            .iter()
            .any(|(word, _)| *word == "stad"));
    }

    /// The FST walk finds exactly what a distance computed for every word of
    /// the list finds (so the FST holds the list).
    #[test]
    fn near_common_words_match_a_full_scan() {
        for (query, edits) in [
            ("duurzaamhied", 2),
            ("beleid", 1),
            ("kindvriendelijkhied", 2),
        ] {
            let automaton = crate::search::near::NearAutomaton::new(query, edits).unwrap();
            let scanned: Vec<(String, usize)> = COMMON_NORMALIZED
                .lines()
                .filter(|line| *line != query)
                .filter_map(|line| {
                    automaton
                        .distance_of(line.as_bytes())
                        .map(|distance| (line.to_string(), distance))
                })
                .collect();
            assert!(!scanned.is_empty(), "{query}");
            assert_eq!(common_words_near(query, edits), scanned, "{query}");
        }
    }

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

    /// The normalised lists as `WORDS` implies them: normalised entry →
    /// whether some spelling of it is written in lower case.
    fn derived_lists() -> (String, String) {
        let mut entries: std::collections::BTreeMap<String, bool> = Default::default();
        for line in WORDS.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let common = !line.chars().any(char::is_uppercase);
            let normalized = crate::analysis::normalize(line);
            if normalized.is_empty() {
                continue;
            }
            *entries.entry(normalized).or_insert(false) |= common;
        }
        let list = |common: bool| {
            let mut text: String = entries
                .iter()
                .filter(|(_, flag)| **flag == common)
                .map(|(word, _)| format!("{word}\n"))
                .collect();
            if text.is_empty() {
                text.push('\n');
            }
            text
        };
        (list(true), list(false))
    }

    #[test]
    fn normalized_lists_are_derived_from_the_word_list() {
        let (common, names) = derived_lists();
        if std::env::var_os("VISIDEX_WRITE_WORD_LISTS").is_some() {
            let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/");
            std::fs::write(format!("{data}dutch-words-common.txt"), &common).unwrap();
            std::fs::write(format!("{data}dutch-words-names.txt"), &names).unwrap();
            return;
        }
        assert!(
            common == COMMON_NORMALIZED && names == NAMES_NORMALIZED,
            "data/dutch-words-{{common,names}}.txt are stale: run \
             VISIDEX_WRITE_WORD_LISTS=1 cargo test --lib normalized_lists"
        );
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
        let word = "stadsbeleidsplan";
        let mut ends = Vec::new();
        assert!(common_words_inside(word.as_bytes(), &mut ends).is_some());
        for start in 0..word.len() {
            for end in start + 1..=word.len() {
                let inside = ends[start] >> (end - start - 1) & 1 == 1;
                assert_eq!(
                    inside,
                    is_common_word(&word[start..end]),
                    "{}",
                    &word[start..end]
                );
            }
        }
        assert!(common_words_inside(&[b'a'; MAX_INSIDE_BYTES + 1], &mut ends).is_none());
        assert!(is_common_word("gent"));
        assert!(!is_common_word("genk"));
        assert!(!is_common_word("ocmw"));
    }
}

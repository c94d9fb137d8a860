//! Line-end hyphenation: is `beleidsovereen-` + `komst` one word split by
//! the typesetter (drop the hyphen), or is `sociaal-` + `economische` a real
//! hyphen (keep it)?
//!
//! The evidence comes from the report itself first — the hyphenated or the
//! joined form printed whole inside a line elsewhere — then from the shape of
//! the second half (a capital or a digit: `Vlaams-Brabant`, `2008-2013`), then
//! from the Dutch word list. Only the report and the built-in list count, so a
//! report parses the same whatever else is in the corpus. A hyphen before
//! `en`/`of` is the elision hyphen of `energie- en materialengebruik`: it
//! stays, followed by a space.

use std::collections::HashSet;

/// How two lines meet at a line-end hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    /// One word split by the typesetter: drop the hyphen, no space.
    Glue,
    /// A real hyphen: keep it, no space.
    KeepHyphen,
    /// An elision hyphen (`milieu- en`): keep it and a space.
    Suspended,
}

/// Conjunctions after which a line-end hyphen is an elision hyphen.
const CONJUNCTIONS: [&str; 4] = ["en", "of", "tot", "noch"];

/// The word forms printed whole inside the report's lines, lower-cased.
#[derive(Debug, Default, Clone)]
pub struct ReportWords {
    words: HashSet<String>,
}

impl ReportWords {
    pub fn of<'a>(lines: impl Iterator<Item = &'a str>) -> ReportWords {
        let mut words = HashSet::new();
        for line in lines {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            for (index, token) in tokens.iter().enumerate() {
                let is_split = index + 1 == tokens.len() && token.ends_with('-');
                let word = core(token);
                if !is_split && !word.is_empty() {
                    words.insert(word.to_lowercase());
                }
            }
        }
        ReportWords { words }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }
}

/// A token without the punctuation around it (inner hyphens and dots stay)
/// and without soft hyphens.
fn core(token: &str) -> String {
    let trimmed = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    let trimmed = trimmed.trim_start_matches('-');
    trimmed
        .chars()
        .filter(|&c| c != '¬' && c != '\u{ad}')
        .collect()
}

/// Decide how `line` (ending in `-`) meets `next`.
pub fn decide(line: &str, next: &str, words: &ReportWords) -> Joint {
    let before = line.split_whitespace().last().unwrap_or("");
    let before = core(before.strip_suffix('-').unwrap_or(before));
    let after_token = next.split_whitespace().next().unwrap_or("");
    let after = core(after_token);
    let Some(first) = after.chars().next() else {
        return Joint::KeepHyphen;
    };
    if CONJUNCTIONS.contains(&after.as_str()) {
        return Joint::Suspended;
    }
    if first.is_uppercase() || first.is_ascii_digit() {
        return Joint::KeepHyphen;
    }
    let hyphenated = format!("{before}-{after}");
    let joined = format!("{before}{after}");
    if words.contains(&hyphenated) {
        return Joint::KeepHyphen;
    }
    if words.contains(&joined) {
        return Joint::Glue;
    }
    if crate::wordlist::contains(&hyphenated) && !before.contains('-') {
        return Joint::KeepHyphen;
    }
    Joint::Glue
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> ReportWords {
        ReportWords::of(text.lines())
    }

    #[test]
    fn typesetter_splits_are_glued() {
        let none = words("");
        assert_eq!(
            decide("van de beleidsovereen-", "komst die", &none),
            Joint::Glue
        );
        assert_eq!(decide("de visitatiecom-", "missie wil", &none), Joint::Glue);
    }

    #[test]
    fn the_report_itself_decides_first() {
        let report = words("leerlingen die niet-Hasselaren zijn\nook co-creatie telt");
        assert_eq!(
            decide("instroom van niet-Hasse-", "laren in", &report),
            Joint::Glue
        );
        assert_eq!(
            decide("vormen van co-", "creatie en", &report),
            Joint::KeepHyphen
        );
    }

    #[test]
    fn capitals_and_digits_keep_the_hyphen() {
        let none = words("");
        assert_eq!(
            decide("de periode 2008-", "2013 werd", &none),
            Joint::KeepHyphen
        );
        assert_eq!(
            decide("provincie Vlaams-", "Brabant", &none),
            Joint::KeepHyphen
        );
    }

    #[test]
    fn the_word_list_knows_real_hyphens() {
        let none = words("");
        assert_eq!(
            decide("migratie en sociaal-", "economische dynamieken?", &none),
            Joint::KeepHyphen
        );
    }

    #[test]
    fn elision_hyphens_keep_a_space() {
        let none = words("");
        assert_eq!(
            decide("rationeel energie-", "en materialen", &none),
            Joint::Suspended
        );
    }

    #[test]
    fn a_split_word_at_a_line_end_is_not_evidence() {
        let report = words("de gemeen-\nteraad");
        assert!(!report.contains("gemeen-"));
        assert!(report.contains("teraad"));
    }
}

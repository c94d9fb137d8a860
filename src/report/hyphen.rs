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

use std::borrow::Cow;
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

/// Which of the forms a line-end hyphen can stand for (`beleidsovereen-komst`,
/// `beleidsovereenkomst`) the report prints whole inside a line, lower-cased.
///
/// Only the forms of the report's own line-end hyphens (between consecutive
/// lines) are looked for: a report has a few hundred of them against some
/// ten thousand words, and collecting every word form of every report cost
/// more than the rest of the parse.
#[derive(Debug, Default, Clone)]
pub struct ReportWords {
    words: HashSet<String>,
}

impl ReportWords {
    pub fn of<'a>(lines: impl Iterator<Item = &'a str>) -> ReportWords {
        let lines: Vec<&str> = lines.collect();
        let mut wanted = HashSet::new();
        let mut shapes = Shapes([0; 128]);
        for pair in lines.windows(2) {
            if !super::measure::ends_in_split_word(pair[0].trim_end()) {
                continue;
            }
            if let Some(forms) = forms(pair[0], pair[1]) {
                for form in [forms.hyphenated, forms.joined] {
                    let form = form.to_lowercase();
                    shapes.insert(&form);
                    wanted.insert(form);
                }
            }
        }
        let mut words = HashSet::new();
        if wanted.is_empty() {
            return ReportWords { words };
        }
        // A token is its word plus at most some punctuation around it, and a
        // lower-cased word is at most a few bytes longer or shorter: tokens far
        // shorter than every wanted form (most: `de`, `het`, `van`) are skipped
        // before they are trimmed or hashed.
        let shortest = wanted.iter().map(String::len).min().unwrap_or(0);
        let shortest_token = shortest.saturating_sub(4);
        for line in &lines {
            let mut tokens = super::lines::words(line).peekable();
            while let Some(token) = tokens.next() {
                let is_split = tokens.peek().is_none() && token.ends_with('-');
                if is_split || token.len() < shortest_token {
                    continue;
                }
                let word = core(token);
                if word.is_ascii() && !shapes.may_hold(&word) {
                    continue;
                }
                let word = if word.chars().any(char::is_uppercase) {
                    Cow::Owned(word.to_lowercase())
                } else {
                    word
                };
                if wanted.contains(word.as_ref()) {
                    words.insert(word.into_owned());
                }
            }
        }
        ReportWords { words }
    }

    pub fn contains(&self, word: &str) -> bool {
        if word.chars().any(char::is_uppercase) {
            self.words.contains(&word.to_lowercase())
        } else {
            self.words.contains(word)
        }
    }
}

/// The byte length and first byte of each wanted form, to skip most words
/// without hashing them: one bit per (length, first byte mod 64).
#[derive(Debug)]
struct Shapes([u64; 128]);

impl Shapes {
    fn bit(word: &str) -> (usize, u64) {
        let first = word.bytes().next().unwrap_or(0).to_ascii_lowercase();
        (word.len().min(127), 1 << (first & 63))
    }

    fn insert(&mut self, word: &str) {
        let (row, bit) = Shapes::bit(word);
        self.0[row] |= bit;
    }

    /// An ASCII `word` may be a wanted form once lower-cased (lower-casing
    /// an ASCII word keeps its length and only changes its first byte's case).
    fn may_hold(&self, word: &str) -> bool {
        let (row, bit) = Shapes::bit(word);
        self.0[row] & bit != 0
    }
}

/// A token without the punctuation around it (inner hyphens and dots stay)
/// and without soft hyphens.
fn core(token: &str) -> Cow<'_, str> {
    let trimmed = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    let trimmed = trimmed.trim_start_matches('-');
    if trimmed.contains(['¬', '\u{ad}']) {
        Cow::Owned(
            trimmed
                .chars()
                .filter(|&c| c != '¬' && c != '\u{ad}')
                .collect(),
        )
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// The two forms a line-end hyphen between `line` and `next` can stand for,
/// and the halves (`None` when nothing follows the hyphen).
struct Forms {
    /// The first half has a hyphen of its own (`langetermijn-visie-`).
    before_has_hyphen: bool,
    after: String,
    hyphenated: String,
    joined: String,
}

fn forms(line: &str, next: &str) -> Option<Forms> {
    let before = line.split_whitespace().last().unwrap_or("");
    let before = core(before.strip_suffix('-').unwrap_or(before));
    let after_token = next.split_whitespace().next().unwrap_or("");
    let after = core(after_token).into_owned();
    after.chars().next()?;
    Some(Forms {
        hyphenated: format!("{before}-{after}"),
        joined: format!("{before}{after}"),
        before_has_hyphen: before.contains('-'),
        after,
    })
}

/// Decide how `line` (ending in `-`) meets `next`.
pub fn decide(line: &str, next: &str, words: &ReportWords) -> Joint {
    let Some(forms) = forms(line, next) else {
        return Joint::KeepHyphen;
    };
    let Forms {
        before_has_hyphen,
        after,
        hyphenated,
        joined,
    } = forms;
    if CONJUNCTIONS.contains(&after.as_str()) {
        return Joint::Suspended;
    }
    if after
        .chars()
        .next()
        .is_some_and(|first| first.is_uppercase() || first.is_ascii_digit())
    {
        return Joint::KeepHyphen;
    }
    if words.contains(&hyphenated) {
        return Joint::KeepHyphen;
    }
    if words.contains(&joined) {
        return Joint::Glue;
    }
    if crate::wordlist::contains(&hyphenated) && !before_has_hyphen {
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
        // The lines decided are part of the report, as in a parse.
        let report = words(
            "leerlingen die niet-Hasselaren zijn\nook co-creatie telt\n\
             instroom van niet-Hasse-\nlaren in\nvormen van co-\ncreatie en",
        );
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
        assert!(!report.contains("gemeenteraad"));
        assert!(!report.contains("gemeen-teraad"));
        let report = words("de gemeen-\nteraad\nin De Gemeenteraad.");
        assert!(report.contains("gemeenteraad"));
        assert!(report.contains("GEMEENTERAAD"));
    }
}

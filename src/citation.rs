//! The citation line an analyst pastes into a note:
//! `Visitatierapport Hasselt 2011, hoofdstuk 3 Strategische koers en
//! bestuurlijke organisatie, § Managementteam, p. 7`. Reports print chapter
//! headings in capitals; the citation gives them in sentence case, with each
//! word spelt as the report spells it in running text (city names, acronyms
//! such as `OCMW`), which only the whole report can tell: [`Spellings`] is
//! gathered when a report is indexed, and the cased parts are stored with
//! each paragraph. Plain functions over plain records; `show`, `--json`
//! (`citation`), CSV and the web page all print [`line`].

use crate::model::{ParsedReport, Report};
use std::collections::BTreeMap;

/// How a report spells, in running text, the words of its all-capitals headings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spellings {
    /// Lower-case word → the report's spelling, only where that is not lower case.
    words: BTreeMap<String, String>,
}

impl Spellings {
    /// The spellings of `report`'s heading words in its paragraphs' text:
    /// the most frequent form not at a sentence start (ties go to lower case).
    pub fn of(report: &ParsedReport) -> Spellings {
        // Membership only (a hash probe per word of the report's text, where a
        // `BTreeSet` compared strings down its tree).
        // Each chapter once: the paragraphs of a chapter come together.
        let mut chapters: Vec<&str> = report
            .paragraphs
            .iter()
            .map(|paragraph| paragraph.chapter.as_str())
            .collect();
        chapters.dedup();
        let wanted: rustc_hash::FxHashSet<String> = chapters
            .into_iter()
            .chain(std::iter::once(report.report.title.as_str()))
            .filter(|heading| is_all_capitals(heading))
            .flat_map(words)
            .map(|(_, word)| word.to_lowercase())
            .collect();
        if wanted.is_empty() {
            return Spellings::default();
        }
        let mut forms = Forms::new();
        // The heading words found by one automaton pass over each text, not
        // by walking it word by word (that walk was some 6% of the
        // instructions of indexing 200 bench reports). Case-insensitively
        // for ASCII only: a heading word with other letters, or a text with
        // the Kelvin sign (which lower-cases to `k`), is walked.
        // Reports of one template share their headings, so the automaton is
        // kept per thread for the last set of heading words.
        let finder = heading_finder(&wanted);
        for paragraph in &report.paragraphs {
            match &finder {
                Some(finder) if !paragraph.text.contains('\u{212A}') => {
                    count_found(finder, &paragraph.text, &mut forms)
                }
                _ => count_walked(&wanted, &paragraph.text, &mut forms),
            }
        }
        let words = forms
            .into_iter()
            .filter_map(|(lower, counts)| {
                let lower_count = counts.get(&lower).copied().unwrap_or(0);
                let (best, count) = counts
                    .into_iter()
                    .filter(|(form, _)| *form != lower)
                    .max_by_key(|(_, count)| *count)?;
                (count > lower_count).then_some((lower, best))
            })
            .collect();
        Spellings { words }
    }

    fn spell(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        self.words.get(&lower).cloned().unwrap_or(lower)
    }
}

/// Lower-case heading word → each spelling of it in running text (not at a
/// sentence start) → how often.
type Forms = BTreeMap<String, BTreeMap<String, usize>>;

thread_local! {
    /// The last heading words (sorted) and their automaton.
    static HEADING_FINDER: std::cell::RefCell<Option<(Vec<String>, aho_corasick::AhoCorasick)>> =
        const { std::cell::RefCell::new(None) };
}

/// The automaton [`count_found`] searches `wanted` with; `None` when a
/// word is not ASCII (or it cannot be built): then texts are walked.
fn heading_finder(wanted: &rustc_hash::FxHashSet<String>) -> Option<aho_corasick::AhoCorasick> {
    if !wanted.iter().all(|word| word.is_ascii()) {
        return None;
    }
    let mut key: Vec<String> = wanted.iter().cloned().collect();
    key.sort_unstable();
    HEADING_FINDER.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((words, finder)) = last.as_ref() {
            if *words == key {
                return Some(finder.clone());
            }
        }
        let finder = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&key)
            .ok()?;
        *last = Some((key, finder.clone()));
        Some(finder)
    })
}

/// Count the wanted words of `text` by walking all its words.
fn count_walked(wanted: &rustc_hash::FxHashSet<String>, text: &str, forms: &mut Forms) {
    // One buffer for the lower-cased words (most are ASCII), not one string each.
    let mut lower = String::new();
    for (initial, word) in words(text) {
        if initial {
            continue;
        }
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&word.to_lowercase());
        }
        if wanted.contains(lower.as_str()) {
            *forms
                .entry(lower.clone())
                .or_default()
                .entry(word.to_string())
                .or_default() += 1;
        }
    }
}

/// `count_walked` for wanted words of ASCII, found by `finder` (them, ASCII
/// case-insensitive, leftmost-longest): a match counts when it is a whole
/// word of `text` (as `words` splits it) that does not start a sentence.
fn count_found(finder: &aho_corasick::AhoCorasick, text: &str, forms: &mut Forms) {
    for found in finder.find_iter(text) {
        let (before, after) = (&text[..found.start()], &text[found.end()..]);
        let whole = !before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !after.chars().next().is_some_and(char::is_alphanumeric);
        if !whole {
            continue;
        }
        // A sentence start: no word before it, or a `.`, `!`, `?` or `:`
        // since the word before it (as `word_spans` decides).
        let mut initial = true;
        for c in before.chars().rev() {
            if matches!(c, '.' | '!' | '?' | ':') {
                break;
            }
            if c.is_alphanumeric() {
                initial = false;
                break;
            }
        }
        if initial {
            continue;
        }
        let word = &text[found.start()..found.end()];
        *forms
            .entry(word.to_ascii_lowercase())
            .or_default()
            .entry(word.to_string())
            .or_default() += 1;
    }
}

/// `3. STRATEGISCHE KOERS EN BESTUURLIJKE ORGANISATIE` →
/// `hoofdstuk 3 Strategische koers en bestuurlijke organisatie`. A heading
/// already in mixed case keeps its spelling; a heading without a number is
/// only cased.
pub fn chapter_title(chapter: &str, spellings: &Spellings) -> String {
    let chapter = chapter.trim();
    let (number, title) = split_number(chapter);
    let title = if is_all_capitals(title) {
        sentence_case(title, spellings)
    } else {
        title.to_string()
    };
    match (number, title.is_empty()) {
        (Some(number), false) => format!("hoofdstuk {number} {title}"),
        (Some(number), true) => format!("hoofdstuk {number}"),
        (None, _) => title,
    }
}

/// `Visitatierapport Hasselt 2011`: the report's title in sentence case, with
/// its year when the title does not name it; the city (or the id) when there
/// is no title.
pub fn report_title(report: &Report, spellings: &Spellings) -> String {
    let title = report.title.trim();
    let title = if title.is_empty() {
        if report.city.trim().is_empty() {
            report.id.clone()
        } else {
            report.city.trim().to_string()
        }
    } else if is_all_capitals(title) {
        sentence_case(title, spellings)
    } else {
        capitalise_first(title)
    };
    match report.year {
        Some(year) if !title.contains(&year.to_string()) => format!("{title} {year}"),
        _ => title,
    }
}

/// What a report's paragraphs need for their citations, gathered once per report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportCitation {
    /// `Visitatierapport Hasselt 2011`.
    pub title: String,
    spellings: Spellings,
}

impl ReportCitation {
    pub fn of(report: &ParsedReport) -> ReportCitation {
        let spellings = Spellings::of(report);
        ReportCitation {
            title: report_title(&report.report, &spellings),
            spellings,
        }
    }

    /// `hoofdstuk 3 Strategische koers …` for one of the report's chapters.
    pub fn chapter(&self, chapter: &str) -> String {
        chapter_title(chapter, &self.spellings)
    }
}

/// The citation line: title, chapter, `§` section path, page; empty parts left out.
pub fn line(
    report_title: &str,
    chapter_title: &str,
    section: &[String],
    page: Option<u32>,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in [report_title, chapter_title] {
        if !part.trim().is_empty() {
            parts.push(part.trim().to_string());
        }
    }
    let section: Vec<&str> = section
        .iter()
        .map(|heading| heading.trim())
        .filter(|heading| !heading.is_empty())
        .collect();
    if !section.is_empty() {
        parts.push(format!("§ {}", section.join(" › ")));
    }
    if let Some(page) = page {
        parts.push(format!("p. {page}"));
    }
    parts.join(", ")
}

/// Letters present, none of them lower case.
fn is_all_capitals(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// `3. TITEL` → (`3`, `TITEL`); `3.2 TITEL` → (`3.2`, `TITEL`).
fn split_number(heading: &str) -> (Option<&str>, &str) {
    let end = heading
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(heading.len());
    let number = heading[..end].trim_end_matches('.');
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return (None, heading);
    }
    (Some(number), heading[end..].trim())
}

/// Every word as the report spells it (else lower case), the first capitalised.
fn sentence_case(text: &str, spellings: &Spellings) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (_, start, word) in word_spans(text) {
        out.push_str(&text[at..start].to_lowercase());
        if word.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(word);
        } else {
            out.push_str(&spellings.spell(word));
        }
        at = start + word.len();
    }
    out.push_str(&text[at..].to_lowercase());
    capitalise_first(&out)
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The words of `text` (runs of letters and digits), each with whether it
/// starts a sentence (first in the text, or after `.`, `!`, `?`, `:`).
fn words(text: &str) -> impl Iterator<Item = (bool, &str)> {
    word_spans(text).map(|(initial, _, word)| (initial, word))
}

/// `words`, with each word's byte offset.
fn word_spans(text: &str) -> impl Iterator<Item = (bool, usize, &str)> {
    // Lazily, without a list per text: `Spellings::of` walks every paragraph.
    let mut initial = true;
    let mut start: Option<usize> = None;
    let mut chars = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')));
    std::iter::from_fn(move || {
        for (index, c) in chars.by_ref() {
            if c.is_alphanumeric() {
                start.get_or_insert(index);
                continue;
            }
            let word = start
                .take()
                .map(|begin| (initial, begin, &text[begin..index]));
            if word.is_some() {
                initial = false;
            }
            if matches!(c, '.' | '!' | '?' | ':') {
                initial = true;
            }
            if word.is_some() {
                return word;
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Paragraph};

    proptest::proptest! {
        #[test]
        fn the_automaton_counts_what_the_walk_counts(
            wanted in proptest::collection::hash_set("[a-c0-9]{1,3}", 1..6),
            text in "[a-cA-C0-9 .!?:,’é\u{a0}-]{0,40}",
        ) {
            let wanted: rustc_hash::FxHashSet<String> = wanted.into_iter().collect();
            let finder = heading_finder(&wanted).expect("an automaton for ASCII words");
            let (mut found, mut walked) = (Forms::new(), Forms::new());
            count_found(&finder, &text, &mut found);
            count_walked(&wanted, &text, &mut walked);
            proptest::prop_assert_eq!(found, walked);
        }
    }

    fn report(title: &str, chapters: &[&str], texts: &[&str]) -> ParsedReport {
        let paragraphs = texts
            .iter()
            .zip(chapters.iter().cycle())
            .enumerate()
            .map(|(index, (text, chapter))| Paragraph {
                n: index as u32 + 1,
                id: format!("x-2011:{}", index + 1),
                kind: Kind::Paragraph,
                chapter: chapter.to_string(),
                section: vec![],
                theme: String::new(),
                page: None,
                lines: [1, 1],
                text: text.to_string(),
                line_offsets: vec![],
            })
            .collect();
        ParsedReport {
            report: Report {
                id: "x-2011".into(),
                title: title.into(),
                city: "Ravels".into(),
                year: Some(2011),
                date: None,
                source: String::new(),
                sha256: String::new(),
                format: Default::default(),
            },
            paragraphs,
            headings: vec![],
        }
    }

    #[test]
    fn capitals_become_sentence_case_with_the_report_s_own_spellings() {
        let parsed = report(
            "VISITATIERAPPORT RAVELS",
            &["2. HET OCMW VAN RAVELS EN DE STAD"],
            &[
                "De stad en het OCMW werken samen. In Ravels is dat zo.",
                "Het OCMW van Ravels en de stad.",
            ],
        );
        let spellings = Spellings::of(&parsed);
        assert_eq!(
            chapter_title(&parsed.paragraphs[0].chapter, &spellings),
            "hoofdstuk 2 Het OCMW van Ravels en de stad"
        );
        assert_eq!(
            report_title(&parsed.report, &spellings),
            "Visitatierapport Ravels 2011"
        );
    }

    #[test]
    fn a_sentence_start_does_not_count_as_a_spelling() {
        // `Stad` only ever starts a sentence: it is a common noun.
        let parsed = report("", &["1. DE STAD"], &["Stad. Stad en land."]);
        let spellings = Spellings::of(&parsed);
        assert_eq!(
            chapter_title("1. DE STAD", &spellings),
            "hoofdstuk 1 De stad"
        );
    }

    #[test]
    fn mixed_case_headings_and_numbers_keep_their_spelling() {
        let none = Spellings::default();
        assert_eq!(
            chapter_title("Bijlage bij de EU-tekst", &none),
            "Bijlage bij de EU-tekst"
        );
        assert_eq!(
            chapter_title("9. BIJLAGEN 2008-2013", &none),
            "hoofdstuk 9 Bijlagen 2008-2013"
        );
        assert_eq!(chapter_title("", &none), "");
        assert_eq!(chapter_title("4.", &none), "hoofdstuk 4");
    }

    #[test]
    fn the_line_leaves_out_what_is_missing() {
        let section = vec!["Managementteam".to_string()];
        assert_eq!(
            line(
                "Visitatierapport Hasselt 2011",
                "hoofdstuk 3 Strategische koers",
                &section,
                Some(7)
            ),
            "Visitatierapport Hasselt 2011, hoofdstuk 3 Strategische koers, § Managementteam, p. 7"
        );
        assert_eq!(line("Hasselt 2011", "", &[], None), "Hasselt 2011");
        let nested = vec!["Visie".to_string(), "Acties".to_string()];
        assert_eq!(line("T", "", &nested, None), "T, § Visie › Acties");
    }

    #[test]
    fn a_report_without_title_is_cited_by_city_and_year() {
        let parsed = report("", &[""], &[""]);
        assert_eq!(
            report_title(&parsed.report, &Spellings::default()),
            "Ravels 2011"
        );
    }
}

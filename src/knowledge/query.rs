//! The word filter of the extract commands (`visidex recommendations QUERY`):
//! every non-stop word of the query must occur in the text, compared as the
//! Dutch analyzer's stems, so `aanbeveling kinderen` finds "kind" and
//! "aanbevelingen". Extracts are few per report, so a linear filter over
//! their text is simpler and exact where ranking would add nothing.

use super::cities::canonical_city;
use super::ReportText;
use crate::analysis::analyzer;
use crate::model::Paragraph;
use std::collections::BTreeSet;

/// The filters the extract commands share: `--city`, `--theme`, `--year`
/// (repeated values OR-ed, different filters AND-ed, case-insensitive, as in
/// `search`) and the QUERY words.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub cities: Vec<String>,
    /// `theme` or `theme/section` (the first section heading, matched as a prefix).
    pub themes: Vec<String>,
    pub years: Vec<i32>,
    pub words: WordFilter,
}

impl Selection {
    /// Whether the report passes `--city` and `--year`.
    pub fn accepts_report(&self, report: &ReportText) -> bool {
        let city_ok =
            self.cities.is_empty() || self.cities.iter().any(|city| same_city(city, &report.city));
        let year_ok =
            self.years.is_empty() || report.year.is_some_and(|year| self.years.contains(&year));
        city_ok && year_ok
    }

    /// Whether the paragraph passes `--theme` and the QUERY words.
    pub fn accepts(&self, paragraph: &Paragraph) -> bool {
        self.accepts_parts(&paragraph.theme, &paragraph.section, &paragraph.text)
    }

    /// `accepts` for a record that carries a paragraph's theme, section and text.
    pub fn accepts_parts(&self, theme: &str, section: &[String], text: &str) -> bool {
        self.accepts_theme(theme, section) && self.words.matches(text)
    }

    pub fn accepts_theme(&self, theme: &str, section: &[String]) -> bool {
        self.themes.is_empty()
            || self
                .themes
                .iter()
                .any(|filter| theme_matches(filter, theme, section))
    }
}

/// Two spellings of one city (`gent`, `Gent`; `Brussel`, `VGC`).
pub fn same_city(a: &str, b: &str) -> bool {
    match (canonical_city(a), canonical_city(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.trim().eq_ignore_ascii_case(b.trim()),
    }
}

fn theme_matches(filter: &str, theme_of_paragraph: &str, section: &[String]) -> bool {
    let section_of_paragraph = section;
    let (theme, section) = match filter.split_once('/') {
        Some((theme, section)) => (theme, Some(section)),
        None => (filter, None),
    };
    if !theme.trim().eq_ignore_ascii_case(theme_of_paragraph) {
        return false;
    }
    match (section, section_of_paragraph.first()) {
        (None, _) => true,
        (Some(wanted), Some(first)) => first
            .to_lowercase()
            .starts_with(&wanted.trim().to_lowercase()),
        (Some(_), None) => false,
    }
}

/// A parsed word filter; the empty query matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordFilter {
    stems: BTreeSet<String>,
}

impl WordFilter {
    pub fn new(query: &str) -> WordFilter {
        let stems = analyzer()
            .analyze(query)
            .into_iter()
            .filter(|term| !term.is_stop)
            .map(|term| term.stem)
            .collect();
        WordFilter { stems }
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// Whether every query stem occurs among the stems of `text`.
    pub fn matches(&self, text: &str) -> bool {
        if self.stems.is_empty() {
            return true;
        }
        let found: BTreeSet<String> = analyzer()
            .analyze(text)
            .into_iter()
            .map(|term| term.stem)
            .collect();
        self.stems.iter().all(|stem| found.contains(stem))
    }

    /// The query's stems, for rankers that weigh them.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.stems.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_words_must_match_as_stems() {
        let filter = WordFilter::new("kinderen inventaris");
        assert!(filter.matches("een inventaris van de initiatieven voor kind en jongere"));
        assert!(!filter.matches("een inventaris van de initiatieven"));
    }

    #[test]
    fn selection_filters_city_year_and_theme() {
        use crate::model::Kind;
        let report = ReportText::new("gent-2011", "Gent", Some(2011), vec![]);
        let paragraph =
            crate::knowledge::test_paragraph(1, Kind::Paragraph, &["4.1 Centrumfunctie"], "x");
        let selection = |cities: &[&str], themes: &[&str], years: &[i32]| Selection {
            cities: cities.iter().map(|s| s.to_string()).collect(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
            years: years.to_vec(),
            words: WordFilter::default(),
        };
        assert!(selection(&["GENT", "Aalst"], &[], &[2011]).accepts_report(&report));
        assert!(!selection(&["Genk"], &[], &[]).accepts_report(&report));
        assert!(!selection(&[], &[], &[2017]).accepts_report(&report));
        assert!(selection(&[], &["Beleidsovereenkomst/4.1"], &[]).accepts(&paragraph));
        assert!(!selection(&[], &["beleidsovereenkomst/4.2"], &[]).accepts(&paragraph));
        assert!(!selection(&[], &["stedenfonds"], &[]).accepts(&paragraph));
    }

    #[test]
    fn stop_words_and_empty_queries_match_everything() {
        assert!(WordFilter::new("").matches("wat dan ook"));
        assert!(WordFilter::new("de het").is_empty());
    }
}

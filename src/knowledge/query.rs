//! The selection of the extract commands (`visidex recommendations QUERY
//! --city C`): `--city`, `--theme`, `--year` and the QUERY. The QUERY is read
//! by the search engine itself (`search::Engine::query_matches`: the same
//! query language, corrections and compounds as `visidex search`), which
//! hands the extracts the ids of the paragraphs it matches ([`WordFilter`]);
//! nothing here parses a query a second time.

use super::ReportText;
use crate::cities::names_city;
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
        let city_ok = self.cities.is_empty()
            || self
                .cities
                .iter()
                .any(|city| names_city(city, &report.city));
        let year_ok =
            self.years.is_empty() || report.year.is_some_and(|year| self.years.contains(&year));
        city_ok && year_ok
    }

    /// Whether the paragraph passes `--theme` and the QUERY words.
    pub fn accepts(&self, paragraph: &Paragraph) -> bool {
        self.accepts_parts(&paragraph.theme, &paragraph.section, &paragraph.id)
    }

    /// `accepts` for a record that carries a paragraph's theme, section and id.
    pub fn accepts_parts(&self, theme: &str, section: &[String], id: &str) -> bool {
        self.accepts_theme(theme, section) && self.words.matches(id)
    }

    pub fn accepts_theme(&self, theme: &str, section: &[String]) -> bool {
        self.themes.is_empty()
            || self
                .themes
                .iter()
                .any(|filter| theme_matches(filter, theme, section))
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

/// What the QUERY left: every paragraph (no query, or only stop words), or
/// the ids of the paragraphs the search engine matched, with the stems it
/// searched (for rankers that weigh them, `compare`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordFilter {
    /// `None`: no word filter.
    ids: Option<BTreeSet<String>>,
    stems: BTreeSet<String>,
}

impl WordFilter {
    /// The paragraphs `ids` (as the engine matched them), searched as `stems`.
    pub fn matching(ids: BTreeSet<String>, stems: BTreeSet<String>) -> WordFilter {
        WordFilter {
            ids: Some(ids),
            stems,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_none()
    }

    /// Whether the paragraph `id` passes.
    pub fn matches(&self, id: &str) -> bool {
        self.ids.as_ref().is_none_or(|ids| ids.contains(id))
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
    fn a_query_keeps_the_paragraphs_the_engine_matched() {
        let filter = WordFilter::matching(["x-2011:3".to_string()].into(), BTreeSet::new());
        assert!(filter.matches("x-2011:3"));
        assert!(!filter.matches("x-2011:4"));
        assert!(WordFilter::default().matches("x-2011:4"));
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
}

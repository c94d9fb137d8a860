//! Knowledge extracts (issue 7): what an analyst wants out of a report
//! besides a ranked hit list — the committee's recommendations, the key
//! figures, the appendix tables as typed rows, the cities a paragraph cites,
//! a cross-city comparison per theme and the paragraphs of other reports most
//! like a given one.
//!
//! Everything here is a pure function over plain records: the reports'
//! paragraphs in reading order ([`ReportText`]), whether they come from the
//! index's stored fields or straight from the parser. Nothing here imports
//! tantivy or the CLI, so each extract is unit-tested on paragraphs built in
//! the test, and the commands only choose where the paragraphs come from and
//! how the result is printed.

/// Moved to the crate root (`crate::cities`, beside `themes`); kept here for
/// callers of `knowledge::cities::…`.
pub use crate::cities;
pub mod compare;
pub mod figures;
pub mod numbers;
pub mod query;
pub mod recommendations;
pub mod related;
pub mod tables;

use crate::model::Paragraph;

/// One report's paragraphs, in reading order, with what the extracts need to
/// know of the report itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportText {
    /// Report id, e.g. `hasselt-2011`.
    pub id: String,
    /// The report's own city (empty when unknown).
    pub city: String,
    pub year: Option<i32>,
    /// Sorted by `n`.
    pub paragraphs: Vec<Paragraph>,
}

impl ReportText {
    /// A report's paragraphs, sorted into reading order.
    pub fn new(
        id: impl Into<String>,
        city: impl Into<String>,
        year: Option<i32>,
        mut paragraphs: Vec<Paragraph>,
    ) -> ReportText {
        paragraphs.sort_by_key(|paragraph| paragraph.n);
        ReportText {
            id: id.into(),
            city: city.into(),
            year,
            paragraphs,
        }
    }
}

/// Test helper shared by the extract modules: a paragraph with the fields
/// that matter to them.
#[cfg(test)]
pub(crate) fn test_paragraph(
    n: u32,
    kind: crate::model::Kind,
    section: &[&str],
    text: &str,
) -> Paragraph {
    Paragraph {
        n,
        id: format!("test-2011:{n}"),
        kind,
        chapter: "4. DE EFFECTEN IN DE BELEIDSOVEREENKOMST".to_string(),
        section: section.iter().map(|s| s.to_string()).collect(),
        theme: "beleidsovereenkomst".to_string(),
        page: Some(n / 10 + 1),
        lines: [n * 10, n * 10 + 2],
        text: text.to_string(),
        line_offsets: Vec::new(),
    }
}

/// Test helper: the QUERY as the search engine would match it, over the
/// paragraphs given — those with every stem (`any_word`: with one).
#[cfg(test)]
pub(crate) fn test_words<'a>(
    paragraphs: impl IntoIterator<Item = &'a Paragraph>,
    query: &str,
    any_word: bool,
) -> query::WordFilter {
    use std::collections::BTreeSet;
    let stems_of = |text: &str| -> BTreeSet<String> {
        crate::analysis::analyzer()
            .analyze(text)
            .into_iter()
            .filter(|term| !term.is_stop)
            .map(|term| term.stem)
            .collect()
    };
    let stems = stems_of(query);
    if stems.is_empty() {
        return query::WordFilter::default();
    }
    let ids = paragraphs
        .into_iter()
        .filter(|p| {
            let found = stems_of(&p.text);
            match any_word {
                true => stems.iter().any(|stem| found.contains(stem)),
                false => stems.iter().all(|stem| found.contains(stem)),
            }
        })
        .map(|p| p.id.clone())
        .collect();
    query::WordFilter::matching(ids, stems)
}

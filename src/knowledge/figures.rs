//! Key figures: the bullets of the "Evolutie van het effect in cijfers"
//! boxes, each with the effect it documents and the source line that closes
//! its box, so a figure can be quoted with its provenance
//! ("Rapport Stedenfonds 2008-2013 … update 2010").
//!
//! A box is a run of consecutive `figure` paragraphs (by `n`); its source is
//! the `quote_source` paragraph right after the run (`None` when the box has none).
//! The effect is the outermost section heading (`4.1 Toegenomen belang van
//! de centrumfunctie`): in these reports the effects are the numbered
//! sections of the chapter on the policy agreement. The numbers of each bullet
//! are parsed too (Flemish notation, see `numbers`).

use super::numbers::{numbers_in, Number};
use super::query::Selection;
use super::ReportText;
use crate::cities::cited_cities;
use crate::model::Kind;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    pub report: String,
    #[serde(with = "crate::model::city_or_null")]
    pub city: String,
    pub year: Option<i32>,
    pub theme: String,
    pub chapter: String,
    pub section: Vec<String>,
    /// The effect the figure documents: the outermost section heading.
    pub effect: Option<String>,
    pub page: Option<u32>,
    pub lines: [u32; 2],
    pub text: String,
    /// The numbers in the bullet, as printed and parsed.
    pub numbers: Vec<FigureNumber>,
    pub cites: Vec<String>,
    /// The line closing the box: where the figures come from.
    pub source: Option<SourceLine>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FigureNumber {
    pub text: String,
    pub value: Number,
    pub unit: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceLine {
    pub id: String,
    pub lines: [u32; 2],
    pub text: String,
}

/// All key figures of a report, in reading order.
pub fn figures(report: &ReportText) -> Vec<Figure> {
    let paragraphs = &report.paragraphs;
    let mut out = Vec::new();
    let mut index = 0;
    while index < paragraphs.len() {
        if paragraphs[index].kind != Kind::Figure {
            index += 1;
            continue;
        }
        let start = index;
        while index < paragraphs.len()
            && paragraphs[index].kind == Kind::Figure
            && (index == start || follows(&paragraphs[index - 1], &paragraphs[index]))
        {
            index += 1;
        }
        let source = paragraphs
            .get(index)
            .filter(|next| next.kind == Kind::QuoteSource && follows(&paragraphs[index - 1], next))
            .map(|next| SourceLine {
                id: next.id.clone(),
                lines: next.lines,
                text: next.text.clone(),
            });
        for paragraph in &paragraphs[start..index] {
            out.push(Figure {
                id: paragraph.id.clone(),
                report: report.id.clone(),
                city: report.city.clone(),
                year: report.year,
                theme: paragraph.theme.clone(),
                chapter: paragraph.chapter.clone(),
                section: paragraph.section.clone(),
                effect: paragraph.section.first().cloned(),
                page: paragraph.page,
                lines: paragraph.lines,
                text: paragraph.text.clone(),
                numbers: numbers_in(&paragraph.text)
                    .into_iter()
                    .map(|(text, quantity)| FigureNumber {
                        text,
                        value: quantity.value,
                        unit: quantity.unit,
                    })
                    .collect(),
                cites: cited_cities(&paragraph.text, &report.city)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                source: source.clone(),
            });
        }
    }
    out
}

/// Whether `next` comes right after `previous` in reading order (the
/// caller may hold only some kinds of paragraphs).
fn follows(previous: &crate::model::Paragraph, next: &crate::model::Paragraph) -> bool {
    next.n == previous.n + 1
}

/// The figures of the selected reports that pass the filters, in report then reading order.
pub fn select(reports: &[ReportText], selection: &Selection) -> Vec<Figure> {
    let mut reports: Vec<&ReportText> = reports
        .iter()
        .filter(|report| selection.accepts_report(report))
        .collect();
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    reports
        .into_iter()
        .flat_map(figures)
        .filter(|figure| selection.accepts_parts(&figure.theme, &figure.section, &figure.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::query::WordFilter;
    use crate::knowledge::test_paragraph;

    fn report() -> ReportText {
        let effect = [
            "4.1 Toegenomen belang van de centrumfunctie",
            "Evolutie van het effect in cijfers",
        ];
        let other = [
            "4.2 Aantrekkelijke woonstad",
            "Evolutie van het effect in cijfers",
        ];
        ReportText::new(
            "hasselt-2011",
            "Hasselt",
            Some(2011),
            vec![
                test_paragraph(
                    1,
                    Kind::Figure,
                    &effect,
                    "Hasselt heeft een jobratio van 110 arbeidsplaatsen per 100 inwoners.",
                ),
                test_paragraph(
                    2,
                    Kind::Figure,
                    &effect,
                    "De netto-groeiratio bedraagt in 2009 2,6%, hoger dan in Gent.",
                ),
                test_paragraph(
                    3,
                    Kind::QuoteSource,
                    &effect,
                    "Rapport Stedenfonds 2008-2013: update 2010",
                ),
                test_paragraph(
                    4,
                    Kind::Paragraph,
                    &effect,
                    "De stad vervult een centrumfunctie.",
                ),
                test_paragraph(
                    5,
                    Kind::Figure,
                    &other,
                    "Met 20 sociale huurwoningen per 1.000 inwoners.",
                ),
                test_paragraph(6, Kind::Paragraph, &other, "Geen bronregel."),
            ],
        )
    }

    #[test]
    fn figures_carry_effect_and_source() {
        let found = figures(&report());
        assert_eq!(found.len(), 3);
        assert_eq!(
            found[0].effect.as_deref(),
            Some("4.1 Toegenomen belang van de centrumfunctie")
        );
        let source = found[1].source.as_ref().map(|s| s.text.as_str());
        assert_eq!(source, Some("Rapport Stedenfonds 2008-2013: update 2010"));
        assert_eq!(found[0].source, found[1].source);
        assert_eq!(found[2].source, None);
        assert_eq!(found[1].cites, ["Gent"]);
    }

    #[test]
    fn figures_numbers_are_typed() {
        let found = figures(&report());
        let numbers: Vec<(String, f64)> = found[2]
            .numbers
            .iter()
            .map(|n| (n.text.clone(), n.value.as_f64()))
            .collect();
        assert_eq!(
            numbers,
            [("20".to_string(), 20.0), ("1.000".to_string(), 1000.0)]
        );
        assert_eq!(found[1].numbers[1].unit.as_deref(), Some("%"));
    }

    #[test]
    fn query_words_filter_figures() {
        let selection = Selection {
            words: WordFilter::matching(
                ["test-2011:5".to_string()].into(),
                ["huurwoning".to_string()].into(),
            ),
            ..Selection::default()
        };
        let found = select(&[report()], &selection);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "test-2011:5");
    }
}

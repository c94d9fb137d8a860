//! The committee's recommendations as records: what was advised, to which
//! city, on which theme, in which visit round, and the body paragraph that
//! motivates it — so an analyst can list "all advice on child-friendliness"
//! across cities without reading the reports.
//!
//! Two sources, kept apart by `round`:
//! - `recommendation` paragraphs (italic in the PDF): the report's own
//!   committee, `round` = the report's year;
//! - the bullets (and any `recommendation` paragraphs) under a heading that
//!   names an earlier committee, e.g. `9.5 Aanbevelingen visitatiecommissie
//!   van 2005`: `round` = the year that heading names. The rule reads the
//!   heading — a word about the committee, its visit or its advice, and a
//!   year before the report's — never the section number.
//!
//! `context` is the nearest preceding paragraph of the same chapter that is
//! body text (`paragraph` or `list_item`) and not itself a recommendation.

use super::query::Selection;
use super::ReportText;
use crate::analysis::fold_str;
use crate::cities::cited_cities;
use crate::model::{Kind, Paragraph};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// The paragraph id, e.g. `hasselt-2011:41`.
    pub id: String,
    pub report: String,
    #[serde(with = "crate::model::city_or_null")]
    pub city: String,
    /// The report's year.
    pub year: Option<i32>,
    /// The visit the recommendation belongs to.
    pub round: Option<i32>,
    pub theme: String,
    pub chapter: String,
    pub section: Vec<String>,
    pub page: Option<u32>,
    pub lines: [u32; 2],
    pub text: String,
    /// Other centre cities the recommendation names (see `cities`).
    pub cites: Vec<String>,
    pub context: Option<Context>,
}

/// The paragraph a recommendation follows from.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Context {
    pub id: String,
    pub lines: [u32; 2],
    pub text: String,
}

/// Which rounds to keep: `--round` values, empty for all.
#[derive(Debug, Clone, Default)]
pub struct RecommendationFilter {
    pub selection: Selection,
    pub rounds: Vec<i32>,
}

/// All recommendations of a report, in reading order.
pub fn recommendations(report: &ReportText) -> Vec<Recommendation> {
    let paragraphs = &report.paragraphs;
    let rounds: Vec<Option<Option<i32>>> = paragraphs
        .iter()
        .map(|paragraph| round_of(paragraph, report.year))
        .collect();
    paragraphs
        .iter()
        .enumerate()
        .filter_map(|(index, paragraph)| {
            let round = rounds[index]?;
            let context = paragraphs[..index]
                .iter()
                .zip(&rounds[..index])
                .rev()
                .take_while(|(before, _)| before.chapter == paragraph.chapter)
                .find(|(before, round)| {
                    round.is_none() && matches!(before.kind, Kind::Paragraph | Kind::ListItem)
                })
                .map(|(before, _)| Context {
                    id: before.id.clone(),
                    lines: before.lines,
                    text: before.text.clone(),
                });
            Some(Recommendation {
                id: paragraph.id.clone(),
                report: report.id.clone(),
                city: report.city.clone(),
                year: report.year,
                round,
                theme: paragraph.theme.clone(),
                chapter: paragraph.chapter.clone(),
                section: paragraph.section.clone(),
                page: paragraph.page,
                lines: paragraph.lines,
                text: paragraph.text.clone(),
                cites: cited_cities(&paragraph.text, &report.city)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                context,
            })
        })
        .collect()
}

/// `Some(round)` when the paragraph is a recommendation, `None` otherwise.
fn round_of(paragraph: &Paragraph, report_year: Option<i32>) -> Option<Option<i32>> {
    let earlier = earlier_round(paragraph, report_year);
    match (paragraph.kind, earlier) {
        (Kind::Recommendation | Kind::ListItem, Some(year)) => Some(Some(year)),
        (Kind::Recommendation, None) => Some(report_year),
        _ => None,
    }
}

/// The year of an earlier committee named by a heading above the paragraph.
fn earlier_round(paragraph: &Paragraph, report_year: Option<i32>) -> Option<i32> {
    paragraph
        .section
        .iter()
        .rev()
        .chain(std::iter::once(&paragraph.chapter))
        .find_map(|heading| heading_round(heading, report_year))
}

/// `Aanbevelingen visitatiecommissie van 2005` → 2005 (in a 2011 report).
pub fn heading_round(heading: &str, report_year: Option<i32>) -> Option<i32> {
    let folded = fold_str(&heading.to_lowercase());
    let about_a_visit = ["aanbeveling", "advie", "commissie", "visitatie"]
        .iter()
        .any(|word| folded.contains(word));
    if !about_a_visit {
        return None;
    }
    folded
        .split(|c: char| !c.is_ascii_digit())
        .filter(|digits| digits.len() == 4)
        .filter_map(|digits| digits.parse::<i32>().ok())
        .filter(|year| (1990..=2100).contains(year))
        .find(|year| report_year.is_none_or(|report| *year < report))
}

/// Apply `--city`, `--theme`, `--year`, `--round` and the QUERY words.
pub fn select(reports: &[ReportText], filter: &RecommendationFilter) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = reports
        .iter()
        .filter(|report| filter.selection.accepts_report(report))
        .flat_map(recommendations)
        .filter(|recommendation| {
            filter.rounds.is_empty()
                || recommendation
                    .round
                    .is_some_and(|round| filter.rounds.contains(&round))
        })
        .filter(|recommendation| {
            filter.selection.accepts_parts(
                &recommendation.theme,
                &recommendation.section,
                &recommendation.id,
            )
        })
        .collect();
    sort_by_theme_then_city(&mut out);
    out
}

/// Grouping order of the output: theme, city, report, then reading order.
pub fn sort_by_theme_then_city(recommendations: &mut [Recommendation]) {
    recommendations.sort_by(|a, b| {
        (&a.theme, &a.city, &a.report, paragraph_number(&a.id)).cmp(&(
            &b.theme,
            &b.city,
            &b.report,
            paragraph_number(&b.id),
        ))
    });
}

/// `hasselt-2011:41` → 41 (0 for an id without a number).
pub fn paragraph_number(id: &str) -> u32 {
    id.rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{test_paragraph, test_words};

    fn report() -> ReportText {
        let mut appendix = vec![
            test_paragraph(
                10,
                Kind::Paragraph,
                &["9.5 Aanbevelingen visitatiecommissie van 2005"],
                "In het kader daarvan gaf de commissie volgende adviezen mee.",
            ),
            test_paragraph(
                11,
                Kind::ListItem,
                &["9.5 Aanbevelingen visitatiecommissie van 2005"],
                "De commissie adviseert spaarzaam om te springen met plannen.",
            ),
            test_paragraph(
                12,
                Kind::ListItem,
                &["9.5 Aanbevelingen visitatiecommissie van 2005"],
                "De commissie steunt de plannen van het OCMW.",
            ),
        ];
        for paragraph in &mut appendix {
            paragraph.chapter = "9. BIJLAGEN".into();
            paragraph.theme = "bijlagen".into();
        }
        let mut paragraphs = vec![
            test_paragraph(
                1,
                Kind::Paragraph,
                &["4.1 Centrumfunctie"],
                "De stad investeert sterk in infrastructuur.",
            ),
            test_paragraph(
                2,
                Kind::Recommendation,
                &["4.1 Centrumfunctie"],
                "De commissie adviseert een dialoog met de actoren, zoals in Gent.",
            ),
            test_paragraph(
                3,
                Kind::Recommendation,
                &["4.1 Centrumfunctie"],
                "De commissie beveelt overleg op provinciaal niveau aan.",
            ),
            test_paragraph(
                4,
                Kind::ListItem,
                &["4.2 Wonen"],
                "een bullet in de lopende tekst",
            ),
        ];
        paragraphs.extend(appendix);
        ReportText::new("hasselt-2011", "Hasselt", Some(2011), paragraphs)
    }

    #[test]
    fn recommendation_paragraphs_belong_to_the_reports_round() {
        let found = recommendations(&report());
        let rounds: Vec<(u32, Option<i32>)> = found
            .iter()
            .map(|r| (paragraph_number(&r.id), r.round))
            .collect();
        assert_eq!(
            rounds,
            [
                (2, Some(2011)),
                (3, Some(2011)),
                (11, Some(2005)),
                (12, Some(2005))
            ]
        );
        assert!(found.iter().all(|r| r.year == Some(2011)));
        assert_eq!(found[0].cites, ["Gent"]);
    }

    #[test]
    fn context_is_the_nearest_body_paragraph_before() {
        let found = recommendations(&report());
        let context = |i: usize| found[i].context.as_ref().map(|c| c.id.clone());
        assert_eq!(context(0).as_deref(), Some("test-2011:1"));
        // The second recommendation skips the first.
        assert_eq!(context(1).as_deref(), Some("test-2011:1"));
        // The 2005 bullets skip each other and stay inside their chapter.
        assert_eq!(context(3).as_deref(), Some("test-2011:10"));
    }

    #[test]
    fn the_round_comes_from_the_heading_text_not_its_number() {
        assert_eq!(
            heading_round("9.5 Aanbevelingen visitatiecommissie van 2005", Some(2011)),
            Some(2005)
        );
        assert_eq!(
            heading_round("3.2 Opvolging adviezen visitatie 2005", Some(2011)),
            Some(2005)
        );
        assert_eq!(heading_round("9.5 Stedenfonds 2005", Some(2011)), None);
        assert_eq!(heading_round("Aanbevelingen 2011", Some(2011)), None);
        assert_eq!(
            heading_round("4.1 Beleidsovereenkomst 2008-2013", Some(2011)),
            None
        );
    }

    #[test]
    fn round_and_words_filter() {
        let reports = [report()];
        let only = |rounds: &[i32], query: &str| -> Vec<u32> {
            let filter = RecommendationFilter {
                selection: Selection {
                    words: test_words(reports.iter().flat_map(|r| &r.paragraphs), query, false),
                    ..Selection::default()
                },
                rounds: rounds.to_vec(),
            };
            select(&reports, &filter)
                .iter()
                .map(|r| paragraph_number(&r.id))
                .collect()
        };
        // Sorted by theme: `beleidsovereenkomst` before `bijlagen`.
        assert_eq!(only(&[2011], ""), [2, 3]);
        assert_eq!(only(&[2005], ""), [11, 12]);
        assert_eq!(only(&[], "plannen"), [11, 12]);
        assert_eq!(only(&[], "provinciaal overleg"), [3]);
    }
}

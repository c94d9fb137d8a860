//! `visidex compare --theme THEME [QUERY]`: one theme, every report side by
//! side — how the committees judged different cities on the same subject.
//! Each report gets its recommendations on the theme and, with
//! `--paragraphs N`, its N paragraphs on the theme that best match QUERY.
//!
//! Every report passed in appears, also with nothing on the theme: an empty
//! column is an answer too. The paragraph ranking is BM25 (k1 1.2, b 0.75)
//! over the analyzer's stems, with document frequencies taken over the
//! theme's body paragraphs of all compared reports — a small, exact ranking
//! that needs no index; recommendations are listed, not ranked again.

use super::query::{Selection, WordFilter};
use super::recommendations::{recommendations, Recommendation};
use super::ReportText;
use crate::analysis::analyzer;
use crate::model::{Kind, Paragraph};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub theme: String,
    pub query: String,
    pub reports: Vec<ReportColumn>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReportColumn {
    pub report: String,
    #[serde(with = "crate::model::city_or_null")]
    pub city: String,
    pub year: Option<i32>,
    pub recommendations: Vec<Recommendation>,
    pub paragraphs: Vec<RankedParagraph>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RankedParagraph {
    pub id: String,
    pub kind: Kind,
    pub section: Vec<String>,
    pub page: Option<u32>,
    pub lines: [u32; 2],
    pub text: String,
    /// BM25 score, rounded to 4 decimals.
    pub score: f64,
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct CompareRequest {
    /// `theme` or `theme/section`, as `--theme`.
    pub theme: String,
    pub query: String,
    /// `--round` values; empty keeps every round.
    pub rounds: Vec<i32>,
    /// Best-matching paragraphs per report (0: none).
    pub paragraphs: usize,
    /// `--city` values: only these cities' reports (empty: every report).
    pub city: Vec<String>,
}

/// `words`: the QUERY as the search engine matched it (the paragraphs with
/// any of its words, and its stems to weigh).
pub fn compare(reports: &[ReportText], request: &CompareRequest, words: &WordFilter) -> Comparison {
    let on_theme = Selection {
        themes: vec![request.theme.clone()],
        ..Selection::default()
    };
    let ranked = rank_paragraphs(reports, &on_theme, words);
    let mut columns: Vec<ReportColumn> = reports
        .iter()
        .filter(|report| {
            request.city.is_empty()
                || request
                    .city
                    .iter()
                    .any(|city| crate::cities::names_city(city, &report.city))
        })
        .map(|report| {
            let recommendations = recommendations(report)
                .into_iter()
                .filter(|r| on_theme.accepts_parts(&r.theme, &r.section, &r.id))
                .filter(|r| {
                    request.rounds.is_empty()
                        || r.round.is_some_and(|round| request.rounds.contains(&round))
                })
                .collect();
            let mut paragraphs: Vec<RankedParagraph> =
                ranked.get(report.id.as_str()).cloned().unwrap_or_default();
            paragraphs.truncate(request.paragraphs);
            ReportColumn {
                report: report.id.clone(),
                city: report.city.clone(),
                year: report.year,
                recommendations,
                paragraphs,
            }
        })
        .collect();
    columns.sort_by(|a, b| (&a.city, &a.report).cmp(&(&b.city, &b.report)));
    Comparison {
        theme: request.theme.clone(),
        query: request.query.clone(),
        reports: columns,
    }
}

/// Per report id, its body paragraphs on the theme that match the words, best first.
fn rank_paragraphs<'a>(
    reports: &'a [ReportText],
    on_theme: &Selection,
    words: &WordFilter,
) -> BTreeMap<&'a str, Vec<RankedParagraph>> {
    let mut out: BTreeMap<&str, Vec<RankedParagraph>> = BTreeMap::new();
    if words.is_empty() {
        return out;
    }
    let candidates: Vec<(&str, &Paragraph, BTreeMap<String, u32>)> = reports
        .iter()
        .flat_map(|report| {
            report
                .paragraphs
                .iter()
                .map(move |p| (report.id.as_str(), p))
        })
        .filter(|(_, p)| matches!(p.kind, Kind::Paragraph | Kind::ListItem | Kind::Figure))
        .filter(|(_, p)| on_theme.accepts_theme(&p.theme, &p.section) && words.matches(&p.id))
        .map(|(report, p)| (report, p, stem_counts(&p.text)))
        .collect();
    if candidates.is_empty() {
        return out;
    }
    let total = candidates.len() as f64;
    let average_length = candidates
        .iter()
        .map(|(_, _, counts)| counts.values().sum::<u32>() as f64)
        .sum::<f64>()
        / total;
    let query: Vec<&str> = words.stems().collect();
    let idf: BTreeMap<&str, f64> = query
        .iter()
        .map(|stem| {
            let df = candidates
                .iter()
                .filter(|(_, _, c)| c.contains_key(*stem))
                .count() as f64;
            (*stem, ((total - df + 0.5) / (df + 0.5) + 1.0).ln())
        })
        .collect();
    for (report, paragraph, counts) in &candidates {
        let length = counts.values().sum::<u32>() as f64;
        let score: f64 = query
            .iter()
            .filter_map(|stem| {
                let tf = *counts.get(*stem)? as f64;
                let norm = 1.2 * (1.0 - 0.75 + 0.75 * length / average_length.max(1.0));
                Some(idf[stem] * tf * 2.2 / (tf + norm))
            })
            .sum();
        if score > 0.0 {
            out.entry(report).or_default().push(RankedParagraph {
                id: paragraph.id.clone(),
                kind: paragraph.kind,
                section: paragraph.section.clone(),
                page: paragraph.page,
                lines: paragraph.lines,
                text: paragraph.text.clone(),
                score: (score * 10_000.0).round() / 10_000.0,
            });
        }
    }
    for ranked in out.values_mut() {
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.lines[0].cmp(&b.lines[0]))
        });
    }
    out
}

fn stem_counts(text: &str) -> BTreeMap<String, u32> {
    let mut counts = BTreeMap::new();
    for term in analyzer().analyze(text).into_iter().filter(|t| !t.is_stop) {
        *counts.entry(term.stem).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{test_paragraph, test_words};

    fn words(reports: &[ReportText]) -> WordFilter {
        test_words(
            reports.iter().flat_map(|r| &r.paragraphs),
            "speelruimte",
            true,
        )
    }

    fn report(id: &str, city: &str, paragraphs: Vec<Paragraph>) -> ReportText {
        let paragraphs = paragraphs
            .into_iter()
            .map(|mut p| {
                p.id = format!("{id}:{}", p.n);
                p.theme = "kindvriendelijkheid".into();
                p
            })
            .collect();
        ReportText::new(id, city, Some(2011), paragraphs)
    }

    fn corpus() -> Vec<ReportText> {
        vec![
            report(
                "hasselt-2011",
                "Hasselt",
                vec![
                    test_paragraph(
                        1,
                        Kind::Paragraph,
                        &["Visie"],
                        "Er is geen visie op kindvriendelijkheid.",
                    ),
                    test_paragraph(
                        2,
                        Kind::Recommendation,
                        &["Visie"],
                        "De commissie adviseert een gemeenschappelijke visie.",
                    ),
                    test_paragraph(
                        3,
                        Kind::Paragraph,
                        &["Leren"],
                        "Speelruimte en speelpleinen voor kinderen, speelruimte overal.",
                    ),
                ],
            ),
            report(
                "aalst-2011",
                "Aalst",
                vec![test_paragraph(
                    1,
                    Kind::Paragraph,
                    &["Aanpak"],
                    "Weinig speelruimte in de binnenstad.",
                )],
            ),
        ]
    }

    #[test]
    fn every_report_gets_a_column_sorted_by_city() {
        let comparison = compare(
            &corpus(),
            &CompareRequest {
                theme: "kindvriendelijkheid".into(),
                ..CompareRequest::default()
            },
            &WordFilter::default(),
        );
        let cities: Vec<&str> = comparison.reports.iter().map(|c| c.city.as_str()).collect();
        assert_eq!(cities, ["Aalst", "Hasselt"]);
        assert!(comparison.reports[0].recommendations.is_empty());
        assert_eq!(comparison.reports[1].recommendations.len(), 1);
        assert!(comparison.reports.iter().all(|c| c.paragraphs.is_empty()));
    }

    #[test]
    fn paragraphs_are_ranked_per_report_and_cut_at_n() {
        let comparison = compare(
            &corpus(),
            &CompareRequest {
                theme: "kindvriendelijkheid".into(),
                query: "speelruimte".into(),
                paragraphs: 1,
                ..CompareRequest::default()
            },
            &words(&corpus()),
        );
        let ids: Vec<Vec<&str>> = comparison
            .reports
            .iter()
            .map(|c| c.paragraphs.iter().map(|p| p.id.as_str()).collect())
            .collect();
        assert_eq!(ids, [vec!["aalst-2011:1"], vec!["hasselt-2011:3"]]);
    }

    #[test]
    fn another_theme_leaves_the_columns_empty() {
        let comparison = compare(
            &corpus(),
            &CompareRequest {
                theme: "duurzaamheid".into(),
                query: "speelruimte".into(),
                paragraphs: 3,
                ..CompareRequest::default()
            },
            &words(&corpus()),
        );
        assert!(comparison
            .reports
            .iter()
            .all(|c| c.recommendations.is_empty() && c.paragraphs.is_empty()));
    }
}

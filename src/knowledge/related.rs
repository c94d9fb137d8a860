//! `visidex related ID`: the paragraphs of *other* reports most like a given
//! one — "what did the committee tell other cities about the same problem?".
//!
//! Similarity is the cosine of TF-IDF vectors over the Dutch analyzer's stems
//! (stop words dropped; tf = 1 + ln count, idf = ln(N / df) over every loaded
//! paragraph). The names of the centre cities are left out, so that a
//! paragraph is not "like" another merely because both name their own city.
//! Exact, deterministic (ties in reading order) and small enough for the whole
//! corpus (a few thousand paragraphs) in memory.

use super::ReportText;
use crate::analysis::analyzer;
use crate::cities::CENTRE_CITIES;
use crate::model::{Kind, Paragraph};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelatedParagraph {
    pub id: String,
    pub report: String,
    #[serde(with = "crate::model::city_or_null")]
    pub city: String,
    pub year: Option<i32>,
    pub kind: Kind,
    pub theme: String,
    pub chapter: String,
    pub section: Vec<String>,
    pub page: Option<u32>,
    pub lines: [u32; 2],
    pub text: String,
    /// Cosine similarity in [0, 1], rounded to 4 decimals.
    pub score: f64,
    /// The stems that weigh most in the similarity, heaviest first (at most 8).
    pub shared: Vec<String>,
}

type Vector = BTreeMap<String, f64>;

/// The most similar paragraphs of other reports, best first; `None` when `id` is unknown.
pub fn related(
    reports: &[ReportText],
    id: &str,
    limit: usize,
) -> Option<(RelatedParagraph, Vec<RelatedParagraph>)> {
    let all: Vec<(&ReportText, &Paragraph)> = reports
        .iter()
        .flat_map(|report| report.paragraphs.iter().map(move |p| (report, p)))
        .collect();
    let (target_report, target) = all.iter().find(|(_, p)| p.id == id).copied()?;
    let counts: Vec<BTreeMap<String, u32>> =
        all.iter().map(|(_, p)| stem_counts(&p.text)).collect();
    let mut document_frequency: BTreeMap<&str, u32> = BTreeMap::new();
    for stems in &counts {
        for stem in stems.keys() {
            *document_frequency.entry(stem).or_insert(0) += 1;
        }
    }
    let total = all.len() as f64;
    let vector = |stems: &BTreeMap<String, u32>| -> Vector {
        let mut vector: Vector = stems
            .iter()
            .map(|(stem, &count)| {
                let df = document_frequency.get(stem.as_str()).copied().unwrap_or(1) as f64;
                (
                    stem.clone(),
                    (1.0 + (count as f64).ln()) * (total / df).ln(),
                )
            })
            .filter(|(_, weight)| *weight > 0.0)
            .collect();
        let norm = vector.values().map(|w| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            vector.values_mut().for_each(|w| *w /= norm);
        }
        vector
    };
    let target_index = all.iter().position(|(_, p)| p.id == id)?;
    let target_vector = vector(&counts[target_index]);
    let mut scored: Vec<RelatedParagraph> = all
        .iter()
        .zip(&counts)
        .filter(|((report, _), _)| report.id != target_report.id)
        .filter_map(|((report, paragraph), stems)| {
            let other = vector(stems);
            let (score, shared) = cosine(&target_vector, &other);
            (score > 0.0).then(|| record(report, paragraph, score, shared))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| (&a.report, a.lines[0], &a.id).cmp(&(&b.report, b.lines[0], &b.id)))
    });
    scored.truncate(limit);
    let (self_score, self_shared) = (1.0, Vec::new());
    Some((
        record(target_report, target, self_score, self_shared),
        scored,
    ))
}

fn record(
    report: &ReportText,
    paragraph: &Paragraph,
    score: f64,
    shared: Vec<String>,
) -> RelatedParagraph {
    RelatedParagraph {
        id: paragraph.id.clone(),
        report: report.id.clone(),
        city: report.city.clone(),
        year: report.year,
        kind: paragraph.kind,
        theme: paragraph.theme.clone(),
        chapter: paragraph.chapter.clone(),
        section: paragraph.section.clone(),
        page: paragraph.page,
        lines: paragraph.lines,
        text: paragraph.text.clone(),
        score: (score * 10_000.0).round() / 10_000.0,
        shared,
    }
}

/// The cosine of two unit vectors and their heaviest shared stems.
fn cosine(a: &Vector, b: &Vector) -> (f64, Vec<String>) {
    let mut products: Vec<(f64, &str)> = a
        .iter()
        .filter_map(|(stem, wa)| b.get(stem).map(|wb| (wa * wb, stem.as_str())))
        .collect();
    let score = products.iter().map(|(p, _)| p).sum::<f64>().min(1.0);
    products.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
    let shared = products
        .into_iter()
        .take(8)
        .map(|(_, s)| s.to_string())
        .collect();
    (score, shared)
}

/// Non-stop stems of a text with their counts, city names left out.
fn stem_counts(text: &str) -> BTreeMap<String, u32> {
    let cities = city_stems();
    let mut counts = BTreeMap::new();
    for term in analyzer().analyze(text) {
        if term.is_stop
            || !term.stem.chars().any(char::is_alphabetic)
            || cities.contains(&term.stem)
        {
            continue;
        }
        *counts.entry(term.stem).or_insert(0) += 1;
    }
    counts
}

fn city_stems() -> &'static BTreeSet<String> {
    static STEMS: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    STEMS.get_or_init(|| {
        CENTRE_CITIES
            .iter()
            .flat_map(|city| analyzer().analyze(city))
            .map(|term| term.stem)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::test_paragraph;

    fn report(id: &str, city: &str, texts: &[&str]) -> ReportText {
        let paragraphs = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let mut p = test_paragraph(i as u32 + 1, Kind::Paragraph, &[], text);
                p.id = format!("{id}:{}", i + 1);
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
                &[
                    "Hasselt wil een inventaris van initiatieven voor kinderen en jongeren.",
                    "De netheid in de buurt gaat achteruit.",
                ],
            ),
            report(
                "gent-2011",
                "Gent",
                &[
                    "Gent maakt een transitieplan voor klimaatneutrale woningen.",
                    "Een inventaris van de initiatieven voor kinderen ontbreekt in Gent.",
                ],
            ),
            report(
                "genk-2011",
                "Genk",
                &["Genk werkt aan de netheid van de buurt."],
            ),
        ]
    }

    #[test]
    fn the_most_similar_paragraphs_of_other_reports_come_first() {
        let (target, found) = related(&corpus(), "hasselt-2011:1", 5).unwrap();
        assert_eq!(target.id, "hasselt-2011:1");
        let ids: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["gent-2011:2"]);
        assert!(
            found[0].shared.contains(&"inventaris".to_string()),
            "{:?}",
            found[0].shared
        );
    }

    #[test]
    fn own_report_is_excluded_and_city_names_do_not_count() {
        let (_, found) = related(&corpus(), "hasselt-2011:2", 5).unwrap();
        let ids: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["genk-2011:1"]);
        // "Gent" alone would make gent-2011:1 and :2 alike; the city is left out.
        let (_, found) = related(&corpus(), "gent-2011:1", 5).unwrap();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn unknown_ids_and_limits() {
        assert!(related(&corpus(), "nope:1", 5).is_none());
        let (_, found) = related(&corpus(), "hasselt-2011:1", 0).unwrap();
        assert!(found.is_empty());
    }
}

//! Scoring a parse against the hand-checked gold for chapters 1–4 of the
//! Hasselt report (used by the text path's and the PDF path's gold tests).
#![allow(dead_code)]

use serde::Deserialize;
use std::path::Path;
use visidex::model::{Kind, Paragraph};

#[derive(Debug, Deserialize)]
pub struct GoldParagraph {
    pub kind: Kind,
    pub chapter: String,
    pub section: Vec<String>,
    pub page: u32,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct GoldHeading {
    pub level: u8,
    pub text: String,
    pub line: u32,
}

pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn gold<T: for<'a> Deserialize<'a>>(name: &str) -> Vec<T> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gold")
        .join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

pub fn gold_paragraphs() -> Vec<GoldParagraph> {
    gold("hasselt-2011.ch1-4.paragraphs.jsonl")
}

/// Match gold paragraphs to parsed ones by normalised text, in reading order.
pub fn matches<'a>(golds: &[GoldParagraph], parsed: &'a [Paragraph]) -> Vec<Option<&'a Paragraph>> {
    let mut from = 0;
    golds
        .iter()
        .map(|gold| {
            let wanted = normalise(&gold.text);
            let found = parsed[from..]
                .iter()
                .position(|paragraph| normalise(&paragraph.text) == wanted)?;
            from += found + 1;
            Some(&parsed[from - 1])
        })
        .collect()
}

pub fn share(count: usize, total: usize) -> f64 {
    count as f64 / total.max(1) as f64
}

/// A parse's scores against the gold.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    pub total: usize,
    pub exact: f64,
    pub recommendation_f1: f64,
    pub chapters: f64,
    pub pages: f64,
    pub kinds: f64,
    pub sections: f64,
}

/// Score the paragraphs of a parse of the Hasselt report; prints the
/// figures and every gold paragraph not reproduced.
pub fn score(paragraphs: &[Paragraph]) -> Score {
    let golds = gold_paragraphs();
    let found = matches(&golds, paragraphs);
    let pairs: Vec<(&GoldParagraph, &Paragraph)> = golds
        .iter()
        .zip(&found)
        .filter_map(|(gold, found)| found.map(|paragraph| (gold, paragraph)))
        .collect();
    let total = golds.len();
    let count = |test: &dyn Fn(&GoldParagraph, &Paragraph) -> bool| {
        share(pairs.iter().filter(|(g, p)| test(g, p)).count(), total)
    };
    let in_gold_chapters: Vec<&Paragraph> = paragraphs
        .iter()
        .filter(|p| {
            ["1.", "2.", "3.", "4."]
                .iter()
                .any(|n| p.chapter.starts_with(n))
        })
        .collect();
    let gold_recs: Vec<String> = golds
        .iter()
        .filter(|g| g.kind == Kind::Recommendation)
        .map(|g| normalise(&g.text))
        .collect();
    let found_recs: Vec<String> = in_gold_chapters
        .iter()
        .filter(|p| p.kind == Kind::Recommendation)
        .map(|p| normalise(&p.text))
        .collect();
    let true_positives = found_recs.iter().filter(|r| gold_recs.contains(r)).count();
    let f1 = 2.0 * true_positives as f64 / (gold_recs.len() + found_recs.len()).max(1) as f64;
    let score = Score {
        total,
        exact: share(pairs.len(), total),
        recommendation_f1: f1,
        chapters: count(&|g, p| g.chapter == p.chapter),
        pages: count(&|g, p| Some(g.page) == p.page),
        kinds: count(&|g, p| g.kind == p.kind),
        sections: count(&|g, p| g.section == p.section),
    };
    println!(
        "gold {total}: exact {:.1}%, recommendation F1 {f1:.3}, chapter {:.1}%, page {:.1}%, kinds {:.1}%, sections {:.1}%",
        score.exact * 100.0,
        score.chapters * 100.0,
        score.pages * 100.0,
        score.kinds * 100.0,
        score.sections * 100.0
    );
    for (gold, found) in golds.iter().zip(&found) {
        match found {
            None => println!("not reproduced: {}", gold.text),
            Some(p) if Some(gold.page) != p.page || gold.kind != p.kind => println!(
                "page {} / kind {} for gold page {} / kind {}: {}",
                p.page.unwrap_or(0),
                p.kind,
                gold.page,
                gold.kind,
                gold.text
            ),
            Some(_) => {}
        }
    }
    score
}

//! The parser against the hand-checked gold for chapters 1–4 of the Hasselt
//! report, and the whole report against the rules the gold does not cover
//! (tables, appendix bullets, recommendations in chapters 6–7, no footers).

use serde::Deserialize;
use std::path::Path;
use visidex::model::{Kind, Paragraph, ParsedReport};
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

const SEED: &str = "corpus/hasselt-2011.txt";

#[derive(Debug, Deserialize)]
struct GoldParagraph {
    kind: Kind,
    chapter: String,
    section: Vec<String>,
    page: u32,
    text: String,
}

#[derive(Debug, Deserialize)]
struct GoldHeading {
    level: u8,
    text: String,
    line: u32,
}

fn parse_seed() -> ParsedReport {
    let text = std::fs::read_to_string(SEED).unwrap();
    let input = ReportInput {
        id: "hasselt-2011",
        source: SEED,
        ..ReportInput::default()
    };
    report::parse(&text, &input, &Taxonomy::default())
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn gold<T: for<'a> Deserialize<'a>>(name: &str) -> Vec<T> {
    let path = Path::new("tests/fixtures/gold").join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// Match gold paragraphs to parsed ones by normalised text, in reading order.
fn matches<'a>(golds: &[GoldParagraph], parsed: &'a [Paragraph]) -> Vec<Option<&'a Paragraph>> {
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

fn share(count: usize, total: usize) -> f64 {
    count as f64 / total.max(1) as f64
}

#[test]
fn chapters_one_to_four_match_the_gold() {
    let parsed = parse_seed();
    let golds: Vec<GoldParagraph> = gold("hasselt-2011.ch1-4.paragraphs.jsonl");
    let found = matches(&golds, &parsed.paragraphs);
    let pairs: Vec<(&GoldParagraph, &Paragraph)> = golds
        .iter()
        .zip(&found)
        .filter_map(|(gold, found)| found.map(|paragraph| (gold, paragraph)))
        .collect();
    let total = golds.len();
    let exact = share(pairs.len(), total);
    let kinds = share(
        pairs.iter().filter(|(g, p)| g.kind == p.kind).count(),
        total,
    );
    let chapters = share(
        pairs.iter().filter(|(g, p)| g.chapter == p.chapter).count(),
        total,
    );
    let pages = share(
        pairs.iter().filter(|(g, p)| Some(g.page) == p.page).count(),
        total,
    );
    let sections = share(
        pairs.iter().filter(|(g, p)| g.section == p.section).count(),
        total,
    );

    let in_gold_chapters: Vec<&Paragraph> = parsed
        .paragraphs
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

    println!(
        "gold {total}: exact {:.1}%, recommendation F1 {f1:.3}, chapter {:.1}%, page {:.1}%, kinds {:.1}%, sections {:.1}%",
        exact * 100.0,
        chapters * 100.0,
        pages * 100.0,
        kinds * 100.0,
        sections * 100.0
    );
    for (gold, found) in golds.iter().zip(&found) {
        if found.is_none() {
            println!("not reproduced: {}", gold.text);
        }
    }
    assert!(exact >= 0.95, "exact {exact}");
    assert!(f1 >= 0.9, "recommendation F1 {f1}");
    assert!(chapters >= 0.98, "chapters {chapters}");
    assert!(pages >= 0.90, "pages {pages}");
    assert!(kinds >= 0.95, "kinds {kinds}");
    assert!(sections >= 0.90, "sections {sections}");
}

#[test]
fn headings_of_chapters_one_to_four_match_the_gold() {
    let parsed = parse_seed();
    let golds: Vec<GoldHeading> = gold("hasselt-2011.ch1-4.headings.jsonl");
    let last_line = golds.iter().map(|h| h.line).max().unwrap();
    let ours: Vec<(u8, &str, u32)> = parsed
        .headings
        .iter()
        .filter(|h| h.line <= last_line + 50 && h.line < 1008)
        .map(|h| (h.level, h.text.as_str(), h.line))
        .collect();
    let expected: Vec<(u8, &str, u32)> = golds
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.line))
        .collect();
    assert_eq!(ours, expected);
}

#[test]
fn the_stedenfonds_table_has_a_row_per_city_and_the_total() {
    let parsed = parse_seed();
    let rows: Vec<&Paragraph> = parsed
        .paragraphs
        .iter()
        .filter(|p| p.kind == Kind::TableRow && p.section.iter().any(|s| s.starts_with("9.4")))
        .collect();
    let cities = [
        "Aalst",
        "Antwerpen",
        "Brugge",
        "Genk",
        "Gent",
        "Hasselt",
        "Kortrijk",
        "Leuven",
        "Mechelen",
        "Oostende",
        "Roeselare",
        "Sint-Niklaas",
        "Turnhout",
        "VGC",
        "Totaal",
    ];
    // The multi-line column header is one table_row before the data rows.
    assert!(
        rows[0]
            .text
            .starts_with("Inwoners 2008 Gecumuleerde trekkingsrechten"),
        "{}",
        rows[0].text
    );
    let data: Vec<&str> = rows[1..].iter().map(|p| p.text.as_str()).collect();
    assert_eq!(data.len(), 15, "{data:#?}");
    for (row, city) in data.iter().zip(cities) {
        assert!(
            row.starts_with(&format!("{city} ")),
            "{row} should start with {city}"
        );
    }
}

#[test]
fn the_member_table_has_one_row_per_member() {
    let parsed = parse_seed();
    let rows: Vec<&Paragraph> = parsed
        .paragraphs
        .iter()
        .filter(|p| p.kind == Kind::TableRow && p.section.iter().any(|s| s.starts_with("9.1")))
        .collect();
    assert_eq!(rows.len(), 1 + 8, "header and eight members");
    assert_eq!(
        rows[6].text,
        "Wouter Van Bellingen ervaringsdeskundige, kindvriendelijkheid schepen voor o.a. Jeugd en Burgerzaken van de stad Sint-Niklaas"
    );
}

#[test]
fn the_2005_recommendations_are_list_items() {
    let parsed = parse_seed();
    let appendix: Vec<&Paragraph> = parsed
        .paragraphs
        .iter()
        .filter(|p| p.section.first().is_some_and(|s| s.starts_with("9.5")))
        .collect();
    assert_eq!(appendix.len(), 12);
    assert_eq!(appendix[0].kind, Kind::Paragraph);
    assert!(appendix[1..].iter().all(|p| p.kind == Kind::ListItem));
}

#[test]
fn the_theme_chapters_have_recommendations() {
    // Measured: chapters 5 (Stedenfonds) and 8 (Besluit) of the Hasselt report
    // hold no narrow-set paragraph at all (their widest wrapped lines are ≥ 0.99
    // of the body measure), so only 6 and 7 are required to have some.
    let parsed = parse_seed();
    for chapter in ["6.", "7."] {
        let count = parsed
            .paragraphs
            .iter()
            .filter(|p| p.chapter.starts_with(chapter) && p.kind == Kind::Recommendation)
            .count();
        assert!(count >= 3, "chapter {chapter}: {count} recommendations");
    }
    let all = parsed
        .paragraphs
        .iter()
        .filter(|p| p.kind == Kind::Recommendation)
        .count();
    assert_eq!(all, 24);
}

#[test]
fn no_text_keeps_layout_marks_or_footers() {
    let parsed = parse_seed();
    for paragraph in &parsed.paragraphs {
        let text = &paragraph.text;
        assert!(!text.contains('¬'), "{text}");
        assert!(!text.contains('•'), "{text}");
        assert!(!text.contains('»'), "{text}");
        assert!(!text.contains("| visitatierapport"), "{text}");
        assert!(!text.contains("  "), "{text}");
        assert_eq!(text.trim(), text);
    }
    let across_footer = parsed
        .paragraphs
        .iter()
        .find(|p| p.lines[0] < 1488 && p.lines[1] > 1488)
        .unwrap();
    assert!(across_footer
        .text
        .contains("actieplan rond duurzaamheid van onderuit op te bouwen"));
}

#[test]
fn metadata_comes_from_the_text() {
    let report = parse_seed().report;
    assert_eq!(report.city, "Hasselt");
    assert_eq!(report.year, Some(2011));
    assert_eq!(report.date.as_deref(), Some("2011-05-03"));
    assert_eq!(report.title, "visitatierapport Hasselt");
}

#[test]
fn hyphenation_is_repaired_from_the_report_and_the_word_list() {
    let parsed = parse_seed();
    let all: String = parsed
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "Vlaamse Gemeenschapscommissie (VGC)",
        "instroom van niet-Hasselaren in het onderwijs",
        "migratie en sociaal-economische dynamieken",
        "visieontwikkeling",
        "speelruimte, groene ruimte",
        "langetermijnvisie en -strategie",
    ] {
        assert!(all.contains(expected), "missing {expected:?}");
    }
    assert_eq!(
        parsed
            .headings
            .iter()
            .find(|h| h.line == 1401)
            .unwrap()
            .text,
        "7. DUURZAAMHEID, RATIONEEL ENERGIE- EN MATERIALENGEBRUIK"
    );
}

#[test]
fn line_offsets_name_the_source_line_of_every_word() {
    let parsed = parse_seed();
    let source: Vec<String> = std::fs::read_to_string(SEED)
        .unwrap()
        .split('\n')
        .map(|line| line.chars().filter(|&c| c != '¬').collect())
        .collect();
    for paragraph in &parsed.paragraphs {
        let offsets = &paragraph.line_offsets;
        assert_eq!(offsets[0][0], 0);
        assert_eq!(offsets[0][1], paragraph.lines[0]);
        assert_eq!(offsets.last().unwrap()[1], paragraph.lines[1]);
        assert!(offsets
            .windows(2)
            .all(|w| w[0][0] < w[1][0] && w[0][1] < w[1][1]));
        for &[offset, line] in offsets {
            // The text at each offset starts with that source line's first word.
            let body = source[line as usize - 1]
                .trim()
                .trim_start_matches(['•', '»'])
                .trim();
            let first = body
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('-');
            assert!(
                paragraph.text[offset as usize..].starts_with(first),
                "line {line}: {first:?} not at byte {offset} of {:?}",
                paragraph.text
            );
            assert_eq!(paragraph.line_at(offset as usize), line);
        }
    }
}

//! The same report in other extraction styles must give the same paragraphs:
//! CRLF line ends, Windows-1252 bytes, form feeds instead of the leading-space
//! page marks, and single-spaced lines (the empty lines dropped). Also the
//! coverage invariant, and that `parse` is total on arbitrary text.

use proptest::prelude::*;
use std::path::Path;
use visidex::corpus::decode_report;
use visidex::model::{Kind, ParsedReport};
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

const SEED: &str = "corpus/hasselt-2011.txt";

fn seed() -> String {
    std::fs::read_to_string(SEED).unwrap()
}

fn parse(text: &str) -> ParsedReport {
    let input = ReportInput {
        id: "hasselt-2011",
        ..ReportInput::default()
    };
    report::parse(text, &input, &Taxonomy::default())
}

fn decoded(bytes: &[u8]) -> String {
    decode_report(Path::new("variant.txt"), bytes).unwrap().text
}

fn texts_and_kinds(parsed: &ParsedReport) -> Vec<(String, Kind)> {
    parsed
        .paragraphs
        .iter()
        .map(|p| (p.text.clone(), p.kind))
        .collect()
}

fn assert_same(variant: &str, expected: &ParsedReport, actual: &ParsedReport) {
    let expected = texts_and_kinds(expected);
    let actual = texts_and_kinds(actual);
    for (index, (e, a)) in expected.iter().zip(&actual).enumerate() {
        assert_eq!(e, a, "{variant}: paragraph {}", index + 1);
    }
    assert_eq!(expected.len(), actual.len(), "{variant}: paragraph count");
}

/// The seed with its leading-space page marks replaced by form feeds.
fn with_form_feeds(text: &str) -> String {
    let mut out = Vec::new();
    let mut previous_text = false;
    let mut previous_mark = false;
    for line in text.split('\n') {
        let single_space =
            line.starts_with(' ') && !line.starts_with("  ") && !line.trim().is_empty();
        let is_mark = single_space && previous_text && !previous_mark;
        if is_mark {
            out.push(format!("\x0c{}", &line[1..]));
        } else {
            out.push(line.to_string());
        }
        if !line.trim().is_empty() {
            previous_mark = is_mark;
        }
        previous_text = !line.trim().is_empty();
    }
    out.join("\n")
}

#[test]
fn crlf_gives_the_same_paragraphs() {
    let text = seed();
    let crlf = text.replace('\n', "\r\n");
    assert_same("crlf", &parse(&text), &parse(&decoded(crlf.as_bytes())));
}

#[test]
fn windows_1252_gives_the_same_paragraphs() {
    let text = seed();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    // `¬`, `•`, `»`, curly quotes and accents all exist in Windows-1252.
    assert!(!unmappable);
    assert_same("windows-1252", &parse(&text), &parse(&decoded(&bytes)));
}

#[test]
fn form_feeds_give_the_same_paragraphs_and_pages() {
    let text = seed();
    let feeds = with_form_feeds(&text);
    assert!(feeds.matches('\x0c').count() >= 25);
    let (expected, actual) = (parse(&text), parse(&feeds));
    assert_same("form feeds", &expected, &actual);
    let pages =
        |parsed: &ParsedReport| parsed.paragraphs.iter().map(|p| p.page).collect::<Vec<_>>();
    assert_eq!(pages(&expected), pages(&actual));
}

#[test]
fn single_spaced_text_gives_the_same_paragraphs() {
    let text = seed();
    let single: Vec<&str> = text.split('\n').filter(|line| !line.is_empty()).collect();
    let single = single.join("\n");
    let (expected, actual) = (parse(&text), parse(&single));
    assert_same("single-spaced", &expected, &actual);
    let headings = |parsed: &ParsedReport| {
        parsed
            .headings
            .iter()
            .map(|h| (h.level, h.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(headings(&expected), headings(&actual));
}

/// Every non-empty, non-heading, non-footer line is in exactly one paragraph's range.
fn assert_covered(text: &str, parsed: &ParsedReport) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut owner = vec![0usize; lines.len() + 1];
    for paragraph in &parsed.paragraphs {
        let [first, last] = paragraph.lines;
        assert!(first >= 1 && first <= last && last as usize <= lines.len());
        for line in first..=last {
            assert_eq!(owner[line as usize], 0, "line {line} in two paragraphs");
            owner[line as usize] = paragraph.n as usize;
        }
    }
    let headings: std::collections::BTreeSet<u32> = heading_lines(parsed, &lines);
    for (index, line) in lines.iter().enumerate() {
        let number = index as u32 + 1;
        let clean: String = line.chars().filter(|&c| c != '\x0c').collect();
        let clean = clean.trim();
        if clean.is_empty() || headings.contains(&number) || is_footer(clean) {
            continue;
        }
        assert_ne!(
            owner[number as usize], 0,
            "line {number} {clean:?} is in no paragraph"
        );
    }
}

/// Heading lines, including the wrapped second line of a chapter title.
fn heading_lines(parsed: &ParsedReport, lines: &[&str]) -> std::collections::BTreeSet<u32> {
    let mut set = std::collections::BTreeSet::new();
    for heading in &parsed.headings {
        let mut line = heading.line;
        let mut covered = String::new();
        while (line as usize) <= lines.len() {
            let text = lines[line as usize - 1].replace('\x0c', "");
            let text = text.trim();
            if !text.is_empty() {
                set.insert(line);
                covered = format!("{covered} {text}");
            }
            if normalise(&covered).len() >= normalise(&heading.text).len() {
                break;
            }
            line += 1;
        }
    }
    set
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '¬')
        .collect()
}

fn is_footer(text: &str) -> bool {
    text.split_once('|').is_some_and(|(left, right)| {
        let (left, right) = (left.trim(), right.trim());
        left.chars().all(|c| c.is_ascii_digit()) && !left.is_empty() && !right.is_empty()
            || right.chars().all(|c| c.is_ascii_digit()) && !right.is_empty() && !left.is_empty()
    })
}

#[test]
fn every_line_of_the_seed_is_covered_once() {
    let text = seed();
    assert_covered(&text, &parse(&text));
}

fn seed_lines() -> Vec<String> {
    seed().split('\n').map(str::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn coverage_holds_on_shuffled_and_mutated_seed_lines(
        picks in proptest::collection::vec((0usize..2090, 0u8..6), 1..120)
    ) {
        let lines = seed_lines();
        let mut text = Vec::new();
        for (index, mutation) in picks {
            let line = lines[index % lines.len()].clone();
            let line = match mutation {
                0 => line.trim_end().to_string(),
                1 => format!(" {}", line.trim_start()),
                2 => format!("{line}-"),
                3 => line.to_uppercase(),
                _ => line,
            };
            text.push(line);
            if index % 3 != 0 {
                text.push(String::new());
            }
        }
        let text = text.join("\n");
        assert_covered(&text, &parse(&text));
    }

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let parsed = parse(&text);
        for paragraph in &parsed.paragraphs {
            prop_assert!(paragraph.lines[0] <= paragraph.lines[1]);
        }
    }

    #[test]
    fn parse_never_panics_on_layout_like_fragments(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("\n".to_string()), Just(" ".to_string()), Just("\x0c".to_string()),
                Just("•\t ".to_string()), Just("\t» ".to_string()), Just("-".to_string()),
                Just("¬".to_string()), Just("1. HOOFDSTUK ".to_string()), Just("4.2 Sectie".to_string()),
                Just("22 | visitatierapport X".to_string()), Just("Aalst 1.2 3,4%".to_string()),
                Just("Naam Rol".to_string()), Just("Bron: x".to_string()), Just(". ".to_string()),
                "[a-zA-Zëé]{1,12}",
            ],
            0..200,
        )
    ) {
        let text: String = parts.concat();
        let parsed = parse(&text);
        assert_covered(&text, &parsed);
    }
}

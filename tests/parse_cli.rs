//! `visidex parse` as users call it: the JSON contract decoded into strict
//! types (an unknown or missing field fails), and a missing file.

use serde::Deserialize;
use std::process::Command;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    report: Report,
    paragraphs: Vec<Paragraph>,
    headings: Vec<Heading>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    id: String,
    title: String,
    city: String,
    year: Option<i32>,
    date: Option<String>,
    source: String,
    sha256: String,
    format: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Paragraph {
    n: u32,
    id: String,
    kind: String,
    chapter: String,
    section: Vec<String>,
    theme: String,
    page: Option<u32>,
    lines: [u32; 2],
    text: String,
    line_offsets: Vec<[u32; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Heading {
    level: u8,
    text: String,
    line: u32,
}

fn visidex(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_visidex"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn parse_json_follows_the_contract() {
    let output = visidex(&["parse", "corpus/hasselt-2011.txt", "--json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: Output = serde_json::from_slice(&output.stdout).unwrap();
    let report = &parsed.report;
    assert_eq!(report.id, "hasselt-2011");
    assert_eq!(report.title, "visitatierapport Hasselt");
    assert_eq!(report.city, "Hasselt");
    assert_eq!(report.year, Some(2011));
    assert_eq!(report.date.as_deref(), Some("2011-05-03"));
    assert_eq!(report.source, "corpus/hasselt-2011.txt");
    assert_eq!(report.sha256.len(), 64);
    assert_eq!(report.format, "text");
    let kinds = [
        "paragraph",
        "list_item",
        "recommendation",
        "figure",
        "quote_source",
        "table_row",
    ];
    for (index, paragraph) in parsed.paragraphs.iter().enumerate() {
        assert_eq!(paragraph.n as usize, index + 1);
        assert_eq!(paragraph.id, format!("hasselt-2011:{}", paragraph.n));
        assert!(
            kinds.contains(&paragraph.kind.as_str()),
            "{}",
            paragraph.kind
        );
        assert!(!paragraph.chapter.is_empty() && !paragraph.theme.is_empty());
        assert!(paragraph.page.is_some());
        assert!(paragraph.lines[0] <= paragraph.lines[1]);
        assert!(!paragraph.text.is_empty());
        assert!(!paragraph.line_offsets.is_empty());
    }
    let first = &parsed.paragraphs[0];
    assert_eq!(
        first.section,
        vec!["Aanleiding van de visitatie".to_string()]
    );
    assert_eq!(first.theme, "situering");
    assert_eq!(parsed.headings[0].level, 1);
    assert_eq!(parsed.headings[0].text, "1. SITUERING VAN DE VISITATIES");
    assert_eq!(parsed.headings[0].line, 1);
}

#[test]
fn a_missing_file_fails_with_one_line_naming_it() {
    let output = visidex(&["parse", "corpus/no-such-report.txt", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no-such-report.txt"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn human_output_is_readable() {
    let output = visidex(&["parse", "corpus/hasselt-2011.txt"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("hasselt-2011"), "{}", &text[..200]);
    assert!(text.contains("recommendation"));
    assert!(text.contains("1. SITUERING VAN DE VISITATIES"));
}

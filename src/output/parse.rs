//! Human output of `visidex parse`: what a reader checking the parser wants
//! to see — the report's metadata, how many paragraphs of each kind, then the
//! paragraphs under their chapter headings, each with its section path, page
//! and source lines, and its text indented below.

use crate::model::{Kind, ParsedReport};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Report text is data: terminal control sequences are stripped from the whole rendering.
pub fn render_human(parsed: &ParsedReport) -> String {
    crate::output::sanitize_for_terminal(&render_unsanitized(parsed)).into_owned()
}

fn render_unsanitized(parsed: &ParsedReport) -> String {
    let mut out = String::new();
    header(&mut out, parsed);
    let mut chapter: Option<&str> = None;
    for paragraph in &parsed.paragraphs {
        if chapter != Some(paragraph.chapter.as_str()) {
            chapter = Some(paragraph.chapter.as_str());
            let title = if paragraph.chapter.is_empty() {
                "(before the first chapter)"
            } else {
                paragraph.chapter.as_str()
            };
            let _ = writeln!(out, "\n== {title}  [{}]", paragraph.theme);
        }
        let page = paragraph
            .page
            .map_or_else(|| "p. ?".to_string(), |page| format!("p. {page}"));
        let mut place = vec![page, super::line_range(paragraph.lines)];
        if !paragraph.section.is_empty() {
            place.insert(0, paragraph.section.join(" › "));
        }
        let _ = writeln!(
            out,
            "\n[{}] {} · {}",
            paragraph.n,
            paragraph.kind,
            place.join(" · ")
        );
        let _ = writeln!(out, "    {}", paragraph.text);
    }
    out
}

fn header(out: &mut String, parsed: &ParsedReport) {
    let report = &parsed.report;
    let mut details = vec![report.city.clone()];
    if let Some(date) = &report.date {
        details.push(date.clone());
    } else if let Some(year) = report.year {
        details.push(year.to_string());
    }
    let _ = writeln!(
        out,
        "{} — {} ({})",
        report.id,
        report.title,
        details.join(", ")
    );
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for paragraph in &parsed.paragraphs {
        *counts.entry(paragraph.kind).or_default() += 1;
    }
    let counts: Vec<String> = counts
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    let _ = writeln!(
        out,
        "{} paragraphs ({}), {} headings",
        parsed.paragraphs.len(),
        counts.join(", "),
        parsed.headings.len()
    );
}

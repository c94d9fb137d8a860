//! Human output of `visidex parse`.

use crate::model::ParsedReport;
use std::fmt::Write;

/// Report text is data: terminal control sequences are stripped from the whole rendering.
pub fn render_human(parsed: &ParsedReport) -> String {
    crate::output::sanitize_for_terminal(&render_unsanitized(parsed)).into_owned()
}

fn render_unsanitized(parsed: &ParsedReport) -> String {
    let report = &parsed.report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({}), {} paragraphs",
        report.id,
        report.title,
        report.city,
        parsed.paragraphs.len()
    );
    for paragraph in &parsed.paragraphs {
        let mut path = vec![paragraph.chapter.as_str()];
        path.extend(paragraph.section.iter().map(String::as_str));
        let page = paragraph
            .page
            .map(|page| format!("p. {page}"))
            .unwrap_or_else(|| "p. ?".to_string());
        let _ = writeln!(
            out,
            "\n[{}] {} · {} · {} · lines {}-{}",
            paragraph.n,
            paragraph.kind,
            path.join(" › "),
            page,
            paragraph.lines[0],
            paragraph.lines[1]
        );
        let _ = writeln!(out, "{}", paragraph.text);
    }
    out
}

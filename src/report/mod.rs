//! PDF-extracted report text → paragraph documents.
//!
//! The parser restores the text as it was printed: it joins wrapped lines,
//! repairs line-end hyphenation, follows page breaks, recognises headings and
//! decides each paragraph's kind. It never fails on text: whatever the lines,
//! every non-empty, non-heading, non-footer line ends up in exactly one
//! paragraph. Reading bytes is `corpus`'s job; matching words is `analysis`'s.

mod sidecar;

pub use sidecar::Sidecar;

use crate::corpus;
use crate::error::Result;
use crate::model::{Kind, Paragraph, ParsedReport, Report};
use crate::themes::Taxonomy;
use std::path::Path;

/// Bumped whenever a change to the parser changes its output: part of the
/// index fingerprint, so reports are re-parsed after an upgrade.
pub const PARSER_VERSION: u32 = 1;

/// One report file, read and parsed, with notes for stderr.
#[derive(Debug, Clone)]
pub struct LoadedReport {
    pub parsed: ParsedReport,
    pub notes: Vec<String>,
    /// The sidecar's text, if any (part of the index fingerprint).
    pub sidecar_text: Option<String>,
}

/// What the parser needs to know of a report besides its text.
#[derive(Debug, Clone, Default)]
pub struct ReportInput<'a> {
    pub id: &'a str,
    /// The path as the user gave it, for `Report::source`.
    pub source: &'a str,
    pub sha256: &'a str,
    pub sidecar: Sidecar,
}

/// Read, decode and parse one report file (and its sidecar `<id>.toml`).
pub fn load_report(path: &Path, taxonomy: &Taxonomy) -> Result<LoadedReport> {
    let decoded = corpus::read_report(path)?;
    let (sidecar, sidecar_text) = Sidecar::load_beside(path)?;
    let id = corpus::report_id(path);
    let source = path.display().to_string();
    let input = ReportInput {
        id: &id,
        source: &source,
        sha256: &decoded.sha256,
        sidecar,
    };
    let parsed = parse(&decoded.text, &input, taxonomy);
    Ok(LoadedReport {
        parsed,
        notes: decoded.notes,
        sidecar_text,
    })
}

/// Parse a report's decoded text. Total: never fails, never panics.
pub fn parse(text: &str, input: &ReportInput, taxonomy: &Taxonomy) -> ParsedReport {
    // Placeholder: one paragraph per block of non-empty lines.
    let mut paragraphs = Vec::new();
    let mut current: Vec<(u32, &str)> = Vec::new();
    let lines: Vec<&str> = text.split('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            flush(&mut current, &mut paragraphs, input, taxonomy);
        } else {
            current.push((index as u32 + 1, line));
        }
    }
    flush(&mut current, &mut paragraphs, input, taxonomy);
    let report = Report {
        id: input.id.to_string(),
        title: input.sidecar.title.clone().unwrap_or_default(),
        city: input.sidecar.city.clone().unwrap_or_default(),
        year: input.sidecar.year,
        date: input.sidecar.date.clone(),
        source: input.source.to_string(),
        sha256: input.sha256.to_string(),
    };
    ParsedReport {
        report,
        paragraphs,
        headings: Vec::new(),
    }
}

fn flush(
    current: &mut Vec<(u32, &str)>,
    paragraphs: &mut Vec<Paragraph>,
    input: &ReportInput,
    taxonomy: &Taxonomy,
) {
    if current.is_empty() {
        return;
    }
    let n = paragraphs.len() as u32 + 1;
    let text = current
        .iter()
        .map(|(_, line)| line.trim())
        .collect::<Vec<_>>()
        .join(" ");
    paragraphs.push(Paragraph {
        n,
        id: format!("{}:{n}", input.id),
        kind: Kind::Paragraph,
        chapter: String::new(),
        section: Vec::new(),
        theme: taxonomy.theme_of(""),
        page: None,
        lines: [current[0].0, current[current.len() - 1].0],
        text,
        line_offsets: Vec::new(),
    });
    current.clear();
}

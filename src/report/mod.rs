//! PDF-extracted report text → paragraph documents.
//!
//! The parser restores the text as it was printed: it joins wrapped lines,
//! repairs line-end hyphenation, follows page breaks, recognises headings and
//! decides each paragraph's kind. It never fails on text: whatever the lines,
//! every non-empty, non-heading, non-footer line ends up in exactly one
//! paragraph. Reading bytes is `corpus`'s job; matching words is `analysis`'s.
//!
//! The stages, one module each:
//!
//! ```text
//! lines    raw lines, trailing spaces, page-break marks (leading space, form feed)
//! pages    page numbers anchored on the printed footer; footers recognised
//! items    content lines: no blanks, no footers, bullet marks split off
//! measure  printed line widths and the report's measures
//! flow     does a paragraph go on at this line end?
//! headings chapters, numbered sections, sub-headings, box titles
//! tables   appendix tables flattened into lines
//! segment  one walk: headings and paragraph drafts with chapter and section path
//! kinds    paragraph, list_item, figure, quote_source, table_row, recommendation
//! hyphen   line-end hyphenation: split word or real hyphen?
//! join     a draft's lines → clean text and exact line offsets
//! metadata city, date, year, title
//! ```

mod flow;
mod headings;
mod hyphen;
mod items;
mod join;
mod kinds;
mod lines;
mod measure;
mod metadata;
mod pages;
mod segment;
mod sidecar;
mod tables;

pub use sidecar::Sidecar;

use crate::corpus;
use crate::error::Result;
use crate::model::{Kind, Paragraph, ParsedReport, Report};
use crate::themes::Taxonomy;
use items::Item;
use measure::Measures;
use segment::{Draft, Layout};
use std::path::Path;

/// Bumped whenever a change to the parser changes its output: part of the
/// index fingerprint, so reports are re-parsed after an upgrade.
pub const PARSER_VERSION: u32 = 2;

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
    let lines = lines::split(text);
    let pages = pages::number_pages(&lines);
    let (items, footers) = items::content(&lines, &pages);
    let layout = layout(&items);
    let segmented = segment::segment(&items, &layout);
    let drafts = close_boxes(segmented.drafts, &items, layout.measures.body);
    let kinds = kinds::kinds(&drafts, &items, layout.measures.body);
    let words = hyphen::ReportWords::of(items.iter().map(|item| item.body.as_str()));
    let paragraphs: Vec<Paragraph> = drafts
        .iter()
        .zip(&kinds)
        .enumerate()
        .map(|(index, (draft, &kind))| {
            paragraph(index, draft, kind, &items, &words, input, taxonomy)
        })
        .collect();
    let report = report(input, &segmented.headings, &paragraphs, &footers);
    ParsedReport {
        report,
        paragraphs,
        headings: segmented.headings,
    }
}

/// The report's measures, and whether its lines carry trailing spaces at all
/// (an editor may have stripped them; then that signal is ignored).
fn layout(items: &[Item]) -> Layout {
    let mut in_bullet = false;
    let mut samples = Vec::with_capacity(items.len());
    for item in items {
        if item.bullet.is_some() {
            in_bullet = true;
        }
        samples.push((item.text.as_str(), in_bullet));
        if !item.trailing_space && !measure::ends_in_split_word(&item.text) {
            in_bullet = false;
        }
    }
    let with_space = items.iter().filter(|item| item.trailing_space).count();
    Layout {
        measures: Measures::of(samples.into_iter()),
        trailing_space_counts: with_space * 5 >= items.len(),
    }
}

/// A box title covers only the box: the bullets right after it and the
/// source line that closes them. Later drafts lose it from their section path.
fn close_boxes(mut drafts: Vec<Draft>, items: &[Item], body_measure: f64) -> Vec<Draft> {
    let mut closed = std::collections::BTreeSet::new();
    let mut previous_kind_bullet = false;
    for draft in &mut drafts {
        let is_bullet = items[draft.items.start].bullet.is_some();
        let is_source = previous_kind_bullet && kinds::is_source_line(&items[draft.items.clone()]);
        for entry in draft.section.iter().filter(|entry| entry.is_box) {
            if !is_bullet && !is_source {
                closed.insert(entry.heading);
            }
        }
        draft
            .section
            .retain(|entry| !entry.is_box || !closed.contains(&entry.heading));
        for entry in draft.section.iter().filter(|entry| entry.is_box) {
            if is_source {
                closed.insert(entry.heading);
            }
        }
        previous_kind_bullet = is_bullet;
        let _ = body_measure;
    }
    drafts
}

fn paragraph(
    index: usize,
    draft: &Draft,
    kind: Kind,
    items: &[Item],
    words: &hyphen::ReportWords,
    input: &ReportInput,
    taxonomy: &Taxonomy,
) -> Paragraph {
    let lines = &items[draft.items.clone()];
    let pieces: Vec<(u32, &str)> = lines
        .iter()
        .map(|item| (item.number, item.body.as_str()))
        .collect();
    let joined = join::join(&pieces, words);
    let n = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let first = lines.first().map_or(0, |item| item.number);
    let last = lines.last().map_or(first, |item| item.number);
    Paragraph {
        n,
        id: format!("{}:{n}", input.id),
        kind,
        chapter: draft.chapter.clone(),
        section: draft
            .section
            .iter()
            .map(|entry| entry.text.clone())
            .collect(),
        theme: taxonomy.theme_of(&draft.chapter),
        page: lines.first().map(|item| item.page),
        lines: [first, last],
        text: joined.text,
        line_offsets: joined.line_offsets,
    }
}

fn report(
    input: &ReportInput,
    headings: &[crate::model::Heading],
    paragraphs: &[Paragraph],
    footers: &[String],
) -> Report {
    let chapters: Vec<&str> = headings
        .iter()
        .filter(|heading| heading.level == 1)
        .map(|heading| heading.text.as_str())
        .collect();
    let texts: Vec<&str> = paragraphs
        .iter()
        .map(|paragraph| paragraph.text.as_str())
        .collect();
    let detected = metadata::detect(input.id, &chapters, &texts, footers, &input.sidecar);
    Report {
        id: input.id.to_string(),
        title: detected.title,
        city: detected.city,
        year: detected.year,
        date: detected.date,
        source: input.source.to_string(),
        sha256: input.sha256.to_string(),
    }
}

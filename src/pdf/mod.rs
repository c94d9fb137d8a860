//! PDF reports: positioned text → the lines the report parser reads, with
//! the layout signals the PDF states (italic, bold, type size, vertical
//! gaps, table cells, bullets, printed page numbers).
//!
//! ```text
//! glyphs     the trait the PDF library is kept behind (Glyph, PositionedText)
//! oxide      that trait over pdf_oxide, every call guarded against panics
//! lines      a page's glyphs → lines in reading order, runs, inferred spaces
//! furniture  running headers/footers, lone page numbers, cover and contents
//! ```
//!
//! `read` yields every line of the document in reading order, numbered as
//! `visidex parse FILE.pdf --text` prints them; `report::parse_pdf` makes
//! paragraphs of the body lines with the one parser the text path uses.

mod furniture;
pub mod glyphs;
mod lines;
mod oxide;

pub use furniture::Role;
pub use glyphs::{Glyph, PageGlyphs, PositionedText, SourceError};

use furniture::RawPage;

/// A paragraph gap: the baseline distance exceeds the report's line spacing by this share.
const GAP: f32 = 1.3;
/// A line ending this close (in em) to the usual right edge is full: a
/// ragged-right line breaks when the next word (and its space) do not fit.
const FULL_ROOM: f32 = 2.5;

/// The layout facts of one line, as the parser uses them.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLayout {
    /// A vertical gap larger than the line spacing separates the line from
    /// the one above it on its page. `None` for the first line of a page,
    /// and for every line of a report that does not mark paragraphs by gaps.
    pub gap_before: Option<bool>,
    pub bold: bool,
    pub italic: bool,
    /// Type size relative to the report's body size (1.0 = body).
    pub size: f32,
    /// Runs of text separated by wide gaps (table cells): 1 for a plain line.
    pub cells: usize,
    /// Left edge, in em of the body size, from the report's usual left edge.
    pub indent: f32,
    /// The line reaches (nearly) the report's usual right edge: a full
    /// line, whose width shows the measure the text is set in.
    pub full: bool,
    /// A paragraph's first line, set in by the report's first-line indent
    /// (only in a report that marks its paragraphs that way).
    pub first_line: bool,
}

/// One line of the document's text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// 1-based, counting every line of `--text`.
    pub number: u32,
    pub text: String,
    /// The page as printed (footer/header number, else label, else index).
    pub page: u32,
    /// 0-based page index in the file.
    pub page_index: usize,
    pub role: Role,
    pub layout: LineLayout,
}

/// The text of a PDF report.
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    pub lines: Vec<TextLine>,
    /// Running titles of headers and footers (`visitatierapport Hasselt`).
    pub running_titles: Vec<String>,
    /// The cover's title in its largest type, if there is a cover.
    pub cover_title: Option<String>,
}

impl PdfText {
    /// The text as `parse FILE.pdf --text` prints it: one line per line,
    /// a form feed before the first line of every page after the first.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        let mut page = None;
        for line in &self.lines {
            if page.is_some_and(|page| page != line.page_index) {
                out.push('\x0c');
            }
            page = Some(line.page_index);
            out.push_str(&line.text);
            out.push('\n');
        }
        out
    }
}

/// Why a PDF yields no report text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("the PDF has no text layer (a scan?); run OCR on it first")]
    NoText,
    #[error("page {page}: {error}")]
    Page { page: usize, error: SourceError },
}

/// Read a PDF file's bytes.
pub fn read(bytes: Vec<u8>) -> Result<PdfText, PdfError> {
    if bytes.len() < 8 || !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(SourceError::Damaged("no PDF header".into()).into());
    }
    let document = oxide::OxideDocument::open(bytes)?;
    read_from(&document)
}

/// Read any positioned-text document.
pub fn read_from(document: &dyn PositionedText) -> Result<PdfText, PdfError> {
    let mut pages = Vec::with_capacity(document.page_count());
    for index in 0..document.page_count() {
        let page = document.page(index).map_err(|error| PdfError::Page {
            page: index + 1,
            error,
        })?;
        pages.push(RawPage {
            lines: lines::lines(page.glyphs),
            height: page.height,
            label: document.label(index),
        });
    }
    if pages.iter().all(|page| page.lines.is_empty()) {
        return Err(PdfError::NoText);
    }
    Ok(assemble(&pages))
}

/// The most common value, in steps of `step`.
fn mode(values: impl Iterator<Item = f32>, step: f32) -> Option<f32> {
    let mut counts: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for value in values.filter(|v| v.is_finite()) {
        *counts.entry((value / step).round() as i64).or_default() += 1;
    }
    let (bucket, _) = counts
        .iter()
        .max_by_key(|(bucket, count)| (**count, -**bucket))?;
    Some(*bucket as f32 * step)
}

/// How far a first-line indent reaches, in em of the body size: more is a
/// column or a block set apart (a table cell, a quote), not a first line.
const FIRST_LINE_INDENT: std::ops::RangeInclusive<f32> = 0.8..=4.0;

/// What the first-line-indent rule looks at in a body line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shape {
    /// Left edge from the report's usual left edge, in em.
    indent: f32,
    cells: usize,
    /// The text starts with a letter or digit (not a bullet mark).
    word_start: bool,
    bold: bool,
    italic: bool,
}

impl Shape {
    fn of(line: &lines::PdfLine, left: f32, body_size: f32) -> Shape {
        let first = line.runs.first().and_then(|run| run.text.chars().next());
        Shape {
            indent: (line.x0() - left) / body_size,
            cells: line.runs.len(),
            word_start: first.is_some_and(char::is_alphanumeric),
            bold: line.bold,
            italic: line.italic,
        }
    }

    fn at_left_edge(&self) -> bool {
        self.indent.abs() < 0.3
    }

    /// Set in by `usual`, the report's first-line indent, as plain text.
    fn is_first_line(&self, usual: f32) -> bool {
        self.cells == 1 && self.word_start && (self.indent - usual).abs() < 0.35
    }
}

/// The report's first-line indent in em, when it marks paragraphs by one:
/// a plain line set in by a first-line indent between two lines at the left
/// edge in the same type — a paragraph's first line between the last line
/// of the one before and its own second line — in at least 3 places and
/// one in 25 of the `plain_steps` (steps between lines of one type). A
/// report that sets paragraphs apart by gaps has next to none: its lists
/// and recommendations keep one indent on every line.
fn first_line_indent(pages: &[Vec<Shape>], plain_steps: usize) -> Option<f32> {
    let mut found = Vec::new();
    for page in pages {
        for window in page.windows(3) {
            let [above, line, below] = window else {
                continue;
            };
            let same_type = |other: &Shape| other.bold == line.bold && other.italic == line.italic;
            if above.at_left_edge()
                && below.at_left_edge()
                && above.cells == 1
                && below.cells == 1
                && same_type(above)
                && same_type(below)
                && line.cells == 1
                && line.word_start
                && FIRST_LINE_INDENT.contains(&line.indent)
            {
                found.push(line.indent);
            }
        }
    }
    if found.len() < 3 || found.len() * 25 < plain_steps {
        return None;
    }
    mode(found.into_iter(), 0.25)
}

fn assemble(pages: &[RawPage]) -> PdfText {
    let roles = furniture::classify(pages);
    let body = || {
        pages.iter().zip(&roles).flat_map(|(page, roles)| {
            page.lines
                .iter()
                .zip(&roles.roles)
                .filter(|(_, role)| **role == Role::Body)
                .map(|(line, _)| line)
        })
    };
    let body_size = mode(body().map(|line| line.size), 0.5)
        .unwrap_or(10.0)
        .max(1.0);
    let left = mode(body().map(|line| line.x0()), 1.0).unwrap_or(0.0);
    // The usual right edge: where the longest tenth of the body lines end.
    let mut ends: Vec<f32> = body()
        .filter(|line| (line.size - body_size).abs() < 0.5)
        .map(lines::PdfLine::x1)
        .collect();
    ends.sort_by(f32::total_cmp);
    let right = ends.get(ends.len() * 9 / 10).copied().unwrap_or(f32::MAX);
    // Line spacing: the usual baseline step between body lines of body size,
    // each step marked `plain` when both lines are in the same type (not a
    // heading, not a change into or out of italics).
    let mut steps = Vec::new();
    for (page, roles) in pages.iter().zip(&roles) {
        let mut previous: Option<&lines::PdfLine> = None;
        for (line, role) in page.lines.iter().zip(&roles.roles) {
            if *role != Role::Body {
                continue;
            }
            if let Some(previous) = previous {
                if (line.size - body_size).abs() < 0.5 && (previous.size - body_size).abs() < 0.5 {
                    let plain = line.bold == previous.bold && line.italic == previous.italic;
                    steps.push((line.baseline - previous.baseline, plain));
                }
            }
            previous = Some(line);
        }
    }
    let spacing = mode(steps.iter().map(|&(step, _)| step), 0.25).unwrap_or(body_size * 1.2);
    let plain = steps.iter().filter(|&&(_, plain)| plain).count();
    let gapped = steps
        .iter()
        .filter(|&&(step, plain)| plain && step > spacing * GAP)
        .count();
    // Gaps mark paragraphs only if the report sets paragraphs of the same
    // type apart by them; gaps around headings and recommendations alone
    // (a report that marks paragraphs by indents) do not count.
    let uses_gaps = gapped * 50 >= plain.max(1);
    let shapes: Vec<Vec<Shape>> = pages
        .iter()
        .zip(&roles)
        .map(|(page, roles)| {
            page.lines
                .iter()
                .zip(&roles.roles)
                .filter(|(_, role)| **role == Role::Body)
                .map(|(line, _)| Shape::of(line, left, body_size))
                .collect()
        })
        .collect();
    let first_indent = first_line_indent(&shapes, plain);

    let mut out = PdfText::default();
    let mut number = 0u32;
    for (index, (page, page_roles)) in pages.iter().zip(&roles).enumerate() {
        let mut previous: Option<&lines::PdfLine> = None;
        for (line, &role) in page.lines.iter().zip(&page_roles.roles) {
            number = number.saturating_add(1);
            let text = line.text();
            if role == Role::Running {
                let title = furniture::running_title(&text);
                if !title.is_empty() && !out.running_titles.contains(&title) {
                    out.running_titles.push(title);
                }
            }
            let gap_before = match previous {
                Some(previous) if uses_gaps && role == Role::Body => {
                    let step = line.baseline - previous.baseline;
                    // A bigger type needs more room: measure in its own lines.
                    let scale = (line.size.max(previous.size) / body_size).max(1.0);
                    Some(step > spacing * GAP * scale)
                }
                _ => None,
            };
            if role == Role::Body {
                previous = Some(line);
            }
            out.lines.push(TextLine {
                number,
                text,
                page: page_roles.page,
                page_index: index,
                role,
                layout: LineLayout {
                    gap_before,
                    bold: line.bold,
                    italic: line.italic,
                    size: line.size / body_size,
                    cells: line.runs.len(),
                    indent: (line.x0() - left) / body_size,
                    full: line.x1() >= right - FULL_ROOM * body_size,
                    first_line: role == Role::Body
                        && first_indent.is_some_and(|usual| {
                            Shape::of(line, left, body_size).is_first_line(usual)
                        }),
                },
            });
        }
    }
    out.cover_title = furniture::cover_title(pages, &roles);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(indent: f32) -> Shape {
        Shape {
            indent,
            cells: 1,
            word_start: true,
            bold: false,
            italic: false,
        }
    }

    /// `paragraphs` paragraphs of `lines` lines, each first line set in by `indent`.
    fn indented(paragraphs: usize, lines: usize, indent: f32) -> Vec<Shape> {
        (0..paragraphs * lines)
            .map(|at| shape(if at % lines == 0 { indent } else { 0.0 }))
            .collect()
    }

    #[test]
    fn a_report_of_indented_first_lines_has_a_first_line_indent() {
        let page = indented(10, 5, 1.5);
        assert_eq!(
            first_line_indent(std::slice::from_ref(&page), page.len()),
            Some(1.5)
        );
    }

    #[test]
    fn lists_recommendations_and_columns_are_not_first_lines() {
        // Every line of a block keeps its indent: no line sits in between
        // two lines at the left edge.
        let mut page = vec![shape(0.0); 6];
        page.extend(vec![shape(2.0); 4]);
        page.extend(vec![shape(0.0); 6]);
        assert_eq!(first_line_indent(&[page.clone(), page], 32), None);
        // Set in too far (a second column), or with a bullet mark.
        let far = indented(10, 5, 15.0);
        assert_eq!(first_line_indent(&[far], 50), None);
        let mut bullets = indented(10, 5, 1.5);
        for line in bullets.iter_mut().filter(|line| line.indent > 0.0) {
            line.word_start = false;
        }
        assert_eq!(first_line_indent(&[bullets], 50), None);
    }

    #[test]
    fn a_few_indented_lines_in_a_long_report_are_not_its_rule() {
        // Two such lines in 500 steps: a quote or a one-line aside.
        let mut page = vec![shape(0.0); 500];
        page[100] = shape(1.5);
        page[300] = shape(1.5);
        assert_eq!(first_line_indent(&[page], 500), None);
        // Three in 500 steps is still fewer than one in 25.
        let mut page = vec![shape(0.0); 500];
        for at in [100, 200, 300] {
            page[at] = shape(1.5);
        }
        assert_eq!(first_line_indent(&[page], 500), None);
    }

    #[test]
    fn a_first_line_is_plain_text_at_the_usual_indent() {
        assert!(shape(1.5).is_first_line(1.5));
        assert!(shape(1.7).is_first_line(1.5));
        assert!(!shape(2.0).is_first_line(1.5));
        assert!(!shape(0.0).is_first_line(1.5));
        let two_cells = Shape {
            cells: 2,
            ..shape(1.5)
        };
        assert!(!two_cells.is_first_line(1.5));
    }
}

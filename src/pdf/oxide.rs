//! `PositionedText` over the `pdf_oxide` crate (pinned in Cargo.toml).
//!
//! Every call into the crate runs under `catch_unwind`: a damaged file must
//! be an error naming it, never a crash of the whole index run.

use super::glyphs::{Glyph, PageGlyphs, PositionedText, SourceError};
use pdf_oxide::document::PdfDocument;
use pdf_oxide::extractors::page_labels::{PageLabelExtractor, PageLabelRange};
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// An opened PDF.
pub struct OxideDocument {
    document: PdfDocument,
    pages: usize,
    labels: Vec<PageLabelRange>,
}

fn guarded<T>(what: impl FnOnce() -> Result<T, SourceError>) -> Result<T, SourceError> {
    catch_unwind(AssertUnwindSafe(what))
        .unwrap_or_else(|_| Err(SourceError::Damaged("the PDF library gave up on it".into())))
}

impl OxideDocument {
    pub fn open(bytes: Vec<u8>) -> Result<OxideDocument, SourceError> {
        guarded(|| {
            let document =
                PdfDocument::from_bytes(bytes).map_err(|error| damaged_or_encrypted(&error))?;
            // An encrypted PDF opens with the empty user password when it
            // has one (an owner password only restricts printing or
            // copying, and every reader shows it): pdf_oxide tries that
            // password itself. Only a PDF that needs a password stays shut.
            if document.is_encrypted() && !document.is_authenticated() {
                return Err(SourceError::Encrypted);
            }
            let pages = document
                .page_count()
                .map_err(|error| damaged_or_encrypted(&error))?;
            if pages == 0 {
                return Err(SourceError::NoPages);
            }
            let labels = PageLabelExtractor::extract(&document).unwrap_or_default();
            Ok(OxideDocument {
                document,
                pages,
                labels,
            })
        })
    }
}

fn damaged_or_encrypted(error: &pdf_oxide::error::Error) -> SourceError {
    let text = error.to_string();
    if text.to_lowercase().contains("encrypt") || text.to_lowercase().contains("password") {
        SourceError::Encrypted
    } else {
        SourceError::Damaged(first_line(&text))
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    line.chars().take(160).collect()
}

impl PositionedText for OxideDocument {
    fn page_count(&self) -> usize {
        self.pages
    }

    fn page(&self, index: usize) -> Result<PageGlyphs, SourceError> {
        guarded(|| {
            let (x, y, width, height) = self
                .document
                .get_page_media_box(index)
                .map_err(|error| damaged_or_encrypted(&error))?;
            // The filtered call does not keep the page in the crate's cache:
            // memory stays bounded however many pages there are.
            let chars = self
                .document
                .extract_chars_filtered(index, HashSet::new(), HashSet::new())
                .map_err(|error| damaged_or_encrypted(&error))?;
            let top = y + height;
            // Consecutive glyphs nearly always share a font: its name is
            // read once per change of font, not once per glyph.
            let mut font = FontNames::default();
            let glyphs = chars
                .into_iter()
                .filter(|c| {
                    c.rotation_degrees.abs() < 1.0 || (c.rotation_degrees - 360.0).abs() < 1.0
                })
                .map(|c| {
                    let advance = if c.rendered_advance > 0.0 {
                        c.advance_width.max(0.0)
                    } else {
                        c.advance_width.max(c.bbox.width).max(0.0)
                    };
                    let (names_bold, names_italic) = font.styles(c.font_name);
                    Glyph {
                        text: c.char.to_string(),
                        x0: c.origin_x - x,
                        x1: c.origin_x - x + advance,
                        baseline: top - c.origin_y,
                        size: c.font_size,
                        bold: c.font_weight.is_bold() || names_bold,
                        italic: c.is_italic || names_italic,
                    }
                })
                .collect();
            Ok(PageGlyphs {
                glyphs,
                width: width.abs(),
                height: height.abs(),
            })
        })
    }

    fn label(&self, index: usize) -> Option<String> {
        if self.labels.is_empty() {
            return None;
        }
        let label = PageLabelExtractor::get_label(&self.labels, index);
        (!label.is_empty()).then_some(label)
    }
}

/// The styles a font's name states, for the last font name seen.
#[derive(Default)]
struct FontNames {
    name: String,
    bold: bool,
    italic: bool,
}

impl FontNames {
    /// (names bold, names italic) of `name`.
    fn styles(&mut self, name: String) -> (bool, bool) {
        if name != self.name {
            self.bold = names_bold(&name);
            self.italic = names_italic(&name);
            self.name = name;
        }
        (self.bold, self.italic)
    }
}

fn names_bold(font: &str) -> bool {
    let font = font.to_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|word| font.contains(word))
}

fn names_italic(font: &str) -> bool {
    let font = font.to_lowercase();
    font.contains("italic") || font.contains("oblique")
}

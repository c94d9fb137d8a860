//! Positioned text: what a PDF page says about each glyph it shows, in
//! the reader's own terms, so that the PDF library stays behind one trait.

/// One glyph as drawn: its text (usually one character; a ligature glyph may
/// stand for several), its font and where it sits on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    /// Left and right edge of the glyph's advance, in points from the page's left edge.
    pub x0: f32,
    pub x1: f32,
    /// Baseline, in points from the page's top edge (grows downwards).
    pub baseline: f32,
    /// Font size in points.
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
}

/// One page's glyphs in drawing order, with the page's size.
#[derive(Debug, Clone, Default)]
pub struct PageGlyphs {
    pub glyphs: Vec<Glyph>,
    pub width: f32,
    pub height: f32,
}

/// Why a document's positioned text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("the PDF is encrypted and needs a password to open (or uses an encryption visidex cannot read)")]
    Encrypted,
    #[error("the PDF is damaged: {0}")]
    Damaged(String),
    #[error("the PDF has no pages")]
    NoPages,
}

/// A document that yields its pages as positioned glyphs.
pub trait PositionedText {
    fn page_count(&self) -> usize;
    /// The glyphs of the page at 0-based `index`.
    fn page(&self, index: usize) -> Result<PageGlyphs, SourceError>;
    /// The page label of the page at 0-based `index`, if the document has labels.
    fn label(&self, index: usize) -> Option<String>;
}

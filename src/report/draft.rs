//! The shared record of the parser: a paragraph before its kind and text
//! are decided, with the section path it stands under. `segment` makes
//! drafts, `kinds` and the report assembly read them.

use std::ops::Range;

/// One heading on the section path of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    pub level: u8,
    /// A box title: it only covers the box's bullets and source line.
    pub is_box: bool,
    /// Index of the heading in `Segmented::headings`.
    pub heading: usize,
}

/// A paragraph before its kind and text are decided.
#[derive(Debug, Clone)]
pub struct Draft {
    pub items: Range<usize>,
    pub table: bool,
    pub chapter: String,
    pub section: Vec<Entry>,
}

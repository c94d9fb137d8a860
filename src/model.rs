//! Plain records passed between the pipeline's stages: a parsed report, its
//! paragraphs, its headings. They know nothing of tantivy or of the CLI; the
//! JSON contract (`CONTRACT.md`) is their serde form.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a paragraph document is, as laid out in the report.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Body text.
    Paragraph,
    /// One bullet (or sub-bullet) with its wrapped lines.
    ListItem,
    /// The committee's recommendation (italic in the PDF).
    Recommendation,
    /// A bullet in an "Evolutie van het effect in cijfers" key-figure box.
    Figure,
    /// The source line that closes a key-figure box.
    QuoteSource,
    /// A row of an appendix table.
    TableRow,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Paragraph,
        Kind::ListItem,
        Kind::Recommendation,
        Kind::Figure,
        Kind::QuoteSource,
        Kind::TableRow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Paragraph => "paragraph",
            Kind::ListItem => "list_item",
            Kind::Recommendation => "recommendation",
            Kind::Figure => "figure",
            Kind::QuoteSource => "quote_source",
            Kind::TableRow => "table_row",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `city` in JSON: the city, or `null` for a report that names none (kept
/// as `""` in the records; the index gives it no city facet value).
pub mod city_or_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer, T: AsRef<str>>(city: &T, to: S) -> Result<S::Ok, S::Error> {
        match city.as_ref() {
            "" => to.serialize_none(),
            city => to.serialize_str(city),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<String, D::Error> {
        Ok(Option::<String>::deserialize(from)?.unwrap_or_default())
    }
}

/// One report's metadata (`REPORT` in the contract).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Stable id from the file name, e.g. `hasselt-2011`.
    pub id: String,
    pub title: String,
    /// Empty when neither the text nor the file name names a city (`null` in JSON).
    #[serde(with = "city_or_null")]
    pub city: String,
    pub year: Option<i32>,
    /// ISO `YYYY-MM-DD` of the visit, when the text states it.
    pub date: Option<String>,
    /// The path the report was read from, as the user gave it.
    pub source: String,
    pub sha256: String,
    /// What the report was read from: the PDF itself or extracted text.
    #[serde(default)]
    pub format: Format,
}

/// The file format a report was read from (`REPORT.format`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Pdf,
}

/// One paragraph document (`PARAGRAPH` in the contract).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// 1-based reading-order number in its report.
    pub n: u32,
    /// `REPORT_ID:n`.
    pub id: String,
    pub kind: Kind,
    /// The chapter heading as printed, e.g. `3. STRATEGISCHE KOERS EN BESTUURLIJKE ORGANISATIE`.
    pub chapter: String,
    /// Headings below the chapter, outermost first.
    pub section: Vec<String>,
    /// Canonical theme slug of the chapter (see `themes`).
    pub theme: String,
    /// PDF page the paragraph starts on.
    pub page: Option<u32>,
    /// First and last 1-based source line.
    pub lines: [u32; 2],
    /// The clean paragraph text.
    pub text: String,
    /// Where each source line starts in `text`: `[byte_offset, line]`, ascending.
    /// Lets an occurrence at any byte offset name its source line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub line_offsets: Vec<[u32; 2]>,
}

/// Separator between the levels of the heading path, as printed in citations.
pub const HEADING_SEPARATOR: &str = " › ";

/// `chapter › section › …`: the text of the index's `heading` field, of
/// citations and of what concept search embeds; empty levels are skipped.
pub fn heading_path(chapter: &str, section: &[String]) -> String {
    std::iter::once(chapter)
        .chain(section.iter().map(String::as_str))
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(HEADING_SEPARATOR)
}

impl Paragraph {
    /// The paragraph's [`heading_path`].
    pub fn heading_path(&self) -> String {
        heading_path(&self.chapter, &self.section)
    }

    /// The source line on which byte `offset` of `text` stands.
    pub fn line_at(&self, offset: usize) -> u32 {
        let offset = offset as u32;
        let index = self
            .line_offsets
            .partition_point(|&[start, _]| start <= offset);
        if index == 0 {
            self.lines[0]
        } else {
            self.line_offsets[index - 1][1]
        }
    }
}

/// A heading met while parsing: structure, not a paragraph document.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 chapter, 2 section or sub-heading, 3 sub-sub-heading or box title.
    pub level: u8,
    pub text: String,
    pub line: u32,
}

/// Everything the parser makes of one report file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ParsedReport {
    pub report: Report,
    pub paragraphs: Vec<Paragraph>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<Heading>,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn heading_path_skips_empty_levels() {
        assert_eq!(
            heading_path("1. A", &["B".into(), "C".into()]),
            "1. A › B › C"
        );
        assert_eq!(heading_path("", &["B".into()]), "B");
        assert_eq!(heading_path("1. A", &[]), "1. A");
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(Kind::parse("LIST_ITEM"), Some(Kind::ListItem));
        assert_eq!(Kind::parse("nonsense"), None);
    }

    #[test]
    fn line_at_maps_offsets_to_source_lines() {
        let paragraph = Paragraph {
            n: 1,
            id: "x:1".into(),
            kind: Kind::Paragraph,
            chapter: String::new(),
            section: vec![],
            theme: String::new(),
            page: None,
            lines: [10, 14],
            text: "aaa bbb ccc".into(),
            line_offsets: vec![[0, 10], [4, 12], [8, 14]],
        };
        assert_eq!(paragraph.line_at(0), 10);
        assert_eq!(paragraph.line_at(3), 10);
        assert_eq!(paragraph.line_at(4), 12);
        assert_eq!(paragraph.line_at(10), 14);
    }
}

//! The tantivy schema: one document per paragraph. The field layout is the
//! index's on-disk contract with `search` and `mentions`, so it lives in one
//! place, together with the conversion from a `Paragraph` to a document and
//! back (`StoredRecord`), and `SCHEMA_VERSION`, bumped on every change.
//!
//! | field     | type / options                                   | what it holds |
//! |-----------|--------------------------------------------------|---------------|
//! | `report`  | STRING                                           | report id (`hasselt-2011`); delete-by-term key |
//! | `id`      | STRING                                           | paragraph id (`hasselt-2011:12`); lookup key for `show` |
//! | `n`       | u64, fast                                        | reading-order number |
//! | `year`    | u64, indexed, fast                               | report year (absent when unknown) |
//! | `text`    | `nl_stem`, freqs + positions, stored             | the clean paragraph text |
//! | `heading` | `nl_stem`, freqs                                 | `chapter › section › …` |
//! | `parts`   | `nl_stem`, freqs (pre-tokenized)                 | compound parts (`Decompounder::part_tokens`) |
//! | `city`    | facet `/<City>`                                  | the report's city |
//! | `theme`   | facet `/<theme>/<section[0]>`                    | theme slug, then first section heading |
//! | `kind`    | facet `/<kind>`                                  | `paragraph`, `list_item`, … |
//! | `cites`   | facet `/<City>` (one per city)                   | other centre cities the text names (`knowledge::cities`) |
//! | `record`  | bytes, stored                                    | JSON `StoredRecord`: everything but `text` |
//!
//! Only `text` and `record` are stored (zstd doc store): a hit is rebuilt
//! from those two alone (`search::Engine::stored`).

use crate::analysis::TOKENIZER;
use crate::citation::ReportCitation;
use crate::model::{Kind, Paragraph, Report};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Document, Facet, FacetOptions, Field, IndexRecordOption, OwnedValue, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{PreTokenizedString, Token};

/// Bumped on any change to the fields, their options or their content; an
/// index of another version is refused (rebuild with `visidex index --rebuild`).
pub const SCHEMA_VERSION: u32 = 2;

/// Separator between the levels of the heading path, as printed in citations.
pub const HEADING_SEPARATOR: &str = " › ";

/// The schema's fields, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub report: Field,
    pub id: Field,
    pub n: Field,
    pub year: Field,
    pub text: Field,
    pub heading: Field,
    pub parts: Field,
    pub city: Field,
    pub theme: Field,
    pub kind: Field,
    pub record: Field,
    pub cites: Field,
}

/// Field names, for fast-field and facet readers that take names.
pub mod names {
    pub const REPORT: &str = "report";
    pub const ID: &str = "id";
    pub const N: &str = "n";
    pub const YEAR: &str = "year";
    pub const TEXT: &str = "text";
    pub const HEADING: &str = "heading";
    pub const PARTS: &str = "parts";
    pub const CITY: &str = "city";
    pub const THEME: &str = "theme";
    pub const KIND: &str = "kind";
    pub const RECORD: &str = "record";
    pub const CITES: &str = "cites";
}

/// The schema of a visidex index.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let dutch = |record: IndexRecordOption| {
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(record)
    };
    builder.add_text_field(names::REPORT, STRING);
    builder.add_text_field(names::ID, STRING);
    builder.add_u64_field(names::N, FAST);
    builder.add_u64_field(names::YEAR, INDEXED | FAST);
    builder.add_text_field(
        names::TEXT,
        TextOptions::default()
            .set_indexing_options(dutch(IndexRecordOption::WithFreqsAndPositions))
            .set_stored(),
    );
    builder.add_text_field(
        names::HEADING,
        TextOptions::default().set_indexing_options(dutch(IndexRecordOption::WithFreqs)),
    );
    builder.add_text_field(
        names::PARTS,
        TextOptions::default().set_indexing_options(dutch(IndexRecordOption::WithFreqs)),
    );
    builder.add_facet_field(names::CITY, FacetOptions::default());
    builder.add_facet_field(names::THEME, FacetOptions::default());
    builder.add_facet_field(names::KIND, FacetOptions::default());
    builder.add_bytes_field(names::RECORD, STORED);
    builder.add_facet_field(names::CITES, FacetOptions::default());
    builder.build()
}

impl Fields {
    /// Resolve the fields of a schema built by `build_schema`.
    pub fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            report: field(names::REPORT)?,
            id: field(names::ID)?,
            n: field(names::N)?,
            year: field(names::YEAR)?,
            text: field(names::TEXT)?,
            heading: field(names::HEADING)?,
            parts: field(names::PARTS)?,
            city: field(names::CITY)?,
            theme: field(names::THEME)?,
            kind: field(names::KIND)?,
            record: field(names::RECORD)?,
            cites: field(names::CITES)?,
        })
    }
}

/// What a paragraph document stores besides its text: enough to rebuild the
/// `HIT` of the JSON contract without re-parsing the report. Short keys: the
/// record sits between texts in the compressed doc store, where every
/// repeated byte still costs a little.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    #[serde(rename = "n")]
    pub n: u32,
    #[serde(rename = "k")]
    pub kind: Kind,
    #[serde(rename = "c")]
    pub chapter: String,
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub section: Vec<String>,
    #[serde(rename = "t")]
    pub theme: String,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(rename = "l")]
    pub lines: [u32; 2],
    #[serde(rename = "o", default, skip_serializing_if = "Vec::is_empty")]
    pub line_offsets: Vec<[u32; 2]>,
    #[serde(rename = "r")]
    pub report: String,
    #[serde(rename = "ci")]
    pub city: String,
    #[serde(rename = "y", default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The report's title as cited (`citation::ReportCitation`); empty in
    /// indexes made before citations were stored.
    #[serde(rename = "rt", default, skip_serializing_if = "String::is_empty")]
    pub report_title: String,
    /// The chapter as cited (`hoofdstuk 3 Strategische koers …`).
    #[serde(rename = "ct", default, skip_serializing_if = "String::is_empty")]
    pub chapter_title: String,
}

impl StoredRecord {
    pub fn new(paragraph: &Paragraph, report: &Report, cited: &ReportCitation) -> StoredRecord {
        StoredRecord {
            n: paragraph.n,
            kind: paragraph.kind,
            chapter: paragraph.chapter.clone(),
            section: paragraph.section.clone(),
            theme: paragraph.theme.clone(),
            page: paragraph.page,
            lines: paragraph.lines,
            line_offsets: paragraph.line_offsets.clone(),
            report: report.id.clone(),
            city: report.city.clone(),
            year: report.year,
            report_title: cited.title.clone(),
            chapter_title: cited.chapter(&paragraph.chapter),
        }
    }

    /// The citation line of this paragraph (`citation::line`). Records of an
    /// older index lack the cased parts: the report id and year stand in
    /// for the title, the chapter as printed for its sentence-case form.
    pub fn citation(&self) -> String {
        let fallback_title;
        let title = if self.report_title.is_empty() {
            fallback_title = match self.year {
                Some(year) if !self.city.is_empty() => format!("{} {year}", self.city),
                _ => self.report.clone(),
            };
            &fallback_title
        } else {
            &self.report_title
        };
        let chapter = if self.chapter_title.is_empty() {
            &self.chapter
        } else {
            &self.chapter_title
        };
        crate::citation::line(title, chapter, &self.section, self.page)
    }

    /// The paragraph again, given its stored text.
    pub fn into_paragraph(self, text: String) -> Paragraph {
        Paragraph {
            id: format!("{}:{}", self.report, self.n),
            n: self.n,
            kind: self.kind,
            chapter: self.chapter,
            section: self.section,
            theme: self.theme,
            page: self.page,
            lines: self.lines,
            text,
            line_offsets: self.line_offsets,
        }
    }
}

/// `chapter › section › …`, the text of the `heading` field and of citations.
pub fn heading_path(chapter: &str, section: &[String]) -> String {
    std::iter::once(chapter)
        .chain(section.iter().map(String::as_str))
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(HEADING_SEPARATOR)
}

/// The city facet of a report (`/Hasselt`); `None` when the city is unknown.
pub fn city_facet(city: &str) -> Option<Facet> {
    let city = city.trim();
    (!city.is_empty()).then(|| Facet::from_path([city]))
}

/// The theme facet of a paragraph: `/<theme>` or `/<theme>/<first section>`.
pub fn theme_facet(theme: &str, section: &[String]) -> Facet {
    match section.first().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(first) => Facet::from_path([theme, first]),
        None => Facet::from_path([theme]),
    }
}

pub fn kind_facet(kind: Kind) -> Facet {
    Facet::from_path([kind.as_str()])
}

/// A paragraph's tokens, analysed once by the indexer (`analysis::tokens`
/// and `Decompounder::part_tokens` give the same), so the writer threads do
/// not analyse the text again.
#[derive(Debug, Clone, Default)]
pub struct ParagraphTokens {
    pub text: Vec<Token>,
    pub heading: Vec<Token>,
    /// Compound-part tokens of the text (may be empty).
    pub parts: Vec<Token>,
}

/// A paragraph document as the writer takes it: field values in a plain
/// list. `TantivyDocument` keeps a pre-tokenized value as JSON (written when
/// the document is built, parsed again by the writer thread); this hands the
/// tokens over as they are.
#[derive(Debug, Clone, Default)]
pub struct ParagraphDocument(Vec<(Field, OwnedValue)>);

impl ParagraphDocument {
    fn add(&mut self, field: Field, value: OwnedValue) {
        self.0.push((field, value));
    }

    fn add_pre_tokenized(&mut self, field: Field, text: String, tokens: Vec<Token>) {
        self.add(
            field,
            OwnedValue::PreTokStr(PreTokenizedString { text, tokens }),
        );
    }
}

type FieldValues<'a> = std::iter::Map<
    std::slice::Iter<'a, (Field, OwnedValue)>,
    fn(&'a (Field, OwnedValue)) -> (Field, &'a OwnedValue),
>;

impl Document for ParagraphDocument {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = FieldValues<'a>;

    fn iter_fields_and_values(&self) -> FieldValues<'_> {
        self.0.iter().map(|(field, value)| (*field, value))
    }
}

/// One paragraph as a tantivy document. The `text` value is stored as plain
/// text (tantivy stores a pre-tokenized string's text only).
pub fn paragraph_document(
    fields: &Fields,
    report: &Report,
    cited: &ReportCitation,
    paragraph: &Paragraph,
    tokens: ParagraphTokens,
) -> ParagraphDocument {
    let mut document = ParagraphDocument::default();
    document.add(fields.report, OwnedValue::Str(report.id.clone()));
    document.add(fields.id, OwnedValue::Str(paragraph.id.clone()));
    document.add(fields.n, OwnedValue::U64(u64::from(paragraph.n)));
    if let Some(year) = report.year.and_then(|year| u64::try_from(year).ok()) {
        document.add(fields.year, OwnedValue::U64(year));
    }
    document.add_pre_tokenized(fields.text, paragraph.text.clone(), tokens.text);
    document.add_pre_tokenized(fields.heading, String::new(), tokens.heading);
    if !tokens.parts.is_empty() {
        document.add_pre_tokenized(fields.parts, String::new(), tokens.parts);
    }
    if let Some(facet) = city_facet(&report.city) {
        document.add(fields.city, OwnedValue::Facet(facet));
    }
    let theme = theme_facet(&paragraph.theme, &paragraph.section);
    document.add(fields.theme, OwnedValue::Facet(theme));
    document.add(fields.kind, OwnedValue::Facet(kind_facet(paragraph.kind)));
    for city in crate::knowledge::cities::cited_cities(&paragraph.text, &report.city) {
        document.add(fields.cites, OwnedValue::Facet(Facet::from_path([city])));
    }
    // Serialising plain strings and numbers cannot fail; an empty record would
    // only cost this paragraph its metadata, never the run.
    let record =
        serde_json::to_vec(&StoredRecord::new(paragraph, report, cited)).unwrap_or_default();
    document.add(fields.record, OwnedValue::Bytes(record));
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_fields_resolve() {
        let schema = build_schema();
        Fields::of(&schema).unwrap();
    }

    #[test]
    fn records_round_trip_to_the_paragraph() {
        let report = Report {
            id: "gent-2011".into(),
            title: String::new(),
            city: "Gent".into(),
            year: Some(2011),
            date: None,
            source: "corpus/gent-2011.txt".into(),
            sha256: String::new(),
        };
        let paragraph = Paragraph {
            n: 7,
            id: "gent-2011:7".into(),
            kind: Kind::ListItem,
            chapter: "1. A".into(),
            section: vec!["B".into()],
            theme: "a".into(),
            page: Some(3),
            lines: [10, 12],
            text: "tekst".into(),
            line_offsets: vec![[0, 10], [3, 12]],
        };
        let record = StoredRecord::new(&paragraph, &report, &ReportCitation::default());
        let json = serde_json::to_vec(&record).unwrap();
        let back: StoredRecord = serde_json::from_slice(&json).unwrap();
        assert_eq!(back.into_paragraph("tekst".into()), paragraph);
    }

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
    fn facets_escape_slashes_and_skip_unknown_cities() {
        assert_eq!(city_facet(" "), None);
        let facet = theme_facet("visitatie", &["Wonen/werken".into()]);
        assert_eq!(facet.to_path(), ["visitatie", "Wonen/werken"]);
        assert_eq!(theme_facet("besluit", &[]).to_path(), ["besluit"]);
    }
}

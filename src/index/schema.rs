//! The tantivy schema: one document per paragraph. The field layout is the
//! index's on-disk contract with `search` and `mentions`, so it lives in one
//! place, together with the conversion from a `Paragraph` to a document and
//! back (`StoredRecord`), and `SCHEMA_VERSION`, bumped on every change.
//!
//! | field     | type / options                                   | what it holds |
//! |-----------|--------------------------------------------------|---------------|
//! | `report`  | STRING, no fieldnorms                            | report id (`hasselt-2011`); delete-by-term key |
//! | `n`       | u64, fast                                        | reading-order number; with `report` the lookup key for `show` |
//! | `year`    | u64, indexed, fast                               | report year (absent when unknown) |
//! | `text`    | analysed (`replay`), freqs + positions           | the clean paragraph text's tokens |
//! | `heading` | analysed (`replay`), freqs                       | `chapter › section › …` |
//! | `parts`   | analysed (`replay`), freqs                       | compound parts (`Decompounder::part_tokens`) |
//! | `context` | analysed (`replay`), freqs                       | a list item's introducing sentence (`analyse::introductions`) |
//! | `city`    | facet `/<City>`                                  | the report's city |
//! | `theme`   | facet `/<theme>/<section[0]>`                    | theme slug, then first section heading |
//! | `kind`    | facet `/<kind>`                                  | `paragraph`, `list_item`, … |
//! | `cites`   | facet `/<City>` (one per city)                   | other centre cities the text names (`cities`) |
//! | `record`  | bytes, stored                                    | JSON `StoredRecord`: page and lines |
//! | `source`  | bytes, fast (dictionary-encoded)                 | JSON: report id, the report's cited title |
//! | `place`   | bytes, fast (dictionary-encoded)                 | JSON: chapter, its cited title, sections, theme |
//! | `body`    | stored, not indexed                              | the clean paragraph text |
//!
//! The four analysed fields are indexed with the tokens of
//! `index::analyse` (the Dutch analyzer and the decompounder, run once per
//! report), handed over encoded (`replay`). Only `body` and `record` are stored (zstd doc store). What every
//! paragraph under one heading of a report shares (`Place`) is in two
//! dictionary-encoded fast fields instead: kept once per distinct value, the
//! doc store does not compress it again for every paragraph. It is split
//! in two because a segment holds paragraphs of hundreds of reports: their
//! `source` values are one per report, and the template's headings recur in
//! every report, so `place` has few distinct values too (their product would
//! take a segment's writer memory). A hit is rebuilt from `text`, `record`,
//! `source`, `place` and the fast fields and facets (`search::Engine::stored`).
//! There is no paragraph-id field: `report:n` is found as the `report` term
//! and the `n` fast field, which saves a unique term per paragraph. Nothing scores `report`, so it
//! has no fieldnorms.

use crate::citation::ReportCitation;
use crate::model::{Kind, Paragraph, Report};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Document, Facet, FacetOptions, Field, IndexRecordOption, OwnedValue, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED,
};
use tantivy::tokenizer::Token;

/// The heading path lives on the paragraph model; the `heading` field is it.
pub use crate::model::{heading_path, HEADING_SEPARATOR};

/// Bumped on any change to the fields, their options or their content (4:
/// every reading of a compound's modifiers in the parts field; 5: the
/// `context` field of list items; 6: the `source` and `place` fast
/// fields, out of the stored record; 7: the analysed fields' tokens handed
/// over encoded (`replay`), the text stored in `body`; 8: a hyphenated
/// compound's joined word in `text`, `analysis::hyphen`). An index of an
/// older version is rebuilt on its next use (`index::older_schema`); one of a
/// newer version is refused (rebuild with `visidex index --rebuild`).
pub const SCHEMA_VERSION: u32 = 8;

/// The schema's fields, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub report: Field,
    pub n: Field,
    pub year: Field,
    pub text: Field,
    pub heading: Field,
    pub parts: Field,
    pub context: Field,
    pub city: Field,
    pub theme: Field,
    pub kind: Field,
    pub record: Field,
    pub cites: Field,
    pub source: Field,
    pub place: Field,
    pub body: Field,
}

/// Field names, for fast-field and facet readers that take names.
pub mod names {
    pub const REPORT: &str = "report";
    pub const N: &str = "n";
    pub const YEAR: &str = "year";
    pub const TEXT: &str = "text";
    pub const HEADING: &str = "heading";
    pub const PARTS: &str = "parts";
    pub const CONTEXT: &str = "context";
    pub const CITY: &str = "city";
    pub const THEME: &str = "theme";
    pub const KIND: &str = "kind";
    pub const RECORD: &str = "record";
    pub const CITES: &str = "cites";
    pub const SOURCE: &str = "source";
    pub const PLACE: &str = "place";
    pub const BODY: &str = "body";
}

/// The schema of a visidex index.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let dutch = |record: IndexRecordOption| {
        TextFieldIndexing::default()
            .set_tokenizer(super::replay::TOKENIZER)
            .set_index_option(record)
    };
    builder.add_text_field(
        names::REPORT,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    builder.add_u64_field(names::N, FAST);
    builder.add_u64_field(names::YEAR, INDEXED | FAST);
    builder.add_text_field(
        names::TEXT,
        TextOptions::default()
            .set_indexing_options(dutch(IndexRecordOption::WithFreqsAndPositions)),
    );
    builder.add_text_field(
        names::HEADING,
        TextOptions::default().set_indexing_options(dutch(IndexRecordOption::WithFreqs)),
    );
    builder.add_text_field(
        names::PARTS,
        TextOptions::default().set_indexing_options(dutch(IndexRecordOption::WithFreqs)),
    );
    builder.add_text_field(
        names::CONTEXT,
        TextOptions::default().set_indexing_options(dutch(IndexRecordOption::WithFreqs)),
    );
    builder.add_facet_field(names::CITY, FacetOptions::default());
    builder.add_facet_field(names::THEME, FacetOptions::default());
    builder.add_facet_field(names::KIND, FacetOptions::default());
    builder.add_bytes_field(names::RECORD, STORED);
    builder.add_facet_field(names::CITES, FacetOptions::default());
    builder.add_bytes_field(names::SOURCE, FAST);
    builder.add_bytes_field(names::PLACE, FAST);
    builder.add_text_field(names::BODY, TextOptions::default().set_stored());
    builder.build()
}

impl Fields {
    /// Resolve the fields of a schema built by `build_schema`.
    pub fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            report: field(names::REPORT)?,
            n: field(names::N)?,
            year: field(names::YEAR)?,
            text: field(names::TEXT)?,
            heading: field(names::HEADING)?,
            parts: field(names::PARTS)?,
            context: field(names::CONTEXT)?,
            city: field(names::CITY)?,
            theme: field(names::THEME)?,
            kind: field(names::KIND)?,
            record: field(names::RECORD)?,
            cites: field(names::CITES)?,
            source: field(names::SOURCE)?,
            place: field(names::PLACE)?,
            body: field(names::BODY)?,
        })
    }
}

/// What a paragraph document holds besides its text: enough to rebuild the
/// `HIT` of the JSON contract without re-parsing the report. Its JSON (the
/// `record` field, stored) has the paragraph's own parts only, with short
/// keys: the record sits between texts in the compressed doc store, where
/// every repeated byte still costs a little. The fields marked "in `source`"
/// or "in `place`" are the same for every paragraph under one heading of a
/// report and go into those fast fields (`Place`); those marked "not stored" are in
/// the index already (`n` and `year` fast fields, `kind` and `city`
/// facets): `search::Engine::stored` fills them in from there.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    /// Not stored: the `n` fast field.
    #[serde(skip)]
    pub n: u32,
    /// Not stored: the `kind` facet.
    #[serde(skip, default = "default_kind")]
    pub kind: Kind,
    /// In `place`.
    #[serde(skip)]
    pub chapter: String,
    /// In `place`.
    #[serde(skip)]
    pub section: Vec<String>,
    /// In `place`.
    #[serde(skip)]
    pub theme: String,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(rename = "l")]
    pub lines: [u32; 2],
    /// Flat deltas (see `line_deltas`): a third smaller in the doc store
    /// than `[[offset, line], …]`.
    #[serde(
        rename = "o",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "line_deltas"
    )]
    pub line_offsets: Vec<[u32; 2]>,
    /// In `source`.
    #[serde(skip)]
    pub report: String,
    /// Not stored: the `city` facet.
    #[serde(skip)]
    pub city: String,
    /// Not stored: the `year` fast field.
    #[serde(skip)]
    pub year: Option<i32>,
    /// The report's title as cited (`citation::ReportCitation`). In `source`.
    #[serde(skip)]
    pub report_title: String,
    /// The chapter as cited (`hoofdstuk 3 Strategische koers …`). In `place`.
    #[serde(skip)]
    pub chapter_title: String,
}

/// The parts of a paragraph's record that every paragraph under the same
/// heading of a report shares, kept in two dictionary-encoded fast fields
/// (each distinct value once per segment) instead of being compressed again
/// with every paragraph in the doc store: the report's part (`source`) and
/// the heading's (`place`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Place {
    pub report: String,
    pub report_title: String,
    pub chapter: String,
    pub chapter_title: String,
    pub section: Vec<String>,
    pub theme: String,
}

/// The `source` fast field's JSON.
#[derive(Serialize, Deserialize)]
struct SourceJson {
    #[serde(rename = "r")]
    report: String,
    #[serde(rename = "rt", default, skip_serializing_if = "String::is_empty")]
    report_title: String,
}

/// The `place` fast field's JSON.
#[derive(Serialize, Deserialize)]
struct PlaceJson {
    #[serde(rename = "c")]
    chapter: String,
    #[serde(rename = "ct", default, skip_serializing_if = "String::is_empty")]
    chapter_title: String,
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    section: Vec<String>,
    #[serde(rename = "t")]
    theme: String,
}

impl Place {
    /// The values of the `source` and the `place` fast fields. Serialising
    /// plain strings cannot fail; an empty value would only cost the
    /// paragraph its citation, never the run.
    pub fn to_json(&self) -> (Vec<u8>, Vec<u8>) {
        let source = SourceJson {
            report: self.report.clone(),
            report_title: self.report_title.clone(),
        };
        let place = PlaceJson {
            chapter: self.chapter.clone(),
            chapter_title: self.chapter_title.clone(),
            section: self.section.clone(),
            theme: self.theme.clone(),
        };
        (
            serde_json::to_vec(&source).unwrap_or_default(),
            serde_json::to_vec(&place).unwrap_or_default(),
        )
    }

    /// Whether this is `record`'s place (without copying it out of the record).
    fn is_of(&self, record: &StoredRecord) -> bool {
        self.report == record.report
            && self.report_title == record.report_title
            && self.chapter == record.chapter
            && self.chapter_title == record.chapter_title
            && self.section == record.section
            && self.theme == record.theme
    }

    /// The report id of a `source` fast-field value.
    pub fn report_of_source(source: &[u8]) -> serde_json::Result<String> {
        /// Only the report id (the title is skipped, not copied).
        #[derive(Deserialize)]
        struct ReportOnly<'a> {
            #[serde(rename = "r", borrow)]
            report: std::borrow::Cow<'a, str>,
        }
        let source: ReportOnly = serde_json::from_slice(source)?;
        Ok(source.report.into_owned())
    }

    /// A place read back from the `source` and the `place` fast fields.
    pub fn from_json(source: &[u8], place: &[u8]) -> serde_json::Result<Place> {
        let source: SourceJson = serde_json::from_slice(source)?;
        let place: PlaceJson = serde_json::from_slice(place)?;
        Ok(Place {
            report: source.report,
            report_title: source.report_title,
            chapter: place.chapter,
            chapter_title: place.chapter_title,
            section: place.section,
            theme: place.theme,
        })
    }
}

fn default_kind() -> Kind {
    Kind::Paragraph
}

impl StoredRecord {
    pub fn new(paragraph: &Paragraph, report: &Report, cited: &ReportCitation) -> StoredRecord {
        StoredRecord::with_titles(
            paragraph,
            report,
            cited.title.clone(),
            cited.chapter(&paragraph.chapter),
        )
    }

    /// `new` with the report's and the chapter's cited titles already worked
    /// out (the indexer does the chapter's once per chapter, not once per paragraph).
    fn with_titles(
        paragraph: &Paragraph,
        report: &Report,
        report_title: String,
        chapter_title: String,
    ) -> StoredRecord {
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
            report_title,
            chapter_title,
        }
    }

    /// The parts of this record that go into the `source` and `place` fast fields.
    pub fn place(&self) -> Place {
        Place {
            report: self.report.clone(),
            report_title: self.report_title.clone(),
            chapter: self.chapter.clone(),
            chapter_title: self.chapter_title.clone(),
            section: self.section.clone(),
            theme: self.theme.clone(),
        }
    }

    /// This record with the parts read back from the `source` and `place` fast fields.
    pub fn set_place(&mut self, place: Place) {
        self.report = place.report;
        self.report_title = place.report_title;
        self.chapter = place.chapter;
        self.chapter_title = place.chapter_title;
        self.section = place.section;
        self.theme = place.theme;
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

/// `line_offsets` in the record as one flat list of deltas: each offset minus
/// the previous one, each line minus the previous one (the first pair is
/// absolute): `[[0, 30], [90, 32], [182, 34]]` is stored as
/// `[0, 30, 90, 2, 92, 2]`. Small, repetitive numbers compress well.
mod line_deltas {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        offsets: &[[u32; 2]],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut flat = Vec::with_capacity(offsets.len() * 2);
        let mut previous = [0i64, 0i64];
        for pair in offsets {
            let current = [i64::from(pair[0]), i64::from(pair[1])];
            flat.push(current[0] - previous[0]);
            flat.push(current[1] - previous[1]);
            previous = current;
        }
        flat.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<[u32; 2]>, D::Error> {
        let flat = Vec::<i64>::deserialize(deserializer)?;
        if flat.len() % 2 != 0 {
            return Err(serde::de::Error::custom("odd number of line deltas"));
        }
        let mut offsets = Vec::with_capacity(flat.len() / 2);
        let mut previous = [0i64, 0i64];
        for pair in flat.chunks_exact(2) {
            let mut current = [0u32; 2];
            for i in 0..2 {
                let value = previous[i]
                    .checked_add(pair[i])
                    .and_then(|value| u32::try_from(value).ok())
                    .ok_or_else(|| serde::de::Error::custom("line delta out of range"))?;
                current[i] = value;
                previous[i] = i64::from(value);
            }
            offsets.push(current);
        }
        Ok(offsets)
    }
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
    /// A list item's context: the text tokens of the sentence that
    /// introduces its list (offsets into that paragraph's text; empty for
    /// other kinds and for a list without one).
    pub context: Vec<Token>,
}

/// A `Place` as the `source` and `place` fast fields hold it (`Place::to_json`).
type PlaceValues = (Vec<u8>, Vec<u8>);

/// A paragraph document as the writer takes it: field values in a plain
/// list, the analysed fields' tokens encoded (`replay`), so that the writer
/// reads them without copying them.
#[derive(Debug, Clone, Default)]
pub struct ParagraphDocument(Vec<(Field, OwnedValue)>);

impl ParagraphDocument {
    fn add(&mut self, field: Field, value: OwnedValue) {
        self.0.push((field, value));
    }

    /// An analysed field's tokens, encoded for its tokenizer (`replay`).
    fn add_tokens(&mut self, field: Field, tokens: &[Token]) {
        self.add(field, OwnedValue::Str(super::replay::encode(tokens)));
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

/// Builds a report's paragraph documents: what is the same for every
/// paragraph of a chapter (its citation form) is worked out once per chapter.
pub struct DocumentBuilder<'a> {
    fields: &'a Fields,
    report: &'a Report,
    cited: &'a ReportCitation,
    /// The last chapter seen and its citation form.
    chapter: Option<(String, String)>,
    /// The last paragraph's `Place` and its fast-field values (paragraphs
    /// under one heading come together).
    place: Option<(Place, PlaceValues)>,
}

impl<'a> DocumentBuilder<'a> {
    pub fn new(fields: &'a Fields, report: &'a Report, cited: &'a ReportCitation) -> Self {
        DocumentBuilder {
            fields,
            report,
            cited,
            chapter: None,
            place: None,
        }
    }

    /// One paragraph as a tantivy document (the paragraph's text moves into it).
    pub fn document(&mut self, paragraph: Paragraph, tokens: ParagraphTokens) -> ParagraphDocument {
        let chapter_title = match &self.chapter {
            Some((chapter, title)) if *chapter == paragraph.chapter => title.clone(),
            _ => {
                let title = self.cited.chapter(&paragraph.chapter);
                self.chapter = Some((paragraph.chapter.clone(), title.clone()));
                title
            }
        };
        let record = StoredRecord::with_titles(
            &paragraph,
            self.report,
            self.cited.title.clone(),
            chapter_title,
        );
        let place = match &self.place {
            Some((last, json)) if last.is_of(&record) => json.clone(),
            _ => {
                let place = record.place();
                let json = place.to_json();
                self.place = Some((place, json.clone()));
                json
            }
        };
        build_document(self.fields, self.report, &record, place, paragraph, tokens)
    }
}

/// One paragraph as a tantivy document. The text is stored in `body`, the
/// field the doc store holds first as it held `text` before schema 7, then
/// the record.
fn build_document(
    fields: &Fields,
    report: &Report,
    record: &StoredRecord,
    (source, place): (Vec<u8>, Vec<u8>),
    paragraph: Paragraph,
    tokens: ParagraphTokens,
) -> ParagraphDocument {
    let cites = crate::cities::cited_cities(&paragraph.text, &report.city);
    let mut document = ParagraphDocument::default();
    document.add(fields.report, OwnedValue::Str(report.id.clone()));
    document.add(fields.n, OwnedValue::U64(u64::from(paragraph.n)));
    if let Some(year) = report.year.and_then(|year| u64::try_from(year).ok()) {
        document.add(fields.year, OwnedValue::U64(year));
    }
    let theme = theme_facet(&paragraph.theme, &paragraph.section);
    let kind = kind_facet(paragraph.kind);
    document.add_tokens(fields.text, &tokens.text);
    document.add(fields.body, OwnedValue::Str(paragraph.text));
    document.add_tokens(fields.heading, &tokens.heading);
    if !tokens.parts.is_empty() {
        document.add_tokens(fields.parts, &tokens.parts);
    }
    if !tokens.context.is_empty() {
        document.add_tokens(fields.context, &tokens.context);
    }
    if let Some(facet) = city_facet(&report.city) {
        document.add(fields.city, OwnedValue::Facet(facet));
    }
    document.add(fields.theme, OwnedValue::Facet(theme));
    document.add(fields.kind, OwnedValue::Facet(kind));
    for city in cites {
        document.add(fields.cites, OwnedValue::Facet(Facet::from_path([city])));
    }
    // Serialising plain strings and numbers cannot fail; an empty record would
    // only cost this paragraph its metadata, never the run.
    let record = serde_json::to_vec(record).unwrap_or_default();
    document.add(fields.record, OwnedValue::Bytes(record));
    document.add(fields.source, OwnedValue::Bytes(source));
    document.add(fields.place, OwnedValue::Bytes(place));
    document
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

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
            format: Format::Text,
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
            line_offsets: vec![[0, 10], [3, 12], [40, 11], [41, 20]],
        };
        let record = StoredRecord::new(&paragraph, &report, &ReportCitation::default());
        let json = serde_json::to_vec(&record).unwrap();
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(text.contains(r#""o":[0,10,3,2,37,-1,1,9]"#), "{text}");
        for indexed_elsewhere in [r#""n""#, r#""k""#, r#""ci""#, r#""y""#, "list_item"] {
            assert!(!text.contains(indexed_elsewhere), "{text}");
        }
        // The report's and the heading's parts are in the `source` and
        // `place` fast fields, not the record.
        for in_place in [r#""c""#, r#""s""#, r#""t""#, r#""r""#, "gent-2011", "1. A"] {
            assert!(!text.contains(in_place), "{text}");
        }
        let (source, place) = record.place().to_json();
        assert_eq!(
            String::from_utf8(source.clone()).unwrap(),
            r#"{"r":"gent-2011"}"#
        );
        assert_eq!(
            String::from_utf8(place.clone()).unwrap(),
            r#"{"c":"1. A","ct":"hoofdstuk 1 A","s":["B"],"t":"a"}"#
        );
        let mut back: StoredRecord = serde_json::from_slice(&json).unwrap();
        // What `search::Engine::stored` reads from fast fields and facets.
        (back.n, back.kind, back.city, back.year) = (7, Kind::ListItem, "Gent".into(), Some(2011));
        back.set_place(Place::from_json(&source, &place).unwrap());
        assert_eq!(back.into_paragraph("tekst".into()), paragraph);
    }

    #[test]
    fn damaged_line_deltas_are_an_error_not_a_panic() {
        for bad in [
            r#"{"c":"","t":"a","l":[1,1],"o":[1],"r":"x"}"#,
            r#"{"c":"","t":"a","l":[1,1],"o":[0,5,1,-9],"r":"x"}"#,
            r#"{"c":"","t":"a","l":[1,1],"o":[9223372036854775807,5,9223372036854775807,0],"r":"x"}"#,
        ] {
            assert!(serde_json::from_str::<StoredRecord>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn facets_escape_slashes_and_skip_unknown_cities() {
        assert_eq!(city_facet(" "), None);
        let facet = theme_facet("visitatie", &["Wonen/werken".into()]);
        assert_eq!(facet.to_path(), ["visitatie", "Wonen/werken"]);
        assert_eq!(theme_facet("besluit", &[]).to_path(), ["besluit"]);
    }
}

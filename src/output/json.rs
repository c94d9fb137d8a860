//! The JSON wire types of the contract (`CONTRACT.md`), one struct per shape,
//! all derived `Serialize`: the only place their field names are spelled.
//! Built from the library's result structs; rendered with `to_json`.

use crate::error::{Error, Result};
use crate::index::build::IndexSummary;
use crate::index::meta::IndexedReport;
use crate::model::Kind;
use crate::search::{FacetCounts, Hit, SearchResults, Shown};
use serde::Serialize;
use std::collections::BTreeMap;

/// `HIT`: the `PARAGRAPH` fields plus where it comes from, its score and snippet.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct HitJson<'a> {
    pub n: u32,
    pub id: &'a str,
    pub kind: Kind,
    pub chapter: &'a str,
    pub section: &'a [String],
    pub theme: &'a str,
    pub page: Option<u32>,
    pub lines: [u32; 2],
    pub text: &'a str,
    pub report: &'a str,
    #[serde(serialize_with = "crate::model::city_or_null::serialize")]
    pub city: &'a str,
    pub year: Option<i32>,
    pub score: f32,
    /// The snippet with every matched word wrapped in `«` `»`.
    pub snippet: String,
    /// `search` only: `lexical` (found by its words) or `semantic` (found
    /// by meaning only; the snippet is its sentence nearest the query).
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_kind: Option<&'static str>,
    /// The citation line (`Visitatierapport Hasselt 2011, hoofdstuk 3 …, p. 7`).
    pub citation: &'a str,
}

impl<'a> HitJson<'a> {
    pub fn new(hit: &'a Hit) -> HitJson<'a> {
        let paragraph = &hit.paragraph;
        HitJson {
            n: paragraph.n,
            id: &paragraph.id,
            kind: paragraph.kind,
            chapter: &paragraph.chapter,
            section: &paragraph.section,
            theme: &paragraph.theme,
            page: paragraph.page,
            lines: paragraph.lines,
            text: &paragraph.text,
            report: &hit.report,
            city: &hit.city,
            year: hit.year,
            score: hit.score,
            snippet: hit.snippet.marked("«", "»"),
            match_kind: None,
            citation: &hit.citation,
        }
    }
}

/// `visidex search --json`.
#[derive(Serialize, Debug)]
pub struct SearchJson<'a> {
    pub query: &'a str,
    pub total: u64,
    /// False when `total` is a lower bound (a frequent word: counting every
    /// match would cost more than ranking them); `all_words` is then one too
    /// when it equals `total`.
    pub total_is_exact: bool,
    /// Paragraphs with every word of the query; they rank first.
    pub all_words: u64,
    /// True when the page holds partial matches (ranked after the first `all_words`).
    pub partial: bool,
    /// Words not found in the index → the word searched instead.
    pub corrected: &'a BTreeMap<String, String>,
    pub note: Option<&'a str>,
    /// `lexical` or `hybrid`.
    pub mode: &'a str,
    /// Hybrid mode: paragraphs in the fused ranking found by meaning only.
    pub semantic_total: u64,
    /// When nothing was found: near indexed words ("did you mean …").
    pub suggestions: &'a [String],
    pub hits: Vec<HitJson<'a>>,
}

impl<'a> SearchJson<'a> {
    pub fn new(results: &'a SearchResults) -> SearchJson<'a> {
        SearchJson {
            query: &results.query,
            total: results.total,
            total_is_exact: !results.total_at_least,
            all_words: results.all_words,
            partial: results.partial,
            corrected: &results.corrected,
            note: results.note.as_deref(),
            suggestions: &results.suggestions,
            mode: results.mode.unwrap_or("lexical"),
            semantic_total: results.semantic_total,
            hits: results
                .hits
                .iter()
                .map(|hit| HitJson {
                    match_kind: Some(if results.semantic.contains(&hit.paragraph.id) {
                        "semantic"
                    } else {
                        "lexical"
                    }),
                    ..HitJson::new(hit)
                })
                .collect(),
        }
    }
}

/// `visidex facets --json`.
#[derive(Serialize, Debug)]
pub struct FacetsJson<'a> {
    pub total: u64,
    pub city: &'a BTreeMap<String, u64>,
    pub theme: &'a BTreeMap<String, u64>,
    pub kind: &'a BTreeMap<String, u64>,
    pub year: BTreeMap<String, u64>,
    /// Other centre cities the matching paragraphs name.
    pub cites: &'a BTreeMap<String, u64>,
    /// Only with `--theme`: counts per first section heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<BTreeMap<String, u64>>,
}

impl<'a> FacetsJson<'a> {
    pub fn new(counts: &'a FacetCounts, with_sections: bool) -> FacetsJson<'a> {
        FacetsJson {
            total: counts.total,
            city: &counts.city,
            theme: &counts.theme,
            kind: &counts.kind,
            year: counts
                .year
                .iter()
                .map(|(year, count)| (year.to_string(), *count))
                .collect(),
            cites: &counts.cites,
            section: with_sections.then(|| merged_sections(counts)),
        }
    }
}

/// Section counts across the selected themes (names rarely repeat across themes).
pub fn merged_sections(counts: &FacetCounts) -> BTreeMap<String, u64> {
    let mut merged = BTreeMap::new();
    for sections in counts.section.values() {
        for (section, count) in sections {
            *merged.entry(section.clone()).or_default() += count;
        }
    }
    merged
}

/// `visidex show --json`.
#[derive(Serialize, Debug)]
pub struct ShowJson<'a> {
    pub hit: HitJson<'a>,
    pub before: Vec<HitJson<'a>>,
    pub after: Vec<HitJson<'a>>,
    pub citation: String,
}

impl<'a> ShowJson<'a> {
    pub fn new(shown: &'a Shown) -> ShowJson<'a> {
        ShowJson {
            hit: HitJson::new(&shown.hit),
            before: shown.before.iter().map(HitJson::new).collect(),
            after: shown.after.iter().map(HitJson::new).collect(),
            citation: shown.hit.citation.clone(),
        }
    }
}

/// One entry of `visidex reports --json`: `REPORT` + `paragraphs`.
#[derive(Serialize, Debug)]
pub struct ReportJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(serialize_with = "crate::model::city_or_null::serialize")]
    pub city: &'a str,
    pub year: Option<i32>,
    pub date: Option<&'a str>,
    pub source: &'a str,
    pub sha256: &'a str,
    pub paragraphs: u32,
}

impl<'a> ReportJson<'a> {
    pub fn new(indexed: &'a IndexedReport) -> ReportJson<'a> {
        let report = &indexed.report;
        ReportJson {
            id: &report.id,
            title: &report.title,
            city: &report.city,
            year: report.year,
            date: report.date.as_deref(),
            source: &report.source,
            sha256: &report.sha256,
            paragraphs: indexed.paragraphs,
        }
    }
}

/// `visidex index --json`.
#[derive(Serialize, Debug)]
pub struct IndexJson<'a> {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Paragraph documents in the index after the run.
    pub paragraphs: u64,
    pub elapsed_ms: u64,
    pub failed: Vec<FailureJson<'a>>,
}

#[derive(Serialize, Debug)]
pub struct FailureJson<'a> {
    pub path: &'a str,
    pub error: &'a str,
}

impl<'a> IndexJson<'a> {
    pub fn new(summary: &'a IndexSummary) -> IndexJson<'a> {
        IndexJson {
            added: summary.added,
            updated: summary.updated,
            unchanged: summary.unchanged,
            removed: summary.removed,
            paragraphs: summary.paragraphs,
            elapsed_ms: summary.elapsed_ms,
            failed: summary
                .failed
                .iter()
                .map(|failure| FailureJson {
                    path: &failure.path,
                    error: &failure.error,
                })
                .collect(),
        }
    }
}

/// The one JSON writer for documents: pretty JSON with a final newline.
/// `--json` output and the web API's answers both come from here.
pub fn document<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut json = serde_json::to_string_pretty(value).map_err(output_error)?;
    json.push('\n');
    Ok(json)
}

/// Compact JSON on one line, without a newline: a JSON Lines record or a
/// piece of a document that is streamed.
pub fn line<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(output_error)
}

fn output_error(error: serde_json::Error) -> Error {
    Error::Output(format!("JSON: {error}"))
}

/// An error as `visidex serve` answers it: the CLI's one line, and the
/// 1-based query position when the error is in a query.
#[derive(Serialize, Debug)]
pub struct ErrorJson {
    pub error: String,
    pub position: Option<usize>,
}

impl ErrorJson {
    pub fn new(error: &Error) -> ErrorJson {
        let position = match error {
            Error::Query { position, .. } => Some(*position),
            _ => None,
        };
        ErrorJson {
            error: error.to_string().replace(['\n', '\r'], " "),
            position,
        }
    }
}

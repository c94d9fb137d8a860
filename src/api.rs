//! The library's entry points, one per reading command. Each takes an opened
//! [`Engine`] and a request whose fields are the command's CLI options by
//! name (so a web handler fills the same struct from its URL parameters), and
//! returns a plain result struct that `output` renders in every format
//! ([`crate::output::Render`]; `to_json` is what `--json` prints). They never
//! refresh the index (the CLI does that first, with `index::refresh`; the web
//! server answers from the last commit) and never print.
//!
//! The caps the CLI and the web page share are checked here: a `limit` of at
//! most [`MAX_LIMIT`], a query of at most [`MAX_QUERY_CHARS`] characters.

use crate::cities::names_city;
use crate::error::{Error, Result};
use crate::index::meta::{self, IndexedReport};
use crate::knowledge::compare::{self, Comparison};
use crate::knowledge::query::{Selection, WordFilter};
use crate::knowledge::recommendations::RecommendationFilter;
use crate::knowledge::{figures, recommendations, related, tables, ReportText};
use crate::model::Kind;
use crate::output::knowledge::{FiguresOutput, RecommendationsOutput, RelatedOutput, TablesOutput};
use crate::search::mentions::{Breakdown, By, Mention, MentionsRequest, Totals};
pub use crate::search::{Engine, FacetCounts, Filters, SearchRequest, SearchResults, Shown};
use std::collections::BTreeMap;
use std::path::Path;

/// The most hits one page may ask for (`--limit`, `limit=`).
pub const MAX_LIMIT: usize = 1000;
/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A `limit` above [`MAX_LIMIT`] is a usage error.
pub fn check_limit(limit: usize) -> Result<()> {
    if limit > MAX_LIMIT {
        return Err(Error::Usage(format!(
            "--limit {limit} is too many: at most {MAX_LIMIT} per page (use --offset for the next page)"
        )));
    }
    Ok(())
}

/// A query longer than [`MAX_QUERY_CHARS`] characters is a usage error.
pub fn check_query(query: &str) -> Result<()> {
    let length = query.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(Error::Usage(format!(
            "the query is {length} characters long; at most {MAX_QUERY_CHARS} are searched"
        )));
    }
    Ok(())
}

/// `visidex search`: ranked paragraphs for `request` (query, filters, limit, offset).
pub fn search(engine: &Engine, request: &SearchRequest) -> Result<SearchResults> {
    check_query(&request.query)?;
    check_limit(request.limit)?;
    engine.search(request)
}

/// `visidex facets`: what [`facets`] takes.
#[derive(Debug, Clone, Default)]
pub struct FacetsRequest {
    /// Empty: all paragraphs.
    pub query: String,
    pub filters: Filters,
}

/// `visidex facets`: the counts, and whether per-section counts were asked for (`--theme`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub counts: FacetCounts,
    pub with_sections: bool,
}

/// `visidex facets`: counts of the paragraphs matching the query and filters.
pub fn facets(engine: &Engine, request: &FacetsRequest) -> Result<Facets> {
    check_query(&request.query)?;
    Ok(Facets {
        counts: engine.facets(&request.query, &request.filters)?,
        with_sections: !request.filters.theme.is_empty(),
    })
}

/// `visidex show`: what [`show`] takes.
#[derive(Debug, Clone)]
pub struct ShowRequest {
    /// `REPORT:N`.
    pub id: String,
    /// Neighbours on each side.
    pub context: u32,
}

/// `visidex show`: one paragraph with its neighbours. A malformed id is a
/// usage error, a well-formed unknown one `Error::NotFound` (both exit 2; the
/// web API answers 400 and 404).
pub fn show(engine: &Engine, request: &ShowRequest) -> Result<Shown> {
    engine.show(request.id.trim(), request.context)
}

/// `visidex mentions --count`: the totals only.
pub fn mention_totals(engine: &Engine, request: &MentionsRequest) -> Result<Totals> {
    check_query(&request.term)?;
    engine.mentions(request, true, &mut |_| Ok(()))
}

/// `visidex mentions --by F[,F]`: the totals split by city, theme, report,
/// year, or city × theme.
pub fn mention_breakdown(
    engine: &Engine,
    request: &MentionsRequest,
    by: &[String],
) -> Result<Breakdown> {
    let by = by
        .iter()
        .map(|name| {
            By::parse(name).ok_or_else(|| {
                Error::Usage(format!(
                    "--by {name}: give one of city, theme, report, year, or city,theme"
                ))
            })
        })
        .collect::<Result<Vec<By>>>()?;
    Breakdown::of(mention_totals(engine, request)?, &by)
}

/// `visidex mentions`: every mention, handed to `each` in report and reading
/// order as it is found (so output can stream), then the totals.
pub fn mentions(
    engine: &Engine,
    request: &MentionsRequest,
    each: &mut dyn FnMut(Mention) -> Result<()>,
) -> Result<Totals> {
    check_query(&request.term)?;
    engine.mentions(request, false, each)
}

/// `visidex reports`: the indexed reports, from the index's bookkeeping.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportList {
    pub reports: Vec<IndexedReport>,
}

/// `visidex reports`: read from `reports.json`, without opening the paragraph documents.
pub fn reports(index_dir: &Path) -> Result<ReportList> {
    crate::index::read_meta(index_dir)?;
    let reports: meta::ReportsMeta =
        meta::read_json(&index_dir.join(meta::REPORTS_FILE))?.unwrap_or_default();
    Ok(ReportList {
        reports: reports.reports.into_values().collect(),
    })
}

/// The `--city`/`--theme`/`--year` selection and QUERY of the extract commands.
#[derive(Debug, Clone, Default)]
pub struct SelectionRequest {
    /// Words that must all occur (compared as Dutch stems); empty: no word filter.
    pub query: String,
    pub city: Vec<String>,
    pub theme: Vec<String>,
    pub year: Vec<i32>,
}

impl SelectionRequest {
    /// The selection, after refusing unknown filter values as `search` does;
    /// the QUERY matched by the search engine among paragraphs of `kinds`.
    fn to_selection(&self, engine: &Engine, kinds: &[Kind]) -> Result<Selection> {
        check_query(&self.query)?;
        engine.check_filters(&Filters {
            city: self.city.clone(),
            theme: self.theme.clone(),
            year: self.year.clone(),
            ..Filters::default()
        })?;
        Ok(Selection {
            cities: self.city.clone(),
            themes: self.theme.clone(),
            years: self.year.clone(),
            words: word_filter(engine, &self.query, kinds, false)?,
        })
    }
}

/// The QUERY of an extract as the search engine reads it (see
/// `Engine::query_matches`): one query language for every command.
fn word_filter(engine: &Engine, query: &str, kinds: &[Kind], any_word: bool) -> Result<WordFilter> {
    Ok(match engine.query_matches(query, kinds, any_word)? {
        Some(found) => WordFilter::matching(found.ids, found.stems),
        None => WordFilter::default(),
    })
}

/// `visidex recommendations`: what [`recommendations`] takes.
#[derive(Debug, Clone, Default)]
pub struct RecommendationsRequest {
    pub selection: SelectionRequest,
    /// `--round`: visit rounds; empty keeps every round.
    pub round: Vec<i32>,
}

/// `visidex recommendations`: the committees' recommendations as records.
pub fn recommendations(
    engine: &Engine,
    request: &RecommendationsRequest,
) -> Result<RecommendationsOutput> {
    // The committee's own (italic) and an earlier round's (bullets).
    let selection = request
        .selection
        .to_selection(engine, &[Kind::Recommendation, Kind::ListItem])?;
    // Recommendations and the body text their context is taken from.
    let reports = reports_of_kinds(
        engine,
        &[Kind::Recommendation, Kind::ListItem, Kind::Paragraph],
    )?;
    if !request.round.is_empty() {
        check_rounds(&reports, &request.round)?;
    }
    let filter = RecommendationFilter {
        selection,
        rounds: request.round.clone(),
    };
    let found = recommendations::select(&reports, &filter);
    Ok(RecommendationsOutput {
        query: request.selection.query.clone(),
        total: found.len(),
        recommendations: found,
    })
}

/// An unknown `--round` is a usage error listing the rounds there are, as
/// an unknown `--year` is (not an empty answer).
fn check_rounds(reports: &[ReportText], rounds: &[i32]) -> Result<()> {
    let known: std::collections::BTreeSet<i32> = recommendations::select(
        reports,
        &RecommendationFilter {
            selection: Selection::default(),
            rounds: Vec::new(),
        },
    )
    .iter()
    .filter_map(|recommendation| recommendation.round)
    .collect();
    if let Some(unknown) = rounds.iter().find(|round| !known.contains(round)) {
        let known: Vec<String> = known.iter().map(i32::to_string).collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        return Err(crate::search::filters::unknown(
            "round",
            "rounds",
            &unknown.to_string(),
            &known,
        ));
    }
    Ok(())
}

/// `visidex figures`: the key-figure bullets with their effect and source.
pub fn figures(engine: &Engine, request: &SelectionRequest) -> Result<FiguresOutput> {
    let selection = request.to_selection(engine, &[Kind::Figure])?;
    let reports = reports_of_kinds(engine, &[Kind::Figure, Kind::QuoteSource])?;
    let found = figures::select(&reports, &selection);
    Ok(FiguresOutput {
        query: request.query.clone(),
        total: found.len(),
        figures: found,
    })
}

/// `visidex tables`: what [`tables`] takes.
#[derive(Debug, Clone, Default)]
pub struct TablesRequest {
    /// Report ids; empty: every report. An unknown id is a usage error.
    pub report: Vec<String>,
    pub city: Vec<String>,
    /// Table ids (`hasselt-2011:231`, its first paragraph); empty: every table.
    /// An unknown id is a usage error.
    pub table: Vec<String>,
    /// CSV in wide format: one record per row, one column per table column.
    pub wide: bool,
}

/// `visidex tables`: the reports' tables as typed rows.
pub fn tables(engine: &Engine, request: &TablesRequest) -> Result<TablesOutput> {
    engine.check_filters(&Filters {
        city: request.city.clone(),
        ..Filters::default()
    })?;
    // Rows, a header paragraph before them, the source line after them.
    let reports = reports_of_kinds(
        engine,
        &[Kind::TableRow, Kind::Paragraph, Kind::QuoteSource],
    )?;
    for wanted in &request.report {
        if !reports.iter().any(|r| r.id.eq_ignore_ascii_case(wanted)) {
            return Err(Error::Usage(format!(
                "no report `{wanted}` in the index (see `visidex reports`)"
            )));
        }
    }
    let found: Vec<_> = reports
        .iter()
        .filter(|r| {
            request.report.is_empty()
                || request
                    .report
                    .iter()
                    .any(|id| id.eq_ignore_ascii_case(&r.id))
        })
        .filter(|r| {
            request.city.is_empty() || request.city.iter().any(|city| names_city(city, &r.city))
        })
        .flat_map(tables::tables)
        .collect();
    let known: Vec<&str> = found.iter().map(|table| table.id.as_str()).collect();
    if let Some(unknown) = request.table.iter().find(|wanted| {
        !known
            .iter()
            .any(|id| id.eq_ignore_ascii_case(wanted.trim()))
    }) {
        return Err(crate::search::filters::unknown(
            "table", "tables", unknown, &known,
        ));
    }
    let found: Vec<_> = found
        .into_iter()
        .filter(|table| {
            request.table.is_empty()
                || request
                    .table
                    .iter()
                    .any(|id| id.trim().eq_ignore_ascii_case(&table.id))
        })
        .collect();
    Ok(TablesOutput {
        total: found.len(),
        tables: found,
        wide: request.wide,
    })
}

pub use crate::knowledge::compare::CompareRequest;

/// `visidex compare`: one theme across every indexed report.
pub fn compare(engine: &Engine, request: &CompareRequest) -> Result<Comparison> {
    check_query(&request.query)?;
    if request.paragraphs > 0 && request.query.trim().is_empty() {
        return Err(Error::Usage(
            "--paragraphs ranks paragraphs by QUERY; give a QUERY".to_string(),
        ));
    }
    engine.check_filters(&Filters {
        theme: vec![request.theme.clone()],
        city: request.city.clone(),
        ..Filters::default()
    })?;
    let reports = reports_of_kinds(
        engine,
        &[
            Kind::Recommendation,
            Kind::ListItem,
            Kind::Paragraph,
            Kind::Figure,
        ],
    )?;
    let words = word_filter(
        engine,
        &request.query,
        &[Kind::Paragraph, Kind::ListItem, Kind::Figure],
        true,
    )?;
    Ok(compare::compare(&reports, request, &words))
}

/// `visidex related`: what [`related`] takes.
#[derive(Debug, Clone)]
pub struct RelatedRequest {
    pub id: String,
    pub limit: usize,
}

/// `visidex related`: the paragraphs of other reports most like paragraph `id`.
pub fn related(engine: &Engine, request: &RelatedRequest) -> Result<RelatedOutput> {
    check_limit(request.limit)?;
    let reports = reports_of_kinds(engine, &[])?;
    let (paragraph, related) = related::related(&reports, request.id.trim(), request.limit)
        .ok_or_else(|| {
            Error::Usage(format!(
                "no paragraph `{}` in the index (see `visidex reports`)",
                request.id.trim()
            ))
        })?;
    Ok(RelatedOutput { paragraph, related })
}

/// The paragraphs of the given kinds (all kinds when empty) of every indexed
/// report, grouped by report in reading order.
fn reports_of_kinds(engine: &Engine, kinds: &[Kind]) -> Result<Vec<ReportText>> {
    let mut by_report: BTreeMap<String, (String, Option<i32>, Vec<_>)> = BTreeMap::new();
    for hit in engine.paragraphs_of_kinds(kinds)? {
        let entry = by_report
            .entry(hit.report)
            .or_insert_with(|| (hit.city, hit.year, Vec::new()));
        entry.2.push(hit.paragraph);
    }
    Ok(by_report
        .into_iter()
        .map(|(id, (city, year, paragraphs))| ReportText::new(id, city, year, paragraphs))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_are_usage_errors_just_above_the_limit() {
        assert!(check_limit(MAX_LIMIT).is_ok());
        assert_eq!(check_limit(MAX_LIMIT + 1).unwrap_err().exit_code(), 2);
        assert!(check_query(&"é".repeat(MAX_QUERY_CHARS)).is_ok());
        let error = check_query(&"é".repeat(MAX_QUERY_CHARS + 1)).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("1001 characters"), "{error}");
    }
}

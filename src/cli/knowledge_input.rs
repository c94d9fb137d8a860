//! What the knowledge commands share: where their paragraphs come from, the
//! output format they were asked for (`--json`, `--csv [--bom]`), and
//! printing. Extracts need the paragraphs of whole reports in reading order,
//! not a ranked page of hits: they read the index's stored paragraphs of the
//! kinds they need (a term query on the kind facet), so they work on
//! everything indexed. Like `search`, they build the index when there is none
//! and refresh it when the corpus folder changed.

use super::{write_stdout, GlobalArgs};
use crate::error::{Error, Result};
use crate::index::schema::kind_facet;
use crate::knowledge::query::{Selection, WordFilter};
use crate::knowledge::ReportText;
use crate::model::{Kind, Paragraph};
use crate::output::knowledge::Format;
use crate::search::filters::{filter_query, Filters};
use crate::search::Engine;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};

/// `--csv` and `--bom`, for the commands that export records.
#[derive(Debug, Clone, Default, Args)]
pub struct ExportArgs {
    /// RFC 4180 CSV on stdout instead of human output.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// With --csv: start with a UTF-8 byte-order mark (for spreadsheet programs).
    #[arg(long, requires = "csv")]
    pub bom: bool,
}

impl ExportArgs {
    pub fn format(&self, global: &GlobalArgs) -> Format {
        if self.csv {
            Format::Csv { bom: self.bom }
        } else if global.json {
            Format::Json
        } else {
            Format::Human
        }
    }
}

/// `--city`, `--theme`, `--year`: the selection the record commands share.
#[derive(Debug, Clone, Default, Args)]
pub struct SelectionArgs {
    /// Only records of this city (repeat to OR).
    #[arg(long)]
    pub city: Vec<String>,
    /// Only this theme, or `theme/section` (repeat to OR).
    #[arg(long)]
    pub theme: Vec<String>,
    /// Only reports of this year (repeat to OR).
    #[arg(long)]
    pub year: Vec<i32>,
}

impl SelectionArgs {
    /// The selection for QUERY's words, after refusing unknown filter values.
    pub fn to_selection(&self, global: &GlobalArgs, query: &str) -> Result<Selection> {
        check_filter_values(global, &self.city, &self.theme, &self.year)?;
        Ok(Selection {
            cities: self.city.clone(),
            themes: self.theme.clone(),
            years: self.year.clone(),
            words: WordFilter::new(query),
        })
    }
}

/// The reports the extracts work on, and how many could not be read.
pub struct LoadedReports {
    pub reports: Vec<ReportText>,
    pub failed: usize,
}

impl LoadedReports {
    /// Exit code: 1 when a report could not be read (the rest was still done).
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed > 0)
    }
}

/// Refuse unknown `--city`/`--theme`/`--year` values the way `search` does
/// (exit 2, listing the known values), instead of silently selecting nothing.
pub fn check_filter_values(
    global: &GlobalArgs,
    cities: &[String],
    themes: &[String],
    years: &[i32],
) -> Result<()> {
    let filters = Filters {
        city: cities.to_vec(),
        theme: themes.to_vec(),
        year: years.to_vec(),
        ..Filters::default()
    };
    if filters.is_empty() {
        return Ok(());
    }
    let engine = Engine::open(&global.index)?;
    filter_query(&filters, engine.searcher(), engine.fields()).map(|_| ())
}

/// The paragraphs of the given kinds (all kinds when empty) of every indexed
/// report, grouped by report in reading order. A report that failed to
/// (re)index was noted on stderr by the refresh and is counted.
pub fn load_reports(global: &GlobalArgs, kinds: &[Kind]) -> Result<LoadedReports> {
    let failed = usize::from(super::search::ensure_fresh(global)?);
    let engine = Engine::open(&global.index)?;
    let fields = engine.fields();
    let query: Box<dyn Query> = if kinds.is_empty() {
        Box::new(tantivy::query::AllQuery)
    } else {
        let any_kind = kinds
            .iter()
            .map(|kind| {
                let term = Term::from_facet(fields.kind, &kind_facet(*kind));
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect();
        Box::new(BooleanQuery::new(any_kind))
    };
    let mut addresses: Vec<_> = engine
        .searcher()
        .search(&*query, &DocSetCollector)?
        .into_iter()
        .collect();
    addresses.sort();
    let mut by_report: BTreeMap<String, (String, Option<i32>, Vec<Paragraph>)> = BTreeMap::new();
    for address in addresses {
        let (record, text) = engine.stored(address)?;
        let entry = by_report
            .entry(record.report.clone())
            .or_insert_with(|| (record.city.clone(), record.year, Vec::new()));
        entry.2.push(record.into_paragraph(text));
    }
    let reports = by_report
        .into_iter()
        .map(|(id, (city, year, paragraphs))| ReportText::new(id, city, year, paragraphs))
        .collect();
    Ok(LoadedReports { reports, failed })
}

/// Print a result in the chosen format.
pub fn emit<T: Serialize>(
    format: Format,
    value: &T,
    human: impl Fn(&T) -> String,
    csv: impl Fn(&T, bool) -> String,
) -> Result<()> {
    let text = match format {
        // Report text is data: no terminal control sequences reach the screen.
        Format::Human => crate::output::sanitize_for_terminal(&human(value)).into_owned(),
        Format::Csv { bom } => csv(value, bom),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(value)
                .map_err(|error| Error::Index(format!("JSON output: {error}")))?;
            json.push('\n');
            json
        }
    };
    write_stdout(&text)
}

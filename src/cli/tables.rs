//! `visidex tables [--report ID]`: the reports' tables as typed rows.

use super::knowledge_input::{check_filter_values, emit, load_reports, ExportArgs};
use super::GlobalArgs;
use crate::error::{Error, Result};
use crate::knowledge::query::same_city;
use crate::knowledge::tables::tables;
use crate::model::Kind;
use crate::output::knowledge::{tables_csv, tables_human, TablesOutput};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct TablesArgs {
    /// Only the tables of this report id, e.g. `hasselt-2011` (repeat to OR).
    #[arg(long)]
    pub report: Vec<String>,
    /// Only the tables of reports of this city (repeat to OR).
    #[arg(long)]
    pub city: Vec<String>,
    #[command(flatten)]
    pub export: ExportArgs,
}

pub fn run(global: &GlobalArgs, args: &TablesArgs) -> Result<u8> {
    // Rows, a header paragraph before them, the source line after them.
    let loaded = load_reports(
        global,
        &[Kind::TableRow, Kind::Paragraph, Kind::QuoteSource],
    )?;
    check_filter_values(global, &args.city, &[], &[])?;
    for wanted in &args.report {
        if !loaded
            .reports
            .iter()
            .any(|r| r.id.eq_ignore_ascii_case(wanted))
        {
            return Err(Error::Usage(format!("no report with id {wanted:?}")));
        }
    }
    let found: Vec<_> = loaded
        .reports
        .iter()
        .filter(|r| {
            args.report.is_empty() || args.report.iter().any(|id| id.eq_ignore_ascii_case(&r.id))
        })
        .filter(|r| args.city.is_empty() || args.city.iter().any(|city| same_city(city, &r.city)))
        .flat_map(tables)
        .collect();
    let output = TablesOutput {
        total: found.len(),
        tables: found,
    };
    emit(
        args.export.format(global),
        &output,
        tables_human,
        tables_csv,
    )?;
    Ok(loaded.exit_code())
}

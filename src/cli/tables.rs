//! `visidex tables [--report ID]`: the reports' tables as typed rows.

use super::extracts;
use super::Context;
use crate::api::{self, TablesRequest};
use crate::error::Result;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct TablesArgs {
    /// Only the tables of this report id, e.g. `hasselt-2011` (repeat to OR).
    #[arg(long)]
    pub report: Vec<String>,
    /// Only the tables of reports of this city (repeat to OR).
    #[arg(long)]
    pub city: Vec<String>,
    /// Only this table, by its id (the id of its first row, shown in brackets; repeat to OR).
    #[arg(long)]
    pub table: Vec<String>,
    /// With --csv: one record per row and a column per table column, instead of one per cell.
    #[arg(long)]
    pub wide: bool,
}

pub fn run(context: &Context, args: &TablesArgs) -> Result<u8> {
    let request = TablesRequest {
        report: args.report.clone(),
        city: args.city.clone(),
        table: args.table.clone(),
        wide: args.wide,
    };
    if args.wide && !matches!(context.format, crate::output::Format::Csv(_)) {
        return Err(crate::error::Error::Usage(
            "--wide is a CSV layout: add --csv".to_string(),
        ));
    }
    extracts::run(context, |engine| api::tables(engine, &request))
}

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
}

pub fn run(context: &Context, args: &TablesArgs) -> Result<u8> {
    let request = TablesRequest {
        report: args.report.clone(),
        city: args.city.clone(),
    };
    extracts::run(context, |engine| api::tables(engine, &request))
}

//! `visidex figures [QUERY]`: the key-figure bullets with their effect and source.

use super::knowledge_input::{check_filter_values, emit, load_reports, ExportArgs};
use super::GlobalArgs;
use crate::error::Result;
use crate::knowledge::figures::select;
use crate::knowledge::query::{Selection, WordFilter};
use crate::model::Kind;
use crate::output::knowledge::{figures_csv, figures_human, FiguresOutput};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct FiguresArgs {
    /// Only figures with all these words (compared as Dutch stems).
    pub query: Option<String>,
    /// Only figures of this city (repeat to OR).
    #[arg(long)]
    pub city: Vec<String>,
    /// Only this theme, or `theme/section` (repeat to OR).
    #[arg(long)]
    pub theme: Vec<String>,
    /// Only reports of this year (repeat to OR).
    #[arg(long)]
    pub year: Vec<i32>,
    #[command(flatten)]
    pub export: ExportArgs,
}

pub fn run(global: &GlobalArgs, args: &FiguresArgs) -> Result<u8> {
    let loaded = load_reports(global, &[Kind::Figure, Kind::QuoteSource])?;
    check_filter_values(global, &args.city, &args.theme, &args.year)?;
    let query = args.query.clone().unwrap_or_default();
    let selection = Selection {
        cities: args.city.clone(),
        themes: args.theme.clone(),
        years: args.year.clone(),
        words: WordFilter::new(&query),
    };
    let figures = select(&loaded.reports, &selection);
    let output = FiguresOutput {
        query,
        total: figures.len(),
        figures,
    };
    emit(
        args.export.format(global),
        &output,
        figures_human,
        figures_csv,
    )?;
    Ok(loaded.exit_code())
}

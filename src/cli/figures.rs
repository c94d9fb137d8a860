//! `visidex figures [QUERY]`: the key-figure bullets with their effect and source.

use super::knowledge_input::{emit, load_reports, ExportArgs, SelectionArgs};
use super::GlobalArgs;
use crate::error::Result;
use crate::knowledge::figures::select;
use crate::model::Kind;
use crate::output::knowledge::{figures_csv, figures_human, FiguresOutput};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct FiguresArgs {
    /// Only figures with all these words (compared as Dutch stems).
    pub query: Option<String>,
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub export: ExportArgs,
}

pub fn run(global: &GlobalArgs, args: &FiguresArgs) -> Result<u8> {
    let loaded = load_reports(global, &[Kind::Figure, Kind::QuoteSource])?;
    let query = args.query.clone().unwrap_or_default();
    let selection = args.selection.to_selection(global, &query)?;
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

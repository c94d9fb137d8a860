//! `visidex recommendations [QUERY]`: the committees' recommendations as records.

use super::knowledge_input::{emit, load_reports, ExportArgs, SelectionArgs};
use super::GlobalArgs;
use crate::error::Result;
use crate::knowledge::recommendations::{select, RecommendationFilter};
use crate::model::Kind;
use crate::output::knowledge::{recommendations_csv, recommendations_human, RecommendationsOutput};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct RecommendationsArgs {
    /// Only recommendations with all these words (compared as Dutch stems).
    pub query: Option<String>,
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Only the recommendations of this visit round, e.g. 2005 for an earlier
    /// committee's advice quoted in an appendix (repeat to OR).
    #[arg(long)]
    pub round: Vec<i32>,
    #[command(flatten)]
    pub export: ExportArgs,
}

pub fn run(global: &GlobalArgs, args: &RecommendationsArgs) -> Result<u8> {
    // Recommendations and the body text their context is taken from.
    let loaded = load_reports(
        global,
        &[Kind::Recommendation, Kind::ListItem, Kind::Paragraph],
    )?;
    let query = args.query.clone().unwrap_or_default();
    let filter = RecommendationFilter {
        selection: args.selection.to_selection(global, &query)?,
        rounds: args.round.clone(),
    };
    let recommendations = select(&loaded.reports, &filter);
    let output = RecommendationsOutput {
        query,
        total: recommendations.len(),
        recommendations,
    };
    emit(
        args.export.format(global),
        &output,
        recommendations_human,
        recommendations_csv,
    )?;
    Ok(loaded.exit_code())
}

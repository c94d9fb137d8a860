//! `visidex recommendations [QUERY]`: the committees' recommendations as records.

use super::knowledge_input::{check_filter_values, emit, load_reports, ExportArgs};
use super::GlobalArgs;
use crate::error::Result;
use crate::knowledge::query::{Selection, WordFilter};
use crate::knowledge::recommendations::{select, RecommendationFilter};
use crate::model::Kind;
use crate::output::knowledge::{recommendations_csv, recommendations_human, RecommendationsOutput};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct RecommendationsArgs {
    /// Only recommendations with all these words (compared as Dutch stems).
    pub query: Option<String>,
    /// Only recommendations to this city (repeat to OR).
    #[arg(long)]
    pub city: Vec<String>,
    /// Only this theme, or `theme/section` (repeat to OR).
    #[arg(long)]
    pub theme: Vec<String>,
    /// Only reports of this year (repeat to OR).
    #[arg(long)]
    pub year: Vec<i32>,
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
    check_filter_values(global, &args.city, &args.theme, &args.year)?;
    let query = args.query.clone().unwrap_or_default();
    let filter = RecommendationFilter {
        selection: Selection {
            cities: args.city.clone(),
            themes: args.theme.clone(),
            years: args.year.clone(),
            words: WordFilter::new(&query),
        },
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

//! `visidex compare --theme THEME [QUERY]`: one theme across all reports, side by side.

use super::knowledge_input::{check_filter_values, emit, load_reports, ExportArgs};
use super::GlobalArgs;
use crate::error::{Error, Result};
use crate::knowledge::compare::{compare, CompareRequest};
use crate::model::Kind;
use crate::output::knowledge::{compare_csv, compare_human};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// Words to rank each report's paragraphs on the theme by (with --paragraphs).
    pub query: Option<String>,
    /// The theme, or `theme/section`.
    #[arg(long)]
    pub theme: String,
    /// Show the N paragraphs per report that best match QUERY.
    #[arg(long, default_value_t = 0)]
    pub paragraphs: usize,
    /// Only recommendations of this visit round (repeat to OR).
    #[arg(long)]
    pub round: Vec<i32>,
    #[command(flatten)]
    pub export: ExportArgs,
}

pub fn run(global: &GlobalArgs, args: &CompareArgs) -> Result<u8> {
    let query = args.query.clone().unwrap_or_default();
    if args.paragraphs > 0 && query.trim().is_empty() {
        return Err(Error::Usage(
            "--paragraphs ranks paragraphs by QUERY; give a QUERY".to_string(),
        ));
    }
    let loaded = load_reports(
        global,
        &[
            Kind::Recommendation,
            Kind::ListItem,
            Kind::Paragraph,
            Kind::Figure,
        ],
    )?;
    check_filter_values(global, &[], std::slice::from_ref(&args.theme), &[])?;
    let comparison = compare(
        &loaded.reports,
        &CompareRequest {
            theme: args.theme.clone(),
            query,
            rounds: args.round.clone(),
            paragraphs: args.paragraphs,
        },
    );
    emit(
        args.export.format(global),
        &comparison,
        compare_human,
        compare_csv,
    )?;
    Ok(loaded.exit_code())
}

//! `visidex compare --theme THEME [QUERY]`: one theme across all reports, side by side.

use super::extracts;
use super::Context;
use crate::api::{self, CompareRequest};
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// Words to rank each report's paragraphs on the theme by (with --paragraphs).
    pub query: Vec<String>,
    /// The theme, or `theme/section`.
    #[arg(long)]
    pub theme: String,
    /// Show the N paragraphs per report that best match QUERY.
    #[arg(long, default_value_t = 0)]
    pub paragraphs: usize,
    /// Only recommendations of this visit round (repeat to OR).
    #[arg(long)]
    pub round: Vec<i32>,
    /// Only the reports of this city (repeat to OR; default: every report).
    #[arg(long)]
    pub city: Vec<String>,
}

pub fn run(context: &Context, args: &CompareArgs) -> Result<u8> {
    let request = CompareRequest {
        theme: args.theme.clone(),
        query: args.query.join(" "),
        rounds: args.round.clone(),
        paragraphs: args.paragraphs,
        city: args.city.clone(),
    };
    api::check_query(&request.query)?;
    if request.paragraphs > 0 && request.query.trim().is_empty() {
        return Err(Error::Usage(
            "--paragraphs ranks paragraphs by QUERY; give a QUERY".to_string(),
        ));
    }
    extracts::run(context, |engine| api::compare(engine, &request))
}

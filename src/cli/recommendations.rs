//! `visidex recommendations [QUERY]`: the committees' recommendations as records.

use super::extracts::{self, SelectionArgs};
use super::Context;
use crate::api::{self, RecommendationsRequest};
use crate::error::Result;
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
}

pub fn run(context: &Context, args: &RecommendationsArgs) -> Result<u8> {
    let request = RecommendationsRequest {
        selection: args
            .selection
            .to_request(args.query.as_deref().unwrap_or_default()),
        round: args.round.clone(),
    };
    api::check_query(&request.selection.query)?;
    extracts::run(context, |engine| api::recommendations(engine, &request))
}

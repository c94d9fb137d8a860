//! `visidex related ID`: the most similar paragraphs in other reports.

use super::extracts;
use super::Context;
use crate::api::{self, RelatedRequest};
use crate::error::Result;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct RelatedArgs {
    /// A paragraph id, e.g. `hasselt-2011:41`.
    pub id: String,
    /// How many related paragraphs to show (at most 1000).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

pub fn run(context: &Context, args: &RelatedArgs) -> Result<u8> {
    api::check_limit(args.limit)?;
    let request = RelatedRequest {
        id: args.id.clone(),
        limit: args.limit,
    };
    extracts::run(context, |engine| api::related(engine, &request))
}

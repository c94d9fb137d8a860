//! `visidex figures [QUERY]`: the key-figure bullets with their effect and source.

use super::extracts::{self, SelectionArgs};
use super::Context;
use crate::api;
use crate::error::Result;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct FiguresArgs {
    /// Only figures with all these words (compared as Dutch stems).
    pub query: Option<String>,
    #[command(flatten)]
    pub selection: SelectionArgs,
}

pub fn run(context: &Context, args: &FiguresArgs) -> Result<u8> {
    let request = args
        .selection
        .to_request(args.query.as_deref().unwrap_or_default());
    api::check_query(&request.query)?;
    extracts::run(context, |engine| api::figures(engine, &request))
}

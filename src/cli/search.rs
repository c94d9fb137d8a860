//! `visidex search QUERY...`: ranked paragraphs.

use super::{refresh::refresh_index, Context, FilterArgs};
use crate::api::{self, SearchRequest};
use crate::error::Result;
use crate::search::Engine;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "a phrase", -excluded, a OR b, prefix*, (groups).
    /// Put `--` before a query that starts with `-`.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// How many hits to show (at most 1000).
    #[arg(long, default_value_t = crate::search::FIRST_PAGE)]
    pub limit: usize,
    /// How many of the best hits to skip (for the next page).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// lexical: keyword ranking; hybrid: keywords and meaning fused (needs
    /// the model, see `scripts/fetch-model`). Default: hybrid when the model is installed.
    #[arg(long, value_enum)]
    pub mode: Option<crate::dense::Mode>,
}

pub fn run(context: &Context, args: &SearchArgs) -> Result<u8> {
    let request = SearchRequest {
        query: args.query.join(" "),
        filters: args.filters.to_filters(),
        limit: args.limit,
        offset: args.offset,
        mode: args.mode,
    };
    // Caps before any work: a refused request builds nothing.
    api::check_query(&request.query)?;
    api::check_limit(request.limit)?;
    refresh_index(context)?;
    let engine = Engine::open(&context.index)?;
    let results = super::concepts::search(context, &engine, &request)?;
    super::leave_to_exit(engine);
    context.print(&results)?;
    Ok(0)
}

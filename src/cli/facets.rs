//! `visidex facets [QUERY] [filters]`: counts of matching paragraphs.

use super::{refresh::refresh_index, Context, FilterArgs};
use crate::api::{self, FacetsRequest};
use crate::error::Result;
use crate::search::Engine;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct FacetsArgs {
    /// An optional query (same syntax as `search`); all paragraphs when absent.
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

pub fn run(context: &Context, args: &FacetsArgs) -> Result<u8> {
    let request = FacetsRequest {
        query: args.query.join(" "),
        filters: args.filters.to_filters(),
    };
    api::check_query(&request.query)?;
    refresh_index(context)?;
    let engine = Engine::open(&context.index)?;
    let facets = api::facets(&engine, &request)?;
    super::leave_to_exit(engine);
    context.print(&facets)?;
    Ok(0)
}

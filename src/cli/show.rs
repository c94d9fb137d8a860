//! `visidex show ID [--context N]`: one paragraph, its neighbours, its citation.

use super::{refresh::refresh_index, Context};
use crate::api::{self, ShowRequest};
use crate::error::Result;
use crate::search::{parse_paragraph_id, Engine};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// The paragraph id, `REPORT:N` (e.g. `hasselt-2011:12`), as `search` prints it.
    pub id: String,
    /// How many neighbouring paragraphs to show on each side.
    #[arg(long, default_value_t = 1)]
    pub context: u32,
}

pub fn run(context: &Context, args: &ShowArgs) -> Result<u8> {
    parse_paragraph_id(args.id.trim())?; // a malformed id is a usage error even without an index
    refresh_index(context)?;
    let request = ShowRequest {
        id: args.id.clone(),
        context: args.context,
    };
    let shown = api::show(&Engine::open(&context.index)?, &request)?;
    context.print(&shown)?;
    Ok(0)
}

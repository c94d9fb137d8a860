//! `visidex show ID [--context N]`: one paragraph, its neighbours, its citation.

use super::{stdout_style, write_stdout, GlobalArgs};
use crate::error::Result;
use crate::output::{human, json};
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

pub fn run(global: &GlobalArgs, args: &ShowArgs) -> Result<u8> {
    parse_paragraph_id(&args.id)?; // a malformed id is a usage error even without an index
    let engine = Engine::open(&global.index)?;
    let shown = engine.show(&args.id, args.context)?;
    let text = if global.json {
        json::to_json(&json::ShowJson::new(&shown))?
    } else {
        human::render_show(&shown, stdout_style())
    };
    write_stdout(&text)?;
    Ok(0)
}

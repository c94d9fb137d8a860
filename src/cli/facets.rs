//! `visidex facets [QUERY] [filters]`: counts of matching paragraphs.

use super::{write_stdout, FilterArgs, GlobalArgs};
use crate::error::Result;
use crate::output::{human, json};
use crate::search::Engine;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct FacetsArgs {
    /// An optional query (same syntax as `search`); all paragraphs when absent.
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

pub fn run(global: &GlobalArgs, args: &FacetsArgs) -> Result<u8> {
    let engine = Engine::open(&global.index)?;
    let counts = engine.facets(&args.query.join(" "), &args.filters.to_filters())?;
    let with_sections = !args.filters.theme.is_empty();
    let text = if global.json {
        json::to_json(&json::FacetsJson::new(&counts, with_sections))?
    } else {
        human::render_facets(&counts, with_sections)
    };
    write_stdout(&text)?;
    Ok(0)
}

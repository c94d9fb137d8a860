//! What the knowledge commands share: the `--city`/`--theme`/`--year`
//! selection and the common run (refresh, open, call the library, print).

use super::{refresh::refresh_index, Context};
use crate::api::{Engine, SelectionRequest};
use crate::error::Result;
use crate::output::Render;
use clap::Args;

/// `--city`, `--theme`, `--year`: the selection the record commands share.
#[derive(Debug, Clone, Default, Args)]
pub struct SelectionArgs {
    /// Only records of this city (repeat to OR).
    #[arg(long)]
    pub city: Vec<String>,
    /// Only this theme, or `theme/section` (repeat to OR).
    #[arg(long)]
    pub theme: Vec<String>,
    /// Only reports of this year (repeat to OR).
    #[arg(long)]
    pub year: Vec<i32>,
}

impl SelectionArgs {
    pub fn to_request(&self, query: &str) -> SelectionRequest {
        SelectionRequest {
            query: query.to_string(),
            city: self.city.clone(),
            theme: self.theme.clone(),
            year: self.year.clone(),
        }
    }
}

/// Refresh the index, open it, compute the extract, print it (exit 0: a
/// report the refresh could not read is a warning, not this command's failure).
pub fn run<T: Render>(context: &Context, extract: impl FnOnce(&Engine) -> Result<T>) -> Result<u8> {
    refresh_index(context)?;
    let value = extract(&Engine::open(&context.index)?)?;
    context.print(&value)?;
    Ok(0)
}

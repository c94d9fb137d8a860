//! `visidex reports`: the indexed reports, from the index's bookkeeping
//! (`reports.json`), without touching the paragraph documents.

use super::{refresh::refresh_index, Context};
use crate::api;
use crate::error::Result;

pub fn run(context: &Context) -> Result<u8> {
    refresh_index(context)?;
    context.print(&api::reports(&context.index)?)?;
    Ok(0)
}

//! `visidex related ID`: the most similar paragraphs in other reports.

use super::knowledge_input::{emit, load_reports, ExportArgs};
use super::GlobalArgs;
use crate::error::{Error, Result};
use crate::knowledge::related::related;
use crate::output::knowledge::{related_csv, related_human, RelatedOutput};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct RelatedArgs {
    /// A paragraph id, e.g. `hasselt-2011:41`.
    pub id: String,
    /// How many related paragraphs to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub export: ExportArgs,
}

pub fn run(global: &GlobalArgs, args: &RelatedArgs) -> Result<u8> {
    let loaded = load_reports(global, &[])?;
    let (paragraph, related) = related(&loaded.reports, args.id.trim(), args.limit)
        .ok_or_else(|| Error::Usage(format!("no paragraph with id {:?}", args.id)))?;
    let output = RelatedOutput { paragraph, related };
    emit(
        args.export.format(global),
        &output,
        related_human,
        related_csv,
    )?;
    Ok(loaded.exit_code())
}

//! `visidex parse FILE`: one report's paragraph documents, without indexing.

use super::{note, Context};
use crate::error::Result;
use crate::report;
use crate::themes::Taxonomy;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    /// The report text file.
    pub file: PathBuf,
}

pub fn run(context: &Context, args: &ParseArgs) -> Result<u8> {
    let taxonomy = Taxonomy::load_for_corpus(&context.corpus)?;
    let loaded = report::load_report(&args.file, &taxonomy)?;
    for message in &loaded.notes {
        note(&format!("{}: {message}", args.file.display()));
    }
    context.print(&loaded.parsed)?;
    Ok(0)
}

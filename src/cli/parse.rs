//! `visidex parse FILE`: one report's paragraph documents, without indexing;
//! `--text`: the text the parser reads from it (a PDF's lines in reading
//! order — what paragraphs' `lines` count).

use super::{note, write_stdout, Context};
use crate::error::Result;
use crate::report;
use crate::themes::Taxonomy;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    /// The report: a text file or a PDF.
    pub file: PathBuf,
    /// Print the text the report yields (for a PDF: its lines in reading
    /// order, a form feed between pages) instead of its paragraphs.
    #[arg(long)]
    pub text: bool,
}

pub fn run(context: &Context, args: &ParseArgs) -> Result<u8> {
    if args.text {
        write_stdout(&report::report_text(&args.file)?)?;
        return Ok(0);
    }
    let taxonomy = Taxonomy::load_for_corpus(&context.corpus)?;
    let loaded = report::load_report(&args.file, &taxonomy)?;
    for message in &loaded.notes {
        note(&format!("{}: {message}", args.file.display()));
    }
    for message in &loaded.warnings {
        super::warn(&format!("{}: {message}", args.file.display()));
    }
    context.print(&loaded.parsed)?;
    Ok(0)
}

//! `visidex parse FILE`: one report's paragraph documents, without indexing;
//! `--text`: the text the parser reads from it (a PDF's lines in reading
//! order — what paragraphs' `lines` count).

use super::{note, write_stdout, GlobalArgs};
use crate::error::{Error, Result};
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

pub fn run(global: &GlobalArgs, args: &ParseArgs) -> Result<u8> {
    if args.text {
        write_stdout(&report::report_text(&args.file)?)?;
        return Ok(0);
    }
    let taxonomy = Taxonomy::load_for_corpus(&global.corpus)?;
    let loaded = report::load_report(&args.file, &taxonomy)?;
    for message in &loaded.notes {
        note(&format!("{}: {message}", args.file.display()));
    }
    let text = if global.json {
        let mut json = serde_json::to_string_pretty(&loaded.parsed)
            .map_err(|error| Error::Index(format!("JSON output: {error}")))?;
        json.push('\n');
        json
    } else {
        crate::output::parse::render_human(&loaded.parsed)
    };
    write_stdout(&text)?;
    Ok(0)
}

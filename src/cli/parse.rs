//! `visidex parse FILE`: one report's paragraph documents, without indexing.

use super::{note, write_stdout, GlobalArgs};
use crate::error::{Error, Result};
use crate::report;
use crate::themes::Taxonomy;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    /// The report text file.
    pub file: PathBuf,
}

pub fn run(global: &GlobalArgs, args: &ParseArgs) -> Result<u8> {
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

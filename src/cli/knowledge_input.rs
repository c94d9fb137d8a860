//! What the knowledge commands share: where their paragraphs come from, the
//! output format they were asked for (`--json`, `--csv [--bom]`), and
//! printing. Extracts need every paragraph of a report in reading order, not
//! a ranked page of hits, so they read whole reports.

use super::{note, write_stdout, GlobalArgs};
use crate::corpus;
use crate::error::{Error, Result};
use crate::knowledge::ReportText;
use crate::output::knowledge::Format;
use crate::report;
use crate::themes::Taxonomy;
use clap::Args;
use serde::Serialize;

/// `--csv` and `--bom`, for the commands that export records.
#[derive(Debug, Clone, Default, Args)]
pub struct ExportArgs {
    /// RFC 4180 CSV on stdout instead of human output.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// With --csv: start with a UTF-8 byte-order mark (for spreadsheet programs).
    #[arg(long, requires = "csv")]
    pub bom: bool,
}

impl ExportArgs {
    pub fn format(&self, global: &GlobalArgs) -> Format {
        if self.csv {
            Format::Csv { bom: self.bom }
        } else if global.json {
            Format::Json
        } else {
            Format::Human
        }
    }
}

/// The reports the extracts work on, and how many could not be read.
pub struct LoadedReports {
    pub reports: Vec<ReportText>,
    pub failed: usize,
}

impl LoadedReports {
    /// Exit code: 1 when a report could not be read (the rest was still done).
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed > 0)
    }
}

/// Every report of the corpus folder, parsed. A report that cannot be read
/// is noted on stderr and counted; the others are still used.
pub fn load_reports(global: &GlobalArgs) -> Result<LoadedReports> {
    let taxonomy = Taxonomy::load_for_corpus(&global.corpus)?;
    let (paths, errors) = corpus::list_reports(&global.corpus)?;
    let mut failed = errors.len();
    for error in &errors {
        note(&error.to_string());
    }
    let mut reports = Vec::new();
    for path in paths {
        match report::load_report(&path, &taxonomy) {
            Ok(loaded) => {
                let parsed = loaded.parsed;
                reports.push(ReportText::new(
                    parsed.report.id,
                    parsed.report.city,
                    parsed.report.year,
                    parsed.paragraphs,
                ));
            }
            Err(error) => {
                note(&error.to_string());
                failed += 1;
            }
        }
    }
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(LoadedReports { reports, failed })
}

/// Print a result in the chosen format.
pub fn emit<T: Serialize>(
    format: Format,
    value: &T,
    human: impl Fn(&T) -> String,
    csv: impl Fn(&T, bool) -> String,
) -> Result<()> {
    let text = match format {
        Format::Human => human(value),
        Format::Csv { bom } => csv(value, bom),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(value)
                .map_err(|error| Error::Index(format!("JSON output: {error}")))?;
            json.push('\n');
            json
        }
    };
    write_stdout(&text)
}

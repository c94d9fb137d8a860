//! `visidex mentions TERM`: every paragraph that mentions TERM, streamed in
//! report and reading order (human, `--json` or `--jsonl`), or only the
//! totals (`--count`). Builds or refreshes the index first, as `search` does.

use super::{stdout_style, write_stdout, FilterArgs, GlobalArgs};
use crate::error::Result;
use crate::output::mentions as out;
use crate::search::mentions::MentionsRequest;
use crate::search::Engine;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct MentionsArgs {
    /// The word or phrase (consecutive words) to find in every surface form.
    #[arg(required = true, num_args = 1..)]
    pub term: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print only the totals (per city and theme, of occurrences and paragraphs).
    #[arg(long)]
    pub count: bool,
    /// JSON Lines: one paragraph per line, then a `{"totals": …}` line.
    #[arg(long, conflicts_with = "count")]
    pub jsonl: bool,
}

/// How the answer is written, chosen once.
#[derive(Clone, Copy)]
enum Printer {
    Human(crate::output::human::Style),
    Json,
    JsonLines,
}

pub fn run(global: &GlobalArgs, args: &MentionsArgs) -> Result<u8> {
    let refresh_failed = super::search::ensure_fresh(global)?;
    let engine = Engine::open(&global.index)?;
    let request = MentionsRequest {
        term: args.term.join(" "),
        filters: args.filters.to_filters(),
    };
    if args.count {
        let totals = engine.mentions(&request, true, &mut |_| Ok(()))?;
        let text = if global.json {
            out::count_json(&totals)?
        } else {
            out::render_totals(&totals)
        };
        write_stdout(&text)?;
        return Ok(u8::from(refresh_failed));
    }
    let printer = if args.jsonl {
        Printer::JsonLines
    } else if global.json {
        Printer::Json
    } else {
        Printer::Human(stdout_style())
    };
    if let Printer::Json = printer {
        write_stdout(&out::json_head(request.term.trim())?)?;
    }
    let mut first = true;
    let totals = engine.mentions(&request, false, &mut |mention| {
        let text = match printer {
            Printer::Human(style) => out::render_mention(&mention, style),
            Printer::Json => out::json_paragraph(&mention, first)?,
            Printer::JsonLines => out::jsonl_paragraph(&mention)?,
        };
        first = false;
        write_stdout(&text)
    })?;
    let tail = match printer {
        Printer::Human(_) => out::render_totals(&totals),
        Printer::Json => out::json_tail(&totals)?,
        Printer::JsonLines => out::jsonl_totals(&totals)?,
    };
    write_stdout(&tail)?;
    Ok(u8::from(refresh_failed))
}

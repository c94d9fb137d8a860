//! `visidex mentions TERM`: every paragraph that mentions TERM, streamed in
//! report and reading order (human, `--json` or `--jsonl`), or only the
//! totals (`--count`).

use super::{refresh::refresh_index, write_stdout, Context, FilterArgs};
use crate::api;
use crate::error::{Error, Result};
use crate::output::format::fit;
use crate::output::{mentions as out, Format};
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
    /// Split the totals by `city`, `theme`, `report` or `year`, or a city × theme
    /// table with `city,theme` (implies --count).
    #[arg(long, value_delimiter = ',', value_name = "FIELD[,FIELD]")]
    pub by: Vec<String>,
}

pub fn run(context: &Context, args: &MentionsArgs) -> Result<u8> {
    let request = MentionsRequest {
        term: args.term.join(" "),
        filters: args.filters.to_filters(),
    };
    api::check_query(&request.term)?;
    let count = args.count || !args.by.is_empty();
    if count && context.format == Format::JsonLines {
        return Err(Error::Usage(
            "--count prints one totals document; it does not go with --jsonl".to_string(),
        ));
    }
    refresh_index(context)?;
    let engine = Engine::open(&context.index)?;
    if !args.by.is_empty() {
        let breakdown = api::mention_breakdown(&engine, &request, &args.by)?;
        super::leave_to_exit(engine);
        context.print(&breakdown)?;
        return Ok(0);
    }
    if count {
        let totals = api::mention_totals(&engine, &request)?;
        super::leave_to_exit(engine);
        context.print(&totals)?;
        return Ok(0);
    }
    let format = context.format;
    match format {
        Format::Json => write_stdout(&out::json_head(request.term.trim())?)?,
        Format::Csv(options) => write_stdout(&out::csv_header(options)?)?,
        Format::Human(_) | Format::JsonLines => {}
    }
    let mut first = true;
    let totals = api::mentions(&engine, &request, &mut |mention| {
        let text = match format {
            Format::Human(style) => fit(&out::render_mention(&mention, style), style),
            Format::Json => out::json_paragraph(&mention, first)?,
            Format::JsonLines => out::jsonl_paragraph(&mention)?,
            Format::Csv(options) => out::csv_rows(&mention, options)?,
        };
        first = false;
        write_stdout(&text)
    })?;
    super::leave_to_exit(engine);
    let tail = match format {
        Format::Human(style) => fit(&out::render_totals(&totals), style),
        Format::Json => out::json_tail(&totals)?,
        Format::JsonLines => out::jsonl_totals(&totals)?,
        // CSV rows are the occurrences: no totals row (`--count --csv` has them).
        Format::Csv(_) => String::new(),
    };
    write_stdout(&tail)?;
    Ok(0)
}

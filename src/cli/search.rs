//! `visidex search QUERY...`: ranked paragraphs. The one command that builds
//! the index when there is none, and refreshes it first when the corpus
//! folder has changed (see `index::meta` for how that is noticed cheaply).

use super::{note, stdout_style, write_stdout, FilterArgs, GlobalArgs};
use crate::error::{Error, Result};
use crate::index::{self, meta::CorpusState};
use crate::output::{human, json};
use crate::search::{Engine, SearchRequest};
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "a phrase", -excluded, a OR b, prefix*, (groups).
    /// Put `--` before a query that starts with `-`.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// How many of the best hits to skip (for the next page).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// lexical: keyword ranking; hybrid: keywords and meaning fused (needs
    /// the model, see `scripts/fetch-model`). Default: hybrid when the model is installed.
    #[arg(long, value_enum)]
    pub mode: Option<crate::dense::Mode>,
}

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> Result<u8> {
    let refresh_failed = ensure_fresh(global)?;
    let engine = Engine::open(&global.index)?;
    let request = SearchRequest {
        query: args.query.join(" "),
        filters: args.filters.to_filters(),
        limit: args.limit,
        offset: args.offset,
    };
    let results = super::concepts::search(global, &engine, &request, args.mode)?;
    let text = if global.json {
        json::to_json(&json::SearchJson::new(&results))?
    } else {
        human::render_search(&results, args.offset, stdout_style())
    };
    write_stdout(&text)?;
    Ok(if refresh_failed { 1 } else { 0 })
}

/// Build the index if it is missing; bring it up to date if the corpus folder
/// changed since it was indexed. Returns whether some report failed.
pub(super) fn ensure_fresh(global: &GlobalArgs) -> Result<bool> {
    // `visidex.json` is written last by every index run: without it there is
    // no complete index yet (none at all, or a first run still going or killed).
    if !global.index.join(index::meta::META_FILE).is_file() {
        if index::lock::is_busy(&global.index) {
            // Robustness: another process is building it; wait for its commit.
            note(&format!(
                "{} is being built by another visidex; waiting for it",
                global.index.display()
            ));
            index::lock::wait_until_free(&global.index, BUILD_WAIT);
            if global.index.join(index::meta::META_FILE).is_file() {
                return Ok(false);
            }
        }
        note(&format!(
            "no index in {} yet: building it from {} (once)",
            global.index.display(),
            global.corpus.display()
        ));
        let summary = super::index::index(global, Vec::new(), false)?;
        note(&human::index_summary(&summary));
        return Ok(!summary.failed.is_empty());
    }
    let meta = index::read_meta(&global.index)?;
    let stale = meta.corpus.as_ref().is_some_and(|state: &CorpusState| {
        state.path == global.corpus.display().to_string() && !state.is_current()
    });
    if !stale {
        return Ok(false);
    }
    note(&format!(
        "{} changed since it was indexed: updating the index first",
        global.corpus.display()
    ));
    let summary = match super::index::index(global, Vec::new(), false) {
        Ok(summary) => summary,
        // Robustness: someone else is updating it; the last commit still answers.
        Err(Error::Busy { .. }) => {
            note(&format!(
                "{} is being updated by another visidex: answering from its last commit",
                global.index.display()
            ));
            return Ok(false);
        }
        Err(error) => return Err(error),
    };
    note(&human::index_summary(&summary));
    Ok(!summary.failed.is_empty())
}

/// How long `search` waits for another process's first build of the index.
const BUILD_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

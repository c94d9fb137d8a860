//! The reading commands' first step: `index::refresh` with its notes on
//! stderr (what it is doing, progress on a terminal, the reports it could not
//! read), the same for every command that reads the index.

use super::index::{report_summary, ProgressLine};
use super::{note, Context};
use crate::error::Result;
use crate::index::refresh::{refresh, Event, Refresh};
use crate::output::human;

/// Refresh the index for `context`; returns whether a report could not be read.
pub fn refresh_index(context: &Context) -> Result<bool> {
    let progress = ProgressLine::new();
    let outcome = refresh(&context.index, &context.corpus, &|event| match event {
        Event::Waiting { index } => note(&format!(
            "{} is being built by another visidex; waiting for it",
            index.display()
        )),
        Event::Building { index, corpus } => note(&format!(
            "no index in {} yet: building it from {} (once)",
            index.display(),
            corpus.display()
        )),
        Event::Updating { corpus } => note(&format!(
            "{} changed since it was indexed: updating the index first",
            corpus.display()
        )),
        Event::Progress { done, total } => progress.update(done, total),
    })?;
    progress.finish();
    Ok(match outcome {
        Refresh::Fresh => false,
        Refresh::Busy => {
            note(&format!(
                "{} is being updated by another visidex: answering from its last commit",
                context.index.display()
            ));
            false
        }
        Refresh::Built(summary) => {
            report_summary(&summary);
            super::concepts::embed_after_commit(context)?;
            note(&human::index_summary(&summary));
            !summary.failed.is_empty()
        }
    })
}

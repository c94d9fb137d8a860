//! The reading commands' first step: `index::refresh` with its notes on
//! stderr (what it is doing, progress on a terminal), the same for every
//! command that reads the index. The exit-code rule (README, "Exit codes"):
//! a reading command's answer is complete when the index answered, so a
//! report the index could not read is a warning — on every run while the
//! file is still there, not only on the run that tried to read it — and
//! never makes the command exit 1.

use super::index::ProgressLine;
use super::{note, warn, Context};
use crate::error::Result;
use crate::index::refresh::{refresh, Event, Refresh};
use crate::output::human;

/// Refresh the index for `context`, then warn of the reports it lacks.
pub fn refresh_index(context: &Context) -> Result<()> {
    if refresh_quietly(context)? == Refreshed::Busy {
        note(&format!(
            "{} is being updated by another visidex: answering from its last commit",
            context.index.display()
        ));
    }
    warn_of_unreadable(context)
}

/// What [`refresh_quietly`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// The index was current.
    Fresh,
    /// Another process is writing it; its last commit answers.
    Busy,
    /// This call built or updated it.
    Built,
}

/// Refresh the index for `context`: notes on what it does, progress on a
/// terminal, the embedding after a commit.
pub fn refresh_quietly(context: &Context) -> Result<Refreshed> {
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
        Event::Outdated { index } => note(&format!(
            "{} was built by an older visidex: rebuilding it (once)",
            index.display()
        )),
        Event::Updating { corpus } => note(&format!(
            "{} changed since it was indexed: updating the index first",
            corpus.display()
        )),
        Event::Progress { done, total } => progress.update(done, total),
    })?;
    progress.finish();
    match outcome {
        Refresh::Fresh => Ok(Refreshed::Fresh),
        Refresh::Busy => Ok(Refreshed::Busy),
        Refresh::Built(summary) => {
            for message in &summary.notes {
                note(message);
            }
            for message in &summary.warnings {
                warn(message);
            }
            super::concepts::embed_after_commit(context)?;
            note(&human::index_summary(&summary));
            Ok(Refreshed::Built)
        }
    }
}

/// Warn of the reports the index could not read (on every run while the file is there).
pub fn warn_of_unreadable(context: &Context) -> Result<()> {
    for failure in crate::index::unreadable_reports(&context.index)? {
        warn(&format!(
            "{}: {} (not in the index; fix or remove the file)",
            failure.path, failure.error
        ));
    }
    Ok(())
}

//! Concept search at the CLI edge: the embedding step after an index
//! commit (with progress), loading the model for one search, and the notes.
//! The choice of mode is `api::search`'s, shared with the web server.

use super::index::ProgressLine;
use super::{note, Context};
use crate::api::{self, Concepts, Mode};
use crate::dense;
use crate::embed;
use crate::error::Result;
use crate::search::{Engine, SearchRequest, SearchResults};

/// The file whose presence in an index folder says the "concept search is
/// off" note was already shown for it (so `search` says it once).
const NOTE_SHOWN: &str = "concept-search-note-shown";

/// After the lexical commit (writer lock released): embed the paragraphs
/// that have no current vector, when a model is installed.
pub fn embed_after_commit(context: &Context) -> Result<()> {
    let Some((name, dim)) = embed::installed(&context.model) else {
        return Ok(());
    };
    if !dense::needs_refresh(&context.index, name, dim)? {
        return Ok(());
    }
    let Some(encoder) = dense::load_encoder(&context.model)? else {
        return Ok(());
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let progress = ProgressLine::new();
    let summary = dense::refresh(&context.index, &*encoder, threads, &|done, total| {
        progress.update_with("embedding", "paragraphs", done, total)
    })?;
    progress.finish();
    if summary.embedded > 0 || summary.removed > 0 {
        note(&format!(
            "concept search: embedded {} paragraph{} ({} kept, {} report{} unchanged) in {:.1} s",
            summary.embedded,
            if summary.embedded == 1 { "" } else { "s" },
            summary.reused,
            summary.unchanged_reports,
            if summary.unchanged_reports == 1 {
                ""
            } else {
                "s"
            },
            summary.elapsed_ms as f64 / 1000.0
        ));
    }
    Ok(())
}

/// `search` through `api::search`, with what only the CLI does around it:
/// loading the model and vectors for this one process (not for `--mode
/// lexical`), and the notes — once per index folder how to enable concept
/// search, and how much of the index is embedded.
pub fn search(
    context: &Context,
    engine: &Engine,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let concepts = match request.mode {
        Some(Mode::Lexical) => None,
        _ => Concepts::load(&context.model, &context.index)?,
    };
    let results = api::search(engine, request, concepts.as_ref())?;
    // Said after the answer, so a failed search stays one error line.
    match &concepts {
        None if request.mode.is_none() => note_once(context),
        Some(concepts) => {
            let paragraphs = engine.meta().paragraphs;
            let covered = concepts.vectors.len() as u64;
            if covered < paragraphs {
                note(&format!(
                    "concept search covers {covered} of {paragraphs} paragraphs; `visidex index` embeds the rest"
                ));
            }
        }
        None => {}
    }
    Ok(results)
}

fn note_once(context: &Context) {
    let marker = context.index.join(NOTE_SHOWN);
    if marker.exists() {
        return;
    }
    note(embed::how_to_install());
    let _ = std::fs::write(&marker, "shown\n");
}

//! Concept search at the CLI edge: whether a model is installed, the
//! embedding step after an index commit, and the choice of `--mode`.

use super::index::ProgressLine;
use super::{note, Context};
use crate::dense::{self, DenseIndex, Fusion, Mode};
use crate::embed::{self, Encoder};
use crate::error::{Error, Result};
use crate::search::{Engine, SearchRequest, SearchResults};

/// The file whose presence in an index folder says the "concept search is
/// off" note was already shown for it (so `search` says it once).
const NOTE_SHOWN: &str = "concept-search-note-shown";

fn load_encoder(context: &Context) -> Result<Option<Box<dyn Encoder>>> {
    embed::load(&context.model).map_err(|error| {
        Error::Index(format!(
            "{}: cannot load the sentence-encoder model ({error}); run `scripts/fetch-model` again",
            context.model.display()
        ))
    })
}

/// After the lexical commit (writer lock released): embed the paragraphs
/// that have no current vector, when a model is installed.
pub fn embed_after_commit(context: &Context) -> Result<()> {
    if !embed::is_installed(&context.model)
        || !dense::needs_refresh(&context.index, embed::USE_V3_NAME, embed::use_v3::DIM)?
    {
        return Ok(());
    }
    let Some(encoder) = load_encoder(context)? else {
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

/// Run a search in the requested mode (default: hybrid when the model is
/// installed, else lexical with a one-time note on how to enable it).
pub fn search(
    context: &Context,
    engine: &Engine,
    request: &SearchRequest,
    mode: Option<Mode>,
) -> Result<SearchResults> {
    let encoder =
        match mode {
            Some(Mode::Lexical) => None,
            Some(Mode::Hybrid) => Some(load_encoder(context)?.ok_or_else(|| {
                Error::Usage(format!("--mode hybrid: {}", embed::how_to_install()))
            })?),
            None => load_encoder(context)?,
        };
    let Some(encoder) = encoder else {
        let mut results = engine.search(request)?;
        results.mode = Some(Mode::Lexical.as_str());
        // Said after the answer, so a failed search stays one error line.
        if mode.is_none() {
            note_once(context);
        }
        return Ok(results);
    };
    let vectors = DenseIndex::load(&context.index, encoder.name(), encoder.dim())?;
    let paragraphs = engine.meta().paragraphs;
    if (vectors.len() as u64) < paragraphs {
        note(&format!(
            "concept search covers {} of {paragraphs} paragraphs; `visidex index` embeds the rest",
            vectors.len()
        ));
    }
    dense::hybrid::search(engine, request, &*encoder, &vectors, &Fusion::default())
}

fn note_once(context: &Context) {
    let marker = context.index.join(NOTE_SHOWN);
    if marker.exists() {
        return;
    }
    note(embed::how_to_install());
    let _ = std::fs::write(&marker, "shown\n");
}

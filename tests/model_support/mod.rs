//! For tests that need the sentence-encoder model (`scripts/fetch-model`):
//! where it is, and the skip rule — without it such a test prints
//! `SKIPPED: <reason>` and passes, unless `VISIDEX_REQUIRE_ALL=1` (as
//! `.ci/run` sets), where a missing model fails the test.

#![allow(dead_code)]

use std::path::PathBuf;

/// The model folder (`$VISIDEX_MODEL`, else the repository's `data/models`)
/// if the model is installed; otherwise skip (`None`) or, under
/// `VISIDEX_REQUIRE_ALL=1`, fail.
pub fn model_dir_or_skip(test: &str) -> Option<PathBuf> {
    let dir = model_dir();
    if visidex::embed::is_installed(&dir) {
        return Some(dir);
    }
    skip(&format!(
        "{test}: no sentence-encoder model in {} (run scripts/fetch-model)",
        dir.display()
    ))
}

/// The same for one model's folder (`visidex::embed::E5_DIR`, `USE_V3_DIR`):
/// the model folder when that model is installed.
pub fn one_model_or_skip(test: &str, model: &str) -> Option<PathBuf> {
    let dir = model_dir();
    if dir.join(model).join("MANIFEST").is_file() {
        return Some(dir);
    }
    skip(&format!(
        "{test}: no {model} in {} (run scripts/fetch-model)",
        dir.display()
    ))
}

fn model_dir() -> PathBuf {
    std::env::var_os("VISIDEX_MODEL")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/models")))
}

fn skip(reason: &str) -> Option<PathBuf> {
    if std::env::var("VISIDEX_REQUIRE_ALL").is_ok_and(|value| value == "1") {
        panic!("VISIDEX_REQUIRE_ALL=1 but {reason}");
    }
    println!("SKIPPED: {reason}");
    None
}

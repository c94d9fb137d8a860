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
    let dir = std::env::var_os("VISIDEX_MODEL")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/models")));
    if visidex::embed::is_installed(&dir) {
        return Some(dir);
    }
    let reason = format!(
        "{test}: no sentence-encoder model in {} (run scripts/fetch-model)",
        dir.display()
    );
    if std::env::var("VISIDEX_REQUIRE_ALL").is_ok_and(|value| value == "1") {
        panic!("VISIDEX_REQUIRE_ALL=1 but {reason}");
    }
    println!("SKIPPED: {reason}");
    None
}

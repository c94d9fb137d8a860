//! Writes stand-in paragraph vectors (deterministic pseudo-random unit
//! vectors of the installed model's dimension, stamped with its name and each
//! report's fingerprint) for every indexed report that has no vector file,
//! so hybrid query latency can be measured at 1,000 reports without
//! embedding them (`scripts/bench-hybrid`). Search treats them as current
//! vectors; the rankings they give mean nothing.
//!
//!     cargo run --release --example standin_vectors -- INDEX

#[path = "common/standin.rs"]
mod standin;

use std::path::Path;
use visidex::dense::store::{self, Entry, ReportVectors};
use visidex::embed;
use visidex::index::meta::{self, ReportsMeta, REPORTS_FILE};

fn main() -> anyhow::Result<()> {
    let index = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: standin_vectors INDEX"))?;
    let index = Path::new(&index);
    let reports: ReportsMeta = meta::read_json(&index.join(REPORTS_FILE))?
        .ok_or_else(|| anyhow::anyhow!("no {REPORTS_FILE} in {}", index.display()))?;
    // The installed encoder's name and dimension (`VISIDEX_ENCODER` picks).
    let models = std::env::var_os("VISIDEX_MODEL").unwrap_or_else(|| "data/models".into());
    let (model, dim) =
        embed::installed(Path::new(&models)).unwrap_or((embed::USE_V3_NAME, embed::use_v3::DIM));
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut written = 0;
    for (id, report) in &reports.reports {
        if store::path_for(index, id).exists() {
            continue;
        }
        let entries = (1..=report.paragraphs)
            .map(|n| {
                let mut v = standin::next_vector(&mut state, dim);
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
                v.iter_mut().for_each(|x| *x /= norm);
                Entry::quantise(n, store::key("stand-in", &format!("{id}:{n}")), &v)
            })
            .collect();
        store::write(
            index,
            &ReportVectors {
                model: model.to_string(),
                report: id.clone(),
                fingerprint: report.fingerprint.clone(),
                dim,
                entries,
            },
        )?;
        written += 1;
    }
    println!("stand-in vectors written for {written} reports");
    Ok(())
}

//! Tunes and reports the hybrid fusion on the ranking development set
//! (`tests/fixtures/search/devset.toml`): graded nDCG@10 per category for
//! lexical mode and for each fusion variant, on the `dev` half (tuned on)
//! and the `check` half (measured only). Library calls, one process, so a
//! grid of variants costs seconds.
//!
//!     visidex --index /tmp/eval-index index          # with the model installed
//!     cargo run --release --example hybrid_eval -- /tmp/eval-index data/models tests/fixtures/search/devset.toml

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use visidex::dense::{hybrid, Concepts, Fusion};
use visidex::search::{Engine, SearchRequest};

#[derive(Deserialize)]
struct DevSet {
    query: Vec<Judged>,
}

#[derive(Deserialize)]
struct Judged {
    category: String,
    split: String,
    query: String,
    relevant: Vec<Relevant>,
}

#[derive(Deserialize)]
struct Relevant {
    id: String,
    grade: u8,
}

fn graded_ndcg_at_10(ids: &[String], judged: &[Relevant]) -> f64 {
    let grade = |id: &str| judged.iter().find(|r| r.id == id).map_or(0, |r| r.grade);
    let gain = |g: u8| f64::from((1u32 << g) - 1);
    let discount = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let dcg: f64 = ids
        .iter()
        .take(10)
        .enumerate()
        .map(|(r, id)| gain(grade(id)) * discount(r))
        .sum();
    let mut ideal: Vec<u8> = judged.iter().map(|r| r.grade).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(r, g)| gain(*g) * discount(r))
        .sum();
    if idcg == 0.0 {
        0.0
    } else {
        dcg / idcg
    }
}

type Table = BTreeMap<(String, String), Vec<f64>>;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, models, devset] = args.as_slice() else {
        anyhow::bail!("usage: hybrid_eval INDEX MODEL_DIR DEVSET.toml");
    };
    let devset: DevSet = toml::from_str(&std::fs::read_to_string(devset)?)?;
    let engine = Engine::open(Path::new(index))?;
    let concepts = Concepts::load(Path::new(models), Path::new(index))?
        .ok_or_else(|| anyhow::anyhow!("no model"))?;
    println!("{} paragraphs with vectors", concepts.vectors.len());

    let mut variants: Vec<(String, Option<Fusion>)> = vec![("lexical".into(), None)];
    for (wl, wd) in [(1.0, 1.0), (2.0, 1.0), (3.0, 1.0)] {
        for keep in [false, true] {
            variants.push((
                format!("rrf wl={wl} wd={wd} all_words_first={keep}"),
                Some(Fusion {
                    lexical_weight: wl,
                    dense_weight: wd,
                    keep_all_words_first: keep,
                    ..Fusion::default()
                }),
            ));
        }
    }
    variants.push(("rrf default".into(), Some(Fusion::default())));

    for (name, fusion) in &variants {
        let mut table: Table = BTreeMap::new();
        for judged in &devset.query {
            let request = SearchRequest {
                query: judged.query.clone(),
                limit: 10,
                ..SearchRequest::default()
            };
            let results = match fusion {
                None => engine.search(&request)?,
                Some(fusion) => hybrid::search(
                    &engine,
                    &request,
                    &Concepts {
                        fusion: *fusion,
                        ..concepts.clone()
                    },
                )?,
            };
            let ids: Vec<String> = results
                .hits
                .iter()
                .map(|h| h.paragraph.id.clone())
                .collect();
            let score = graded_ndcg_at_10(&ids, &judged.relevant);
            for category in [judged.category.as_str(), "ALL"] {
                table
                    .entry((judged.split.clone(), category.to_string()))
                    .or_default()
                    .push(score);
            }
        }
        let mean = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
        let row: Vec<String> = table
            .iter()
            .map(|((split, category), v)| format!("{split}/{category}={:.3}", mean(v)))
            .collect();
        println!("{name}: {}", row.join(" "));
    }
    Ok(())
}

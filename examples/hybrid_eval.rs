//! Tunes and reports the hybrid fusion on the ranking development set
//! (`tests/fixtures/search/devset.toml`): graded nDCG@10 per category for
//! lexical mode and for each fusion variant, on the `dev` half (tuned on)
//! and the `check` half (measured only). Library calls, one process, so a
//! grid of variants costs seconds.
//!
//!     visidex --index /tmp/eval-index index          # with the model installed
//!     cargo run --release --example hybrid_eval -- /tmp/eval-index data/models tests/fixtures/search/devset.toml
//!
//! `--grid`: the fixed fusion variants; `--adaptive`: query-adaptive ones
//! (`WeakFusion`); `--show=CATEGORY`: per query lexical, fused and dense-only
//! nDCG; `--dev-only`: the dev half only.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use visidex::dense::{hybrid, Concepts, DenseIndex, Fusion, WeakFusion};
use visidex::embed::{self, Encoder};
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

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// One markdown row per half: `| half | mode | all | categories… |`.
fn print_markdown(mode: &str, table: &Table, dev_only: bool) {
    for split in ["dev", "check"] {
        if dev_only && split == "check" {
            continue;
        }
        let mut cells = vec![split.to_string(), mode.to_string()];
        let get = |c: &str| {
            table
                .get(&(split.to_string(), c.to_string()))
                .map(|v| mean(v))
        };
        cells.push(format!("{:.3}", get("ALL").unwrap_or(0.0)));
        for ((s, c), v) in table {
            if s == split && c != "ALL" && !c.starts_with('~') {
                cells.push(format!("{:.3}", mean(v)));
            }
        }
        println!("| {} |", cells.join(" | "));
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let positional: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [index, models, devset] = positional.as_slice() else {
        anyhow::bail!("usage: hybrid_eval INDEX MODEL_DIR DEVSET.toml");
    };
    let devset: DevSet = toml::from_str(&std::fs::read_to_string(devset)?)?;
    let engine = Engine::open(Path::new(index))?;
    let mut concepts = Concepts::load(Path::new(models), Path::new(index))?
        .ok_or_else(|| anyhow::anyhow!("no model"))?;
    // The rankings are computed once for every variant: with the lexical
    // hits' cosines, which the score-fusion variants read.
    concepts.fusion.rerank_depth = 100;
    println!(
        "{} paragraphs with vectors of {}",
        concepts.vectors.len(),
        concepts.encoder.name()
    );
    // `--second=INDEX,MODEL_DIR`: another index of the same corpus whose
    // vectors come from another encoder, fused as a third ranking.
    let second = match args.iter().find_map(|a| a.strip_prefix("--second=")) {
        Some(spec) => {
            let (index2, models2) = spec
                .split_once(',')
                .ok_or_else(|| anyhow::anyhow!("--second=INDEX,MODEL_DIR"))?;
            let engine2 = Engine::open(Path::new(index2))?;
            // The other encoder than the first side's, whatever VISIDEX_ENCODER says.
            let models2 = Path::new(models2);
            let encoder2: Arc<dyn Encoder> = if concepts.encoder.name() == embed::E5_NAME {
                Arc::new(embed::use_v3::UseV3::load(
                    &models2.join(embed::USE_V3_DIR),
                )?)
            } else {
                Arc::new(embed::e5::E5Small::load(&models2.join(embed::E5_DIR))?)
            };
            let vectors2 = DenseIndex::load(Path::new(index2), encoder2.name(), encoder2.dim())?;
            let concepts2 = Concepts {
                fusion: Fusion::for_encoder(encoder2.name()),
                encoder: encoder2,
                vectors: Arc::new(vectors2),
            };
            println!(
                "second: {} paragraphs with vectors of {}",
                concepts2.vectors.len(),
                concepts2.encoder.name()
            );
            Some((engine2, concepts2))
        }
        None => None,
    };
    // `--dev-only`: print the dev half only (tuning runs; check is measured once).
    let dev_only = args.iter().any(|a| a == "--dev-only");

    // `--grid`: the fusion variants tried on the dev half; without it the
    // lexical ranking and the shipped default only.
    let grid = args.iter().any(|a| a == "--grid");
    let mut variants: Vec<(String, Option<Fusion>)> = vec![
        ("lexical".into(), None),
        (
            "default".into(),
            Some(Fusion::for_encoder(concepts.encoder.name())),
        ),
    ];
    // The dense ranking alone (every semantic hit placed, nothing lexical kept first).
    variants.push((
        "dense-only".into(),
        Some(Fusion {
            lexical_weight: 0.0,
            dense_weight: 1.0,
            semantic_min_cosine: -1.0,
            dense_reranks_lexical: true,
            keep_all_words_first: false,
            ..Fusion::default()
        }),
    ));
    if grid {
        for wl in [1.0, 2.0, 3.0] {
            for wd in [1.0, 0.5] {
                // USE's cosines spread over 0–1, e5's sit in 0.75–0.95.
                for floor in [0.0, 0.25, 0.3, 0.35, 0.4, 0.8, 0.82, 0.83, 0.85, 0.87, 0.9] {
                    for relative in [0.0, 0.8, 0.95, 0.97, 0.98, 0.99] {
                        for rerank in [true, false] {
                            variants.push((
                                format!(
                                    "wl={wl} wd={wd} floor={floor} rel={relative} rerank={rerank}"
                                ),
                                Some(Fusion {
                                    lexical_weight: wl,
                                    dense_weight: wd,
                                    semantic_min_cosine: floor,
                                    semantic_relative: relative,
                                    dense_reranks_lexical: rerank,
                                    ..Fusion::default()
                                }),
                            ));
                        }
                    }
                }
            }
        }
        // Three-way: the second encoder's ranking as well.
        if second.is_some() {
            for wl in [1.0, 2.0, 3.0] {
                for wd in [1.0, 0.5] {
                    for w2 in [1.0, 0.5] {
                        for (floor, floor2) in [(0.85, 0.3), (0.87, 0.35), (0.9, 0.4), (2.0, 2.0)] {
                            for rerank in [true, false] {
                                variants.push((
                                    format!(
                                        "3way wl={wl} wd={wd} w2={w2} floor={floor} floor2={floor2} rerank={rerank}"
                                    ),
                                    Some(Fusion {
                                        lexical_weight: wl,
                                        dense_weight: wd,
                                        semantic_min_cosine: floor,
                                        second_weight: w2,
                                        second_semantic_min_cosine: floor2,
                                        dense_reranks_lexical: rerank,
                                        ..Fusion::default()
                                    }),
                                ));
                            }
                        }
                    }
                }
            }
        }
        // Score fusion: the lexical top `depth` reranked by lexical score
        // and cosine mixed (`Fusion::rerank_depth`).
        for depth in [20, 50, 100] {
            for w in [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7] {
                for floor in [0.3, 0.35, 0.4, 0.83, 0.85, 0.87, 2.0] {
                    for first in [true, false] {
                        variants.push((
                            format!("rerank depth={depth} w={w} floor={floor} all_first={first}"),
                            Some(Fusion {
                                rerank_depth: depth,
                                rerank_cosine_weight: w,
                                semantic_min_cosine: floor,
                                keep_all_words_first: first,
                                ..Fusion::default()
                            }),
                        ));
                    }
                }
            }
        }
    }

    // `--adaptive`: the shipped fusion for keyword queries, a plain rank
    // fusion for the queries with weak lexical evidence (`WeakFusion`).
    if args.iter().any(|a| a == "--adaptive") {
        let base = Fusion::for_encoder(concepts.encoder.name());
        let e5 = concepts.encoder.name() == embed::E5_NAME;
        let floors: &[f32] = if e5 {
            &[0.8, 0.83, 0.85, 0.87, 2.0]
        } else {
            &[0.2, 0.25, 0.3, 0.35, 2.0]
        };
        for (on_question, on_stand_ins, on_no_all_words, needs) in [
            (true, false, false, false),
            (true, false, false, true),
            (true, true, false, false),
            (true, true, true, false),
            (false, true, false, false),
            (false, false, true, false),
        ] {
            for wl in [1.0, 2.0, 3.0] {
                for wd in [0.5, 1.0, 1.5, 2.0] {
                    for &floor in floors {
                        for rerank in [true, false] {
                            for first in [true, false] {
                                variants.push((
                                    format!(
                                        "adaptive q={on_question} qs={needs} s={on_stand_ins} n={on_no_all_words} wl={wl} wd={wd} floor={floor} rerank={rerank} all_first={first}"
                                    ),
                                    Some(Fusion {
                                        weak: Some(WeakFusion {
                                            lexical_weight: wl,
                                            dense_weight: wd,
                                            semantic_min_cosine: floor,
                                            semantic_relative: 0.0,
                                            dense_reranks_lexical: rerank,
                                            keep_all_words_first: first,
                                            on_question,
                                            on_stand_ins,
                                            on_no_all_words,
                                            question_needs_stand_in: needs,
                                        }),
                                        ..base
                                    }),
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    // Each query's lexical top 10 and both rankings, computed once; every
    // variant only fuses them (`hybrid::fuse`, what `hybrid::search` ranks by).
    let mut prepared = Vec::new();
    for judged in &devset.query {
        let request = SearchRequest {
            query: judged.query.clone(),
            limit: 10,
            ..SearchRequest::default()
        };
        let lexical: Vec<String> = engine
            .search(&request)?
            .hits
            .iter()
            .map(|h| h.paragraph.id.clone())
            .collect();
        let mut rankings = hybrid::rankings(&engine, &request, &concepts)?;
        if let (Some(rankings), Some((engine2, concepts2))) = (&mut rankings, &second) {
            if let Some(other) = hybrid::rankings(engine2, &request, concepts2)? {
                rankings.second = other.dense;
            }
        }
        prepared.push((lexical, rankings));
    }
    // `--show=CATEGORY`: per query, lexical vs default nDCG and the cosines.
    if let Some(category) = args.iter().find_map(|a| a.strip_prefix("--show=")) {
        for (judged, (lexical_ids, rankings)) in devset.query.iter().zip(&prepared) {
            if judged.category != category {
                continue;
            }
            let fused: Vec<String> = rankings.as_ref().map_or(lexical_ids.clone(), |r| {
                hybrid::fuse(r, &Fusion::for_encoder(concepts.encoder.name()))
                    .into_iter()
                    .take(10)
                    .map(|(id, _)| id)
                    .collect()
            });
            let cosines: Vec<String> = rankings.as_ref().map_or(Vec::new(), |r| {
                r.dense
                    .iter()
                    .take(5)
                    .map(|(_, _, c)| format!("{c:.2}"))
                    .collect()
            });
            let dense_ids: Vec<String> = rankings.as_ref().map_or(Vec::new(), |r| {
                r.dense
                    .iter()
                    .take(10)
                    .map(|(id, _, _)| id.clone())
                    .collect()
            });
            println!(
                "{} {:?}: lexical {:.3} hybrid {:.3} dense {:.3} all_words {} top cosines {}",
                judged.split,
                judged.query,
                graded_ndcg_at_10(lexical_ids, &judged.relevant),
                graded_ndcg_at_10(&fused, &judged.relevant),
                graded_ndcg_at_10(&dense_ids, &judged.relevant),
                rankings.as_ref().map_or(0, |r| r.lexical.all_words),
                cosines.join(" ")
            );
        }
    }
    let mut lexical_table: Option<Table> = None;
    let mut candidates: Vec<(f64, f64, String)> = Vec::new();
    for (name, fusion) in &variants {
        let mut table: Table = BTreeMap::new();
        for (judged, (lexical_ids, rankings)) in devset.query.iter().zip(&prepared) {
            let (ids, semantic): (Vec<String>, usize) = match (fusion, rankings) {
                (Some(fusion), Some(rankings)) => {
                    let fused = hybrid::fuse(rankings, fusion);
                    let semantic = fused.iter().filter(|(_, f)| f.lexical.is_none()).count();
                    (
                        fused.into_iter().take(10).map(|(id, _)| id).collect(),
                        semantic,
                    )
                }
                _ => (lexical_ids.clone(), 0),
            };
            // How many paragraphs "found by meaning" a keyword query gets.
            if judged.category != "concept" {
                table
                    .entry((
                        judged.split.clone(),
                        "~semantic hits per keyword query".to_string(),
                    ))
                    .or_default()
                    .push(semantic as f64);
            }
            let score = graded_ndcg_at_10(&ids, &judged.relevant);
            for category in [judged.category.as_str(), "ALL"] {
                table
                    .entry((judged.split.clone(), category.to_string()))
                    .or_default()
                    .push(score);
            }
        }
        let row: Vec<String> = table
            .iter()
            .map(|((split, category), v)| {
                format!("{split}/{}={:.3}", category.replace(' ', "_"), mean(v))
            })
            .collect();
        let row: Vec<String> = row
            .into_iter()
            .filter(|cell| !dev_only || cell.starts_with("dev/"))
            .collect();
        println!("{name}: {}", row.join(" "));
        // Chosen on dev only (below): variants that lose at most 0.02 in no
        // dev category against lexical, their dev mean and flood.
        if let (Some(lexical), Some(_)) = (&lexical_table, fusion) {
            let dev =
                |t: &Table, c: &str| t.get(&("dev".to_string(), c.to_string())).map(|v| mean(v));
            let fair = table
                .keys()
                .filter(|(split, c)| split == "dev" && c != "ALL" && !c.starts_with('~'))
                .all(|(_, c)| {
                    dev(&table, c).unwrap_or(0.0) >= dev(lexical, c).unwrap_or(0.0) - 0.02
                });
            if fair {
                let flood = dev(&table, "~semantic hits per keyword query").unwrap_or(0.0);
                candidates.push((dev(&table, "ALL").unwrap_or(0.0), flood, name.clone()));
            }
        } else if fusion.is_none() {
            lexical_table = Some(table.clone());
        }
        if name == "default" || fusion.is_none() {
            print_markdown(name, &table, dev_only);
        }
    }
    // The rule: among variants within the budget that give keyword queries
    // at most one semantic hit on average (no flood), the best dev mean;
    // ties to the one that still finds the most by meaning.
    if let Some((score, flood, name)) = candidates
        .iter()
        .filter(|c| c.1 <= 1.0)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
    {
        println!(
            "chosen on dev: {name} (dev mean {score:.3}; {flood:.2} semantic hits per keyword query)"
        );
    }
    Ok(())
}

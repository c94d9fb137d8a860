//! Ranking quality on judged analyst queries (`tests/fixtures/search/ranking.toml`):
//! nDCG@10 per category and overall, on chapters 1–4 of the Hasselt report
//! (the chapters the gold paragraphs cover; searches are filtered to their themes).
//!
//! Asserts a mean of at least 0.8 and no category below 0.5 (the `compounds`
//! category included, now that the decompounder fills the `parts` field).
//! Run `cargo test --release --test ranking -- --nocapture` to see the table.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::process::Command;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/hasselt-2011.txt");
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/search/ranking.toml"
);
const CHAPTER_1_TO_4_THEMES: [&str; 4] = [
    "situering",
    "visitatie",
    "strategische-organisatie",
    "beleidsovereenkomst",
];
#[derive(Debug, Deserialize)]
struct Fixture {
    query: Vec<Judged>,
}

#[derive(Debug, Deserialize)]
struct Judged {
    category: String,
    query: String,
    /// Starts of the relevant paragraphs' texts.
    relevant: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Results {
    hits: Vec<Hit>,
}

#[derive(Debug, Deserialize)]
struct Hit {
    text: String,
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// nDCG@10 with binary relevance.
fn ndcg_at_10(ranked_relevance: &[bool], relevant: usize) -> f64 {
    let gain = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let dcg: f64 = ranked_relevance
        .iter()
        .take(10)
        .enumerate()
        .filter(|(_, relevant)| **relevant)
        .map(|(rank, _)| gain(rank))
        .sum();
    let ideal: f64 = (0..relevant.min(10)).map(gain).sum();
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

#[test]
fn ndcg_is_a_proper_measure() {
    assert_eq!(ndcg_at_10(&[true, true], 2), 1.0);
    assert_eq!(ndcg_at_10(&[false, false], 2), 0.0);
    assert!(ndcg_at_10(&[false, true], 1) < 1.0);
    assert!(ndcg_at_10(&[true, false, true], 3) < 1.0);
}

#[test]
fn judged_queries_rank_well() {
    let fixture: Fixture = toml::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    assert!(fixture.query.len() >= 25);
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(SEED, corpus.join("hasselt-2011.txt")).unwrap();
    let index = dir.path().join("index");

    let mut per_category: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for judged in &fixture.query {
        let mut command = Command::new(env!("CARGO_BIN_EXE_visidex"));
        command
            .arg("--index")
            .arg(&index)
            .arg("--corpus")
            .arg(&corpus)
            .env("VISIDEX_MODEL", "/nonexistent/visidex-model")
            .args(["--json", "search", "--limit", "10"]);
        for theme in CHAPTER_1_TO_4_THEMES {
            command.args(["--theme", theme]);
        }
        let output = command.arg("--").arg(&judged.query).output().unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            judged.query,
            String::from_utf8_lossy(&output.stderr)
        );
        let results: Results = serde_json::from_slice(&output.stdout).unwrap();
        let relevant: Vec<String> = judged.relevant.iter().map(|p| normalise(p)).collect();
        let ranked: Vec<bool> = results
            .hits
            .iter()
            .map(|hit| {
                let text = normalise(&hit.text);
                relevant.iter().any(|prefix| text.starts_with(prefix))
            })
            .collect();
        let score = ndcg_at_10(&ranked, relevant.len());
        println!("{:<11} {:.3}  {}", judged.category, score, judged.query);
        per_category
            .entry(judged.category.clone())
            .or_default()
            .push(score);
    }

    println!("\nnDCG@10 per category:");
    let mut means = Vec::new();
    for (category, scores) in &per_category {
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        println!("  {category:<11} {mean:.3}  ({} queries)", scores.len());
        means.push((category.clone(), mean));
    }
    let all: Vec<f64> = per_category.values().flatten().copied().collect();
    let overall = all.iter().sum::<f64>() / all.len() as f64;
    println!("  {:<11} {overall:.3}  ({} queries)", "mean", all.len());

    assert!(overall >= 0.8, "mean nDCG@10 {overall:.3} < 0.8");
    for (category, mean) in means {
        assert!(mean >= 0.5, "{category}: nDCG@10 {mean:.3} < 0.5");
    }
}

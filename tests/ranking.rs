//! Ranking quality on judged analyst queries.
//!
//! - `whole_report_development_set` (`tests/fixtures/search/devset.toml`): 201 queries
//!   over the whole Hasselt report in eight categories, graded judgements (2 answers
//!   it, 1 related), split 2:1 into a `dev` half (tune on it) and a `check` half
//!   (measure only). Prints graded nDCG@10 per query, per category and overall for
//!   both halves, and holds each to the floors in `FLOORS`.
//! - `judged_queries_rank_well` (`tests/fixtures/search/ranking.toml`): the older
//!   32 binary-judged queries on chapters 1–4 (searches filtered to their themes);
//!   a mean of at least 0.8 and no category below 0.5.
//!
//! Run `cargo test --release --test ranking -- --nocapture` to see the tables.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::process::Command;

mod support;
use support::Workspace;

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

const DEVSET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/search/devset.toml"
);

/// Floors of graded nDCG@10: (split, category or "mean", floor). The figures
/// measured when the floor was last raised, minus a small margin.
const FLOORS: &[(&str, &str, f64)] = &[
    // Re-based when 48 new queries (6 per category, judged before any tuning
    // on them) were added in session 8, bringing the set to 201: the figures
    // measured then (dev 0.897, check 0.782), minus a margin of about 0.02;
    // dev mean, compound and multi-word and check compound raised after the
    // parts of an unknown compound coordinate (dev 0.901, check 0.787).
    // (Earlier: re-based for issue 14's second round of 55 queries, raised
    // after each round's rules.)
    ("dev", "mean", 0.88),
    ("dev", "accent", 0.93),
    ("dev", "compound", 0.87),
    ("dev", "concept", 0.62),
    ("dev", "multi-word", 0.92),
    ("dev", "phrase", 0.90),
    ("dev", "rare", 0.97),
    ("dev", "stem", 0.92),
    ("dev", "typo", 0.91),
    ("check", "mean", 0.76),
    ("check", "accent", 0.83),
    ("check", "compound", 0.73),
    ("check", "concept", 0.43),
    ("check", "multi-word", 0.73),
    ("check", "phrase", 0.87),
    ("check", "rare", 0.93),
    ("check", "stem", 0.85),
    ("check", "typo", 0.83),
];

#[derive(Debug, Deserialize)]
struct DevSet {
    query: Vec<GradedQuery>,
}

#[derive(Debug, Deserialize)]
struct GradedQuery {
    category: String,
    split: String,
    query: String,
    relevant: Vec<Judgement>,
}

#[derive(Debug, Deserialize)]
struct Judgement {
    id: String,
    grade: u8,
    /// The start of the paragraph's text, whitespace-normalised: checked against
    /// the parsed report so that renumbered paragraphs fail loudly.
    starts: String,
}

#[derive(Debug, Deserialize)]
struct IdHits {
    hits: Vec<IdHit>,
}

#[derive(Debug, Deserialize)]
struct IdHit {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Parsed {
    paragraphs: Vec<ParsedParagraph>,
}

#[derive(Debug, Deserialize)]
struct ParsedParagraph {
    id: String,
    text: String,
}

/// Graded nDCG@10 with exponential gain `2^grade - 1`; the ideal ranking
/// orders every judged paragraph by grade.
fn graded_ndcg_at_10(ranked_grades: &[u8], judged: &[u8]) -> f64 {
    let gain = |grade: u8| f64::from((1u32 << grade) - 1);
    let discount = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let dcg: f64 = ranked_grades
        .iter()
        .take(10)
        .enumerate()
        .map(|(rank, grade)| gain(*grade) * discount(rank))
        .sum();
    let mut ideal_grades = judged.to_vec();
    ideal_grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = ideal_grades
        .iter()
        .take(10)
        .enumerate()
        .map(|(rank, grade)| gain(*grade) * discount(rank))
        .sum();
    if ideal == 0.0 {
        0.0
    } else {
        // `+ 0.0`: an empty sum is -0.0, printed as "-0.000".
        dcg / ideal + 0.0
    }
}

#[test]
fn graded_ndcg_is_a_proper_measure() {
    assert_eq!(graded_ndcg_at_10(&[2, 1], &[2, 1]), 1.0);
    assert_eq!(graded_ndcg_at_10(&[0, 0], &[2]), 0.0);
    assert!(graded_ndcg_at_10(&[1, 2], &[2, 1]) < 1.0);
    assert!(graded_ndcg_at_10(&[0, 2], &[2]) < graded_ndcg_at_10(&[2, 0], &[2]));
    // Only the first ten ranks count.
    let late = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
    assert_eq!(graded_ndcg_at_10(&late, &[2]), 0.0);
}

fn mean(scores: &[f64]) -> f64 {
    scores.iter().sum::<f64>() / scores.len().max(1) as f64
}

#[test]
fn whole_report_development_set() {
    let devset: DevSet = toml::from_str(&std::fs::read_to_string(DEVSET).unwrap()).unwrap();
    let workspace = Workspace::new();
    std::fs::copy(SEED, workspace.corpus().join("hasselt-2011.txt")).unwrap();
    workspace.run(&["index"]).assert_code(0);

    // Every judgement's id must still name the paragraph that was judged.
    let seed = workspace.corpus().join("hasselt-2011.txt");
    let parsed = workspace.run(&["--json", "parse", &seed.to_string_lossy()]);
    parsed.assert_code(0);
    let parsed: Parsed = serde_json::from_str(&parsed.stdout).unwrap();
    let texts: BTreeMap<&str, String> = parsed
        .paragraphs
        .iter()
        .map(|p| (p.id.as_str(), normalise(&p.text)))
        .collect();
    let mut stale = Vec::new();
    for judged in &devset.query {
        for judgement in &judged.relevant {
            let ok = texts
                .get(judgement.id.as_str())
                .is_some_and(|text| text.starts_with(&normalise(&judgement.starts)));
            if !ok {
                stale.push(format!("{} ({})", judgement.id, judged.query));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "judged ids no longer name the judged paragraphs (renumbered?): {stale:?}"
    );

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for judged in &devset.query {
        *counts.entry(judged.category.as_str()).or_default() += 1;
        assert!(
            judged.split == "dev" || judged.split == "check",
            "{}: split {}",
            judged.query,
            judged.split
        );
    }
    assert_eq!(counts.len(), 8, "eight categories: {counts:?}");
    assert!(counts.values().all(|n| *n >= 10), "{counts:?}");

    // (split, category) -> scores
    let mut scores: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for judged in &devset.query {
        let run = workspace.run(&["--json", "search", "--limit", "10", "--", &judged.query]);
        run.assert_code(0);
        let hits: IdHits = serde_json::from_str(&run.stdout).unwrap();
        let grade_of: BTreeMap<&str, u8> = judged
            .relevant
            .iter()
            .map(|j| (j.id.as_str(), j.grade))
            .collect();
        let ranked: Vec<u8> = hits
            .hits
            .iter()
            .map(|hit| grade_of.get(hit.id.as_str()).copied().unwrap_or(0))
            .collect();
        let judged_grades: Vec<u8> = judged.relevant.iter().map(|j| j.grade).collect();
        let score = graded_ndcg_at_10(&ranked, &judged_grades);
        println!(
            "{:<5} {:<10} {score:.3}  {}",
            judged.split, judged.category, judged.query
        );
        scores
            .entry((judged.split.clone(), judged.category.clone()))
            .or_default()
            .push(score);
    }

    let mut summary: BTreeMap<(String, String), f64> = BTreeMap::new();
    println!("\ngraded nDCG@10        dev   check  (queries)");
    let categories: Vec<&str> = counts.keys().copied().collect();
    for category in categories.iter().copied().chain(["mean"]) {
        let mut line = format!("  {category:<18}");
        let mut sizes = Vec::new();
        for split in ["dev", "check"] {
            let values: Vec<f64> = if category == "mean" {
                scores
                    .iter()
                    .filter(|((s, _), _)| s == split)
                    .flat_map(|(_, v)| v.iter().copied())
                    .collect()
            } else {
                scores
                    .get(&(split.to_string(), category.to_string()))
                    .cloned()
                    .unwrap_or_default()
            };
            let value = mean(&values);
            line.push_str(&format!(" {value:.3}"));
            sizes.push(values.len().to_string());
            summary.insert((split.to_string(), category.to_string()), value);
        }
        println!("{line}  ({})", sizes.join("/"));
    }

    let mut failures = Vec::new();
    for (split, category, floor) in FLOORS {
        let value = summary
            .get(&(split.to_string(), category.to_string()))
            .copied()
            .unwrap_or(0.0);
        if value < *floor {
            failures.push(format!("{split} {category}: {value:.3} < {floor:.3}"));
        }
    }
    assert!(failures.is_empty(), "below the floors: {failures:?}");
}

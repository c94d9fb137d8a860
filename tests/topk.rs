//! Top-k without scoring every match (`search::topk`, issue 13): the pruned
//! ranking must be the exhaustive one — the same paragraphs in the same
//! order with the same scores — on many queries, readings and pages, and the
//! total must be exact when it says so and a lower bound otherwise.
//!
//! The corpus is the seed report plus many copies of its first part under
//! other city names: thousands of paragraphs, with long runs of exactly
//! tied scores, which is where a different tie-break would show.

mod support;
use support::Workspace;
use visidex::search::Engine;

fn workspace() -> Workspace {
    let workspace = Workspace::with_seed();
    workspace.many_reports(24, 600);
    workspace.run(&["index", "--no-embed"]).assert_code(0);
    workspace
}

/// Words of the seed report: frequent, middling and rare ones, so some
/// queries are pruned hard and others barely.
fn words() -> Vec<String> {
    let text = support::seed_text().to_lowercase();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.chars().count() >= 5 {
            *counts.entry(word.to_string()).or_default() += 1;
        }
    }
    let mut by_count: Vec<(usize, String)> = counts.into_iter().map(|(w, c)| (c, w)).collect();
    by_count.sort_by(|a, b| b.cmp(a));
    // Every 7th word from the most frequent down: a spread of frequencies.
    by_count
        .into_iter()
        .step_by(7)
        .take(40)
        .map(|(_, word)| word)
        .collect()
}

fn queries() -> Vec<String> {
    let words = words();
    let mut queries: Vec<String> = words.clone();
    for pair in words.chunks(2) {
        queries.push(pair.join(" "));
    }
    for triple in words.chunks(3).take(6) {
        queries.push(triple.join(" "));
        queries.push(format!("{} -{}", triple[0], triple[1]));
        queries.push(format!("{} OR {}", triple[0], triple[2]));
    }
    queries.push("welke informatiebronnen gebruikte de visitatie".to_string());
    queries.push("hoe betrekt de stad haar inwoners bij het beleid".to_string());
    queries.push("programmamagement".to_string());
    queries.push("communicatieplan".to_string());
    queries.push("\"sociale huurwoningen\"".to_string());
    queries.push("strateg*".to_string());
    queries
}

#[test]
fn pruned_top_k_is_the_exhaustive_ranking() {
    let workspace = workspace();
    let engine = Engine::open(&workspace.index()).expect("open the index");
    let (mut compared, mut pruned) = (0, 0);
    for query in queries() {
        for loose in [false, true] {
            for (offset, limit) in [(0, 10), (0, 1), (7, 10), (0, 50)] {
                let Some(exhaustive) = engine
                    .ranked_ids(&query, loose, offset, limit, None)
                    .expect("exhaustive ranking")
                else {
                    continue;
                };
                let fast = engine
                    .ranked_ids(&query, loose, offset, limit, Some(u64::MAX))
                    .expect("pruned ranking")
                    .expect("the same reading");
                let context = format!("`{query}` loose={loose} offset={offset} limit={limit}");
                assert_eq!(fast.hits, exhaustive.hits, "{context}");
                assert!(fast.top.total_is_exact, "{context}");
                assert_eq!(fast.top.total, exhaustive.top.total, "{context}");
                compared += 1;
                pruned += usize::from(fast.top.pruned);
            }
        }
    }
    assert!(compared > 300, "only {compared} rankings compared");
    // Words, negations, OR and the any-word readings are bounded: most
    // rankings are the pruned path's (intersections, phrases and prefixes
    // take tantivy's walk, and so does a page the bound's best cannot fill).
    assert!(
        pruned * 2 >= compared,
        "only {pruned} of {compared} rankings took the pruned path"
    );
}

#[test]
fn a_total_that_is_not_exact_is_a_deterministic_lower_bound() {
    let workspace = workspace();
    let engine = Engine::open(&workspace.index()).expect("open the index");
    let mut bounded = 0;
    for query in queries() {
        let Some(exact) = engine
            .ranked_ids(&query, false, 0, 10, None)
            .expect("exhaustive ranking")
        else {
            continue;
        };
        // A budget of 0: count exactly only what costs nothing.
        let fast = engine
            .ranked_ids(&query, false, 0, 10, Some(0))
            .expect("pruned ranking")
            .expect("the same reading");
        let again = engine
            .ranked_ids(&query, false, 0, 10, Some(0))
            .expect("pruned ranking")
            .expect("the same reading");
        assert_eq!(fast.hits, exact.hits, "`{query}`");
        assert_eq!(fast.top, again.top, "`{query}`: the same on every run");
        if fast.top.total_is_exact {
            assert_eq!(fast.top.total, exact.top.total, "`{query}`");
        } else {
            bounded += 1;
            assert!(
                fast.top.total <= exact.top.total,
                "`{query}`: {} is not a lower bound of {}",
                fast.top.total,
                exact.top.total
            );
            assert!(
                fast.top.total >= fast.hits.len() as u64,
                "`{query}`: fewer than the hits shown"
            );
        }
    }
    assert!(bounded > 20, "only {bounded} totals were bounds");
    // A frequent single word: the bound is its text's document frequency at
    // least, most of the true total.
    let word = &words()[0];
    let exact = engine
        .ranked_ids(word, false, 0, 10, None)
        .unwrap()
        .unwrap();
    let fast = engine
        .ranked_ids(word, false, 0, 10, Some(0))
        .unwrap()
        .unwrap();
    assert!(!fast.top.total_is_exact, "`{word}`");
    assert!(
        fast.top.total * 2 >= exact.top.total,
        "`{word}`: bound {} of {}",
        fast.top.total,
        exact.top.total
    );
}

#[test]
fn search_json_says_whether_the_total_is_exact() {
    let workspace = workspace();
    // Small: every count is cheap, so exact.
    let run = workspace.run(&["search", "--json", "--", &words()[0]]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(
        json["total_is_exact"],
        serde_json::Value::Bool(true),
        "{json}"
    );
    assert!(json["total"].as_u64().unwrap_or(0) > 10, "{json}");
}

/// The number of segments of the index in `workspace` (tantivy's meta.json).
fn segments(workspace: &Workspace) -> usize {
    let meta = std::fs::read_to_string(workspace.index().join("meta.json")).expect("meta.json");
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta.json is JSON");
    meta["segments"].as_array().map_or(0, Vec::len)
}

/// TERMs for `mentions`: frequent, rare, with misspellings, hyphenated.
const MENTIONED: [&str; 4] = [
    "programmamanagement",
    "kindvriendelijkheid",
    "stad",
    "co-creatie",
];

/// `mentions` of `term`: counted, split `--by`, and listed.
fn mentions_args<'a>(term: &'a str, by: &'a str) -> [Vec<&'a str>; 3] {
    [
        vec!["--json", "mentions", "--count", "--", term],
        vec!["--json", "mentions", "--by", by, "--", term],
        vec!["--jsonl", "mentions", "--", term],
    ]
}

#[test]
fn answers_do_not_depend_on_the_search_threads() {
    // Three index runs, each adding reports: three segments at least, so
    // that segments are walked on different threads.
    let workspace = Workspace::with_seed();
    workspace.run(&["index", "--no-embed"]).assert_code(0);
    for count in [8, 16] {
        workspace.many_reports(count, 600);
        workspace.run(&["index", "--no-embed"]).assert_code(0);
    }
    assert!(
        segments(&workspace) >= 3,
        "{} segments",
        segments(&workspace)
    );
    let run = |threads: &str, args: &[&str]| {
        let output = workspace
            .command(args)
            .env("VISIDEX_SEARCH_THREADS", threads)
            .output()
            .expect("run visidex");
        let run = support::Run::from(output);
        run.assert_code(0);
        run.stdout
    };
    let mut asked = 0;
    for query in queries().iter().step_by(3) {
        let args = ["--json", "search", "--limit", "20", "--", query.as_str()];
        assert_eq!(run("1", &args), run("3", &args), "search `{query}`");
        asked += 1;
    }
    assert!(asked >= 20, "{asked} queries");
    for term in MENTIONED {
        for args in mentions_args(term, "report") {
            assert_eq!(run("1", &args), run("3", &args), "{args:?}");
        }
    }
    let facets = ["--json", "facets", "--", "jeugd"];
    assert_eq!(run("1", &facets), run("2", &facets), "facets");

    // Counted per segment and added up: the same answers as an index of
    // the same reports built in one run.
    let whole = Workspace::with_seed();
    whole.many_reports(16, 600);
    whole.run(&["index", "--no-embed"]).assert_code(0);
    assert!(segments(&whole) < segments(&workspace));
    for term in MENTIONED {
        for args in mentions_args(term, "city,theme") {
            let one = whole.run(&args);
            one.assert_code(0);
            assert_eq!(one.stdout, run("3", &args), "{args:?}");
        }
        // And the parts add up to the totals.
        let count: serde_json::Value =
            serde_json::from_str(&run("2", &["--json", "mentions", "--count", "--", term]))
                .expect("JSON");
        let by_report: serde_json::Value = serde_json::from_str(&run(
            "2",
            &["--json", "mentions", "--by", "report", "--", term],
        ))
        .expect("JSON");
        let sum = |tallies: Vec<&serde_json::Value>, what: &str| -> u64 {
            tallies
                .iter()
                .map(|tally| tally[what].as_u64().unwrap_or(0))
                .sum()
        };
        let cities: Vec<&serde_json::Value> = count["by_city"]
            .as_object()
            .map(|cities| cities.values().collect())
            .unwrap_or_default();
        let reports: Vec<&serde_json::Value> = by_report["rows"]
            .as_array()
            .map(|rows| rows.iter().collect())
            .unwrap_or_default();
        assert!(count["paragraph_count"].as_u64() > Some(0), "{term}");
        for (parts, name) in [(cities, "cities"), (reports.clone(), "reports")] {
            assert_eq!(
                sum(parts.clone(), "paragraphs"),
                count["paragraph_count"],
                "{term}: {name}"
            );
            assert_eq!(sum(parts, "occurrences"), count["total"], "{term}: {name}");
        }
        assert_eq!(
            Some(reports.len() as u64),
            count["report_count"].as_u64(),
            "{term}"
        );
    }
}

#[test]
fn a_search_thread_count_that_is_no_number_is_a_usage_error() {
    let workspace = Workspace::with_seed();
    workspace.run(&["index", "--no-embed"]).assert_code(0);
    for value in ["0", "two", "-1"] {
        let output = workspace
            .command(&["search", "--", "jeugd"])
            .env("VISIDEX_SEARCH_THREADS", value)
            .output()
            .expect("run visidex");
        let run = support::Run::from(output);
        run.assert_code(2);
        run.assert_stderr_has("VISIDEX_SEARCH_THREADS", value);
    }
}

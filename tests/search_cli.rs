//! The real `visidex` binary on a temporary corpus and index: `index`,
//! `search`, `facets`, `show`, `reports`. JSON is decoded into structs that
//! deny unknown fields, so the contract is checked by shape, not by strings.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/hasselt-2011.txt");

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Hit {
    n: u32,
    id: String,
    kind: String,
    chapter: String,
    section: Vec<String>,
    theme: String,
    page: Option<u32>,
    lines: [u32; 2],
    text: String,
    report: String,
    city: String,
    year: Option<i32>,
    score: f32,
    snippet: String,
    /// Search hits only: `lexical` or `semantic`.
    #[serde(rename = "match", default)]
    match_kind: Option<String>,
    citation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchJson {
    query: String,
    total: u64,
    /// Exact on the seed: every count there is cheap (`search::topk`).
    total_is_exact: bool,
    all_words: u64,
    partial: bool,
    corrected: BTreeMap<String, String>,
    note: Option<String>,
    mode: String,
    semantic_total: u64,
    suggestions: Vec<String>,
    hits: Vec<Hit>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct IndexJson {
    added: usize,
    updated: usize,
    unchanged: usize,
    removed: usize,
    paragraphs: u64,
    elapsed_ms: u64,
    failed: Vec<FailureJson>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct FailureJson {
    path: String,
    error: String,
}

#[derive(Debug, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
struct FacetsJson {
    total: u64,
    city: BTreeMap<String, u64>,
    theme: BTreeMap<String, u64>,
    kind: BTreeMap<String, u64>,
    year: BTreeMap<String, u64>,
    /// Cited cities (the knowledge branch; exact counts in `knowledge_extracts.rs`).
    cites: BTreeMap<String, u64>,
    section: Option<BTreeMap<String, u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowJson {
    hit: Hit,
    before: Vec<Hit>,
    after: Vec<Hit>,
    citation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportJson {
    id: String,
    title: String,
    city: String,
    year: Option<i32>,
    date: Option<String>,
    source: String,
    sha256: String,
    paragraphs: u32,
}

#[derive(Debug, Deserialize)]
struct ParsedJson {
    report: ParsedReportMeta,
    paragraphs: Vec<ParsedParagraph>,
}

#[derive(Debug, Deserialize)]
struct ParsedReportMeta {
    city: String,
    year: Option<i32>,
}

#[derive(Debug, Deserialize)]
struct ParsedParagraph {
    kind: String,
    theme: String,
    section: Vec<String>,
    text: String,
}

/// A corpus folder and an index folder in a temporary directory.
struct Env {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    index: PathBuf,
}

impl Env {
    fn with_seed() -> Env {
        let env = Env::empty();
        std::fs::copy(SEED, env.corpus.join("hasselt-2011.txt")).unwrap();
        env
    }

    fn empty() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let index = dir.path().join("index");
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::create_dir_all(&index).unwrap();
        std::fs::write(index.join("README.md"), "keep me\n").unwrap();
        Env {
            _dir: dir,
            corpus,
            index,
        }
    }

    /// The seed with its city replaced: `Hasselt` → `Gent` in text and file name.
    fn add_gent(&self) -> PathBuf {
        let text = std::fs::read_to_string(SEED)
            .unwrap()
            .replace("Hasselt", "Gent")
            .replace("HASSELT", "GENT");
        let path = self.corpus.join("gent-2011.txt");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_visidex"))
            .arg("--index")
            .arg(&self.index)
            .arg("--corpus")
            .arg(&self.corpus)
            .args(args)
            .env_remove("VISIDEX_INDEX")
            .env_remove("VISIDEX_CORPUS")
            // Lexical only: tests that embed say so (tests/hybrid_cli.rs).
            .env("VISIDEX_MODEL", "/nonexistent/visidex-model")
            .output()
            .unwrap()
    }

    fn json<T: for<'de> Deserialize<'de>>(&self, args: &[&str]) -> T {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "{args:?}: {error}\n{}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
    }

    fn search(&self, args: &[&str]) -> SearchJson {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        self.json(&all)
    }

    fn index_json(&self, args: &[&str]) -> (IndexJson, i32) {
        let mut all = vec!["--json", "index"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        let json = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stderr)));
        (json, output.status.code().unwrap_or(-1))
    }

    fn parse(&self, file: &Path) -> ParsedJson {
        self.json(&["parse", file.to_str().unwrap()])
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn first_search_builds_the_index_and_finds_programmamanagement() {
    let env = Env::with_seed();
    let output = env.run(&["--json", "search", "programmamanagement"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("building"), "{}", stderr(&output));
    let results: SearchJson = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results.query, "programmamanagement");
    assert!(results.total_is_exact);
    assert!(!results.hits.is_empty());
    assert!(!results.partial);
    // Without a model: lexical, every hit found by its words, and one note
    // on how to enable concept search (said once per index).
    assert_eq!(
        (results.mode.as_str(), results.semantic_total),
        ("lexical", 0)
    );
    assert!(results
        .hits
        .iter()
        .all(|hit| hit.match_kind.as_deref() == Some("lexical")));
    assert!(
        stderr(&output).contains("scripts/fetch-model"),
        "{}",
        stderr(&output)
    );
    let again = env.run(&["--json", "search", "programmamanagement"]);
    assert!(
        !stderr(&again).contains("fetch-model"),
        "{}",
        stderr(&again)
    );
    assert!(results.total >= results.hits.len() as u64);
    assert!(results.hits[0]
        .snippet
        .to_lowercase()
        .contains("«programmamanagement»"));
    for hit in &results.hits {
        // A paragraph may also match by its heading (`› Programmamanagement en governance`).
        if hit.text.to_lowercase().contains("programmamanagement") {
            assert!(
                hit.snippet.to_lowercase().contains("«programmamanagement»"),
                "{}",
                hit.snippet
            );
        } else {
            assert!(hit
                .section
                .iter()
                .any(|s| s.to_lowercase().contains("programmamanagement")));
        }
        assert_eq!(hit.id, format!("{}:{}", hit.report, hit.n));
        assert!(hit.score > 0.0);
        assert!(hit.lines[0] <= hit.lines[1]);
        assert!(!hit.text.is_empty() && !hit.kind.is_empty() && !hit.theme.is_empty());
        let _ = (&hit.chapter, &hit.section, hit.page, &hit.city, hit.year);
    }
    assert!(
        env.index.join("README.md").is_file(),
        "the index folder's README survives"
    );
    // Second search: no rebuild.
    let output = env.run(&["search", "programmamanagement"]);
    assert!(!stderr(&output).contains("building"), "{}", stderr(&output));
}

#[test]
fn query_syntax() {
    let env = Env::with_seed();
    // Phrase: the words in a row.
    let phrase = env.search(&["\"strategische planning\""]);
    assert!(phrase.total > 0);
    for hit in &phrase.hits {
        assert!(
            hit.snippet
                .to_lowercase()
                .contains("«strategische» «planning»"),
            "{}",
            hit.snippet
        );
    }
    // Exclusion.
    let all = env.search(&["programmamanagement", "--limit", "100"]);
    let without = env.search(&["--limit", "100", "--", "programmamanagement", "-governance"]);
    assert!(
        without.total < all.total,
        "{} < {}",
        without.total,
        all.total
    );
    assert!(without
        .hits
        .iter()
        .all(|hit| !hit.text.to_lowercase().contains("governance")));
    // OR.
    let either = env.search(&[
        "programmamanagement",
        "OR",
        "kinderopvang",
        "--limit",
        "1000",
    ]);
    let kinderopvang = env.search(&["kinderopvang", "--limit", "1000"]);
    assert!(either.total > all.total && either.total > kinderopvang.total);
    // Prefix.
    let prefix = env.search(&["programmaman*"]);
    assert!(prefix.total >= all.total);
    assert!(prefix.hits[0].snippet.contains('«'));
    // Accents: coordinatie finds coördinatie.
    let accent = env.search(&["coordinatie", "--limit", "100"]);
    assert!(accent
        .hits
        .iter()
        .any(|hit| hit.snippet.contains("«coördinatie»")));
    // Stemming: kind finds kinderen.
    let kind = env.search(&["kind", "--limit", "100"]);
    assert!(kind
        .hits
        .iter()
        .any(|hit| hit.snippet.contains("«kinderen»")));
}

#[test]
fn typos_and_partial_matches_never_leave_an_empty_page() {
    let env = Env::with_seed();
    let typo = env.search(&["programmamagement"]);
    assert!(typo.suggestions.is_empty(), "hits, so no suggestions");
    assert_eq!(
        typo.corrected.get("programmamagement").map(String::as_str),
        Some("programmamanagement")
    );
    assert!(typo
        .hits
        .iter()
        .any(|hit| hit.snippet.to_lowercase().contains("«programmamanagement»")));
    let unknown = env.search(&["kindervriendelijkheid"]);
    assert!(
        unknown.total > 0,
        "a word not in the index falls back to the closest one"
    );
    assert_eq!(unknown.corrected.len(), 1);
    let partial = env.search(&["programmamanagement", "zeppelinhaven"]);
    assert!(partial.partial && partial.total > 0 && partial.all_words == 0);
    // Too few paragraphs with every word: the page is filled with partial matches after them.
    let few = env.search(&["programmamanagement", "governance", "--limit", "30"]);
    assert!(few.all_words > 0 && few.partial && few.total > few.all_words);
    let full = few.all_words as usize;
    for hit in &few.hits[..full] {
        let text = hit.text.to_lowercase();
        assert!(
            text.contains("programmamanagement")
                || hit
                    .section
                    .iter()
                    .any(|s| s.to_lowercase().contains("programmamanagement"))
        );
    }
    let stop_words = env.search(&["de", "het", "van"]);
    assert_eq!(stop_words.total, 0);
    assert!(stop_words.note.unwrap().contains("de, het, van"));
}

#[test]
fn bad_queries_and_unknown_filters_exit_2() {
    let env = Env::with_seed();
    env.run(&["index"]);
    for (query, position) in [
        ("armoede \"kind", "9"),
        ("(armoede", "1"),
        ("armoede OR", "9"),
    ] {
        let output = env.run(&["search", "--", query]);
        assert_eq!(output.status.code(), Some(2), "{query}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("position {position}")) && message.contains("armoede"),
            "{message}"
        );
    }
    let output = env.run(&["search", "armoede", "--city", "Atlantis"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Hasselt"),
        "known cities listed: {}",
        stderr(&output)
    );
    let output = env.run(&["search", "armoede", "--kind", "poem"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("list_item"));
    let output = env.run(&["show", "hasselt-2011"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn every_reading_command_builds_a_missing_index_first() {
    for args in [&["reports"][..], &["facets"], &["show", "hasselt-2011:1"]] {
        let env = Env::with_seed();
        let output = env.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("building it"),
            "{}",
            stderr(&output)
        );
        assert!(!output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn indexing_is_incremental_and_idempotent() {
    let env = Env::with_seed();
    let expected = env
        .parse(&env.corpus.join("hasselt-2011.txt"))
        .paragraphs
        .len() as u64;
    let (first, code) = env.index_json(&[]);
    assert_eq!((first.added, first.paragraphs, code), (1, expected, 0));
    let (second, _) = env.index_json(&[]);
    assert_eq!(
        (
            second.added,
            second.updated,
            second.unchanged,
            second.removed
        ),
        (0, 0, 1, 0)
    );
    assert_eq!(second.paragraphs, expected);
    let facets: FacetsJson = env.json(&["facets"]);
    assert_eq!(facets.total, expected, "no duplicates");

    // Modify: replaced, not duplicated.
    let path = env.corpus.join("hasselt-2011.txt");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\nEen zeppelinhaven voor Hasselt.\n");
    std::fs::write(&path, text).unwrap();
    let (third, _) = env.index_json(&[]);
    assert_eq!((third.added, third.updated, third.unchanged), (0, 1, 0));
    let facets: FacetsJson = env.json(&["facets"]);
    assert_eq!(facets.total, third.paragraphs);
    assert_eq!(env.search(&["zeppelinhaven"]).total, 1);

    // Rebuild keeps the README.
    let (rebuilt, _) = env.index_json(&["--rebuild"]);
    assert_eq!(rebuilt.added, 1);
    assert!(env.index.join("README.md").is_file());

    // Delete: removed.
    std::fs::remove_file(&path).unwrap();
    let (fourth, _) = env.index_json(&[]);
    assert_eq!((fourth.removed, fourth.paragraphs), (1, 0));
    let reports: Vec<ReportJson> = env.json(&["reports"]);
    assert!(reports.is_empty());
}

#[test]
fn a_bad_file_fails_alone() {
    let env = Env::with_seed();
    std::fs::write(env.corpus.join("empty.txt"), "").unwrap();
    let (summary, code) = env.index_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(summary.added, 1);
    assert_eq!(summary.failed.len(), 1);
    assert!(summary.failed[0].path.ends_with("empty.txt"));
    assert!(!summary.failed[0].error.is_empty());
    let output = env.run(&["index"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.lines().any(|line| line.contains("empty.txt")),
        "{message}"
    );
    assert!(!env.search(&["programmamanagement"]).hits.is_empty());
}

#[test]
fn search_refreshes_after_the_corpus_changes() {
    let env = Env::with_seed();
    env.run(&["index"]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.add_gent();
    let output = env.run(&["--json", "search", "programmamanagement", "--limit", "100"]);
    assert!(stderr(&output).contains("changed"), "{}", stderr(&output));
    let results: SearchJson = serde_json::from_slice(&output.stdout).unwrap();
    assert!(results.hits.iter().any(|hit| hit.report == "gent-2011"));
}

/// Expected facet counts, from `visidex parse --json` of each file.
fn expected_counts(parsed: &[&ParsedJson], theme: Option<&str>) -> FacetsJson {
    let mut counts = FacetsJson::default();
    for report in parsed {
        for paragraph in &report.paragraphs {
            if theme.is_some_and(|theme| paragraph.theme != theme) {
                continue;
            }
            counts.total += 1;
            *counts.city.entry(report.report.city.clone()).or_default() += 1;
            *counts.theme.entry(paragraph.theme.clone()).or_default() += 1;
            *counts.kind.entry(paragraph.kind.clone()).or_default() += 1;
            for city in
                visidex::knowledge::cities::cited_cities(&paragraph.text, &report.report.city)
            {
                *counts.cites.entry(city.to_string()).or_default() += 1;
            }
            if let Some(year) = report.report.year {
                *counts.year.entry(year.to_string()).or_default() += 1;
            }
            if theme.is_some() {
                if let Some(section) = paragraph.section.first() {
                    *counts
                        .section
                        .get_or_insert_with(BTreeMap::new)
                        .entry(section.clone())
                        .or_default() += 1;
                }
            }
        }
    }
    if theme.is_some() && counts.section.is_none() {
        counts.section = Some(BTreeMap::new());
    }
    counts
}

#[test]
fn facets_and_filters_count_exactly() {
    let env = Env::with_seed();
    let gent = env.add_gent();
    let hasselt = env.parse(&env.corpus.join("hasselt-2011.txt"));
    let gent = env.parse(&gent);
    assert_eq!(hasselt.report.city, "Hasselt");
    assert_eq!(gent.report.city, "Gent");
    env.run(&["index"]);

    let facets: FacetsJson = env.json(&["facets"]);
    assert_eq!(facets, expected_counts(&[&hasselt, &gent], None));

    let theme = "kindvriendelijkheid";
    let facets: FacetsJson = env.json(&["facets", "--theme", "KINDVRIENDELIJKHEID"]);
    assert_eq!(facets, expected_counts(&[&hasselt, &gent], Some(theme)));

    let gent_only: FacetsJson = env.json(&["facets", "--city", "gent"]);
    assert_eq!(gent_only, expected_counts(&[&gent], None));

    let both: FacetsJson = env.json(&["facets", "--city", "gent", "--city", "Hasselt"]);
    assert_eq!(both.total, facets_total(&[&hasselt, &gent]));

    let recommendations = |parsed: &ParsedJson| {
        parsed
            .paragraphs
            .iter()
            .filter(|p| p.kind == "recommendation")
            .count() as u64
    };
    let kind: FacetsJson = env.json(&["facets", "--kind", "recommendation", "--city", "Gent"]);
    assert_eq!(kind.total, recommendations(&gent));
    let year: FacetsJson = env.json(&["facets", "--year", "2011"]);
    assert_eq!(year.total, facets_total(&[&hasselt, &gent]));
    let output = env.run(&["facets", "--year", "1999"]);
    assert_eq!(output.status.code(), Some(2));

    let results = env.search(&["programmamanagement", "--city", "Gent", "--limit", "100"]);
    assert!(results.total > 0);
    assert!(results
        .hits
        .iter()
        .all(|hit| hit.city == "Gent" && hit.report == "gent-2011"));
    let in_theme = env.search(&["stad", "--theme", theme, "--limit", "1000"]);
    assert!(in_theme.total > 0 && in_theme.hits.iter().all(|hit| hit.theme == theme));

    let section = hasselt
        .paragraphs
        .iter()
        .find(|p| p.theme == theme && !p.section.is_empty())
        .map(|p| p.section[0].clone())
        .unwrap();
    let filter = format!("{theme}/{}", section.to_lowercase());
    let in_section: FacetsJson = env.json(&["facets", "--theme", &filter]);
    let expected = hasselt
        .paragraphs
        .iter()
        .chain(&gent.paragraphs)
        .filter(|p| p.theme == theme && p.section.first() == Some(&section))
        .count() as u64;
    assert_eq!(in_section.total, expected);
}

fn facets_total(parsed: &[&ParsedJson]) -> u64 {
    parsed.iter().map(|p| p.paragraphs.len() as u64).sum()
}

#[test]
fn show_gives_neighbours_and_a_citation() {
    let env = Env::with_seed();
    env.run(&["index"]);
    let shown: ShowJson = env.json(&["show", "hasselt-2011:10", "--context", "2"]);
    assert_eq!(shown.hit.id, "hasselt-2011:10");
    assert_eq!(shown.before.iter().map(|h| h.n).collect::<Vec<_>>(), [8, 9]);
    assert_eq!(
        shown.after.iter().map(|h| h.n).collect::<Vec<_>>(),
        [11, 12]
    );
    // The line an analyst pastes: full title, chapter in sentence case, section, page.
    let hit = &shown.hit;
    assert_eq!(shown.citation, hit.citation);
    assert!(
        shown
            .citation
            .starts_with("Visitatierapport Hasselt 2011, hoofdstuk "),
        "{}",
        shown.citation
    );
    assert!(
        !shown.citation.contains(hit.chapter.as_str()),
        "{}",
        shown.citation
    );
    if let Some(page) = hit.page {
        assert!(
            shown.citation.ends_with(&format!(", p. {page}")),
            "{}",
            shown.citation
        );
    }
    // Item 13's example, end to end: every hit carries the same line as `show`.
    let results: SearchJson = env.json(&["search", "managementteam", "--limit", "50"]);
    let on_page_7 = results
        .hits
        .iter()
        .find(|hit| hit.section == ["Managementteam"] && hit.page == Some(7))
        .expect("a Managementteam paragraph on page 7");
    assert_eq!(
        on_page_7.citation,
        "Visitatierapport Hasselt 2011, hoofdstuk 3 Strategische koers en bestuurlijke organisatie, § Managementteam, p. 7"
    );
    let first: ShowJson = env.json(&["show", "hasselt-2011:1", "--context", "3"]);
    assert!(first.before.is_empty());
    let output = env.run(&["show", "hasselt-2011:999999"]);
    assert_eq!(output.status.code(), Some(2));
    let reports: Vec<ReportJson> = env.json(&["reports"]);
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(
        (report.id.as_str(), report.city.as_str(), report.year),
        ("hasselt-2011", "Hasselt", Some(2011))
    );
    assert_eq!(report.sha256.len(), 64);
    assert!(report.paragraphs > 100 && report.source.ends_with("hasselt-2011.txt"));
    let _ = (&report.title, &report.date);
}

#[test]
fn human_output_has_citations_and_no_escape_codes_in_a_pipe() {
    let env = Env::with_seed();
    let output = env.run(&["search", "programmamanagement"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Hasselt 2011 · "), "{text}");
    assert!(text.contains("«programmamanagement»") || text.contains("«Programmamanagement»"));
    assert!(!text.contains('\x1b'));
}

/// The facets beside a page of hits count what the page says it found: for
/// a question, and for words that fewer than a page of paragraphs hold all
/// together, the paragraphs with any of the words (which `search` pads its
/// page with); otherwise those with every word.
#[test]
fn facets_count_the_paragraphs_search_says_it_found() {
    let env = Env::with_seed();
    env.run(&["index"]);
    for query in [
        "hoe betrekt de stad haar inwoners",
        "zwerfvuil helikoptervisie",
        "stedenfonds",
        "sociale woningen",
    ] {
        let words: Vec<&str> = query.split_whitespace().collect();
        let found = env.search(&words);
        assert!(found.total_is_exact, "{query}: exact on the seed");
        let mut args = vec!["facets"];
        args.extend_from_slice(&words);
        let facets: FacetsJson = env.json(&args);
        assert_eq!(facets.total, found.total, "{query}");
        assert_eq!(
            facets.city.values().sum::<u64>(),
            found.total,
            "{query}: the city facet adds up"
        );
    }
    // A question whose words no paragraph holds all together still has a
    // facet panel.
    let question: FacetsJson =
        env.json(&["facets", "hoe", "betrekt", "de", "stad", "haar", "inwoners"]);
    assert!(question.total > 0);
}

//! `visidex mentions` on the real binary and the seed report (temporary
//! corpus and index folders): the JSON contract decoded into structs that
//! deny unknown fields, line numbers, totals, JSON Lines, recall against the
//! source text, and agreement with the index (every paragraph a full term
//! query on `text` + `parts` finds, and no other, for a broad sample of the
//! seed's words).

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use visidex::analysis::analyzer;
use visidex::search::mentions::matching::MatchKind;
use visidex::search::mentions::MentionsRequest;
use visidex::search::Engine;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/hasselt-2011.txt");

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct MentionHit {
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
    score: Option<f32>,
    snippet: String,
    citation: String,
    occurrences: Vec<OccurrenceJson>,
}

#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct OccurrenceJson {
    start: usize,
    end: usize,
    surface: String,
    line: u32,
    #[serde(rename = "match")]
    kind: String,
    fuzzy: bool,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
struct Tally {
    occurrences: u64,
    paragraphs: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MentionsJson {
    term: String,
    total: u64,
    paragraph_count: u64,
    report_count: u64,
    paragraphs: Vec<MentionHit>,
    by_city: BTreeMap<String, Tally>,
    by_theme: BTreeMap<String, Tally>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct TotalsJson {
    term: String,
    total: u64,
    paragraph_count: u64,
    report_count: u64,
    by_city: BTreeMap<String, Tally>,
    by_theme: BTreeMap<String, Tally>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TotalsLine {
    totals: TotalsJson,
}

/// A corpus folder with the seed report and its index, built once for all tests.
fn fixture() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        std::fs::copy(SEED, dir.path().join("corpus/hasselt-2011.txt")).unwrap();
        let output = visidex(dir.path(), &["index"]);
        assert!(output.status.success(), "{output:?}");
        dir
    })
    .path()
}

fn visidex(dir: &Path, args: &[&str]) -> std::process::Output {
    let index: PathBuf = dir.join("index");
    let corpus: PathBuf = dir.join("corpus");
    Command::new(env!("CARGO_BIN_EXE_visidex"))
        .arg("--index")
        .arg(&index)
        .arg("--corpus")
        .arg(&corpus)
        .args(args)
        .env_remove("VISIDEX_INDEX")
        .env_remove("VISIDEX_CORPUS")
        // Lexical only: tests that embed say so (tests/hybrid_cli.rs).
        .env("VISIDEX_MODEL", "/nonexistent/visidex-model")
        .output()
        .unwrap()
}

fn stdout(args: &[&str]) -> String {
    let output = visidex(fixture(), args);
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn mentions_json(term: &str) -> MentionsJson {
    serde_json::from_str(&stdout(&["mentions", term, "--json"])).unwrap()
}

#[test]
fn programmamanagement_includes_the_soft_hyphen_one_on_its_line() {
    let answer = mentions_json("programmamanagement");
    assert_eq!(answer.term, "programmamanagement");
    let occurrences: Vec<(&MentionHit, &OccurrenceJson)> = answer
        .paragraphs
        .iter()
        .flat_map(|hit| hit.occurrences.iter().map(move |o| (hit, o)))
        .collect();
    // `programma¬management` on source line 1294.
    let repaired = occurrences
        .iter()
        .find(|(_, occurrence)| occurrence.line == 1294)
        .expect("the programma¬management of line 1294");
    assert_eq!(repaired.1.surface, "programmamanagement");
    assert_eq!(repaired.1.kind, "exact");
    // The misspelling on line 1369 is found, as fuzzy.
    let misspelt = occurrences
        .iter()
        .find(|(_, occurrence)| occurrence.surface == "programmamagement")
        .expect("programmamagement");
    assert!(misspelt.1.fuzzy);
    assert_eq!(misspelt.1.kind, "fuzzy");
    assert_eq!(misspelt.1.line, 1369);
    for (hit, occurrence) in &occurrences {
        assert_eq!(
            &hit.text[occurrence.start..occurrence.end],
            occurrence.surface
        );
        assert_eq!(occurrence.fuzzy, occurrence.kind == "fuzzy");
        assert!(hit.lines[0] <= occurrence.line && occurrence.line <= hit.lines[1]);
        assert!(hit.snippet.contains(&format!("«{}»", occurrence.surface)));
        assert!(
            hit.citation.starts_with("Visitatierapport Hasselt 2011"),
            "{}",
            hit.citation
        );
    }
    assert_eq!(answer.total, occurrences.len() as u64);
    assert_eq!(answer.paragraph_count, answer.paragraphs.len() as u64);
    assert_eq!(answer.report_count, 1);
    // Reading order.
    let order: Vec<u32> = answer.paragraphs.iter().map(|hit| hit.n).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert!(answer.paragraphs.iter().all(|hit| hit.city == "Hasselt"
        && hit.report == "hasselt-2011"
        && hit.id == format!("hasselt-2011:{}", hit.n)
        && !hit.kind.is_empty()
        && hit.year == Some(2011)));
    let _ = (&answer.paragraphs[0].chapter, &answer.paragraphs[0].section);
    let _ = (&answer.paragraphs[0].theme, answer.paragraphs[0].page);
    let _ = answer.paragraphs[0].score;
}

#[test]
fn count_totals_equal_the_sum_over_paragraphs() {
    for term in [
        "programmamanagement",
        "management",
        "OCMW",
        "kindvriendelijkheid",
        "cocreatie",
        "co-creatie",
        "creatie",
        "doecultuur",
    ] {
        let full = mentions_json(term);
        let counted: TotalsJson =
            serde_json::from_str(&stdout(&["mentions", term, "--count", "--json"])).unwrap();
        let occurrences: u64 = full
            .paragraphs
            .iter()
            .map(|hit| hit.occurrences.len() as u64)
            .sum();
        assert_eq!(counted.total, occurrences, "{term}");
        assert_eq!(
            counted.paragraph_count,
            full.paragraphs.len() as u64,
            "{term}"
        );
        assert_eq!(counted.by_city, full.by_city, "{term}");
        assert_eq!(counted.by_theme, full.by_theme, "{term}");
        let mut by_theme: BTreeMap<String, Tally> = BTreeMap::new();
        for hit in &full.paragraphs {
            let tally = by_theme.entry(hit.theme.clone()).or_default();
            tally.occurrences += hit.occurrences.len() as u64;
            tally.paragraphs += 1;
        }
        assert_eq!(by_theme, full.by_theme, "{term}");
    }
}

#[test]
fn jsonl_streams_paragraphs_then_a_totals_line() {
    let text = stdout(&["mentions", "duurzaamheid", "--jsonl"]);
    let lines: Vec<&str> = text.lines().collect();
    let (last, paragraphs) = lines.split_last().unwrap();
    let totals: TotalsLine = serde_json::from_str(last).unwrap();
    let mut occurrences = 0;
    for line in paragraphs {
        let hit: MentionHit = serde_json::from_str(line).unwrap();
        assert!(!hit.occurrences.is_empty());
        occurrences += hit.occurrences.len() as u64;
    }
    assert_eq!(totals.totals.total, occurrences);
    assert_eq!(totals.totals.paragraph_count, paragraphs.len() as u64);
    assert_eq!(totals.totals.term, "duurzaamheid");
}

#[test]
fn human_output_cites_and_counts() {
    let text = stdout(&["mentions", "programmamanagement"]);
    assert!(text.contains("«programmamanagement»"), "{text}");
    assert!(text.contains("lines 1282–1298"), "{text}");
    assert!(
        text.contains("mentions in 7 paragraphs of 1 report"),
        "{text}"
    );
}

#[test]
fn filters_narrow_the_answer() {
    let all = mentions_json("duurzaamheid");
    let themed: MentionsJson = serde_json::from_str(&stdout(&[
        "mentions",
        "duurzaamheid",
        "--theme",
        "duurzaamheid",
        "--json",
    ]))
    .unwrap();
    assert!(themed.paragraph_count > 0 && themed.paragraph_count < all.paragraph_count);
    assert!(themed
        .paragraphs
        .iter()
        .all(|hit| hit.theme == "duurzaamheid"));
}

#[test]
fn phrases_and_compounds() {
    let depot = mentions_json("City Depot");
    assert!(depot.total >= 1);
    for hit in &depot.paragraphs {
        for occurrence in &hit.occurrences {
            assert_eq!(occurrence.surface.to_lowercase(), "city depot");
        }
    }
    let huur = mentions_json("huur");
    let surfaces: BTreeSet<String> = huur
        .paragraphs
        .iter()
        .flat_map(|hit| hit.occurrences.iter().map(|o| o.surface.clone()))
        .collect();
    assert!(surfaces.contains("huurwoningen"), "{surfaces:?}");
    let genk = mentions_json("Genk");
    assert!(genk
        .paragraphs
        .iter()
        .flat_map(|hit| &hit.occurrences)
        .all(|o| o.surface == "Genk"));
}

#[test]
fn a_hyphenated_compound_is_one_word_and_its_parts() {
    let surfaces = |term: &str| -> Vec<(String, String)> {
        mentions_json(term)
            .paragraphs
            .iter()
            .flat_map(|hit| &hit.occurrences)
            .map(|o| (o.surface.clone(), o.kind.clone()))
            .collect()
    };
    // The seed has `cocreatie` three times and `co-creatie` once.
    let cocreatie = surfaces("cocreatie");
    let hyphenated: Vec<_> = cocreatie
        .iter()
        .filter(|(s, _)| s == "co-creatie")
        .collect();
    assert_eq!(hyphenated.len(), 1, "{cocreatie:?}");
    assert_eq!(hyphenated[0].1, "exact");
    assert!(cocreatie.iter().filter(|(s, _)| s == "cocreatie").count() >= 3);
    // The part is found once inside it, not twice.
    let creatie = surfaces("creatie");
    assert_eq!(
        creatie,
        [("creatie".to_string(), "exact".to_string())],
        "{creatie:?}"
    );
    assert_eq!(
        surfaces("doecultuur"),
        [("doe-cultuur".to_string(), "exact".to_string())]
    );
    // Typed with the hyphen, TERM finds the closed spelling too: the same
    // occurrences as the closed TERM.
    let mut typed = surfaces("co-creatie");
    let mut closed = surfaces("cocreatie");
    typed.sort();
    closed.sort();
    assert_eq!(typed, closed);
    // A typo of it is corrected to the word as the reports write it, whose
    // first paragraph (by score) may have it only hyphenated.
    let mut typo = surfaces("cocreattie");
    typo.sort();
    assert_eq!(typo, closed);
    // A misspelling of the joined word is a misspelling of it.
    let typo = surfaces("deocultuur");
    assert_eq!(typo.len(), 1, "{typo:?}");
    assert_eq!(typo[0].0, "doe-cultuur");
}

#[test]
fn a_compound_typed_apart_finds_the_closed_word() {
    let surfaces = |term: &str| -> Vec<String> {
        let mut found: Vec<String> = mentions_json(term)
            .paragraphs
            .iter()
            .flat_map(|hit| hit.occurrences.iter().map(|o| o.surface.to_lowercase()))
            .collect();
        found.sort();
        found
    };
    // Nobody writes `programma management` apart in the seed: typed so,
    // TERM finds the closed word, every occurrence of it.
    for (apart, closed) in [
        ("programma management", "programmamanagement"),
        ("kind vriendelijkheid", "kindvriendelijkheid"),
        ("co creatie", "cocreatie"),
    ] {
        let found = surfaces(apart);
        assert!(!found.is_empty(), "{apart}");
        assert_eq!(found, surfaces(closed), "{apart}");
        let counted: TotalsJson =
            serde_json::from_str(&stdout(&["mentions", apart, "--count", "--json"])).unwrap();
        assert_eq!(counted.total, found.len() as u64, "{apart}");
    }
    // A phrase whose words the reports never write together stays a phrase.
    let phrase = surfaces("sociale huurwoningen");
    assert!(!phrase.is_empty());
    assert!(
        phrase.iter().all(|surface| surface.contains(' ')),
        "{phrase:?}"
    );
}

#[test]
fn a_term_of_stop_words_only_is_a_usage_error() {
    let output = visidex(fixture(), &["mentions", "de"]);
    assert_eq!(output.status.code(), Some(2));
}

/// The source lines that are headings, per the parser.
fn heading_lines() -> &'static BTreeSet<u32> {
    static LINES: OnceLock<BTreeSet<u32>> = OnceLock::new();
    LINES.get_or_init(parse_heading_lines)
}

fn parse_heading_lines() -> BTreeSet<u32> {
    #[derive(Deserialize)]
    struct Parsed {
        headings: Vec<Heading>,
    }
    #[derive(Deserialize)]
    struct Heading {
        line: u32,
    }
    let parsed: Parsed = serde_json::from_str(&stdout(&["parse", SEED, "--json"])).unwrap();
    parsed.headings.iter().map(|heading| heading.line).collect()
}

/// Every source line (not a heading) on which `word` stands as a word, in
/// any case, `¬` removed: what a grep over the report would find.
fn grep_lines(word: &str) -> BTreeSet<u32> {
    let text = std::fs::read_to_string(SEED).unwrap();
    let word = word.to_lowercase();
    let headings = heading_lines();
    let mut lines = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        let line_text = line.replace('¬', "").to_lowercase();
        let found = line_text.match_indices(&word).any(|(at, _)| {
            let before = line_text[..at].chars().next_back();
            let after = line_text[at + word.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            boundary(before) && boundary(after)
        });
        let number = index as u32 + 1;
        if found && !headings.contains(&number) {
            lines.insert(number);
        }
    }
    lines
}

#[test]
fn recall_every_grep_occurrence_outside_headings_is_found() {
    for concept in [
        "programmamanagement",
        "kindvriendelijkheid",
        "OCMW",
        "Genk",
        "duurzaamheid",
        "City Depot",
        "stadsmonitor",
    ] {
        let expected = grep_lines(concept);
        assert!(!expected.is_empty(), "{concept}");
        let found: BTreeSet<u32> = mentions_json(concept)
            .paragraphs
            .iter()
            .flat_map(|hit| hit.occurrences.iter().map(|o| o.line))
            .collect();
        let missed: Vec<&u32> = expected.difference(&found).collect();
        assert!(missed.is_empty(), "{concept}: lines {missed:?} not found");
    }
}

#[test]
fn agrees_with_a_full_term_query_on_text_and_parts() {
    let dir = fixture();
    let engine = Engine::open(&dir.join("index")).unwrap();
    let text = std::fs::read_to_string(SEED).unwrap();
    let vocabulary: BTreeSet<String> = analyzer()
        .analyze(&text)
        .into_iter()
        .filter(|term| !term.is_stop)
        .map(|term| term.normalized)
        .collect();
    let sample: Vec<&String> = vocabulary.iter().step_by(50).collect();
    assert!(sample.len() > 20, "{}", sample.len());
    for word in sample {
        let stem = analyzer().stem_word(word);
        let expected = engine.paragraph_ids_with_stem(&stem).unwrap();
        let mut found = BTreeSet::new();
        let request = MentionsRequest {
            term: word.clone(),
            ..MentionsRequest::default()
        };
        engine
            .mentions(&request, false, &mut |mention| {
                if mention
                    .occurrences
                    .iter()
                    .any(|occurrence| occurrence.kind != MatchKind::Fuzzy)
                {
                    found.insert(mention.hit.paragraph.id.clone());
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(found, expected, "mentions {word:?} (stem {stem:?})");
    }
}

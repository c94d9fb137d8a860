//! The knowledge commands, run as the real binary on the seed report (and a
//! second city made from it), their JSON decoded into the shapes the README
//! documents (`deny_unknown_fields`, so a new or renamed field fails here).

mod support;

use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/hasselt-2011.txt");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/knowledge");

// ---- the JSON shapes -------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Recommendations {
    query: String,
    total: usize,
    recommendations: Vec<Recommendation>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Recommendation {
    id: String,
    report: String,
    city: String,
    year: Option<i32>,
    round: Option<i32>,
    theme: String,
    chapter: String,
    section: Vec<String>,
    page: Option<u32>,
    lines: [u32; 2],
    text: String,
    cites: Vec<String>,
    context: Option<Context>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Context {
    id: String,
    lines: [u32; 2],
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Figures {
    query: String,
    total: usize,
    figures: Vec<Figure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Figure {
    id: String,
    report: String,
    city: String,
    year: Option<i32>,
    theme: String,
    chapter: String,
    section: Vec<String>,
    effect: Option<String>,
    page: Option<u32>,
    lines: [u32; 2],
    text: String,
    numbers: Vec<Number>,
    cites: Vec<String>,
    source: Option<Context>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Number {
    text: String,
    value: f64,
    unit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tables {
    total: usize,
    tables: Vec<Table>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    /// The id of the table's first paragraph, what `--table` picks.
    id: String,
    report: String,
    city: String,
    year: Option<i32>,
    title: String,
    chapter: String,
    section: Vec<String>,
    page: Option<u32>,
    lines: [u32; 2],
    label_column: Option<String>,
    columns: Vec<Column>,
    rows: Vec<Row>,
    source: Option<String>,
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Column {
    name: String,
    unit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    id: String,
    line: u32,
    label: String,
    cells: Vec<Cell>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cell {
    text: String,
    value: serde_json::Number,
    unit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Comparison {
    theme: String,
    query: String,
    reports: Vec<ReportColumn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportColumn {
    report: String,
    city: String,
    year: Option<i32>,
    recommendations: Vec<Recommendation>,
    paragraphs: Vec<RankedParagraph>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RankedParagraph {
    id: String,
    kind: String,
    section: Vec<String>,
    page: Option<u32>,
    lines: [u32; 2],
    text: String,
    score: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Related {
    paragraph: RelatedParagraph,
    related: Vec<RelatedParagraph>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelatedParagraph {
    id: String,
    report: String,
    city: String,
    year: Option<i32>,
    kind: String,
    theme: String,
    chapter: String,
    section: Vec<String>,
    page: Option<u32>,
    lines: [u32; 2],
    text: String,
    score: f64,
    shared: Vec<String>,
}

// ---- running the binary ----------------------------------------------------

/// A temp dir with `corpus/` holding the seed and, with `gent`, its Gent copy.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new(gent: bool) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let seed = std::fs::read_to_string(SEED).unwrap();
        std::fs::write(corpus.join("hasselt-2011.txt"), &seed).unwrap();
        if gent {
            std::fs::write(corpus.join("gent-2011.txt"), gent_copy(&seed)).unwrap();
        }
        Env { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_visidex"))
            .current_dir(self.path())
            .env_remove("VISIDEX_INDEX")
            .env_remove("VISIDEX_CORPUS")
            // Lexical only: tests that embed say so (tests/hybrid_cli.rs).
            .env("VISIDEX_MODEL", "/nonexistent/visidex-model")
            .arg("--corpus")
            .arg(self.path().join("corpus"))
            .arg("--index")
            .arg(self.path().join("index"))
            .args(args)
            .output()
            .unwrap()
    }

    /// Run, expect success, return stdout.
    fn stdout(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "visidex {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn json<T: serde::de::DeserializeOwned>(&self, args: &[&str]) -> T {
        let mut all = args.to_vec();
        all.push("--json");
        let text = self.stdout(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
    }
}

fn gent_copy(seed: &str) -> String {
    seed.replace("Hasselt", "Gent").replace("HASSELT", "GENT")
}

fn fixture_lines(name: &str) -> BTreeSet<u32> {
    let path = PathBuf::from(FIXTURES).join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|line| line.trim().parse().ok())
        .collect()
}

fn source_line(number: u32) -> String {
    let seed = std::fs::read_to_string(SEED).unwrap();
    seed.lines()
        .nth(number as usize - 1)
        .unwrap_or_default()
        .to_string()
}

// ---- recommendations -------------------------------------------------------

#[test]
fn the_2011_recommendations_match_a_reading_of_the_report() {
    let env = Env::new(false);
    let output: Recommendations = env.json(&["recommendations", "--round", "2011"]);
    let expected = fixture_lines("hasselt-2011.recommendations.txt");
    let found: BTreeSet<u32> = output.recommendations.iter().map(|r| r.lines[0]).collect();
    let hits = found.intersection(&expected).count() as f64;
    let precision = hits / found.len().max(1) as f64;
    let recall = hits / expected.len() as f64;
    eprintln!(
        "2011 recommendations: {} found, precision {precision:.3}, recall {recall:.3}",
        found.len()
    );
    assert!(precision >= 0.9 && recall >= 0.9, "found {found:?}");
    assert_eq!(output.total, output.recommendations.len());
    for r in &output.recommendations {
        assert_eq!((r.round, r.year), (Some(2011), Some(2011)), "{}", r.id);
        assert_eq!(
            (r.report.as_str(), r.city.as_str()),
            ("hasselt-2011", "Hasselt")
        );
        assert!(
            r.chapter.starts_with(|c: char| c.is_ascii_digit()) && !r.chapter.contains("BIJLAGEN")
        );
        assert!(r.page.is_some() && !r.theme.is_empty() && !r.text.is_empty());
        // The context is body text of the same chapter, before the recommendation.
        let context = r
            .context
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no context", r.id));
        assert!(context.lines[1] < r.lines[0], "{}", r.id);
        assert!(
            !expected.contains(&context.lines[0]),
            "{}: context {} is a recommendation",
            r.id,
            context.id
        );
        assert!(!context.text.is_empty());
    }
}

#[test]
fn the_2005_recommendations_are_listed_apart() {
    let env = Env::new(false);
    let all: Recommendations = env.json(&["recommendations"]);
    let old: Recommendations = env.json(&["recommendations", "--round", "2005"]);
    let expected = fixture_lines("hasselt-2011.recommendations-2005.txt");
    let found: BTreeSet<u32> = old.recommendations.iter().map(|r| r.lines[0]).collect();
    assert_eq!(found, expected);
    for r in &old.recommendations {
        assert_eq!((r.round, r.year), (Some(2005), Some(2011)), "{}", r.id);
        assert_eq!(r.section, ["9.5 Aanbevelingen visitatiecommissie van 2005"]);
    }
    // Every recommendation belongs to exactly one round.
    let rounds: BTreeSet<Option<i32>> = all.recommendations.iter().map(|r| r.round).collect();
    assert_eq!(rounds, BTreeSet::from([Some(2005), Some(2011)]));
    let new: Recommendations = env.json(&["recommendations", "--round", "2011"]);
    assert_eq!(all.total, new.total + old.total);
    assert!(new
        .recommendations
        .iter()
        .all(|r| !found.contains(&r.lines[0])));
}

#[test]
fn recommendations_filter_by_query_theme_and_city() {
    let env = Env::new(false);
    let netheid: Recommendations = env.json(&["recommendations", "netheid"]);
    assert_eq!(netheid.query, "netheid");
    let lines: Vec<u32> = netheid.recommendations.iter().map(|r| r.lines[0]).collect();
    assert_eq!(lines, [939]);
    assert_eq!(netheid.recommendations[0].cites, ["Kortrijk", "Mechelen"]);
    // Stems: "kinderen" finds "kinderen", "kindvriendelijkheid" does not count.
    let kids: Recommendations =
        env.json(&["recommendations", "kind", "--theme", "kindvriendelijkheid"]);
    assert!(
        kids.recommendations.iter().any(|r| r.lines[0] == 1223),
        "{kids:?}"
    );
    let theme: Recommendations = env.json(&["recommendations", "--theme", "KINDVRIENDELIJKHEID"]);
    assert_eq!(theme.total, 5);
    let city: Recommendations = env.json(&["recommendations", "--city", "hasselt"]);
    assert_eq!(city.total, 24 + 11, "the 2011 and the 2005 round");
    // A city that is not in the index is a usage error, as in `search`
    // (see unknown_filter_values_are_usage_errors_listing_the_known_ones).
    assert_eq!(
        env.run(&["recommendations", "--city", "Gent"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn human_output_groups_by_theme_then_city() {
    let env = Env::new(true);
    let text = env.stdout(&["recommendations", "--round", "2011"]);
    let themes: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    // Each theme once, in order. (The parser's line-length rule also takes
    // "Voor Gent is het Stedenfonds …", line 1105 of the Gent copy, for a
    // recommendation, so a `stedenfonds` group may appear: not asserted here.)
    assert!(themes.windows(2).all(|w| w[0] < w[1]), "{themes:?}");
    for theme in [
        "beleidsovereenkomst",
        "duurzaamheid",
        "kindvriendelijkheid",
        "strategische-organisatie",
    ] {
        assert!(
            themes.contains(&format!("## {theme}").as_str()),
            "{themes:?}"
        );
    }
    let first_theme: Vec<&str> = text
        .split("## duurzaamheid")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("### "))
        .collect();
    assert_eq!(
        first_theme,
        ["### Gent (gent-2011)", "### Hasselt (hasselt-2011)"]
    );
}

// ---- figures ---------------------------------------------------------------

#[test]
fn figures_carry_their_effect_and_source() {
    let env = Env::new(false);
    let output: Figures = env.json(&["figures"]);
    assert_eq!(output.query, "");
    assert_eq!(output.total, 19);
    let per_effect = |prefix: &str| {
        output
            .figures
            .iter()
            .filter(|f| f.effect.as_deref().is_some_and(|e| e.starts_with(prefix)))
            .count()
    };
    assert_eq!(
        [
            per_effect("4.1"),
            per_effect("4.2"),
            per_effect("4.3"),
            per_effect("4.4")
        ],
        [5, 6, 2, 6]
    );
    for figure in &output.figures {
        let source = figure
            .source
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no source", figure.id));
        assert_eq!(
            source.text,
            "Rapport Stedenfonds 2008-2013 Maatschappelijke effecten en indicatoren: update 2010"
        );
        assert!(source.lines[0] > figure.lines[1]);
        assert_eq!(
            (figure.report.as_str(), figure.city.as_str(), figure.year),
            ("hasselt-2011", "Hasselt", Some(2011))
        );
        assert_eq!(figure.theme, "beleidsovereenkomst");
        assert!(
            figure.chapter.starts_with("4.") && figure.page.is_some() && !figure.section.is_empty()
        );
        assert!(!figure.text.is_empty() && figure.cites.is_empty());
    }
    let growth = output.figures.iter().find(|f| f.lines[0] == 510).unwrap();
    let numbers: Vec<(&str, f64, Option<&str>)> = growth
        .numbers
        .iter()
        .map(|n| (n.text.as_str(), n.value, n.unit.as_deref()))
        .collect();
    assert_eq!(
        numbers,
        [
            ("2009", 2009.0, None),
            ("2,6%", 2.6, Some("%")),
            ("2005", 2005.0, None),
            ("13", 13.0, None),
            ("1,9%", 1.9, Some("%"))
        ]
    );
    let housing: Figures = env.json(&["figures", "sociale huurwoningen"]);
    let lines: Vec<u32> = housing.figures.iter().map(|f| f.lines[0]).collect();
    assert_eq!(lines, [644]);
}

// ---- tables ----------------------------------------------------------------

/// `78.271` → 78271, `2,1%` → 2.1: written independently of the library.
fn printed_value(cell: &str) -> f64 {
    cell.trim_end_matches('%')
        .replace('.', "")
        .replace(',', ".")
        .parse()
        .unwrap()
}

#[test]
fn the_stedenfonds_table_parses_cell_by_cell() {
    let env = Env::new(false);
    let output: Tables = env.json(&["tables", "--report", "hasselt-2011"]);
    assert_eq!(output.total, output.tables.len());
    let table = output
        .tables
        .iter()
        .find(|t| t.title == "9.4 Aandeel Hasselt in het Stedenfonds")
        .expect("the 9.4 table");
    assert_eq!(
        (table.report.as_str(), table.city.as_str(), table.year),
        ("hasselt-2011", "Hasselt", Some(2011))
    );
    assert_eq!(table.chapter, "9. BIJLAGEN");
    assert_eq!(table.section, ["9.4 Aandeel Hasselt in het Stedenfonds"]);
    // A table's id is its first paragraph's; the first row follows it or is it.
    let (report, n) = table.id.rsplit_once(':').expect("REPORT:N");
    assert_eq!(report, table.report);
    let first_row: u32 = table.rows[0]
        .id
        .rsplit_once(':')
        .unwrap()
        .1
        .parse()
        .unwrap();
    assert!(
        n.parse::<u32>().unwrap() <= first_row,
        "{} {}",
        table.id,
        table.rows[0].id
    );
    assert!(
        table.page.is_some() && table.lines[1] == 1951,
        "{:?}",
        table.lines
    );
    let labels: Vec<&str> = table.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Aalst",
            "Antwerpen",
            "Brugge",
            "Genk",
            "Gent",
            "Hasselt",
            "Kortrijk",
            "Leuven",
            "Mechelen",
            "Oostende",
            "Roeselare",
            "Sint-Niklaas",
            "Turnhout",
            "VGC",
            "Totaal"
        ]
    );
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Inwoners 2008",
            "Gecumuleerde trekkingsrechten beleidsovereenkomst 2008-2013 (in euro)",
            "Trekkingsrecht 2008 uit Stedenfonds (in euro)",
            "Uitgaven gewone dienst (rekening 2008) in euro *",
            "% Stedenfonds 2008 / Uitgaven gewone dienst 2008",
        ]
    );
    let units: Vec<Option<&str>> = table.columns.iter().map(|c| c.unit.as_deref()).collect();
    assert_eq!(units, [None, None, None, None, Some("%")]);
    assert_eq!(table.label_column, None);
    assert!(table.notes.is_empty(), "{:?}", table.notes);
    assert_eq!(
        table.source.as_deref(),
        Some("Bron: Agentschap Binnenlands Bestuur, www.lokalestatistieken.be")
    );
    // Every cell against the printed line it came from.
    let mut cells_checked = 0;
    for row in &table.rows {
        let printed = source_line(row.line);
        let tokens: Vec<&str> = printed.split_whitespace().collect();
        assert_eq!(tokens.len(), 6, "line {}: {printed:?}", row.line);
        assert_eq!(row.label, tokens[0]);
        assert!(row.id.starts_with("hasselt-2011:"));
        assert_eq!(row.cells.len(), 5);
        for (cell, printed_cell) in row.cells.iter().zip(&tokens[1..]) {
            assert_eq!(cell.text, *printed_cell);
            let value = cell.value.as_f64().unwrap();
            assert_eq!(
                value,
                printed_value(printed_cell),
                "line {} cell {printed_cell}",
                row.line
            );
            // Whole numbers are integers in JSON; percentages are decimals with a unit.
            if printed_cell.ends_with('%') {
                assert_eq!(cell.unit.as_deref(), Some("%"));
            } else {
                assert!(cell.value.is_i64(), "{printed_cell} should be an integer");
                assert_eq!(cell.unit, None);
            }
            cells_checked += 1;
        }
    }
    assert_eq!(cells_checked, 75);
    let total = &table.rows[14].cells;
    assert_eq!(total[1].value.as_i64(), Some(691_020_030));
    assert_eq!(table.rows[0].cells[1].value.as_i64(), Some(12_947_676));
    assert_eq!(table.rows[0].cells[0].value.as_i64(), Some(78_271));
    assert_eq!(table.rows[0].cells[4].value.as_f64(), Some(2.1));
}

#[test]
fn the_member_list_stays_rows_of_text() {
    let env = Env::new(false);
    let output: Tables = env.json(&["tables"]);
    let members = output
        .tables
        .iter()
        .find(|t| t.title == "9.1 Leden visitatiecommissie Hasselt")
        .expect("the 9.1 table");
    assert!(members.columns.is_empty());
    assert!(members.rows.iter().all(|r| r.cells.is_empty()));
    assert!(members
        .rows
        .iter()
        .any(|r| r.label.starts_with("Bart Van Herck")));
}

#[test]
fn an_unknown_report_is_a_usage_error() {
    let env = Env::new(false);
    let output = env.run(&["tables", "--report", "nowhere-1999"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("visidex: error"))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("nowhere-1999"), "{stderr}");
}

/// Regression: the extract commands used to answer an unknown filter value
/// with zero records; like `search` they must refuse it and list the known ones.
#[test]
fn unknown_filter_values_are_usage_errors_listing_the_known_ones() {
    let env = Env::new(false);
    for args in [
        &["recommendations", "--city", "Atlantis"][..],
        &["figures", "--theme", "ruimtevaart"][..],
        &["compare", "--theme", "ruimtevaart"][..],
        &["tables", "--city", "Atlantis"][..],
    ] {
        let output = env.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let known = if args.contains(&"Atlantis") {
            "Hasselt"
        } else {
            "kindvriendelijkheid"
        };
        assert!(stderr.contains(known), "{args:?}: {stderr}");
    }
    let output = env.run(&["recommendations", "--city", "hasselt", "--theme", "besluit"]);
    assert_eq!(output.status.code(), Some(0));
}

// ---- CSV -------------------------------------------------------------------

/// A minimal RFC 4180 reader, to check the writer from the outside.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    support::csv_records(text, ',')
}

#[test]
fn csv_quotes_fields_and_takes_a_bom() {
    let env = Env::new(false);
    let plain = env.stdout(&["recommendations", "--csv", "--round", "2011"]);
    assert!(plain.starts_with("id,report,city,year,round,theme,section,"));
    assert!(plain.contains("\r\n"));
    let records = read_csv(&plain);
    assert_eq!(records.len(), 25, "header + 24");
    assert!(records.iter().all(|r| r.len() == records[0].len()));
    let json: Recommendations = env.json(&["recommendations", "--round", "2011"]);
    let text_column = records[0].iter().position(|h| h == "text").unwrap();
    for (record, recommendation) in records[1..].iter().zip(&json.recommendations) {
        assert_eq!(record[0], recommendation.id);
        assert_eq!(record[text_column], recommendation.text);
    }
    // Texts with commas and quotes survive the round trip.
    assert!(json.recommendations.iter().any(|r| r.text.contains(',')));
    let quoted = env.stdout(&["recommendations", "--csv", "publiek debat"]);
    assert!(quoted.contains("\"De visitatiecommissie adviseert om bewust ruimte te creëren voor publiek debat in de gemeenteraad, alsook"));

    let with_bom = env.stdout(&["recommendations", "--csv", "--bom", "--round", "2011"]);
    assert_eq!(with_bom.strip_prefix('\u{feff}'), Some(plain.as_str()));

    let tables = read_csv(&env.stdout(&["tables", "--csv"]));
    assert_eq!(
        tables[0],
        [
            "report", "city", "year", "table", "row_id", "line", "label", "column", "text",
            "value", "unit"
        ]
    );
    let aalst_share: Vec<&Vec<String>> = tables
        .iter()
        .filter(|r| r[6] == "Aalst" && r[10] == "%")
        .collect();
    assert_eq!(aalst_share.len(), 1);
    assert_eq!(
        (aalst_share[0][8].as_str(), aalst_share[0][9].as_str()),
        ("2,1%", "2.1")
    );
    assert_eq!(
        aalst_share[0][7],
        "% Stedenfonds 2008 / Uitgaven gewone dienst 2008"
    );

    let conflict = env.run(&["tables", "--csv", "--json"]);
    assert_eq!(conflict.status.code(), Some(2));
    let bom_alone = env.run(&["tables", "--bom"]);
    assert_eq!(bom_alone.status.code(), Some(2));
}

// ---- two cities: compare, cites, related -----------------------------------

#[test]
fn compare_puts_the_cities_side_by_side() {
    let env = Env::new(true);
    let comparison: Comparison = env.json(&["compare", "--theme", "kindvriendelijkheid"]);
    assert_eq!(
        (comparison.theme.as_str(), comparison.query.as_str()),
        ("kindvriendelijkheid", "")
    );
    let columns: Vec<(&str, &str, Option<i32>)> = comparison
        .reports
        .iter()
        .map(|c| (c.report.as_str(), c.city.as_str(), c.year))
        .collect();
    assert_eq!(
        columns,
        [
            ("gent-2011", "Gent", Some(2011)),
            ("hasselt-2011", "Hasselt", Some(2011))
        ]
    );
    let (gent, hasselt) = (&comparison.reports[0], &comparison.reports[1]);
    assert_eq!(hasselt.recommendations.len(), 5);
    assert_eq!(gent.recommendations.len(), 5);
    for (g, h) in gent.recommendations.iter().zip(&hasselt.recommendations) {
        assert_eq!(g.text, gent_copy(&h.text));
        assert_eq!(g.lines, h.lines);
        assert_eq!((g.city.as_str(), h.city.as_str()), ("Gent", "Hasselt"));
        assert_eq!(g.theme, "kindvriendelijkheid");
    }
    assert!(gent.paragraphs.is_empty() && hasselt.paragraphs.is_empty());

    let ranked: Comparison = env.json(&[
        "compare",
        "--theme",
        "kindvriendelijkheid",
        "speelruimte",
        "--paragraphs",
        "2",
    ]);
    for column in &ranked.reports {
        assert!(!column.paragraphs.is_empty() && column.paragraphs.len() <= 2);
        assert!(column
            .paragraphs
            .windows(2)
            .all(|w| w[0].score >= w[1].score));
        for p in &column.paragraphs {
            assert!(p.id.starts_with(&column.report));
            assert!(
                p.text.to_lowercase().contains("speelruimte") || p.text.contains("speel¬ruimte")
            );
            assert!(
                p.kind != "recommendation"
                    && p.page.is_some()
                    && p.lines[0] > 0
                    && !p.section.is_empty()
            );
        }
    }
    // The two columns rank the same text the same way.
    let lines = |c: &ReportColumn| c.paragraphs.iter().map(|p| p.lines).collect::<Vec<_>>();
    assert_eq!(lines(&ranked.reports[0]), lines(&ranked.reports[1]));

    let usage = env.run(&[
        "compare",
        "--theme",
        "kindvriendelijkheid",
        "--paragraphs",
        "2",
    ]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn cited_cities_exclude_the_own_city_and_institutions() {
    let env = Env::new(true);
    let all: Recommendations = env.json(&["recommendations", "--round", "2011"]);
    let cites = |report: &str, line: u32| -> Vec<String> {
        all.recommendations
            .iter()
            .find(|r| r.report == report && r.lines[0] == line)
            .map(|r| r.cites.clone())
            .unwrap_or_default()
    };
    for report in ["hasselt-2011", "gent-2011"] {
        assert_eq!(cites(report, 461), ["Genk"]);
        assert_eq!(cites(report, 721), ["Antwerpen", "Oostende"]);
        assert_eq!(cites(report, 939), ["Kortrijk", "Mechelen"]);
        // "adviseert de stad Hasselt" (Gent in the copy): the own city.
        assert!(cites(report, 1384).is_empty());
    }
    let citing: Vec<&Recommendation> = all
        .recommendations
        .iter()
        .filter(|r| !r.cites.is_empty())
        .collect();
    assert_eq!(citing.len(), 6, "3 per report");
}

#[test]
fn related_finds_the_same_advice_in_the_other_city() {
    let env = Env::new(true);
    let recommendations: Recommendations = env.json(&["recommendations", "inventaris"]);
    let hasselt = recommendations
        .recommendations
        .iter()
        .find(|r| r.report == "hasselt-2011")
        .unwrap();
    let related: Related = env.json(&["related", &hasselt.id, "--limit", "3"]);
    assert_eq!(related.paragraph.id, hasselt.id);
    assert_eq!(related.related.len(), 3);
    assert!(related
        .related
        .iter()
        .all(|r| r.report == "gent-2011" && r.city == "Gent"));
    let best = &related.related[0];
    assert_eq!(best.lines, hasselt.lines);
    assert_eq!(best.text, gent_copy(&hasselt.text));
    assert!(best.score > 0.99 && best.kind == "recommendation" && !best.shared.is_empty());
    assert_eq!(
        (best.year, best.theme.as_str()),
        (Some(2011), hasselt.theme.as_str())
    );
    assert_eq!(
        (&best.chapter, &best.section, best.page),
        (&gent_copy(&hasselt.chapter), &hasselt.section, hasselt.page)
    );
    assert!(related.related.windows(2).all(|w| w[0].score >= w[1].score));

    let missing = env.run(&["related", "hasselt-2011:99999"]);
    assert_eq!(missing.status.code(), Some(2));
}

// ---- the cites facet and filter (index) ------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Facets {
    total: u64,
    city: std::collections::BTreeMap<String, u64>,
    theme: std::collections::BTreeMap<String, u64>,
    kind: std::collections::BTreeMap<String, u64>,
    year: std::collections::BTreeMap<String, u64>,
    cites: std::collections::BTreeMap<String, u64>,
    #[serde(default)]
    section: Option<std::collections::BTreeMap<String, u64>>,
}

/// Only the fields of `search --json` this test reads (the shape is `search`'s).
#[derive(Debug, Deserialize)]
struct SearchHits {
    total: u64,
    hits: Vec<SearchHit>,
}

#[derive(Debug, Deserialize)]
struct SearchHit {
    id: String,
    city: String,
    text: String,
}

fn counts(pairs: &[(&str, u64)]) -> std::collections::BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// Paragraphs naming each city, read off the seed (`grep -w` and a look at
/// each hit): Hasselt cites Genk in 7 paragraphs (lines 445, 461, 821, 947,
/// 1622, 1783 and the 9.4 row), Gent in 4 (821 "Antwerpen, Gent of Genk",
/// 1556 "de stad Gent", the member row "stad Gent", the 9.4 row) — not
/// "Hogeschool Gent" (16), "Universiteit Gent" (53) or "UGent"; the VGC in 3
/// (lines 4 and 8 and the 9.4 row); every other centre city in the 9.4 row plus
/// the paragraphs that name it. The Gent copy cites the same, except Gent (its
/// own city) and Hasselt (replaced everywhere).
#[test]
fn the_cites_facet_counts_paragraphs_naming_other_cities() {
    let env = Env::new(true);
    let per_report = counts(&[
        ("Aalst", 1),
        ("Antwerpen", 4),
        ("Brugge", 1),
        ("Genk", 7),
        ("Kortrijk", 3),
        ("Leuven", 1),
        ("Mechelen", 4),
        ("Oostende", 2),
        ("Roeselare", 1),
        ("Sint-Niklaas", 2),
        ("Turnhout", 3),
        ("VGC", 3),
    ]);
    // Build the index through a knowledge command, then ask `facets`.
    env.stdout(&["figures"]);
    let gent: Facets = env.json(&["facets", "--city", "Gent"]);
    assert_eq!(gent.cites, per_report);
    let mut hasselt_expected = per_report.clone();
    hasselt_expected.insert("Gent".into(), 4);
    let hasselt: Facets = env.json(&["facets", "--city", "Hasselt"]);
    assert_eq!(hasselt.cites, hasselt_expected);
    let all: Facets = env.json(&["facets"]);
    assert_eq!(all.total, gent.total + hasselt.total);
    assert_eq!(all.cites["Genk"], 14);
    assert_eq!(all.cites.get("Hasselt"), None);
    assert!(all.section.is_none() && !all.theme.is_empty() && !all.kind.is_empty());
    assert_eq!(all.year, counts(&[("2011", all.total)]));

    let citing_gent: Facets = env.json(&["facets", "--cites", "gent"]);
    assert_eq!(citing_gent.total, 4);
    assert_eq!(citing_gent.city, counts(&[("Hasselt", 4)]));
    let citing_hasselt: Facets = env.json(&["facets", "--cites", "Hasselt"]);
    assert_eq!(citing_hasselt.total, 0);
    let either: Facets = env.json(&["facets", "--cites", "Gent", "--cites", "Leuven"]);
    assert_eq!(
        either.total,
        4 + 2,
        "Gent's 4 and the Leuven row of each 9.4 table"
    );
    let brussels: Facets = env.json(&["facets", "--cites", "Brussel"]);
    assert_eq!(brussels.total, 6);
    let unknown = env.run(&["facets", "--cites", "Atlantis"]);
    assert_eq!(unknown.status.code(), Some(2));

    let search: SearchHits =
        env.json(&["search", "samenwerking", "--cites", "Genk", "--limit", "50"]);
    assert!(search.total > 0 && search.total as usize == search.hits.len());
    for hit in &search.hits {
        assert!(hit.text.contains("Genk"), "{}", hit.id);
        assert!(["Gent", "Hasselt"].contains(&hit.city.as_str()));
    }
}

//! The rough edges a first-time user hit (issue 10), each on the real binary
//! over the shipped corpus: caps, CSV everywhere, the citation line, and the
//! other numbered items. Regression tests: each names the item it guards.

mod support;

use std::sync::OnceLock;
use support::{csv_records, Run, Workspace};

/// One indexed copy of the shipped corpus shared by the read-only tests.
fn seeded() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let workspace = Workspace::with_seed();
        workspace.run(&["index"]).assert_code(0);
        workspace
    })
}

fn run(args: &[&str]) -> Run {
    seeded().run(args)
}

// Item 14: caps the web page shares.
#[test]
fn limit_and_query_length_are_capped_with_exit_2() {
    let over = run(&["search", "armoede", "--limit", "1001"]);
    over.assert_code(2);
    assert!(over.stderr.contains("at most 1000"), "{}", over.stderr);
    assert_eq!(over.stderr.lines().count(), 1, "{}", over.stderr);
    run(&["search", "armoede", "--limit", "1000", "--json"]).assert_code(0);
    let long = "armoede ".repeat(126); // 1,008 characters
    for args in [
        &["search", long.as_str()][..],
        &["mentions", long.as_str()],
        &["facets", long.as_str()],
        &["recommendations", long.as_str()],
    ] {
        let refused = run(args);
        refused.assert_code(2);
        assert!(
            refused.stderr.contains("at most 1000"),
            "{}",
            refused.stderr
        );
        assert!(refused.stderr.len() < 200, "{}", refused.stderr);
    }
    run(&["related", "hasselt-2011:12", "--limit", "5000"]).assert_code(2);
}

// Item 6: CSV on search, mentions and facets, with the JSON record's fields as columns.
#[test]
fn search_csv_columns_are_the_hit_fields_in_json_order() {
    let json = run(&["search", "armoede", "--json", "--limit", "5"]).json();
    let csv = run(&["search", "armoede", "--csv", "--limit", "5"]);
    csv.assert_code(0);
    let records = csv_records(&csv.stdout, ',');
    let hits = json["hits"].as_array().unwrap();
    let first = hits[0].as_object().unwrap();
    let columns: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(records[0], columns, "header = HIT fields in JSON order");
    assert_eq!(records.len(), hits.len() + 1);
    for (record, hit) in records[1..].iter().zip(hits) {
        assert_eq!(record[1], hit["id"].as_str().unwrap());
        let text_column = columns.iter().position(|c| *c == "text").unwrap();
        assert_eq!(record[text_column], hit["text"].as_str().unwrap());
        let section_column = columns.iter().position(|c| *c == "section").unwrap();
        let section: Vec<&str> = hit["section"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(
            record[section_column],
            section.join("; "),
            "lists joined with `; `"
        );
    }
}

#[test]
fn semicolon_csv_writes_decimal_commas_and_a_bom_on_request() {
    let json = run(&["search", "armoede", "--json", "--limit", "3"]).json();
    let csv = run(&[
        "search", "armoede", "--csv", "--sep", ";", "--bom", "--limit", "3",
    ]);
    csv.assert_code(0);
    assert!(csv.stdout.starts_with('\u{feff}'));
    let records = csv_records(&csv.stdout, ';');
    let score_column = records[0].iter().position(|c| c == "score").unwrap();
    let score: f64 = json["hits"][0]["score"].as_f64().unwrap();
    let written = &records[1][score_column];
    assert!(written.contains(','), "decimal comma: {written}");
    let read: f64 = written.replace(',', ".").parse().unwrap();
    assert!((read - score).abs() < 1e-4, "{read} vs {score}");
    // Only one character is a separator.
    run(&["search", "armoede", "--csv", "--sep", ";;"]).assert_code(2);
    run(&["search", "armoede", "--sep", ";"]).assert_code(2);
}

#[test]
fn mentions_csv_has_one_row_per_occurrence() {
    let json = run(&["mentions", "OCMW", "--json"]).json();
    let csv = run(&["mentions", "OCMW", "--csv"]);
    csv.assert_code(0);
    let records = csv_records(&csv.stdout, ',');
    assert_eq!(records.len() as u64 - 1, json["total"].as_u64().unwrap());
    let header = &records[0];
    for column in [
        "id",
        "text",
        "citation",
        "occurrence_start",
        "occurrence_surface",
        "occurrence_match",
    ] {
        assert!(header.iter().any(|c| c == column), "{column} in {header:?}");
    }
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    let (text, start, end, surface) = (
        column("text"),
        column("occurrence_start"),
        column("occurrence_end"),
        column("occurrence_surface"),
    );
    for record in &records[1..] {
        let (start, end): (usize, usize) =
            (record[start].parse().unwrap(), record[end].parse().unwrap());
        assert_eq!(record[text][start..end], record[surface], "{record:?}");
    }
}

#[test]
fn facets_csv_lists_every_count() {
    let json = run(&["facets", "armoede", "--json"]).json();
    let csv = run(&["facets", "armoede", "--csv"]);
    csv.assert_code(0);
    let records = csv_records(&csv.stdout, ',');
    assert_eq!(records[0], ["facet", "value", "paragraphs"]);
    assert_eq!(records[1], ["total", "", &json["total"].to_string()]);
    for (theme, count) in json["theme"].as_object().unwrap() {
        assert!(
            records.contains(&vec!["theme".to_string(), theme.clone(), count.to_string()]),
            "{theme}"
        );
    }
    // A command without CSV says so.
    let shown = run(&["show", "hasselt-2011:12", "--csv"]);
    shown.assert_code(2);
    assert!(shown.stderr.contains("no --csv output"), "{}", shown.stderr);
}

// Item 13: one citation line.
#[test]
fn show_prints_the_citation_line_the_json_carries() {
    let json = run(&["show", "hasselt-2011:40", "--json"]).json();
    let citation = json["citation"].as_str().unwrap();
    assert_eq!(json["hit"]["citation"].as_str().unwrap(), citation);
    let human = run(&["show", "hasselt-2011:40"]);
    human.assert_code(0);
    assert_eq!(human.stdout.lines().next().unwrap(), citation);
    assert!(
        citation.starts_with("Visitatierapport Hasselt 2011, hoofdstuk "),
        "{citation}"
    );
}

// Item 3: say that more results exist and how to get them.
#[test]
fn human_search_says_where_the_next_page_starts() {
    let total = run(&["search", "stad", "--json"]).json()["total"]
        .as_u64()
        .unwrap();
    assert!(total > 3, "{total}");
    let page = run(&["search", "stad", "--limit", "3"]);
    page.assert_code(0);
    assert!(
        page.stdout.contains(&format!(
            "Showing 1–3 of {total}; for the next page add `--offset 3`."
        )),
        "{}",
        page.stdout
    );
    let last = run(&["search", "stad", "--offset", &(total - 1).to_string()]);
    assert!(!last.stdout.contains("next page"), "{}", last.stdout);
}

// Item 11 and item 13's error style: clap's errors read like visidex's own.
#[test]
fn a_query_starting_with_minus_gets_the_right_advice_in_one_line() {
    let run = seeded().run(&["search", "-armoede"]);
    run.assert_code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("visidex: error: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(" search -- -armoede\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("'-- -a'"), "{}", run.stderr);
    for args in [
        &["search"][..],
        &["search", "x", "--frob"],
        &["search", "x", "--limit", "many"],
    ] {
        let run = seeded().run(args);
        run.assert_code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("visidex: error: "), "{}", run.stderr);
    }
    let help = seeded().run(&["search", "--help"]);
    help.assert_code(0);
    assert!(help.stdout.contains("--offset"));
}

// Item 13: counts agree with their noun; one style of line range.
#[test]
fn counts_of_one_are_singular_and_line_ranges_use_one_dash() {
    let json = run(&["recommendations", "--json"]).json();
    let recommendations = json["recommendations"].as_array().unwrap();
    // A query that selects exactly one recommendation: its own id's words.
    let one = recommendations
        .iter()
        .find_map(|r| {
            let words: Vec<&str> = r["text"].as_str()?.split_whitespace().take(6).collect();
            let query = words.join(" ");
            let found = seeded().run(&["recommendations", &query, "--json"]).json();
            (found["total"] == 1).then_some(query)
        })
        .expect("a recommendation its first words select alone");
    let human = run(&["recommendations", &one]);
    human.assert_code(0);
    assert!(
        human.stdout.starts_with("1 recommendation\n"),
        "{}",
        human.stdout
    );
    let shown = run(&["show", "hasselt-2011:40"]);
    for text in [&human.stdout, &shown.stdout] {
        assert!(!regex_like_dash_range(text), "{text}");
    }
}

/// Whether `text` has `lines N-M` with a hyphen (not the en dash).
fn regex_like_dash_range(text: &str) -> bool {
    text.split("lines ").skip(1).any(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        !digits.is_empty() && rest[digits.len()..].starts_with('-')
    })
}

// Item 1 (in part): every command that takes a QUERY takes its words unquoted.
#[test]
fn extract_queries_take_unquoted_words() {
    let quoted = run(&["recommendations", "participatie burgers", "--json"]);
    quoted.assert_code(0);
    let unquoted = run(&["recommendations", "participatie", "burgers", "--json"]);
    unquoted.assert_code(0);
    assert_eq!(quoted.json()["total"], unquoted.json()["total"]);
    run(&["figures", "inwoners", "aantal", "--json"]).assert_code(0);
}

// Item 2: from a folder without a corpus, nothing is created and the message says where it looked.
#[test]
fn without_a_corpus_nothing_is_created_and_the_way_out_is_named() {
    let empty = tempfile::tempdir().unwrap();
    for args in [&["search", "armoede"][..], &["index"], &["facets"]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_visidex"))
            .args(args)
            .current_dir(empty.path())
            .env_remove("VISIDEX_INDEX")
            .env_remove("VISIDEX_CORPUS")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("--corpus") && stderr.contains("VISIDEX_CORPUS"),
            "{stderr}"
        );
        let looked = empty.path().join("corpus");
        assert!(stderr.contains(&looked.display().to_string()), "{stderr}");
        let left: Vec<_> = std::fs::read_dir(empty.path()).unwrap().collect();
        assert!(left.is_empty(), "{args:?} created {left:?}");
    }
}

// Item 5: --color auto|always|never and CLICOLOR_FORCE, so `less -R` gets colour.
#[test]
fn color_can_be_forced_or_refused() {
    let always = run(&["search", "armoede", "--color", "always"]);
    always.assert_code(0);
    assert!(always.stdout.contains("\u{1b}["), "{}", always.stdout);
    let piped = run(&["search", "armoede"]);
    assert!(!piped.stdout.contains('\u{1b}'), "{}", piped.stdout);
    let forced = Run::from(
        seeded()
            .command(&["search", "armoede"])
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap(),
    );
    assert!(forced.stdout.contains("\u{1b}["), "{}", forced.stdout);
    let never = Run::from(
        seeded()
            .command(&["search", "armoede", "--color", "never"])
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap(),
    );
    assert!(!never.stdout.contains('\u{1b}'), "{}", never.stdout);
    run(&["search", "armoede", "--color", "sometimes"]).assert_code(2);
}

// Item 8 (in part): an unknown --round is exit 2 listing the rounds, as --year is.
#[test]
fn an_unknown_round_is_a_usage_error() {
    let unknown = run(&["recommendations", "--round", "2030"]);
    unknown.assert_code(2);
    assert!(
        unknown.stderr.contains("known rounds: 2005, 2011"),
        "{}",
        unknown.stderr
    );
    let known = run(&["recommendations", "--round", "2005", "--json"]);
    known.assert_code(0);
    assert!(known.json()["total"].as_u64().unwrap() > 0);
}

/// The ids of a JSON list of records (`recommendations`, `figures`, hits).
fn ids(records: &serde_json::Value) -> std::collections::BTreeSet<String> {
    records
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["id"].as_str().unwrap().to_string())
        .collect()
}

// Item 1: every command that takes a QUERY reads it as `search` does: OR,
// `-`, phrases, prefixes, and the typo fallback.
#[test]
fn extract_queries_speak_the_search_query_language() {
    let recommendations = |query: &str| {
        let found = run(&["recommendations", query, "--json"]);
        found.assert_code(0);
        ids(&found.json()["recommendations"])
    };
    let either = recommendations("wonen OR huisvesting");
    let union: std::collections::BTreeSet<String> = recommendations("wonen")
        .union(&recommendations("huisvesting"))
        .cloned()
        .collect();
    assert!(!either.is_empty());
    assert_eq!(either, union);
    let without = recommendations("kindvriendelijkheid -visie");
    let with = recommendations("kindvriendelijkheid");
    assert!(without.len() < with.len(), "{without:?} {with:?}");
    assert!(without.is_subset(&with));
    let phrase = run(&["recommendations", "\"gemeenschappelijke visie\"", "--json"]).json();
    let phrase = phrase["recommendations"].as_array().unwrap();
    assert!(!phrase.is_empty());
    for record in phrase {
        let text = record["text"].as_str().unwrap().to_lowercase();
        assert!(text.contains("gemeenschappelijke visie"), "{text}");
    }
    // The typo fallback: what `search --kind recommendation` finds, the
    // extract finds, also the recommendation spelt `programmamagement`.
    let searched = run(&[
        "search",
        "programmamanagement",
        "--kind",
        "recommendation",
        "--json",
    ])
    .json();
    let all_words = searched["all_words"].as_u64().unwrap() as usize;
    let searched: std::collections::BTreeSet<String> = searched["hits"].as_array().unwrap()
        [..all_words]
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect();
    let extracted = run(&["recommendations", "programmamanagement", "--json"]).json();
    assert!(searched.is_subset(&ids(&extracted["recommendations"])));
    assert!(
        extracted["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"].as_str().unwrap().contains("programmamagement")),
        "{extracted}"
    );
    // figures and compare too; a query mistake is the same error as search's.
    let figures = |query: &str| run(&["figures", query, "--json"]).json()["total"].as_u64();
    assert!(figures("inwoners OR woning*") > figures("inwoners"));
    let compared = run(&[
        "compare",
        "--theme",
        "kindvriendelijkheid",
        "--paragraphs",
        "3",
        "speelruimte OR speelpleinen",
        "--json",
    ]);
    compared.assert_code(0);
    assert!(!compared.json()["reports"][0]["paragraphs"]
        .as_array()
        .unwrap()
        .is_empty());
    for command in ["recommendations", "figures"] {
        let broken = run(&[command, "\"visie"]);
        broken.assert_code(2);
        assert!(broken.stderr.contains("position"), "{}", broken.stderr);
    }
}

/// The shipped report and copies of it for Sint-Niklaas and the VGC (its
/// city names replaced), indexed.
fn three_cities() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let workspace = Workspace::with_seed();
        let seed = support::seed_text();
        for (file, upper, name) in [
            ("sint-niklaas-2011.txt", "SINT-NIKLAAS", "Sint-Niklaas"),
            ("vgc-2011.txt", "VGC", "VGC"),
        ] {
            let text = seed.replace("HASSELT", upper).replace("Hasselt", name);
            workspace.write(file, text);
        }
        workspace.run(&["index"]).assert_code(0);
        workspace
    })
}

// Item 8: city names resolve one way everywhere (Brussel is the VGC; case,
// spaces and hyphens do not matter); every unknown filter value is exit 2;
// an unknown value is one line with the closest known values below it.
#[test]
fn filters_resolve_city_names_alike_and_refuse_unknown_values() {
    let workspace = three_cities();
    let total = |args: &[&str]| {
        let mut all = vec!["facets", "--json"];
        all.extend_from_slice(args);
        let counted = workspace.run(&all);
        counted.assert_code(0);
        counted.json()["total"].as_u64().unwrap()
    };
    let vgc = total(&["--city", "VGC"]);
    assert!(vgc > 0);
    assert_eq!(total(&["--city", "Brussel"]), vgc);
    assert_eq!(total(&["--city", "brussel"]), vgc);
    let sint_niklaas = total(&["--city", "Sint-Niklaas"]);
    assert!(sint_niklaas > 0);
    assert_eq!(total(&["--city", "sint niklaas"]), sint_niklaas);
    assert_eq!(total(&["--city", "SINT NIKLAAS"]), sint_niklaas);
    assert_eq!(total(&["--cites", "Brussel"]), total(&["--cites", "VGC"]));
    let recommendations = |city: &str| {
        let found = workspace.run(&["recommendations", "--city", city, "--json"]);
        found.assert_code(0);
        found.json()["total"].as_u64().unwrap()
    };
    assert!(recommendations("Brussel") > 0);
    assert_eq!(recommendations("Brussel"), recommendations("VGC"));
    assert_eq!(
        recommendations("sint niklaas"),
        recommendations("Sint-Niklaas")
    );
    for args in [
        &["search", "armoede", "--city", "Atlantis"][..],
        &["search", "armoede", "--year", "2030"],
        &["search", "armoede", "--kind", "poem"],
        &["search", "armoede", "--theme", "atlantis"],
        &["search", "armoede", "--cites", "Atlantis"],
        &["recommendations", "--round", "2030"],
        &["recommendations", "--city", "Atlantis"],
        &["figures", "--year", "2030"],
        &["tables", "--city", "Atlantis"],
        &["compare", "--theme", "atlantis"],
    ] {
        workspace
            .run(args)
            .assert_code(2)
            .assert_stderr_has("unknown", &format!("{args:?}"));
    }
    // theme/section: many known values → one short line, the closest below.
    let refused = workspace.run(&["search", "armoede", "--theme", "kindvriendelijkheid/visi0n"]);
    refused.assert_code(2);
    let lines: Vec<&str> = refused.stderr.lines().collect();
    assert!(
        lines[0].starts_with("visidex: error: unknown theme"),
        "{}",
        refused.stderr
    );
    assert!(
        lines.iter().all(|line| line.len() < 200),
        "{}",
        refused.stderr
    );
    assert!(lines.len() <= 8, "{}", refused.stderr);
    assert!(
        lines[1]
            .trim()
            .eq_ignore_ascii_case("kindvriendelijkheid/visie"),
        "{}",
        refused.stderr
    );
    assert!(lines.last().unwrap().contains("more"), "{}", refused.stderr);
}

// Item 9: a file with no report structure and no city in its name gets no
// city (null, no facet value) and a warning — never a city made from its name.
#[test]
fn a_stray_note_gets_no_city_and_a_warning() {
    let workspace = Workspace::with_seed();
    workspace.write(
        "notitie.txt",
        "Een losse notitie over de vergadering van dinsdag.\n",
    );
    let indexed = workspace.run(&["index"]);
    indexed.assert_code(0);
    assert!(
        indexed.stderr.contains("warning") && indexed.stderr.contains("notitie.txt"),
        "{}",
        indexed.stderr
    );
    let reports = workspace.run(&["reports", "--json"]).json();
    let note = reports
        .as_array()
        .unwrap()
        .iter()
        .find(|report| report["id"] == "notitie")
        .expect("the note is indexed");
    assert!(note["city"].is_null(), "{note}");
    let facets = workspace.run(&["facets", "--json"]).json();
    let cities: Vec<&String> = facets["city"].as_object().unwrap().keys().collect();
    assert_eq!(cities, ["Hasselt"]);
    let hit = workspace.run(&["search", "notitie", "--json"]).json();
    assert!(hit["hits"][0]["city"].is_null(), "{hit}");
    let parsed = workspace.run(&["parse", "corpus/notitie.txt", "--json"]);
    assert!(parsed.json()["report"]["city"].is_null());
    assert!(parsed.stderr.contains("warning"), "{}", parsed.stderr);
}

// Item 10: one exit-code rule. A reading command exits 0 when it answered;
// a report the index could not read is a warning on every run while the
// file is there; `index`, whose own work it is, exits 1.
#[test]
fn an_unreadable_report_is_a_warning_on_every_reading_run() {
    let workspace = Workspace::with_seed();
    workspace.write("kapot.txt", b"\x00\x01binary");
    // The first search builds the index past the bad file: exit 0, a warning.
    for _ in 0..2 {
        let searched = workspace.run(&["search", "armoede"]);
        searched.assert_code(0);
        assert!(!searched.stdout.is_empty());
        let warnings: Vec<&str> = searched
            .stderr
            .lines()
            .filter(|line| line.starts_with("visidex: warning:") && line.contains("kapot.txt"))
            .collect();
        assert_eq!(warnings.len(), 1, "{}", searched.stderr);
        assert!(!searched.stderr.contains("error"), "{}", searched.stderr);
    }
    for args in [
        &["facets"][..],
        &["mentions", "armoede", "--count"],
        &["show", "hasselt-2011:12"],
        &["reports"],
        &["recommendations", "visie"],
    ] {
        workspace
            .run(args)
            .assert_code(0)
            .assert_stderr_has("kapot.txt", &format!("{args:?}"));
    }
    let indexed = workspace.run(&["index"]);
    indexed.assert_code(1);
    std::fs::remove_file(workspace.corpus().join("kapot.txt")).unwrap();
    let clean = workspace.run(&["search", "armoede"]);
    clean.assert_code(0);
    assert!(!clean.stderr.contains("kapot.txt"), "{}", clean.stderr);
}

// Item 12: `mentions --by` report, year, and a city × theme table, in JSON,
// CSV and a human table, adding up to the totals.
#[test]
fn mention_counts_split_by_report_year_and_city_by_theme() {
    let workspace = three_cities();
    let counted = workspace.run(&["mentions", "OCMW", "--count", "--json"]);
    counted.assert_code(0);
    let counted = counted.json();
    let total = counted["total"].as_u64().unwrap();
    assert!(total > 0);
    let by = |fields: &str| {
        let split = workspace.run(&["mentions", "OCMW", "--by", fields, "--json"]);
        split.assert_code(0);
        split.json()
    };
    let sum = |rows: &serde_json::Value| -> u64 {
        let rows = rows.as_array().unwrap();
        rows.iter()
            .map(|row| row["occurrences"].as_u64().unwrap())
            .sum()
    };
    let table = by("city,theme");
    assert_eq!(table["by"], serde_json::json!(["city", "theme"]));
    let rows = table["rows"].as_array().unwrap();
    for row in rows {
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["city", "theme", "occurrences", "paragraphs"]);
    }
    assert_eq!(sum(&table["rows"]), total);
    // Each city's row sum is its `by_city` total, each theme's its `by_theme`.
    for (field, totals) in [
        ("city", &counted["by_city"]),
        ("theme", &counted["by_theme"]),
    ] {
        for (name, tally) in totals.as_object().unwrap() {
            let of_name: u64 = rows
                .iter()
                .filter(|row| row[field] == name.as_str())
                .map(|row| row["occurrences"].as_u64().unwrap())
                .sum();
            assert_eq!(
                of_name,
                tally["occurrences"].as_u64().unwrap(),
                "{field} {name}"
            );
        }
    }
    let reports = by("report");
    assert_eq!(
        reports["rows"].as_array().unwrap().len() as u64,
        counted["report_count"].as_u64().unwrap()
    );
    assert_eq!(reports["rows"].as_array().unwrap().len(), 3);
    assert_eq!(sum(&reports["rows"]), total);
    assert_eq!(sum(&by("year")["rows"]), total);
    let csv = workspace.run(&["mentions", "OCMW", "--by", "city,theme", "--csv"]);
    csv.assert_code(0);
    let records = csv_records(&csv.stdout, ',');
    assert_eq!(records[0], ["city", "theme", "occurrences", "paragraphs"]);
    assert_eq!(records.len(), rows.len() + 1);
    let human = workspace.run(&["mentions", "OCMW", "--by", "city,theme"]);
    human.assert_code(0);
    assert!(
        human
            .stdout
            .lines()
            .any(|line| line.starts_with("city") && line.contains("theme")),
        "{}",
        human.stdout
    );
    workspace
        .run(&["mentions", "OCMW", "--by", "report,year"])
        .assert_code(2);
    workspace
        .run(&["mentions", "OCMW", "--by", "town"])
        .assert_code(2);
}

/// `visidex ARGS` in `workspace` with `COLUMNS` set (stdout is a pipe).
fn at_width(workspace: &Workspace, columns: &str, args: &[&str]) -> Run {
    Run::from(
        workspace
            .command(args)
            .env("COLUMNS", columns)
            .output()
            .unwrap(),
    )
}

// Item 7: compare picks reports with --city and prints them side by side
// when they fit the width, else one block per report; tables --table picks
// one table, and --csv --wide writes one record per row.
#[test]
fn compare_side_by_side_and_one_table_wide() {
    let workspace = three_cities();
    let compare = ["compare", "--theme", "kindvriendelijkheid"];
    let side = at_width(workspace, "80", &compare);
    side.assert_code(0);
    let body: Vec<&str> = side.stdout.lines().skip(2).collect();
    assert!(
        body.iter()
            .filter(|line| line.matches('│').count() == 2)
            .count()
            > 10,
        "{}",
        side.stdout
    );
    assert!(
        side.stdout.lines().all(|line| line.chars().count() <= 80),
        "{}",
        side.stdout
    );
    assert!(body[0].starts_with("Hasselt"), "{}", side.stdout);
    for width in ["40", ""] {
        let narrow = at_width(workspace, width, &compare);
        narrow.assert_code(0);
        assert!(!narrow.stdout.contains('│'), "{}", narrow.stdout);
        let headers: Vec<&str> = narrow
            .stdout
            .lines()
            .filter(|line| line.starts_with("## "))
            .collect();
        assert_eq!(headers.len(), 3, "{}", narrow.stdout);
        assert!(headers[1].contains("Sint-Niklaas"), "{headers:?}");
    }
    let picked = workspace.run(&[
        "compare",
        "--theme",
        "kindvriendelijkheid",
        "--city",
        "Brussel",
        "--city",
        "hasselt",
        "--json",
    ]);
    picked.assert_code(0);
    let cities: Vec<String> = picked.json()["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|report| report["city"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(cities, ["Hasselt", "VGC"]);
    workspace
        .run(&[
            "compare",
            "--theme",
            "kindvriendelijkheid",
            "--city",
            "Atlantis",
        ])
        .assert_code(2);

    let all = workspace.run(&["tables", "--json"]).json();
    let tables = all["tables"].as_array().unwrap();
    let numeric = tables
        .iter()
        .find(|table| !table["columns"].as_array().unwrap().is_empty())
        .expect("a table with columns");
    let id = numeric["id"].as_str().unwrap();
    let one = workspace.run(&["tables", "--table", id, "--json"]).json();
    assert_eq!(one["total"], 1);
    assert_eq!(one["tables"][0]["id"], id);
    assert!(workspace
        .run(&["tables"])
        .stdout
        .contains(&format!("[{id}]")));
    let wide = workspace.run(&["tables", "--table", id, "--csv", "--wide"]);
    wide.assert_code(0);
    let records = csv_records(&wide.stdout, ',');
    let columns = numeric["columns"].as_array().unwrap();
    assert_eq!(records[0].len(), 8 + columns.len(), "{:?}", records[0]);
    assert_eq!(
        records[0][..8],
        ["table_id", "report", "city", "year", "table", "row_id", "line", "label"]
    );
    for (n, column) in columns.iter().enumerate() {
        assert_eq!(records[0][8 + n], column["name"].as_str().unwrap());
    }
    assert_eq!(records.len(), 1 + numeric["rows"].as_array().unwrap().len());
    let first_row = &numeric["rows"][0];
    assert_eq!(records[1][5], first_row["id"].as_str().unwrap());
    assert_eq!(
        records[1][8],
        first_row["cells"][0]["value"].to_string(),
        "{:?}",
        records[1]
    );
    workspace
        .run(&["tables", "--table", "hasselt-2011:1"])
        .assert_code(2);
    workspace.run(&["tables", "--wide"]).assert_code(2);
}

/// A line fits `width`, or is one word that cannot be broken (an indent aside).
fn fits(line: &str, width: usize) -> bool {
    line.chars().count() <= width || !line.trim_start().contains(' ')
}

// Item 4: human output wraps at the width (COLUMNS here; the terminal's on
// a TTY) between words, continuation lines keep their indent; piped output
// without a width is not wrapped; --help wraps too.
#[test]
fn human_output_wraps_at_the_width_between_words() {
    let workspace = seeded();
    let args = ["search", "kindvriendelijkheid", "--limit", "5"];
    let piped = workspace.run(&args);
    piped.assert_code(0);
    assert!(
        piped.stdout.lines().any(|line| line.chars().count() > 60),
        "{}",
        piped.stdout
    );
    let wrapped = at_width(workspace, "60", &args);
    wrapped.assert_code(0);
    for line in wrapped.stdout.lines() {
        assert!(line.chars().count() <= 60, "{line:?}");
    }
    // The same words in the same order: nothing broken inside a word.
    let words = |text: &str| {
        text.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(words(&wrapped.stdout), words(&piped.stdout));
    // A snippet's continuation lines keep the snippet's indent.
    let snippet_lines: Vec<&str> = wrapped
        .stdout
        .lines()
        .filter(|line| line.starts_with("    ") && !line.trim_start().starts_with("hasselt-2011:"))
        .collect();
    assert!(snippet_lines.len() > 5, "{}", wrapped.stdout);
    let mut help_lines = 0;
    for command in [
        &["recommendations", "visie"][..],
        &["mentions", "OCMW"],
        &["--help"],
    ] {
        let out = at_width(workspace, "50", command);
        out.assert_code(0);
        assert!(
            out.stdout.lines().all(|line| fits(line, 50)),
            "{}",
            out.stdout
        );
        help_lines = out.stdout.lines().count();
    }
    let wide_help = at_width(workspace, "200", &["--help"]);
    assert!(wide_help.stdout.lines().count() < help_lines);
}

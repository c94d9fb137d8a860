//! The `source` and `place` fast fields (schema 6) on the real binary: what a
//! hit says of its report, chapter, sections and theme is what the parser
//! read for that paragraph, for a page of search hits (a few reads per
//! segment) and for a long mentions listing (hundreds of reads per segment,
//! which decode each column's whole dictionary), in a corpus of many
//! reports, so that every segment holds paragraphs of many reports and headings.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use support::{seed_text, Workspace};

/// (report, n) → (chapter, section, theme, page) as `visidex parse --json` reads it.
type Truth = BTreeMap<(String, u64), (Value, Value, Value, Value)>;

fn parsed(workspace: &Workspace) -> Truth {
    let mut truth = Truth::new();
    let mut files: Vec<_> = std::fs::read_dir(workspace.corpus())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    for file in files {
        let path = file.display().to_string();
        let run = workspace.run(&["parse", "--json", &path]);
        run.assert_code(0);
        let json = run.json();
        let report = json["report"]["id"]
            .as_str()
            .expect("report id")
            .to_string();
        for paragraph in json["paragraphs"].as_array().expect("paragraphs") {
            let n = paragraph["n"].as_u64().expect("n");
            let place = (
                paragraph["chapter"].clone(),
                paragraph["section"].clone(),
                paragraph["theme"].clone(),
                paragraph["page"].clone(),
            );
            truth.insert((report.clone(), n), place);
        }
    }
    truth
}

/// Check every hit of a `--json` answer against the parser; returns how many.
fn check_hits(hits: &[Value], truth: &Truth, context: &str) -> usize {
    for hit in hits {
        let report = hit["report"].as_str().expect("report").to_string();
        let n = hit["n"].as_u64().expect("n");
        let id = hit["id"].as_str().expect("id");
        assert_eq!(
            id,
            format!("{report}:{n}"),
            "{context}: id and report disagree"
        );
        let expected = truth
            .get(&(report.clone(), n))
            .unwrap_or_else(|| panic!("{context}: {id} is no parsed paragraph"));
        let found = (
            hit["chapter"].clone(),
            hit["section"].clone(),
            hit["theme"].clone(),
            hit["page"].clone(),
        );
        assert_eq!(&found, expected, "{context}: {id}");
        let citation = hit["citation"].as_str().expect("citation");
        let chapter = expected.0.as_str().expect("chapter");
        let number = chapter.split('.').next().unwrap_or_default();
        assert!(
            citation.contains(&format!("hoofdstuk {number} ")),
            "{context}: {id} cites {citation:?}, not chapter {chapter:?}"
        );
        // The reports are `hasselt-2011` and `stadN-2011` ("Hasselt" respelt
        // `StadN` in the text): the cited title names the report's own city.
        let name = report.split('-').next().unwrap_or_default();
        let mut letters = name.chars();
        let name: String = letters
            .next()
            .map(|first| first.to_uppercase().chain(letters).collect())
            .unwrap_or_default();
        assert!(
            citation.starts_with(&format!("Visitatierapport {name} 2011, ")),
            "{context}: {id} cites {citation:?}, not its report {report}"
        );
    }
    hits.len()
}

#[test]
fn hits_carry_the_place_the_parser_read() {
    let workspace = Workspace::with_seed();
    workspace.many_reports(30, seed_text().lines().count());
    workspace.run(&["index"]).assert_code(0);
    let truth = parsed(&workspace);

    // A long listing: hundreds of reads per segment, so each column's whole
    // dictionary is decoded.
    let listing = workspace.run(&["--json", "mentions", "stad"]);
    listing.assert_code(0);
    let listed = listing.json()["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .clone();
    assert!(listed.len() > 1_000, "only {} mentions", listed.len());
    check_hits(&listed, &truth, "mentions stad");

    // Pages of search hits: a few reads per segment.
    for query in [
        "programmamanagement",
        "kindvriendelijkheid",
        "armoede wonen",
    ] {
        let run = workspace.run(&["--json", "search", "--limit", "8", query]);
        run.assert_code(0);
        let hits = run.json()["hits"].as_array().expect("hits").clone();
        assert!(!hits.is_empty(), "no hits for {query}");
        check_hits(&hits, &truth, query);
    }
}

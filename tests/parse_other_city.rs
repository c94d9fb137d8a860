//! Reports of other cities in the seed's layout: made by
//! `shared/bench/make-corpus` from the seed (city and date swapped, 30% of the
//! lower-case words replaced by other words of the seed, which moves printed
//! line widths by about 8% per line).
//!
//! The generator only swaps words inside lines and keeps every line in place,
//! so the seed's own parse is an exact ground truth for every generated
//! report: the same headings on the same lines, the same paragraph line
//! ranges, the same recommendations. The reports are generated here when
//! python3 and the generator are at hand (`../shared/bench/make-corpus` from
//! the repository root, or `$VISIDEX_SHARED/bench/make-corpus`), else the two
//! checked-in ones under `tests/fixtures/generated/` are used (they are used
//! in any case).
//!
//! The recommendation thresholds are below the 0.9 one would like: with
//! 30% of the words swapped a line's width scatters by 8% while the narrow
//! measure is only 6% narrower, so a two-line recommendation whose
//! `commissie` and verb were both swapped is no longer recognisable (measured
//! on 42 generated reports: recall 0.81, precision 0.90; the seed: 1.0).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use visidex::model::{Kind, ParsedReport};
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

const SEED: &str = "corpus/hasselt-2011.txt";
const FIXTURES: &str = "tests/fixtures/generated";
/// The centre cities: the generator gives each report one of them.
const CITIES: [&str; 14] = visidex::knowledge::cities::CENTRE_CITIES;

/// Shares over all generated reports, and the worst single report.
const MIN_RECALL: f64 = 0.75;
const MIN_PRECISION: f64 = 0.85;
const MIN_EXACT_RANGES: f64 = 0.95;
const MIN_REPORT_RECALL: f64 = 0.5;
const MIN_REPORT_PRECISION: f64 = 0.7;
const MIN_REPORT_EXACT_RANGES: f64 = 0.92;

fn parse(path: &Path) -> ParsedReport {
    let text = std::fs::read_to_string(path).unwrap();
    let id = path.file_stem().and_then(|s| s.to_str()).unwrap();
    let input = ReportInput {
        id,
        ..ReportInput::default()
    };
    report::parse(&text, &input, &Taxonomy::default())
}

/// The generated reports to check: freshly generated if possible, plus the fixtures.
fn generated_reports(scratch: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    let shared = std::env::var_os("VISIDEX_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    let script = shared.join("bench/make-corpus");
    if script.is_file() {
        for (seed, reports) in [("7", "14"), ("11", "6")] {
            let out = scratch.join(seed);
            let status = Command::new("python3")
                .arg(&script)
                .arg(&out)
                .args(["--reports", reports, "--seed", seed, "--source", SEED])
                .output();
            match status {
                Ok(output) if output.status.success() => {
                    let mut fresh: Vec<PathBuf> = std::fs::read_dir(&out)
                        .unwrap()
                        .map(|entry| entry.unwrap().path())
                        .collect();
                    fresh.sort();
                    paths.extend(fresh);
                }
                _ => println!("make-corpus not run; checked-in reports only"),
            }
        }
    } else {
        println!("{} not found; checked-in reports only", script.display());
    }
    paths
}

fn city_of(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|s| s.to_str()).unwrap();
    CITIES
        .iter()
        .find(|city| name.starts_with(&format!("{}-", city.to_lowercase())))
        .unwrap()
}

/// The words the generator keeps: lower-case words of more than three
/// letters (which it may swap) become `_`.
fn skeleton(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if letters > 3 && word.chars().all(|c| !c.is_uppercase()) {
                "_"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn ranges(parsed: &ParsedReport, kind: Option<Kind>) -> BTreeSet<[u32; 2]> {
    parsed
        .paragraphs
        .iter()
        .filter(|p| kind.is_none_or(|kind| p.kind == kind))
        .map(|p| p.lines)
        .collect()
}

fn count(parsed: &ParsedReport, kind: Kind) -> usize {
    parsed.paragraphs.iter().filter(|p| p.kind == kind).count()
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[test]
fn the_checked_in_reports_detect_their_own_metadata() {
    let gent = parse(&Path::new(FIXTURES).join("gent-2005-00004.txt"));
    assert_eq!(gent.report.city, "Gent");
    assert_eq!(gent.report.year, Some(2005));
    assert_eq!(gent.report.date.as_deref(), Some("2005-05-05"));
    assert_eq!(gent.report.title, "visitatierapport Gent");
    assert!(gent.paragraphs.iter().all(|p| p.page.is_some()));
    assert_eq!(gent.paragraphs[0].page, Some(3));
    let vgc = parse(&Path::new(FIXTURES).join("vgc-2005-00013.txt"));
    assert_eq!(vgc.report.city, "VGC");
    assert_eq!(vgc.report.date.as_deref(), Some("2005-05-14"));
}

#[test]
fn generated_reports_have_the_seeds_structure_paragraphs_and_recommendations() {
    let scratch = tempfile::tempdir().unwrap();
    let reports = generated_reports(scratch.path());
    assert!(reports.len() >= 2);
    let seed = parse(Path::new(SEED));
    let seed_ranges = ranges(&seed, None);
    let seed_recs = ranges(&seed, Some(Kind::Recommendation));
    assert_eq!(seed_recs.len(), 24);

    let (mut found_recs, mut true_recs, mut exact) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &reports {
        let parsed = parse(path);
        let city = city_of(path);
        let name = path.file_name().and_then(|s| s.to_str()).unwrap();
        assert_eq!(parsed.report.city, city, "{name}");

        // Headings: the seed's, city swapped, on the same lines. An un-glued
        // heading may have had lower-case words swapped like any text line.
        let in_city = |text: &str| {
            skeleton(
                &text
                    .replace("HASSELT", &city.to_uppercase())
                    .replace("Hasselt", city),
            )
        };
        let expected: Vec<(u8, String, u32)> = seed
            .headings
            .iter()
            .map(|h| (h.level, in_city(&h.text), h.line))
            .collect();
        let actual: Vec<(u8, String, u32)> = parsed
            .headings
            .iter()
            .map(|h| (h.level, skeleton(&h.text), h.line))
            .collect();
        assert_eq!(actual, expected, "{name}: headings");

        for kind in [
            Kind::ListItem,
            Kind::Figure,
            Kind::QuoteSource,
            Kind::TableRow,
        ] {
            assert_eq!(count(&parsed, kind), count(&seed, kind), "{name}: {kind}");
        }

        let recs = ranges(&parsed, Some(Kind::Recommendation));
        let hits = recs.intersection(&seed_recs).count();
        let same = ranges(&parsed, None).intersection(&seed_ranges).count();
        let (recall, precision, exact_share) = (
            share(hits, seed_recs.len()),
            share(hits, recs.len()),
            share(same, seed_ranges.len()),
        );
        println!(
            "{name}: recommendations {} recall {recall:.2} precision {precision:.2}, exact line ranges {exact_share:.3}",
            recs.len()
        );
        if recall < MIN_REPORT_RECALL
            || precision < MIN_REPORT_PRECISION
            || exact_share < MIN_REPORT_EXACT_RANGES
        {
            failures.push(name.to_string());
        }
        found_recs += recs.len();
        true_recs += hits;
        exact += same;
    }
    let n = reports.len();
    let recall = share(true_recs, seed_recs.len() * n);
    let precision = share(true_recs, found_recs);
    let exact = share(exact, seed_ranges.len() * n);
    println!(
        "{n} reports: recommendation recall {recall:.3}, precision {precision:.3}; exact line ranges {exact:.3}"
    );
    assert!(
        failures.is_empty(),
        "below the per-report floor: {failures:?}"
    );
    assert!(recall >= MIN_RECALL, "recall {recall}");
    assert!(precision >= MIN_PRECISION, "precision {precision}");
    assert!(exact >= MIN_EXACT_RANGES, "exact line ranges {exact}");
}

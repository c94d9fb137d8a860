//! Scores the parser on reports made by `shared/bench/make-corpus` from the
//! seed. The generator swaps words inside lines and keeps every line in place,
//! so the seed's parse gives exact ground truth for every generated report:
//! its paragraph line ranges and which of them are recommendations.
//!
//!     cargo run --example eval_generated -- corpus/hasselt-2011.txt DIR...

use std::collections::BTreeSet;
use visidex::model::{Kind, ParsedReport};
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

fn parse(path: &std::path::Path) -> anyhow::Result<ParsedReport> {
    let text = std::fs::read_to_string(path)?;
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("report");
    let input = ReportInput {
        id,
        ..ReportInput::default()
    };
    Ok(report::parse(&text, &input, &Taxonomy::default()))
}

fn ranges(parsed: &ParsedReport, only: Option<Kind>) -> BTreeSet<[u32; 2]> {
    parsed
        .paragraphs
        .iter()
        .filter(|p| only.is_none_or(|kind| p.kind == kind))
        .map(|p| p.lines)
        .collect()
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let seed_path = args
        .next()
        .unwrap_or_else(|| "corpus/hasselt-2011.txt".into());
    let seed = parse(std::path::Path::new(&seed_path))?;
    let seed_all = ranges(&seed, None);
    let seed_recs = ranges(&seed, Some(Kind::Recommendation));
    let verbose = std::env::var_os("VERBOSE").is_some();
    let (mut n, mut tp, mut found, mut exact, mut worst_r, mut worst_p, mut worst_x) =
        (0, 0, 0, 0, 1.0f64, 1.0f64, 1.0f64);
    let mut files = Vec::new();
    for dir in args {
        for entry in std::fs::read_dir(&dir)? {
            files.push(entry?.path());
        }
    }
    files.sort();
    for path in files {
        let parsed = parse(&path)?;
        let all = ranges(&parsed, None);
        let recs = ranges(&parsed, Some(Kind::Recommendation));
        let hit = recs.intersection(&seed_recs).count();
        let heading_lines = |p: &ParsedReport| {
            p.headings
                .iter()
                .map(|h| (h.level, h.line))
                .collect::<Vec<_>>()
        };
        if heading_lines(&parsed) != heading_lines(&seed) {
            println!("   headings differ {}", path.display());
        }
        for kind in [
            Kind::ListItem,
            Kind::Figure,
            Kind::QuoteSource,
            Kind::TableRow,
        ] {
            let count = |p: &ParsedReport| p.paragraphs.iter().filter(|x| x.kind == kind).count();
            if count(&parsed) != count(&seed) {
                println!(
                    "   {kind} count {} vs {} {}",
                    count(&parsed),
                    count(&seed),
                    path.display()
                );
            }
        }
        let same = all.intersection(&seed_all).count();
        let recall = hit as f64 / seed_recs.len().max(1) as f64;
        let precision = hit as f64 / recs.len().max(1) as f64;
        let share = same as f64 / seed_all.len().max(1) as f64;
        println!(
            "{:40} recs {:2} recall {:.2} precision {:.2} exact ranges {:.3} ({} vs {})",
            path.file_name().and_then(|s| s.to_str()).unwrap_or(""),
            recs.len(),
            recall,
            precision,
            share,
            all.len(),
            seed_all.len()
        );
        if let Ok(show) = std::env::var("SHOW") {
            let (from, to) = show.split_once('-').unwrap_or((&show, &show));
            let (from, to): (u32, u32) = (from.parse()?, to.parse()?);
            for p in parsed
                .paragraphs
                .iter()
                .filter(|p| p.lines[1] >= from && p.lines[0] <= to)
            {
                println!(
                    "   {:?} {:?} {}",
                    p.lines,
                    p.kind,
                    p.text.chars().take(90).collect::<String>()
                );
            }
        }
        if verbose {
            for missed in seed_recs.difference(&recs) {
                println!("   missed rec {missed:?}");
            }
            for extra in recs.difference(&seed_recs) {
                println!("   extra rec {extra:?}");
            }
            for missed in seed_all.difference(&all) {
                println!("   missed range {missed:?}");
            }
        }
        n += 1;
        tp += hit;
        found += recs.len();
        exact += same;
        worst_r = worst_r.min(recall);
        worst_p = worst_p.min(precision);
        worst_x = worst_x.min(share);
    }
    println!(
        "{n} reports: recall {:.3} (worst {worst_r:.2}), precision {:.3} (worst {worst_p:.2}), exact ranges {:.3} (worst {worst_x:.3})",
        tp as f64 / (seed_recs.len() * n).max(1) as f64,
        tp as f64 / found.max(1) as f64,
        exact as f64 / (seed_all.len() * n).max(1) as f64
    );
    Ok(())
}

//! A report of another city, made by `shared/bench/make-corpus` from the seed
//! (Gent, 2005, 30% of the lower-case words swapped for other words of the
//! seed). Metadata must come from its own text; its structure must be the
//! seed's. Word swaps change printed line widths by up to ±10%, which blurs
//! the width signal recommendations are recognised by, so their count is only
//! required to stay in the seed's neighbourhood (see the report of issue 2).

use visidex::model::{Kind, ParsedReport};
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

fn parse(path: &str, id: &str) -> ParsedReport {
    let text = std::fs::read_to_string(path).unwrap();
    let input = ReportInput {
        id,
        ..ReportInput::default()
    };
    report::parse(&text, &input, &Taxonomy::default())
}

#[test]
fn metadata_is_detected_from_the_text() {
    let gent = parse("tests/fixtures/gent-2005.txt", "gent-2005");
    assert_eq!(gent.report.city, "Gent");
    assert_eq!(gent.report.year, Some(2005));
    assert_eq!(gent.report.date.as_deref(), Some("2005-05-05"));
    assert_eq!(gent.report.title, "visitatierapport Gent");
    assert!(gent.paragraphs.iter().all(|p| p.page.is_some()));
    assert_eq!(gent.paragraphs[0].page, Some(3));
}

#[test]
fn the_structure_is_the_seeds() {
    let seed = parse("corpus/hasselt-2011.txt", "hasselt-2011");
    let gent = parse("tests/fixtures/gent-2005.txt", "gent-2005");
    let headings = |parsed: &ParsedReport| {
        parsed
            .headings
            .iter()
            .map(|h| {
                (
                    h.level,
                    h.text.replace("HASSELT", "GENT").replace("Hasselt", "Gent"),
                    h.line,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(headings(&seed), headings(&gent));
    let count = |parsed: &ParsedReport, kind: Kind| {
        parsed.paragraphs.iter().filter(|p| p.kind == kind).count()
    };
    for kind in [
        Kind::ListItem,
        Kind::Figure,
        Kind::QuoteSource,
        Kind::TableRow,
    ] {
        assert_eq!(count(&seed, kind), count(&gent, kind), "{kind}");
    }
    let (seed_recs, gent_recs) = (
        count(&seed, Kind::Recommendation),
        count(&gent, Kind::Recommendation),
    );
    println!("recommendations: seed {seed_recs}, gent {gent_recs}");
    assert!(
        gent_recs * 2 >= seed_recs && gent_recs <= seed_recs * 3 / 2,
        "{gent_recs} vs {seed_recs}"
    );
    let (seed_n, gent_n) = (seed.paragraphs.len(), gent.paragraphs.len());
    assert!(
        gent_n.abs_diff(seed_n) * 20 <= seed_n,
        "{gent_n} paragraphs vs {seed_n}"
    );
}

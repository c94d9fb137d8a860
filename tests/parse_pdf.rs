//! PDF reports: the fixture against the gold, the PDF against its text, PDFs
//! in layouts the fixture lacks (typeset here from the seed text), and the
//! command line on good and bad PDFs.

mod gold_support;
mod pdf_support;
mod support;

use gold_support::normalise;
use pdf_support::{blocks_of, typeset, Block, Drawing, Face, Style};
use std::path::Path;
use support::{seed_text, Workspace};
use visidex::model::{Format, Kind, Paragraph, ParsedReport};
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

const FIXTURE: &str = "tests/fixtures/pdf/hasselt-2011.pdf";

fn fixture_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

fn parse_fixture() -> ParsedReport {
    report::load_report(&fixture_path(), &Taxonomy::default())
        .expect("the fixture PDF reads")
        .parsed
}

fn parse_text(text: &str, id: &str) -> ParsedReport {
    let input = ReportInput {
        id,
        ..ReportInput::default()
    };
    report::parse(text, &input, &Taxonomy::default())
}

fn parse_pdf_bytes(bytes: Vec<u8>, id: &str) -> ParsedReport {
    let text = visidex::pdf::read(bytes).expect("a generated PDF reads");
    let input = ReportInput {
        id,
        ..ReportInput::default()
    };
    report::parse_pdf(&text, &input, &Taxonomy::default())
}

#[test]
fn the_fixture_reproduces_the_gold() {
    let parsed = parse_fixture();
    let score = gold_support::score(&parsed.paragraphs);
    assert!(score.exact >= 0.98, "exact {}", score.exact);
    assert_eq!(score.recommendation_f1, 1.0);
    assert_eq!(score.pages, score.exact, "a page is wrong");
    assert!(score.kinds >= 0.98, "kinds {}", score.kinds);
    assert!(score.chapters >= 0.98, "chapters {}", score.chapters);
    assert!(score.sections >= 0.95, "sections {}", score.sections);
    assert_eq!(parsed.report.city, "Hasselt");
    assert_eq!(parsed.report.year, Some(2011));
    assert_eq!(parsed.report.format, Format::Pdf);
}

/// (text, kind) of every paragraph.
fn summary(parsed: &ParsedReport) -> Vec<(String, Kind)> {
    parsed
        .paragraphs
        .iter()
        .map(|p| (normalise(&p.text), p.kind))
        .collect()
}

/// The entries of `a` that `b` lacks (as multisets).
fn missing_from(a: &[(String, Kind)], b: &[(String, Kind)]) -> Vec<(String, Kind)> {
    let mut pool: Vec<&(String, Kind)> = b.iter().collect();
    let mut out = Vec::new();
    for entry in a {
        match pool.iter().position(|other| *other == entry) {
            Some(at) => {
                pool.swap_remove(at);
            }
            None => out.push(entry.clone()),
        }
    }
    out
}

#[test]
fn the_pdf_and_its_text_give_the_same_paragraphs() {
    let from_pdf = summary(&parse_fixture());
    let from_text = summary(&parse_text(&seed_text(), "hasselt-2011"));
    let only_pdf = missing_from(&from_pdf, &from_text);
    let only_text = missing_from(&from_text, &from_pdf);
    println!(
        "{} paragraphs from the PDF, {} from the text; {} differ on the PDF side, {} on the text side",
        from_pdf.len(),
        from_text.len(),
        only_pdf.len(),
        only_text.len()
    );
    for (text, kind) in &only_pdf {
        println!("only in the PDF: {kind} {text}");
    }
    for (text, kind) in &only_text {
        println!("only in the text: {kind} {text}");
    }
    // Measured: 7 of 248 differ, all in the appendix tables and one source
    // line. The text extraction reads a table row cell by cell (a wrapped
    // cell's lines before the next cell), the PDF reader line by line; the
    // 9.4 table's multi-line column header splits into rows; and the
    // `Bron:` line under that table has no gap before the `Noot:` under it.
    let differing = only_pdf.len().max(only_text.len());
    assert!(
        differing * 100 <= 3 * from_text.len(),
        "{differing} of {} paragraphs differ",
        from_text.len()
    );
}

/// A generated PDF's parse against what was typeset.
struct Measured {
    exact: f64,
    recommendation_f1: f64,
    pages: f64,
}

fn measure(name: &str, style: &Style, city: &str, reword: Option<u64>) -> Measured {
    let mut text = seed_text()
        .replace("Hasselt", city)
        .replace("HASSELT", &city.to_uppercase());
    if let Some(seed) = reword {
        text = reworded(&text, seed);
    }
    let source = parse_text(&text, "source");
    let blocks = blocks_of(&source);
    let typeset = typeset(&blocks, style);
    if let Some(dir) = std::env::var_os("VISIDEX_PDF_DUMP") {
        std::fs::write(Path::new(&dir).join(format!("{name}.pdf")), &typeset.pdf).unwrap();
    }
    let parsed = parse_pdf_bytes(typeset.pdf, &format!("{}-2011", city.to_lowercase()));
    let expected: Vec<(Kind, String, u32)> = blocks
        .iter()
        .zip(&typeset.pages)
        .filter_map(|(block, &page)| match block {
            Block::Paragraph { kind, text } => Some((*kind, normalise(text), page)),
            Block::Heading { .. } => None,
        })
        .collect();
    let mut from = 0;
    let (mut exact, mut pages) = (0usize, 0usize);
    let mut found: Vec<Option<&Paragraph>> = Vec::new();
    for (_, text, page) in &expected {
        let at = parsed.paragraphs[from..]
            .iter()
            .position(|p| normalise(&p.text) == *text);
        match at {
            Some(at) => {
                let paragraph = &parsed.paragraphs[from + at];
                from += at + 1;
                exact += 1;
                pages += usize::from(paragraph.page == Some(*page));
                found.push(Some(paragraph));
            }
            None => {
                println!("{name}: not reproduced: {text}");
                found.push(None);
            }
        }
    }
    let gold_recs: Vec<&String> = expected
        .iter()
        .filter(|(kind, _, _)| *kind == Kind::Recommendation)
        .map(|(_, text, _)| text)
        .collect();
    let found_recs: Vec<String> = parsed
        .paragraphs
        .iter()
        .filter(|p| p.kind == Kind::Recommendation)
        .map(|p| normalise(&p.text))
        .collect();
    let hits = found_recs.iter().filter(|r| gold_recs.contains(r)).count();
    let total = expected.len().max(1) as f64;
    let measured = Measured {
        exact: exact as f64 / total,
        recommendation_f1: 2.0 * hits as f64 / (gold_recs.len() + found_recs.len()).max(1) as f64,
        pages: pages as f64 / total,
    };
    assert_eq!(parsed.report.city, city, "{name}: city");
    assert_eq!(parsed.report.year, Some(2011), "{name}: year");
    println!(
        "{name}: {} pages, {} paragraphs typeset: exact {:.1}%, recommendation F1 {:.3}, page {:.1}%",
        typeset.page_count,
        expected.len(),
        measured.exact * 100.0,
        measured.recommendation_f1,
        measured.pages * 100.0
    );
    measured
}

/// Another report's wording, as `shared/bench/make-corpus` makes one: in
/// the running text (lines of eight words or more that start in lower case
/// or with a capital word, no headings), a third of the lower-case words of
/// four letters or more swapped for other such words of the seed, drawn
/// deterministically. Line lengths, and so every line break, change.
fn reworded(text: &str, seed: u64) -> String {
    let is_word = |w: &str| w.chars().count() >= 4 && w.chars().all(|c| c.is_lowercase());
    let vocabulary: Vec<&str> = text.split_whitespace().filter(|w| is_word(w)).collect();
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let words = line.split_whitespace().count();
        let numbered = line.trim_start().starts_with(|c: char| c.is_ascii_digit());
        if words < 8 || numbered || line.to_uppercase() == line {
            out.push_str(line);
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = &body[..body.len() - body.trim_start().len()];
        let trail = &body[body.trim_end().len()..];
        let swapped: Vec<&str> = body
            .split_whitespace()
            .map(|w| {
                if is_word(w) && next() % 3 == 0 {
                    vocabulary[(next() % vocabulary.len() as u64) as usize]
                } else {
                    w
                }
            })
            .collect();
        out.push_str(lead);
        out.push_str(&swapped.join(" "));
        out.push_str(trail);
        out.push_str(&line[body.len()..]);
    }
    out
}

/// The layouts of PDFs we do not have, each on its own and all together:
/// (name, city, reworded with this seed, style).
fn variants() -> Vec<(&'static str, &'static str, Option<u64>, Style)> {
    let kerned = Style {
        drawing: Drawing::KernedTj,
        justify: true,
        ligatures: true,
        to_unicode: true,
        header: Some("Visitatierapport Oostende".into()),
        footer: Some("{n} | Oostende".into()),
        ..Style::default()
    };
    vec![
        (
            "measure",
            "Leuven",
            None,
            Style {
                size: 11.0,
                leading: 14.5,
                paragraph_gap: 6.0,
                measure: 400.0,
                left: 90.0,
                front_pages: true,
                footer: Some("visitatierapport Leuven · {n}".into()),
                recommendation_indent: 28.0,
                ..Style::default()
            },
        ),
        (
            "serif",
            "Mechelen",
            None,
            Style {
                face: Face::Times,
                size: 11.0,
                leading: 13.5,
                paragraph_gap: 5.0,
                measure: 380.0,
                left: 100.0,
                top: 90.0,
                bottom: 80.0,
                front_pages: true,
                header: Some("Visitatierapport Mechelen".into()),
                footer: Some("{n}".into()),
                recommendation_indent: 15.0,
                ..Style::default()
            },
        ),
        (
            "labels",
            "Gent",
            None,
            Style {
                size: 9.0,
                leading: 12.0,
                measure: 470.0,
                footer: None,
                labels: true,
                first_number: 5,
                ..Style::default()
            },
        ),
        (
            "shuffled",
            "Brugge",
            None,
            Style {
                shuffle: Some(7),
                furniture_first: true,
                header: Some("Visitatie centrumsteden 2011 — Brugge".into()),
                footer: Some("{n}".into()),
                first_number: 3,
                ..Style::default()
            },
        ),
        (
            "glyphs",
            "Kortrijk",
            None,
            Style {
                glyph_by_glyph: true,
                ligatures: true,
                justify: true,
                shuffle: Some(11),
                header: Some("Visitatierapport Kortrijk".into()),
                footer: Some("pagina {n}".into()),
                ..Style::default()
            },
        ),
        ("kerned", "Oostende", None, kerned.clone()),
        (
            "reworded",
            "Roeselare",
            Some(29),
            Style {
                size: 10.5,
                leading: 13.5,
                measure: 430.0,
                shuffle: Some(3),
                header: Some("Visitatierapport Roeselare".into()),
                footer: Some("{n}".into()),
                ..Style::default()
            },
        ),
        (
            "spaced",
            "Genk",
            None,
            Style {
                face: Face::Times,
                drawing: Drawing::WordSpacing,
                justify: true,
                size: 10.0,
                leading: 12.5,
                footer: Some("visitatierapport Genk | {n}".into()),
                ..Style::default()
            },
        ),
        (
            "sized",
            "Aalst",
            None,
            Style {
                headings_by_size: true,
                footer: Some("{n} | visitatierapport Aalst".into()),
                ..Style::default()
            },
        ),
        (
            "indented",
            "Sint-Niklaas",
            None,
            Style {
                first_line_indent: Some(15.0),
                footer: Some("Sint-Niklaas {n}".into()),
                ..Style::default()
            },
        ),
        (
            "combined",
            "Turnhout",
            None,
            Style {
                face: Face::Times,
                size: 10.5,
                leading: 13.0,
                paragraph_gap: 5.0,
                measure: 420.0,
                left: 85.0,
                labels: true,
                first_number: 7,
                shuffle: Some(5),
                furniture_first: true,
                headings_by_size: true,
                header: Some("Visitatierapport Turnhout".into()),
                footer: None,
                recommendation_indent: 24.0,
                ..kerned
            },
        ),
    ]
}

/// Every variant reaches the aim on PDFs we do not have: 95% of the
/// paragraphs exact, recommendation F1 0.95, 95% of the pages right.
/// `VISIDEX_PDF_DUMP=DIR` writes the PDFs there, for a look.
#[test]
fn pdfs_in_other_fonts_measures_and_drawing_orders_reach_the_aim() {
    let mut short = Vec::new();
    for (name, city, reword, style) in variants() {
        let measured = measure(name, &style, city, reword);
        if measured.exact < 0.95 || measured.pages < 0.95 || measured.recommendation_f1 < 0.95 {
            short.push(name);
        }
    }
    assert!(short.is_empty(), "below the aim: {short:?}");
}

#[test]
fn parse_json_says_pdf_and_text_lines_are_the_lines_counted() {
    let workspace = Workspace::new();
    let path = fixture_path();
    let path = path.to_str().unwrap();
    let run = workspace.run(&["--json", "parse", path]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(json["report"]["format"], "pdf");
    let text = workspace.run(&["parse", path, "--text"]);
    text.assert_code(0);
    let lines: Vec<&str> = text.stdout.split('\n').collect();
    let paragraphs = json["paragraphs"].as_array().unwrap();
    assert!(paragraphs.len() > 100);
    for paragraph in paragraphs {
        let first = paragraph["lines"][0].as_u64().unwrap() as usize;
        let words: Vec<&str> = paragraph["text"].as_str().unwrap().split(' ').collect();
        let line = lines[first - 1].trim_start_matches('\x0c');
        // The first word of the paragraph is on its first line (a bullet mark may precede it).
        let word = words[0].trim_end_matches(|c: char| !c.is_alphanumeric());
        assert!(line.contains(word), "line {first} {line:?} for {words:?}");
    }
}

/// Bytes that are not a readable PDF, each with what the message must say.
fn bad_pdfs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let fixture = std::fs::read(fixture_path()).unwrap();
    let empty_page = pdf_support::typeset(&[], &Style::default()).pdf;
    let scan = pdf_support::typeset(
        &[Block::Paragraph {
            kind: Kind::Paragraph,
            text: String::new(),
        }],
        &Style {
            footer: None,
            ..Style::default()
        },
    )
    .pdf;
    let mut encrypted = fixture.clone();
    let trailer = b"trailer\n<<";
    if let Some(at) = encrypted.windows(trailer.len()).rposition(|w| w == trailer) {
        encrypted.splice(
            at + trailer.len()..at + trailer.len(),
            b" /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>"
                .iter()
                .copied(),
        );
    }
    vec![
        (
            "truncated.pdf",
            fixture[..fixture.len() / 3].to_vec(),
            "PDF",
        ),
        (
            "garbage.pdf",
            b"%PDF-1.4\n\x00\x01garbage 1 0 obj <<".to_vec(),
            "PDF",
        ),
        ("nopages.pdf", empty_page, "PDF"),
        ("scan.pdf", scan, "PDF"),
        ("encrypted.pdf", encrypted, "PDF"),
    ]
}

#[test]
fn bad_pdfs_are_one_line_each_and_the_rest_is_indexed() {
    let workspace = Workspace::new();
    workspace.write("hasselt-2011.pdf", std::fs::read(fixture_path()).unwrap());
    let bad = bad_pdfs();
    for (name, bytes, _) in &bad {
        workspace.write(name, bytes);
    }
    let run = workspace.run(&["--json", "index"]);
    run.assert_code(1);
    let json = run.json();
    let failed = json["failed"].as_array().unwrap();
    for (name, _, expected) in &bad {
        let hits: Vec<&str> = run.stderr.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(hits.len(), 1, "{name}: {}", run.stderr);
        assert!(hits[0].contains(expected), "{}", hits[0]);
        assert!(
            failed
                .iter()
                .any(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name))),
            "{name} not in failed"
        );
    }
    assert_eq!(json["added"], 1, "{json}");
    let search = workspace.run(&["--json", "search", "programmamanagement"]);
    search.assert_code(0);
    assert!(search.json()["total"].as_u64().unwrap() > 0);
}

#[test]
fn a_bad_pdf_given_to_parse_is_exit_1_naming_it() {
    let workspace = Workspace::new();
    for (name, bytes, _) in bad_pdfs() {
        let path = workspace.write(name, &bytes);
        let run = workspace.run(&["parse", path.to_str().unwrap()]);
        run.assert_code(1);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: {}", run.stderr);
        assert!(lines[0].contains(name), "{}", lines[0]);
    }
}

/// Encrypted with an owner password only (the user password empty, as
/// "protected against copying" PDFs are): read like any other. Encrypted
/// with a user password: one line saying a password is needed, exit 1.
/// Both written by `tests/fixtures/pdf/make-encrypted.py` (RC4, 128 bit).
#[test]
fn a_permissions_only_pdf_is_read_and_a_password_protected_one_is_refused() {
    let workspace = Workspace::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let open = dir.join("permissions-only.pdf");
    let run = workspace.run(&["parse", open.to_str().unwrap(), "--text"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("programmaplanning"),
        "decrypted text: {}",
        run.stdout
    );
    let run = workspace.run(&["--json", "parse", open.to_str().unwrap()]);
    run.assert_code(0);
    assert_eq!(run.json()["report"]["city"], "Gent");
    let locked = dir.join("password.pdf");
    let run = workspace.run(&["parse", locked.to_str().unwrap()]);
    run.assert_code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].contains("password.pdf") && lines[0].contains("needs a password"),
        "{}",
        lines[0]
    );
}

//! Token identity: the exact token streams `visidex index` hands the writer
//! (`index::analyse::report_tokens`, after `report::load_report`) for a fixed
//! sample, compared line by line with a checked-in recording.
//!
//! Samples: the seed report (`corpus/hasselt-2011.txt`, every paragraph) and
//! `tests/fixtures/tokens/tricky-2011.txt` (line-end hyphenation, soft
//! hyphens, accents, ligatures, compounds, digits, apostrophes, syllable
//! dots, odd case). Recordings: `tests/fixtures/tokens/<report>.tokens`, one
//! line per token:
//!
//! ```text
//! # <paragraph id> <kind>
//! <field> <position> <from>..<to> <indexed term> <word as written>
//! ```
//!
//! `field` is `text`, `heading`, `parts` or `context`; offsets are bytes
//! into the paragraph text (`heading`: into the `chapter › section` path;
//! `context`: into the text of the paragraph that introduces the list). A change
//! that alters tokens on purpose re-records with
//! `VISIDEX_RECORD_TOKENS=1 cargo test --release --test token_identity`
//! and commits the diff of the `.tokens` files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use visidex::index::analyse::{introductions, report_tokens};
use visidex::index::schema::heading_path;
use visidex::report::load_report;
use visidex::themes::Taxonomy;

const RECORD_ENV: &str = "VISIDEX_RECORD_TOKENS";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The recording of one report file: its paragraphs' tokens as indexed.
fn record(report: &Path) -> String {
    let taxonomy = Taxonomy::load_for_corpus(&root().join("corpus")).expect("corpus/themes.toml");
    let loaded = load_report(report, &taxonomy).expect("sample report loads");
    let paragraphs = &loaded.parsed.paragraphs;
    assert!(
        !paragraphs.is_empty(),
        "{} parsed into no paragraphs",
        report.display()
    );
    let mut out = String::new();
    let introductions = introductions(paragraphs);
    for ((paragraph, tokens), introduction) in paragraphs
        .iter()
        .zip(report_tokens(paragraphs))
        .zip(&introductions)
    {
        writeln!(out, "# {} {}", paragraph.id, paragraph.kind.as_str()).unwrap();
        let heading = heading_path(&paragraph.chapter, &paragraph.section);
        let introducing = introduction.map_or("", |at| paragraphs[at.paragraph].text.as_str());
        let fields = [
            ("text", &tokens.text, paragraph.text.as_str()),
            ("heading", &tokens.heading, heading.as_str()),
            ("parts", &tokens.parts, paragraph.text.as_str()),
            ("context", &tokens.context, introducing),
        ];
        for (field, tokens, source) in fields {
            for token in tokens {
                let word = source
                    .get(token.offset_from..token.offset_to)
                    .unwrap_or("<offsets outside the text>");
                writeln!(
                    out,
                    "{field} {} {}..{} {} {word}",
                    token.position, token.offset_from, token.offset_to, token.text
                )
                .unwrap();
                assert_eq!(
                    token.position_length, 1,
                    "{}: token {token:?} spans more than one position",
                    paragraph.id
                );
            }
        }
    }
    out
}

/// Compare `actual` with the recording at `recording`, naming the first
/// differing token and its paragraph; re-record when asked to.
fn check(name: &str, actual: &str, recording: &Path) {
    if std::env::var_os(RECORD_ENV).is_some() {
        std::fs::write(recording, actual).expect("write the token recording");
        eprintln!("re-recorded {}", recording.display());
        return;
    }
    let expected = std::fs::read_to_string(recording).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; record it with {RECORD_ENV}=1",
            recording.display()
        )
    });
    if expected == actual {
        return;
    }
    let dump: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.tokens"));
    let _ = std::fs::write(&dump, actual);
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let first = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let paragraph = expected_lines[..first]
        .iter()
        .rev()
        .find(|line| line.starts_with("# "))
        .copied()
        .unwrap_or("(before the first paragraph)");
    let differing = expected_lines
        .iter()
        .zip(&actual_lines)
        .filter(|(e, a)| e != a)
        .count()
        + expected_lines.len().abs_diff(actual_lines.len());
    panic!(
        "tokens of {name} differ from {}\n\
         first difference at line {} in paragraph `{}`:\n  \
         recorded: {}\n  \
         now:      {}\n\
         ({} vs {} lines, {differing} differing by position)\n\
         full output: {}\n\
         see it with `diff {} {}`; if the change is intended, re-record with \
         `{RECORD_ENV}=1 cargo test --release --test token_identity` and commit the .tokens diff",
        recording.display(),
        first + 1,
        paragraph.trim_start_matches("# "),
        expected_lines.get(first).unwrap_or(&"<end of recording>"),
        actual_lines.get(first).unwrap_or(&"<end of output>"),
        expected_lines.len(),
        actual_lines.len(),
        dump.display(),
        recording.display(),
        dump.display(),
    );
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/tokens").join(name)
}

#[test]
fn seed_report_tokens_are_as_recorded() {
    let actual = record(&root().join("corpus/hasselt-2011.txt"));
    // The recording covers hundreds of paragraphs and every field.
    assert!(actual.matches("\n# ").count() >= 200, "too few paragraphs");
    for field in ["text", "heading", "parts", "context"] {
        assert!(actual.contains(&format!("\n{field} ")), "no {field} tokens");
    }
    check("hasselt-2011", &actual, &fixture("hasselt-2011.tokens"));
}

#[test]
fn tricky_words_tokens_are_as_recorded() {
    let actual = record(&fixture("tricky-2011.txt"));
    check("tricky-2011", &actual, &fixture("tricky-2011.tokens"));
}

/// The indexer keeps per-thread memos across reports (word forms, compound
/// splits): a report's tokens must not depend on what was analysed before it.
#[test]
fn tokens_do_not_depend_on_earlier_reports() {
    if std::env::var_os(RECORD_ENV).is_some() {
        return;
    }
    let seed = root().join("corpus/hasselt-2011.txt");
    let tricky = fixture("tricky-2011.txt");
    let variant = root().join("tests/fixtures/generated/gent-2005-00004.txt");
    for report in [&variant, &seed, &tricky] {
        record(report);
    }
    let again = [(&tricky, "tricky-2011"), (&seed, "hasselt-2011")];
    for (report, name) in again {
        let recording = fixture(&format!("{name}.tokens"));
        check(name, &record(report), &recording);
    }
}

#[test]
fn recording_is_deterministic() {
    let report = fixture("tricky-2011.txt");
    assert_eq!(record(&report), record(&report));
}

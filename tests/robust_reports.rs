//! Odd but good reports are read (with a note), bad ones are refused with one
//! clear line naming the file — through the real binary's `parse` command,
//! and for folder listing through `corpus::list_reports`.

mod support;

use support::{seed_text, utf16_with_bom, Workspace};
use visidex::corpus;

fn parse_json(workspace: &Workspace, file: &std::path::Path) -> support::Run {
    workspace.run(&["parse", file.to_str().unwrap(), "--json"])
}

fn paragraph_texts(json: &serde_json::Value) -> Vec<String> {
    json["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|paragraph| paragraph["text"].as_str().unwrap().to_string())
        .collect()
}

/// The seed's first 200 lines: enough for headings, lists and paragraphs.
fn seed_head() -> String {
    seed_text().lines().take(200).collect::<Vec<_>>().join("\n") + "\n"
}

#[test]
fn windows_1252_report_reads_like_its_utf8_original_with_a_note() {
    let workspace = Workspace::new();
    let text = seed_head();
    let (legacy, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "seed head fits Windows-1252");
    let original = workspace.write("utf8.txt", &text);
    let converted = workspace.write("legacy.txt", &legacy);
    let expected = parse_json(&workspace, &original);
    expected.assert_code(0);
    let run = parse_json(&workspace, &converted);
    run.assert_code(0);
    assert_eq!(
        paragraph_texts(&run.json()),
        paragraph_texts(&expected.json())
    );
    assert!(
        run.stderr.contains("legacy.txt") && run.stderr.contains("Windows-1252"),
        "{}",
        run.stderr
    );
}

#[test]
fn utf16_reports_with_bom_read_like_their_utf8_original() {
    let workspace = Workspace::new();
    let text = seed_head();
    let original = workspace.write("utf8.txt", &text);
    let expected = paragraph_texts(&parse_json(&workspace, &original).assert_code(0).json());
    for (name, big_endian) in [("le.txt", false), ("be.txt", true)] {
        let file = workspace.write(
            name,
            utf16_with_bom(&text.replace('\n', "\r\n"), big_endian),
        );
        let run = parse_json(&workspace, &file);
        run.assert_code(0);
        assert_eq!(paragraph_texts(&run.json()), expected, "{name}");
        assert!(run.stderr.contains("UTF-16"), "{name}: {}", run.stderr);
    }
}

#[test]
fn a_one_megabyte_line_without_a_break_is_one_paragraph() {
    let workspace = Workspace::new();
    let words = "stedenbeleid en participatie ";
    let line = words.repeat(1_048_576 / words.len() + 1);
    let file = workspace.write("lang.txt", &line);
    let run = parse_json(&workspace, &file);
    run.assert_code(0);
    let texts = paragraph_texts(&run.json());
    let total: usize = texts.iter().map(String::len).sum();
    assert!(
        total >= line.trim().len() - texts.len(),
        "text lost: {total}"
    );
}

#[test]
fn a_report_without_any_heading_still_gives_its_paragraphs() {
    let workspace = Workspace::new();
    let file = workspace.write(
        "geen-kop.txt",
        "Dit verslag heeft geen enkele titel.\n\nHet bestaat uit twee alinea's over de stad.\n",
    );
    let run = parse_json(&workspace, &file);
    run.assert_code(0);
    let joined = paragraph_texts(&run.json()).join(" ");
    assert!(joined.contains("geen enkele titel"), "{joined}");
    assert!(joined.contains("twee alinea's"), "{joined}");
}

/// 50 MB from the seed repeated: read and parsed without error. Slow in a debug
/// build, so ignored by default; `scripts/bench-scaling` measures time and memory.
#[test]
#[ignore]
fn a_fifty_megabyte_report_is_read() {
    let workspace = Workspace::new();
    let seed = seed_text();
    let text = seed.repeat(50 * 1024 * 1024 / seed.len() + 1);
    let file = workspace.write("groot.txt", &text);
    let run = workspace.run(&["parse", file.to_str().unwrap(), "--json"]);
    run.assert_code(0);
}

/// One bad report: exit 1 and one error line that names the file as given.
fn assert_refused(bytes: &[u8], name: &str, expected: &str) {
    let workspace = Workspace::new();
    workspace.write(name, bytes);
    let given = format!("corpus/{name}"); // relative to the workspace: the user's own path
    let run = workspace.run(&["parse", &given]);
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "one error line: {}", run.stderr);
    assert!(
        errors[0].contains(&given),
        "names the file as given: {}",
        errors[0]
    );
    assert!(
        errors[0].contains(expected),
        "says {expected:?}: {}",
        errors[0]
    );
    assert!(run.stdout.is_empty(), "no output: {}", run.stdout);
}

#[test]
fn empty_report_is_refused() {
    assert_refused(b"", "leeg.txt", "empty");
    assert_refused(b"  \n\r\n\t\n", "wit.txt", "empty");
}

#[test]
fn binary_report_is_refused() {
    assert_refused(b"Hasselt\n\0\0\x01\x02\xff", "binair.txt", "binary");
}

#[test]
fn png_renamed_txt_is_refused_as_an_image() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    assert_refused(png, "foto.txt", "PNG image");
}

#[test]
fn pdf_handed_in_by_mistake_says_how_to_extract_it() {
    assert_refused(
        b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "verslag.txt",
        "pdftotext",
    );
}

#[test]
fn a_missing_report_is_an_io_error_naming_it() {
    let workspace = Workspace::new();
    let run = workspace.run(&["parse", "corpus/bestaat-niet.txt"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("corpus/bestaat-niet.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn terminal_escapes_in_a_report_do_not_reach_the_terminal() {
    let workspace = Workspace::new();
    let file = workspace.write(
        "escape.txt",
        "Gewone tekst \x1b[2J\x1b]0;gekaapt\x07met\x1b[31m kleur\x1b[0m en een\x08 backspace.\n",
    );
    let human = workspace.run(&["parse", file.to_str().unwrap()]);
    human.assert_code(0);
    assert!(
        !human
            .stdout
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control characters in human output: {:?}",
        human.stdout
    );
    assert!(human.stdout.contains("met kleur"), "{}", human.stdout);
    // The indexed commands print the same text: none of them may pass a control on.
    for args in [
        &["search", "kleur"][..],
        &["mentions", "kleur"][..],
        &["show", "escape:1"][..],
        &["related", "escape:1"][..],
    ] {
        let run = workspace.run(args);
        run.assert_code(0);
        assert!(
            !run.stdout
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "control characters in `{}` output: {:?}",
            args.join(" "),
            run.stdout
        );
    }
    // JSON keeps the data, escaped.
    let json = workspace.run(&["parse", file.to_str().unwrap(), "--json"]);
    json.assert_code(0);
    assert!(paragraph_texts(&json.json())[0].contains('\x1b'));
}

#[test]
fn sidecars_themes_and_dotfiles_are_not_reports() {
    let workspace = Workspace::new();
    workspace.write("gent-2011.txt", "Tekst.\n");
    workspace.write("gent-2011.toml", "city = \"Gent\"\n");
    workspace.write("themes.toml", "");
    workspace.write(".DS_Store", b"\0\0\x01Bud1");
    workspace.write(".gent-2011.txt.swp", b"b0VIM \0");
    workspace.write("README", "notities");
    std::fs::create_dir(workspace.corpus().join(".git")).unwrap();
    workspace.write(".git/HEAD.txt", "ref: refs/heads/main\n");
    let (files, errors) = corpus::list_reports(&workspace.corpus()).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(files, vec![workspace.corpus().join("gent-2011.txt")]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_the_corpus_are_listed_once_or_reported() {
    use std::os::unix::fs::symlink;
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::create_dir(corpus.join("sub")).unwrap();
    workspace.write("sub/genk-2011.txt", "Tekst.\n");
    symlink("..", corpus.join("sub/terug")).unwrap(); // a folder loop
    symlink(corpus.join("sub"), corpus.join("ook-sub")).unwrap(); // a second way in
    symlink("zelf.txt", corpus.join("zelf.txt")).unwrap(); // a file that points at itself
    let (files, errors) = corpus::list_reports(&corpus).unwrap();
    let names: Vec<_> = files
        .iter()
        .map(|file| file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["genk-2011.txt"], "{files:?}");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0].to_string();
    assert!(
        message.contains("zelf.txt") && message.contains("loops"),
        "{message}"
    );
    let given = corpus.join("zelf.txt");
    assert!(message.starts_with(&*given.to_string_lossy()), "{message}");
}

#[test]
fn a_report_vanishing_between_listing_and_reading_is_an_error_naming_it() {
    let workspace = Workspace::new();
    workspace.write("a.txt", "Eerste.\n");
    workspace.write("b.txt", "Tweede.\n");
    let (files, _) = corpus::list_reports(&workspace.corpus()).unwrap();
    std::fs::remove_file(&files[0]).unwrap();
    let taxonomy = visidex::themes::Taxonomy::default();
    let error = visidex::report::load_report(&files[0], &taxonomy).unwrap_err();
    assert!(error.to_string().contains("a.txt"), "{error}");
    assert!(visidex::report::load_report(&files[1], &taxonomy).is_ok());
}

/// A corpus folder with every kind of bad file beside good and odd-but-good
/// reports: `index` names each bad file on one stderr line, indexes and
/// commits all the others, and exits 1; files that are not reports are no errors.
#[cfg(unix)]
#[test]
fn index_names_each_bad_file_commits_the_rest_and_exits_1() {
    use std::os::unix::fs::symlink;
    let workspace = Workspace::new();
    let head = seed_head();
    workspace.write("goed-2011.txt", &head);
    workspace.write("goed-2011.toml", "city = \"Genk\"\n");
    workspace.write("ander-2011.txt", head.replace("Hasselt", "Mechelen"));
    let (legacy, _, _) = encoding_rs::WINDOWS_1252.encode(&head);
    workspace.write("oud-2011.txt", &legacy);
    workspace.write("utf16-2011.txt", utf16_with_bom(&head, false));
    let bad = [
        "leeg.txt",
        "binair.txt",
        "foto.txt",
        "verslag.txt",
        "lus.txt",
        "weg.txt",
    ];
    workspace.write("leeg.txt", "");
    workspace.write("binair.txt", b"abc\0\x01\x02");
    workspace.write("foto.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    workspace.write("verslag.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    symlink("lus.txt", workspace.corpus().join("lus.txt")).unwrap();
    symlink("bestaat-niet.txt", workspace.corpus().join("weg.txt")).unwrap();
    std::fs::create_dir(workspace.corpus().join("sub")).unwrap();
    symlink("..", workspace.corpus().join("sub/terug")).unwrap();
    workspace.write(".verborgen.txt", "niet lezen");
    workspace.write("notities.md", "geen verslag");

    let run = workspace.run(&["index"]);
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(
        errors.len(),
        bad.len(),
        "one line per bad file:\n{}",
        run.stderr
    );
    for name in bad {
        let given = workspace.corpus().join(name);
        let matching: Vec<_> = errors
            .iter()
            .filter(|line| line.contains(&*given.to_string_lossy()))
            .collect();
        assert_eq!(matching.len(), 1, "{name}:\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("oud-2011.txt: not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("utf16-2011.txt: read as UTF-16LE"),
        "{}",
        run.stderr
    );

    let reports = workspace.report_paragraphs();
    let ids: Vec<&str> = reports.keys().map(String::as_str).collect();
    assert_eq!(ids, ["ander-2011", "goed-2011", "oud-2011", "utf16-2011"]);
    assert!(reports.values().all(|&count| count > 0), "{reports:?}");
    assert_eq!(reports["oud-2011"], reports["goed-2011"]);
    assert_eq!(reports["utf16-2011"], reports["goed-2011"]);
    assert_eq!(
        workspace.indexed_paragraphs(),
        reports.values().sum::<u64>()
    );

    // Idempotent: the good reports are unchanged, the bad ones still named.
    let again = workspace.run(&["index", "--json"]);
    again.assert_code(1);
    let summary = again.json();
    assert_eq!(summary["unchanged"], 4, "{}", again.stdout);
    assert_eq!(summary["failed"].as_array().unwrap().len(), bad.len());
}

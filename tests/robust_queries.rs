//! Bad queries, filters and ids: a clear one-line message naming the query
//! and position (exit 2) for a real syntax error, a sensible reading
//! otherwise (exit 0), never a panic or a stack overflow.

mod support;

use std::sync::OnceLock;
use std::time::{Duration, Instant};
use support::{Run, Workspace};

/// One small index shared by all tests of this file (searching never writes it).
fn workspace() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let workspace = Workspace::new();
        workspace.many_reports(3, 300);
        workspace.run(&["index"]).assert_code(0);
        workspace
    })
}

fn search(query: &str) -> Run {
    workspace().run(&["search", "--json", "--", query])
}

/// A syntax error: exit 2, one line naming the query and a position.
fn assert_syntax_error(query: &str, position: usize, says: &str) {
    let run = search(query);
    run.assert_code(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{query:?}: {}", run.stderr);
    assert!(lines[0].contains("query "), "{query:?}: {}", lines[0]);
    assert!(
        lines[0].contains(&format!("at position {position}:")),
        "{query:?}: {}",
        lines[0]
    );
    assert!(lines[0].contains(says), "{query:?}: {}", lines[0]);
    assert!(run.stdout.is_empty());
}

/// A sensible reading: exit 0 and a JSON answer.
fn assert_answered(query: &str) -> serde_json::Value {
    let run = search(query);
    run.assert_code(0);
    run.json()
}

#[test]
fn unbalanced_quotes_and_parentheses_name_their_position() {
    assert_syntax_error("stedenfonds \"stedelijk beleid", 13, "quote");
    assert_syntax_error("(stedenfonds OR wonen", 1, "`(` is not closed");
    assert_syntax_error("stedenfonds)", 12, "`)` without a matching `(`");
    assert_syntax_error(")(", 1, "`)`");
    assert_syntax_error("()", 1, "empty parentheses");
}

#[test]
fn lone_minus_and_or_are_syntax_errors() {
    assert_syntax_error("-", 1, "lone `-`");
    assert_syntax_error("stedenfonds -", 13, "lone `-`");
    assert_syntax_error("OR", 1, "`OR`");
    assert_syntax_error("wonen OR", 7, "`OR`");
}

#[test]
fn a_lone_star_and_empty_words_are_read_as_no_words() {
    for query in ["*", "***", "\u{1}\u{2}", " "] {
        let json = assert_answered(query);
        assert_eq!(json["total"], 0, "{query:?}");
    }
}

#[test]
fn control_characters_in_a_query_separate_words() {
    let plain = assert_answered("stedenfonds beleid");
    let with_controls = assert_answered("stedenfonds\u{1b}\u{7}\u{8}beleid");
    assert_eq!(with_controls["total"], plain["total"]);
    assert!(plain["total"].as_u64().unwrap() > 0);
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    // 400 levels stay under the 1,000-character cap on queries.
    let deep = format!("{}stad{}", "(".repeat(400), ")".repeat(400));
    assert_syntax_error(&deep, 33, "nested more than 32 deep");
}

#[test]
fn queries_up_to_the_cap_answer_in_reasonable_time_and_longer_ones_are_refused() {
    let words = [
        "stedenfonds",
        "beleid",
        "stad",
        "wonen",
        "armoede",
        "participatie",
    ];
    let many_words: String = words
        .iter()
        .cycle()
        .take(2000)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let queries = [
        many_words[..10_000].to_string(),
        "x".repeat(10_000),
        "stedenfonds ".repeat(834)[..10_000].to_string(),
        format!("\"{}\"", "stad ".repeat(1999).trim_end()),
        (0..1500)
            .map(|n| format!("stad{n}"))
            .collect::<Vec<_>>()
            .join(" OR ")[..9_990]
            .to_string(),
    ];
    for long in &queries {
        // Longer than the cap: refused at once, in one short line.
        let run = search(long);
        run.assert_code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains("at most 1000"), "{}", run.stderr);
        assert!(run.stderr.len() < 200, "{}", run.stderr);
        // Up to the cap: answered (or a syntax error), never hung.
        let query: String = long.chars().take(1000).collect();
        let started = Instant::now();
        let run = search(&query);
        let elapsed = started.elapsed();
        assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        // A generous bound for a debug build on a busy machine: "not hung".
        assert!(
            elapsed < Duration::from_secs(60),
            "{elapsed:?} for {}…",
            &query[..20]
        );
    }
    // An error in a long query quotes a window of it, not all 962 characters.
    let long_error = format!("{} -", "stedenfonds ".repeat(80));
    let run = search(&long_error);
    run.assert_code(2);
    assert!(run.stderr.len() < 300, "{}", run.stderr);
    assert!(run.stderr.contains("characters)"), "{}", run.stderr);
}

#[test]
fn unknown_filter_values_say_which_exist() {
    let cases: [(&[&str], &str); 4] = [
        (&["--city", "Atlantis"], "known cities: Hasselt"),
        (&["--theme", "atlantis"], "known themes: "),
        (&["--kind", "poem"], "known kinds: paragraph"),
        (&["--year", "1700"], "known years: 2011"),
    ];
    for (filter, says) in cases {
        let mut args = vec!["search", "stedenfonds"];
        args.extend_from_slice(filter);
        let run = workspace().run(&args);
        run.assert_code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(says), "{filter:?}: {}", run.stderr);
        assert!(
            !run.stderr.contains(": ,"),
            "no empty value listed: {}",
            run.stderr
        );
    }
}

#[test]
fn malformed_show_ids_are_usage_errors() {
    for id in [
        "",
        "stad1-2011",
        "stad1-2011:",
        "stad1-2011:x",
        ":3",
        "stad1-2011:-1",
        "a:b:c",
    ] {
        let run = workspace().run(&["show", "--", id]);
        run.assert_code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{id:?}: {}", run.stderr);
    }
    let run = workspace().run(&["show", "stad1-2011:99999"]);
    assert!(run.code == 1 || run.code == 2, "{}", run.stderr);
    assert!(run.stderr.contains("stad1-2011:99999"), "{}", run.stderr);
}

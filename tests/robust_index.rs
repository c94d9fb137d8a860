//! Index safety: a missing, foreign-version or damaged index gives one clear
//! error with advice; two writers never interleave; a reader keeps answering
//! from the last commit while a writer runs; `kill -9` in the middle of
//! `index` leaves an index that the next `index` completes, every report in
//! it exactly once. All through the real binary on temporary folders.

mod support;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use support::{clock_random, Run, Workspace};

fn built(reports: usize) -> Workspace {
    let workspace = Workspace::new();
    workspace.many_reports(reports, 300);
    workspace.run(&["index"]).assert_code(0);
    workspace
}

fn assert_one_line_error(run: &Run, expected: &[&str]) {
    run.assert_code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr:\n{}", run.stderr);
    for part in expected {
        assert!(lines[0].contains(part), "{part:?} in {:?}", lines[0]);
    }
}

fn segment_files(index: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(index)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect();
    files.sort();
    files
}

#[test]
fn a_missing_index_is_built_by_whichever_reading_command_comes_first() {
    for args in [
        &["search", "stedenfonds", "--json"][..],
        &["facets", "--json"][..],
        &["reports", "--json"][..],
        &["show", "stad1-2011:1", "--json"][..],
    ] {
        let workspace = Workspace::new();
        workspace.many_reports(2, 300);
        let run = workspace.run(args);
        run.assert_code(0);
        assert!(
            run.stderr.contains("building it"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.json().is_null(), "{args:?}: {}", run.stdout);
        // Built once: the next run answers without building.
        let again = workspace.run(args);
        again.assert_code(0);
        assert!(
            !again.stderr.contains("building it"),
            "{args:?}: {}",
            again.stderr
        );
    }
}

#[test]
fn an_index_of_another_schema_version_says_rebuild() {
    let workspace = built(2);
    let meta_path = workspace.index().join("visidex.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["schema_version"] = serde_json::json!(999);
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    for args in [&["search", "stad"][..], &["facets"][..], &["index"][..]] {
        let run = workspace.run(args);
        assert_one_line_error(&run, &["schema version 999", "visidex index --rebuild"]);
    }
    workspace.run(&["index", "--rebuild"]).assert_code(0);
    workspace.run(&["search", "stedenfonds"]).assert_code(0);
}

/// An index an older visidex wrote is derived data: the next reading command
/// (or `index`) rebuilds it once, with a note, instead of refusing it; an
/// index whose reports an older parser read is re-read the same way.
#[test]
fn an_index_of_an_older_version_is_rebuilt_on_use() {
    let workspace = built(2);
    let meta_path = workspace.index().join("visidex.json");
    let read_meta = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap()
    };
    let current = read_meta();
    let (schema, parser) = (
        current["schema_version"].clone(),
        current["parser_version"].clone(),
    );
    assert!(
        schema.as_u64().unwrap() > 1 && parser.as_u64().unwrap() > 0,
        "{current}"
    );
    for (field, args) in [
        ("schema_version", &["search", "stedenfonds"][..]),
        ("parser_version", &["facets"][..]),
        ("schema_version", &["index"][..]),
    ] {
        let mut meta = read_meta();
        meta[field] = serde_json::json!(1);
        std::fs::write(&meta_path, meta.to_string()).unwrap();
        workspace
            .run(args)
            .assert_code(0)
            .assert_stderr_has("older visidex", &format!("{field} {args:?}"));
        let rebuilt = read_meta();
        assert_eq!(
            (&rebuilt["schema_version"], &rebuilt["parser_version"]),
            (&schema, &parser)
        );
        assert_eq!(
            rebuilt["paragraphs"], current["paragraphs"],
            "{field} {args:?}"
        );
        let again = workspace.run(args);
        again.assert_code(0);
        assert!(
            !again.stderr.contains("older visidex"),
            "{args:?}: {}",
            again.stderr
        );
    }
    let hits = workspace.run(&["search", "stedenfonds", "--json"]);
    hits.assert_code(0);
    assert!(hits.stdout.contains("\"hits\""), "{}", hits.stdout);

    // `index FILE` on an older index would rebuild it from FILE alone and
    // lose the other reports: it is refused, and the index is left as it was.
    let mut meta = read_meta();
    meta["schema_version"] = serde_json::json!(1);
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let file = std::fs::read_dir(workspace.corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .unwrap();
    let named = workspace.run(&["index", file.to_str().unwrap()]);
    assert_one_line_error(&named, &["schema version 1", "visidex index --rebuild"]);
    assert_eq!(read_meta(), meta, "the refused run left visidex.json alone");
    workspace.run(&["facets"]).assert_code(0);
    assert_eq!(read_meta()["paragraphs"], current["paragraphs"]);

    // Reports a newer parser read are kept as they are, not read again.
    let mut meta = read_meta();
    meta["parser_version"] = serde_json::json!(parser.as_u64().unwrap() + 1);
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let newer = workspace.run(&["facets"]);
    newer.assert_code(0);
    assert!(!newer.stderr.contains("older visidex"), "{}", newer.stderr);
    assert_eq!(
        read_meta(),
        meta,
        "an index of a newer parser is not rewritten"
    );
}

/// Damage every kind of segment file in several ways; whatever tantivy makes
/// of it, each command ends with exit 0 or one error line advising a rebuild
/// — never a panic — and `index --rebuild` repairs it.
#[test]
fn a_damaged_index_gives_the_rebuild_advice_and_rebuild_repairs_it() {
    let workspace = built(3);
    let clean_total = workspace.indexed_paragraphs();
    let pristine = workspace.dir.path().join("pristine");
    copy_dir(&workspace.index(), &pristine);
    let commands: [&[&str]; 5] = [
        &["search", "stedenfonds"],
        &["search", "\"stedelijk beleid\""],
        &["search", "stad*"],
        &["facets"],
        &["show", "stad2-2011:3"],
    ];
    let mut errors = 0;
    for extension in ["term", "idx", "pos", "fast", "fieldnorm", "store"] {
        for damage in [
            Damage::Delete,
            Damage::Truncate,
            Damage::Garble(1),
            Damage::Garble(3),
        ] {
            std::fs::remove_dir_all(workspace.index()).unwrap();
            copy_dir(&pristine, &workspace.index());
            let file = &segment_files(&workspace.index(), extension)[0];
            damage.apply(file);
            for args in commands {
                let run = workspace.run(args);
                let case = format!("{damage:?} .{extension}, {args:?}");
                assert!(!run.stderr.contains("panicked"), "{case}: {}", run.stderr);
                if run.code != 0 {
                    errors += 1;
                    assert_eq!(run.code, 1, "{case}: {}", run.stderr);
                    assert_eq!(run.stderr.lines().count(), 1, "{case}: {}", run.stderr);
                    assert!(
                        run.stderr.contains("visidex index --rebuild"),
                        "{case}: {}",
                        run.stderr
                    );
                }
            }
            let rebuild = workspace.run(&["index", "--rebuild"]);
            rebuild.assert_code(0);
            assert_eq!(
                workspace.indexed_paragraphs(),
                clean_total,
                "{damage:?} .{extension}"
            );
        }
    }
    eprintln!("{errors} of 120 damaged-index commands ended in the rebuild advice");
    assert!(
        errors > 20,
        "damage went unnoticed too often: {errors} errors"
    );
}

#[derive(Debug, Clone, Copy)]
enum Damage {
    Delete,
    Truncate,
    /// Overwrite a quarter of the file, from a seeded offset, with seeded bytes
    /// (the footer is kept, so tantivy opens the file and meets the damage later).
    Garble(u64),
}

impl Damage {
    fn apply(self, file: &Path) {
        match self {
            Damage::Delete => std::fs::remove_file(file).unwrap(),
            Damage::Truncate => {
                let length = std::fs::metadata(file).unwrap().len();
                let handle = std::fs::OpenOptions::new().write(true).open(file).unwrap();
                handle.set_len(length / 2).unwrap();
            }
            Damage::Garble(seed) => {
                let mut bytes = std::fs::read(file).unwrap();
                let length = bytes.len();
                let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
                let mut next = || {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state
                };
                let start = (next() as usize) % (length / 2).max(1);
                let end = (start + length / 4).min(length.saturating_sub(64));
                for byte in bytes.iter_mut().take(end).skip(start) {
                    *byte = next() as u8;
                }
                std::fs::write(file, bytes).unwrap();
            }
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn spawn(workspace: &Workspace, args: &[&str]) -> Child {
    workspace
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn visidex")
}

/// Wait until a writer holds the index lock (`visidex.lock`).
fn wait_for_writer(workspace: &Workspace, child: &mut Child) {
    let lock = workspace.index().join("visidex.lock");
    let started = Instant::now();
    loop {
        if let Ok(file) = std::fs::File::open(&lock) {
            if let Err(std::fs::TryLockError::WouldBlock) = file.try_lock_shared() {
                return;
            }
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the writer ended before we saw it"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "writer never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_index_run_fails_fast_as_busy_and_the_first_completes() {
    let workspace = Workspace::new();
    // Whole reports: the run must outlast starting a second process (200
    // reports of 300 lines index in ~0.3 s since the indexer got faster).
    workspace.many_reports(200, usize::MAX);
    let mut first = spawn(&workspace, &["index"]);
    wait_for_writer(&workspace, &mut first);
    let started = Instant::now();
    let second = workspace.run(&["index"]);
    assert_one_line_error(&second, &["busy", "visidex index"]);
    assert!(started.elapsed() < Duration::from_secs(5), "failed fast");
    let first = Run::from(first.wait_with_output().unwrap());
    first.assert_code(0);
    let counts = workspace.report_paragraphs();
    assert_eq!(counts.len(), 200);
    assert_eq!(workspace.indexed_paragraphs(), counts.values().sum::<u64>());
}

#[test]
fn search_keeps_answering_from_the_last_commit_while_index_runs() {
    let workspace = built(20);
    let before = workspace.run(&["search", "stedenfonds", "--json"]);
    before.assert_code(0);
    let committed = before.json()["total"].as_u64().unwrap();
    // 180 new whole reports: a run long enough for searches to overlap it.
    workspace.many_reports(200, usize::MAX);
    let mut writer = spawn(&workspace, &["index"]);
    wait_for_writer(&workspace, &mut writer);
    let mut searches = 0;
    let mut noted = false;
    while writer.try_wait().unwrap().is_none() {
        let run = workspace.run(&["search", "stedenfonds", "--json"]);
        run.assert_code(0);
        noted |= run.stderr.contains("answering from its last commit");
        let total = run.json()["total"].as_u64().unwrap();
        assert!(total >= committed, "{total} < {committed}");
        searches += 1;
        for args in [&["facets", "--json"][..], &["reports", "--json"][..]] {
            workspace.run(args).assert_code(0);
        }
    }
    assert!(searches > 0, "no search ran during the index run");
    assert!(noted, "search said it answers from the last commit");
    Run::from(writer.wait_with_output().unwrap()).assert_code(0);
    assert_eq!(workspace.report_paragraphs().len(), 200);
}

/// A rebuild is one transaction: killed half-way, the old index still answers
/// in full.
#[test]
fn a_killed_rebuild_leaves_the_old_index_whole() {
    let workspace = built(100);
    let clean = workspace.report_paragraphs();
    let total = workspace.indexed_paragraphs();
    let mut writer = spawn(&workspace, &["index", "--rebuild"]);
    wait_for_writer(&workspace, &mut writer);
    std::thread::sleep(Duration::from_millis(clock_random(1500)));
    writer.kill().unwrap(); // SIGKILL
    writer.wait().unwrap();
    assert_eq!(workspace.indexed_paragraphs(), total);
    workspace.run(&["index"]).assert_code(0);
    assert_eq!(workspace.report_paragraphs(), clean);
    assert_eq!(workspace.indexed_paragraphs(), total);
}

/// `kill -9` at a random moment of `visidex index` on 200 reports; the next
/// `index` completes and holds every report exactly once, with the paragraph
/// counts of a clean build. Run in a loop (see README, Guarantees).
#[test]
fn kill_9_during_index_then_index_again_holds_every_report_once() {
    let clean = Workspace::new();
    clean.many_reports(200, 300);
    let started = Instant::now();
    clean.run(&["index"]).assert_code(0);
    let clean_duration = started.elapsed();
    let expected = clean.report_paragraphs();
    let expected_total: u64 = expected.values().sum();
    assert_eq!(expected.len(), 200);

    let workspace = Workspace::new();
    workspace.many_reports(200, 300);
    let delay = clock_random(clean_duration.as_millis() as u64 * 12 / 10 + 1);
    eprintln!("kill -9 after {delay} ms (a clean build took {clean_duration:?})");
    let mut writer = spawn(&workspace, &["index"]);
    std::thread::sleep(Duration::from_millis(delay));
    let _ = writer.kill(); // SIGKILL; it may have finished already
    writer.wait().unwrap();

    let again = workspace.run(&["index"]);
    again.assert_code(0);
    assert_eq!(
        workspace.report_paragraphs(),
        expected,
        "after a kill at {delay} ms"
    );
    assert_eq!(
        workspace.indexed_paragraphs(),
        expected_total,
        "after a kill at {delay} ms"
    );
    // And a further run changes nothing.
    let idempotent = workspace.run(&["index", "--json"]);
    idempotent.assert_code(0);
    assert_eq!(idempotent.json()["unchanged"], 200, "{}", idempotent.stdout);
}

/// The narrowest window: `kill -9` just after tantivy's commit, before
/// `reports.json` and `visidex.json` are written. On a first build that
/// leaves an index without `visidex.json`; `search` and `index` carry on
/// with it, and every report is in it exactly once.
#[test]
fn kill_9_between_commit_and_bookkeeping_then_search_and_index_recover() {
    let workspace = Workspace::new();
    workspace.many_reports(200, 300);
    let meta = workspace.index().join("meta.json");
    let mut writer = spawn(&workspace, &["index"]);
    let started = Instant::now();
    // tantivy writes meta.json when it creates the index and again at the commit.
    let mut first_meta: Option<std::time::SystemTime> = None;
    loop {
        if let Ok(modified) = std::fs::metadata(&meta).and_then(|m| m.modified()) {
            match first_meta {
                None => first_meta = Some(modified),
                Some(first) if modified != first => break,
                Some(_) => {}
            }
        }
        if writer.try_wait().unwrap().is_some() {
            break; // finished before we saw the commit: still a valid run
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no commit seen"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = writer.kill();
    writer.wait().unwrap();
    eprintln!(
        "killed after {:?}; visidex.json written: {}",
        started.elapsed(),
        workspace.index().join("visidex.json").exists()
    );
    let search = workspace.run(&["search", "stedenfonds", "--json"]);
    search.assert_code(0);
    workspace.run(&["index"]).assert_code(0);
    let counts = workspace.report_paragraphs();
    assert_eq!(counts.len(), 200);
    assert_eq!(workspace.indexed_paragraphs(), counts.values().sum::<u64>());
}

/// `search` on a missing index that another process is building waits for
/// that build instead of failing as busy or starting a second one.
#[test]
fn search_waits_for_a_first_build_in_progress() {
    let workspace = Workspace::new();
    workspace.many_reports(200, 300);
    let mut writer = spawn(&workspace, &["index"]);
    wait_for_writer(&workspace, &mut writer);
    let run = workspace.run(&["search", "stedenfonds", "--json"]);
    run.assert_code(0);
    assert!(run.stderr.contains("waiting for it"), "{}", run.stderr);
    Run::from(writer.wait_with_output().unwrap()).assert_code(0);
    assert_eq!(workspace.report_paragraphs().len(), 200);
    // It answered from the finished build, not from an empty or partial index.
    let after = workspace.run(&["search", "stedenfonds", "--json"]);
    assert_eq!(run.json()["total"], after.json()["total"]);
    assert!(after.json()["total"].as_u64().unwrap() > 0);
}

//! `visidex serve`'s API against the real binary: each endpoint answers what
//! the matching `--json` command prints; errors, caps and the security rules
//! of the contract; 40 concurrent requests; a commit made by `visidex index`
//! while the server runs is seen by the next request, and searches during
//! the run answer from the last commit.

mod model_support;
mod serve_support;
mod support;

use serde_json::Value;
use serve_support::{encode, repo_corpus, request, Server};
use support::{seed_text, Workspace};

/// A workspace with the bundled report and taxonomy, indexed.
fn indexed_workspace() -> Workspace {
    let workspace = Workspace::new();
    workspace.write("hasselt-2011.txt", seed_text());
    let themes = std::fs::read(repo_corpus().join("themes.toml")).expect("themes.toml");
    workspace.write("themes.toml", themes);
    workspace.run(&["index"]).assert_code(0);
    workspace
}

fn serve(workspace: &Workspace) -> Server {
    Server::start(workspace.command(&["serve", "--port", "0"]))
}

fn cli_json(workspace: &Workspace, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run = workspace.run(&all);
    run.assert_code(0);
    run.json()
}

#[test]
fn every_endpoint_answers_what_its_json_command_prints() {
    let workspace = indexed_workspace();
    let server = serve(&workspace);
    let cases: &[(&str, &[&str])] = &[
        (
            "/api/search?q=programmamanagement",
            &["search", "programmamanagement"],
        ),
        (
            "/api/search?q=kind+armoede&city=Hasselt&limit=5&offset=2",
            &[
                "search", "kind", "armoede", "--city", "Hasselt", "--limit", "5", "--offset", "2",
            ],
        ),
        (
            "/api/search?q=programmamagement&kind=recommendation&kind=paragraph",
            &[
                "search",
                "programmamagement",
                "--kind",
                "recommendation",
                "--kind",
                "paragraph",
            ],
        ),
        (
            "/api/search?q=%22sociale+huurwoningen%22&year=2011",
            &["search", "\"sociale huurwoningen\"", "--year", "2011"],
        ),
        (
            "/api/search?q=betaalbaar+wonen&mode=lexical",
            &["search", "betaalbaar", "wonen", "--mode", "lexical"],
        ),
        ("/api/facets", &["facets"]),
        (
            "/api/facets?q=wonen&theme=kindvriendelijkheid",
            &["facets", "wonen", "--theme", "kindvriendelijkheid"],
        ),
        (
            "/api/mentions?term=programmamanagement",
            &["mentions", "programmamanagement"],
        ),
        (
            "/api/mentions?term=OCMW&city=hasselt",
            &["mentions", "OCMW", "--city", "hasselt"],
        ),
        ("/api/show/hasselt-2011:47", &["show", "hasselt-2011:47"]),
        (
            "/api/show/hasselt-2011%3A12?context=3",
            &["show", "hasselt-2011:12", "--context", "3"],
        ),
        ("/api/reports", &["reports"]),
        ("/api/recommendations", &["recommendations"]),
        (
            "/api/recommendations?q=programmamanagement&city=Hasselt&round=2011",
            &[
                "recommendations",
                "programmamanagement",
                "--city",
                "Hasselt",
                "--round",
                "2011",
            ],
        ),
    ];
    for (path, args) in cases {
        let answer = server.get(path);
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        assert_eq!(
            answer.header("content-type"),
            Some("application/json; charset=utf-8"),
            "{path}"
        );
        let expected = cli_json(&workspace, args);
        assert_eq!(answer.json(), expected, "{path} differs from {args:?}");
    }
    // The CSV download is `mentions --csv` to the byte.
    let csv = server.get("/api/mentions.csv?term=programmamanagement&bom=1&sep=%3B");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"vermeldingen-programmamanagement.csv\"")
    );
    let cli = workspace.run(&[
        "mentions",
        "programmamanagement",
        "--csv",
        "--bom",
        "--sep",
        ";",
    ]);
    cli.assert_code(0);
    assert_eq!(csv.body, cli.stdout);
    assert!(csv.body.lines().count() > 2);
    // Not vacuous: the search above found paragraphs.
    let search = server.get("/api/search?q=programmamanagement").json();
    assert!(search["hits"]
        .as_array()
        .is_some_and(|hits| !hits.is_empty()));
}

/// With the model: `mode=hybrid`, `mode=lexical` and the default answer
/// what `search --json` prints with the same `--mode`, over an index the
/// server loaded its vectors from; hybrid adds semantic hits. With USE
/// (`VISIDEX_ENCODER=use`): its cosines for this English query clear the
/// semantic-hit floor, the default e5's do not (README, "Concept search").
#[test]
fn hybrid_search_answers_what_the_cli_prints() {
    let Some(model) = model_support::one_model_or_skip(
        "hybrid_search_answers_what_the_cli_prints",
        visidex::embed::USE_V3_DIR,
    ) else {
        return;
    };
    let workspace = Workspace::new();
    workspace.write("hasselt-2011.txt", seed_text());
    let with_model = |args: &[&str]| {
        let mut command = workspace.command_with_model(&model, args);
        command.env(visidex::embed::ENCODER_VAR, "use");
        command
    };
    let indexed = support::Run::from(with_model(&["index"]).output().expect("index"));
    indexed.assert_code(0);
    assert!(indexed.stderr.contains("embedded"), "{}", indexed.stderr);
    let server = Server::start(with_model(&["serve", "--port", "0"]));
    // Words the report hardly has: what hybrid mode adds is found by meaning.
    let query = "citizen participation in municipal policy";
    let cases: &[(&str, &[&str])] = &[
        ("&mode=hybrid", &["--mode", "hybrid"]),
        ("&mode=lexical", &["--mode", "lexical"]),
        ("", &[]),
        (
            "&mode=hybrid&city=Hasselt&limit=5&offset=3",
            &[
                "--mode", "hybrid", "--city", "Hasselt", "--limit", "5", "--offset", "3",
            ],
        ),
    ];
    for (extra, options) in cases {
        let path = format!("/api/search?q={}{extra}", encode(query));
        let answer = server.get(&path);
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        let mut args = vec!["--json", "search"];
        args.extend_from_slice(options);
        args.push(query);
        let cli = support::Run::from(with_model(&args).output().expect("search"));
        cli.assert_code(0);
        assert_eq!(answer.json(), cli.json(), "{path} differs from {args:?}");
    }
    let hybrid = server
        .get(&format!(
            "/api/search?q={}&mode=hybrid&limit=20",
            encode(query)
        ))
        .json();
    assert_eq!(hybrid["mode"], "hybrid");
    let hits = hybrid["hits"].as_array().expect("hits");
    assert!(
        hits.iter().any(|hit| hit["match"] == "semantic"),
        "no semantic hit: {}",
        hybrid["semantic_total"]
    );
    assert_eq!(
        server
            .get(&format!("/api/search?q={}&mode=lexical", encode(query)))
            .json()["semantic_total"],
        0
    );
}

#[test]
fn errors_are_one_line_with_the_cli_message_and_status() {
    let workspace = indexed_workspace();
    let server = serve(&workspace);
    // A query syntax error: 400 with the CLI's message and the position.
    let answer = server.get("/api/search?q=%22unclosed");
    assert_eq!(answer.status, 400);
    let cli = workspace.run(&["search", "\"unclosed"]);
    cli.assert_code(2);
    let error = answer.json();
    assert_eq!(error["position"], 1);
    let message = error["error"].as_str().expect("error");
    assert!(cli.stderr.contains(message), "{message} vs {}", cli.stderr);
    // `mode`: the CLI's values; hybrid without the model is the CLI's exit 2.
    let answer = server.get("/api/search?q=wonen&mode=dense");
    assert_eq!(answer.status, 400);
    assert!(workspace
        .run(&["search", "wonen", "--mode", "dense"])
        .assert_code(2)
        .stderr
        .contains("dense"));
    let answer = server.get("/api/search?q=wonen&mode=hybrid");
    assert_eq!(answer.status, 400, "{}", answer.body);
    let cli = workspace.run(&["search", "wonen", "--mode", "hybrid"]);
    cli.assert_code(2);
    let message = answer.json()["error"].as_str().expect("error").to_string();
    assert!(message.contains("scripts/fetch-model"), "{message}");
    assert!(cli.stderr.contains(&message), "{message} vs {}", cli.stderr);
    // Without the model the default is lexical, as in the CLI.
    assert_eq!(server.get("/api/search?q=wonen").json()["mode"], "lexical");
    // An unknown filter value: 400, no position.
    let answer = server.get("/api/search?q=wonen&city=Atlantis");
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["position"], Value::Null);
    // Caps: limit and query length, as the CLI's.
    assert_eq!(server.get("/api/search?q=wonen&limit=1000").status, 200);
    assert_eq!(server.get("/api/search?q=wonen&limit=1001").status, 400);
    assert_eq!(server.get("/api/search?q=wonen&limit=-3").status, 400);
    let long = "a".repeat(1001);
    let answer = server.get(&format!("/api/search?q={long}"));
    assert_eq!(answer.status, 400);
    assert!(answer.json()["error"]
        .as_str()
        .is_some_and(|e| e.contains("1000")));
    assert_eq!(server.get("/api/mentions").status, 400);
    // Ids: malformed 400, well-formed but unknown 404.
    for malformed in [
        "/api/show/hasselt-2011",
        "/api/show/x:0",
        "/api/show/%FF%FE:1",
    ] {
        assert_eq!(server.get(malformed).status, 400, "{malformed}");
    }
    for unknown in ["/api/show/hasselt-2011:999999", "/api/show/nergens-2011:1"] {
        let answer = server.get(unknown);
        assert_eq!(answer.status, 404, "{unknown}");
        assert!(answer.json()["error"].is_string());
    }
}

#[test]
fn only_get_and_head_and_only_embedded_files() {
    let workspace = indexed_workspace();
    // A file beside the index that traversal would reach.
    std::fs::write(workspace.dir.path().join("secret.txt"), "geheim").unwrap();
    let server = serve(&workspace);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let answer = request(server.address, method, "/api/search?q=wonen", Some("{}"));
        assert_eq!(answer.status, 405, "{method}");
        assert_eq!(answer.header("allow"), Some("GET, HEAD"));
    }
    let head = request(server.address, "HEAD", "/", None);
    assert_eq!(head.status, 200);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<input type=\"search\" name=\"q\""));
    for path in ["/", "/app.js", "/app.css", "/api/reports", "/nope"] {
        let answer = server.get(path);
        let policy = answer.header("content-security-policy").unwrap_or_default();
        assert!(policy.starts_with("default-src 'self'"), "{path}: {policy}");
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/app.js/../../secret.txt",
        "/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/index/meta.json",
        "/api/../secret.txt",
        "/api/show/..%2f..%2fsecret.txt",
    ] {
        let answer = server.get(path);
        assert!(
            answer.status == 404 || answer.status == 400,
            "{path}: {}",
            answer.status
        );
        assert!(!answer.body.contains("geheim"), "{path}");
        assert!(!answer.body.contains("root:"), "{path}");
    }
}

#[test]
fn forty_concurrent_requests_are_all_answered_correctly() {
    let workspace = indexed_workspace();
    let server = serve(&workspace);
    let paths: Vec<String> = ["programmamanagement", "wonen", "kind armoede", "OCMW"]
        .iter()
        .flat_map(|query| {
            [
                format!("/api/search?q={}", encode(query)),
                format!("/api/facets?q={}", encode(query)),
            ]
        })
        .chain(["/api/mentions?term=duurzaamheid".to_string()])
        .collect();
    let expected: Vec<Value> = paths.iter().map(|path| server.get(path).json()).collect();
    let address = server.address;
    let threads: Vec<_> = (0..40)
        .map(|number| {
            let path = paths[number % paths.len()].clone();
            std::thread::spawn(move || (number, request(address, "GET", &path, None)))
        })
        .collect();
    for thread in threads {
        let (number, answer) = thread.join().expect("request thread");
        assert_eq!(answer.status, 200, "request {number}");
        assert_eq!(
            answer.json(),
            expected[number % paths.len()],
            "request {number}"
        );
    }
}

#[test]
fn a_search_during_an_index_run_answers_from_the_last_commit() {
    let workspace = indexed_workspace();
    let mut server = serve(&workspace);
    let path = "/api/search?q=programmamanagement&limit=1000";
    let before = server.get(path).json();
    let before_total = before["total"].as_u64().expect("total");
    assert!(before_total > 0);
    // Enough whole reports that the run takes a while.
    for number in 1..=12 {
        workspace.write(
            &format!("kopie{number}-2011.txt"),
            seed_text().replace("Hasselt", &format!("Kopie{number}")),
        );
    }
    let mut index: std::process::Child = workspace
        .command(&["index"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start index");
    let mut during = 0;
    let status = loop {
        if let Some(status) = index.try_wait().expect("index run") {
            break status;
        }
        let answer = server.get(path);
        assert_eq!(answer.status, 200, "{}", answer.body);
        let total = answer.json()["total"].as_u64().expect("total");
        // The old commit or the new one, never half a run.
        assert!(
            total == before_total || total == before_total * 13,
            "total {total} during the run"
        );
        if total == before_total {
            during += 1;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success());
    assert!(during > 0, "no search landed during the index run");
    // The next request sees the new commit; the server never refreshed it itself.
    let after = server.get(path).json();
    assert_eq!(after["total"].as_u64(), Some(before_total * 13));
    assert_eq!(
        server.terminate(),
        Some(0),
        "SIGTERM ends the server with 0"
    );
}

#[test]
fn without_an_index_serve_builds_it_from_the_corpus_first() {
    let workspace = Workspace::new();
    workspace.write("hasselt-2011.txt", seed_text());
    let server = serve(&workspace);
    assert!(
        server
            .before_listening
            .iter()
            .any(|line| line.contains("no index") && line.contains("building it")),
        "{:?}",
        server.before_listening
    );
    assert!(workspace.index().join("visidex.json").is_file());
    let answer = server.get("/api/search?q=programmamanagement").json();
    assert!(answer["total"].as_u64().unwrap_or(0) > 0, "{answer}");
    // The next start finds the index current: no second build.
    drop(server);
    let again = serve(&workspace);
    assert!(
        !again
            .before_listening
            .iter()
            .any(|line| line.contains("building")),
        "{:?}",
        again.before_listening
    );
}

#[test]
fn without_an_index_or_a_corpus_serve_says_so_and_exits_1() {
    let workspace = Workspace::new();
    std::fs::remove_dir(workspace.corpus()).expect("remove the empty corpus folder");
    let run = workspace.run(&["serve", "--port", "0"]);
    run.assert_code(1);
    assert!(run.stderr.contains("no corpus folder"), "{}", run.stderr);
    assert!(!workspace.index().exists(), "nothing created");
}

#[test]
fn a_report_saved_into_the_corpus_while_serving_becomes_searchable() {
    let workspace = indexed_workspace();
    let server = serve(&workspace);
    let cities = |server: &Server| -> Vec<String> {
        let answer = server.get("/api/reports").json();
        answer
            .as_array()
            .map(|reports| {
                reports
                    .iter()
                    .filter_map(|report| report["city"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(cities(&server), ["Hasselt"], "one report to begin with");
    let gent = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/generated/gent-2005-00004.txt"),
    )
    .expect("the generated Gent fixture");
    workspace.write("gent-2005.txt", gent);
    // The server looks every 2 s; an update of one small report takes well under a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut seen = cities(&server);
    while seen.len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
        seen = cities(&server);
    }
    seen.sort();
    assert_eq!(
        seen,
        ["Gent", "Hasselt"],
        "the new report is served without a restart"
    );
    let answer = server.get("/api/search?q=stedenfonds&city=Gent").json();
    assert!(answer["total"].as_u64().unwrap_or(0) > 0, "{answer}");
    // The CLI sees the same commit: nothing left for it to update.
    let run = workspace.run(&["search", "stedenfonds"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("updating"), "{}", run.stderr);
}

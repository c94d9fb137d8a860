//! The page in a real browser: `visidex serve --port 0` driven through
//! headless Chromium over WebDriver (Debian's `chromium` + `chromium-driver`;
//! a minimal W3C WebDriver client over the test helpers' HTTP client, so no
//! browser-automation crate is needed). Without Chromium the test prints
//! `SKIPPED: …` and passes — unless `VISIDEX_REQUIRE_ALL=1` (CI) is set.

mod model_support;
mod serve_support;
mod support;

use serde_json::{json, Value};
use serve_support::{repo_corpus, request, Server};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{seed_text, Workspace};

const WAIT: Duration = Duration::from_secs(15);

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium and its driver, or why the test cannot run.
/// Chromium and its driver, or skip (`None`, after printing `SKIPPED: <reason>`);
/// under `VISIDEX_REQUIRE_ALL=1` a missing browser fails the test.
fn browser_or_skip() -> Option<(PathBuf, PathBuf)> {
    match browser() {
        Ok(found) => Some(found),
        Err(reason) => {
            assert!(
                std::env::var("VISIDEX_REQUIRE_ALL").as_deref() != Ok("1"),
                "VISIDEX_REQUIRE_ALL=1 but {reason}"
            );
            println!("SKIPPED: {reason}");
            None
        }
    }
}

fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"])
        .ok_or("chromium is not installed (apt-get install chromium chromium-driver)")?;
    let driver = find_program(&["chromedriver"])
        .ok_or("chromedriver is not installed (apt-get install chromium-driver)")?;
    Ok((chromium, driver))
}

/// A chromedriver process and one browser session.
struct Browser {
    driver: Child,
    address: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &std::path::Path, driver: &std::path::Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let address: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
        let started = Instant::now();
        while std::net::TcpStream::connect(address).is_err() {
            assert!(started.elapsed() < WAIT, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut browser = Browser {
            driver,
            address,
            session: String::new(),
            _profile: profile,
        };
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", browser._profile.path().display()),
                ]
            }
        }}});
        let answer = browser.call("POST", "/session", Some(capabilities));
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        browser
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|body| body.to_string());
        let answer = request(self.address, method, path, body.as_deref());
        let value: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
        assert!(answer.status < 300, "{method} {path}: {}", answer.body);
        value["value"].clone()
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn open(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    fn back(&self) {
        self.session_call("POST", "/back", Some(json!({})));
    }

    fn run(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Wait until `script` (a JS expression) is truthy; its last value.
    fn wait_for(&self, what: &str, expression: &str) -> Value {
        let started = Instant::now();
        loop {
            let value = self.run(&format!("return ({expression});"));
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if truthy {
                return value;
            }
            assert!(started.elapsed() < WAIT, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn element(&self, css: &str) -> String {
        let value = self.session_call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        value
            .as_object()
            .and_then(|object| object.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let element = self.element(css);
        self.session_call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css);
        self.session_call(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        );
        self.session_call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = std::panic::catch_unwind(|| request(self.address, "DELETE", &path, None));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The seed report as another city's (the name in the text and in the
/// `DE VISITATIE VAN …` heading the city is read from).
fn as_city(text: &str, city: &str) -> String {
    text.replace("Hasselt", city)
        .replace("HASSELT", &city.to_uppercase())
}

/// Two cities (so a city facet has something to filter out) and a report
/// whose text holds markup that must stay text.
fn workspace() -> Workspace {
    let workspace = Workspace::new();
    workspace.write("hasselt-2011.txt", seed_text());
    workspace.write("vergelijk-2011.txt", as_city(&seed_text(), "Vergelijkstad"));
    let hostile = format!(
        "{}\nDe commissie noteert xsstoets <script>window.__pwned = 1</script> en \
         <img src=x onerror=\"window.__pwned = 2\"> als gewone tekst.\n",
        as_city(
            &seed_text().lines().take(400).collect::<Vec<_>>().join("\n"),
            "Markupstad"
        )
    );
    workspace.write("markup-2011.txt", hostile);
    let themes = std::fs::read(repo_corpus().join("themes.toml")).expect("themes.toml");
    workspace.write("themes.toml", themes);
    workspace.run(&["index"]).assert_code(0);
    workspace
}

#[test]
fn the_page_in_headless_chromium() {
    let Some((chromium, driver)) = browser_or_skip() else {
        return;
    };
    let workspace = workspace();
    let server = Server::start(workspace.command(&["serve", "--port", "0"]));
    let browser = Browser::start(&chromium, &driver);

    // 1. A link with a query: marked hits with page citations, city facets.
    browser.open(&server.url("/?q=programmamanagement"));
    browser.wait_for("hits", "document.querySelectorAll('.hit').length > 0");
    let marks = browser.run(
        "return [...document.querySelectorAll('.hit .snippet mark')].map(m => m.textContent.toLowerCase());",
    );
    let marks = marks.as_array().cloned().unwrap_or_default();
    assert!(!marks.is_empty(), "no <mark> in the snippets");
    assert!(marks.iter().any(|mark| mark
        .as_str()
        .is_some_and(|m| m.contains("programmamanagement"))));
    let cites =
        browser.run("return [...document.querySelectorAll('.hit .cite')].map(c => c.textContent);");
    assert!(cites.as_array().is_some_and(|cites| cites
        .iter()
        .all(|c| c.as_str().is_some_and(|c| c.contains("p. ")))));
    let cities = browser.run(
        "return [...document.querySelectorAll('[data-facet=city]')].map(b => b.dataset.value);",
    );
    for city in ["Hasselt", "Vergelijkstad"] {
        assert!(
            cities
                .as_array()
                .is_some_and(|cities| cities.contains(&json!(city))),
            "no {city} facet in {cities}"
        );
    }
    let first_query_hits =
        browser.run("return [...document.querySelectorAll('.hit')].map(h => h.dataset.id);");

    // 2. Type another query: the URL and the hits change.
    let history_before = browser.run("return history.length;");
    browser.type_into("#q", "kindvriendelijkheid");
    browser.wait_for(
        "the new query in the URL",
        "new URLSearchParams(location.search).get('q') === 'kindvriendelijkheid'",
    );
    browser.wait_for(
        "the new hits",
        "document.querySelector('.summary q') && document.querySelector('.summary q').textContent === 'kindvriendelijkheid'",
    );
    browser.wait_for(
        "one history entry for the settled query",
        &format!("history.length === {} + 1", history_before),
    );
    let second_query_hits =
        browser.run("return [...document.querySelectorAll('.hit')].map(h => h.dataset.id);");
    assert_ne!(first_query_hits, second_query_hits);

    // 3. Back: the previous query and its hits.
    browser.back();
    browser.wait_for(
        "the previous hits after Back",
        "document.querySelector('.summary q') && document.querySelector('.summary q').textContent === 'programmamanagement'",
    );
    assert_eq!(
        browser.run("return document.getElementById('q').value;"),
        json!("programmamanagement")
    );
    assert_eq!(
        browser.run("return [...document.querySelectorAll('.hit')].map(h => h.dataset.id);"),
        first_query_hits
    );

    // 3b. The mode toggle: without the model, meaning is off and says so;
    // `mode=lexical` in a link is kept in the URL and asked of the API.
    assert_eq!(
        browser.run("return [document.querySelector('#mode input[value=\"\"]').disabled, document.querySelector('#mode input[value=lexical]').checked];"),
        json!([true, true])
    );
    browser.open(&server.url("/?q=programmamanagement&mode=lexical"));
    browser.wait_for(
        "lexical hits",
        "document.querySelectorAll('.hit').length > 0",
    );
    assert_eq!(
        browser.run("return [document.querySelector('#mode input[value=lexical]').checked, new URLSearchParams(location.search).get('mode'), document.querySelectorAll('.hit .semantic').length];"),
        json!([true, "lexical", 0])
    );

    // 4. A city facet: only that city's hits, the filter in the URL and removable.
    browser.click("[data-facet=city][data-value=Vergelijkstad]");
    browser.wait_for(
        "hits of one city",
        "location.search.includes('city=Vergelijkstad') && document.querySelectorAll('.hit').length > 0 && [...document.querySelectorAll('.hit')].every(h => h.dataset.city === 'Vergelijkstad')",
    );
    assert!(browser
        .run("return document.querySelectorAll('.chip').length;")
        .as_u64()
        .is_some_and(|n| n >= 1));

    // 5. The mentions view draws a chart.
    browser.click(".views a[data-view=mentions]");
    browser.wait_for(
        "a bar chart",
        "document.querySelectorAll('svg.bars rect.bar').length > 0",
    );
    assert!(browser
        .run("return location.search;")
        .as_str()
        .is_some_and(|s| s.contains("view=mentions")));

    // 6. Markup in a report is shown as text, and nothing of it runs.
    browser.open(&server.url("/?q=xsstoets"));
    browser.wait_for(
        "the markup hit",
        "document.querySelectorAll('.hit').length > 0",
    );
    let snippet = browser.run("return document.querySelector('.hit .snippet').textContent;");
    let snippet = snippet.as_str().unwrap_or_default();
    assert!(
        snippet.contains("<script>") || snippet.contains("<img"),
        "{snippet}"
    );
    browser.click(".hit .hit-actions button");
    browser.wait_for("the context", "document.querySelector('.context .focus')");
    let shown = browser.run("return document.querySelector('.context .focus').textContent;");
    assert!(
        shown.as_str().is_some_and(|text| text.contains("<script>")),
        "{shown}"
    );
    assert_eq!(
        browser.run("return [window.__pwned === undefined, document.querySelectorAll('main img, main script').length];"),
        json!([true, 0])
    );
    browser.open(&server.url("/?q=xsstoets&view=mentions"));
    browser.wait_for(
        "the markup mention",
        "document.querySelectorAll('.mentions .hit').length > 0",
    );
    assert_eq!(
        browser.run("return [window.__pwned === undefined, document.querySelectorAll('main img, main script').length];"),
        json!([true, 0])
    );
}

/// With the model: hits found by meaning carry the "op betekenis" tag, the
/// summary counts them, and "Alleen trefwoorden" removes them (URL too).
#[test]
fn semantic_hits_are_marked_on_the_page() {
    let Some((chromium, driver)) = browser_or_skip() else {
        return;
    };
    // With USE: its cosines for this English query clear the semantic-hit
    // floor, the default e5's do not (README, "Concept search").
    let Some(model) = model_support::one_model_or_skip(
        "semantic_hits_are_marked_on_the_page",
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
    let indexed = with_model(&["index"]).output().expect("index");
    assert!(indexed.status.success());
    let server = Server::start(with_model(&["serve", "--port", "0"]));
    let browser = Browser::start(&chromium, &driver);
    browser.open(&server.url("/?q=citizen+participation+in+municipal+policy"));
    browser.wait_for(
        "a hit marked as found by meaning",
        "document.querySelectorAll('.hit .semantic').length > 0",
    );
    assert!(browser
        .run("return document.querySelector('.semantic-total') !== null;")
        .as_bool()
        .unwrap_or(false));
    browser.click("#mode input[value=lexical]");
    browser.wait_for(
        "lexical hits only",
        "new URLSearchParams(location.search).get('mode') === 'lexical' && document.querySelector('.summary') && document.querySelectorAll('.hit .semantic').length === 0 && !document.querySelector('.semantic-total')",
    );
    browser.back();
    browser.wait_for(
        "the hybrid hits again after Back",
        "!location.search.includes('mode=') && document.querySelectorAll('.hit .semantic').length > 0",
    );
}

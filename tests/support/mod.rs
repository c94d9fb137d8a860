//! The integration tests' one helper module: run the real `visidex` binary
//! against temporary corpus and index folders, decode its output, and build
//! odd inputs.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The seed report every generated corpus is made from.
pub fn seed_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/hasselt-2011.txt");
    std::fs::read_to_string(path).expect("seed report corpus/hasselt-2011.txt")
}

/// A temporary corpus folder and index folder side by side.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        Workspace { dir }
    }

    /// A workspace whose corpus is the shipped one: the seed report and `themes.toml`.
    pub fn with_seed() -> Workspace {
        let workspace = Workspace::new();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for name in ["hasselt-2011.txt", "themes.toml"] {
            std::fs::copy(shipped.join(name), workspace.corpus().join(name)).unwrap();
        }
        workspace
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// `visidex --index … --corpus … ARGS`, run in the workspace folder.
    /// [`Workspace::command`] with the sentence-encoder model of `model` (`VISIDEX_MODEL`).
    pub fn command_with_model(&self, model: &Path, args: &[&str]) -> Command {
        let mut command = self.command(args);
        command.env("VISIDEX_MODEL", model);
        command
    }

    pub fn command(&self, args: &[&str]) -> Command {
        // `VISIDEX_TEST_BIN` lets a long stress loop run a frozen copy of the
        // binary while the tree is rebuilt.
        let binary = std::env::var_os("VISIDEX_TEST_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_visidex")));
        let mut command = Command::new(binary);
        command
            .current_dir(self.dir.path())
            // Global options first, so `ARGS` may end in `-- QUERY`.
            .arg("--index")
            .arg(self.index())
            .arg("--corpus")
            .arg(self.corpus())
            .args(args)
            .env_remove("VISIDEX_INDEX")
            .env_remove("VISIDEX_CORPUS")
            // Lexical only: tests that embed say so (tests/hybrid_cli.rs).
            .env("VISIDEX_MODEL", "/nonexistent/visidex-model");
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run visidex"))
    }
}

/// A finished run: exit code and both streams as text.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            // A signal (a panic abort, a crash) has no code: make it fail every check.
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The run ended with `code` and never panicked.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert!(
            !self.stderr.contains("panicked"),
            "visidex panicked:\n{}",
            self.stderr
        );
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// stderr holds `needle`; `context` names the run in the failure message.
    pub fn assert_stderr_has(&self, needle: &str, context: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "{context}: stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Lines on stderr that are errors.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|line| line.contains("error"))
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", self.stdout))
    }
}

/// Text encoded as UTF-16 with a byte-order mark.
pub fn utf16_with_bom(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

impl Workspace {
    /// `count` reports made from the seed's first `lines` lines, each with its
    /// own file name and city, so that the corpus is many distinct reports.
    pub fn many_reports(&self, count: usize, lines: usize) {
        let head: String = seed_text()
            .lines()
            .take(lines)
            .map(|line| format!("{line}\n"))
            .collect();
        for number in 1..=count {
            let city = format!("Stad{number}");
            self.write(
                &format!("stad{number}-2011.txt"),
                head.replace("Hasselt", &city),
            );
        }
    }

    /// `visidex reports --json` as report id → paragraph count.
    pub fn report_paragraphs(&self) -> std::collections::BTreeMap<String, u64> {
        let run = self.run(&["reports", "--json"]);
        run.assert_code(0);
        let mut counts = std::collections::BTreeMap::new();
        for report in run.json().as_array().expect("a JSON array").iter() {
            let id = report["id"].as_str().expect("id").to_string();
            let paragraphs = report["paragraphs"].as_u64().expect("paragraphs");
            assert!(
                counts.insert(id.clone(), paragraphs).is_none(),
                "report {id} listed twice"
            );
        }
        counts
    }

    /// Paragraph documents really in the index (`facets --json` total): a
    /// report indexed twice would show here even if the bookkeeping hid it.
    pub fn indexed_paragraphs(&self) -> u64 {
        let run = self.run(&["facets", "--json"]);
        run.assert_code(0);
        run.json()["total"].as_u64().expect("total")
    }
}

/// A pseudo-random number below `bound`, from the clock (tests print it, so a
/// failing delay can be replayed).
pub fn clock_random(bound: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|duration| duration.subsec_nanos() as u64 ^ duration.as_secs())
        .unwrap_or(0);
    // splitmix64 step, so consecutive calls are not close.
    let mut z = nanos.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) % bound.max(1)
}

/// Records of a CSV document (RFC 4180: quoted fields may hold the separator,
/// doubled quotes and line breaks), without a leading BOM.
pub fn csv_records(text: &str, separator: char) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) if c == separator => record.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    records
}

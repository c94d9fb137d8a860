//! Shared helpers for the robustness tests: run the real `visidex` binary
//! against temporary corpus and index folders, and build odd inputs.
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

    /// `visidex ARGS --index … --corpus …`, run in the workspace folder.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_visidex"));
        command
            .current_dir(self.dir.path())
            .args(args)
            .arg("--index")
            .arg(self.index())
            .arg("--corpus")
            .arg(self.corpus())
            .env_remove("VISIDEX_INDEX")
            .env_remove("VISIDEX_CORPUS");
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

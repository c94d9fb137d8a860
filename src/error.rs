//! The library's one error type. Each variant carries what the CLI needs to
//! print one clear line (file and line, or query and position) and to choose
//! the exit code: usage and query errors are 2, everything else 1.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file that is not a readable report (empty, binary, a PDF, …).
    #[error("{}: {message}", path.display())]
    NotAReport { path: PathBuf, message: String },
    /// A report whose text could not be parsed, at a source line.
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A query that does not parse; `position` is a 1-based character position.
    #[error("query {query:?}, at position {position}: {message}")]
    Query {
        query: String,
        position: usize,
        message: String,
    },
    /// A usage error found after argument parsing (e.g. an unknown filter value).
    #[error("{0}")]
    Usage(String),
    /// The index is missing, of another version, or damaged.
    #[error("{0}")]
    Index(String),
    /// Another process is writing the index (see `index::lock`).
    #[error("{}: the index is busy: another `visidex index` is writing it; try again when it has finished", index.display())]
    Busy { index: PathBuf },
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit code this error should end with (CONTRACT.md).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Query { .. } | Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

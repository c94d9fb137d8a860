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
    #[error("query {}, at position {position}: {message}", query_excerpt(.query, *.position))]
    Query {
        query: String,
        position: usize,
        message: String,
    },
    /// A usage error found after argument parsing (e.g. an unknown filter value).
    #[error("{0}")]
    Usage(String),
    /// A filter value the index does not hold (`--city Atlantis`). Displayed
    /// as one line; when the known values are too many for it, the line
    /// says how many there are and [`Error::details`] holds the closest few.
    #[error("{}", unknown_line(.what, .plural, .value, .known, *.total))]
    UnknownValue {
        /// `city`, `theme`, `year`, …
        what: String,
        plural: String,
        value: String,
        /// All known values when they fit on the line, else the closest few.
        known: Vec<String>,
        /// How many values are known.
        total: usize,
    },
    /// A well-formed name of something that is not in the index (a paragraph id).
    #[error("{0}")]
    NotFound(String),
    /// The index is missing, of another version, or damaged.
    #[error("{0}")]
    Index(String),
    /// Another process is writing the index (see `index::lock`).
    #[error("{}: the index is busy: another `visidex index` is writing it; try again when it has finished", index.display())]
    Busy { index: PathBuf },
    /// Writing the answer failed (serialising it, not the pipe it goes to).
    #[error("output: {0}")]
    Output(String),
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The sentence-encoder model (concept search) is unreadable.
    #[error("sentence-encoder model: {0}")]
    Model(#[from] crate::embed::ModelError),
}

/// At most this many known values are listed on the error line itself.
pub const KNOWN_ON_ONE_LINE: usize = 16;

fn unknown_line(what: &str, plural: &str, value: &str, known: &[String], total: usize) -> String {
    if total == 0 {
        return format!("unknown {what} `{value}`: the index holds no {plural}");
    }
    if known.len() == total {
        return format!(
            "unknown {what} `{value}`; known {plural}: {}",
            known.join(", ")
        );
    }
    format!("unknown {what} `{value}`; the index holds {total} {plural}, the closest are:")
}

/// The query as quoted in an error: whole when short, else a window around
/// `position` (a 10,000-character query must not become a 10,000-character line).
fn query_excerpt(query: &str, position: usize) -> String {
    const WHOLE: usize = 100;
    const AROUND: usize = 30;
    let length = query.chars().count();
    if length <= WHOLE {
        return format!("{query:?}");
    }
    let start = position.saturating_sub(AROUND + 1);
    let end = (position + AROUND).min(length);
    let window: String = query.chars().skip(start).take(end - start).collect();
    format!(
        "{}{window:?}{} ({length} characters)",
        if start > 0 { "…" } else { "" },
        if end < length { "…" } else { "" }
    )
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Lines that follow the error's one line on stderr: the closest known
    /// values of an unknown filter value, and how many more there are.
    pub fn details(&self) -> Vec<String> {
        match self {
            Error::UnknownValue {
                known,
                total,
                plural,
                ..
            } if known.len() < *total => {
                let mut lines = known.clone();
                lines.push(format!(
                    "… and {} more {plural} (`visidex facets` counts them all)",
                    total - known.len()
                ));
                lines
            }
            _ => Vec::new(),
        }
    }

    /// The process exit code this error should end with (CONTRACT.md).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Query { .. }
            | Error::Usage(_)
            | Error::UnknownValue { .. }
            | Error::NotFound(_) => 2,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_queries_are_quoted_as_a_window() {
        let short = Error::Query {
            query: "a \"b".into(),
            position: 3,
            message: "unbalanced quote".into(),
        };
        assert_eq!(
            short.to_string(),
            "query \"a \\\"b\", at position 3: unbalanced quote"
        );
        let long = Error::Query {
            query: format!("{}-", "x".repeat(9_999)),
            position: 10_000,
            message: "a lone `-`".into(),
        };
        let text = long.to_string();
        assert!(text.len() < 120, "{text}");
        assert!(text.starts_with("query …\"xxx"), "{text}");
        assert!(
            text.contains("x-\" (10000 characters), at position 10000"),
            "{text}"
        );
    }
}

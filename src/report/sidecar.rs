//! The optional sidecar `corpus/<id>.toml`: values that override what the
//! parser detects from the text (title, city, year, date).

use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub title: Option<String>,
    pub city: Option<String>,
    pub year: Option<i32>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
}

impl Sidecar {
    /// The sidecar beside a report file (`x/hasselt-2011.txt` → `x/hasselt-2011.toml`),
    /// with its text; the default when there is none.
    pub fn load_beside(report: &Path) -> Result<(Sidecar, Option<String>)> {
        let path = report.with_extension("toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Sidecar::default(), None))
            }
            Err(source) => return Err(Error::io(path, source)),
        };
        let sidecar = Sidecar::parse(&text, &path)?;
        Ok((sidecar, Some(text)))
    }

    pub fn parse(text: &str, path: &Path) -> Result<Sidecar> {
        toml::from_str(text).map_err(|error| Error::Parse {
            path: path.to_path_buf(),
            line: error
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1),
            message: error.message().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_overrides_and_rejects_unknown_keys() {
        let sidecar =
            Sidecar::parse("city = \"Gent\"\nyear = 2017\n", Path::new("g.toml")).unwrap();
        assert_eq!(sidecar.city.as_deref(), Some("Gent"));
        assert_eq!(sidecar.year, Some(2017));
        let error = Sidecar::parse("cty = \"Gent\"\n", Path::new("g.toml")).unwrap_err();
        assert!(error.to_string().starts_with("g.toml:1"), "{error}");
    }
}

//! The API's query string, read the way the CLI reads its options: the same
//! names (`q`/`term`, `city`, `theme`, `kind`, `year`, `cites`, `limit`,
//! `offset`, `mode`, `context`, `round`), repeated parameters collected in order
//! (OR-ed like repeated options). The caps are the CLI's own checks
//! (`crate::api`), applied by the endpoints. A bad value is a usage error,
//! which the server answers with 400 as the CLI exits with 2.

use crate::dense::Mode;
use crate::error::{Error, Result};
use crate::output::format::CsvOptions;
use crate::search::Filters;
use clap::ValueEnum;

/// A decoded query string: (name, value) pairs in the order given.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decode `a=1&b=x+y` (percent-encoding and `+` for space).
    pub fn parse(raw: Option<&str>) -> Params {
        let pairs = raw
            .map(|raw| {
                form_urlencoded::parse(raw.as_bytes())
                    .map(|(name, value)| (name.into_owned(), value.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Params { pairs }
    }

    /// Every value of `name`, in order, empty ones left out (a form's empty
    /// field means "not given").
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// The last value of `name` (a repeated single option: the last wins, as with clap).
    pub fn last(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.as_str())
    }

    /// A query text (`q` or `term`): its values joined by spaces, as the
    /// CLI joins its QUERY words.
    pub fn query(&self, name: &str) -> String {
        self.all(name).join(" ")
    }

    /// A required query text: present and not blank.
    pub fn required_query(&self, name: &str) -> Result<String> {
        let text = self.query(name);
        if text.trim().is_empty() {
            return Err(Error::Usage(format!("the parameter `{name}` is required")));
        }
        Ok(text)
    }

    /// A non-negative number, `default` when absent.
    pub fn number(&self, name: &str, default: usize) -> Result<usize> {
        match self.last(name) {
            None => Ok(default),
            Some(value) => value.trim().parse().map_err(|_| {
                Error::Usage(format!(
                    "invalid value {value:?} for `{name}`: expected a whole number ≥ 0"
                ))
            }),
        }
    }

    /// `mode` (`lexical` or `hybrid`, as `--mode`); absent: the default.
    pub fn mode(&self) -> Result<Option<Mode>> {
        let Some(value) = self.last("mode") else {
            return Ok(None);
        };
        Mode::from_str(value.trim(), false).map(Some).map_err(|_| {
            Error::Usage(format!(
                "invalid value {value:?} for `mode`: expected lexical or hybrid"
            ))
        })
    }

    /// Every value of a year-like parameter (`year`, `round`).
    pub fn years(&self, name: &str) -> Result<Vec<i32>> {
        self.all(name)
            .iter()
            .map(|value| {
                value.trim().parse::<i32>().map_err(|_| {
                    Error::Usage(format!(
                        "invalid value {value:?} for `{name}`: expected a year"
                    ))
                })
            })
            .collect()
    }

    /// `sep` (one character, default `,`) and `bom` (`1`/`true`), as `--sep` and `--bom`.
    pub fn csv_options(&self) -> Result<CsvOptions> {
        let separator = match self.last("sep") {
            None => ',',
            Some(text) => {
                let mut characters = text.chars();
                match (characters.next(), characters.next()) {
                    (Some(separator), None)
                        if !matches!(separator, '"' | '\r' | '\n')
                            && !separator.is_alphanumeric() =>
                    {
                        separator
                    }
                    _ => {
                        return Err(Error::Usage(format!(
                            "{text:?} is not a separator: give one character such as ',' or ';'"
                        )))
                    }
                }
            }
        };
        let bom = matches!(self.last("bom"), Some("1" | "true" | "yes"));
        Ok(CsvOptions { separator, bom })
    }

    /// The paragraph filters (`--city`, `--theme`, `--kind`, `--year`, `--cites`).
    pub fn filters(&self) -> Result<Filters> {
        let year = self.years("year")?;
        Ok(Filters {
            city: self.all("city"),
            theme: self.all("theme"),
            kind: self.all("kind"),
            year,
            cites: self.all("cites"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_parameters_are_kept_in_order_and_decoded() {
        let params = Params::parse(Some("q=sociale+huur%C3%A9&city=Gent&city=Hasselt&city="));
        assert_eq!(params.query("q"), "sociale huuré");
        assert_eq!(params.all("city"), ["Gent", "Hasselt"]);
        assert!(params.all("theme").is_empty());
        assert_eq!(Params::parse(Some("q=a&q=b")).query("q"), "a b");
    }

    #[test]
    fn bad_numbers_are_usage_errors() {
        for raw in ["limit=-1", "limit=ten", "limit=1e3"] {
            let error = Params::parse(Some(raw)).number("limit", 10).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{raw}");
        }
        assert_eq!(
            Params::parse(Some("limit=1000"))
                .number("limit", 10)
                .unwrap(),
            1000
        );
        assert_eq!(Params::parse(None).number("limit", 10).unwrap(), 10);
        let error = Params::parse(Some("year=twenty")).filters().unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert_eq!(
            Params::parse(Some("round=2005&round=2011"))
                .years("round")
                .unwrap(),
            [2005, 2011]
        );
    }

    #[test]
    fn mode_as_the_cli_reads_it() {
        assert_eq!(Params::parse(None).mode().unwrap(), None);
        assert_eq!(
            Params::parse(Some("mode=lexical")).mode().unwrap(),
            Some(Mode::Lexical)
        );
        assert_eq!(
            Params::parse(Some("mode=hybrid")).mode().unwrap(),
            Some(Mode::Hybrid)
        );
        // Case-sensitive, as `--mode` is.
        for bad in ["mode=dense", "mode=Hybrid"] {
            let error = Params::parse(Some(bad)).mode().unwrap_err();
            assert_eq!(error.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn csv_options_as_the_cli_reads_them() {
        let options = Params::parse(Some("sep=%3B&bom=1")).csv_options().unwrap();
        assert_eq!((options.separator, options.bom), (';', true));
        assert_eq!(
            Params::parse(None).csv_options().unwrap(),
            CsvOptions::default()
        );
        for bad in ["sep=ab", "sep=x", "sep=%22"] {
            assert!(Params::parse(Some(bad)).csv_options().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_blank_required_query_is_refused() {
        assert!(Params::parse(Some("term=+"))
            .required_query("term")
            .is_err());
        assert_eq!(
            Params::parse(Some("term=OCMW"))
                .required_query("term")
                .unwrap(),
            "OCMW"
        );
    }
}

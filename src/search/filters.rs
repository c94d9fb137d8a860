//! `--city`, `--theme`, `--kind`, `--year`: user values → facet and year
//! terms. Values are matched case- and accent-insensitively against the values
//! the index actually holds (read from the facet term dictionaries, a few
//! hundred terms at most); an unknown value is a usage error that lists the
//! known ones. Repeated values of one filter are OR-ed, filters AND-ed.

use crate::analysis::fold_str;
use crate::error::{Error, Result};
use crate::index::schema::{kind_facet, Fields};
use crate::model::Kind;
use std::collections::BTreeSet;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, Term};
use tantivy::Searcher;

/// The filters of one command, as the user typed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub city: Vec<String>,
    /// `theme` or `theme/section`.
    pub theme: Vec<String>,
    pub kind: Vec<String>,
    pub year: Vec<i32>,
    /// Centre cities the paragraph cites (`crate::cities`).
    pub cites: Vec<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.city.is_empty()
            && self.theme.is_empty()
            && self.kind.is_empty()
            && self.year.is_empty()
            && self.cites.is_empty()
    }
}

/// The filters as one query (all must hold), `None` when there are none.
pub fn filter_query(
    filters: &Filters,
    searcher: &Searcher,
    fields: &Fields,
) -> Result<Option<Box<dyn Query>>> {
    let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !filters.city.is_empty() {
        let known = facet_values(searcher, fields.city)?;
        let facets = resolve_cities(&filters.city, &known)?;
        required.push((Occur::Must, any_of(fields.city, facets)));
    }
    if !filters.theme.is_empty() {
        let known = facet_values(searcher, fields.theme)?;
        let facets = resolve_facets(&filters.theme, &known, "theme", "themes")?;
        required.push((Occur::Must, any_of(fields.theme, facets)));
    }
    if !filters.kind.is_empty() {
        let facets = filters
            .kind
            .iter()
            .map(|name| {
                Kind::parse(name).map(kind_facet).ok_or_else(|| {
                    let known: Vec<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
                    unknown("kind", "kinds", name, &known)
                })
            })
            .collect::<Result<Vec<_>>>()?;
        required.push((Occur::Must, any_of(fields.kind, facets)));
    }
    if !filters.year.is_empty() {
        let known = year_values(searcher, fields.year)?;
        let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for year in &filters.year {
            let year = u64::try_from(*year)
                .ok()
                .filter(|year| known.contains(year));
            let Some(year) = year else {
                let names: Vec<String> = known.iter().map(u64::to_string).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let typed = filters
                    .year
                    .iter()
                    .find(|y| u64::try_from(**y).ok().is_none_or(|y| !known.contains(&y)));
                return Err(unknown(
                    "year",
                    "years",
                    &typed.map(i32::to_string).unwrap_or_default(),
                    &names,
                ));
            };
            let term = Term::from_field_u64(fields.year, year);
            terms.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        required.push((Occur::Must, Box::new(BooleanQuery::new(terms))));
    }
    if !filters.cites.is_empty() {
        // Resolved against the fixed list of centre cities, not the index:
        // a city nobody cites is zero hits, not an unknown value.
        let facets = filters
            .cites
            .iter()
            .map(|name| {
                crate::cities::canonical_city(name)
                    .map(|city| Facet::from_path([city]))
                    .ok_or_else(|| {
                        unknown(
                            "cited city",
                            "centre cities",
                            name,
                            &crate::cities::CENTRE_CITIES,
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        required.push((Occur::Must, any_of(fields.cites, facets)));
    }
    Ok(match required.len() {
        0 => None,
        _ => Some(Box::new(BooleanQuery::new(required))),
    })
}

fn any_of(field: Field, facets: Vec<Facet>) -> Box<dyn Query> {
    let subqueries = facets
        .into_iter()
        .map(|facet| {
            let query = TermQuery::new(Term::from_facet(field, &facet), IndexRecordOption::Basic);
            (Occur::Should, Box::new(query) as Box<dyn Query>)
        })
        .collect();
    Box::new(BooleanQuery::new(subqueries))
}

/// Each typed city → the indexed city it names, spelt as `crate::cities`
/// compares names (`Brussel` is the VGC, `sint niklaas` Sint-Niklaas).
fn resolve_cities(typed: &[String], known: &BTreeSet<Vec<String>>) -> Result<Vec<Facet>> {
    let cities: Vec<&str> = known
        .iter()
        .filter(|path| path.len() == 1)
        .map(|path| path[0].as_str())
        .collect();
    typed
        .iter()
        .map(|value| {
            cities
                .iter()
                .find(|city| crate::cities::names_city(value, city))
                .map(|city| Facet::from_path([*city]))
                .ok_or_else(|| unknown("city", "cities", value, &cities))
        })
        .collect()
}

/// Each typed value → the indexed facet it names (`theme/section` → two levels).
fn resolve_facets(
    typed: &[String],
    known: &BTreeSet<Vec<String>>,
    what: &str,
    plural: &str,
) -> Result<Vec<Facet>> {
    typed
        .iter()
        .map(|value| {
            let wanted: Vec<String> = match value.split_once('/') {
                Some((first, rest)) => vec![fold_key(first), fold_key(rest)],
                None => vec![fold_key(value)],
            };
            known
                .iter()
                .find(|path| {
                    path.iter()
                        .map(|level| fold_key(level))
                        .eq(wanted.iter().cloned())
                })
                .map(|path| Facet::from_path(path.iter()))
                .ok_or_else(|| {
                    let names: Vec<String> = known
                        .iter()
                        .filter(|path| path.len() == wanted.len())
                        .map(|path| path.join("/"))
                        .collect();
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    match wanted.len() {
                        1 => unknown(what, plural, value, &names),
                        _ => unknown(&format!("{what}/section"), "theme/sections", value, &names),
                    }
                })
        })
        .collect()
}

fn fold_key(text: &str) -> String {
    fold_str(text.trim()).to_lowercase()
}

/// An unknown value: all known values when they fit on the error line, else
/// the closest few (by edit distance, folded) for the lines below it.
pub fn unknown(what: &str, plural: &str, value: &str, known: &[&str]) -> Error {
    const CLOSEST: usize = 5;
    let total = known.len();
    let known: Vec<String> = if total <= crate::error::KNOWN_ON_ONE_LINE {
        known.iter().map(|name| name.to_string()).collect()
    } else {
        let typed = fold_key(value);
        let mut ranked: Vec<(usize, &str)> = known
            .iter()
            .map(|name| (closeness(&typed, &fold_key(name)), *name))
            .collect();
        ranked.sort();
        ranked
            .into_iter()
            .take(CLOSEST)
            .map(|(_, name)| name.to_string())
            .collect()
    };
    Error::UnknownValue {
        what: what.to_string(),
        plural: plural.to_string(),
        value: value.to_string(),
        known,
        total,
    }
}

/// How far a known value is from a typed one: edit distance, with a value
/// that starts with the typed text (or the typed text with it) nearest.
fn closeness(typed: &str, known: &str) -> usize {
    if known.starts_with(typed) || typed.starts_with(known) {
        return known.chars().count().abs_diff(typed.chars().count()).min(1);
    }
    1 + super::compile::edit_distance(typed, known)
}

/// Every facet path (all levels) a facet field holds.
pub fn facet_values(searcher: &Searcher, field: Field) -> Result<BTreeSet<Vec<String>>> {
    term_values(searcher, field, |key| {
        let facet = Facet::from_encoded(key.to_vec()).ok()?;
        let path: Vec<String> = facet.to_path().into_iter().map(str::to_string).collect();
        // The root facet is indexed too and reads as `[""]`: not a value.
        path.iter()
            .any(|component| !component.is_empty())
            .then_some(path)
    })
}

/// Every year the year field holds.
pub fn year_values(searcher: &Searcher, field: Field) -> Result<BTreeSet<u64>> {
    // u64 terms are stored as 8 big-endian bytes.
    term_values(searcher, field, |key| {
        <[u8; 8]>::try_from(key).ok().map(u64::from_be_bytes)
    })
}

/// The decoded terms of a field's dictionaries, over all segments.
fn term_values<T: Ord>(
    searcher: &Searcher,
    field: Field,
    decode: impl Fn(&[u8]) -> Option<T>,
) -> Result<BTreeSet<T>> {
    let mut values = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            values.extend(decode(stream.key()));
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> BTreeSet<Vec<String>> {
        [
            vec!["kindvriendelijkheid".to_string()],
            vec!["kindvriendelijkheid".to_string(), "Visie".to_string()],
            vec!["situering".to_string()],
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn values_match_case_and_accent_insensitively() {
        let facets = resolve_facets(
            &["KINDVRIENDELIJKHEID/visie".into()],
            &known(),
            "theme",
            "themes",
        )
        .unwrap();
        assert_eq!(facets[0].to_path(), ["kindvriendelijkheid", "Visie"]);
        let facets = resolve_facets(&["Situéring".into()], &known(), "theme", "themes").unwrap();
        assert_eq!(facets[0].to_path(), ["situering"]);
    }

    #[test]
    fn many_known_values_give_the_closest_on_lines_of_their_own() {
        let known: Vec<String> = (1..=40).map(|n| format!("thema/{n}. Sectie {n}")).collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let error = unknown("theme", "themes", "thema/3. sectie 3x", &known);
        let line = error.to_string();
        assert!(line.len() < 120, "{line}");
        assert!(line.contains("40 themes"), "{line}");
        let details = error.details();
        assert_eq!(details.len(), 6, "{details:?}");
        assert_eq!(details[0], "thema/3. Sectie 3");
        assert!(details[5].contains("35 more"), "{details:?}");
    }

    #[test]
    fn cities_resolve_as_crate_cities_compares_them() {
        let known: BTreeSet<Vec<String>> = ["VGC", "Sint-Niklaas", "Hasselt"]
            .iter()
            .map(|city| vec![city.to_string()])
            .collect();
        let path = |typed: &str| {
            resolve_cities(&[typed.to_string()], &known).map(|f| f[0].to_path().join("/"))
        };
        assert_eq!(path("Brussel").unwrap(), "VGC");
        assert_eq!(path("sint niklaas").unwrap(), "Sint-Niklaas");
        assert_eq!(path("HASSELT").unwrap(), "Hasselt");
        assert_eq!(path("Gent").unwrap_err().exit_code(), 2);
    }

    #[test]
    fn unknown_values_list_the_known_ones_of_their_level() {
        let error = resolve_facets(&["atlantis".into()], &known(), "theme", "themes").unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let message = error.to_string();
        assert!(
            message.contains("kindvriendelijkheid, situering"),
            "{message}"
        );
        assert!(!message.contains("Visie"), "{message}");
    }
}

//! City names, the shared vocabulary beside `themes.rs`: the thirteen
//! Flemish centre cities and the VGC as the index spells them, their other
//! spellings (`Brussel` for the VGC, `Sint Niklaas`), and the one way a
//! typed city is compared (case, accents, spaces and hyphens ignored). The
//! `--city` and `--cites` filters, the extracts' city selection and the
//! cited-city finder all resolve names here, so they agree.

use crate::analysis::fold_str;

/// The centre cities and the VGC, as the facet spells them.
pub const CENTRE_CITIES: [&str; 14] = [
    "Aalst",
    "Antwerpen",
    "Brugge",
    "Genk",
    "Gent",
    "Hasselt",
    "Kortrijk",
    "Leuven",
    "Mechelen",
    "Oostende",
    "Roeselare",
    "Sint-Niklaas",
    "Turnhout",
    "VGC",
];

/// Other names a user types or a report writes for one of [`CENTRE_CITIES`].
pub const ALIASES: &[(&str, &str)] = &[
    ("Brussel", "VGC"),
    ("Brussels", "VGC"),
    ("Bruxelles", "VGC"),
    ("Vlaamse Gemeenschapscommissie", "VGC"),
];

/// How two spellings of a city are compared: folded to lower-case ASCII,
/// spaces, hyphens and dots dropped (`sint niklaas` = `Sint-Niklaas`).
pub fn city_key(name: &str) -> String {
    fold_str(name.trim())
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{2010}'..='\u{2014}') && !c.is_whitespace())
        .collect()
}

/// The canonical spelling of a city as a user typed it (`gent`, `SINT
/// NIKLAAS`, `Brussel` for the VGC), or `None` for a city outside the list.
pub fn canonical_city(name: &str) -> Option<&'static str> {
    let key = city_key(name);
    if key.is_empty() {
        return None;
    }
    CENTRE_CITIES
        .into_iter()
        .find(|city| city_key(city) == key)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| city_key(alias) == key)
                .map(|(_, city)| *city)
        })
}

/// Whether a typed city names `indexed` (a city the index holds): the same
/// canonical city, or, for a city outside the list, the same key.
pub fn names_city(typed: &str, indexed: &str) -> bool {
    match (canonical_city(typed), canonical_city(indexed)) {
        (Some(a), Some(b)) => a == b,
        _ => city_key(typed) == city_key(indexed) && !city_key(typed).is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spaces_hyphens_and_accents_do_not_matter() {
        assert_eq!(canonical_city("gent"), Some("Gent"));
        assert_eq!(canonical_city("sint niklaas"), Some("Sint-Niklaas"));
        assert_eq!(canonical_city("SINT-NIKLAAS"), Some("Sint-Niklaas"));
        assert_eq!(canonical_city("SintNiklaas"), Some("Sint-Niklaas"));
        assert_eq!(canonical_city("Oostènde"), Some("Oostende"));
        assert_eq!(canonical_city("Brugges"), None);
        assert_eq!(canonical_city(" "), None);
    }

    #[test]
    fn brussel_is_the_vgc_wherever_it_is_typed() {
        assert_eq!(canonical_city("Brussel"), Some("VGC"));
        assert_eq!(canonical_city("vgc"), Some("VGC"));
        assert_eq!(canonical_city("Vlaamse Gemeenschapscommissie"), Some("VGC"));
        assert!(names_city("Brussel", "VGC"));
        assert!(names_city("sint niklaas", "Sint-Niklaas"));
        assert!(!names_city("Genk", "Gent"));
        assert!(names_city("Sint-Truiden", "sint truiden"));
        assert!(!names_city("", ""));
    }
}

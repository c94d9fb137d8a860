//! City names, the shared vocabulary beside `themes.rs`: the thirteen
//! Flemish centre cities and the VGC as the index spells them, their other
//! spellings (`Brussel` for the VGC, `Sint Niklaas`), and the one way a
//! typed city is compared (case, accents, spaces and hyphens ignored). The
//! `--city` and `--cites` filters, the extracts' city selection and the
//! cited-city finder all resolve names here, so they agree.
//!
//! Cited cities ([`cited_cities`]) are which of the centre cities a
//! paragraph names *as a city*, other than its report's own — the `cites`
//! facet and `--cites` filter ("which reports point Hasselt to Gent's
//! practice?"). The rules, each a test below:
//! - whole words only, on the analyzer's word boundaries: `Genk` is not
//!   `Gent`, and `tegenkrachten`, `Regentschap`, `UGent` cite nothing;
//! - the name must be capitalised as a name (`Gent`, `GENT`), never lower case;
//! - `Sint-Niklaas` also matches `Sint Niklaas`; `Vlaamse Gemeenschapscommissie`
//!   is the VGC; a trailing `’s` is ignored;
//! - a city right after an institution word names the institution, not the
//!   city: `Universiteit Gent`, `Hogeschool Gent`, `KU Leuven`,
//!   `Provincie Antwerpen` (the province is not the city), `Haven van…` is
//!   not affected (`van` stands between). See [`INSTITUTION_WORDS`].
//! - adjectives (`Gentse`, `Antwerpse`) and inhabitants (`Hasselaren`) are not
//!   the name and are not counted.
//!
//! Limits: a person or street named after a city (`Gentstraat` is safe, but
//! `Jan Van Gent` is not) is counted; so is a table row labelled with a city.

use crate::analysis::{fold_str, words};
use std::collections::BTreeSet;

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

/// A city right after one of these words (compared case-insensitively) is
/// part of an institution's or a region's name, not a citation of the city.
pub const INSTITUTION_WORDS: &[&str] = &[
    "universiteit",
    "hogeschool",
    "ku",
    "kul",
    "uz",
    "az",
    "provincie",
    "arrondissement",
    "bisdom",
    "luchthaven",
    "haven",
];

/// The cities `text` cites, other than `own_city`, sorted and without repeats.
pub fn cited_cities(text: &str, own_city: &str) -> Vec<&'static str> {
    let own = canonical_city(own_city);
    if !may_cite(text, own) {
        return Vec::new();
    }
    let words = words(text);
    let mut found = BTreeSet::new();
    for index in 0..words.len() {
        let Some((city, _length)) = city_at(text, &words, index) else {
            continue;
        };
        if Some(city) == own || after_institution_word(text, &words, index) {
            continue;
        }
        found.insert(city);
    }
    found.into_iter().collect()
}

/// Whether `text` may cite a city other than `own`: a name's first word
/// must be in it (in any ASCII case, as `is_name` compares), starting with
/// a capital (as `is_name` requires), and be the first word of some other
/// city's name. Most paragraphs of a report name only their own city, or
/// none (`Gent` in `agent`): they are done without splitting them into
/// words (that split was 3.4% of `visidex index`'s CPU at 1,000 bench
/// reports, issue 13). Overlapping matches are all looked at.
fn may_cite(text: &str, own: Option<&'static str>) -> bool {
    let Some((first_words, cities)) = FIRST_WORDS.as_ref() else {
        return true; // no shortcut
    };
    first_words.find_overlapping_iter(text).any(|found| {
        let other = cities
            .get(found.pattern().as_usize())
            .is_none_or(|city| Some(*city) != own);
        other
            && text[found.start()..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    })
}

/// The city whose name starts at word `index`, with its length in words.
fn city_at(
    text: &str,
    words: &[crate::analysis::Word<'_>],
    index: usize,
) -> Option<(&'static str, usize)> {
    // Every name starts with a capital (`is_name`): most words are out at once,
    // before the name table is walked.
    if !words[index].text.starts_with(char::is_uppercase) {
        return None;
    }
    NAMES.iter().find_map(|(parts, city)| {
        let candidate = words.get(index..index + parts.len())?;
        let names_match = candidate
            .iter()
            .zip(parts)
            .all(|(word, part)| is_name(word.text, part));
        let joined = candidate
            .windows(2)
            .all(|pair| is_joint(&text[pair[0].end..pair[1].start]));
        (names_match && joined).then_some((*city, parts.len()))
    })
}

/// The first words of [`NAMES`], found in any ASCII case.
/// (`None` would only mean no shortcut: every paragraph is then looked at.)
/// With each pattern's city (patterns are numbered in `NAMES`' order; two
/// names may share a first word, `Sint`, each its own pattern).
type FirstWords = (aho_corasick::AhoCorasick, Vec<&'static str>);
static FIRST_WORDS: std::sync::LazyLock<Option<FirstWords>> = std::sync::LazyLock::new(|| {
    let (firsts, cities): (Vec<&'static str>, Vec<&'static str>) = NAMES
        .iter()
        .filter_map(|(parts, city)| Some((*parts.first()?, *city)))
        .unzip();
    let automaton = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(firsts)
        .ok()?;
    Some((automaton, cities))
});

/// Every spelling of a city as its words, in the order `city_at` tries them:
/// the cities (`Sint-Niklaas` as `Sint`, `Niklaas`), then the aliases of more
/// than one word (`Vlaamse Gemeenschapscommissie`; a one-word alias such as
/// `Brussel` is a place in a text, not the VGC). Built once: `city_at` runs
/// for every capitalised word of every paragraph.
static NAMES: std::sync::LazyLock<Vec<(Vec<&'static str>, &'static str)>> =
    std::sync::LazyLock::new(|| {
        let aliases = ALIASES
            .iter()
            .filter(|(alias, _)| alias.contains(' '))
            .map(|(alias, city)| (alias.split(' ').collect(), *city));
        CENTRE_CITIES
            .iter()
            .map(|city| (city.split('-').collect(), *city))
            .chain(aliases)
            .collect()
    });

/// `word` spells `name` as a name: same letters, first letter upper case.
fn is_name(word: &str, name: &str) -> bool {
    let word = word
        .strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word);
    word.eq_ignore_ascii_case(name) && word.chars().next().is_some_and(char::is_uppercase)
}

/// What may stand between the words of a multi-word name.
fn is_joint(between: &str) -> bool {
    !between.is_empty() && between.chars().all(|c| c == '-' || c.is_whitespace())
}

/// Whether the word before `index` is an institution word, separated by blanks only.
fn after_institution_word(text: &str, words: &[crate::analysis::Word<'_>], index: usize) -> bool {
    let Some(previous) = index.checked_sub(1).and_then(|i| words.get(i)) else {
        return false;
    };
    let between = &text[previous.end..words[index].start];
    let blank = !between.is_empty() && between.chars().all(char::is_whitespace);
    blank
        && INSTITUTION_WORDS
            .iter()
            .any(|word| previous.text.eq_ignore_ascii_case(word))
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

    fn cites(text: &str) -> Vec<&'static str> {
        cited_cities(text, "Hasselt")
    }

    #[test]
    fn the_shortcut_only_skips_paragraphs_that_cannot_cite() {
        let hasselt = canonical_city("Hasselt");
        assert!(!may_cite("de agent en het regentschap", hasselt));
        assert!(!may_cite("Hasselt en het Hasseltse beleid", hasselt));
        assert!(may_cite("Hasselt en Genk", hasselt));
        let sint_niklaas = canonical_city("Sint-Niklaas");
        assert!(!may_cite("in Sint-Niklaas", sint_niklaas));
        assert!(may_cite("Sint-Niklaas", hasselt));
        assert!(may_cite("Vlaamse Gemeenschapscommissie", hasselt));
        // Whatever it lets through, `cited_cities` decides as before.
        assert_eq!(
            cited_cities("de Sint-Niklase aanpak", "Sint-Niklaas"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            cites("de ‘tegenkrachten’ en het Regentschap"),
            Vec::<&str>::new()
        );
        assert_eq!(cites("samenwerking met Genk"), ["Genk"]);
        assert_eq!(
            cites("andere steden zoals Antwerpen, Gent of Genk"),
            ["Antwerpen", "Genk", "Gent"]
        );
    }

    #[test]
    fn the_own_city_is_not_a_citation() {
        assert_eq!(cites("Genk en Hasselt plegen overleg"), ["Genk"]);
        assert_eq!(cited_cities("Genk en Hasselt", "GENK"), ["Hasselt"]);
    }

    #[test]
    fn institutions_named_after_a_city_are_not_the_city() {
        assert_eq!(
            cites("professoren Filip De Rynck (Hogeschool Gent)"),
            Vec::<&str>::new()
        );
        assert_eq!(cites("decaan aan de Universiteit Gent"), Vec::<&str>::new());
        assert_eq!(cites("hoofddocent UGent"), Vec::<&str>::new());
        assert_eq!(
            cites("de KU Leuven en de provincie Antwerpen"),
            Vec::<&str>::new()
        );
        assert_eq!(cites("ingenieur Milieudienst van de stad Gent"), ["Gent"]);
    }

    #[test]
    fn lower_case_is_a_word_not_a_name() {
        assert_eq!(cites("gent genk aalst"), Vec::<&str>::new());
        assert_eq!(cites("DE VISITATIE VAN GENT"), ["Gent"]);
    }

    #[test]
    fn multi_word_names_and_aliases() {
        assert_eq!(cites("van de stad Sint-Niklaas"), ["Sint-Niklaas"]);
        assert_eq!(cites("Sint Niklaas en Sint-Truiden"), ["Sint-Niklaas"]);
        assert_eq!(cites("Sint"), Vec::<&str>::new());
        assert_eq!(
            cites("de Vlaamse Gemeenschapscommissie (VGC) en de VGC"),
            ["VGC"]
        );
        assert_eq!(cites("Antwerpen’s haven"), ["Antwerpen"]);
    }

    #[test]
    fn adjectives_are_not_names() {
        assert_eq!(
            cites("de Gentse aanpak en de Hasseltse cultuur"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn brussel_in_a_text_is_a_place_not_the_vgc() {
        assert_eq!(cites("een congres in Brussel"), Vec::<&str>::new());
    }
}

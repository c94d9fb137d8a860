//! Cited cities: which of the thirteen Flemish centre cities and the VGC a
//! paragraph names *as a city*, other than the report's own city — the basis
//! of the `cites` facet and `--cites` filter ("which reports point Hasselt to
//! Gent's practice?").
//!
//! The rules, each a test below:
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

use crate::analysis::words;
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

/// Other spellings that name one of [`CENTRE_CITIES`]: (words, city).
const ALIASES: &[(&[&str], &str)] = &[
    (&["Sint", "Niklaas"], "Sint-Niklaas"),
    (&["Vlaamse", "Gemeenschapscommissie"], "VGC"),
];

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

/// The canonical spelling of a city as a user typed it (`gent`, `SINT-NIKLAAS`,
/// `Brussel` for the VGC), or `None` for a city outside the list.
pub fn canonical_city(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("brussel") || name.eq_ignore_ascii_case("brussels") {
        return Some("VGC");
    }
    CENTRE_CITIES.into_iter().find(|city| {
        city.eq_ignore_ascii_case(name) || city.replace('-', " ").eq_ignore_ascii_case(name)
    })
}

/// The cities `text` cites, other than `own_city`, sorted and without repeats.
pub fn cited_cities(text: &str, own_city: &str) -> Vec<&'static str> {
    // A name's first word must be in the text (in any ASCII case, as
    // `is_name` compares): a paragraph without one is done without splitting it into words.
    if FIRST_WORDS
        .as_ref()
        .is_some_and(|first_words| !first_words.is_match(text))
    {
        return Vec::new();
    }
    let own = canonical_city(own_city);
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
static FIRST_WORDS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        let firsts = NAMES.iter().filter_map(|(parts, _)| parts.first());
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(firsts)
            .ok()
    });

/// Every spelling of a city as its words, in the order `city_at` tries them:
/// the cities (`Sint-Niklaas` as `Sint`, `Niklaas`), then the aliases. Built
/// once: `city_at` runs for every capitalised word of every paragraph.
static NAMES: std::sync::LazyLock<Vec<(Vec<&'static str>, &'static str)>> =
    std::sync::LazyLock::new(|| {
        CENTRE_CITIES
            .iter()
            .map(|city| (city.split('-').collect(), *city))
            .chain(ALIASES.iter().map(|(parts, city)| (parts.to_vec(), *city)))
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

    fn cites(text: &str) -> Vec<&'static str> {
        cited_cities(text, "Hasselt")
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
    fn canonical_names() {
        assert_eq!(canonical_city("gent"), Some("Gent"));
        assert_eq!(canonical_city("sint niklaas"), Some("Sint-Niklaas"));
        assert_eq!(canonical_city("Brussel"), Some("VGC"));
        assert_eq!(canonical_city("Brugges"), None);
    }
}

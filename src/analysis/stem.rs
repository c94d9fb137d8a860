//! Dutch stemming: Snowball Dutch (rust-stemmers) behind a small override
//! table in the spirit of Lucene's DutchAnalyzer, for frequent words whose
//! irregular plural Snowball does not bring home (`kinderen` → `kind`,
//! `steden` → `stad`), and the Snowball Dutch stop-word list.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;

/// Normalised word → stem, applied before Snowball. Irregular plurals and
/// diminutives that analysts expect to meet their singular.
const STEM_OVERRIDES: &[(&str, &str)] = &[
    ("kind", "kind"),
    ("kinderen", "kind"),
    ("kinders", "kind"),
    ("kindje", "kind"),
    ("kindjes", "kind"),
    ("stad", "stad"),
    ("steden", "stad"),
    ("stadje", "stad"),
    ("ei", "ei"),
    ("eieren", "ei"),
    ("fiets", "fiets"),
    ("bromfiets", "bromfiets"),
    ("lid", "lid"),
    ("leden", "lid"),
    ("gebied", "gebied"),
    ("gebieden", "gebied"),
];

/// The Snowball Dutch stop words (snowballstem.org, `dutch/stop.txt`).
pub const STOP_WORDS: &[&str] = &[
    "de", "en", "van", "ik", "te", "dat", "die", "in", "een", "hij", "het", "niet", "zijn", "is",
    "was", "op", "aan", "met", "als", "voor", "had", "er", "maar", "om", "hem", "dan", "zou", "of",
    "wat", "mijn", "men", "dit", "zo", "door", "over", "ze", "zich", "bij", "ook", "tot", "je",
    "mij", "uit", "der", "daar", "haar", "naar", "heb", "hoe", "heeft", "hebben", "deze", "u",
    "want", "nog", "zal", "me", "zij", "nu", "ge", "geen", "omdat", "iets", "worden", "toch", "al",
    "waren", "veel", "meer", "doen", "toen", "moet", "ben", "zonder", "kan", "hun", "dus", "alles",
    "onder", "ja", "eens", "hier", "wie", "werd", "altijd", "doch", "wordt", "wezen", "kunnen",
    "ons", "zelf", "tegen", "na", "reeds", "wil", "kon", "niets", "uw", "iemand", "geweest",
    "andere",
];

/// Stems normalised Dutch words; cheap to share (`Sync`).
pub struct DutchStemmer {
    snowball: Stemmer,
    overrides: HashMap<&'static str, &'static str>,
    stop_words: std::collections::HashSet<&'static str>,
}

impl Default for DutchStemmer {
    fn default() -> Self {
        DutchStemmer {
            snowball: Stemmer::create(Algorithm::Dutch),
            overrides: STEM_OVERRIDES.iter().copied().collect(),
            stop_words: STOP_WORDS.iter().copied().collect(),
        }
    }
}

impl DutchStemmer {
    /// The stem of a word already passed through `normalize`.
    pub fn stem(&self, normalized: &str) -> String {
        if let Some(stem) = self.overrides.get(normalized) {
            return (*stem).to_string();
        }
        if normalized.chars().any(|c| c.is_ascii_digit()) {
            return normalized.to_string();
        }
        self.snowball.stem(normalized).into_owned()
    }

    /// Whether a normalised word is a Snowball Dutch stop word.
    pub fn is_stop_word(&self, normalized: &str) -> bool {
        self.stop_words.contains(normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(word: &str) -> String {
        DutchStemmer::default().stem(word)
    }

    #[test]
    fn inflections_meet() {
        assert_eq!(stem("kindvriendelijke"), stem("kindvriendelijk"));
        assert_eq!(stem("woningen"), stem("woning"));
        assert_eq!(stem("huurwoningen"), stem("huurwoning"));
        assert_eq!(stem("aanbevelingen"), stem("aanbeveling"));
    }

    #[test]
    fn overrides_bring_irregular_plurals_home() {
        assert_eq!(stem("kinderen"), stem("kind"));
        assert_eq!(stem("steden"), stem("stad"));
        assert_eq!(stem("leden"), stem("lid"));
    }

    #[test]
    fn numbers_are_not_stemmed() {
        assert_eq!(stem("2008"), "2008");
        assert_eq!(stem("1,9"), "1,9");
    }

    #[test]
    fn stop_words() {
        let stemmer = DutchStemmer::default();
        assert!(stemmer.is_stop_word("de"));
        assert!(stemmer.is_stop_word("het"));
        assert!(!stemmer.is_stop_word("stad"));
    }
}

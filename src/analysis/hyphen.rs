//! Compounds written with a hyphen (`co-creatie`, `e-loket`, `doe-cultuur`,
//! `OCMW-voorzitter`). Dutch writes many compounds either way (`cocreatie`
//! stands in the same report as `co-creatie`), and a reader who types one
//! spelling means both. So a run of words with one hyphen between each and
//! the next, letters only, is also one word: its letters without the hyphens
//! (`cocreatie`). The index holds that joined word as one more `text` token
//! at the run's first position (`index::analyse`); snippets and `mentions`
//! find it with [`joined_terms`] / [`HyphenRuns`]. The parts stay words of
//! their own (`creatie` still finds `co-creatie`).
//!
//! A hyphen at a line end that the parser kept (`kinder- en jeugdbeleid`,
//! with a space after it) or one between digits (`2008-2013`) makes no run.

use super::{analyzer, Term};

/// A run of two or more words with one hyphen between each and the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HyphenRun {
    /// Byte range of the whole run in its text.
    pub start: usize,
    pub end: usize,
    /// Position of its first word.
    pub position: usize,
    /// How many words it joins.
    pub words: usize,
}

impl HyphenRun {
    /// The run as written in `text` (empty if `text` is not the run's).
    fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or_default()
    }

    /// The run's text without its hyphens (`co-creatie` → `cocreatie`).
    pub fn joined(&self, text: &str) -> String {
        self.of(text).chars().filter(|c| !is_hyphen(*c)).collect()
    }

    /// The joined word analysed as one term spanning the run. `None` when
    /// it is a stop word, or when it has the stem of one of its parts
    /// (`OCMW-s` → `ocmws` → `ocmw`): then it is that word again, and
    /// indexing it would count the word twice (and put a term's positions
    /// out of order).
    pub fn term(&self, text: &str) -> Option<Term> {
        let forms = analyzer().forms(&self.joined(text));
        let term = forms.term(self.start, self.end, self.position);
        if term.is_stop || forms.is_empty() {
            return None;
        }
        let mut a_part = false;
        analyzer().for_each_term(self.of(text), |part| {
            a_part |= part.stem == term.stem;
        });
        (!a_part).then(|| term.to_term())
    }
}

/// The hyphens that join two words: ASCII `-`, Unicode hyphen and
/// non-breaking hyphen.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Finds hyphen runs in a text's words as they come, in order: feed every
/// word to [`push`](Self::push), then call [`finish`](Self::finish).
#[derive(Debug, Default)]
pub struct HyphenRuns {
    current: Option<HyphenRun>,
}

impl HyphenRuns {
    /// The next word of `text` (bytes `start..end`, at `position`). Returns
    /// the run that ended before it, when that joined two or more words.
    pub fn push(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        position: usize,
    ) -> Option<HyphenRun> {
        let continues = self.current.is_some_and(|run| {
            let gap = text.get(run.end..start).unwrap_or_default();
            gap.chars().count() == 1 && gap.chars().all(is_hyphen)
        });
        // Most words neither continue a run nor open one (no hyphen after
        // them): no need to look at their letters.
        let opens = text
            .get(end..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_hyphen);
        let letters = (continues || opens)
            && text
                .get(start..end)
                .is_some_and(|word| word.chars().all(char::is_alphabetic));
        if let (Some(run), true) = (&mut self.current, continues && letters) {
            run.end = end;
            run.words += 1;
            return None;
        }
        let next = (letters && opens).then_some(HyphenRun {
            start,
            end,
            position,
            words: 1,
        });
        std::mem::replace(&mut self.current, next).filter(|run| run.words > 1)
    }

    /// The last run, when the text ended in one.
    pub fn finish(&mut self) -> Option<HyphenRun> {
        self.current.take().filter(|run| run.words > 1)
    }
}

/// The joined word of `text` when all of it (trimmed) is one hyphenated
/// compound (`co-creatie` → `cocreatie`): how a query or a `mentions` TERM
/// written with hyphens also finds the closed spelling.
pub fn joined_word(text: &str) -> Option<Term> {
    let text = text.trim();
    let terms = analyzer().analyze(text);
    match joined_terms(text, &terms).as_slice() {
        [run] if run.start == 0 && run.end == text.len() => Some(run.clone()),
        _ => None,
    }
}

/// The joined words of the hyphen runs of `text`, whose analysed words are
/// `terms` (as `Analyzer::analyze` gives them), in text order.
pub fn joined_terms(text: &str, terms: &[Term]) -> Vec<Term> {
    let mut runs = HyphenRuns::default();
    let mut out = Vec::new();
    for term in terms {
        if let Some(run) = runs.push(text, term.start, term.end, term.position) {
            out.extend(run.term(text));
        }
    }
    out.extend(runs.finish().and_then(|run| run.term(text)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> Vec<(String, &str, usize)> {
        joined_terms(text, &analyzer().analyze(text))
            .into_iter()
            .map(|term| (term.normalized, &text[term.start..term.end], term.position))
            .collect()
    }

    #[test]
    fn hyphenated_words_are_also_one_word() {
        assert_eq!(
            joined("een doe-cultuur en co-creatie"),
            [
                ("doecultuur".to_string(), "doe-cultuur", 1),
                ("cocreatie".to_string(), "co-creatie", 4)
            ]
        );
        assert_eq!(
            joined("het e-loket"),
            [("eloket".to_string(), "e-loket", 1)]
        );
        assert_eq!(
            joined("OCMW-voorzitter"),
            [("ocmwvoorzitter".to_string(), "OCMW-voorzitter", 0)]
        );
        assert_eq!(
            joined("niet-gouvernementele-organisaties"),
            [(
                "nietgouvernementeleorganisaties".to_string(),
                "niet-gouvernementele-organisaties",
                0
            )]
        );
        assert_eq!(
            joined("coördinatie-overleg\u{2011}team"),
            [(
                "coordinatieoverlegteam".to_string(),
                "coördinatie-overleg\u{2011}team",
                0
            )]
        );
    }

    #[test]
    fn a_text_that_is_one_hyphenated_compound_has_a_joined_word() {
        let word = |text: &str| joined_word(text).map(|term| term.normalized);
        assert_eq!(word(" co-creatie "), Some("cocreatie".to_string()));
        assert_eq!(
            word("Noord-Zuid-project"),
            Some("noordzuidproject".to_string())
        );
        for text in ["de co-creatie", "co-creatie en", "cocreatie", "OCMW-s", ""] {
            assert_eq!(word(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_one_hyphen_between_letters_joins() {
        for text in [
            "2008-2013",
            "kinder- en jeugdbeleid",
            "A4-formaat",
            "stad -rand",
            "stad--rand",
            "doe",
            "",
            "thema's-lijst",
            "- los -",
        ] {
            assert_eq!(joined(text), [], "{text:?}");
        }
    }

    #[test]
    fn a_joined_word_with_a_parts_stem_is_no_other_word() {
        for text in ["het OCMW-s", "duurzaam-heid", "en-enen"] {
            let parts: Vec<String> = analyzer()
                .analyze(text)
                .into_iter()
                .map(|term| term.stem)
                .collect();
            for term in joined_terms(text, &analyzer().analyze(text)) {
                assert!(!parts.contains(&term.stem), "{text:?}: {term:?}");
            }
        }
        let ocmw = "het OCMW-s en de OCMW-raad";
        let joined: Vec<String> = joined_terms(ocmw, &analyzer().analyze(ocmw))
            .into_iter()
            .map(|term| term.normalized)
            .collect();
        assert_eq!(joined, ["ocmwraad"]);
    }

    #[test]
    fn the_stem_of_the_joined_word_is_the_closed_spellings_stem() {
        for (text, closed) in [
            ("de co-creaties", "cocreaties"),
            ("Sint-Niklaasse", "Sintniklaasse"),
            ("de kwaliteits-verbeteringen", "kwaliteitsverbetering"),
        ] {
            let terms = joined_terms(text, &analyzer().analyze(text));
            assert_eq!(terms.len(), 1, "{text:?}");
            assert_eq!(terms[0].stem, analyzer().stem_word(closed), "{text:?}");
        }
    }
}

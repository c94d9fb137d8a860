//! Near words for a query word the index hardly knows: the typo correction
//! of `search` and `mentions`, and the "did you mean" suggestions of a search
//! that finds nothing.
//!
//! Candidates come from two places, so that stems and surface forms are
//! corrected alike:
//! - the index's own stems near the typed word's stem (a word of the reports
//!   that is in no word list: `programmamanagement`);
//! - the common words of the shipped Dutch word list near the typed word as
//!   written, kept when their stem is in the index. Snowball cuts a suffix
//!   only when it is spelt right, so `duurzaamhied` has a stem 5 edits away
//!   from `duurzaamheid`'s (`duurzam`) while the words are one swap apart.
//!
//! Edits: 1 for words of 4–7 letters, 2 from 8 letters; never words under 4
//! letters or with digits. A typed word that is itself a common Dutch word is
//! never corrected (`hoeveel` is not a misspelling of `hoewel`), only
//! suggested for.

use super::near::NearAutomaton;
use crate::analysis::analyzer;
use crate::index::schema::Fields;
use crate::wordlist;
use std::collections::BTreeMap;
use tantivy::schema::Term;
use tantivy::Searcher;

/// Longest word that gets a correction: longer ones are no typed words
/// (`near::MAX_BYTES` bounds the walk itself).
const MAX_CORRECTED_CHARS: usize = 40;

/// How many suggestions a search that found nothing offers per word.
pub const SUGGESTIONS: usize = 3;

/// A near indexed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    /// Its stem, as indexed.
    pub stem: String,
    /// A written form (a word-list word), when known.
    pub surface: Option<String>,
    pub distance: usize,
    /// Paragraphs with the stem (text, heading or compound parts).
    pub frequency: u64,
}

pub struct Corrector<'a> {
    pub searcher: &'a Searcher,
    pub fields: &'a Fields,
}

/// The edits allowed for a word of `letters` letters.
pub fn max_edits(letters: usize) -> usize {
    match letters {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

impl Corrector<'_> {
    /// Paragraphs with `stem` in any searched field.
    pub fn frequency(&self, stem: &str) -> u64 {
        [self.fields.text, self.fields.heading, self.fields.parts]
            .into_iter()
            .map(|field| {
                self.searcher
                    .doc_freq(&Term::from_field_text(field, stem))
                    .unwrap_or(0)
            })
            .sum()
    }

    /// Paragraphs whose text has `stem`.
    pub fn text_frequency(&self, stem: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(self.fields.text, stem))
            .unwrap_or(0)
    }

    /// Indexed words near a typed word (`normalized`, its `stem`), best
    /// first: the fewest edits, then the most frequent, then word-list words.
    pub fn near(&self, normalized: &str, stem: &str) -> Vec<Near> {
        let letters = normalized.chars().count();
        if letters > MAX_CORRECTED_CHARS || normalized.chars().any(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        let edits = max_edits(letters);
        if edits == 0 {
            return Vec::new();
        }
        let mut found: BTreeMap<String, Near> = BTreeMap::new();
        let mut add = |near: Near| {
            let better = found
                .get(&near.stem)
                .is_none_or(|known| near.distance < known.distance);
            if better && near.stem != stem {
                found.insert(near.stem.clone(), near);
            }
        };
        // Stems two edits away only when none is one edit away.
        let mut stems = self.near_stems(stem, edits);
        if stems.values().any(|(distance, _)| *distance <= 1) {
            stems.retain(|_, (distance, _)| *distance <= 1);
        }
        for (candidate, (distance, frequency)) in stems {
            add(Near {
                distance,
                stem: candidate,
                surface: None,
                frequency,
            });
        }
        for (word, distance) in wordlist::common_words_near(normalized, edits) {
            let candidate = analyzer().stemmer().stem(&word);
            let frequency = self.frequency(&candidate);
            if frequency > 0 {
                add(Near {
                    stem: candidate,
                    surface: Some(word),
                    distance,
                    frequency,
                });
            }
        }
        let mut near: Vec<Near> = found.into_values().collect();
        near.sort_by(|a, b| {
            (
                a.distance,
                std::cmp::Reverse(a.frequency),
                a.surface.is_none(),
            )
                .cmp(&(
                    b.distance,
                    std::cmp::Reverse(b.frequency),
                    b.surface.is_none(),
                ))
        });
        near
    }

    /// The correction of a typed word: the best near word, unless the typed
    /// word is a common Dutch word.
    pub fn correction(&self, normalized: &str, stem: &str) -> Option<Near> {
        if wordlist::is_common_word(normalized) {
            return None;
        }
        self.near(normalized, stem).into_iter().next()
    }

    /// Text stems within `edits` of `stem`, with their distance and
    /// paragraph counts: the term dictionary walked by a `near::NearAutomaton`.
    fn near_stems(&self, stem: &str, edits: usize) -> BTreeMap<String, (usize, u64)> {
        let mut candidates: BTreeMap<String, (usize, u64)> = BTreeMap::new();
        let Some(automaton) = NearAutomaton::new(stem, edits) else {
            return candidates;
        };
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.text) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton.clone()).into_stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(key) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if key == stem {
                    continue;
                }
                let distance = crate::search::compile::edit_distance(stem, key);
                let entry = candidates.entry(key.to_string()).or_insert((distance, 0));
                entry.1 += u64::from(stream.value().doc_freq);
            }
        }
        candidates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_grow_with_length() {
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(4), 1);
        assert_eq!(max_edits(7), 1);
        assert_eq!(max_edits(8), 2);
    }
}

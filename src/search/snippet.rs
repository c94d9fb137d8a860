//! Snippets: the best window of a paragraph, with every matched word marked.
//! Computed with the one Dutch analyzer on the stored text, so a word is
//! marked exactly when its stem is a query stem (`kinderen` for `kind`), it
//! starts with a `prefix*`, or it is a compound made with a query word
//! (`programmamanagement` for `management`, `huurwoningen` for `woning`).
//! Marks are byte ranges; the output layer decides how to show them (`«»`, ANSI).

use super::compile::Marks;
use crate::analysis::{analyzer, joined_terms, Term};
use std::collections::BTreeSet;
use std::ops::Range;

/// About how long a snippet is, in characters.
pub const SNIPPET_CHARS: usize = 240;

/// Shortest query word looked for inside compounds, and shortest rest of the compound.
const MIN_COMPOUND_PART: usize = 4;
const MIN_COMPOUND_REST: usize = 3;

const ELLIPSIS: &str = "…";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The window of text, with `…` where it was cut.
    pub text: String,
    /// Byte ranges of `text` to mark, ascending, not overlapping.
    pub marks: Vec<Range<usize>>,
}

impl Snippet {
    /// The text with every mark wrapped in `open` … `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + self.marks.len() * 4);
        let mut at = 0;
        for mark in &self.marks {
            out.push_str(&self.text[at..mark.start]);
            out.push_str(open);
            out.push_str(&self.text[mark.clone()]);
            out.push_str(close);
            at = mark.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Whether an analysed word of a text is matched by the query.
pub fn is_match(term: &Term, marks: &Marks) -> bool {
    if term.is_stop {
        return false;
    }
    if marks.stems.contains(&term.stem) {
        return true;
    }
    if marks
        .prefixes
        .iter()
        .any(|prefix| term.normalized.starts_with(prefix) || term.stem.starts_with(prefix))
    {
        return true;
    }
    marks
        .stems
        .iter()
        .chain(&marks.words)
        .any(|part| is_compound_of(term, part))
}

/// Endings a compound's last part may carry (`huur|woningen`, `stads|besturen`).
const INFLECTIONS: [&str; 7] = ["", "e", "en", "n", "s", "es", "eren"];

/// `programmamanagement` is a compound of `management`: the query word opens
/// the word, or closes it (give or take an inflection), and what is left is
/// a word-sized rest.
fn is_compound_of(term: &Term, part: &str) -> bool {
    if part.chars().count() < MIN_COMPOUND_PART {
        return false;
    }
    let word = term.normalized.as_str();
    let long_enough = |rest: &str| rest.len() >= part.len() + MIN_COMPOUND_REST;
    (word.starts_with(part) && long_enough(word))
        || INFLECTIONS.iter().any(|ending| {
            word.strip_suffix(ending)
                .is_some_and(|rest| rest.ends_with(part) && long_enough(rest))
        })
}

/// The best window of about `SNIPPET_CHARS` characters of `text`.
pub fn snippet(text: &str, marks: &Marks) -> Snippet {
    let terms = analyzer().analyze(text);
    let mut matched: Vec<&Term> = terms.iter().filter(|term| is_match(term, marks)).collect();
    // A hyphenated compound matched as one word (`doecultuur` in
    // `doe-cultuur`, `analysis::hyphen`) when none of its parts is.
    let joined = joined_terms(text, &terms);
    let part_matched = |run: &Term| {
        matched
            .iter()
            .any(|term| term.start >= run.start && term.end <= run.end)
    };
    let whole: Vec<&Term> = joined
        .iter()
        .filter(|run| is_match(run, marks) && !part_matched(run))
        .collect();
    if !whole.is_empty() {
        matched.extend(whole);
        matched.sort_by_key(|term| term.start);
    }
    let window = best_window(text, &terms, &matched);
    let mut out = Snippet::default();
    if window.start > 0 {
        out.text.push_str(ELLIPSIS);
    }
    let offset = out.text.len();
    out.text.push_str(&text[window.clone()]);
    for term in matched
        .iter()
        .filter(|term| term.start >= window.start && term.end <= window.end)
    {
        let range = term.start - window.start + offset..term.end - window.start + offset;
        if out.marks.last().is_none_or(|last| last.end <= range.start) {
            out.marks.push(range);
        }
    }
    if window.end < text.len() {
        out.text.push_str(ELLIPSIS);
    }
    out
}

/// The byte range to show: the whole text when short, else the window with
/// the most distinct matched stems (then the most matches, then the earliest),
/// cut at word boundaries.
fn best_window(text: &str, terms: &[Term], matched: &[&Term]) -> Range<usize> {
    let trimmed = text.trim_end();
    if trimmed.chars().count() <= SNIPPET_CHARS + SNIPPET_CHARS / 4 || terms.is_empty() {
        return 0..trimmed.len();
    }
    let mut best: Option<((usize, usize), Range<usize>)> = None;
    let anchors: Vec<usize> = if matched.is_empty() {
        vec![0]
    } else {
        matched.iter().map(|term| term.start).collect()
    };
    for anchor in anchors {
        let window = window_around(text, terms, anchor);
        let inside: Vec<&&Term> = matched
            .iter()
            .filter(|term| term.start >= window.start && term.end <= window.end)
            .collect();
        let distinct: BTreeSet<&str> = inside.iter().map(|term| term.stem.as_str()).collect();
        let score = (distinct.len(), inside.len());
        if best
            .as_ref()
            .is_none_or(|(best_score, _)| score > *best_score)
        {
            best = Some((score, window));
        }
    }
    best.map(|(_, window)| window).unwrap_or(0..trimmed.len())
}

/// A window starting a little before `anchor` (a few words of context) at a
/// word start, ending at the end of the last word that fits.
fn window_around(text: &str, terms: &[Term], anchor: usize) -> Range<usize> {
    let lead = SNIPPET_CHARS / 5;
    let earliest = char_back(text, anchor, lead);
    // Start at the sentence start if it is near, else at a word start.
    let start = text[earliest..anchor]
        .rfind(". ")
        .map(|at| earliest + at + 2)
        .or_else(|| {
            terms
                .iter()
                .find(|term| term.start >= earliest && term.start <= anchor)
                .map(|term| term.start)
        })
        .unwrap_or(anchor);
    let start = if earliest == 0 { 0 } else { start };
    let limit = char_forward(text, start, SNIPPET_CHARS);
    let end = terms
        .iter()
        .filter(|term| term.start >= start && term.end <= limit)
        .map(|term| term.end)
        .max()
        .unwrap_or(limit);
    // Keep closing punctuation (`.`, `)`, `;`) with the last word.
    let end = text[end..]
        .char_indices()
        .take_while(|(_, c)| !c.is_whitespace() && !c.is_alphanumeric())
        .last()
        .map(|(at, c)| end + at + c.len_utf8())
        .filter(|end| *end <= limit)
        .unwrap_or(end);
    start..end
}

/// The byte offset `chars` characters before `from` (or 0).
fn char_back(text: &str, from: usize, chars: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map(|(at, _)| at)
        .unwrap_or(0)
}

/// The byte offset `chars` characters after `from` (or the end).
fn char_forward(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map(|(at, _)| from + at)
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(stems: &[&str], prefixes: &[&str]) -> Marks {
        Marks {
            stems: stems.iter().map(|s| analyzer().stem_word(s)).collect(),
            words: stems
                .iter()
                .map(|s| crate::analysis::normalize(s))
                .collect(),
            prefixes: prefixes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn marked(text: &str, marks: &Marks) -> String {
        snippet(text, marks).marked("«", "»")
    }

    #[test]
    fn stems_accents_and_case_are_marked() {
        assert_eq!(
            marked(
                "De Kinderen en het kind; coördinatie.",
                &marks(&["kind", "coordinatie"], &[])
            ),
            "De «Kinderen» en het «kind»; «coördinatie»."
        );
    }

    #[test]
    fn compounds_and_prefixes_are_marked() {
        assert_eq!(
            marked(
                "Het programmamanagement en management.",
                &marks(&["management"], &[])
            ),
            "Het «programmamanagement» en «management»."
        );
        assert_eq!(
            marked("Sociale huurwoningen", &marks(&["woning"], &[])),
            "Sociale «huurwoningen»"
        );
        assert_eq!(
            marked("kindvriendelijk en kind", &marks(&[], &["kindvr"])),
            "«kindvriendelijk» en kind"
        );
    }

    #[test]
    fn short_query_words_do_not_mark_inside_words() {
        assert_eq!(
            marked("een raadslid", &marks(&["raad"], &[])),
            "een «raadslid»"
        );
        assert_eq!(
            marked("de stadsdelen", &marks(&["sta"], &[])),
            "de stadsdelen"
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_matches_at_word_boundaries() {
        let filler = "woorden zonder belang ".repeat(30);
        let text = format!("{filler}het programmamanagement werkt. {filler}");
        let snippet = snippet(&text, &marks(&["programmamanagement"], &[]));
        assert!(
            snippet.text.starts_with('…') && snippet.text.ends_with('…'),
            "{}",
            snippet.text
        );
        assert!(snippet.text.chars().count() <= SNIPPET_CHARS + 2);
        assert_eq!(snippet.marks.len(), 1);
        assert_eq!(
            &snippet.text[snippet.marks[0].clone()],
            "programmamanagement"
        );
        let inner = snippet.text.trim_matches('…');
        assert!(text.contains(inner));
        assert!(inner.starts_with(char::is_alphanumeric) && inner.ends_with(char::is_alphanumeric));
    }

    #[test]
    fn the_window_with_most_distinct_words_wins() {
        let filler = "woorden zonder belang ".repeat(20);
        let text = format!("armoede {filler} armoede en kinderen samen {filler}");
        let snippet = snippet(&text, &marks(&["armoede", "kind"], &[]));
        let marked = snippet.marked("«", "»");
        assert!(marked.contains("«armoede» en «kinderen»"), "{marked}");
    }
}

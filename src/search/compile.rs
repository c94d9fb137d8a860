//! A parsed query (`query::Node`) → tantivy queries, through the Dutch analyzer.
//!
//! Every word is looked for in three fields with different weights: the
//! paragraph `text` (1.0), its `heading` path (`HEADING_BOOST`) and its
//! compound `parts` (`PARTS_BOOST`, so `management` finds
//! `programmamanagement` below paragraphs that say `management` outright).
//! A word no field knows is replaced by the closest indexed word (Levenshtein
//! distance 1, else 2) and the replacement reported. Stop words are not
//! indexed; a query of nothing else compiles to no query and says so.
//! Besides the strict (AND) query, the compiler makes the loose (OR) reading
//! used when the strict one finds nothing, and the set of stems to mark in
//! snippets.

use super::query::Node;
use crate::analysis::{analyzer, normalize, Term as AnalyzedTerm};
use crate::error::Result;
use crate::index::schema::Fields;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::Searcher;

pub const HEADING_BOOST: f32 = 1.5;
pub const PARTS_BOOST: f32 = 0.3;

/// A word in at most this many paragraphs may be a misspelling in the text
/// itself (the Hasselt report has `programmamagement` once): then a near word
/// that is `MUCH_MORE_FREQUENT` times as frequent is searched too.
const RARE: u64 = 2;
const MUCH_MORE_FREQUENT: u64 = 4;

/// What a query compiled to.
pub struct Plan {
    /// All positive clauses must match; `None` when nothing is left to search
    /// (empty query, stop words only).
    pub strict: Option<Box<dyn Query>>,
    /// Any positive clause may match; only when there are two or more.
    pub loose: Option<Box<dyn Query>>,
    /// What to mark in snippets.
    pub marks: Marks,
    /// Words not (or hardly) in the index, searched as the closest indexed
    /// word: typed → that word's stem. Unknown words are replaced by it; rare
    /// ones (possibly misspelt in the text) are searched together with it.
    pub corrections: BTreeMap<String, String>,
    /// Stop words that were dropped from the query.
    pub stop_words: Vec<String>,
}

/// Which words of a text a query matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Stems of the query's positive words.
    pub stems: BTreeSet<String>,
    /// Normalised query words (for compounds: `woning` in `huurwoningen`).
    pub words: BTreeSet<String>,
    /// Normalised prefixes of `word*`.
    pub prefixes: BTreeSet<String>,
}

pub fn compile(node: &Node, searcher: &Searcher, fields: &Fields) -> Result<Plan> {
    let mut compiler = Compiler {
        searcher,
        fields,
        marks: Marks::default(),
        corrections: BTreeMap::new(),
        stop_words: Vec::new(),
    };
    let clauses = match node {
        Node::And(clauses) => clauses.as_slice(),
        other => std::slice::from_ref(other),
    };
    let mut positive = Vec::new();
    let mut negative = Vec::new();
    for clause in clauses {
        match clause {
            Node::Not(inner) => negative.extend(compiler.node(inner, false)?),
            other => positive.extend(compiler.node(other, true)?),
        }
    }
    let loose = (positive.len() >= 2).then(|| combine(Occur::Should, &positive, &negative));
    let strict = if positive.is_empty() && negative.is_empty() {
        None
    } else {
        Some(combine(Occur::Must, &positive, &negative))
    };
    Ok(Plan {
        strict,
        loose,
        marks: compiler.marks,
        corrections: compiler.corrections,
        stop_words: compiler.stop_words,
    })
}

/// `positive` joined by `occur`, minus `negative`; all documents when no positive.
fn combine(
    occur: Occur,
    positive: &[Box<dyn Query>],
    negative: &[Box<dyn Query>],
) -> Box<dyn Query> {
    let mut subqueries: Vec<(Occur, Box<dyn Query>)> = positive
        .iter()
        .map(|query| (occur, query.box_clone()))
        .collect();
    if subqueries.is_empty() {
        subqueries.push((Occur::Must, Box::new(AllQuery)));
    }
    subqueries.extend(
        negative
            .iter()
            .map(|query| (Occur::MustNot, query.box_clone())),
    );
    if subqueries.len() == 1 {
        if let Some((_, query)) = subqueries.pop() {
            return query;
        }
    }
    Box::new(BooleanQuery::new(subqueries))
}

struct Compiler<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    marks: Marks,
    corrections: BTreeMap<String, String>,
    stop_words: Vec<String>,
}

impl Compiler<'_> {
    /// `mark`: whether the node's words should be highlighted (not under `-`).
    fn node(&mut self, node: &Node, mark: bool) -> Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Word(word) => self.words(word, mark, true),
            Node::Phrase(phrase) => self.words(phrase, mark, false),
            Node::Prefix(prefix) => self.prefix(prefix, mark)?,
            Node::Not(inner) => self.node(inner, false)?.map(|query| {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                    (Occur::MustNot, query),
                ])) as Box<dyn Query>
            }),
            Node::And(clauses) | Node::Or(clauses) => {
                let occur = if matches!(node, Node::And(_)) {
                    Occur::Must
                } else {
                    Occur::Should
                };
                let mut subqueries = Vec::new();
                for clause in clauses {
                    match (clause, occur) {
                        (Node::Not(inner), Occur::Must) => {
                            if let Some(query) = self.node(inner, false)? {
                                subqueries.push((Occur::MustNot, query));
                            }
                        }
                        _ => {
                            if let Some(query) = self.node(clause, mark)? {
                                subqueries.push((occur, query));
                            }
                        }
                    }
                }
                if subqueries.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    if subqueries.is_empty() {
                        return Ok(None);
                    }
                    subqueries.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(subqueries)))
            }
        })
    }

    /// A word or phrase: one term, or the terms in a row.
    fn words(&mut self, text: &str, mark: bool, correct: bool) -> Option<Box<dyn Query>> {
        let terms: Vec<AnalyzedTerm> = analyzer().analyze(text);
        let content: Vec<&AnalyzedTerm> = terms.iter().filter(|term| !term.is_stop).collect();
        self.stop_words.extend(
            terms
                .iter()
                .filter(|term| term.is_stop)
                .map(|term| term.normalized.clone()),
        );
        match content.as_slice() {
            [] => None,
            [term] => {
                let stem = term.stem.clone();
                let frequency = if correct {
                    self.document_frequency(&stem)
                } else {
                    u64::MAX
                };
                let nearest = (frequency <= RARE).then(|| self.nearest(&stem)).flatten();
                let nearest = nearest.filter(|(_, near_frequency)| {
                    frequency == 0
                        || *near_frequency >= frequency.saturating_mul(MUCH_MORE_FREQUENT)
                });
                let mut stems = vec![stem];
                if let Some((nearest, _)) = nearest {
                    self.corrections.insert(text.to_string(), nearest.clone());
                    if frequency == 0 {
                        stems.clear();
                    }
                    stems.push(nearest);
                }
                if mark {
                    self.marks.stems.extend(stems.iter().cloned());
                    if frequency > 0 {
                        self.marks.words.insert(term.normalized.clone());
                    }
                }
                let mut queries: Vec<Box<dyn Query>> =
                    stems.iter().map(|stem| self.term_query(stem)).collect();
                if queries.len() == 1 {
                    queries.pop()
                } else {
                    let should = queries
                        .into_iter()
                        .map(|query| (Occur::Should, query))
                        .collect();
                    Some(Box::new(BooleanQuery::new(should)))
                }
            }
            many => {
                if mark {
                    self.marks
                        .stems
                        .extend(many.iter().map(|term| term.stem.clone()));
                }
                let first = many[0].position;
                let terms = many
                    .iter()
                    .map(|term| {
                        let term_in_text = Term::from_field_text(self.fields.text, &term.stem);
                        (term.position - first, term_in_text)
                    })
                    .collect();
                Some(Box::new(PhraseQuery::new_with_offset(terms)))
            }
        }
    }

    /// One stem in the text, heading and compound-parts fields.
    fn term_query(&self, stem: &str) -> Box<dyn Query> {
        let fields = [
            (self.fields.text, 1.0),
            (self.fields.heading, HEADING_BOOST),
            (self.fields.parts, PARTS_BOOST),
        ];
        let subqueries = fields
            .into_iter()
            .map(|(field, boost)| {
                let query = TermQuery::new(
                    Term::from_field_text(field, stem),
                    IndexRecordOption::WithFreqs,
                );
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), boost)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(subqueries))
    }

    /// `word*`: every indexed stem of text or heading starting with the word.
    fn prefix(&mut self, prefix: &str, mark: bool) -> Result<Option<Box<dyn Query>>> {
        let normalized = normalize(prefix);
        if normalized.is_empty() {
            return Ok(None);
        }
        if mark {
            self.marks.prefixes.insert(normalized.clone());
        }
        let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [
            (self.fields.text, 1.0),
            (self.fields.heading, HEADING_BOOST),
        ] {
            let terms: Vec<Term> = self
                .expand_prefix(field, &normalized)?
                .iter()
                .map(|stem| Term::from_field_text(field, stem))
                .collect();
            if !terms.is_empty() {
                let query = Box::new(TermSetQuery::new(terms));
                subqueries.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
            }
        }
        // Nothing starts with it: a query that matches nothing, so AND stays AND.
        Ok(Some(Box::new(BooleanQuery::new(subqueries))))
    }

    fn expand_prefix(&self, field: Field, prefix: &str) -> Result<BTreeSet<String>> {
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                let Ok(key) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !key.starts_with(prefix) {
                    break;
                }
                found.insert(key.to_string());
            }
        }
        Ok(found)
    }

    fn document_frequency(&self, stem: &str) -> u64 {
        [self.fields.text, self.fields.heading, self.fields.parts]
            .into_iter()
            .map(|field| {
                self.searcher
                    .doc_freq(&Term::from_field_text(field, stem))
                    .unwrap_or(0)
            })
            .sum()
    }

    /// The indexed text stem closest to `stem`: the smallest edit distance
    /// (1, else 2 for words of 8+ letters), then the most frequent, then the first.
    fn nearest(&self, stem: &str) -> Option<(String, u64)> {
        let length = stem.chars().count();
        // Robustness: a Levenshtein automaton for a 10,000-letter "word" takes
        // seconds to build; no Dutch word worth correcting is that long.
        if !(4..=MAX_CORRECTED_CHARS).contains(&length) || stem.chars().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        let max_distance = if length >= 8 { 2 } else { 1 };
        (1..=max_distance).find_map(|distance| self.nearest_within(stem, distance))
    }

    fn nearest_within(&self, stem: &str, distance: u8) -> Option<(String, u64)> {
        let query = FuzzyTermQuery::new(
            Term::from_field_text(self.fields.text, stem),
            distance,
            true,
        );
        let mut candidates: BTreeMap<String, u64> = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            let Ok(automaton) = query.automaton() else {
                return None;
            };
            let Ok(inverted) = segment.inverted_index(self.fields.text) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(key) = std::str::from_utf8(stream.key()) {
                    if key != stem {
                        *candidates.entry(key.to_string()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        candidates.into_iter().min_by_key(|(candidate, frequency)| {
            (
                edit_distance(stem, candidate),
                std::cmp::Reverse(*frequency),
            )
        })
    }
}

/// Longest word that gets a typo correction.
const MAX_CORRECTED_CHARS: usize = 40;

/// Levenshtein distance with adjacent transpositions counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous2 = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(previous2[j - 2] + 1);
            }
        }
        previous2 = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("programmamagement", "programmamanagement"), 2);
        assert_eq!(edit_distance("armoed", "armoede"), 1);
        assert_eq!(edit_distance("amroede", "armoede"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("stad", "stad"), 0);
    }
}

//! A parsed query (`query::Node`) → tantivy queries, through the Dutch analyzer.
//!
//! Every word is looked for in three fields with different weights: the
//! paragraph `text` (1.0), its compound `parts` (`PARTS_BOOST`, so
//! `management` finds `programmamanagement` below paragraphs that say
//! `management` outright) and its `heading` path (`HEADING_BOOST`, added only
//! to a text match; a heading-only match scores `HEADING_ONLY_SCORE`). In a
//! query of several words a table row's heading counts as its text
//! (`TABLE_ROW_HEADING_BOOST`): a row holds cells, its heading says what they
//! are (`9.1 Leden visitatiecommissie` over the rows that name the members).
//! A list item also matches the words of the sentence that introduces its
//! list (its `context`, `CONTEXT_BOOST` times the word's idf): `welke
//! informatiebronnen` finds the items under `… de volgende informatiebronnen:`.
//! Paragraphs with only some of several words rank by how many they have
//! (`COORDINATION_BONUS`), then by score; so do paragraphs with only some
//! of the parts of an unknown compound.
//! A word no field knows is replaced by the closest indexed word
//! (`correct::Corrector`) and the replacement reported; a Dutch word is never
//! replaced, but its near forms are searched; an unknown or rare compound is
//! searched as its parts too, below itself (read first as two words the
//! index has, `indexed_split`). A word also finds the other number of a noun
//! whose plural doubles a consonant (`doubled_forms`), a Latin verb's noun and
//! back below itself (`derived_forms`), and a hyphenated word its joined
//! form. Questions lose their question words and fillers (`is_question`). Stop words are not indexed; a query of nothing else
//! compiles to no query and says so.
//! Besides the strict (AND) query, the compiler makes the loose (OR) reading
//! used when the strict one finds nothing, and the set of stems to mark in
//! snippets.

use super::correct::Corrector;
use super::query::Node;
use super::topk::{BoostQuery, ConstScoreQuery};
use crate::analysis::{analyzer, joined_word, normalize, Term as AnalyzedTerm};
use crate::error::Result;
use crate::index::schema::{kind_facet, Fields};
use crate::model::Kind;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::query::{AllQuery, BooleanQuery, Occur, PhraseQuery, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::Searcher;

pub const HEADING_BOOST: f32 = 1.5;
pub const PARTS_BOOST: f32 = 0.3;
/// The parts of a compound the index does not have, searched in its place.
pub const UNKNOWN_COMPOUND_PARTS_BOOST: f32 = 0.5;
/// The same among several words (or in a question): there the parts stand
/// for a word no paragraph has, and weigh as much as the other words (dev
/// half: 0.5 / 0.75 / 1.0 gave a mean of 0.894 / 0.896 / 0.896).
pub const UNKNOWN_COMPOUND_PARTS_AMONG_WORDS_BOOST: f32 = 1.0;
/// The parts of a compound in at most `RARE` paragraphs (or corrected to
/// one), searched beside it: well below its own paragraphs.
pub const RARE_COMPOUND_PARTS_BOOST: f32 = 0.1;
/// A list item whose introducing sentence (the `context` field) has a word
/// scores this times the word's text idf, about what one occurrence in a
/// text of average length scores. Tuned on the dev half (0.8 / 1.0 / 1.2 /
/// 1.4 / 1.7 / 2 / 2.5 / 3: mean 0.914 / 0.916 / 0.917 / 0.917 / 0.918 /
/// 0.918 / 0.917 / 0.910; 0.913 without it); the lowest weight within
/// 0.001 of the best, as the context stands for words the item does not
/// have.
pub const CONTEXT_BOOST: f32 = 1.2;
/// The score of a paragraph that has a word only in its heading path: it
/// matches, but below every paragraph whose text has the word.
pub const HEADING_ONLY_SCORE: f32 = 0.01;
/// In a query of several words (or a question), a table row whose heading
/// path has a word scores this times the heading's BM25 for it, as if its
/// text had the word: the row's cells are what the heading names.
pub const TABLE_ROW_HEADING_BOOST: f32 = 1.0;
/// In the loose reading of several words (not a question), each query word
/// a paragraph has adds this: a paragraph with two of three words ranks
/// above one with a single word many times. Tuned on the dev half (3 of
/// 1, 3, 10); BM25 scores of one word run from about 1 to 10. Each part
/// of an unknown compound adds it too, times the parts' boost (dev half,
/// 201 queries: 0 / 1 / 3 / 6 gave a mean of 0.897 / 0.898 / 0.901 / 0.901).
pub const COORDINATION_BONUS: f32 = 3.0;

/// A word in at most this many paragraphs may be a misspelling in the text
/// itself (the Hasselt report has `programmamagement` once): then a near word
/// that is `MUCH_MORE_FREQUENT` times as frequent is searched too.
const RARE: u64 = 2;
const MUCH_MORE_FREQUENT: u64 = 4;

/// What a query compiled to.
pub struct Plan {
    /// A question in words (`welke informatiebronnen gebruikte de
    /// visitatie`): its question words were dropped, and paragraphs are ranked
    /// by how well they match any of the other words (see [`is_question`]).
    pub question: bool,
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
    /// The corrections that are words of the word list, as written:
    /// typed → word (`duurzaamhied` → `duurzaamheid`, not the stem `duurzam`).
    pub correction_surfaces: BTreeMap<String, String>,
    /// Stop words that were dropped from the query.
    pub stop_words: Vec<String>,
    /// Words that match nothing and have no correction: (normalised, stem),
    /// for "did you mean" when the search finds nothing.
    pub unknown: Vec<(String, String)>,
    /// Positive words the index does not have, searched only by stand-ins
    /// (a correction, compound parts, near forms): weak lexical evidence,
    /// which the hybrid fusion reads (`dense::hybrid`).
    pub stand_ins: usize,
    /// Positive words and phrases searched.
    pub searched_words: usize,
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
    let clauses = match node {
        Node::And(clauses) => clauses.as_slice(),
        other => std::slice::from_ref(other),
    };
    let question = is_question(clauses);
    let positive_clauses = clauses
        .iter()
        .filter(|clause| !matches!(clause, Node::Not(_)))
        .count();
    let mut compiler = Compiler {
        several_words: question || positive_clauses >= 2,
        coordinate: !question && positive_clauses >= 2,
        question,
        searcher,
        fields,
        marks: Marks::default(),
        corrections: BTreeMap::new(),
        correction_surfaces: BTreeMap::new(),
        stop_words: Vec::new(),
        unknown: Vec::new(),
        part_words: Vec::new(),
        stand_ins: 0,
        searched_words: 0,
    };
    let mut positive = Vec::new();
    let mut negative = Vec::new();
    for clause in clauses {
        match clause {
            Node::Not(inner) => negative.extend(compiler.node(inner, false)?),
            Node::Word(word) if question && is_question_word(word) => {
                compiler.stop_words.push(normalize(word));
            }
            Node::Word(word) if question && is_question_filler(word) => {
                compiler.stop_words.push(normalize(word));
            }
            Node::Word(word) if question && is_light_verb(word) => {
                positive.extend(compiler.node(clause, true)?.map(|query| {
                    Box::new(BoostQuery::new(query, LIGHT_VERB_BOOST)) as Box<dyn Query>
                }));
            }
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
        question,
        strict,
        loose,
        marks: compiler.marks,
        corrections: compiler.corrections,
        correction_surfaces: compiler.correction_surfaces,
        stop_words: compiler.stop_words,
        unknown: compiler.unknown,
        stand_ins: compiler.stand_ins,
        searched_words: compiler.searched_words,
    })
}

/// Question words: noise in a question typed in words (`hoeveel inwoners
/// telt Hasselt`), where the content words carry the need. Those that are
/// stop words already (`wie`, `wat`, `hoe`) are dropped anyway.
const QUESTION_WORDS: &[&str] = &[
    "wie", "wat", "waar", "wanneer", "waarom", "hoe", "hoeveel", "welke", "welk", "wiens",
    "waarmee", "waarover", "waarvoor", "waardoor", "waarin", "waaruit", "waarop", "hoelang",
    "hoever", "hoezo",
];

/// The most frequent Dutch verbs, in their common forms: in a question they
/// mostly frame it (`wat doet Hasselt tegen …`, `hoeveel geld krijgt …`),
/// so they count for `LIGHT_VERB_BOOST` of a content word.
const LIGHT_VERBS: &[&str] = &[
    "doe",
    "doet",
    "doen",
    "deed",
    "deden",
    "gedaan",
    "gebruik",
    "gebruikt",
    "gebruikte",
    "gebruikten",
    "gebruiken",
    "krijg",
    "krijgt",
    "krijgen",
    "kreeg",
    "kregen",
    "gekregen",
    "vind",
    "vindt",
    "vinden",
    "vond",
    "vonden",
    "gevonden",
    "zit",
    "zitten",
    "zat",
    "zaten",
    "gezeten",
    "tel",
    "telt",
    "tellen",
    "telde",
    "telden",
    "kom",
    "komt",
    "komen",
    "kwam",
    "kwamen",
    "gekomen",
    "ga",
    "gaat",
    "gaan",
    "ging",
    "gingen",
    "gegaan",
    "sta",
    "staat",
    "staan",
    "stond",
    "stonden",
    "maak",
    "maakt",
    "maken",
    "maakte",
    "maakten",
    "gemaakt",
    "zeg",
    "zegt",
    "zeggen",
    "zei",
    "zeiden",
    "gezegd",
    "geef",
    "geeft",
    "geven",
    "gaf",
    "gaven",
    "gegeven",
    "neem",
    "neemt",
    "nemen",
    "nam",
    "namen",
    "genomen",
    "laat",
    "laten",
    "liet",
    "lieten",
    "gelaten",
    "houdt",
    "houden",
    "hield",
    "hielden",
    "gehouden",
    "breng",
    "brengt",
    "brengen",
    "bracht",
    "brachten",
    "gebracht",
    "bestaat",
    "bestaan",
    "betekent",
    "betekenen",
];
const LIGHT_VERB_BOOST: f32 = 0.25;

/// Words that frame a question without naming its subject: modal verbs and
/// the adverbs of direction and degree (`waar gaat het geld naartoe`,
/// `wat moet de stad …`). Dropped from a question like its question words.
const QUESTION_FILLERS: &[&str] = &[
    "moeten",
    "moest",
    "moesten",
    "mag",
    "mogen",
    "mocht",
    "mochten",
    "wilt",
    "willen",
    "wilde",
    "wilden",
    "wou",
    "zullen",
    "zult",
    "zouden",
    "kunt",
    "konden",
    "naartoe",
    "heen",
    "vandaan",
    "eigenlijk",
    "precies",
    "ongeveer",
    "allemaal",
    "zoal",
    "daarmee",
    "daarvoor",
    "daarover",
    "ermee",
    "erover",
    "ervoor",
    "eraan",
];

fn is_question_filler(word: &str) -> bool {
    let word = normalize(word.trim_end_matches('?'));
    QUESTION_FILLERS.contains(&word.as_str())
}

fn is_light_verb(word: &str) -> bool {
    let word = normalize(word.trim_end_matches('?'));
    LIGHT_VERBS.contains(&word.as_str())
}

fn is_question_word(word: &str) -> bool {
    let word = normalize(word.trim_end_matches('?'));
    QUESTION_WORDS.contains(&word.as_str())
}

/// A question in words: only plain words (no phrase, `OR`, `-` or `*`), at
/// least three of them, the first a question word or the last ending in `?`.
pub fn is_question(clauses: &[Node]) -> bool {
    let words: Vec<&str> = clauses
        .iter()
        .map_while(|clause| match clause {
            Node::Word(word) => Some(word.as_str()),
            _ => None,
        })
        .collect();
    words.len() == clauses.len()
        && words.len() >= 3
        && (words.first().is_some_and(|word| is_question_word(word))
            || words.last().is_some_and(|word| word.ends_with('?')))
}

/// `query` plus `COORDINATION_BONUS` for a paragraph that matches `textual`.
fn coordinated(query: Box<dyn Query>, textual: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, query),
        (
            Occur::Should,
            Box::new(ConstScoreQuery::new(textual, COORDINATION_BONUS)),
        ),
    ]))
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
    /// A question or a query of two or more positive clauses: table rows
    /// then match by their heading (`TABLE_ROW_HEADING_BOOST`).
    several_words: bool,
    /// The query is a question (`is_question`).
    question: bool,
    /// Several words, not a question: each word a paragraph's text (or a
    /// table row's heading) has adds `COORDINATION_BONUS`.
    coordinate: bool,
    searcher: &'a Searcher,
    fields: &'a Fields,
    marks: Marks,
    corrections: BTreeMap<String, String>,
    correction_surfaces: BTreeMap<String, String>,
    stop_words: Vec<String>,
    unknown: Vec<(String, String)>,
    /// The parts of the unknown compound being compiled, as written.
    part_words: Vec<String>,
    /// See `Plan::stand_ins`, `Plan::searched_words`.
    stand_ins: usize,
    searched_words: usize,
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
                let corrector = Corrector {
                    searcher: self.searcher,
                    fields: self.fields,
                };
                let frequency = if correct {
                    corrector.frequency(&stem)
                } else {
                    u64::MAX
                };
                let nearest = (frequency <= RARE)
                    .then(|| corrector.correction(&term.normalized, &stem))
                    .flatten();
                let nearest = nearest.filter(|near| {
                    frequency == 0 || near.frequency >= frequency.saturating_mul(MUCH_MORE_FREQUENT)
                });
                let mut stems = vec![stem.clone()];
                if let Some(near) = &nearest {
                    self.corrections.insert(text.to_string(), near.stem.clone());
                    if let Some(surface) = &near.surface {
                        self.correction_surfaces
                            .insert(text.to_string(), surface.clone());
                    }
                    if frequency == 0 {
                        stems.clear();
                    }
                    stems.push(near.stem.clone());
                }
                // A word the index does not have may be a compound of words it
                // has (`communicatieplan`): its parts are searched too, below
                // any paragraph with the word (or its correction) itself.
                // Also after a correction to a word as rare: it must not hide
                // the paragraphs with the parts.
                let rare_correction = nearest.as_ref().is_none_or(|near| near.frequency <= RARE);
                let parts = if frequency <= RARE && rare_correction {
                    // The typed word's parts, else those of its correction.
                    let mut words = vec![term.normalized.clone()];
                    if let Some(near) = &nearest {
                        words.extend(near.surface.clone());
                        words.push(near.stem.clone());
                    }
                    words
                        .iter()
                        .map(|word| self.known_parts(&corrector, word))
                        .find(|parts| !parts.is_empty())
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                // A Dutch word the index does not have in this form: its
                // near forms, the indexed stems it extends by an inflection
                // (`betrekt` → `betrek` of `betrekken`, `krijgt` → `krijg`).
                if frequency == 0 && nearest.is_none() {
                    stems.extend(near_forms(&corrector, &term.normalized));
                }
                // A noun's plural with a doubled consonant and back
                // (`gezin` ↔ `gezinnen`, `plan` ↔ `plannen`): Snowball
                // undoubles only `kk`, `dd`, `tt`, so it stems them apart.
                // Not in a question, where (as with verb forms below) the
                // other number mostly finds paragraphs on something else.
                if correct && !self.question {
                    for form in doubled_forms(&term.normalized) {
                        let form_stem = analyzer().stemmer().stem(&form);
                        if corrector.text_frequency(&form_stem) > 0 && !stems.contains(&form_stem) {
                            stems.push(form_stem);
                        }
                    }
                }
                // An infinitive: the indexed stems of its regular forms,
                // which Snowball leaves apart (`investeren` → `investeert`,
                // `geïnvesteerd`). Not in a question, where the verb mostly
                // frames it or is half of a separable verb (`hoe werken …
                // samen`) and its other forms find unrelated paragraphs.
                if correct && !self.question {
                    for form in verb_forms(&term.normalized) {
                        let form_stem = analyzer().stemmer().stem(&form);
                        if corrector.text_frequency(&form_stem) > 0 && !stems.contains(&form_stem) {
                            stems.push(form_stem);
                        }
                    }
                }
                // The verb's noun and the noun's verb (`evalueren` →
                // `evaluatie`, `communiceert` → `communicatie`,
                // `sensibiliseren` → `sensibilisering`), below the word's own
                // forms.
                let mut derived = Vec::new();
                if correct {
                    for form in derived_forms(&term.normalized) {
                        let form_stem = analyzer().stemmer().stem(&form);
                        if corrector.text_frequency(&form_stem) > 0
                            && !stems.contains(&form_stem)
                            && !derived.contains(&form_stem)
                        {
                            derived.push(form_stem);
                        }
                    }
                }
                // A strong verb the index lacks in the typed form: its other
                // forms, as the word's own (`betrekt` → `betrokken`, whose stem
                // `betrokkenheid` shares; `koos` → `gekozen`). Not for a form
                // the index has: `betrekken` is its own evidence, and
                // `betrokken` mostly the adjective (dev half: also searching
                // them at 0.3 for an indexed form cost `burgers betrekken
                // beleid` 0.93 → 0.64).
                let mut strong = Vec::new();
                if correct && frequency == 0 && !is_light_verb(&term.normalized) {
                    for form in super::strong_verbs::strong_forms(&term.normalized) {
                        let form_stem = analyzer().stemmer().stem(&form);
                        if corrector.frequency(&form_stem) > 0
                            && !stems.contains(&form_stem)
                            && !derived.contains(&form_stem)
                            && !strong.contains(&form_stem)
                        {
                            strong.push(form_stem);
                        }
                    }
                }
                if frequency == 0
                    && nearest.is_none()
                    && parts.is_empty()
                    && derived.is_empty()
                    && strong.is_empty()
                {
                    self.unknown.push((term.normalized.clone(), stem.clone()));
                }
                if mark {
                    self.searched_words += 1;
                    if frequency == 0 {
                        self.stand_ins += 1;
                    }
                }
                let part_words = std::mem::take(&mut self.part_words);
                if mark {
                    self.marks.stems.extend(stems.iter().cloned());
                    self.marks.stems.extend(parts.iter().cloned());
                    self.marks.stems.extend(derived.iter().cloned());
                    self.marks.stems.extend(strong.iter().cloned());
                    self.marks.words.extend(part_words);
                    if frequency > 0 {
                        self.marks.words.insert(term.normalized.clone());
                    }
                }
                let mut queries: Vec<Box<dyn Query>> = stems
                    .iter()
                    .chain(&strong)
                    .map(|stem| self.term_query(stem))
                    .collect();
                if !derived.is_empty() {
                    let should: Vec<(Occur, Box<dyn Query>)> = derived
                        .iter()
                        .map(|form| (Occur::Should, self.term_query(form)))
                        .collect();
                    queries.push(Box::new(BoostQuery::new(
                        Box::new(BooleanQuery::new(should)),
                        DERIVED_BOOST,
                    )));
                }
                if !parts.is_empty() {
                    let unknown = frequency == 0 && nearest.is_none();
                    // An unknown compound stands for all of its parts: a
                    // paragraph with more of them ranks first, as with the
                    // words of a query of several (`bevolkingsgroei`: the
                    // paragraphs with `bevolking` and `groei` above the many
                    // with `groei` alone).
                    let coordinate_parts = unknown && parts.len() > 1;
                    let should: Vec<(Occur, Box<dyn Query>)> = parts
                        .iter()
                        .map(|part| {
                            let query = self.term_query(part);
                            let query = if coordinate_parts {
                                coordinated(query, self.textual_query(part))
                            } else {
                                query
                            };
                            (Occur::Should, query)
                        })
                        .collect();
                    let boost = if unknown {
                        if self.several_words {
                            UNKNOWN_COMPOUND_PARTS_AMONG_WORDS_BOOST
                        } else {
                            UNKNOWN_COMPOUND_PARTS_BOOST
                        }
                    } else {
                        RARE_COMPOUND_PARTS_BOOST
                    };
                    queries.push(Box::new(BoostQuery::new(
                        Box::new(BooleanQuery::new(should)),
                        boost,
                    )));
                }
                let query: Box<dyn Query> = if queries.len() == 1 {
                    queries.pop()?
                } else {
                    let should = queries
                        .into_iter()
                        .map(|query| (Occur::Should, query))
                        .collect();
                    Box::new(BooleanQuery::new(should))
                };
                if !self.coordinate {
                    return Some(query);
                }
                let textual = stems
                    .iter()
                    .chain(&parts)
                    .chain(&derived)
                    .chain(&strong)
                    .map(|stem| (Occur::Should, self.textual_query(stem)))
                    .collect();
                Some(coordinated(query, Box::new(BooleanQuery::new(textual))))
            }
            many => {
                if mark {
                    self.searched_words += 1;
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
                let mut phrase: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(terms));
                // A hyphenated word (`co-creatie`, two words in a row) is
                // also its joined word (`cocreatie`, `analysis::hyphen`).
                let joined = correct.then(|| joined_word(text)).flatten();
                if let Some(joined_stem) = joined.map(|term| term.stem) {
                    let corrector = Corrector {
                        searcher: self.searcher,
                        fields: self.fields,
                    };
                    if corrector.text_frequency(&joined_stem) > 0 {
                        if mark {
                            self.marks.stems.insert(joined_stem.clone());
                        }
                        phrase = Box::new(BooleanQuery::new(vec![
                            (Occur::Should, phrase),
                            (Occur::Should, self.term_query(&joined_stem)),
                        ]));
                    }
                }
                if self.coordinate {
                    Some(coordinated(phrase.box_clone(), phrase))
                } else {
                    Some(phrase)
                }
            }
        }
    }

    /// One stem in the text, heading and compound-parts fields. The heading
    /// adds to a paragraph whose text (or a compound of it) has the word; a
    /// paragraph with the word only in its heading scores
    /// `HEADING_ONLY_SCORE`, below every text match — except, among
    /// several words, a table row, whose heading counts as its text.
    /// Paragraphs that have `stem` in their text or compound parts, or — among
    /// several words — table rows with it in their heading: where a word
    /// counts as present for `COORDINATION_BONUS`.
    fn textual_query(&self, stem: &str) -> Box<dyn Query> {
        let term = |field: Field| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, stem),
                IndexRecordOption::Basic,
            ))
        };
        let mut either = vec![
            (Occur::Should, term(self.fields.text)),
            (Occur::Should, term(self.fields.parts)),
        ];
        if self.several_words {
            either.push((
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, term(self.fields.heading)),
                    (Occur::Must, self.table_rows()),
                ])),
            ));
        }
        Box::new(BooleanQuery::new(either))
    }

    /// List items whose introducing sentence has `stem`: the word's weight
    /// in the text (its BM25 idf there, as for one occurrence), times
    /// `CONTEXT_BOOST`. The text's idf, not the context field's: a word
    /// of every other paragraph (the city's name) is no rarer for standing
    /// in one introduction.
    fn context_query(&self, stem: &str) -> Box<dyn Query> {
        let documents = self.searcher.num_docs() as f32;
        let frequency = self
            .searcher
            .doc_freq(&Term::from_field_text(self.fields.text, stem))
            .unwrap_or(0) as f32;
        let idf = (1.0 + (documents - frequency + 0.5) / (frequency + 0.5)).ln();
        Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.context, stem),
                IndexRecordOption::Basic,
            )),
            CONTEXT_BOOST * idf,
        ))
    }

    /// Every table row, scoring nothing.
    fn table_rows(&self) -> Box<dyn Query> {
        let table_row = Term::from_facet(self.fields.kind, &kind_facet(Kind::TableRow));
        Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(table_row, IndexRecordOption::Basic)),
            0.0,
        ))
    }

    fn term_query(&self, stem: &str) -> Box<dyn Query> {
        let term = |field: Field, boost: f32| -> Box<dyn Query> {
            let query = TermQuery::new(
                Term::from_field_text(field, stem),
                IndexRecordOption::WithFreqs,
            );
            Box::new(BoostQuery::new(Box::new(query), boost))
        };
        let textual: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Should, term(self.fields.text, 1.0)),
            (Occur::Should, term(self.fields.parts, PARTS_BOOST)),
        ]));
        let with_heading: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, textual),
            (Occur::Should, term(self.fields.heading, HEADING_BOOST)),
        ]));
        let heading_only: Box<dyn Query> = Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.heading, stem),
                IndexRecordOption::Basic,
            )),
            HEADING_ONLY_SCORE,
        ));
        let mut either = vec![
            (Occur::Should, with_heading),
            (Occur::Should, heading_only),
            (Occur::Should, self.context_query(stem)),
        ];
        if self.several_words {
            let table_row = self.table_rows();
            either.push((
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Must,
                        term(self.fields.heading, TABLE_ROW_HEADING_BOOST),
                    ),
                    (Occur::Must, table_row),
                ])),
            ));
        }
        Box::new(BooleanQuery::new(either))
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

    /// The stems of the parts of an unknown compound that the index has,
    /// split with the word list (`communicatieplan` → `communicatie`, `plan`).
    /// Marks the parts (as words too, for compounds of the text that have them).
    fn known_parts(&mut self, corrector: &Corrector<'_>, normalized: &str) -> Vec<String> {
        if let Some((modifier, head)) = indexed_split(corrector, normalized) {
            let mut stems = Vec::new();
            for part in [modifier, head] {
                let stem = analyzer().stemmer().stem(&part);
                if !stems.contains(&stem) {
                    stems.push(stem);
                    self.part_words.push(part);
                }
            }
            return stems;
        }
        let parts = crate::analysis::Decompounder::default().parts(normalized);
        let mut stems: Vec<String> = Vec::new();
        for part in parts {
            let stem = analyzer().stemmer().stem(&part);
            if corrector.frequency(&stem) > 0 && !stems.contains(&stem) {
                stems.push(stem);
                self.part_words.push(part);
            }
        }
        stems
    }
}

/// Fewest letters of each part of `indexed_split`.
const MIN_INDEXED_PART: usize = 4;
/// Dutch linking letters between a compound's modifier and its head.
const LINKING: [&str; 3] = ["s", "en", "er"];

/// A word the index lacks read as two words its texts have, modifier and
/// head (`stedenfondsgeld` → `stedenfonds` + `geld`, `verkeersplan` →
/// `verkeer` + `plan`, linking letters dropped): the longest indexed
/// modifier wins. The word list alone would split `steden` + `fonds` +
/// `geld`, whose `steden` (stem `stad`) is in most paragraphs; the index's
/// own words keep the compound's sense.
fn indexed_split(corrector: &Corrector<'_>, normalized: &str) -> Option<(String, String)> {
    if !normalized.chars().all(char::is_alphabetic) {
        return None;
    }
    let bounds: Vec<usize> = normalized.char_indices().map(|(i, _)| i).collect();
    let indexed = |word: &str| {
        word.chars().count() >= MIN_INDEXED_PART
            && !analyzer().is_stop_word(word)
            && corrector.text_frequency(&analyzer().stemmer().stem(word)) > 0
    };
    for &cut in bounds.iter().rev() {
        let (front, head) = normalized.split_at(cut);
        if !indexed(head) {
            continue;
        }
        let modifiers = std::iter::once(front).chain(
            LINKING
                .iter()
                .filter_map(|linker| front.strip_suffix(linker)),
        );
        for modifier in modifiers {
            if indexed(modifier) {
                return Some((modifier.to_string(), head.to_string()));
            }
        }
    }
    None
}

/// Letters an inflection adds to a stem, at most (`betrek` + `t`,
/// `krijg` + `en`).
const INFLECTION_LETTERS: usize = 2;
/// Fewest letters of a near form's stem.
const MIN_NEAR_FORM: usize = 4;

/// The indexed stems that are `normalized` without its last one or two
/// letters, longest first.
fn near_forms(corrector: &Corrector<'_>, normalized: &str) -> Vec<String> {
    let chars: Vec<char> = normalized.chars().collect();
    if chars.iter().any(|c| !c.is_alphabetic()) {
        return Vec::new();
    }
    (1..=INFLECTION_LETTERS)
        .filter(|cut| chars.len() >= MIN_NEAR_FORM + cut)
        .map(|cut| chars[..chars.len() - cut].iter().collect::<String>())
        .filter(|stem| corrector.text_frequency(stem) > 0)
        .take(1)
        .collect()
}

/// Consonants doubled before `-en` after a short vowel that Snowball's
/// Dutch stemmer leaves doubled (it undoubles `k`, `d`, `t` itself).
const DOUBLING_CONSONANTS: &str = "bfglmnprs";

/// The other number of a noun whose plural doubles its last consonant:
/// `gezin` → `gezinnen`, `gezinnen` → `gezin` (a short vowel — one vowel
/// letter after a consonant — before the consonant). Empty otherwise.
pub fn doubled_forms(normalized: &str) -> Vec<String> {
    let chars: Vec<char> = normalized.chars().collect();
    if chars.len() < 3 || !chars.iter().all(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    let is_vowel = |c: char| "aeiou".contains(c);
    let short_vowel_before = |i: usize| {
        // chars[i] is the vowel: one vowel letter, after a consonant.
        i >= 1 && is_vowel(chars[i]) && !is_vowel(chars[i - 1]) && chars[i - 1] != 'j'
    };
    let n = chars.len();
    if let Some(base) = normalized.strip_suffix("en") {
        let b: Vec<char> = base.chars().collect();
        let m = b.len();
        if m >= 4
            && b[m - 1] == b[m - 2]
            && DOUBLING_CONSONANTS.contains(b[m - 1])
            && short_vowel_before(m - 3)
        {
            return vec![b[..m - 1].iter().collect()];
        }
    }
    let last = chars[n - 1];
    // An `e` after an earlier vowel is mostly unstressed (`beleg`,
    // `woningen`, `wagen`): nothing doubles after it.
    let unstressed = chars[n - 2] == 'e' && chars[..n - 2].iter().any(|c| is_vowel(*c));
    if DOUBLING_CONSONANTS.contains(last) && short_vowel_before(n - 2) && !unstressed {
        return vec![format!("{normalized}{last}en")];
    }
    Vec::new()
}

/// The weight of a word's derived forms (`derived_forms`) against its own
/// (dev half: 0.3 / 0.5 / 1.0 gave a mean of 0.890 / 0.889 / 0.888).
const DERIVED_BOOST: f32 = 0.3;
/// Fewest letters of the root a derivation is built on (`evalu`).
const MIN_DERIVATION_ROOT: usize = 4;

/// Words of the same root by the regular Dutch derivations of Latin verbs
/// in `-eren`: the noun in `-atie` and in `-ering` (`evalueren` →
/// `evaluatie`, `sensibiliseren` → `sensibilisering`) and back, from the
/// infinitive, its present (`-eert`), past (`-eerde(n)`) and participle
/// (`ge…eerd(e)`) or either noun (also plural). Only the forms the index
/// has are searched.
pub fn derived_forms(normalized: &str) -> Vec<String> {
    if !normalized.chars().all(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    let participle = normalized.strip_prefix("ge").and_then(|rest| {
        rest.strip_suffix("eerde")
            .or_else(|| rest.strip_suffix("eerd"))
    });
    let root = [
        "eringen", "ering", "aties", "atie", "eerden", "eerde", "eren", "eert",
    ]
    .iter()
    .find_map(|suffix| normalized.strip_suffix(suffix));
    let root = participle.or(root);
    let mut forms: Vec<String> = match root.filter(|root| root.len() >= MIN_DERIVATION_ROOT) {
        Some(root) => ["eren", "atie", "aties", "ering", "eringen"]
            .iter()
            .map(|suffix| format!("{root}{suffix}"))
            .collect(),
        None => Vec::new(),
    };
    forms.retain(|form| form != normalized);
    forms
}

/// Shortest infinitive that gets its forms searched (`maken`).
const MIN_INFINITIVE: usize = 5;
/// Two letters written for one sound: no vowel doubling after them.
const DIGRAPHS: &[&str] = &[
    "aa", "ee", "oo", "uu", "ie", "eu", "oe", "ou", "au", "ei", "ij", "ui",
];
/// Verb prefixes that take no `ge-` in the past participle.
const UNSTRESSED_PREFIXES: &[&str] = &["be", "ge", "ver", "ont", "her", "er"];

/// The regular forms of a Dutch infinitive (normalised, accents folded),
/// built on the stem as written (`investeer`): present `-t`, past `-de(n)`/`-te(n)`
/// (by 't kofschip) and the past participle (`geinvesteerd`; no `ge-` after
/// `be-`, `ver-`, …). Empty for a word that does not end in `-en`. Irregular
/// verbs get their regular forms only; a form the index does not have is
/// simply not searched.
pub fn verb_forms(infinitive: &str) -> Vec<String> {
    let chars: Vec<char> = infinitive.chars().collect();
    if chars.len() < MIN_INFINITIVE
        || !infinitive.ends_with("en")
        || !chars.iter().all(|c| c.is_ascii_lowercase())
    {
        return Vec::new();
    }
    let is_vowel = |c: char| "aeiouy".contains(c);
    let mut root: Vec<char> = chars[..chars.len() - 2].to_vec();
    let n = root.len();
    let last = root[n - 1];
    if is_vowel(last) {
        return Vec::new();
    }
    // 't kofschip decides -te/-de by the root's last sound as spoken.
    let voiceless = "tkfschpx".contains(last);
    if n >= 2 && root[n - 2] == last {
        // betrekk → betrek
        root.pop();
    } else if n >= 3 && is_vowel(root[n - 2]) && !is_vowel(root[n - 3]) {
        // invester → investeer, mak → maak (an open syllable closed)
        let vowel = root[n - 2];
        if vowel != 'i' {
            root.insert(n - 1, vowel);
        }
    } else if n >= 3 && is_vowel(root[n - 2]) && is_vowel(root[n - 3]) {
        let pair: String = root[n - 3..n - 1].iter().collect();
        if !DIGRAPHS.contains(&pair.as_str()) && root[n - 2] != 'i' {
            // evaluer → evalueer (`ue` is two sounds)
            let vowel = root[n - 2];
            root.insert(n - 1, vowel);
        }
    }
    let (stem, present) = spelled_stem(&root);
    let (past, dental) = if voiceless { ("te", 't') } else { ("de", 'd') };
    let ends_dental = stem.ends_with('t') || stem.ends_with('d');
    let participle_tail = if ends_dental {
        stem.clone()
    } else {
        format!("{stem}{dental}")
    };
    let participle = if UNSTRESSED_PREFIXES
        .iter()
        .any(|prefix| infinitive.starts_with(prefix) && chars.len() > prefix.len() + 4)
    {
        participle_tail
    } else {
        format!("ge{participle_tail}")
    };
    // Not the bare stem (`werk`, `plan`): as often a noun as the verb's
    // first person.
    let mut forms = vec![
        present,
        format!("{stem}{past}"),
        format!("{stem}{past}n"),
        participle.clone(),
        format!("{participle}e"),
    ];
    forms.dedup();
    forms.retain(|form| form != infinitive);
    forms
}

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

/// A verb's stem as spelled from its root (the infinitive without `-en`,
/// its syllable already closed or opened): no final `v` or `z` (`geef`,
/// `lees`), and its third person singular (`geeft`; `zet` stays `zet`).
pub(super) fn spelled_stem(root: &[char]) -> (String, String) {
    let mut stem: String = root.iter().collect();
    if stem.ends_with('v') {
        stem.pop();
        stem.push('f');
    } else if stem.ends_with('z') {
        stem.pop();
        stem.push('s');
    }
    let third = if stem.ends_with('t') {
        stem.clone()
    } else {
        format!("{stem}t")
    };
    (stem, third)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_verb_forms() {
        let forms = verb_forms("investeren");
        for form in ["investeert", "investeerde", "geinvesteerd"] {
            assert!(forms.contains(&form.to_string()), "{form}: {forms:?}");
        }
        let forms = verb_forms("evalueren");
        assert!(forms.contains(&"geevalueerd".to_string()), "{forms:?}");
        assert!(forms.contains(&"evalueert".to_string()), "{forms:?}");
        let forms = verb_forms("werken");
        assert!(
            !forms.contains(&"werk".to_string()),
            "a noun too: {forms:?}"
        );
        for form in ["werkt", "werkte", "gewerkt"] {
            assert!(forms.contains(&form.to_string()), "{form}: {forms:?}");
        }
        let forms = verb_forms("leven");
        assert!(forms.contains(&"leeft".to_string()), "{forms:?}");
        assert!(forms.contains(&"geleefd".to_string()), "{forms:?}");
        let forms = verb_forms("betrekken");
        assert!(forms.contains(&"betrekt".to_string()), "{forms:?}");
        assert!(
            !forms.iter().any(|form| form.starts_with("gebe")),
            "{forms:?}"
        );
        let forms = verb_forms("reizen");
        assert!(forms.contains(&"reist".to_string()), "{forms:?}");
        assert!(verb_forms("stad").is_empty());
        assert!(verb_forms("woningen").iter().all(|form| form != "woningen"));
    }

    #[test]
    fn latin_verbs_and_their_nouns() {
        let forms = derived_forms("evalueren");
        assert!(forms.contains(&"evaluatie".to_string()), "{forms:?}");
        let forms = derived_forms("communiceert");
        assert!(forms.contains(&"communicatie".to_string()), "{forms:?}");
        assert!(forms.contains(&"communiceren".to_string()), "{forms:?}");
        let forms = derived_forms("sensibiliseren");
        assert!(forms.contains(&"sensibilisering".to_string()), "{forms:?}");
        let forms = derived_forms("gecoordineerd");
        assert!(forms.contains(&"coordinatie".to_string()), "{forms:?}");
        let forms = derived_forms("participatie");
        assert!(forms.contains(&"participeren".to_string()), "{forms:?}");
        assert!(!forms.contains(&"participatie".to_string()), "{forms:?}");
        // Too short a root, or no such ending.
        assert!(derived_forms("leren").is_empty());
        assert!(derived_forms("stad").is_empty());
        assert!(
            derived_forms("coördinatie").is_empty(),
            "normalised words only"
        );
    }

    #[test]
    fn plurals_that_double_a_consonant() {
        assert_eq!(doubled_forms("gezin"), vec!["gezinnen".to_string()]);
        assert_eq!(doubled_forms("gezinnen"), vec!["gezin".to_string()]);
        assert_eq!(doubled_forms("plannen"), vec!["plan".to_string()]);
        // A long vowel or a diphthong does not double (`wijk`, `plein`).
        assert!(doubled_forms("wijk").is_empty());
        assert!(doubled_forms("plein").is_empty());
        assert!(doubled_forms("woningen").is_empty());
        assert!(doubled_forms("beleg").is_empty(), "unstressed");
        // `k`, `d`, `t` are undoubled by the stemmer already.
        assert!(doubled_forms("stad").is_empty());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("programmamagement", "programmamanagement"), 2);
        assert_eq!(edit_distance("armoed", "armoede"), 1);
        assert_eq!(edit_distance("amroede", "armoede"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("stad", "stad"), 0);
    }
}

//! The exact score of one paragraph at a time (issue 13): what `topk`'s
//! pruned walk asks for each paragraph the flat union lets through.
//!
//! Seeking the compiled query's own scorer to a paragraph is costly when
//! the paragraphs asked for are far apart: each nested union of tantivy
//! (`BufferedUnionScorer`) refills a window of 4,096 documents, walking the
//! postings of every one of its terms in that window, to answer for one
//! document. For a frequent word at 10,000 reports that was 42% of a
//! search (some 1,300 paragraphs scored, ≈ 11 µs each).
//!
//! Here the same query is a tree of its term scorers: a paragraph is scored
//! by seeking each term's postings (skip lists, one block decoded) and
//! combining the clauses as tantivy's scorers combine them, so the score is
//! the same float, bit for bit:
//! - a term scores as tantivy's term scorer at the product of the boosts
//!   above it, multiplied from the root down (as `BoostWeight` passes them);
//! - a constant part scores its constant times those boosts when its inner
//!   query matches (scored at boost 1, as `ConstWeight` does);
//! - a union sums its matching clauses in clause order from 0
//!   (`BufferedUnionScorer` with `SumCombiner`, which keeps that order);
//! - required clauses with optional ones score required + (sum of the
//!   optional ones) (`RequiredOptionalScorer`), with required ones: required
//!   + union (intersections of two, whose sums do not depend on order);
//! - a minimum-should-match above the number of should clauses matches
//!   nothing; should clauses exactly as many as the minimum become required
//!   ones (both as `BooleanWeight` decides before it scores);
//! - then a boolean query of one clause is that clause (tantivy's shortcut;
//!   a lone exclusion matches nothing).
//!
//! Shapes whose sum order tantivy chooses by cost (three or more required
//! clauses), or that it scores otherwise (a minimum of two or more, below
//! the number of should clauses), are not built: [`Pointwise::new`] says
//! `None` and the caller seeks the query's own scorer. The unit test below
//! compares random query shapes with tantivy's scorer on every document;
//! `tests/topk.rs` compares the pruned ranking, scored here, with tantivy's
//! exhaustive walk, score for score.

use crate::error::Result;
use crate::search::topk::{BoostQuery, ConstScoreQuery};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader};

/// A compiled query as a tree of term weights (built once per search).
pub struct Pointwise {
    root: Shape,
}

enum Shape {
    /// A term at the product of the boosts above it.
    Term {
        weight: Box<dyn Weight>,
        boost: Score,
    },
    /// A constant (times its boosts) when `inner` matches.
    Constant { inner: Box<Shape>, score: Score },
    Boolean {
        musts: Vec<Shape>,
        shoulds: Vec<Shape>,
        nots: Vec<Shape>,
        /// At least one should clause must match (a minimum of one, or no
        /// required clause).
        should_required: bool,
    },
    /// Matches nothing (a minimum no clause set can meet, a lone exclusion).
    Nothing,
}

impl Pointwise {
    /// The tree of `query`, or `None` when a part cannot be scored here.
    pub fn new(query: &dyn Query, scoring: EnableScoring<'_>) -> Result<Option<Pointwise>> {
        Ok(shape(query, 1.0, scoring)?.map(|root| Pointwise { root }))
    }

    /// The scorer of one segment: paragraphs must be asked for ascending.
    pub fn for_segment(&self, reader: &SegmentReader) -> Result<SegmentPointwise> {
        Ok(SegmentPointwise {
            root: node(&self.root, reader)?,
        })
    }
}

/// [`Pointwise`] in one segment.
pub struct SegmentPointwise {
    root: Node,
}

impl SegmentPointwise {
    /// The score of `doc` when the query matches it; docs must come ascending.
    pub fn score(&mut self, doc: DocId) -> Option<Score> {
        self.root.score(doc)
    }
}

fn shape(query: &dyn Query, boost: Score, scoring: EnableScoring<'_>) -> Result<Option<Shape>> {
    if let Some(term) = query.downcast_ref::<TermQuery>() {
        return Ok(Some(Shape::Term {
            weight: term.weight(scoring)?,
            boost,
        }));
    }
    if let Some(boosted) = query.downcast_ref::<BoostQuery>() {
        return shape(boosted.inner(), boost * boosted.boost(), scoring);
    }
    if let Some(constant) = query.downcast_ref::<ConstScoreQuery>() {
        let Some(inner) = shape(constant.inner(), 1.0, scoring)? else {
            return Ok(None);
        };
        return Ok(Some(Shape::Constant {
            inner: Box::new(inner),
            score: boost * constant.score(),
        }));
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return Ok(None);
    };
    let clauses = boolean.clauses();
    let minimum = boolean.get_minimum_number_should_match();
    let should_count = clauses
        .iter()
        .filter(|(occur, _)| *occur == Occur::Should)
        .count();
    // As tantivy's `BooleanWeight`: first the minimum (no clause set can
    // meet it: nothing; exactly the should clauses: they become required),
    // then a lone clause is that clause.
    if minimum > should_count {
        return Ok(Some(Shape::Nothing));
    }
    let promote = should_count > 0 && minimum == should_count;
    if clauses.len() == 1 {
        let (occur, clause) = &clauses[0];
        if *occur == Occur::MustNot {
            return Ok(Some(Shape::Nothing));
        }
        return shape(clause.as_ref(), boost, scoring);
    }
    if minimum > 1 && !promote {
        return Ok(None);
    }
    let (mut musts, mut shoulds, mut nots) = (Vec::new(), Vec::new(), Vec::new());
    for (occur, clause) in clauses {
        let Some(part) = shape(clause.as_ref(), boost, scoring)? else {
            return Ok(None);
        };
        match occur {
            Occur::Must => musts.push(part),
            Occur::Should if promote => musts.push(part),
            Occur::Should => shoulds.push(part),
            Occur::MustNot => nots.push(part),
        }
    }
    let minimum = if promote { 0 } else { minimum };
    if musts.len() > 2 {
        // An intersection of three or more: tantivy sums it in cost order.
        return Ok(None);
    }
    let should_required = musts.is_empty() || minimum == 1;
    Ok(Some(Shape::Boolean {
        musts,
        shoulds,
        nots,
        should_required,
    }))
}

enum Node {
    Term(Box<dyn Scorer>),
    Constant {
        inner: Box<Node>,
        score: Score,
    },
    Boolean {
        musts: Vec<Node>,
        shoulds: Vec<Node>,
        nots: Vec<Node>,
        should_required: bool,
    },
    Nothing,
}

fn node(shape: &Shape, reader: &SegmentReader) -> Result<Node> {
    Ok(match shape {
        Shape::Term { weight, boost } => Node::Term(weight.scorer(reader, *boost)?),
        Shape::Constant { inner, score } => Node::Constant {
            inner: Box::new(node(inner, reader)?),
            score: *score,
        },
        Shape::Boolean {
            musts,
            shoulds,
            nots,
            should_required,
        } => Node::Boolean {
            musts: nodes(musts, reader)?,
            shoulds: nodes(shoulds, reader)?,
            nots: nodes(nots, reader)?,
            should_required: *should_required,
        },
        Shape::Nothing => Node::Nothing,
    })
}

fn nodes(shapes: &[Shape], reader: &SegmentReader) -> Result<Vec<Node>> {
    shapes.iter().map(|shape| node(shape, reader)).collect()
}

impl Node {
    fn score(&mut self, doc: DocId) -> Option<Score> {
        match self {
            Node::Term(scorer) => {
                let mut at = scorer.doc();
                if at < doc {
                    at = scorer.seek(doc);
                }
                (at == doc).then(|| scorer.score())
            }
            Node::Constant { inner, score } => inner.score(doc).map(|_| *score),
            Node::Boolean {
                musts,
                shoulds,
                nots,
                should_required,
            } => {
                // Required clauses first: most paragraphs asked for lack one.
                let mut required: Option<Score> = None;
                for must in musts.iter_mut() {
                    let score = must.score(doc)?;
                    required = Some(match required {
                        None => score,
                        Some(sum) => sum + score,
                    });
                }
                if nots.iter_mut().any(|not| not.score(doc).is_some()) {
                    return None;
                }
                let mut union: Score = 0.0;
                let mut matched = false;
                for should in shoulds.iter_mut() {
                    if let Some(score) = should.score(doc) {
                        union += score;
                        matched = true;
                    }
                }
                match (required, matched) {
                    (None, true) => Some(union),
                    (None, false) => None,
                    (Some(_), false) if *should_required => None,
                    (Some(required), false) => Some(required),
                    (Some(required), true) => Some(required + union),
                }
            }
            Node::Nothing => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Term, TERMINATED};

    /// A tiny deterministic generator (no seed to record, no dependency).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    const WORDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

    fn index() -> (Index, [tantivy::schema::Field; 2]) {
        let mut schema = Schema::builder();
        let fields = [
            schema.add_text_field("x", TEXT),
            schema.add_text_field("y", TEXT),
        ];
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let mut random = Lcg(7);
        for segment in 0..3 {
            for _ in 0..(300 + segment * 100) {
                let mut texts = [String::new(), String::new()];
                for text in &mut texts {
                    for (n, word) in WORDS.iter().enumerate() {
                        // Word n in about one paragraph in n + 1, repeated.
                        for _ in 0..random.below(3) {
                            if random.below(n as u64 + 1) == 0 {
                                text.push_str(word);
                                text.push(' ');
                            }
                        }
                    }
                }
                writer
                    .add_document(
                        doc!(fields[0] => texts[0].clone(), fields[1] => texts[1].clone()),
                    )
                    .expect("add");
            }
            writer.commit().expect("commit");
        }
        (index, fields)
    }

    fn term(random: &mut Lcg, fields: &[tantivy::schema::Field; 2]) -> Box<dyn Query> {
        let field = fields[random.below(2) as usize];
        let word = WORDS[random.below(WORDS.len() as u64) as usize];
        Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// A random compiled-query shape: terms, boosts, constants and
    /// booleans of every occur and minimum, nested.
    fn query(random: &mut Lcg, fields: &[tantivy::schema::Field; 2], depth: u32) -> Box<dyn Query> {
        let pick = if depth == 0 { 0 } else { random.below(4) };
        match pick {
            0 => term(random, fields),
            1 => Box::new(BoostQuery::new(
                query(random, fields, depth - 1),
                0.25 * (1 + random.below(8)) as Score,
            )),
            2 => Box::new(ConstScoreQuery::new(
                query(random, fields, depth - 1),
                0.1 * (1 + random.below(20)) as Score,
            )),
            _ => {
                let count = 1 + random.below(4) as usize;
                let clauses: Vec<(Occur, Box<dyn Query>)> = (0..count)
                    .map(|_| {
                        let occur = match random.below(5) {
                            0 | 1 => Occur::Should,
                            2 | 3 => Occur::Must,
                            _ => Occur::MustNot,
                        };
                        (occur, query(random, fields, depth - 1))
                    })
                    .collect();
                let minimum = random.below(3) as usize;
                Box::new(BooleanQuery::with_minimum_required_clauses(
                    clauses, minimum,
                ))
            }
        }
    }

    /// Every shape it builds scores every paragraph as tantivy's own
    /// scorer does, bit for bit, whether asked for every paragraph or for
    /// sparse ones; and it declines only the shapes it says it declines.
    #[test]
    fn scores_as_tantivy_scores() {
        let (index, fields) = index();
        let searcher = index.reader().expect("reader").searcher();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let mut random = Lcg(42);
        let (mut built, mut matches) = (0, 0);
        for _ in 0..400 {
            let query = query(&mut random, &fields, 3);
            let Some(pointwise) = Pointwise::new(query.as_ref(), scoring).expect("shape") else {
                continue;
            };
            built += 1;
            let weight = query.weight(scoring).expect("weight");
            for reader in searcher.segment_readers() {
                let mut expected = std::collections::BTreeMap::new();
                let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
                while scorer.doc() != TERMINATED {
                    expected.insert(scorer.doc(), scorer.score().to_bits());
                    scorer.advance();
                }
                matches += expected.len();
                for step in [1, 7] {
                    let mut ours = pointwise.for_segment(reader).expect("segment");
                    for doc in (0..reader.max_doc()).step_by(step) {
                        let got = ours.score(doc).map(f32::to_bits);
                        assert_eq!(
                            got,
                            expected.get(&doc).copied(),
                            "{query:?} doc {doc} step {step}"
                        );
                    }
                }
            }
        }
        assert!(built > 200, "only {built} of 400 shapes built");
        assert!(matches > 10_000, "only {matches} matches compared");
    }
}

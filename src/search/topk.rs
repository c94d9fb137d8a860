//! The best `limit` matches of a compiled query without scoring every match
//! (issue 13), and their total: exact when counting is cheap, otherwise a
//! deterministic lower bound.
//!
//! The compiled queries nest boolean clauses (a word is its text, parts and
//! heading terms, a heading-only constant, a coordination bonus), which
//! tantivy's block-max WAND cannot prune: `TopDocs` on them scores every
//! match. Their score is, however, a sum of boosted BM25 term scores and
//! constants, so it is bounded by a flat query: the union of the same terms
//! with the same boosts (`flat`, every matching term counted) plus every
//! constant the query can add (`constant`); the terms that make a constant
//! part match (a list item's introduction) join it at a negligible boost, so
//! a paragraph matching by them alone is visited too. That union is a plain
//! should-of-boosted-terms, which tantivy prunes with block-max WAND. So
//! the ranking is one walk of that union by block-max WAND, in which every
//! paragraph it lets through is scored exactly by the real query (term by
//! term, see `pointwise`, while those paragraphs are far apart; by its own
//! scorer sought forward once they come close together: both sum the same
//! terms in the same order as a full walk) and handed to tantivy's own
//! `TopDocs` collector, so ties break exactly as in the exhaustive walk.
//! In each segment (walked on its own, on the search threads), the k best
//! exact scores so far give θ; WAND is told to skip paragraphs whose flat
//! score is at most θ − `constant` (less a margin for float rounding), which
//! therefore score below θ and cannot enter the segment's top k, so not the
//! top k either. θ only rises, so what is skipped stays out. θ starts from
//! nothing in every segment (it used to carry over from one segment to the
//! next): a later segment scores a few more paragraphs, and in exchange what
//! a segment scores, and so the lower-bound total, is the same whatever the
//! number of threads and whichever segment finishes first.
//!
//! A constant part that few paragraphs can match (a list item's
//! introduction, `PRESCORE_COST`) would loosen every paragraph's bound by
//! its whole constant — for a word in some ten thousand paragraphs the
//! context constant is about half the best score, so most of them had to be
//! scored. Such a part is left out of `constant`: the paragraphs with one of
//! its terms are scored exactly, each in its place in doc order between the
//! paragraphs the union lets through. The other constant parts join the
//! union as term clauses that score at least their constant in the
//! paragraphs that have their terms (`constant_bound`), where their fields
//! allow; only the constants left over widen the bound of every paragraph
//! (a paragraph without those terms cannot get them).
//!
//! An intersection of scored clauses (all the words of a query) is left to
//! tantivy's own walk, which leapfrogs from the rarest word and counts the
//! total exactly on the way. Measured and not kept: with the constants
//! bounded by their terms the pruned walk would be faster when the words
//! are about as frequent (`betaalbaar wonen` 0.72–0.82× at 10,000
//! reports), but its total would then be the lower bound of the paragraphs
//! it happened to score: `jeugd participatie` "at least 73" for 7,055.
//!
//! The ranking is therefore the exhaustive one, hit for hit and score for
//! score (`tests/topk.rs` compares the two on many queries). Queries this
//! module cannot bound (phrases, prefixes, `AllQuery` in a scoring position,
//! tantivy's own `BoostQuery`/`ConstScoreQuery`, whose insides are private)
//! take the exhaustive walk. That is why the compiler builds its boosts and
//! constants with this module's [`BoostQuery`] and [`ConstScoreQuery`]: the
//! same scoring as tantivy's, with their parts readable.
//!
//! The total: counting walks every match too, so it is exact only when the
//! query's estimated cost (the postings walked: the document frequencies
//! of its terms) is at most `EXACT_COUNT_COST`, or when the caller needs it
//! exact.
//! Otherwise it is a lower bound, the same on every run of the same index:
//! per segment, the larger of the most paragraphs one term alone makes match
//! (a term that implies a match, e.g. the word in the text field; its
//! document frequency less the segment's deleted documents) and the matches
//! found while ranking.

use crate::error::Result;
use crate::search::constant_bound::Statistics;
use crate::search::pointwise::{Pointwise, SegmentPointwise};
use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::collections::BinaryHeap;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocAddress, DocId, DocSet, Executor, Score, Searcher};

/// Counting more than about this many postings is not "cheap": the total is
/// then a lower bound. Measured at 10,000 reports: a count walks about
/// ten million postings a second on this machine's cores, so this is ≈ 2 ms.
pub const EXACT_COUNT_COST: u64 = 20_000;

/// A score, ordered by `total_cmp` (for the heap of the best).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked(Score);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The flat score a paragraph needs to possibly reach θ, the k-th best
/// exact score so far: θ − the constants, less a margin for float rounding
/// (the flat and the real query sum the same terms in different orders).
/// No bound (every paragraph) before k matches are known.
fn flat_threshold(best: &BinaryHeap<Reverse<Ranked>>, k: usize, constant: Score) -> Score {
    match best.peek() {
        Some(Reverse(Ranked(theta))) if best.len() >= k => {
            theta - constant - 1e-3 * theta.abs().max(1.0)
        }
        _ => Score::MIN,
    }
}

/// `tantivy::query::BoostQuery` with its parts readable: the same scores.
#[derive(Debug)]
pub struct BoostQuery {
    query: Box<dyn Query>,
    boost: Score,
}

impl BoostQuery {
    pub fn new(query: Box<dyn Query>, boost: Score) -> BoostQuery {
        BoostQuery { query, boost }
    }

    pub(crate) fn inner(&self) -> &dyn Query {
        self.query.as_ref()
    }

    pub(crate) fn boost(&self) -> Score {
        self.boost
    }
}

impl Clone for BoostQuery {
    fn clone(&self) -> Self {
        BoostQuery::new(self.query.box_clone(), self.boost)
    }
}

impl Query for BoostQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        tantivy::query::BoostQuery::new(self.query.box_clone(), self.boost).weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

/// `tantivy::query::ConstScoreQuery` with its parts readable: the same scores.
#[derive(Debug)]
pub struct ConstScoreQuery {
    query: Box<dyn Query>,
    score: Score,
}

impl ConstScoreQuery {
    pub fn new(query: Box<dyn Query>, score: Score) -> ConstScoreQuery {
        ConstScoreQuery { query, score }
    }

    pub(crate) fn inner(&self) -> &dyn Query {
        self.query.as_ref()
    }

    pub(crate) fn score(&self) -> Score {
        self.score
    }
}

impl Clone for ConstScoreQuery {
    fn clone(&self) -> Self {
        ConstScoreQuery::new(self.query.box_clone(), self.score)
    }
}

impl Query for ConstScoreQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        tantivy::query::ConstScoreQuery::new(self.query.box_clone(), self.score)
            .weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

/// The best matches after `offset` and the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Top {
    pub total: u64,
    /// False: `total` is a lower bound (see the module comment).
    pub total_is_exact: bool,
    /// Ranked by the bound (not every match scored); false when the query
    /// took the exhaustive walk.
    pub pruned: bool,
    pub hits: Vec<(Score, DocAddress)>,
}

/// What bounds a query's score: a flat sum of boosted terms plus constants.
#[derive(Debug, Default)]
struct Bound {
    /// (term, boost): every term the score may count, with its boost.
    scored: Vec<(Term, Score)>,
    /// The most the constant-score parts can add.
    constant: Score,
    /// Terms that make a constant-score part match without scoring (a list
    /// item's introduction): the flat union must visit their paragraphs too,
    /// or one that matches by them alone would never be scored.
    matching: Vec<Term>,
    /// Each constant-score part: what it adds, and the terms one of which a
    /// paragraph must have for it to match (`constant` is their sum).
    parts: Vec<(Score, Vec<Term>)>,
}

/// The bound of `query` at `boost`; `None` when a part cannot be bounded.
fn bound(query: &dyn Query, boost: Score, out: &mut Bound) -> Option<()> {
    if let Some(term) = query.downcast_ref::<TermQuery>() {
        out.scored.push((term.term().clone(), boost));
        return Some(());
    }
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        for (occur, clause) in boolean.clauses() {
            if *occur != Occur::MustNot {
                bound(clause.as_ref(), boost, out)?;
            }
        }
        return Some(());
    }
    if let Some(boosted) = query.downcast_ref::<BoostQuery>() {
        if boosted.boost.is_nan() || boosted.boost < 0.0 {
            return None;
        }
        return bound(boosted.query.as_ref(), boost * boosted.boost, out);
    }
    if let Some(constant) = query.downcast_ref::<ConstScoreQuery>() {
        let score = boost * constant.score;
        if score.is_nan() || score < 0.0 {
            return None;
        }
        out.constant += score;
        let mut inner = Bound::default();
        bound(constant.query.as_ref(), 1.0, &mut inner)?;
        let terms: Vec<Term> = inner
            .scored
            .into_iter()
            .map(|(term, _)| term)
            .chain(inner.matching)
            .collect();
        out.matching.extend(terms.iter().cloned());
        out.parts.push((score, terms));
        return Some(());
    }
    None
}

/// How many required clauses of `query` score: two or more make an
/// intersection, which tantivy walks from its rarest clause — cheaper than
/// the flat union of all its terms that bounds it.
fn scored_musts(query: &dyn Query) -> usize {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return 0;
    };
    boolean
        .clauses()
        .iter()
        .filter(|(occur, clause)| {
            let mut shape = Bound::default();
            *occur == Occur::Must
                && (bound(clause.as_ref(), 1.0, &mut shape).is_none() || !shape.scored.is_empty())
        })
        .count()
}

/// Terms any paragraph with which matches `query` (for the total's lower bound).
fn implying_terms(query: &dyn Query) -> Vec<Term> {
    if let Some(term) = query.downcast_ref::<TermQuery>() {
        return vec![term.term().clone()];
    }
    if let Some(boosted) = query.downcast_ref::<BoostQuery>() {
        return implying_terms(boosted.query.as_ref());
    }
    if let Some(constant) = query.downcast_ref::<ConstScoreQuery>() {
        return implying_terms(constant.query.as_ref());
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return Vec::new();
    };
    let clauses = boolean.clauses();
    if clauses.iter().any(|(occur, _)| *occur == Occur::MustNot) {
        return Vec::new();
    }
    let musts: Vec<&dyn Query> = clauses
        .iter()
        .filter(|(occur, _)| *occur == Occur::Must)
        .map(|(_, query)| query.as_ref())
        .collect();
    if musts.is_empty() {
        if boolean.get_minimum_number_should_match() > 1 {
            return Vec::new();
        }
        return clauses
            .iter()
            .flat_map(|(_, query)| implying_terms(query.as_ref()))
            .collect();
    }
    // A term implies an intersection when it implies each of its parts.
    let mut common = implying_terms(musts[0]);
    for must in &musts[1..] {
        let others = implying_terms(*must);
        common.retain(|term| others.contains(term));
    }
    common
}

/// The `limit` best matches of `query` after `offset`, and the total:
/// exact when counting costs at most `count_budget` (`EXACT_COUNT_COST`;
/// `u64::MAX` for always), else a lower bound.
pub fn top(
    searcher: &Searcher,
    executor: &Executor,
    query: &dyn Query,
    offset: usize,
    limit: usize,
    count_budget: u64,
) -> Result<Top> {
    if limit == 0 {
        return Ok(Top {
            total: count(searcher, executor, query)?,
            total_is_exact: true,
            pruned: false,
            hits: Vec::new(),
        });
    }
    let mut shape = Bound::default();
    if bound(query, 1.0, &mut shape).is_none()
        || shape.scored.is_empty()
        || scored_musts(query) >= 2
    {
        return exhaustive(searcher, executor, query, offset, limit);
    }
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    // Each paragraph let through is scored term by term (`pointwise`);
    // shapes it does not build seek the query's own scorer.
    let pointwise = Pointwise::new(query, scoring)?;
    // Constant parts that few paragraphs can match (a list item's
    // introduction) are not added to every paragraph's bound: their
    // paragraphs are scored exactly, each in its place in doc order. The
    // others join the union as term clauses that score at least their
    // constant where they can add it (`constant_bound`), when their fields
    // allow; only the rest loosen every paragraph's bound.
    let scored_fields: BTreeSet<Field> =
        shape.scored.iter().map(|(term, _)| term.field()).collect();
    let constant_fields: BTreeSet<Field> = shape
        .parts
        .iter()
        .flat_map(|(_, terms)| terms.iter().map(Term::field))
        .filter(|field| !scored_fields.contains(field) && has_block_maxima(searcher, *field))
        .collect();
    let statistics = Statistics::new(searcher, constant_fields);
    let mut prescored: Vec<&Term> = Vec::new();
    let mut bounded: Vec<(Term, Score)> = Vec::new();
    let mut constant = 0.0;
    for (score, terms) in &shape.parts {
        if *score == 0.0 {
            // Adds nothing; its terms make it match (`matching`).
            continue;
        }
        let mut doc_freqs = Vec::with_capacity(terms.len());
        for term in terms {
            doc_freqs.push(searcher.doc_freq(term)?);
        }
        let cost = doc_freqs.iter().fold(0u64, |sum, n| sum.saturating_add(*n));
        if cost <= PRESCORE_COST && !terms.is_empty() {
            prescored.extend(terms);
            continue;
        }
        let mut clauses = Vec::with_capacity(terms.len());
        for (term, doc_freq) in terms.iter().zip(doc_freqs) {
            match statistics.boost_for(term, doc_freq, *score)? {
                Some(boost) => clauses.push((term.clone(), boost)),
                None if doc_freq == 0 => {}
                None => {
                    clauses.clear();
                    constant += *score;
                    break;
                }
            }
        }
        bounded.append(&mut clauses);
    }
    let flat = flat_query(&shape.scored, &bounded, &shape.matching);
    let flat_weight = flat.weight(EnableScoring::enabled_from_statistics_provider(
        &statistics,
        searcher,
    ))?;
    let k = offset + limit;
    let collector = TopDocs::with_limit(limit)
        .and_offset(offset)
        .order_by_score();
    // The query's own weight: built once, by the first segment that needs it.
    let weight = LazyWeight {
        query,
        searcher,
        weight: std::sync::OnceLock::new(),
    };
    // Each segment is walked on its own (on the search threads, see
    // `index::OpenIndex::executor`), with its own k best exact scores so far (a
    // min-heap: its least is θ), so what a segment scores, and the lower
    // bound of the total, do not depend on how many threads there are or
    // which segment finished first.
    let walk_segment = |(ord, reader): (usize, &tantivy::SegmentReader)| {
        let walked = || -> Result<_> {
            let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(k + 1);
            let mut walk = Walk {
                scorer: Exact {
                    pointwise: match &pointwise {
                        Some(pointwise) => Some(pointwise.for_segment(reader)?),
                        None => None,
                    },
                    scorer: None,
                    weight: &weight,
                    reader,
                    asked: 0,
                    first: 0,
                    dense: false,
                },
                error: None,
                alive: reader.alive_bitset(),
                child: collector.for_segment(ord as u32, reader)?,
                matched: 0,
                best: &mut best,
                k,
            };
            let mut special = segment_docs(reader, &prescored)?.into_iter().peekable();
            let start = flat_threshold(walk.best, k, constant);
            flat_weight.for_each_pruning(start, reader, &mut |doc, _| {
                while let Some(earlier) = special.next_if(|&special| special < doc) {
                    walk.visit(earlier);
                }
                special.next_if_eq(&doc);
                walk.visit(doc);
                flat_threshold(walk.best, k, constant)
            })?;
            for doc in special {
                walk.visit(doc);
            }
            if let Some(error) = walk.error {
                return Err(error.into());
            }
            Ok((walk.child.harvest(), walk.matched))
        };
        Ok(walked())
    };
    let walked = executor.map(walk_segment, searcher.segment_readers().iter().enumerate())?;
    let mut fruits = Vec::with_capacity(walked.len());
    let mut found: Vec<u64> = Vec::with_capacity(walked.len());
    for segment in walked {
        let (fruit, matched) = segment?;
        fruits.push(fruit);
        found.push(matched);
    }
    let hits = collector.merge_fruits(fruits)?;

    if count_cost(searcher, query)? <= count_budget {
        return Ok(Top {
            total: count(searcher, executor, query)?,
            total_is_exact: true,
            pruned: true,
            hits,
        });
    }
    let implying = implying_terms(query);
    let mut total = 0u64;
    for (reader, matched) in searcher.segment_readers().iter().zip(found) {
        let deleted = u64::from(reader.num_deleted_docs());
        let mut best = matched;
        for term in &implying {
            let inverted = reader.inverted_index(term.field())?;
            let frequency = inverted
                .doc_freq(term)
                .map_err(tantivy::TantivyError::from)?;
            let frequency = u64::from(frequency);
            best = best.max(frequency.saturating_sub(deleted));
        }
        total += best;
    }
    Ok(Top {
        total,
        total_is_exact: false,
        pruned: true,
        hits,
    })
}

/// A constant-score part whose terms are in at most this many paragraphs
/// is scored exactly on each of them instead of loosening every
/// paragraph's bound.
const PRESCORE_COST: u64 = 2_000;

/// What scores a paragraph exactly in one segment: term by term
/// (`pointwise`) while the paragraphs asked for are far apart; the query's
/// own scorer, sought forward, once they come close together (a loose
/// bound lets most paragraphs through: its windows then serve many of them
/// each) or when `pointwise` cannot build the query. Both give the same
/// scores, bit for bit.
struct Exact<'a> {
    pointwise: Option<SegmentPointwise>,
    scorer: Option<Box<dyn tantivy::query::Scorer>>,
    weight: &'a LazyWeight<'a>,
    reader: &'a tantivy::SegmentReader,
    /// Paragraphs asked for in this batch, and the first of them.
    asked: u32,
    first: DocId,
    /// The last batch came close together: use the query's own scorer.
    dense: bool,
}

/// The query's weight, built on first use: a search whose paragraphs are
/// all scored term by term never needs it.
struct LazyWeight<'a> {
    query: &'a dyn Query,
    searcher: &'a Searcher,
    weight: std::sync::OnceLock<Box<dyn Weight>>,
}

impl LazyWeight<'_> {
    fn get(&self) -> tantivy::Result<&dyn Weight> {
        if let Some(weight) = self.weight.get() {
            return Ok(weight.as_ref());
        }
        let weight = self
            .query
            .weight(EnableScoring::enabled_from_searcher(self.searcher))?;
        Ok(self.weight.get_or_init(|| weight).as_ref())
    }
}

/// Every this many paragraphs, `Exact` looks at how close together they
/// came and picks the scorer for the next batch.
const DENSITY_BATCH: u32 = 128;

/// Paragraphs asked for at most this many documents apart on average are
/// "close together": a window of tantivy's unions (4,096 documents) then
/// serves 64 of them or more. Measured at 10,000 reports (`search`, whole
/// process, medians of 15 interleaved runs): term by term only, a question
/// (`welke informatiebronnen gebruikte de visitatie`, some 80,000 paragraphs
/// of 585,000 asked for in a segment) took 108 ms against 100 ms for the
/// previous binary; with this switch 100 ms; `stad` (≈ 1,300 asked for, far
/// apart) 20 ms against 36 ms; gaps of 16 and 256 measured within noise of 64.
const DENSE_GAP: u32 = 64;

impl Exact<'_> {
    /// The score of `doc` when the query matches it (docs come ascending).
    fn score(&mut self, doc: DocId) -> tantivy::Result<Option<Score>> {
        if self.asked == 0 {
            self.first = doc;
        }
        self.asked += 1;
        if self.asked == DENSITY_BATCH {
            self.dense = (doc - self.first) / DENSITY_BATCH < DENSE_GAP;
            self.asked = 0;
        }
        if let (Some(pointwise), false) = (&mut self.pointwise, self.dense) {
            return Ok(pointwise.score(doc));
        }
        let scorer = match &mut self.scorer {
            Some(scorer) => scorer,
            None => self
                .scorer
                .insert(self.weight.get()?.scorer(self.reader, 1.0)?),
        };
        let mut at = scorer.doc();
        if at < doc {
            at = scorer.seek(doc);
        }
        Ok((at == doc).then(|| scorer.score()))
    }
}

/// One segment's pruned walk: the real query scored exactly on each
/// paragraph the flat union (or a prescored part) lets through.
struct Walk<'a, C> {
    scorer: Exact<'a>,
    /// The first error of the query's own scorer (the walk goes on; the
    /// search fails).
    error: Option<tantivy::TantivyError>,
    alive: Option<&'a tantivy::fastfield::AliveBitSet>,
    child: C,
    matched: u64,
    best: &'a mut BinaryHeap<Reverse<Ranked>>,
    k: usize,
}

impl<C: SegmentCollector> Walk<'_, C> {
    /// Score `doc` exactly when the query matches it (docs come ascending).
    fn visit(&mut self, doc: DocId) {
        if self.alive.is_some_and(|alive| !alive.is_alive(doc)) {
            return;
        }
        let score = match self.scorer.score(doc) {
            Ok(score) => score,
            Err(error) => {
                self.error.get_or_insert(error);
                None
            }
        };
        if let Some(score) = score {
            self.matched += 1;
            self.child.collect(doc, score);
            self.best.push(Reverse(Ranked(score)));
            if self.best.len() > self.k {
                self.best.pop();
            }
        }
    }
}

/// The paragraphs of a segment with any of `terms`, ascending, once each.
fn segment_docs(reader: &tantivy::SegmentReader, terms: &[&Term]) -> Result<Vec<DocId>> {
    let mut docs = Vec::new();
    for term in terms {
        let inverted = reader.inverted_index(term.field())?;
        let postings = inverted
            .read_postings(term, IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        let Some(mut postings) = postings else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != tantivy::TERMINATED {
            docs.push(doc);
            doc = postings.advance();
        }
    }
    docs.sort_unstable();
    docs.dedup();
    Ok(docs)
}

/// The number of `query`'s matches, counted on the search threads.
fn count(searcher: &Searcher, executor: &Executor, query: &dyn Query) -> Result<u64> {
    let count = searcher.search_with_executor(
        query,
        &Count,
        executor,
        EnableScoring::disabled_from_searcher(searcher),
    )?;
    Ok(count as u64)
}

/// What counting `query`'s matches costs at most: the postings of all its
/// terms (an intersection walks fewer).
fn count_cost(searcher: &Searcher, query: &dyn Query) -> Result<u64> {
    let mut terms: Vec<&Term> = Vec::new();
    query.query_terms(&mut |term, _| terms.push(term));
    let mut cost = 0u64;
    for term in terms {
        cost = cost.saturating_add(searcher.doc_freq(term)?);
    }
    Ok(cost)
}

/// The top `limit` after `offset` and the exact total by scoring every match.
pub fn exhaustive(
    searcher: &Searcher,
    executor: &Executor,
    query: &dyn Query,
    offset: usize,
    limit: usize,
) -> Result<Top> {
    if limit == 0 {
        return top(searcher, executor, query, offset, 0, u64::MAX);
    }
    let collector = TopDocs::with_limit(limit)
        .and_offset(offset)
        .order_by_score();
    let (hits, count) = searcher.search_with_executor(
        query,
        &(collector, Count),
        executor,
        EnableScoring::enabled_from_searcher(searcher),
    )?;
    Ok(Top {
        total: count as u64,
        total_is_exact: true,
        pruned: false,
        hits,
    })
}

/// The boost of a term that only makes a constant-score part match: its
/// paragraphs are in the union, and it adds next to nothing to the bound
/// (any boost ≥ 0 keeps the bound an upper one).
const MATCHING_ONLY_BOOST: Score = 1e-3;

/// The union of the terms with their boosts: a should-of-boosted-terms, so
/// tantivy runs it with block-max WAND. Boosts are tantivy's own, so each
/// term scores what it scores inside the compiled query. `bounded` terms
/// stand for constant parts (`constant_bound`: scored under changed
/// statistics, at the boost given). `matching` terms that no other clause
/// has join it at `MATCHING_ONLY_BOOST`.
fn flat_query(
    scored: &[(Term, Score)],
    bounded: &[(Term, Score)],
    matching: &[Term],
) -> BooleanQuery {
    let mut extra: Vec<(Term, Score)> = Vec::new();
    for term in matching {
        let known = scored
            .iter()
            .chain(bounded)
            .chain(&extra)
            .any(|(other, _)| other == term);
        if !known {
            extra.push((term.clone(), MATCHING_ONLY_BOOST));
        }
    }
    let clauses = scored
        .iter()
        .chain(bounded)
        .chain(&extra)
        .map(|(term, boost)| {
            let term: Box<dyn Query> =
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            let boosted: Box<dyn Query> = Box::new(tantivy::query::BoostQuery::new(term, *boost));
            (Occur::Should, boosted)
        })
        .collect();
    BooleanQuery::new(clauses)
}

/// Whether `field` is indexed with term frequencies and field norms: a
/// constant part's terms are bounded through block-max WAND's per-block
/// maxima, which tantivy records from (fieldnorm, frequency) pairs only
/// when the field has both (without field norms it writes zeros, and WAND
/// would skip paragraphs that get the constant).
fn has_block_maxima(searcher: &Searcher, field: Field) -> bool {
    let entry = searcher.schema().get_field_entry(field);
    entry.has_fieldnorms()
        && entry
            .field_type()
            .get_index_record_option()
            .is_some_and(|option| option.has_freq())
}

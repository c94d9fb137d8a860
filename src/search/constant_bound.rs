//! A constant-score part of a query bounded by its own terms in the flat
//! union of `topk` (issue 13), instead of by its constant added to every
//! paragraph's bound.
//!
//! A part such as "the word is in the list item's introduction: + c" adds
//! c only to the paragraphs with one of its terms, but `topk` used to add c
//! to the bound of every paragraph the union visits: for a word of two
//! forms the constants came to some 10 points, about half the best score,
//! so block-max WAND could skip next to nothing. Here each term of such a
//! part joins the union as a term clause that scores at least c in every
//! paragraph that has it, and at most 1.31 c: its field's statistics are
//! changed (`Statistics`) so that BM25's length normalisation vanishes and
//! a term scores weight × tf / (tf + 0.3), between 1/1.3 of its weight
//! (once in a paragraph) and its weight; the clause's boost puts the least
//! of that at c (plus a margin for float rounding). Block-max WAND then
//! sees, block by block, where the part can add its constant.
//!
//! Only fields no scored term of the query has can be changed so (the
//! statistics are per field), and only fields indexed with frequencies and
//! field norms (block-max WAND's per-block maxima come from both); other
//! parts keep their constant in the bound.

use crate::error::Result;
use std::collections::BTreeSet;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::{Field, Term};
use tantivy::{Score, Searcher};

/// The searcher's statistics, but for `fields` so many tokens that the
/// average length is beyond any paragraph's.
pub struct Statistics<'a> {
    searcher: &'a Searcher,
    fields: BTreeSet<Field>,
}

/// Tokens counted for a constant field: the average length then dwarfs the
/// longest field tantivy records (fieldnorm id 255, about 2 × 10⁹ tokens).
const FLAT_TOKENS: u64 = u64::MAX / 4;

/// Relative margin above the constant, for float rounding.
const MARGIN: Score = 1e-3;

impl<'a> Statistics<'a> {
    pub fn new(searcher: &'a Searcher, fields: BTreeSet<Field>) -> Statistics<'a> {
        Statistics { searcher, fields }
    }

    /// The boost at which `term` (in `doc_freq` paragraphs) scores at least
    /// `constant` in every paragraph that has it, under these statistics;
    /// `None` when no paragraph has it or its field is not a constant one.
    pub fn boost_for(&self, term: &Term, doc_freq: u64, constant: Score) -> Result<Option<Score>> {
        if !self.fields.contains(&term.field()) {
            return Ok(None);
        }
        if doc_freq == 0 || constant <= 0.0 {
            return Ok(None);
        }
        let weight = self.weight(term, doc_freq)?;
        // The least a paragraph with the term scores: once, longest field.
        let least = weight.score(255, 1);
        if !least.is_finite() || least <= 0.0 {
            return Ok(None);
        }
        let boost = constant / least * (1.0 + MARGIN);
        Ok(boost.is_finite().then_some(boost))
    }

    /// What tantivy's `TermQuery` computes under these statistics.
    fn weight(&self, term: &Term, doc_freq: u64) -> Result<Bm25Weight> {
        let total_num_docs = self.total_num_docs()?;
        let average = self.total_num_tokens(term.field())? as Score / total_num_docs as Score;
        Ok(Bm25Weight::for_one_term_without_explain(
            doc_freq,
            total_num_docs,
            average,
        ))
    }
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if self.fields.contains(&field) {
            return Ok(FLAT_TOKENS);
        }
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{BoostQuery, EnableScoring, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocSet, Index, TERMINATED};

    /// Every paragraph with the term scores between the constant and
    /// 1.31 × it, whatever its length and the term's frequency in it.
    #[test]
    fn a_bounded_term_scores_at_least_its_constant() {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("context", TEXT);
        let other = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for n in 0..500usize {
            let mut text = "x ".repeat(n % 97);
            text.push_str(&"lijst ".repeat(1 + n % 5));
            if n % 3 == 0 {
                text.push_str(&"y ".repeat(n * 7));
            }
            writer
                .add_document(doc!(field => text, other => "a b c"))
                .expect("add");
            if n % 200 == 199 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let statistics = Statistics::new(&searcher, BTreeSet::from([field]));
        let term = Term::from_field_text(field, "lijst");
        assert_eq!(
            statistics
                .boost_for(&Term::from_field_text(other, "a"), 500, 2.0)
                .expect("stats"),
            None,
            "a field that is not a constant one"
        );
        for constant in [0.01, 1.2185918, 4.0773325, 16.163828] {
            let boost = statistics
                .boost_for(&term, searcher.doc_freq(&term).expect("doc freq"), constant)
                .expect("stats")
                .expect("a boost");
            let query = BoostQuery::new(
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                boost,
            );
            let scoring = EnableScoring::enabled_from_statistics_provider(&statistics, &searcher);
            let weight = query.weight(scoring).expect("weight");
            let mut seen = 0;
            for reader in searcher.segment_readers() {
                let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
                while scorer.doc() != TERMINATED {
                    let score = scorer.score();
                    assert!(score >= constant, "{score} < {constant}");
                    assert!(score <= 1.31 * constant, "{score} > 1.31 × {constant}");
                    seen += 1;
                    scorer.advance();
                }
            }
            assert_eq!(seen, 500);
        }
    }
}

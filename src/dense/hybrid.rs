//! Hybrid ranking: the lexical ranking and the dense ranking (exact dot
//! products of the query vector with every current paragraph vector) fused
//! by reciprocal rank fusion, `Σ wᵢ / (k + rankᵢ)` with `k = 60`.
//!
//! Exact search reads every vector: about 0.5 KB and 512 multiply-adds per
//! paragraph, i.e. tens of milliseconds at 10⁵–10⁶ paragraphs on two cores
//! (`scripts/bench-hybrid` measures it); an approximate (ANN) index starts
//! to pay beyond that.
//!
//! The dense side only contributes paragraphs whose cosine reaches a
//! threshold, so it cannot flood a keyword query with loosely related
//! paragraphs; filters (`--city`, `--theme`, …) apply to both sides. Queries
//! with explicit syntax (`-word`, `OR`, `prefix*`) are keyword queries and
//! stay lexical; quotes are dropped for the dense side.

pub use super::vectors::DenseIndex;
use crate::embed::{self, dot, Encoder};
use crate::error::{Error, Result};
use crate::search::compile::Marks;
use crate::search::snippet::{Snippet, SNIPPET_CHARS};
use crate::search::{filters, Engine, Hit, SearchRequest, SearchResults};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::DocAddress;
use unicode_segmentation::UnicodeSegmentation;

/// `search --mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    /// Keyword (BM25) ranking only.
    Lexical,
    /// Lexical and dense rankings fused (needs the model).
    #[default]
    Hybrid,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Lexical => "lexical",
            Mode::Hybrid => "hybrid",
        }
    }
}

/// How the rankings are fused, chosen per encoder on the `dev` half of the
/// development set by `examples/hybrid_eval.rs --grid` (see README): the
/// dense rank reordering the lexical hits cost stem queries up to 0.13
/// there, so it only places the semantic hits, and those need a cosine the
/// encoder reaches only for near paragraphs (USE 0.25; e5's cosines sit in
/// 0.75–0.95, so 0.85), so a keyword query gets about 0.5 of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fusion {
    /// The RRF constant.
    pub k: f32,
    pub lexical_weight: f32,
    pub dense_weight: f32,
    /// The least cosine a paragraph needs to enter the dense ranking.
    pub min_cosine: f32,
    /// A paragraph the lexical ranking does not have (a semantic hit) also
    /// needs at least this cosine …
    pub semantic_min_cosine: f32,
    /// … and at least this fraction of the best dense cosine of the query,
    /// so a keyword query is not flooded with loosely related paragraphs.
    pub semantic_relative: f32,
    /// How deep each ranking is read before fusing.
    pub depth: usize,
    /// Paragraphs with every query word stay above all others (the fused
    /// score orders within each group).
    pub keep_all_words_first: bool,
    /// The dense rank adds to paragraphs the lexical side found as well
    /// (reordering them); `false`: it only places the semantic hits.
    pub dense_reranks_lexical: bool,
    /// When above 0, score fusion instead of rank fusion: each of the
    /// lexical top `rerank_depth` scores `(1 − w)·lexical + w·cosine`
    /// (`w` = `rerank_cosine_weight`; the lexical score relative to the
    /// best, the cosine relative to the query's best cosine), so the dense
    /// side can lift a paragraph the lexical ranking has at 11–50; a
    /// semantic hit scores `w·cosine`, a lexical hit below the depth
    /// `(1 − w)·lexical`.
    pub rerank_depth: usize,
    pub rerank_cosine_weight: f32,
    /// The weight of a second dense ranking (`Rankings::second`, another
    /// encoder's), fused like the first; 0: not read.
    pub second_weight: f32,
    /// The least cosine of that ranking for a semantic hit (the encoders'
    /// cosines live on different scales).
    pub second_semantic_min_cosine: f32,
    /// The fusion for a query whose lexical evidence is weak (see
    /// [`WeakFusion`]); `None`: every query is fused the same way.
    pub weak: Option<WeakFusion>,
}

/// Query-adaptive fusion: a query whose words the report does not use as
/// typed — a question, a word searched only by stand-ins (its correction,
/// its compound parts, near forms), several words no paragraph has all of
/// — has weak lexical evidence, and the dense ranking gets a real say: it
/// reorders the lexical hits too (plain RRF with these weights). A keyword
/// query (one word the index has, a phrase, words found together) keeps the
/// conservative fusion, which only places semantic hits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeakFusion {
    pub lexical_weight: f32,
    pub dense_weight: f32,
    /// The least cosine of a semantic hit (and the fraction of the query's
    /// best cosine it needs), as `Fusion::semantic_min_cosine`.
    pub semantic_min_cosine: f32,
    pub semantic_relative: f32,
    pub dense_reranks_lexical: bool,
    pub keep_all_words_first: bool,
    /// Which evidence counts as weak.
    pub on_question: bool,
    pub on_stand_ins: bool,
    pub on_no_all_words: bool,
    /// A question counts only when one of its words is a stand-in.
    pub question_needs_stand_in: bool,
}

impl WeakFusion {
    /// Whether `lexical` (the lexical results of a query) is weak evidence.
    pub fn applies(&self, lexical: &SearchResults) -> bool {
        (self.on_question
            && lexical.question
            && (!self.question_needs_stand_in || lexical.stand_ins > 0))
            || (self.on_stand_ins && lexical.stand_ins > 0)
            || (self.on_no_all_words && lexical.searched_words >= 2 && lexical.all_words == 0)
    }
}

/// Whether more than half of a query's words match nothing at all (no correction, no
/// parts, no near form): a query in another language (`how does Hasselt
/// cooperate with neighbouring municipalities`) or in words the reports
/// never use. Its lexical hits then rest on a minority of its words (the
/// city's name), and the encoder, which reads the whole query across
/// languages, leads ([`Fusion::foreign`]).
fn mostly_unknown(lexical: &SearchResults) -> bool {
    lexical.searched_words >= 2 && 2 * lexical.unknown_words > lexical.searched_words
}

impl Fusion {
    /// The fusion for a query whose words are mostly unknown to the index
    /// (`mostly_unknown`): the weak fusion's weights swapped (dense 3,
    /// lexical 0.5), semantic hits by their cosine relative to the query's
    /// best (an English query's cosines with Dutch paragraphs run lower
    /// than a Dutch one's, under e5's absolute floor). Set from the weak
    /// fusion's weights, mirrored, not tuned: no `dev` query is of this kind.
    fn foreign(&self) -> Fusion {
        Fusion {
            lexical_weight: 0.5,
            dense_weight: 3.0,
            semantic_min_cosine: 0.0,
            semantic_relative: 0.95,
            dense_reranks_lexical: true,
            keep_all_words_first: false,
            rerank_depth: 0,
            weak: None,
            ..*self
        }
    }

    /// The fusion for one query: `foreign` when its words are mostly
    /// unknown, `weak`'s when its lexical evidence is weak.
    pub fn for_query(&self, lexical: &SearchResults) -> Fusion {
        if mostly_unknown(lexical) {
            return self.foreign();
        }
        match self.weak {
            Some(weak) if weak.applies(lexical) => Fusion {
                lexical_weight: weak.lexical_weight,
                dense_weight: weak.dense_weight,
                semantic_min_cosine: weak.semantic_min_cosine,
                semantic_relative: weak.semantic_relative,
                dense_reranks_lexical: weak.dense_reranks_lexical,
                keep_all_words_first: weak.keep_all_words_first,
                rerank_depth: 0,
                weak: None,
                ..*self
            },
            _ => *self,
        }
    }

    /// The fusion chosen for the encoder named `model` (`Encoder::name`).
    pub fn for_encoder(model: &str) -> Fusion {
        if model == embed::E5_NAME {
            Fusion {
                lexical_weight: 1.0,
                dense_weight: 1.0,
                semantic_min_cosine: 0.85,
                semantic_relative: 0.99,
                // Chosen on `dev` by `hybrid_eval --adaptive` (README): the
                // conservative fusion above for keyword queries; for a
                // question, a word the index lacks, or several words no
                // paragraph has together, e5's rank reorders the lexical
                // hits at 0.5 against 3 (dev 0.920 → 0.923, concept 0.690 → 0.711).
                weak: Some(WeakFusion {
                    lexical_weight: 3.0,
                    dense_weight: 0.5,
                    semantic_min_cosine: 0.85,
                    semantic_relative: 0.0,
                    dense_reranks_lexical: true,
                    keep_all_words_first: true,
                    on_question: true,
                    on_stand_ins: true,
                    on_no_all_words: true,
                    question_needs_stand_in: false,
                }),
                ..Fusion::default()
            }
        } else {
            Fusion::default()
        }
    }
}

/// The fusion chosen for USE multilingual v3.
impl Default for Fusion {
    fn default() -> Fusion {
        Fusion {
            k: 60.0,
            lexical_weight: 3.0,
            dense_weight: 0.5,
            min_cosine: 0.0,
            semantic_min_cosine: 0.25,
            semantic_relative: 0.0,
            depth: 100,
            keep_all_words_first: true,
            dense_reranks_lexical: false,
            rerank_depth: 0,
            rerank_cosine_weight: 0.0,
            second_weight: 0.0,
            second_semantic_min_cosine: 1.0,
            weak: None,
        }
    }
}

/// What concept search needs at query time: the sentence encoder and the
/// index's current paragraph vectors (both shared: `visidex serve` keeps
/// them loaded across requests), and the fusion settings.
#[derive(Clone)]
pub struct Concepts {
    pub encoder: Arc<dyn Encoder>,
    pub vectors: Arc<DenseIndex>,
    pub fusion: Fusion,
}

impl Concepts {
    /// The encoder installed in `models` and the current vectors of the
    /// index in `index_dir`; `None` when no model is installed.
    pub fn load(models: &Path, index_dir: &Path) -> Result<Option<Concepts>> {
        let Some(encoder) = load_encoder(models)? else {
            return Ok(None);
        };
        let vectors = DenseIndex::load(index_dir, encoder.name(), encoder.dim())?;
        Ok(Some(Concepts {
            fusion: Fusion::for_encoder(encoder.name()),
            encoder,
            vectors: Arc::new(vectors),
        }))
    }
}

/// The encoder installed in `models` (`None` when there is none); an
/// installed but unreadable model is an error naming the fix.
pub fn load_encoder(models: &Path) -> Result<Option<Arc<dyn Encoder>>> {
    match embed::load(models) {
        Ok(encoder) => Ok(encoder.map(Arc::from)),
        Err(error) => Err(Error::Index(format!(
            "{}: cannot load the sentence-encoder model ({error}); run `scripts/fetch-model` again",
            models.display()
        ))),
    }
}

/// `search` in the request's mode: `lexical`, or `hybrid` (needs
/// `concepts`; a usage error without them). No mode: hybrid when
/// `concepts` are given, else lexical.
pub fn search_in_mode(
    engine: &Engine,
    request: &SearchRequest,
    concepts: Option<&Concepts>,
) -> Result<SearchResults> {
    match (request.mode, concepts) {
        (Some(Mode::Lexical), _) | (None, None) => {
            let mut results = engine.search(request)?;
            results.mode = Some(Mode::Lexical.as_str());
            Ok(results)
        }
        (Some(Mode::Hybrid), None) => Err(Error::Usage(format!(
            "--mode hybrid: {}",
            embed::how_to_install()
        ))),
        (_, Some(concepts)) => search(engine, request, concepts),
    }
}

/// The words of a query as the encoder should read them, or `None` for a
/// query with keyword syntax (exclusions, `OR`, prefixes), which stays
/// lexical: it asks for exact words. Quotes are dropped for the dense side.
pub fn dense_query_text(query: &str) -> Option<String> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let keyword_syntax = words.iter().any(|word| {
        *word == "OR" || word.starts_with('-') && word.len() > 1 || word.ends_with('*')
    });
    if keyword_syntax {
        return None;
    }
    let text: String = query
        .chars()
        .map(|c| if matches!(c, '"' | '(' | ')') { ' ' } else { c })
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The two rankings of one query, before they are fused: the lexical
/// ranking read to the fusion depth and the dense ranking (id, address,
/// cosine), filters applied to both.
pub struct Rankings {
    pub lexical: SearchResults,
    /// The cosine of each lexical hit (`None`: it has no vector yet, or the
    /// fusion does not read them: `Fusion::rerank_depth` 0).
    pub lexical_cosines: Vec<Option<f32>>,
    pub dense: Vec<(String, DocAddress, f32)>,
    /// A second encoder's dense ranking, the same way (empty: none).
    pub second: Vec<(String, DocAddress, f32)>,
    /// The query's vector (for the semantic hits' best sentences).
    pub query: Vec<f32>,
}

/// Both rankings of `request`, or `None` when the query stays lexical
/// (keyword syntax, or no vectors at all).
pub fn rankings(
    engine: &Engine,
    request: &SearchRequest,
    concepts: &Concepts,
) -> Result<Option<Rankings>> {
    let dense = &*concepts.vectors;
    let Some(text) = dense_query_text(&request.query).filter(|_| !dense.is_empty()) else {
        return Ok(None);
    };
    let depth = concepts.fusion.depth.max(request.offset + request.limit);
    let lexical_request = SearchRequest {
        offset: 0,
        limit: depth,
        ..request.clone()
    };
    let lexical = engine.search(&lexical_request)?;
    let query = concepts.encoder.embed_query(&text)?;
    // A second pass over every vector, only for the score fusion that reads it.
    let lexical_cosines = if concepts.fusion.rerank_depth > 0 {
        let paragraphs: Vec<(&str, u32)> = lexical
            .hits
            .iter()
            .map(|hit| (hit.report.as_str(), hit.paragraph.n))
            .collect();
        dense.cosines_of(&query, &paragraphs)
    } else {
        vec![None; lexical.hits.len()]
    };
    let dense = dense_top(engine, request, dense, &query, &concepts.fusion, depth)?;
    Ok(Some(Rankings {
        lexical,
        lexical_cosines,
        dense,
        second: Vec::new(),
        query,
    }))
}

/// The fused ranking: reciprocal rank fusion of both rankings, best first.
/// A paragraph only the dense side has (a semantic hit) must pass the
/// fusion's floors; with `keep_all_words_first` the paragraphs with every
/// query word come first.
pub fn fuse(rankings: &Rankings, fusion: &Fusion) -> Vec<(String, Fused)> {
    let fusion = &fusion.for_query(&rankings.lexical);
    let mut fused: HashMap<String, Fused> = HashMap::new();
    let best_cosine = rankings.dense.first().map_or(0.0, |(_, _, cosine)| *cosine);
    let rerank = fusion.rerank_depth > 0;
    let w = fusion.rerank_cosine_weight;
    // Score fusion: both sides relative to their best, so they mix.
    let best_lexical = rankings
        .lexical
        .hits
        .first()
        .map_or(0.0, |hit| hit.score)
        .max(f32::MIN_POSITIVE);
    let relative_cosine = |cosine: f32| {
        if best_cosine > 0.0 {
            (cosine / best_cosine).max(0.0)
        } else {
            0.0
        }
    };
    for (rank, hit) in rankings.lexical.hits.iter().enumerate() {
        let entry = fused.entry(hit.paragraph.id.clone()).or_default();
        entry.lexical = Some(rank);
        entry.score += if rerank {
            let lexical = (1.0 - w) * hit.score / best_lexical;
            let cosine = rankings.lexical_cosines.get(rank).copied().flatten();
            match cosine {
                Some(cosine) if rank < fusion.rerank_depth => lexical + w * relative_cosine(cosine),
                _ => lexical,
            }
        } else {
            fusion.lexical_weight / (fusion.k + rank as f32 + 1.0)
        };
    }
    let semantic_floor = fusion
        .semantic_min_cosine
        .max(fusion.semantic_relative * best_cosine);
    for (rank, (id, address, cosine)) in rankings.dense.iter().enumerate() {
        let lexical = fused.contains_key(id);
        if !lexical && *cosine < semantic_floor {
            continue; // not lexical, and not near enough to the query
        }
        if lexical && (rerank || !fusion.dense_reranks_lexical) {
            continue;
        }
        let entry = fused.entry(id.clone()).or_default();
        entry.score += if rerank {
            w * relative_cosine(*cosine)
        } else {
            fusion.dense_weight / (fusion.k + rank as f32 + 1.0)
        };
        entry.address = Some(*address);
    }
    if fusion.second_weight > 0.0 && !rerank {
        for (rank, (id, address, cosine)) in rankings.second.iter().enumerate() {
            let lexical = fused.get(id).is_some_and(|f| f.lexical.is_some());
            if !lexical && *cosine < fusion.second_semantic_min_cosine {
                continue;
            }
            if lexical && !fusion.dense_reranks_lexical {
                continue;
            }
            let entry = fused.entry(id.clone()).or_default();
            entry.score += fusion.second_weight / (fusion.k + rank as f32 + 1.0);
            entry.address.get_or_insert(*address);
        }
    }
    let mut order: Vec<(String, Fused)> = fused.into_iter().collect();
    let all_words = rankings.lexical.all_words as usize;
    let group = |f: &Fused| match f.lexical {
        Some(rank) if fusion.keep_all_words_first && rank < all_words => 0,
        _ => 1,
    };
    order.sort_by(|(a_id, a), (b_id, b)| {
        group(a).cmp(&group(b)).then(
            b.score
                .total_cmp(&a.score)
                .then(
                    a.lexical
                        .unwrap_or(usize::MAX)
                        .cmp(&b.lexical.unwrap_or(usize::MAX)),
                )
                .then(a_id.cmp(b_id)),
        )
    });
    order
}

/// Search in hybrid mode: lexical results with concept matches fused in.
/// Dense-only hits are listed in `results.semantic`, with their best
/// sentence as snippet.
pub fn search(
    engine: &Engine,
    request: &SearchRequest,
    concepts: &Concepts,
) -> Result<SearchResults> {
    let Some(mut rankings) = rankings(engine, request, concepts)? else {
        let mut results = engine.search(request)?;
        results.mode = Some(Mode::Hybrid.as_str());
        return Ok(results);
    };
    let order = fuse(&rankings, &concepts.fusion);
    let dense_only = order.iter().filter(|(_, f)| f.lexical.is_none()).count();
    let query = std::mem::take(&mut rankings.query);
    let mut lexical = rankings.lexical;
    let mut lexical_hits: Vec<Option<Hit>> = std::mem::take(&mut lexical.hits)
        .into_iter()
        .map(Some)
        .collect();
    let mut results = SearchResults {
        hits: Vec::new(),
        ..lexical
    };
    for (
        id,
        Fused {
            score,
            lexical,
            address,
        },
    ) in order.into_iter().skip(request.offset).take(request.limit)
    {
        let hit = match (lexical, address) {
            (Some(rank), _) => lexical_hits[rank].take().map(|hit| Hit { score, ..hit }),
            (None, Some(address)) => {
                let mut hit = engine.hit(address, score, &Marks::default())?;
                hit.snippet = best_sentence(&*concepts.encoder, &query, &hit.paragraph.text)?;
                results.semantic.insert(id);
                Some(hit)
            }
            (None, None) => None,
        };
        results.hits.extend(hit);
    }
    results.semantic_total = dense_only as u64;
    results.mode = Some(Mode::Hybrid.as_str());
    Ok(results)
}

/// One paragraph in the fusion: its fused score, its lexical rank, and its
/// address when the dense side found it.
#[derive(Debug, Default)]
pub struct Fused {
    pub score: f32,
    pub lexical: Option<usize>,
    pub address: Option<DocAddress>,
}

/// The best `depth` dense paragraphs that pass the request's filters:
/// (id, address, cosine).
fn dense_top(
    engine: &Engine,
    request: &SearchRequest,
    dense: &DenseIndex,
    query: &[f32],
    fusion: &Fusion,
    depth: usize,
) -> Result<Vec<(String, DocAddress, f32)>> {
    let searcher = engine.searcher();
    let fields = engine.fields();
    let allowed: Option<HashSet<DocAddress>> =
        match filters::filter_query(&request.filters, searcher, fields)? {
            Some(filter) => Some(searcher.search(&*filter, &DocSetCollector)?),
            None => None,
        };
    let mut out = Vec::new();
    // Read deeper than `depth` so filters leave enough; everything when they do not.
    let mut ranked = dense.ranked(query, fusion.min_cosine, depth.saturating_mul(4));
    if allowed.is_some() && ranked.len() == depth.saturating_mul(4) {
        ranked = dense.ranked(query, fusion.min_cosine, usize::MAX);
    }
    for scored in ranked {
        if out.len() >= depth {
            break;
        }
        let (report, n, score) = (scored.report, scored.n, scored.cosine);
        let id = format!("{report}:{n}");
        let n_term = Term::from_field_u64(fields.n, u64::from(n));
        let term = tantivy::query::BooleanQuery::new(vec![
            (
                tantivy::query::Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.report, report),
                    IndexRecordOption::Basic,
                )) as Box<dyn tantivy::query::Query>,
            ),
            (
                tantivy::query::Occur::Must,
                Box::new(tantivy::query::RangeQuery::new(
                    std::ops::Bound::Included(n_term.clone()),
                    std::ops::Bound::Included(n_term),
                )),
            ),
        ]);
        let top = searcher.search(&term, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            continue; // deleted since the vectors were written
        };
        if allowed.as_ref().is_some_and(|set| !set.contains(address)) {
            continue;
        }
        out.push((id, *address, score));
    }
    Ok(out)
}

/// The fewest words a semantic hit's snippet sentence should have.
const MIN_SNIPPET_WORDS: usize = 6;

/// The paragraph's sentence nearest the query, as an unmarked snippet.
fn best_sentence(encoder: &dyn Encoder, query: &[f32], text: &str) -> Result<Snippet> {
    let sentences: Vec<&str> = text
        .split_sentence_bounds()
        .map(str::trim)
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .collect();
    // A sentence of a few words ("Over beleidsdomeinen heen?") says too
    // little on its own: such fragments compete only when nothing longer is there.
    let long: Vec<&str> = sentences
        .iter()
        .copied()
        .filter(|s| s.split_whitespace().count() >= MIN_SNIPPET_WORDS)
        .collect();
    let sentences = if long.is_empty() { sentences } else { long };
    // Each sentence embedded on its own; spread over the cores (e5 takes
    // tens of milliseconds per sentence).
    let sentences: Vec<&str> = sentences.into_iter().take(40).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(sentences.len())
        .max(1);
    let per = sentences.len().div_ceil(threads).max(1);
    let scores: Vec<Result<Vec<f32>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = sentences
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|sentence| Ok(dot(&encoder.embed(sentence)?, query)))
                        .collect::<Result<Vec<f32>>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err(Error::Index("a snippet thread failed".into())))
            })
            .collect()
    });
    let mut best = (f32::MIN, text.trim());
    let mut at = 0;
    for chunk in scores {
        for score in chunk? {
            if score > best.0 {
                best = (score, sentences[at]);
            }
            at += 1;
        }
    }
    let best = best.1;
    let mut snippet: String = best.chars().take(SNIPPET_CHARS).collect();
    if snippet.len() < best.len() {
        snippet.push('…');
    }
    Ok(Snippet {
        text: snippet,
        marks: Vec::new(),
    })
}

/// Paragraph ids of the dense-only hits, for output.
pub type SemanticIds = BTreeSet<String>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Paragraph};

    fn hit(n: u32, score: f32) -> Hit {
        Hit {
            paragraph: Paragraph {
                n,
                id: format!("r:{n}"),
                kind: Kind::Paragraph,
                chapter: String::new(),
                section: Vec::new(),
                theme: String::new(),
                page: None,
                lines: [n, n],
                text: String::new(),
                line_offsets: Vec::new(),
            },
            report: "r".into(),
            city: String::new(),
            year: None,
            citation: String::new(),
            score,
            snippet: Snippet::default(),
        }
    }

    /// Lexical hits `r:1` (best BM25, far from the query) and `r:2` (close
    /// to it), both with every word; `r:3` only the dense side has.
    fn rankings() -> Rankings {
        let address = DocAddress::new(0, 3);
        Rankings {
            lexical: SearchResults {
                hits: vec![hit(1, 10.0), hit(2, 9.0)],
                all_words: 2,
                ..SearchResults::default()
            },
            lexical_cosines: vec![Some(0.1), Some(0.9)],
            dense: vec![("r:3".into(), address, 0.95)],
            second: Vec::new(),
            query: Vec::new(),
        }
    }

    fn order(fusion: &Fusion) -> Vec<String> {
        ids(&rankings(), fusion)
    }

    fn ids(rankings: &Rankings, fusion: &Fusion) -> Vec<String> {
        fuse(rankings, fusion)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// `rankings()` with `r:2` first on the dense side (cosine 0.99; the
    /// lexical side's second).
    fn rankings_led_by_r2() -> Rankings {
        let mut rankings = rankings();
        rankings
            .dense
            .insert(0, ("r:2".into(), DocAddress::new(0, 2), 0.99));
        rankings
    }

    #[test]
    fn rank_fusion_keeps_the_lexical_order() {
        assert_eq!(order(&Fusion::default()), ["r:1", "r:2", "r:3"]);
    }

    #[test]
    fn score_fusion_lets_the_cosine_reorder_lexical_hits() {
        let fusion = Fusion {
            rerank_depth: 10,
            rerank_cosine_weight: 0.5,
            ..Fusion::default()
        };
        // Paragraphs with every word stay first; the semantic hit follows.
        assert_eq!(order(&fusion), ["r:2", "r:1", "r:3"]);
        // Below the rerank depth the lexical order holds.
        let shallow = Fusion {
            rerank_depth: 1,
            ..fusion
        };
        assert_eq!(order(&shallow), ["r:1", "r:2", "r:3"]);
        // Without the all-words group the semantic hit may lead.
        let open = Fusion {
            keep_all_words_first: false,
            rerank_cosine_weight: 0.9,
            ..shallow
        };
        assert_eq!(order(&open)[0], "r:3");
    }

    #[test]
    fn weak_lexical_evidence_lets_the_dense_rank_reorder() {
        let mut rankings = rankings_led_by_r2();
        let weak = WeakFusion {
            lexical_weight: 1.0,
            dense_weight: 2.0,
            semantic_min_cosine: 2.0,
            semantic_relative: 0.0,
            dense_reranks_lexical: true,
            keep_all_words_first: true,
            on_question: true,
            on_stand_ins: true,
            on_no_all_words: false,
            question_needs_stand_in: false,
        };
        let fusion = Fusion {
            weak: Some(weak),
            ..Fusion::default()
        };
        let ids = |rankings: &Rankings| ids(rankings, &fusion);
        // A keyword query: the conservative fusion, lexical order kept.
        assert_eq!(ids(&rankings), ["r:1", "r:2", "r:3"]);
        // A question: the dense rank lifts `r:2`; `r:3` stays out (floor 2).
        rankings.lexical.question = true;
        assert_eq!(ids(&rankings), ["r:2", "r:1"]);
        // A word searched by a stand-in counts as weak too.
        rankings.lexical.question = false;
        rankings.lexical.stand_ins = 1;
        assert!(weak.applies(&rankings.lexical));
        assert_eq!(ids(&rankings), ["r:2", "r:1"]);
        // Several words no paragraph has together: only when asked.
        rankings.lexical.stand_ins = 0;
        rankings.lexical.searched_words = 2;
        rankings.lexical.all_words = 0;
        assert!(!weak.applies(&rankings.lexical));
        let weak = WeakFusion {
            on_no_all_words: true,
            ..weak
        };
        assert!(weak.applies(&rankings.lexical));
    }

    #[test]
    fn a_query_mostly_in_unknown_words_is_led_by_the_dense_rank() {
        // `r:3` (dense only, cosine 0.95) is below an absolute floor of
        // 0.99 but within 0.95 of the query's best cosine (`r:2`, 0.99).
        let mut rankings = rankings_led_by_r2();
        rankings.lexical.all_words = 0;
        let fusion = Fusion {
            semantic_min_cosine: 0.99,
            ..Fusion::default()
        };
        let ids = |rankings: &Rankings| ids(rankings, &fusion);
        // Two of four words unknown: not more than half, the usual fusion.
        rankings.lexical.searched_words = 4;
        rankings.lexical.unknown_words = 2;
        assert_eq!(ids(&rankings), ["r:1", "r:2"]);
        // Three of four: the dense rank leads and places `r:3`.
        rankings.lexical.unknown_words = 3;
        assert_eq!(ids(&rankings), ["r:2", "r:3", "r:1"]);
        // One word: never (a single unknown word finds nothing lexically).
        rankings.lexical.searched_words = 1;
        rankings.lexical.unknown_words = 1;
        assert_eq!(ids(&rankings), ["r:1", "r:2"]);
    }

    #[test]
    fn keyword_syntax_stays_lexical() {
        assert_eq!(
            dense_query_text("betaalbaar  (sociale huurwoningen)"),
            Some("betaalbaar sociale huurwoningen".to_string())
        );
        assert_eq!(
            dense_query_text("\"sociale huurwoningen\""),
            Some("sociale huurwoningen".to_string())
        );
        assert_eq!(dense_query_text("armoede -kinderen"), None);
        assert_eq!(dense_query_text("wonen OR huisvesting"), None);
        assert_eq!(dense_query_text("programma*"), None);
        assert_eq!(
            dense_query_text("OCMW-voorzitter 2008-2013"),
            Some("OCMW-voorzitter 2008-2013".into())
        );
        assert_eq!(dense_query_text(" ( ) "), None);
    }
}

//! Asking the index: ranked search, facet counts, one paragraph with its
//! neighbours. Everything returns plain result structs (`Hit`, `SearchResults`,
//! `FacetCounts`, `Shown`) for `output` to render; nothing here prints.

pub mod compile;
pub mod constant_bound;
pub mod correct;
pub mod facets;
pub mod filters;
pub mod mentions;
pub mod near;
pub mod pointwise;
pub mod query;
pub mod shared;
pub mod snippet;
pub mod strong_verbs;
pub mod topk;

use crate::error::{Error, Result};
use crate::index::schema::{kind_facet, Fields, StoredRecord};
use crate::index::{self, OpenIndex};
use crate::model::{Kind, Paragraph};
use compile::{Marks, Plan};
pub use facets::FacetCounts;
pub use filters::Filters;
use snippet::Snippet;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument};
use topk::ConstScoreQuery;

/// A first page of hits: `search`'s default `--limit` and the web page's page.
pub const FIRST_PAGE: usize = 10;

/// One ranked paragraph (`HIT` in the contract).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub paragraph: Paragraph,
    pub report: String,
    pub city: String,
    pub year: Option<i32>,
    /// The line to paste into a note (`citation::line`).
    pub citation: String,
    pub score: f32,
    pub snippet: Snippet,
}

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    /// `--mode`: `None` is hybrid when concept search is available, else
    /// lexical (`api::search`); `Engine::search` itself is always lexical.
    pub mode: Option<crate::dense::Mode>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub query: String,
    /// Matching paragraphs: with every word, or, when the page was filled
    /// with partial matches, with any word.
    pub total: u64,
    /// `total` (and `all_words`, when it is the same count) is a lower
    /// bound, not the exact count: counting every match of a frequent word
    /// would cost more than ranking them (`topk`). Deterministic: the same
    /// index and query give the same bound.
    pub total_at_least: bool,
    /// Paragraphs with every word; they rank before all partial matches.
    pub all_words: u64,
    /// The page holds partial matches (hits ranked after the first
    /// `all_words` lack some word).
    pub partial: bool,
    /// Words not (or hardly) in the index: typed → the near word searched
    /// instead (unknown words) or as well (rare words, maybe misspelt in the text).
    pub corrected: BTreeMap<String, String>,
    /// A remark for the user (stop words only, …).
    pub note: Option<String>,
    /// When nothing was found: indexed words near the query's unknown words
    /// ("did you mean …"), best first.
    pub suggestions: Vec<String>,
    /// How many of the best hits were skipped (the request's `offset`), so
    /// ranks continue across pages.
    pub offset: usize,
    pub hits: Vec<Hit>,
    /// `lexical` or `hybrid` (set by the caller that chose the mode).
    pub mode: Option<&'static str>,
    /// Hybrid mode: ids of the hits found by meaning only (no query word),
    /// and how many such paragraphs the fused ranking holds.
    pub semantic: std::collections::BTreeSet<String>,
    pub semantic_total: u64,
    /// The query was read as a question (`compile::is_question`).
    pub question: bool,
    /// Positive words searched, and how many of them the index does not
    /// have (searched by a correction, compound parts or near forms).
    pub searched_words: usize,
    pub stand_ins: usize,
    /// Of those, how many match nothing and have no stand-in either (a
    /// word of another language, or one the reports never use).
    pub unknown_words: usize,
}

/// An opened index, ready to answer.
pub struct Engine {
    open: Arc<OpenIndex>,
    searcher: Searcher,
    places: std::sync::Mutex<PlaceMemo>,
}

/// The `source` and `place` fast-field values already read, by segment and
/// ordinals. Reading one value decodes a block of its column's dictionary.
/// Once a segment's reads of a column would decode about as many blocks as
/// its whole dictionary has (`DICTIONARY_BLOCK_BYTES`), the whole dictionary
/// is decoded once instead: at once for a small `place` dictionary (the
/// template's few headings), after some reads for `source` (a value per
/// report), so a listing of thousands of mentions decodes each block once.
/// The decoded places are kept up to `PLACE_MEMO_CAP` (a listing of every
/// paragraph streams: it must not collect every report's every heading).
#[derive(Default)]
struct PlaceMemo {
    segments: std::collections::HashMap<u32, SegmentPlaces>,
    values: std::collections::HashMap<(u32, u64, u64), crate::index::schema::Place>,
}

/// One segment's `source` and `place` columns, how often each was read, and
/// each one's whole dictionary once it was read often; and the segment's
/// other columns a hit reads (`n`, `year`, the `city` and `kind` facets),
/// opened once: opening a `u64` column decodes its block index, and opened
/// per hit that was about 9% of a 10-hit search at 10,000 bench reports
/// (`perf record`).
struct SegmentPlaces {
    columns: [tantivy::columnar::BytesColumn; 2],
    reads: [usize; 2],
    whole: [Option<Vec<Vec<u8>>>; 2],
    n: tantivy::columnar::Column<u64>,
    year: tantivy::columnar::Column<u64>,
    city: tantivy::fastfield::FacetReader,
    kind: tantivy::fastfield::FacetReader,
}

/// Less than the bytes of one block of a column's dictionary (tantivy's
/// sstable blocks hold about 4,000 bytes of delta-encoded keys): reads of a
/// column in one segment beyond its dictionary's bytes / this decode the
/// whole dictionary. Measured on `mentions programmamanagement --json` at
/// 1,000 bench reports (5,500 paragraphs, median of 15, interleaved with
/// the binary before schema 6): a block decoded per read took 539 ms against
/// its 403 ms; the whole dictionaries decoded after a few reads, 371–374 ms
/// against 400–408 ms.
const DICTIONARY_BLOCK_BYTES: u64 = 2048;

/// Decoded places kept by one engine (`PlaceMemo`): a report's heading holds
/// a few paragraphs, and a listing comes in report and reading order.
const PLACE_MEMO_CAP: usize = 4096;

/// A paragraph of the index that lacks what every paragraph has: index
/// damage, with the advice that mends it.
fn damaged(what: &str) -> Error {
    Error::Index(format!(
        "paragraph {what} in the index; rebuild with `visidex index --rebuild`"
    ))
}

impl SegmentPlaces {
    /// The value of ordinal `ord` of column `which`; `None` when there is none.
    fn value(&mut self, which: usize, ord: u64) -> std::io::Result<Option<Vec<u8>>> {
        if self.whole[which].is_none() {
            self.reads[which] += 1;
            let size = self.columns[which].dictionary().num_bytes().get_bytes();
            let blocks = usize::try_from(size / DICTIONARY_BLOCK_BYTES).unwrap_or(usize::MAX);
            if self.reads[which] <= blocks {
                let mut bytes = Vec::new();
                let found = self.columns[which].ord_to_bytes(ord, &mut bytes)?;
                return Ok(found.then_some(bytes));
            }
            let mut all = Vec::with_capacity(self.columns[which].num_terms());
            let mut stream = self.columns[which].dictionary().stream()?;
            while stream.advance() {
                all.push(stream.key().to_vec());
            }
            self.whole[which] = Some(all);
        }
        let whole = self.whole[which].as_ref();
        Ok(whole.and_then(|all| all.get(usize::try_from(ord).ok()?).cloned()))
    }
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine> {
        let open = index::open(dir)?;
        let searcher = open.reader()?.searcher();
        Ok(Engine {
            open: Arc::new(open),
            searcher,
            places: Default::default(),
        })
    }

    /// An engine on a searcher of an index opened once (`shared::SharedIndex`).
    pub(crate) fn with_searcher(open: Arc<OpenIndex>, searcher: Searcher) -> Engine {
        Engine {
            open,
            searcher,
            places: Default::default(),
        }
    }

    pub(crate) fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The index's search threads (`index::OpenIndex::executor`).
    pub(crate) fn executor(&self) -> &tantivy::Executor {
        self.open.executor()
    }

    pub fn fields(&self) -> &Fields {
        &self.open.fields
    }

    pub fn meta(&self) -> &index::meta::IndexMeta {
        &self.open.meta
    }

    /// Ranked paragraphs for a query.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let node = query::parse(&request.query)?;
        let plan = compile::compile(&node, &self.searcher, self.fields())?;
        let filter = filters::filter_query(&request.filters, &self.searcher, self.fields())?;
        let mut results = SearchResults {
            query: request.query.clone(),
            offset: request.offset,
            question: plan.question,
            searched_words: plan.searched_words,
            stand_ins: plan.stand_ins,
            unknown_words: plan.unknown.len(),
            ..SearchResults::default()
        };
        let Some(strict) = &plan.strict else {
            results.note = Some(nothing_to_search(&plan));
            return Ok(results);
        };
        let strict = with_filter(strict.box_clone(), &filter);
        if let (true, Some(loose)) = (plan.question, &plan.loose) {
            // A question: rank every paragraph with any content word by how
            // well it matches them all.
            let loose = with_filter(loose.box_clone(), &filter);
            results.all_words = self.top(&*strict, 0, 0, true)?.total;
            // Partial matches on the page need the exact total to be told.
            let exact = (results.all_words as usize) < request.offset + request.limit;
            let top = self.top(&*loose, request.offset, request.limit, exact)?;
            results.total = top.total.max(results.all_words);
            results.total_at_least = !top.total_is_exact;
            results.partial = results.all_words < results.total;
            results.hits = self.hits(top.hits, &plan.marks)?;
            results.corrected = shown_corrections(&plan, &results.hits);
            return Ok(results);
        }
        let wanted = request.offset + request.limit;
        let first = self.top(&*strict, request.offset, request.limit, false)?;
        // A lower bound below a page: the loose reading may be needed, which
        // needs the exact count of the paragraphs with every word.
        let first = if first.total_is_exact || first.total as usize >= wanted {
            first
        } else {
            self.top(&*strict, request.offset, request.limit, true)?
        };
        let strict_total = first.total;
        let mut top = first.hits;
        results.total = strict_total;
        results.all_words = strict_total;
        results.total_at_least = !first.total_is_exact;
        if let (Some(loose), true) = (&plan.loose, (strict_total as usize) < wanted) {
            // Too few paragraphs have every word: fill the page with the best
            // paragraphs that have some, after those that have all.
            let loose = with_filter(loose.box_clone(), &filter);
            let strict_all = self.top(&*strict, 0, strict_total as usize, true)?.hits;
            let loose_top = self.top(&*loose, 0, wanted + strict_total as usize, true)?;
            let (loose_total, loose_top) = (loose_top.total, loose_top.hits);
            let full: std::collections::BTreeSet<DocAddress> =
                strict_all.iter().map(|(_, address)| *address).collect();
            let partial_hits = loose_top
                .into_iter()
                .filter(|(_, address)| !full.contains(address));
            let skip = request.offset.saturating_sub(strict_total as usize);
            top.extend(
                partial_hits
                    .skip(skip)
                    .take(request.limit - top.len().min(request.limit)),
            );
            results.total = loose_total;
            results.partial = top.len() > strict_all.len().saturating_sub(request.offset);
        }
        results.hits = self.hits(top, &plan.marks)?;
        results.corrected = shown_corrections(&plan, &results.hits);
        if results.total == 0 {
            results.suggestions = self.suggestions(&plan)?;
        }
        Ok(results)
    }

    /// "Did you mean": for each word that matched nothing, the nearest
    /// indexed words as written.
    fn suggestions(&self, plan: &Plan) -> Result<Vec<String>> {
        let corrector = self.corrector();
        let mut suggestions: Vec<String> = Vec::new();
        for (normalized, stem) in &plan.unknown {
            for near in corrector
                .near(normalized, stem)
                .into_iter()
                .take(correct::SUGGESTIONS)
            {
                let surface = match near.surface {
                    Some(surface) => Some(surface),
                    None => self.surface_of(&near.stem)?,
                };
                if let Some(surface) = surface {
                    if !suggestions.contains(&surface) {
                        suggestions.push(surface);
                    }
                }
            }
        }
        Ok(suggestions)
    }

    pub fn corrector(&self) -> correct::Corrector<'_> {
        correct::Corrector {
            searcher: &self.searcher,
            fields: self.fields(),
        }
    }

    /// A word of the texts with this stem, as written (normalised; a
    /// hyphenated compound joined): read from the first paragraph that has it.
    pub fn surface_of(&self, stem: &str) -> Result<Option<String>> {
        let term = Term::from_field_text(self.fields().text, stem);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let (_, text) = self.stored(*address)?;
        Ok(surface_in(&text, stem))
    }

    /// Refuse unknown filter values (exit 2, listing the known ones), as
    /// `search` does, for commands that filter records themselves.
    pub fn check_filters(&self, filters: &Filters) -> Result<()> {
        if filters.is_empty() {
            return Ok(());
        }
        filters::filter_query(filters, &self.searcher, self.fields()).map(|_| ())
    }

    /// Every stored paragraph of the given kinds (all kinds when empty), in
    /// index order, as hits without score or snippet: what the knowledge
    /// extracts read, since they need whole reports, not a ranked page.
    pub fn paragraphs_of_kinds(&self, kinds: &[Kind]) -> Result<Vec<Hit>> {
        let query = self.kinds_query(kinds);
        let mut addresses: Vec<DocAddress> = self
            .searcher
            .search(&*query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        addresses
            .into_iter()
            .map(|address| self.hit(address, 0.0, &Marks::default()))
            .collect()
    }

    /// Paragraphs of these kinds (all paragraphs when empty).
    fn kinds_query(&self, kinds: &[Kind]) -> Box<dyn Query> {
        if kinds.is_empty() {
            return Box::new(tantivy::query::AllQuery);
        }
        let any_kind = kinds
            .iter()
            .map(|kind| {
                let term = Term::from_facet(self.fields().kind, &kind_facet(*kind));
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect();
        Box::new(BooleanQuery::new(any_kind))
    }

    /// Every paragraph of the given kinds that `query_text` matches as
    /// `search` reads it — its query language, corrections, compounds and
    /// fields — unranked and uncut: the QUERY of the extract commands.
    /// `any_word` takes the reading that needs only some of the words (for
    /// a ranker that weighs them). `None` when there is nothing to search
    /// (no query, or only stop words): no word filter.
    pub fn query_matches(
        &self,
        query_text: &str,
        kinds: &[Kind],
        any_word: bool,
    ) -> Result<Option<QueryMatch>> {
        if query_text.trim().is_empty() {
            return Ok(None);
        }
        let node = query::parse(query_text)?;
        let plan = compile::compile(&node, &self.searcher, self.fields())?;
        let query = match (&plan.loose, &plan.strict) {
            (Some(loose), _) if any_word => loose,
            (_, Some(strict)) => strict,
            (_, None) => return Ok(None),
        };
        let query = with_filter(query.box_clone(), &Some(self.kinds_query(kinds)));
        let mut ids = BTreeSet::new();
        for address in self.searcher.search(&*query, &DocSetCollector)? {
            let (record, _) = self.stored(address)?;
            ids.insert(format!("{}:{}", record.report, record.n));
        }
        Ok(Some(QueryMatch {
            ids,
            stems: plan.marks.stems,
        }))
    }

    /// The ids of the paragraphs whose text or compound parts hold the
    /// analysed term `stem`: the index's own answer for one term, which
    /// `mentions` must agree with (its tests compare the two).
    pub fn paragraph_ids_with_stem(&self, stem: &str) -> Result<BTreeSet<String>> {
        let should = [self.fields().text, self.fields().parts]
            .into_iter()
            .map(|field| {
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, stem),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, query)
            })
            .collect();
        let addresses = self
            .searcher
            .search(&BooleanQuery::new(should), &DocSetCollector)?;
        addresses
            .into_iter()
            .map(|address| {
                let (record, _) = self.stored(address)?;
                Ok(format!("{}:{}", record.report, record.n))
            })
            .collect()
    }

    /// Counts per city, theme, section, kind and year of the paragraphs
    /// matching `query_text` (all paragraphs when empty) and the filters.
    pub fn facets(&self, query_text: &str, filters: &Filters) -> Result<FacetCounts> {
        let node = query::parse(query_text)?;
        let plan = compile::compile(&node, &self.searcher, self.fields())?;
        let filter = filters::filter_query(filters, &self.searcher, self.fields())?;
        if query_text.trim().is_empty() && filter.is_none() {
            return Ok(facets::count_all(&self.searcher, self.fields())?);
        }
        let query: Box<dyn Query> = match (&plan.strict, query_text.trim().is_empty()) {
            (Some(strict), _) => self.counted_reading(&plan, strict, &filter)?,
            (None, true) => Box::new(tantivy::query::AllQuery),
            (None, false) => return Ok(FacetCounts::default()),
        };
        let collector = facets::FacetCountCollector {
            fields: *self.fields(),
        };
        Ok(self
            .searcher
            .search(&*with_filter(query, &filter), &collector)?)
    }

    /// The reading of a query whose paragraphs `search` counts in its
    /// `total` on a first page: those with every word — or, for a question
    /// or when fewer than a page (10) have every word, those with any (the
    /// page is then filled with them). So the facets beside a page of hits
    /// count what the page says it found, and a question never has an empty
    /// facet panel beside its hits.
    fn counted_reading(
        &self,
        plan: &Plan,
        strict: &dyn Query,
        filter: &Option<Box<dyn Query>>,
    ) -> Result<Box<dyn Query>> {
        let Some(loose) = &plan.loose else {
            return Ok(strict.box_clone());
        };
        let loose_counted = plan.question || {
            let strict = with_filter(strict.box_clone(), filter);
            self.searcher.search(&*strict, &tantivy::collector::Count)? < FIRST_PAGE
        };
        Ok(if loose_counted {
            loose.box_clone()
        } else {
            strict.box_clone()
        })
    }

    /// One paragraph by id, with up to `context` neighbours each side.
    pub fn show(&self, id: &str, context: u32) -> Result<Shown> {
        let (report, n) = parse_paragraph_id(id)?;
        let hit = self.by_id(id)?.ok_or_else(|| {
            Error::NotFound(format!(
                "no paragraph `{id}` in the index (see `visidex reports`)"
            ))
        })?;
        let neighbour = |n: u32| self.by_id(&format!("{report}:{n}"));
        let mut before = Vec::new();
        for m in n.saturating_sub(context).max(1)..n {
            before.extend(neighbour(m)?);
        }
        let mut after = Vec::new();
        for m in n + 1..=n.saturating_add(context) {
            match neighbour(m)? {
                Some(hit) => after.push(hit),
                None => break,
            }
        }
        Ok(Shown { hit, before, after })
    }

    /// A paragraph by id: the `report` term and the `n` fast field (there is
    /// no paragraph-id field, see `index::schema`).
    fn by_id(&self, id: &str) -> Result<Option<Hit>> {
        let (report, n) = parse_paragraph_id(id)?;
        let fields = self.fields();
        let n_term = Term::from_field_u64(fields.n, u64::from(n));
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.report, report),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(n_term.clone()),
                    Bound::Included(n_term),
                )),
            ),
        ]);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|(_, address)| self.hit(*address, 0.0, &Marks::default()))
            .transpose()
    }

    /// The `limit` best matches after `offset` and their total, exact when
    /// `exact_total` or when counting is cheap (`topk::top`: top-k without
    /// scoring every match, the same ranking as scoring them all).
    fn top(
        &self,
        query: &dyn Query,
        offset: usize,
        limit: usize,
        exact_total: bool,
    ) -> Result<topk::Top> {
        let budget = if exact_total {
            u64::MAX
        } else {
            topk::EXACT_COUNT_COST
        };
        topk::top(
            &self.searcher,
            self.executor(),
            query,
            offset,
            limit,
            budget,
        )
    }

    /// The compiled query's (`loose`: its any-word reading's) `limit` best
    /// after `offset` as (score, `REPORT:N`), with the total: by
    /// [`topk::top`] with `count_budget`, or when it is `None` by scoring
    /// every match. For tests that the two rank alike; `None` when the query
    /// has no such reading.
    pub fn ranked_ids(
        &self,
        query_text: &str,
        loose: bool,
        offset: usize,
        limit: usize,
        count_budget: Option<u64>,
    ) -> Result<Option<RankedIds>> {
        let node = query::parse(query_text)?;
        let plan = compile::compile(&node, &self.searcher, self.fields())?;
        let Some(query) = (if loose { &plan.loose } else { &plan.strict }) else {
            return Ok(None);
        };
        let top = match count_budget {
            None => topk::exhaustive(&self.searcher, self.executor(), &**query, offset, limit)?,
            Some(budget) => topk::top(
                &self.searcher,
                self.executor(),
                &**query,
                offset,
                limit,
                budget,
            )?,
        };
        let hits = top
            .hits
            .iter()
            .map(|(score, address)| {
                let (record, _) = self.stored(*address)?;
                Ok((*score, format!("{}:{}", record.report, record.n)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(RankedIds { top, hits }))
    }

    /// The hits at the addresses, in their order, read on the search threads
    /// (each reads its doc-store block: most of a hit's cost).
    fn hits(&self, top: Vec<(f32, DocAddress)>, marks: &Marks) -> Result<Vec<Hit>> {
        let read = self.executor().map(
            |(score, address)| Ok(self.hit(address, score, marks)),
            top.into_iter(),
        )?;
        read.into_iter().collect()
    }

    /// The stored paragraph at an address, with a snippet for `marks`.
    pub(crate) fn hit(&self, address: DocAddress, score: f32, marks: &Marks) -> Result<Hit> {
        let (record, text) = self.stored(address)?;
        let snippet = snippet::snippet(&text, marks);
        Ok(Hit {
            citation: record.citation(),
            report: record.report.clone(),
            city: record.city.clone(),
            year: record.year,
            score,
            snippet,
            paragraph: record.into_paragraph(text),
        })
    }

    /// The stored record and text of a document.
    pub(crate) fn stored(&self, address: DocAddress) -> Result<(StoredRecord, String)> {
        let document: TantivyDocument = self.searcher.doc(address)?;
        let fields = self.fields();
        let text = document
            .get_first(fields.body)
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_default();
        let record = document
            .get_first(fields.record)
            .and_then(|value| value.as_bytes().map(<[u8]>::to_vec))
            .unwrap_or_default();
        let mut record: StoredRecord = serde_json::from_slice(&record).map_err(|error| {
            Error::Index(format!(
                "damaged paragraph record ({error}); rebuild with `visidex index --rebuild`"
            ))
        })?;
        self.indexed_metadata(address, &mut record)?;
        Ok((record, text))
    }

    /// The parts of a record the index holds once rather than in the doc
    /// store: `n` and `year` (fast fields), the `source` and `place`
    /// (dictionary-encoded fast fields, `PlaceMemo`), `kind` and `city`
    /// (facets); each segment's columns opened once (`SegmentPlaces`).
    fn indexed_metadata(&self, address: DocAddress, record: &mut StoredRecord) -> Result<()> {
        use crate::index::schema::names;
        let mut memo = self
            .places
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let PlaceMemo { segments, values } = &mut *memo;
        let segment = address.segment_ord;
        let doc = address.doc_id;
        let places = match segments.entry(segment) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let reader = self.searcher.segment_reader(segment);
                let fast = reader.fast_fields();
                let column = |name: &str| -> Result<tantivy::columnar::BytesColumn> {
                    fast.bytes(name)?
                        .ok_or_else(|| damaged(&format!("{name} column missing")))
                };
                entry.insert(SegmentPlaces {
                    columns: [column(names::SOURCE)?, column(names::PLACE)?],
                    reads: [0; 2],
                    whole: [None, None],
                    n: fast.u64(names::N)?,
                    year: fast.u64(names::YEAR)?,
                    city: reader.facet_reader(names::CITY)?,
                    kind: reader.facet_reader(names::KIND)?,
                })
            }
        };
        let first_facet = |reader: &tantivy::fastfield::FacetReader| -> Result<Option<String>> {
            let Some(ord) = reader.facet_ords(doc).next() else {
                return Ok(None);
            };
            let mut facet = tantivy::schema::Facet::root();
            reader.facet_from_ord(ord, &mut facet)?;
            Ok(facet.to_path().first().map(|part| part.to_string()))
        };
        record.n = places
            .n
            .first(doc)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or_default();
        record.year = places
            .year
            .first(doc)
            .and_then(|year| i32::try_from(year).ok());
        record.city = first_facet(&places.city)?.unwrap_or_default();
        record.kind = first_facet(&places.kind)?
            .as_deref()
            .and_then(crate::model::Kind::parse)
            .ok_or_else(|| damaged("without a kind"))?;
        let mut ords = [0u64; 2];
        for (ord, column) in ords.iter_mut().zip(&places.columns) {
            *ord = column
                .term_ords(doc)
                .next()
                .ok_or_else(|| damaged("without a place"))?;
        }
        let key = (segment, ords[0], ords[1]);
        let place = match values.get(&key) {
            Some(place) => place.clone(),
            None => {
                let mut json = [Vec::new(), Vec::new()];
                for (which, bytes) in json.iter_mut().enumerate() {
                    *bytes = places
                        .value(which, ords[which])
                        .map_err(tantivy::TantivyError::from)?
                        .ok_or_else(|| damaged("place missing"))?;
                }
                let place = crate::index::schema::Place::from_json(&json[0], &json[1])
                    .map_err(|_| damaged("place damaged"))?;
                if values.len() >= PLACE_MEMO_CAP {
                    values.clear();
                }
                values.insert(key, place.clone());
                place
            }
        };
        record.set_place(place);
        Ok(())
    }
}

/// [`Engine::ranked_ids`]: the ranking and its hits as (score, `REPORT:N`).
#[derive(Debug, Clone, PartialEq)]
pub struct RankedIds {
    pub top: topk::Top,
    pub hits: Vec<(f32, String)>,
}

/// The paragraphs a query matched ([`Engine::query_matches`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryMatch {
    /// `REPORT:N` of every matching paragraph.
    pub ids: BTreeSet<String>,
    /// The stems searched (corrections included).
    pub stems: BTreeSet<String>,
}

/// A paragraph with its neighbours (`visidex show`).
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub hit: Hit,
    pub before: Vec<Hit>,
    pub after: Vec<Hit>,
}

/// `hasselt-2011:12` → (`hasselt-2011`, 12).
pub fn parse_paragraph_id(id: &str) -> Result<(&str, u32)> {
    let malformed = || {
        Error::Usage(format!(
            "malformed paragraph id `{id}`: expected REPORT:N, e.g. `hasselt-2011:12`"
        ))
    };
    let (report, n) = id.rsplit_once(':').ok_or_else(malformed)?;
    let n: u32 = n.parse().map_err(|_| malformed())?;
    if report.is_empty() || n == 0 {
        return Err(malformed());
    }
    Ok((report, n))
}

fn with_filter(query: Box<dyn Query>, filter: &Option<Box<dyn Query>>) -> Box<dyn Query> {
    match filter {
        None => query,
        Some(filter) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
            ),
        ])),
    }
}

fn nothing_to_search(plan: &Plan) -> String {
    if plan.stop_words.is_empty() {
        "the query has no words to search for".to_string()
    } else {
        format!(
            "the query has only very common words ({}), which are not indexed; add a more specific word",
            plan.stop_words.join(", ")
        )
    }
}

/// The first word of `text` with this stem, normalised; a hyphenated
/// compound joined when only its joined word has it (`doecultuur`, from
/// `doe-cultuur`, for `doecultur`).
fn surface_in(text: &str, stem: &str) -> Option<String> {
    let terms = crate::analysis::analyzer().analyze(text);
    if let Some(term) = terms.iter().find(|term| term.stem == stem) {
        return Some(term.normalized.clone());
    }
    crate::analysis::joined_terms(text, &terms)
        .into_iter()
        .find(|term| term.stem == stem)
        .map(|term| term.normalized)
}

/// Corrections as users should read them: the corrected stem shown as the
/// word it stands for in the first hit that has it (`programmamanagement`,
/// not a stem).
fn shown_corrections(plan: &Plan, hits: &[Hit]) -> BTreeMap<String, String> {
    plan.corrections
        .iter()
        .map(|(typed, stem)| {
            if let Some(surface) = plan.correction_surfaces.get(typed) {
                return (typed.clone(), surface.clone());
            }
            let surface = hits
                .iter()
                .find_map(|hit| surface_in(&hit.paragraph.text, stem));
            (typed.clone(), surface.unwrap_or_else(|| stem.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ids() {
        assert_eq!(
            parse_paragraph_id("hasselt-2011:12").unwrap(),
            ("hasselt-2011", 12)
        );
        assert_eq!(parse_paragraph_id("a:b:3").unwrap(), ("a:b", 3));
        for bad in [
            "hasselt-2011",
            "hasselt-2011:",
            "hasselt-2011:x",
            ":3",
            "x:0",
            "x:-1",
        ] {
            let error = parse_paragraph_id(bad).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{bad}");
        }
    }
}

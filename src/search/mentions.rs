//! `visidex mentions TERM`: every paragraph that mentions TERM, in report and
//! reading order, never cut at a limit, with each occurrence located.
//!
//! The index does the finding, the analyzer the locating:
//! 1. one pass over the `text` term dictionary of each segment collects the
//!    stems to look for: TERM's stem, and stems near it (fuzzy candidates,
//!    minus frequent words of the corpus);
//! 2. postings (not ranked top-N) give the documents: TERM's stem in `text`
//!    or in `parts` (compounds), or a fuzzy candidate in `text`; filters are
//!    a document set;
//! 3. only then are stored texts read, to locate occurrences with the rules
//!    of [`matching`]. For `--count`, a paragraph without fuzzy candidates is
//!    counted from term frequencies alone (text stems + compound words),
//!    which is exactly what locating would find.
//!
//! So, for one word and without fuzzy matches, `mentions` returns exactly the
//! paragraphs a term query on `text` + `parts` returns.

pub mod matching;

use super::filters::{filter_query, Filters};
use super::snippet::Snippet;
use super::{Engine, Hit};
use crate::analysis::{Decompounder, Term as AnalyzedTerm};
use crate::error::{Error, Result};
use crate::index::schema::names;
use crate::wordlist;
use matching::{is_candidate_stem, locate, Context, Found, MatchKind, Pattern};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use tantivy::postings::Postings;
use tantivy::query::Query;
use tantivy::query::{EnableScoring, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Term};
use tantivy::{DocAddress, DocId, DocSet, SegmentReader, TERMINATED};

/// A near word found at least this often (documents) is a word in its own
/// right, not a misspelling of TERM — unless TERM is ten times as frequent.
pub const FREQUENT_DOCS: u64 = 20;

#[derive(Debug, Clone, Default)]
pub struct MentionsRequest {
    pub term: String,
    pub filters: Filters,
}

/// One occurrence of TERM in a paragraph (`occurrences[]` in the contract).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range in the paragraph's `text`.
    pub start: usize,
    pub end: usize,
    /// The words as written.
    pub surface: String,
    /// The source file line where it starts.
    pub line: u32,
    pub kind: MatchKind,
}

/// A paragraph that mentions TERM, with its occurrences in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub hit: Hit,
    pub occurrences: Vec<Occurrence>,
}

/// Occurrences and paragraphs of one city or theme.
#[derive(
    Serialize, serde::Deserialize, Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord,
)]
pub struct Tally {
    pub occurrences: u64,
    pub paragraphs: u64,
}

impl Totals {
    /// Add the counts of the segments' parts to these: each part's totals
    /// and its reports' tallies. The reports (some 2,500 in a segment of
    /// 10,000 bench reports; a report may have paragraphs in two segments)
    /// are put together by one sort of them all, a merge of equal names and
    /// one bulk build; inserted into the map one by one they cost about
    /// 0.3 ms per segment.
    fn absorb(&mut self, parts: Vec<(Totals, Vec<(String, Tally)>)>) {
        let mut reports: Vec<(String, Tally)> =
            std::mem::take(&mut self.by_report).into_iter().collect();
        for (part, part_reports) in parts {
            self.occurrences += part.occurrences;
            self.paragraphs += part.paragraphs;
            add_tallies(&mut self.by_city, part.by_city);
            add_tallies(&mut self.by_theme, part.by_theme);
            add_tallies(&mut self.by_year, part.by_year);
            add_tallies(&mut self.by_city_theme, part.by_city_theme);
            reports.extend(part.by_report);
            reports.extend(part_reports);
        }
        reports.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut merged: Vec<(String, Tally)> = Vec::with_capacity(reports.len());
        for (report, tally) in reports {
            match merged.last_mut() {
                Some((last, total)) if *last == report => total.merge(&tally),
                _ => merged.push((report, tally)),
            }
        }
        self.by_report = merged.into_iter().collect();
    }
}

/// Add the tallies of `from` to those of `into`, key by key.
fn add_tallies<K: Ord>(into: &mut BTreeMap<K, Tally>, from: BTreeMap<K, Tally>) {
    for (key, tally) in from {
        into.entry(key).or_default().merge(&tally);
    }
}

impl Tally {
    fn add(&mut self, occurrences: u64) {
        self.occurrences += occurrences;
        self.paragraphs += 1;
    }

    fn merge(&mut self, other: &Tally) {
        self.occurrences += other.occurrences;
        self.paragraphs += other.paragraphs;
    }
}

/// The totals of a `mentions` answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub term: String,
    /// The word searched instead of TERM, when TERM is a misspelling the
    /// index does not have (`kindvriendelijkhied` → `kindvriendelijkheid`).
    pub corrected: Option<String>,
    pub occurrences: u64,
    pub paragraphs: u64,
    pub reports: u64,
    pub by_city: BTreeMap<String, Tally>,
    pub by_theme: BTreeMap<String, Tally>,
    pub by_report: BTreeMap<String, Tally>,
    /// By report year; [`UNKNOWN_YEAR`] for a report without one.
    pub by_year: BTreeMap<String, Tally>,
    /// By (city, theme): the city × theme table of `--by city,theme`.
    pub by_city_theme: BTreeMap<(String, String), Tally>,
}

/// What `mentions --by` splits the totals by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum By {
    City,
    Theme,
    Report,
    Year,
}

impl By {
    pub const ALL: [By; 4] = [By::City, By::Theme, By::Report, By::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            By::City => "city",
            By::Theme => "theme",
            By::Report => "report",
            By::Year => "year",
        }
    }

    /// `city`, `theme`, `report`, `year` (case-insensitive).
    pub fn parse(name: &str) -> Option<By> {
        By::ALL
            .into_iter()
            .find(|by| by.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// The totals split by one field, or by city × theme: one row per value
/// (or pair), in name order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub totals: Totals,
    pub by: Vec<By>,
    /// The values of the `by` fields, in `by` order, and their tally.
    pub rows: Vec<(Vec<String>, Tally)>,
}

impl Breakdown {
    /// The rows of `totals` split by `by`: one field, or `city` and `theme`
    /// (in either order). Anything else is a usage error.
    pub fn of(totals: Totals, by: &[By]) -> Result<Breakdown> {
        let single = |tallies: &BTreeMap<String, Tally>| -> Vec<(Vec<String>, Tally)> {
            tallies
                .iter()
                .map(|(name, tally)| (vec![name.clone()], *tally))
                .collect()
        };
        let rows = match by {
            [By::City] => single(&totals.by_city),
            [By::Theme] => single(&totals.by_theme),
            [By::Report] => single(&totals.by_report),
            [By::Year] => single(&totals.by_year),
            [By::City, By::Theme] | [By::Theme, By::City] => {
                let mut rows: Vec<(Vec<String>, Tally)> = totals
                    .by_city_theme
                    .iter()
                    .map(|((city, theme), tally)| match by[0] {
                        By::City => (vec![city.clone(), theme.clone()], *tally),
                        _ => (vec![theme.clone(), city.clone()], *tally),
                    })
                    .collect();
                rows.sort();
                rows
            }
            _ => {
                let typed: Vec<&str> = by.iter().map(|by| by.as_str()).collect();
                return Err(Error::Usage(format!(
                    "--by {}: give one of city, theme, report, year, or city,theme",
                    typed.join(",")
                )));
            }
        };
        Ok(Breakdown {
            totals,
            by: by.to_vec(),
            rows,
        })
    }
}

/// Where a paragraph of a report without a year is counted.
pub const UNKNOWN_YEAR: &str = "(unknown)";

/// Where a paragraph without a known city is counted.
pub const UNKNOWN_CITY: &str = "(unknown)";

/// What the index knows of one candidate document before its text is read.
#[derive(Debug, Clone, Copy, Default)]
struct Candidate {
    /// Words with TERM's stem (`text` term frequency).
    stem_words: u32,
    /// Compound words with TERM's stem among their parts (`parts` term frequency).
    compound_words: u32,
    /// Has a fuzzy-candidate stem: its text must be read.
    near: bool,
    /// Has all words of a phrase (or their near forms): its text must be read.
    phrase: bool,
}

impl Engine {
    /// Every paragraph mentioning `request.term`, in report and reading
    /// order, handed to `each` one at a time (so a huge answer is never held
    /// in memory); returns the totals. With `count_only`, `each` is not
    /// called and only the totals are computed (the fast path).
    pub fn mentions(
        &self,
        request: &MentionsRequest,
        count_only: bool,
        each: &mut dyn FnMut(Mention) -> Result<()>,
    ) -> Result<Totals> {
        let corrected = self.corrected_term(&request.term)?;
        let pattern = Pattern::parse(corrected.as_deref().unwrap_or(&request.term))?;
        // TERM written as one hyphenated compound (`co-creatie`) is also its
        // joined word (`cocreatie`), which the index holds for the
        // hyphenated spelling too (`analysis::hyphen`): both are looked for.
        let joined = match pattern.joined_alternative()? {
            Some(joined) => Some(joined),
            // TERM written apart (`programma management`) is also the
            // compound written closed, where the reports have that word.
            None => pattern.closed_alternative()?.filter(|closed| {
                closed
                    .indexed_words()
                    .next()
                    .is_some_and(|word| self.has_stem(&word.stem))
            }),
        };
        let patterns: Vec<&Pattern> = std::iter::once(&pattern).chain(&joined).collect();
        let mut finders = patterns
            .iter()
            .map(|pattern| Finder::new(self, pattern))
            .collect::<Result<Vec<_>>>()?;
        let filter = filter_query(&request.filters, self.searcher(), self.fields())?;
        let mut totals = Totals {
            term: match &corrected {
                Some(_) => request.term.trim().to_string(),
                None => pattern.term.clone(),
            },
            corrected,
            ..Totals::default()
        };
        // Each segment is counted on the search threads with finders of its
        // own (`Finder::fork`); the totals are sums, so they do not depend on
        // the threads. (report, n, address) of every paragraph with an
        // occurrence, for the listing.
        let mut keys: Vec<(String, u32, DocAddress)> = Vec::new();
        let segments = self.searcher().segment_readers();
        let passes = self.executor().map(
            |(segment_ord, segment)| {
                let mut mine: Vec<Finder> = finders.iter().map(Finder::fork).collect();
                let pass = self.segment_pass(
                    &mut mine,
                    segment_ord as u32,
                    segment,
                    filter.as_deref(),
                    count_only,
                );
                Ok(pass.map(|pass| (pass, mine)))
            },
            segments.iter().enumerate(),
        )?;
        let mut parts = Vec::with_capacity(passes.len());
        for pass in passes {
            let (pass, mine) = pass?;
            parts.push((pass.totals, pass.reports));
            keys.extend(pass.keys);
            for (finder, theirs) in finders.iter_mut().zip(mine) {
                // What the listing's second pass reads again: the
                // candidates, and the caches (they depend on the index only).
                finder.seen.extend(theirs.seen);
                finder
                    .report_decompounders
                    .extend(theirs.report_decompounders);
                finder.guard_verdicts.extend(theirs.guard_verdicts);
            }
        }
        totals.absorb(parts);
        totals.reports = totals.by_report.len() as u64;
        if count_only {
            return Ok(totals);
        }
        keys.sort();
        for (_, _, address) in keys {
            let mut of_each: OfEach = [None; PATTERNS];
            for (slot, finder) in of_each.iter_mut().zip(&finders) {
                *slot = finder.candidate_of(address);
            }
            let Some((hit, found)) = locate_all(&mut finders, address, &of_each)? else {
                continue;
            };
            if found.is_empty() {
                continue;
            }
            each(mention(hit, &found))?;
        }
        Ok(totals)
    }

    /// One segment's part of a `mentions` answer: its counts, and the
    /// paragraphs with an occurrence as (report, n, address) when listing.
    fn segment_pass(
        &self,
        finders: &mut [Finder<'_>],
        segment_ord: u32,
        segment: &SegmentReader,
        filter: Option<&dyn tantivy::query::Query>,
        count_only: bool,
    ) -> Result<SegmentPass> {
        let mut totals = Totals::default();
        let mut keys: Vec<(String, u32, DocAddress)> = Vec::new();
        let allowed = match filter {
            None => None,
            Some(query) => Some(matching_docs(self, query, segment)?),
        };
        let mut lists = Vec::with_capacity(finders.len());
        for finder in finders.iter_mut() {
            lists.push(finder.candidates(segment_ord, segment, allowed.as_ref(), !count_only)?);
        }
        let candidates = union_of(lists);
        let mut labels = Labels::new(segment)?;
        // Which report each candidate is of, from the `source` column
        // (listing only: to order the paragraphs without reading them).
        let doc_reports = if count_only {
            SegmentReports::default()
        } else {
            let docs: Vec<DocId> = candidates.iter().map(|(doc, _)| *doc).collect();
            report_of_each(segment, docs)?
        };
        let numbers = segment
            .fast_fields()
            .u64(names::N)
            .map_err(|error| Error::Index(format!("reading the index: {error}")))?;
        // Every paragraph with an occurrence (ascending) and its count.
        let mut counted: Vec<(DocId, u64)> = Vec::new();
        for (doc, of_each) in candidates {
            let address = DocAddress::new(segment_ord, doc);
            let count = match of_each {
                // One finder and no text to read: counted from the index.
                [Some(candidate), None] | [None, Some(candidate)]
                    if !candidate.near && !candidate.phrase =>
                {
                    u64::from(candidate.stem_words + candidate.compound_words)
                }
                _ => match locate_all(finders, address, &of_each)? {
                    Some((_, found)) => found.len() as u64,
                    None => 0,
                },
            };
            if count == 0 {
                continue;
            }
            if let Some(report) = doc_reports.of(doc) {
                let n = numbers.first(doc).unwrap_or(0) as u32;
                keys.push((report.to_string(), n, address));
            }
            totals.occurrences += count;
            totals.paragraphs += 1;
            labels.add(doc, count);
            counted.push((doc, count));
        }
        // The reports' tallies: when listing, by the reports already read;
        // when counting, by one read of the `source` column per counted
        // paragraph.
        let reports = if count_only {
            tallies_by_report(segment, &counted)?
        } else {
            let mut by_report = vec![Tally::default(); doc_reports.names.len()];
            for (doc, count) in &counted {
                if let Some(report) = doc_reports.ordinal(*doc) {
                    by_report[report].add(*count);
                }
            }
            doc_reports
                .names
                .into_iter()
                .zip(by_report)
                .filter(|(_, tally)| tally.paragraphs > 0)
                .collect()
        };
        labels.into_totals(&mut totals)?;
        Ok(SegmentPass {
            totals,
            reports,
            keys,
        })
    }
}

impl Engine {
    /// Whether some paragraph's text has a word of this stem.
    fn has_stem(&self, stem: &str) -> bool {
        let term = Term::from_field_text(self.fields().text, stem);
        self.searcher().doc_freq(&term).is_ok_and(|n| n > 0)
    }

    /// The word to look for instead of a one-word TERM that no paragraph has
    /// (text or compounds) and that is no Dutch word: the search's typo
    /// correction, as written in the reports.
    fn corrected_term(&self, term: &str) -> Result<Option<String>> {
        let words = crate::analysis::analyzer().analyze(term);
        let [word] = words.as_slice() else {
            return Ok(None);
        };
        if word.is_stop || term.contains('"') {
            return Ok(None);
        }
        let corrector = self.corrector();
        let fields = self.fields();
        let in_text = [fields.text, fields.parts].into_iter().any(|field| {
            self.searcher()
                .doc_freq(&Term::from_field_text(field, &word.stem))
                .unwrap_or(0)
                > 0
        });
        if in_text {
            return Ok(None);
        }
        let Some(near) = corrector.correction(&word.normalized, &word.stem) else {
            return Ok(None);
        };
        match near.surface {
            Some(surface) => Ok(Some(surface)),
            None => self.surface_of(&near.stem),
        }
    }
}

/// Most patterns one TERM is looked for as: itself and its joined word.
const PATTERNS: usize = 2;

/// One segment's counts and (when listing) its paragraphs with an occurrence.
struct SegmentPass {
    /// Its counts, but for `by_report`: `reports`.
    totals: Totals,
    /// (report, tally) of the reports with an occurrence.
    reports: Vec<(String, Tally)>,
    keys: Vec<(String, u32, DocAddress)>,
}

/// A document's candidate under each pattern's finder (`None`: not one).
type OfEach = [Option<Candidate>; PATTERNS];

/// The candidate lists of one segment (one per finder, each in doc order)
/// as one list in doc order.
fn union_of(lists: Vec<Vec<(DocId, Candidate)>>) -> Vec<(DocId, OfEach)> {
    let mut lists = lists.into_iter();
    let first = lists.next().unwrap_or_default();
    let mut all: Vec<(DocId, OfEach)> = first
        .into_iter()
        .map(|(doc, candidate)| (doc, [Some(candidate), None]))
        .collect();
    for (finder, list) in lists.enumerate().map(|(at, list)| (at + 1, list)) {
        if finder >= PATTERNS || list.is_empty() {
            continue;
        }
        let mut merged = Vec::with_capacity(all.len() + list.len());
        let mut theirs = list.into_iter().peekable();
        for (doc, mut of_each) in all {
            while let Some((other, candidate)) = theirs.next_if(|(other, _)| *other < doc) {
                let mut alone: OfEach = [None; PATTERNS];
                alone[finder] = Some(candidate);
                merged.push((other, alone));
            }
            if let Some((_, candidate)) = theirs.next_if(|(other, _)| *other == doc) {
                of_each[finder] = Some(candidate);
            }
            merged.push((doc, of_each));
        }
        for (other, candidate) in theirs {
            let mut alone: OfEach = [None; PATTERNS];
            alone[finder] = Some(candidate);
            merged.push((other, alone));
        }
        all = merged;
    }
    all
}

/// One paragraph's occurrences by every finder that has it as a candidate:
/// their union in text order, a stretch two finders found (`co-creatie` as
/// the phrase and as the joined word) once, as the stricter match. `None`
/// when no finder has it.
fn locate_all(
    finders: &mut [Finder<'_>],
    address: DocAddress,
    of_each: &OfEach,
) -> Result<Option<(Hit, Vec<Found>)>> {
    let mut hit = None;
    let mut all: Vec<Found> = Vec::new();
    let mut finders_with_it = 0;
    for (finder, candidate) in finders.iter_mut().zip(of_each) {
        let Some(candidate) = candidate else {
            continue;
        };
        finders_with_it += 1;
        let (this_hit, found) = finder.locate(address, *candidate)?;
        hit.get_or_insert(this_hit);
        all.extend(found);
    }
    if finders_with_it > 1 {
        all = unite(all);
    }
    Ok(hit.map(|hit| (hit, all)))
}

/// Occurrences found by several finders in one text, in text order and not
/// overlapping: of two that overlap, the stricter match (`MatchKind` order).
fn unite(mut all: Vec<Found>) -> Vec<Found> {
    all.sort_by_key(|found| (found.start, std::cmp::Reverse(found.end)));
    let mut kept: Vec<Found> = Vec::with_capacity(all.len());
    for found in all {
        match kept.last_mut() {
            Some(last) if found.start < last.end => {
                if found.kind < last.kind {
                    *last = found;
                }
            }
            _ => kept.push(found),
        }
    }
    kept
}

/// What finds TERM (one pattern of it): the near stems found in every
/// segment, and what one segment's pass found and built (`fork` makes one
/// per segment; the listing's pass in report order reads them all back).
struct Finder<'a> {
    engine: &'a Engine,
    pattern: &'a Pattern,
    /// Per indexed TERM word: the fuzzy-candidate stems (frequent words removed).
    near_stems: Vec<HashSet<String>>,
    /// Candidates found so far, for the second (ordered) pass.
    seen: HashMap<DocAddress, Candidate>,
    /// Report decompounders, built only when a paragraph's compounds do not
    /// agree with the index's count under the word-list decompounder.
    report_decompounders: HashMap<String, Decompounder>,
    default_decompounder: Decompounder,
    term_doc_freq: u64,
    /// Near word (normal form) → whether it may count as a misspelling.
    guard_verdicts: HashMap<String, bool>,
}

impl<'a> Finder<'a> {
    fn new(engine: &'a Engine, pattern: &'a Pattern) -> Result<Finder<'a>> {
        let searcher = engine.searcher();
        let text = engine.fields().text;
        let mut near_stems = Vec::new();
        let first_stem = pattern.indexed_words().next().map(|word| word.stem.clone());
        let term_doc_freq = match &first_stem {
            Some(stem) => searcher.doc_freq(&Term::from_field_text(text, stem))?,
            None => 0,
        };
        for word in pattern.indexed_words() {
            let mut stems = HashSet::new();
            if word.tolerance.max_edits() > 0 {
                let automata = near_automata(text, word)?;
                // Each segment's term dictionary walked on the search threads.
                let found = engine.executor().map(
                    |segment| Ok(near_stems_in(segment, text, word, &automata)),
                    searcher.segment_readers().iter(),
                )?;
                for segment_stems in found {
                    stems.extend(segment_stems?);
                }
                let word_doc_freq = searcher.doc_freq(&Term::from_field_text(text, &word.stem))?;
                let mut kept = HashSet::new();
                for stem in stems {
                    let doc_freq = searcher.doc_freq(&Term::from_field_text(text, &stem))?;
                    if !is_frequent(doc_freq, word_doc_freq) {
                        kept.insert(stem);
                    }
                }
                stems = kept;
            }
            near_stems.push(stems);
        }
        Ok(Finder {
            engine,
            pattern,
            near_stems,
            seen: HashMap::new(),
            report_decompounders: HashMap::new(),
            default_decompounder: Decompounder::default(),
            term_doc_freq,
            guard_verdicts: HashMap::new(),
        })
    }

    /// A finder of the same TERM and near stems with nothing seen yet: one
    /// per segment counted on its own thread.
    fn fork(&self) -> Finder<'a> {
        Finder {
            engine: self.engine,
            pattern: self.pattern,
            near_stems: self.near_stems.clone(),
            seen: HashMap::new(),
            report_decompounders: HashMap::new(),
            default_decompounder: Decompounder::default(),
            term_doc_freq: self.term_doc_freq,
            guard_verdicts: HashMap::new(),
        }
    }

    /// The candidate documents of one segment, in doc order.
    fn candidates(
        &mut self,
        segment_ord: u32,
        segment: &SegmentReader,
        allowed: Option<&HashSet<DocId>>,
        remember: bool,
    ) -> Result<Vec<(DocId, Candidate)>> {
        let fields = *self.engine.fields();
        let text = segment.inverted_index(fields.text)?;
        let parts = segment.inverted_index(fields.parts)?;
        let alive = |doc: DocId| {
            segment.alive_bitset().is_none_or(|bits| bits.is_alive(doc))
                && allowed.is_none_or(|allowed| allowed.contains(&doc))
        };
        // Each word's documents in doc order: postings are ascending, so
        // each list is merged in (no map of every document).
        let mut per_word: Vec<Vec<(DocId, Candidate)>> = Vec::new();
        for (index, word) in self.pattern.indexed_words().enumerate() {
            let mut docs: Vec<(DocId, Candidate)> = Vec::new();
            let stem = Term::from_field_text(fields.text, &word.stem);
            for_each_posting(&text, &stem, |doc, freq| {
                if alive(doc) {
                    let candidate = Candidate {
                        stem_words: freq,
                        ..Candidate::default()
                    };
                    docs.push((doc, candidate));
                }
            })?;
            if !self.pattern.is_phrase() {
                let part = Term::from_field_text(fields.parts, &word.stem);
                let mut found = Vec::new();
                for_each_posting(&parts, &part, |doc, freq| {
                    if alive(doc) {
                        found.push((doc, freq));
                    }
                })?;
                docs = merge_postings(docs, &found, |candidate, freq| {
                    candidate.compound_words = freq;
                });
            }
            for near in &self.near_stems[index] {
                let near = Term::from_field_text(fields.text, near);
                let mut found = Vec::new();
                for_each_posting(&text, &near, |doc, freq| {
                    if alive(doc) {
                        found.push((doc, freq));
                    }
                })?;
                docs = merge_postings(docs, &found, |candidate, _| candidate.near = true);
            }
            per_word.push(docs);
        }
        let mut candidates = per_word.remove(0);
        if self.pattern.is_phrase() {
            for other in per_word {
                candidates.retain(|(doc, _)| {
                    other.binary_search_by_key(doc, |(other, _)| *other).is_ok()
                });
            }
            for (_, candidate) in candidates.iter_mut() {
                candidate.phrase = true;
            }
        }
        for (doc, candidate) in candidates.iter().filter(|_| remember) {
            self.seen
                .insert(DocAddress::new(segment_ord, *doc), *candidate);
        }
        Ok(candidates)
    }

    /// The candidate `address` was, when it was one (`candidates` remembers).
    fn candidate_of(&self, address: DocAddress) -> Option<Candidate> {
        self.seen.get(&address).copied()
    }

    /// Read a candidate paragraph and locate TERM in it.
    fn locate(&mut self, address: DocAddress, candidate: Candidate) -> Result<(Hit, Vec<Found>)> {
        let hit = self.engine.hit(address, 0.0, &Default::default())?;
        let near_stems = &self.near_stems;
        let term_doc_freq = self.term_doc_freq;
        let searcher = self.engine.searcher();
        let text_field = self.engine.fields().text;
        let verdicts = std::cell::RefCell::new(std::mem::take(&mut self.guard_verdicts));
        let guard = |term: &AnalyzedTerm| {
            if !near_stems.iter().any(|stems| stems.contains(&term.stem)) {
                return false;
            }
            if let Some(verdict) = verdicts.borrow().get(&term.normalized) {
                return *verdict;
            }
            let doc_freq = searcher
                .doc_freq(&Term::from_field_text(text_field, &term.stem))
                .unwrap_or(u64::MAX);
            let verdict = !is_frequent(doc_freq, term_doc_freq)
                && !wordlist::contains_as_written(&term.normalized);
            verdicts
                .borrow_mut()
                .insert(term.normalized.clone(), verdict);
            verdict
        };
        let text = &hit.paragraph.text;
        // Splitting every word is the costly part: only where the index
        // says there are compounds of TERM.
        let decompounder = (candidate.compound_words > 0).then_some(&self.default_decompounder);
        let context = |decompounder| Context {
            decompounder,
            near: candidate.near,
            guard: &guard,
        };
        let mut found = locate(self.pattern, text, context(decompounder));
        let compounds = found
            .iter()
            .filter(|found| found.kind == MatchKind::Compound)
            .count();
        if !self.pattern.is_phrase() && compounds != candidate.compound_words as usize {
            // The report's own words split this compound differently: use
            // the decompounder the index was built with.
            if !self.report_decompounders.contains_key(&hit.report) {
                let decompounder = self.report_decompounder(&hit.report)?;
                self.report_decompounders
                    .insert(hit.report.clone(), decompounder);
            }
            let decompounder = &self.report_decompounders[&hit.report];
            found = locate(self.pattern, text, context(Some(decompounder)));
        }

        self.guard_verdicts = verdicts.into_inner();
        Ok((hit, found))
    }

    /// The decompounder indexing built for `report`: from all its paragraphs.
    fn report_decompounder(&self, report: &str) -> Result<Decompounder> {
        let searcher = self.engine.searcher();
        let term = Term::from_field_text(self.engine.fields().report, report);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut texts = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.scorer(segment, 1.0)?;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if segment.alive_bitset().is_none_or(|bits| bits.is_alive(doc)) {
                    let (_, text) = self
                        .engine
                        .stored(DocAddress::new(segment_ord as u32, doc))?;
                    texts.push(text);
                }
                doc = scorer.advance();
            }
        }
        Ok(Decompounder::for_report(texts.iter().map(String::as_str)))
    }
}

/// Levenshtein automata (a neighbour swap is one edit) that find the
/// stems near a TERM word in a term dictionary without streaming all of it:
/// near its stem, and near each prefix of its normal form at least as long
/// as its stem less the edits (a misspelt word's stem may be cut elsewhere).
fn near_automata(
    field: tantivy::schema::Field,
    word: &matching::PatternWord,
) -> Result<Vec<tantivy::query::DfaWrapper>> {
    let edits = word.tolerance.max_edits().min(2) as u8;
    let mut targets = vec![word.stem.clone()];
    let chars: Vec<char> = word.normalized.chars().collect();
    let shortest = word
        .stem
        .chars()
        .count()
        .saturating_sub(usize::from(edits))
        .max(4);
    for length in shortest..=chars.len() {
        let prefix: String = chars[..length].iter().collect();
        if !targets.contains(&prefix) {
            targets.push(prefix);
        }
    }
    targets
        .iter()
        .map(|target| {
            tantivy::query::FuzzyTermQuery::new(Term::from_field_text(field, target), edits, true)
                .automaton()
                .map_err(Error::from)
        })
        .collect()
}

/// The stems of a segment's term dictionary that a TERM word's near-word
/// automata accept and that may be a misspelling of it.
fn near_stems_in(
    segment: &SegmentReader,
    text: tantivy::schema::Field,
    word: &matching::PatternWord,
    automata: &[tantivy::query::DfaWrapper],
) -> Result<HashSet<String>> {
    let mut stems = HashSet::new();
    let inverted = segment.inverted_index(text)?;
    for automata in automata.chunks(ANY_OF_MOST) {
        let mut stream = inverted
            .terms()
            .search(AnyOf(automata))
            .into_stream()
            .map_err(index_error)?;
        while stream.advance() {
            let Ok(stem) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if is_candidate_stem(word, stem) && !stems.contains(stem) {
                stems.insert(stem.to_string());
            }
        }
    }
    Ok(stems)
}

/// Most automata [`AnyOf`] runs at once.
const ANY_OF_MOST: usize = 16;

/// The terms any of some automata (up to [`ANY_OF_MOST`]) accept, in one
/// walk of a term dictionary: its nodes are decoded once, not once per
/// automaton. A word's near-word automata (its stem and the prefixes of its
/// normal form) share most of their paths, so one walk visits about what
/// one of them would. Measured at 10,000 bench reports (an instrumented
/// build, one run each): building and running the near-word automata of
/// `programmamanagement` (3 automata, 7 segments) 6.3 → 5.3 ms, of
/// `kindvriendelijkheid` (12 automata) 19.8 → 9.1 ms; the same stems.
struct AnyOf<'a>(&'a [tantivy::query::DfaWrapper]);

impl tantivy_fst::Automaton for AnyOf<'_> {
    /// Each automaton's state (positions past the automata: unused).
    type State = [u32; ANY_OF_MOST];

    fn start(&self) -> Self::State {
        let mut state = [0; ANY_OF_MOST];
        for (slot, automaton) in state.iter_mut().zip(self.0) {
            *slot = automaton.start();
        }
        state
    }

    fn is_match(&self, state: &Self::State) -> bool {
        self.0
            .iter()
            .zip(state)
            .any(|(automaton, state)| automaton.is_match(state))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        self.0
            .iter()
            .zip(state)
            .any(|(automaton, state)| automaton.can_match(state))
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let mut next = *state;
        for ((slot, automaton), state) in next.iter_mut().zip(self.0).zip(state) {
            if automaton.can_match(state) {
                *slot = automaton.accept(state, byte);
            }
        }
        next
    }
}

/// The frequent-word guard: a near word seen in at least [`FREQUENT_DOCS`]
/// paragraphs is a word of its own, unless TERM is over ten times as frequent
/// (then it is a systematic misspelling of TERM).
pub fn is_frequent(near_doc_freq: u64, term_doc_freq: u64) -> bool {
    near_doc_freq >= FREQUENT_DOCS && near_doc_freq.saturating_mul(10) > term_doc_freq
}

fn index_error(error: std::io::Error) -> Error {
    Error::Index(format!("reading the index: {error}"))
}

/// `docs` (ascending) with the documents of `found` (ascending) merged in:
/// `apply` sets what `found` says on the candidate of each of its documents,
/// new or already there.
fn merge_postings(
    docs: Vec<(DocId, Candidate)>,
    found: &[(DocId, u32)],
    apply: impl Fn(&mut Candidate, u32),
) -> Vec<(DocId, Candidate)> {
    if found.is_empty() {
        return docs;
    }
    let mut merged = Vec::with_capacity(docs.len() + found.len());
    let mut found = found.iter().peekable();
    for (doc, candidate) in docs {
        while let Some(&&(other, freq)) = found.peek() {
            if other > doc {
                break;
            }
            found.next();
            if other == doc {
                let mut candidate = candidate;
                apply(&mut candidate, freq);
                merged.push((doc, candidate));
                break;
            }
            let mut new = Candidate::default();
            apply(&mut new, freq);
            merged.push((other, new));
        }
        if merged.last().is_none_or(|(last, _)| *last != doc) {
            merged.push((doc, candidate));
        }
    }
    for &(other, freq) in found {
        let mut new = Candidate::default();
        apply(&mut new, freq);
        merged.push((other, new));
    }
    merged
}

fn for_each_posting(
    inverted: &tantivy::InvertedIndexReader,
    term: &Term,
    mut each: impl FnMut(DocId, u32),
) -> Result<()> {
    let postings = inverted
        .read_postings(term, IndexRecordOption::WithFreqs)
        .map_err(index_error)?;
    let Some(mut postings) = postings else {
        return Ok(());
    };
    let mut doc = postings.doc();
    while doc != TERMINATED {
        each(doc, postings.term_freq());
        doc = postings.advance();
    }
    Ok(())
}

/// The documents of a segment that a (filter) query matches.
fn matching_docs(
    engine: &Engine,
    query: &dyn tantivy::query::Query,
    segment: &SegmentReader,
) -> Result<HashSet<DocId>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(engine.searcher()))?;
    let mut scorer = weight.scorer(segment, 1.0)?;
    let mut docs = HashSet::new();
    let mut doc = scorer.doc();
    while doc != TERMINATED {
        docs.insert(doc);
        doc = scorer.advance();
    }
    Ok(docs)
}

/// Tallies per city and theme of one segment, kept by facet ordinal (no
/// stored text read, no string per document) and named at the end.
struct Labels {
    city: (tantivy::fastfield::FacetReader, Vec<Tally>),
    theme: (tantivy::fastfield::FacetReader, Vec<Tally>),
    /// Paragraphs without a city facet.
    no_city: Tally,
    no_theme: Tally,
    year: tantivy::columnar::Column<u64>,
    by_year: HashMap<Option<u64>, Tally, BuildOrdinalHasher>,
    /// By (city ordinal, theme ordinal); `None`: no such facet.
    by_pair: HashMap<(Option<u64>, Option<u64>), Tally, BuildOrdinalHasher>,
}

impl Labels {
    fn new(segment: &SegmentReader) -> Result<Labels> {
        let facet = |name: &str| -> Result<(tantivy::fastfield::FacetReader, Vec<Tally>)> {
            let reader = segment.facet_reader(name)?;
            let tallies = vec![Tally::default(); reader.num_facets()];
            Ok((reader, tallies))
        };
        let year = segment
            .fast_fields()
            .u64(names::YEAR)
            .map_err(|error| Error::Index(format!("reading the index: {error}")))?;
        Ok(Labels {
            city: facet(names::CITY)?,
            theme: facet(names::THEME)?,
            no_city: Tally::default(),
            no_theme: Tally::default(),
            year,
            by_year: HashMap::default(),
            by_pair: HashMap::default(),
        })
    }

    fn add(&mut self, doc: DocId, occurrences: u64) {
        let city = self.city.0.facet_ords(doc).next();
        let theme = self.theme.0.facet_ords(doc).next();
        self.by_pair
            .entry((city, theme))
            .or_default()
            .add(occurrences);
        let year = self.year.first(doc);
        self.by_year.entry(year).or_default().add(occurrences);
        for ((_, tallies), missing, ord) in [
            (&mut self.city, &mut self.no_city, city),
            (&mut self.theme, &mut self.no_theme, theme),
        ] {
            let tally = ord.and_then(|ord| tallies.get_mut(usize::try_from(ord).ok()?));
            tally.unwrap_or(missing).add(occurrences);
        }
    }

    /// Add this segment's tallies to the totals, by the first facet level
    /// (city; theme without its section).
    fn into_totals(self, totals: &mut Totals) -> Result<()> {
        for (year, tally) in &self.by_year {
            let name = year.map_or_else(|| UNKNOWN_YEAR.to_string(), |year| year.to_string());
            totals.by_year.entry(name).or_default().merge(tally);
        }
        let name = |reader: &tantivy::fastfield::FacetReader,
                    ord: Option<u64>,
                    missing: &str|
         -> Result<String> {
            let Some(ord) = ord else {
                return Ok(missing.to_string());
            };
            let mut facet = Facet::root();
            reader.facet_from_ord(ord, &mut facet)?;
            Ok(facet
                .to_path()
                .first()
                .map_or_else(String::new, |level| level.to_string()))
        };
        for ((city, theme), tally) in &self.by_pair {
            let key = (
                name(&self.city.0, *city, UNKNOWN_CITY)?,
                name(&self.theme.0, *theme, "")?,
            );
            totals.by_city_theme.entry(key).or_default().merge(tally);
        }
        let merge = |(reader, tallies): (tantivy::fastfield::FacetReader, Vec<Tally>),
                     missing: Tally,
                     missing_name: &str,
                     into: &mut BTreeMap<String, Tally>|
         -> Result<()> {
            let mut facet = Facet::root();
            let named = tallies
                .into_iter()
                .enumerate()
                .map(|(ord, tally)| (Some(ord), tally));
            for (ord, tally) in named.chain([(None, missing)]) {
                if tally.paragraphs == 0 {
                    continue;
                }
                let name = match ord {
                    Some(ord) => {
                        reader.facet_from_ord(ord as u64, &mut facet)?;
                        facet
                            .to_path()
                            .first()
                            .map_or_else(String::new, |level| level.to_string())
                    }
                    None => missing_name.to_string(),
                };
                let total = into.entry(name).or_default();
                total.occurrences += tally.occurrences;
                total.paragraphs += tally.paragraphs;
            }
            Ok(())
        };
        merge(self.city, self.no_city, UNKNOWN_CITY, &mut totals.by_city)?;
        merge(self.theme, self.no_theme, "", &mut totals.by_theme)
    }
}

/// A hasher for the small integer keys of [`Labels`] (facet ordinals,
/// years): a multiply-mix per word instead of SipHash, which is built to
/// resist chosen keys these are not (they come from the index).
#[derive(Debug, Default, Clone, Copy)]
struct OrdinalHasher(u64);

impl std::hash::Hasher for OrdinalHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }
}

type BuildOrdinalHasher = std::hash::BuildHasherDefault<OrdinalHasher>;

/// The report of each of some documents of a segment ([`report_of_each`]):
/// the documents (ascending), the ordinal in `names` of each one's report,
/// and the names of the reports found.
#[derive(Debug, Default)]
struct SegmentReports {
    docs: Vec<DocId>,
    reports: Vec<u32>,
    names: Vec<String>,
}

/// No `report` term has the document.
const NO_REPORT: u32 = u32::MAX;

impl SegmentReports {
    /// The ordinal in `names` of the report of `doc`, one of the documents asked about.
    fn ordinal(&self, doc: DocId) -> Option<usize> {
        let at = self.docs.binary_search(&doc).ok()?;
        let report = *self.reports.get(at)?;
        (report != NO_REPORT).then_some(report as usize)
    }

    fn of(&self, doc: DocId) -> Option<&str> {
        Some(self.names.get(self.ordinal(doc)?)?.as_str())
    }
}

/// The report id of each of `docs` (ascending) of a segment, from the
/// `source` fast field: one column read per paragraph, and each report's
/// name decoded once, in one pass over the column's dictionary. It used to
/// walk the postings of every `report` term of the segment; at 10,000
/// reports `mentions --count programmamanagement` took 40.6 ms with that
/// and 34.3 ms with this (medians of 11 interleaved runs).
fn report_of_each(segment: &SegmentReader, docs: Vec<DocId>) -> Result<SegmentReports> {
    let mut reports = SegmentReports {
        reports: vec![NO_REPORT; docs.len()],
        docs,
        names: Vec::new(),
    };
    if reports.docs.is_empty() {
        return Ok(reports);
    }
    let column = source_column(segment)?;
    let ords: Vec<Option<u64>> = reports
        .docs
        .iter()
        .map(|&doc| column.term_ords(doc).next())
        .collect();
    let mut distinct: Vec<u64> = ords.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut values: Vec<Vec<u8>> = Vec::with_capacity(distinct.len());
    let all = column
        .dictionary()
        .sorted_ords_to_term_cb(&distinct, |bytes| values.push(bytes.to_vec()))
        .map_err(index_error)?;
    if !all || values.len() != distinct.len() {
        return Err(damaged_source("value"));
    }
    for value in &values {
        let name = crate::index::schema::Place::report_of_source(value)
            .map_err(|_| damaged_source("report"))?;
        reports.names.push(name);
    }
    for (slot, ord) in reports.reports.iter_mut().zip(&ords) {
        if let Some(ord) = ord {
            if let Ok(at) = distinct.binary_search(ord) {
                *slot = at as u32;
            }
        }
    }
    Ok(reports)
}

/// The tally of each report of a segment's counted paragraphs (ascending
/// documents): a tally per ordinal of the `source` column, and the names of
/// the reports with paragraphs decoded in one pass over its dictionary.
fn tallies_by_report(
    segment: &SegmentReader,
    counted: &[(DocId, u64)],
) -> Result<Vec<(String, Tally)>> {
    if counted.is_empty() {
        return Ok(Vec::new());
    }
    let column = source_column(segment)?;
    let mut by_ord = vec![Tally::default(); column.dictionary().num_terms()];
    for (doc, count) in counted {
        let ord = column.term_ords(*doc).next();
        if let Some(tally) = ord.and_then(|ord| by_ord.get_mut(usize::try_from(ord).ok()?)) {
            tally.add(*count);
        }
    }
    let used: Vec<u64> = (0u64..)
        .zip(&by_ord)
        .filter(|(_, tally)| tally.paragraphs > 0)
        .map(|(ord, _)| ord)
        .collect();
    let mut names = Vec::with_capacity(used.len());
    let all = column
        .dictionary()
        .sorted_ords_to_term_cb(&used, |bytes| {
            names.push(crate::index::schema::Place::report_of_source(bytes))
        })
        .map_err(index_error)?;
    if !all || names.len() != used.len() {
        return Err(damaged_source("value"));
    }
    let mut tallies = Vec::with_capacity(used.len());
    for (name, ord) in names.into_iter().zip(used) {
        let name = name.map_err(|_| damaged_source("report"))?;
        let tally = usize::try_from(ord)
            .ok()
            .and_then(|ord| by_ord.get(ord))
            .copied()
            .unwrap_or_default();
        tallies.push((name, tally));
    }
    Ok(tallies)
}

/// A segment's `source` column (every paragraph's report and title).
fn source_column(segment: &SegmentReader) -> Result<tantivy::columnar::BytesColumn> {
    segment
        .fast_fields()
        .bytes(names::SOURCE)
        .map_err(|error| Error::Index(format!("reading the index: {error}")))?
        .ok_or_else(|| damaged_source("column"))
}

/// The `source` fast field lacks a part every paragraph has: index damage.
fn damaged_source(what: &str) -> Error {
    super::damaged(&format!("{} {what} missing or damaged", names::SOURCE))
}

/// A located paragraph as the result record.
fn mention(mut hit: Hit, found: &[Found]) -> Mention {
    let paragraph = &hit.paragraph;
    let occurrences: Vec<Occurrence> = found
        .iter()
        .map(|found| Occurrence {
            start: found.start,
            end: found.end,
            surface: paragraph.text[found.start..found.end].to_string(),
            line: paragraph.line_at(found.start),
            kind: found.kind,
        })
        .collect();
    hit.snippet = Snippet {
        text: paragraph.text.clone(),
        marks: found.iter().map(|found| found.start..found.end).collect(),
    };
    Mention { hit, occurrences }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_unite_without_overlap_keeping_the_stricter() {
        let found = |start, end, kind| Found { start, end, kind };
        let united = unite(vec![
            found(10, 20, MatchKind::Exact),
            found(0, 13, MatchKind::Fuzzy),
            found(3, 13, MatchKind::Exact),
            found(30, 40, MatchKind::Stem),
            found(30, 40, MatchKind::Exact),
            found(50, 55, MatchKind::Fuzzy),
        ]);
        assert_eq!(
            united,
            [
                found(3, 13, MatchKind::Exact),
                found(30, 40, MatchKind::Exact),
                found(50, 55, MatchKind::Fuzzy),
            ]
        );
    }

    #[test]
    fn candidate_lists_unite_in_doc_order() {
        let candidate = |stem_words| Candidate {
            stem_words,
            ..Candidate::default()
        };
        let united = union_of(vec![
            vec![(2, candidate(1)), (5, candidate(2)), (9, candidate(3))],
            vec![(1, candidate(10)), (5, candidate(20)), (12, candidate(30))],
        ]);
        let shape: Vec<(DocId, [Option<u32>; PATTERNS])> = united
            .iter()
            .map(|(doc, of_each)| (*doc, of_each.map(|c| c.map(|c| c.stem_words))))
            .collect();
        assert_eq!(
            shape,
            [
                (1, [None, Some(10)]),
                (2, [Some(1), None]),
                (5, [Some(2), Some(20)]),
                (9, [Some(3), None]),
                (12, [None, Some(30)]),
            ]
        );
        assert_eq!(union_of(vec![vec![(3, candidate(1))]]).len(), 1);
        assert!(union_of(Vec::new()).is_empty());
    }

    #[test]
    fn frequent_near_words_are_words_of_their_own() {
        // Rare near words are misspellings.
        assert!(!is_frequent(3, 5));
        assert!(!is_frequent(FREQUENT_DOCS - 1, 0));
        // A near word in many paragraphs is a word of its own…
        assert!(is_frequent(FREQUENT_DOCS, 0));
        assert!(is_frequent(500, 1000));
        // …unless TERM is over ten times as frequent: a systematic misspelling.
        assert!(!is_frequent(50, 5000));
    }
}

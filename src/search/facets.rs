//! `visidex facets`: how many matching paragraphs per city, theme, section,
//! kind and year. One pass over the matching documents counting facet
//! ordinals per segment (a `Vec` per field), ordinals turned into names only
//! once per segment at the end — several times faster than one
//! `FacetCollector` per field.

use crate::index::schema::{names, Fields};
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Counts of matching paragraphs. Keys are names as indexed; BTreeMaps keep
/// the output order stable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    pub total: u64,
    pub city: BTreeMap<String, u64>,
    pub theme: BTreeMap<String, u64>,
    /// Per theme, per first section heading.
    pub section: BTreeMap<String, BTreeMap<String, u64>>,
    pub kind: BTreeMap<String, u64>,
    pub year: BTreeMap<u64, u64>,
    /// Centre cities cited by the matching paragraphs.
    pub cites: BTreeMap<String, u64>,
}

impl FacetCounts {
    fn merge(&mut self, other: FacetCounts) {
        self.total += other.total;
        let add = |into: &mut BTreeMap<String, u64>, from: BTreeMap<String, u64>| {
            for (key, count) in from {
                *into.entry(key).or_default() += count;
            }
        };
        add(&mut self.city, other.city);
        add(&mut self.theme, other.theme);
        add(&mut self.kind, other.kind);
        add(&mut self.cites, other.cites);
        for (theme, sections) in other.section {
            add(self.section.entry(theme).or_default(), sections);
        }
        for (year, count) in other.year {
            *self.year.entry(year).or_default() += count;
        }
    }
}

pub struct FacetCountCollector {
    pub fields: Fields,
}

pub struct FacetCountSegment {
    total: u64,
    city: (FacetReader, Vec<u64>),
    theme: (FacetReader, Vec<u64>),
    kind: (FacetReader, Vec<u64>),
    cites: (FacetReader, Vec<u64>),
    year: (Column<u64>, BTreeMap<u64, u64>),
}

impl Collector for FacetCountCollector {
    type Fruit = FacetCounts;
    type Child = FacetCountSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetCountSegment> {
        let facet = |name: &str| -> tantivy::Result<(FacetReader, Vec<u64>)> {
            let facet_reader = reader.facet_reader(name)?;
            let counts = vec![0; facet_reader.num_facets()];
            Ok((facet_reader, counts))
        };
        Ok(FacetCountSegment {
            total: 0,
            city: facet(names::CITY)?,
            theme: facet(names::THEME)?,
            kind: facet(names::KIND)?,
            cites: facet(names::CITES)?,
            year: (reader.fast_fields().u64(names::YEAR)?, BTreeMap::new()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut counts = FacetCounts::default();
        for fruit in fruits {
            counts.merge(fruit);
        }
        Ok(counts)
    }
}

impl SegmentCollector for FacetCountSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        for (reader, counts) in [
            &mut self.city,
            &mut self.theme,
            &mut self.kind,
            &mut self.cites,
        ] {
            for ord in reader.facet_ords(doc) {
                if let Some(count) = usize::try_from(ord)
                    .ok()
                    .and_then(|ord| counts.get_mut(ord))
                {
                    *count += 1;
                }
            }
        }
        if let Some(year) = self.year.0.first(doc) {
            *self.year.1.entry(year).or_default() += 1;
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut counts = FacetCounts {
            total: self.total,
            year: self.year.1,
            ..FacetCounts::default()
        };
        for (path, count) in named(&self.city) {
            if let Some(city) = path.first() {
                *counts.city.entry(city.clone()).or_default() += count;
            }
        }
        for (path, count) in named(&self.cites) {
            if let Some(city) = path.first() {
                *counts.cites.entry(city.clone()).or_default() += count;
            }
        }
        for (path, count) in named(&self.kind) {
            if let Some(kind) = path.first() {
                *counts.kind.entry(kind.clone()).or_default() += count;
            }
        }
        for (path, count) in named(&self.theme) {
            let Some(theme) = path.first() else { continue };
            *counts.theme.entry(theme.clone()).or_default() += count;
            if let Some(section) = path.get(1) {
                *counts
                    .section
                    .entry(theme.clone())
                    .or_default()
                    .entry(section.clone())
                    .or_default() += count;
            }
        }
        counts
    }
}

/// Counts over all paragraphs without visiting them. In a segment without
/// deleted documents a facet's count is its term's document frequency
/// (tantivy indexes a facet with its ancestors: `/theme` and
/// `/theme/section`), and a year's the year term's; only segments with
/// deletions are counted document by document. This keeps `visidex facets`
/// flat as the corpus grows.
pub fn count_all(searcher: &Searcher, fields: &Fields) -> tantivy::Result<FacetCounts> {
    let collector = FacetCountCollector { fields: *fields };
    let mut counts = FacetCounts::default();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        let fruit = if segment.has_deletes() {
            let ordinal = SegmentOrdinal::try_from(ordinal).unwrap_or(SegmentOrdinal::MAX);
            let mut child = collector.for_segment(ordinal, segment)?;
            for doc in segment.doc_ids_alive() {
                child.collect(doc, 0.0);
            }
            child.harvest()
        } else {
            from_terms(segment, fields)?
        };
        counts.merge(fruit);
    }
    Ok(counts)
}

/// A segment's counts from its term dictionaries (no deleted documents).
fn from_terms(segment: &SegmentReader, fields: &Fields) -> tantivy::Result<FacetCounts> {
    let mut counts = FacetCounts {
        total: u64::from(segment.num_docs()),
        ..FacetCounts::default()
    };
    for (path, count) in facet_terms(segment, fields.city)? {
        if let [city] = path.as_slice() {
            *counts.city.entry(city.clone()).or_default() += count;
        }
    }
    for (path, count) in facet_terms(segment, fields.cites)? {
        if let [city] = path.as_slice() {
            *counts.cites.entry(city.clone()).or_default() += count;
        }
    }
    for (path, count) in facet_terms(segment, fields.kind)? {
        if let [kind] = path.as_slice() {
            *counts.kind.entry(kind.clone()).or_default() += count;
        }
    }
    for (path, count) in facet_terms(segment, fields.theme)? {
        match path.as_slice() {
            [theme] => *counts.theme.entry(theme.clone()).or_default() += count,
            [theme, section] => {
                *counts
                    .section
                    .entry(theme.clone())
                    .or_default()
                    .entry(section.clone())
                    .or_default() += count
            }
            _ => {}
        }
    }
    let years = segment.inverted_index(fields.year)?;
    let mut stream = years.terms().stream()?;
    while stream.advance() {
        if let Ok(bytes) = <[u8; 8]>::try_from(stream.key()) {
            let year = u64::from_be_bytes(bytes);
            *counts.year.entry(year).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    Ok(counts)
}

/// Each term of a facet field as its path, with its document frequency.
fn facet_terms(segment: &SegmentReader, field: Field) -> tantivy::Result<Vec<(Vec<String>, u64)>> {
    let index = segment.inverted_index(field)?;
    let mut stream = index.terms().stream()?;
    let mut terms = Vec::new();
    while stream.advance() {
        // The root facet (empty key) is indexed for every document.
        if stream.key().is_empty() {
            continue;
        }
        let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) else {
            continue;
        };
        let path = facet.to_path().into_iter().map(str::to_string).collect();
        terms.push((path, u64::from(stream.value().doc_freq)));
    }
    Ok(terms)
}

/// The non-zero ordinal counts of one facet field with their facet paths.
fn named((reader, counts): &(FacetReader, Vec<u64>)) -> Vec<(Vec<String>, u64)> {
    let mut facet = Facet::root();
    counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .filter_map(|(ord, count)| {
            reader.facet_from_ord(ord as u64, &mut facet).ok()?;
            let path = facet.to_path().into_iter().map(str::to_string).collect();
            Some((path, *count))
        })
        .collect()
}

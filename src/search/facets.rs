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
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

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

//! Each command's result paired with its renderers: the one table of which
//! result is written how (human, JSON wire type, CSV). `format::render`
//! picks the column; nothing else decides.

use super::csv;
use super::format::{CsvOptions, Render};
use super::human::{self, Style};
use super::json::{FacetsJson, HitJson, ReportJson, SearchJson, ShowJson};
use super::knowledge::{
    self as extracts, FiguresOutput, RecommendationsOutput, RelatedOutput, TablesOutput,
};
use super::mentions::{breakdown_rows, render_breakdown, render_totals, BreakdownJson, TotalsJson};
use super::sanitize_for_terminal;
use crate::api::{Facets, ReportList};
use crate::error::Result;
use crate::knowledge::compare::Comparison;
use crate::model::{Kind, Paragraph, ParsedReport};
use crate::search::mentions::{Breakdown, Totals};
use crate::search::{Hit, SearchResults, Shown};
use serde::Serialize;

impl Render for SearchResults {
    const COMMAND: &'static str = "search";
    type Wire<'a> = SearchJson<'a>;
    fn wire(&self) -> SearchJson<'_> {
        SearchJson::new(self)
    }
    fn human(&self, style: Style) -> String {
        human::render_search(self, self.offset, style)
    }
    /// One row per hit: the HIT fields, as `--json` writes them.
    fn csv(&self, options: CsvOptions) -> Option<Result<String>> {
        let sample = sample_hit();
        let header = HitJson {
            match_kind: Some("lexical"),
            ..HitJson::new(&sample)
        };
        Some(csv::records(&header, &self.wire().hits, options))
    }
}

/// A hit with every field empty: the CSV header of hit rows, with or without hits.
pub(crate) fn sample_hit() -> Hit {
    Hit {
        paragraph: Paragraph {
            n: 0,
            id: String::new(),
            kind: Kind::Paragraph,
            chapter: String::new(),
            section: Vec::new(),
            theme: String::new(),
            page: None,
            lines: [0, 0],
            text: String::new(),
            line_offsets: Vec::new(),
        },
        report: String::new(),
        city: String::new(),
        year: None,
        citation: String::new(),
        score: 0.0,
        snippet: Default::default(),
    }
}

/// One row of `facets --csv`: a facet, one of its values, its paragraphs.
#[derive(Serialize)]
struct FacetRow<'a> {
    facet: &'a str,
    value: &'a str,
    paragraphs: u64,
}

impl Render for Facets {
    const COMMAND: &'static str = "facets";
    type Wire<'a> = FacetsJson<'a>;
    fn wire(&self) -> FacetsJson<'_> {
        FacetsJson::new(&self.counts, self.with_sections)
    }
    fn human(&self, _style: Style) -> String {
        human::render_facets(&self.counts, self.with_sections)
    }
    /// One row per facet value: `facet,value,paragraphs` (`total` first).
    fn csv(&self, options: CsvOptions) -> Option<Result<String>> {
        let wire = self.wire();
        let year = wire.year.clone();
        let sections = wire.section.clone().unwrap_or_default();
        let mut rows = vec![FacetRow {
            facet: "total",
            value: "",
            paragraphs: wire.total,
        }];
        for (facet, counts) in [
            ("city", wire.city),
            ("theme", wire.theme),
            ("section", &sections),
            ("kind", wire.kind),
            ("year", &year),
            ("cites", wire.cites),
        ] {
            rows.extend(counts.iter().map(|(value, paragraphs)| FacetRow {
                facet,
                value,
                paragraphs: *paragraphs,
            }));
        }
        let sample = FacetRow {
            facet: "",
            value: "",
            paragraphs: 0,
        };
        Some(csv::records(&sample, &rows, options))
    }
}

impl Render for Shown {
    const COMMAND: &'static str = "show";
    type Wire<'a> = ShowJson<'a>;
    fn wire(&self) -> ShowJson<'_> {
        ShowJson::new(self)
    }
    fn human(&self, style: Style) -> String {
        human::render_show(self, style)
    }
}

impl Render for ReportList {
    const COMMAND: &'static str = "reports";
    type Wire<'a> = Vec<ReportJson<'a>>;
    fn wire(&self) -> Vec<ReportJson<'_>> {
        self.reports.iter().map(ReportJson::new).collect()
    }
    fn human(&self, _style: Style) -> String {
        let list: Vec<_> = self.reports.iter().collect();
        human::render_reports(&list)
    }
}

impl Render for Totals {
    const COMMAND: &'static str = "mentions";
    type Wire<'a> = TotalsJson<'a>;
    fn wire(&self) -> TotalsJson<'_> {
        TotalsJson::new(self)
    }
    fn human(&self, _style: Style) -> String {
        render_totals(self)
    }
    /// One row per tally: `by,value,occurrences,paragraphs`.
    fn csv(&self, options: CsvOptions) -> Option<Result<String>> {
        #[derive(Serialize)]
        struct TallyRow<'a> {
            by: &'a str,
            value: &'a str,
            occurrences: u64,
            paragraphs: u64,
        }
        let mut rows = Vec::new();
        for (by, tallies) in [("city", &self.by_city), ("theme", &self.by_theme)] {
            rows.extend(tallies.iter().map(|(value, tally)| TallyRow {
                by,
                value,
                occurrences: tally.occurrences,
                paragraphs: tally.paragraphs,
            }));
        }
        let sample = TallyRow {
            by: "",
            value: "",
            occurrences: 0,
            paragraphs: 0,
        };
        Some(csv::records(&sample, &rows, options))
    }
}

impl Render for Breakdown {
    const COMMAND: &'static str = "mentions";
    type Wire<'a> = BreakdownJson<'a>;
    fn wire(&self) -> BreakdownJson<'_> {
        BreakdownJson::new(self)
    }
    fn human(&self, _style: Style) -> String {
        render_breakdown(self)
    }
    /// One row per value (or city × theme pair): the `by` fields, `occurrences`, `paragraphs`.
    fn csv(&self, options: CsvOptions) -> Option<Result<String>> {
        let rows = breakdown_rows(self);
        let sample = breakdown_rows(&Breakdown {
            rows: vec![(vec![String::new(); self.by.len()], Default::default())],
            ..self.clone()
        });
        Some(csv::records(&sample[0], &rows, options))
    }
}

impl Render for ParsedReport {
    const COMMAND: &'static str = "parse";
    type Wire<'a> = &'a ParsedReport;
    fn wire(&self) -> &ParsedReport {
        self
    }
    fn human(&self, _style: Style) -> String {
        super::parse::render_human(self)
    }
}

/// The extracts' human renderers draw no emphasis: their whole text is cleaned here.
macro_rules! extract {
    ($type:ty, $command:literal, $human:path, $csv:path) => {
        impl Render for $type {
            const COMMAND: &'static str = $command;
            type Wire<'a> = &'a $type;
            fn wire(&self) -> &$type {
                self
            }
            fn human(&self, style: Style) -> String {
                sanitize_for_terminal(&$human(self, style.width)).into_owned()
            }
            fn csv(&self, options: CsvOptions) -> Option<Result<String>> {
                Some(Ok($csv(self, options)))
            }
        }
    };
}

extract!(
    RecommendationsOutput,
    "recommendations",
    extracts::recommendations_human,
    extracts::recommendations_csv
);
extract!(
    FiguresOutput,
    "figures",
    extracts::figures_human,
    extracts::figures_csv
);
extract!(
    TablesOutput,
    "tables",
    extracts::tables_human,
    extracts::tables_csv
);
extract!(
    Comparison,
    "compare",
    extracts::compare_human,
    extracts::compare_csv
);
extract!(
    RelatedOutput,
    "related",
    extracts::related_human,
    extracts::related_csv
);

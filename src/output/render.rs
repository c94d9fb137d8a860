//! Each command's result paired with its renderers: the one table of which
//! result is written how (human, JSON wire type, CSV). `format::render`
//! picks the column; nothing else decides.

use super::format::{CsvOptions, Render};
use super::human::{self, Style};
use super::json::{FacetsJson, ReportJson, SearchJson, ShowJson};
use super::knowledge::{
    self as extracts, FiguresOutput, RecommendationsOutput, RelatedOutput, TablesOutput,
};
use super::mentions::{render_totals, TotalsJson};
use super::sanitize_for_terminal;
use crate::api::{Facets, ReportList};
use crate::knowledge::compare::Comparison;
use crate::model::ParsedReport;
use crate::search::mentions::Totals;
use crate::search::{SearchResults, Shown};

impl Render for SearchResults {
    const COMMAND: &'static str = "search";
    type Wire<'a> = SearchJson<'a>;
    fn wire(&self) -> SearchJson<'_> {
        SearchJson::new(self)
    }
    fn human(&self, style: Style) -> String {
        human::render_search(self, self.offset, style)
    }
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
            fn human(&self, _style: Style) -> String {
                sanitize_for_terminal(&$human(self)).into_owned()
            }
            fn csv(&self, options: CsvOptions) -> Option<String> {
                Some($csv(self, options))
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

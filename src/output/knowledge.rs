//! Rendering of the knowledge extracts: the JSON documents (wrapper structs
//! around the `knowledge` records), human text grouped the way an analyst
//! reads it, and CSV (see `csv`) for spreadsheets. Plain data in, text out.

use super::csv::{optional, CsvWriter};
use super::format::CsvOptions;
use crate::knowledge::compare::{Comparison, ReportColumn};
use crate::knowledge::figures::Figure;
use crate::knowledge::recommendations::Recommendation;
use crate::knowledge::related::RelatedParagraph;
use crate::knowledge::tables::Table;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// `visidex recommendations --json`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RecommendationsOutput {
    pub query: String,
    pub total: usize,
    pub recommendations: Vec<Recommendation>,
}

/// `visidex figures --json`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FiguresOutput {
    pub query: String,
    pub total: usize,
    pub figures: Vec<Figure>,
}

/// `visidex tables --json`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TablesOutput {
    pub total: usize,
    pub tables: Vec<Table>,
    /// `--csv --wide`: one CSV record per row rather than per cell (not in JSON).
    #[serde(skip)]
    pub wide: bool,
}

/// `visidex related --json`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelatedOutput {
    pub paragraph: RelatedParagraph,
    pub related: Vec<RelatedParagraph>,
}

const SEPARATOR: &str = " › ";

fn place(chapter: &str, section: &[String]) -> String {
    std::iter::once(chapter)
        .chain(section.iter().map(String::as_str))
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(SEPARATOR)
}

fn page(page: Option<u32>) -> String {
    page.map_or_else(|| "p. ?".to_string(), |page| format!("p. {page}"))
}

fn year(year: Option<i32>) -> String {
    optional(year)
}

/// A one-line excerpt of a long text.
fn excerpt(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    format!("{}…", cut.trim_end())
}

pub fn recommendations_human(output: &RecommendationsOutput, _width: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        super::plural(output.total as u64, "recommendation", "recommendations")
    );
    let mut theme = None;
    let mut city = None;
    for recommendation in &output.recommendations {
        if theme != Some(&recommendation.theme) {
            let _ = writeln!(out, "\n## {}", recommendation.theme);
            theme = Some(&recommendation.theme);
            city = None;
        }
        let key = (&recommendation.city, &recommendation.report);
        if city != Some(key) {
            let _ = writeln!(
                out,
                "\n### {} ({})",
                recommendation.city, recommendation.report
            );
            city = Some(key);
        }
        let _ = writeln!(
            out,
            "\n[{}] round {} · {} · {} · {}",
            recommendation.id,
            year(recommendation.round),
            place(&recommendation.chapter, &recommendation.section),
            page(recommendation.page),
            super::line_range(recommendation.lines)
        );
        let _ = writeln!(out, "{}", recommendation.text);
        if !recommendation.cites.is_empty() {
            let _ = writeln!(out, "  cites: {}", recommendation.cites.join(", "));
        }
        if let Some(context) = &recommendation.context {
            let _ = writeln!(
                out,
                "  context [{}]: {}",
                context.id,
                excerpt(&context.text, 160)
            );
        }
    }
    out
}

pub fn recommendations_csv(output: &RecommendationsOutput, options: CsvOptions) -> String {
    let mut csv = CsvWriter::new(
        options,
        &[
            "id",
            "report",
            "city",
            "year",
            "round",
            "theme",
            "section",
            "page",
            "first_line",
            "last_line",
            "text",
            "cites",
            "context_id",
            "context",
        ],
    );
    for r in &output.recommendations {
        let context = r.context.as_ref();
        csv.record([
            r.id.clone(),
            r.report.clone(),
            r.city.clone(),
            year(r.year),
            year(r.round),
            r.theme.clone(),
            place(&r.chapter, &r.section),
            optional(r.page),
            r.lines[0].to_string(),
            r.lines[1].to_string(),
            r.text.clone(),
            r.cites.join("; "),
            optional(context.map(|c| c.id.clone())),
            optional(context.map(|c| c.text.clone())),
        ]);
    }
    csv.finish()
}

pub fn figures_human(output: &FiguresOutput, _width: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        super::plural(output.total as u64, "key figure", "key figures")
    );
    let mut group: Option<(&str, Option<&str>)> = None;
    for figure in &output.figures {
        let key = (figure.report.as_str(), figure.effect.as_deref());
        if group != Some(key) {
            let _ = writeln!(
                out,
                "\n## {} ({}) — {}",
                figure.city,
                figure.report,
                figure.effect.as_deref().unwrap_or("(no section)")
            );
            group = Some(key);
        }
        let _ = writeln!(
            out,
            "- {} [{} · {} · line {}]",
            figure.text,
            figure.id,
            page(figure.page),
            figure.lines[0]
        );
        let last_of_box = output
            .figures
            .iter()
            .skip_while(|f| f.id != figure.id)
            .nth(1)
            .is_none_or(|next| next.source != figure.source || next.report != figure.report);
        if last_of_box {
            if let Some(source) = &figure.source {
                let _ = writeln!(out, "  source: {}", source.text);
            }
        }
    }
    out
}

pub fn figures_csv(output: &FiguresOutput, options: CsvOptions) -> String {
    let mut csv = CsvWriter::new(
        options,
        &[
            "id",
            "report",
            "city",
            "year",
            "theme",
            "effect",
            "section",
            "page",
            "first_line",
            "last_line",
            "text",
            "numbers",
            "source",
        ],
    );
    for f in &output.figures {
        csv.record([
            f.id.clone(),
            f.report.clone(),
            f.city.clone(),
            year(f.year),
            f.theme.clone(),
            optional(f.effect.clone()),
            place(&f.chapter, &f.section),
            optional(f.page),
            f.lines[0].to_string(),
            f.lines[1].to_string(),
            f.text.clone(),
            f.numbers
                .iter()
                .map(|n| n.text.clone())
                .collect::<Vec<_>>()
                .join("; "),
            optional(f.source.as_ref().map(|s| s.text.clone())),
        ]);
    }
    csv.finish()
}

pub fn tables_human(output: &TablesOutput, _width: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        super::plural(output.total as u64, "table", "tables")
    );
    for table in &output.tables {
        let _ = writeln!(
            out,
            "\n## [{}] {} ({}) — {} · {} · {}",
            table.id,
            table.city,
            table.report,
            table.title,
            page(table.page),
            super::line_range(table.lines)
        );
        let mut header = vec![table.label_column.clone().unwrap_or_default()];
        header.extend(table.columns.iter().map(|c| c.name.clone()));
        let mut grid = vec![header];
        for row in &table.rows {
            let mut line = vec![row.label.clone()];
            line.extend(row.cells.iter().map(|c| c.text.clone()));
            grid.push(line);
        }
        if table.columns.is_empty() {
            for line in grid.iter().skip(1) {
                let _ = writeln!(out, "{}", line.join(" "));
            }
        } else {
            for (n, column) in table.columns.iter().enumerate() {
                let _ = writeln!(out, "  column {}: {}", n + 1, column.name);
            }
            write_grid(&mut out, &grid);
        }
        if let Some(source) = &table.source {
            let _ = writeln!(out, "  source: {source}");
        }
        for note in &table.notes {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    out
}

/// Label left-aligned, numbers right-aligned; headers shown as `#1`, `#2`, … above.
fn write_grid(out: &mut String, grid: &[Vec<String>]) {
    let columns = grid.iter().map(Vec::len).max().unwrap_or(0);
    let mut shown: Vec<Vec<String>> = grid.to_vec();
    if let Some(header) = shown.first_mut() {
        for (n, cell) in header.iter_mut().enumerate().skip(1) {
            *cell = format!("#{n}");
        }
    }
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            shown
                .iter()
                .filter_map(|row| row.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &shown {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c == 0 {
                    format!("{cell:<width$}", width = widths[c])
                } else {
                    format!("{cell:>width$}", width = widths[c])
                }
            })
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
}

/// Wide format (`--wide`): one record per row, a column per table column
/// (the union over the tables, in order of first appearance), holding the
/// cell's value; a row has the columns of its own table filled.
fn tables_wide_csv(output: &TablesOutput, options: CsvOptions) -> String {
    let column_names = |table: &Table| -> Vec<String> {
        let cells = table.rows.iter().map(|row| row.cells.len()).max();
        (0..cells.unwrap_or(0))
            .map(|n| column_name(table, n))
            .collect()
    };
    let mut columns: Vec<String> = Vec::new();
    for table in &output.tables {
        for name in column_names(table) {
            if !columns.contains(&name) {
                columns.push(name);
            }
        }
    }
    let mut header: Vec<&str> = vec![
        "table_id", "report", "city", "year", "table", "row_id", "line", "label",
    ];
    header.extend(columns.iter().map(String::as_str));
    let mut csv = CsvWriter::new(options, &header);
    for table in &output.tables {
        let names = column_names(table);
        for row in &table.rows {
            let mut fields = vec![table.id.clone()];
            fields.extend(row_fields(table, row));
            fields.extend(columns.iter().map(|column| {
                names
                    .iter()
                    .position(|name| name == column)
                    .and_then(|n| row.cells.get(n))
                    .map(|cell| cell_value(cell, options))
                    .unwrap_or_default()
            }));
            csv.record(fields);
        }
    }
    csv.finish()
}

/// A table column's header, or `column N` for one the header does not name.
fn column_name(table: &Table, n: usize) -> String {
    table
        .columns
        .get(n)
        .map_or_else(|| format!("column {}", n + 1), |c| c.name.clone())
}

/// A cell's value as a CSV field (a decimal comma under `--sep ';'`).
fn cell_value(cell: &crate::knowledge::tables::Cell, options: CsvOptions) -> String {
    options.number(serde_json::to_string(&cell.value).unwrap_or_default())
}

/// `report,city,year,table,row_id,line,label` of a row, in both CSV layouts.
fn row_fields(table: &Table, row: &crate::knowledge::tables::Row) -> [String; 7] {
    [
        table.report.clone(),
        table.city.clone(),
        year(table.year),
        table.title.clone(),
        row.id.clone(),
        row.line.to_string(),
        row.label.clone(),
    ]
}

/// Long format: one record per cell (text-only rows give one record with
/// empty cell fields); `--wide`: one record per row.
pub fn tables_csv(output: &TablesOutput, options: CsvOptions) -> String {
    if output.wide {
        return tables_wide_csv(output, options);
    }
    let mut csv = CsvWriter::new(
        options,
        &[
            "report", "city", "year", "table", "row_id", "line", "label", "column", "text",
            "value", "unit",
        ],
    );
    for table in &output.tables {
        for row in &table.rows {
            let base = row_fields(table, row);
            if row.cells.is_empty() {
                csv.record(base.iter().cloned().chain([
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]));
            }
            for (n, cell) in row.cells.iter().enumerate() {
                csv.record(base.iter().cloned().chain([
                    column_name(table, n),
                    cell.text.clone(),
                    cell_value(cell, options),
                    optional(cell.unit.clone()),
                ]));
            }
        }
    }
    csv.finish()
}

/// The narrowest column of a side-by-side comparison.
const MIN_COLUMN: usize = 24;
/// Between two columns.
const COLUMN_GAP: &str = " │ ";

/// Side by side when every report gets a column of at least
/// [`MIN_COLUMN`] at `width` (about three at 80 columns); else, and when
/// piped (no width), one block per report under its own header.
pub fn compare_human(comparison: &Comparison, width: Option<usize>) -> String {
    let reports = comparison.reports.len();
    let column = width.and_then(|width| {
        let gaps = COLUMN_GAP.chars().count() * reports.saturating_sub(1);
        let column = width.saturating_sub(gaps) / reports.max(1);
        (reports > 1 && column >= MIN_COLUMN).then_some(column)
    });
    let mut out = compare_title(comparison);
    match column {
        Some(column) => out.push_str(&compare_columns(comparison, column)),
        None => out.push_str(&compare_blocks(comparison)),
    }
    out
}

fn compare_title(comparison: &Comparison) -> String {
    let mut out = String::new();
    let _ = write!(out, "theme {}", comparison.theme);
    if !comparison.query.is_empty() {
        let _ = write!(out, " · query {:?}", comparison.query);
    }
    let _ = writeln!(
        out,
        " · {}",
        super::plural(comparison.reports.len() as u64, "report", "reports")
    );
    out
}

/// One column per report: its header, then its recommendations and
/// paragraphs wrapped to `width`, the columns joined line by line.
fn compare_columns(comparison: &Comparison, width: usize) -> String {
    use super::wrap::{visible_width, wrap};
    let cells: Vec<Vec<String>> = comparison
        .reports
        .iter()
        .map(|column| {
            let mut text = format!("{}\n{}\n", report_name(column), "─".repeat(width));
            text.push_str(&report_entries(column, &COLUMN_LAYOUT));
            wrap(&text, width).lines().map(str::to_string).collect()
        })
        .collect();
    let rows = cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::from("\n");
    for row in 0..rows {
        let line: Vec<String> = cells
            .iter()
            .map(|lines| {
                let cell = lines.get(row).map_or("", String::as_str);
                let pad = width.saturating_sub(visible_width(cell));
                format!("{cell}{}", " ".repeat(pad))
            })
            .collect();
        let _ = writeln!(out, "{}", line.join(COLUMN_GAP).trim_end());
    }
    out
}

/// `Hasselt (hasselt-2011, 2011)`; a report without a city or a year is
/// named by what it has (`notitie`).
fn report_name(column: &ReportColumn) -> String {
    let details: Vec<String> = [
        Some(column.report.clone()),
        column.year.map(|y| y.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    match column.city.trim() {
        "" => details.join(", "),
        city => format!("{city} ({})", details.join(", ")),
    }
}

/// One block per report, under a header naming it.
fn compare_blocks(comparison: &Comparison) -> String {
    let mut out = String::new();
    for column in &comparison.reports {
        let _ = writeln!(
            out,
            "\n## {} · {}",
            report_name(column),
            super::plural(
                column.recommendations.len() as u64,
                "recommendation",
                "recommendations"
            )
        );
        out.push_str(&report_entries(column, &BLOCK_LAYOUT));
    }
    out
}

/// Where a report's entries go: the indents of a block under a header, or
/// none in a column (entries apart by a blank line instead).
struct Layout {
    /// Before a notice line (no recommendations, the paragraphs' title).
    notice: &'static str,
    /// Before a recommendation's id line, and before its text.
    recommendation: [&'static str; 2],
    /// Before a paragraph's id line, and before its text.
    paragraph: [&'static str; 2],
    /// After each entry.
    gap: &'static str,
}

const BLOCK_LAYOUT: Layout = Layout {
    notice: "  ",
    recommendation: ["- ", "  "],
    paragraph: ["  · ", "    "],
    gap: "",
};

const COLUMN_LAYOUT: Layout = Layout {
    notice: "",
    recommendation: ["", ""],
    paragraph: ["· ", ""],
    gap: "\n",
};

/// One report's recommendations on the theme, then its best paragraphs.
fn report_entries(column: &ReportColumn, layout: &Layout) -> String {
    let mut out = String::new();
    if column.recommendations.is_empty() {
        let _ = writeln!(out, "{}no recommendations on this theme", layout.notice);
    }
    // `[id] label · section`, the text under it, the layout's gap.
    let entry = |out: &mut String,
                 [head, body]: [&str; 2],
                 id: &str,
                 label: String,
                 section: &[String],
                 text: &str| {
        let _ = writeln!(
            out,
            "{head}[{id}] {label} · {}\n{body}{text}{}",
            section.join(SEPARATOR),
            layout.gap
        );
    };
    for r in &column.recommendations {
        let label = format!("round {}", year(r.round));
        entry(
            &mut out,
            layout.recommendation,
            &r.id,
            label,
            &r.section,
            &r.text,
        );
    }
    if !column.paragraphs.is_empty() {
        let _ = writeln!(out, "{}best-matching paragraphs:", layout.notice);
    }
    for p in &column.paragraphs {
        let label = format!("{:.3}", p.score);
        entry(
            &mut out,
            layout.paragraph,
            &p.id,
            label,
            &p.section,
            &excerpt(&p.text, 240),
        );
    }
    out
}

pub fn compare_csv(comparison: &Comparison, options: CsvOptions) -> String {
    let mut csv = CsvWriter::new(
        options,
        &[
            "report",
            "city",
            "year",
            "type",
            "id",
            "round",
            "section",
            "page",
            "first_line",
            "last_line",
            "score",
            "text",
        ],
    );
    for column in &comparison.reports {
        let base = [
            column.report.clone(),
            column.city.clone(),
            year(column.year),
        ];
        for r in &column.recommendations {
            csv.record(base.iter().cloned().chain([
                "recommendation".to_string(),
                r.id.clone(),
                year(r.round),
                r.section.join(SEPARATOR),
                optional(r.page),
                r.lines[0].to_string(),
                r.lines[1].to_string(),
                String::new(),
                r.text.clone(),
            ]));
        }
        for p in &column.paragraphs {
            csv.record(base.iter().cloned().chain([
                "paragraph".to_string(),
                p.id.clone(),
                String::new(),
                p.section.join(SEPARATOR),
                optional(p.page),
                p.lines[0].to_string(),
                p.lines[1].to_string(),
                options.number(p.score),
                p.text.clone(),
            ]));
        }
    }
    csv.finish()
}

pub fn related_human(output: &RelatedOutput, _width: Option<usize>) -> String {
    let target = &output.paragraph;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "[{}] {} ({}) · {}\n{}\n",
        target.id,
        target.city,
        target.report,
        place(&target.chapter, &target.section),
        excerpt(&target.text, 240)
    );
    let _ = writeln!(
        out,
        "{} in other reports",
        super::plural(
            output.related.len() as u64,
            "related paragraph",
            "related paragraphs"
        )
    );
    for (rank, r) in output.related.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{}. [{}] {:.3} · {} ({}) · {} · {}",
            rank + 1,
            r.id,
            r.score,
            r.city,
            r.report,
            place(&r.chapter, &r.section),
            page(r.page)
        );
        let _ = writeln!(out, "   {}", excerpt(&r.text, 240));
        let _ = writeln!(out, "   shared: {}", r.shared.join(", "));
    }
    out
}

pub fn related_csv(output: &RelatedOutput, options: CsvOptions) -> String {
    let mut csv = CsvWriter::new(
        options,
        &[
            "rank",
            "id",
            "report",
            "city",
            "year",
            "kind",
            "theme",
            "section",
            "page",
            "first_line",
            "last_line",
            "score",
            "shared",
            "text",
        ],
    );
    for (rank, r) in output.related.iter().enumerate() {
        csv.record([
            (rank + 1).to_string(),
            r.id.clone(),
            r.report.clone(),
            r.city.clone(),
            year(r.year),
            r.kind.to_string(),
            r.theme.clone(),
            place(&r.chapter, &r.section),
            optional(r.page),
            r.lines[0].to_string(),
            r.lines[1].to_string(),
            options.number(r.score),
            r.shared.join("; "),
            r.text.clone(),
        ]);
    }
    csv.finish()
}

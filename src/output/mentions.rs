//! Output of `visidex mentions`: the JSON wire types (`MentionsJson` is
//! written piece by piece, so even `--json` streams), the JSON Lines records
//! of `--jsonl`, and the human rendering (citation, text around each
//! occurrence, totals table).

use super::citation;
use super::csv;
use super::format::CsvOptions;
use super::human::{clean, Style};
use super::json::HitJson;
use crate::error::Result;
use crate::search::mentions::{matching::MatchKind, Breakdown, Mention, Tally, Totals};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One occurrence (`occurrences[]` in the contract).
#[derive(Serialize, Debug)]
pub struct OccurrenceJson<'a> {
    pub start: usize,
    pub end: usize,
    pub surface: &'a str,
    pub line: u32,
    #[serde(rename = "match")]
    pub kind: MatchKind,
    pub fuzzy: bool,
}

/// `HIT` plus its occurrences: one element of `paragraphs`, one `--jsonl` line.
#[derive(Serialize, Debug)]
pub struct MentionJson<'a> {
    #[serde(flatten)]
    pub hit: HitJson<'a>,
    pub occurrences: Vec<OccurrenceJson<'a>>,
}

impl<'a> MentionJson<'a> {
    pub fn new(mention: &'a Mention) -> MentionJson<'a> {
        MentionJson {
            hit: HitJson::new(&mention.hit),
            occurrences: mention
                .occurrences
                .iter()
                .map(|occurrence| OccurrenceJson {
                    start: occurrence.start,
                    end: occurrence.end,
                    surface: &occurrence.surface,
                    line: occurrence.line,
                    kind: occurrence.kind,
                    fuzzy: occurrence.kind == MatchKind::Fuzzy,
                })
                .collect(),
        }
    }
}

/// The totals: `mentions --count --json`, the tail of `--json`, and the
/// last line of `--jsonl` (as `{"totals": …}`).
#[derive(Serialize, Debug)]
pub struct TotalsJson<'a> {
    #[serde(flatten)]
    pub counts: CountsJson<'a>,
    pub by_city: &'a BTreeMap<String, Tally>,
    pub by_theme: &'a BTreeMap<String, Tally>,
}

/// What every totals document starts with.
#[derive(Serialize, Debug)]
pub struct CountsJson<'a> {
    pub term: &'a str,
    /// The word searched instead of a misspelt TERM the index does not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<&'a str>,
    /// Occurrences.
    pub total: u64,
    /// Paragraphs with at least one occurrence.
    pub paragraph_count: u64,
    pub report_count: u64,
}

impl<'a> CountsJson<'a> {
    pub fn new(totals: &'a Totals) -> CountsJson<'a> {
        CountsJson {
            term: &totals.term,
            corrected: totals.corrected.as_deref(),
            total: totals.occurrences,
            paragraph_count: totals.paragraphs,
            report_count: totals.reports,
        }
    }
}

impl<'a> TotalsJson<'a> {
    pub fn new(totals: &'a Totals) -> TotalsJson<'a> {
        TotalsJson {
            counts: CountsJson::new(totals),
            by_city: &totals.by_city,
            by_theme: &totals.by_theme,
        }
    }
}

/// `mentions --by …`: `{"term",…,"by":["city","theme"],"rows":[{"city","theme","occurrences","paragraphs"}]}`.
#[derive(Serialize, Debug)]
pub struct BreakdownJson<'a> {
    #[serde(flatten)]
    pub counts: CountsJson<'a>,
    pub by: Vec<&'static str>,
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

impl<'a> BreakdownJson<'a> {
    pub fn new(breakdown: &'a Breakdown) -> BreakdownJson<'a> {
        BreakdownJson {
            counts: CountsJson::new(&breakdown.totals),
            by: breakdown.by.iter().map(|by| by.as_str()).collect(),
            rows: breakdown_rows(breakdown),
        }
    }
}

/// One object per row: the `by` fields in order, then the tally.
pub fn breakdown_rows(breakdown: &Breakdown) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let row = |values: &[String], tally: &Tally| {
        let mut row = serde_json::Map::new();
        for (by, value) in breakdown.by.iter().zip(values) {
            row.insert(by.as_str().to_string(), value.clone().into());
        }
        row.insert("occurrences".into(), tally.occurrences.into());
        row.insert("paragraphs".into(), tally.paragraphs.into());
        row
    };
    breakdown
        .rows
        .iter()
        .map(|(values, tally)| row(values, tally))
        .collect()
}

/// `mentions --by` for people: the summary line, then one table.
pub fn render_breakdown(breakdown: &Breakdown) -> String {
    let mut out = render_totals(&Totals {
        by_city: BTreeMap::new(),
        by_theme: BTreeMap::new(),
        ..breakdown.totals.clone()
    });
    let mut header: Vec<String> = breakdown
        .by
        .iter()
        .map(|by| by.as_str().to_string())
        .collect();
    header.extend(["mentions".to_string(), "paragraphs".to_string()]);
    let mut table: Vec<Vec<String>> = vec![header];
    for (values, tally) in &breakdown.rows {
        let mut row = values.clone();
        row.extend([tally.occurrences.to_string(), tally.paragraphs.to_string()]);
        table.push(row);
    }
    let columns = breakdown.by.len() + 2;
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            table
                .iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    out.push('\n');
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(
                |(column, (cell, width))| match column < breakdown.by.len() {
                    true => format!("{cell:<width$}"),
                    false => format!("{cell:>width$}"),
                },
            )
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    super::sanitize_for_terminal(&out).into_owned()
}

/// The last line of `--jsonl`.
#[derive(Serialize, Debug)]
pub struct TotalsLine<'a> {
    pub totals: TotalsJson<'a>,
}

use super::json::line as json;

/// `{"term":…,"paragraphs":[` — the head of `--json`, before any paragraph.
pub fn json_head(term: &str) -> Result<String> {
    Ok(format!("{{\"term\":{},\"paragraphs\":[", json(&term)?))
}

/// One row of `mentions --csv`: one occurrence with its paragraph's HIT fields.
#[derive(Serialize, Debug)]
struct OccurrenceRow<'a> {
    #[serde(flatten)]
    hit: HitJson<'a>,
    occurrence: OccurrenceJson<'a>,
}

/// The header of `mentions --csv`: the HIT columns, then `occurrence_start` … `occurrence_fuzzy`.
pub fn csv_header(options: CsvOptions) -> Result<String> {
    let sample = super::render::sample_hit();
    let row = OccurrenceRow {
        hit: HitJson::new(&sample),
        occurrence: OccurrenceJson {
            start: 0,
            end: 0,
            surface: "",
            line: 0,
            kind: MatchKind::Exact,
            fuzzy: false,
        },
    };
    csv::header(&row, options)
}

/// The `mentions --csv` rows of one paragraph: one per occurrence.
pub fn csv_rows(mention: &Mention, options: CsvOptions) -> Result<String> {
    let json = MentionJson::new(mention);
    let rows: Vec<OccurrenceRow> = json
        .occurrences
        .into_iter()
        .map(|occurrence| OccurrenceRow {
            hit: json.hit.clone(),
            occurrence,
        })
        .collect();
    csv::data(&rows, options)
}

/// One paragraph of `--json`; `first` decides the separating comma.
pub fn json_paragraph(mention: &Mention, first: bool) -> Result<String> {
    let separator = if first { "\n" } else { ",\n" };
    Ok(format!("{separator}{}", json(&MentionJson::new(mention))?))
}

/// `],"total":…,"by_city":…,"by_theme":…}` — the tail of `--json`.
pub fn json_tail(totals: &Totals) -> Result<String> {
    let totals = TotalsJson::new(totals);
    Ok(format!(
        "\n],\"total\":{},\"paragraph_count\":{},\"report_count\":{},\"by_city\":{},\"by_theme\":{}}}\n",
        totals.counts.total,
        totals.counts.paragraph_count,
        totals.counts.report_count,
        json(totals.by_city)?,
        json(totals.by_theme)?
    ))
}

/// One `--jsonl` line for a paragraph.
pub fn jsonl_paragraph(mention: &Mention) -> Result<String> {
    Ok(format!("{}\n", json(&MentionJson::new(mention))?))
}

/// The closing `--jsonl` line.
pub fn jsonl_totals(totals: &Totals) -> Result<String> {
    Ok(format!(
        "{}\n",
        json(&TotalsLine {
            totals: TotalsJson::new(totals)
        })?
    ))
}

/// Characters of context shown on each side of an occurrence.
const CONTEXT_CHARS: usize = 80;

/// One paragraph for people: citation line, then each stretch of text
/// around its occurrences, occurrences highlighted.
pub fn render_mention(mention: &Mention, style: Style) -> String {
    let hit = &mention.hit;
    let paragraph = &hit.paragraph;
    let mut out = String::new();
    let lines = super::line_range(paragraph.lines);
    let _ = writeln!(
        out,
        "{} · {lines}  [{}]",
        clean(&citation(hit, true)),
        clean(&paragraph.id)
    );
    let (open, close) = if style.color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let text = &paragraph.text;
    for window in windows(text, mention) {
        let mut line = String::from("    ");
        if window.start > 0 {
            line.push('…');
        }
        let mut at = window.start;
        for occurrence in &mention.occurrences {
            if occurrence.start < window.start || occurrence.end > window.end {
                continue;
            }
            line.push_str(&clean(&text[at..occurrence.start]));
            line.push_str(open);
            line.push_str(&clean(&text[occurrence.start..occurrence.end]));
            line.push_str(close);
            if occurrence.kind != MatchKind::Exact {
                let _ = write!(line, "[{}]", kind_name(occurrence.kind));
            }
            at = occurrence.end;
        }
        line.push_str(&clean(&text[at..window.end]));
        if window.end < text.len() {
            line.push('…');
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    out
}

fn kind_name(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Exact => "exact",
        MatchKind::Stem => "stem",
        MatchKind::Compound => "compound",
        MatchKind::Fuzzy => "fuzzy",
    }
}

/// Byte windows of `text` around the occurrences, merged when they touch.
fn windows(text: &str, mention: &Mention) -> Vec<std::ops::Range<usize>> {
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    for occurrence in &mention.occurrences {
        let start = back_chars(text, occurrence.start, CONTEXT_CHARS);
        let end = forward_chars(text, occurrence.end, CONTEXT_CHARS);
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => windows.push(start..end),
        }
    }
    windows
}

/// A char boundary about `chars` characters before `at`, moved to a word start.
fn back_chars(text: &str, at: usize, chars: usize) -> usize {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(chars)
        .map_or(0, |(index, _)| index);
    if start == 0 {
        return 0;
    }
    text[start..at]
        .find(' ')
        .map_or(start, |space| start + space + 1)
}

/// A char boundary about `chars` characters after `at`, moved to a word end.
fn forward_chars(text: &str, at: usize, chars: usize) -> usize {
    let end = text[at..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(index, _)| at + index);
    if end == text.len() {
        return end;
    }
    text[at..end].rfind(' ').map_or(end, |space| at + space)
}

/// The summary line and the totals table.
pub fn render_totals(totals: &Totals) -> String {
    let mut out = String::new();
    let plural = |count: u64, one: &str, many: &str| super::plural(count, one, many);
    let _ = writeln!(
        out,
        "{} in {} of {} for {:?}",
        plural(totals.occurrences, "mention", "mentions"),
        plural(totals.paragraphs, "paragraph", "paragraphs"),
        plural(totals.reports, "report", "reports"),
        totals.term
    );
    if let Some(corrected) = &totals.corrected {
        let _ = writeln!(
            out,
            "(`{}` is in no paragraph: counted `{corrected}` instead)",
            totals.term
        );
    }
    for (title, tallies) in [("city", &totals.by_city), ("theme", &totals.by_theme)] {
        if tallies.is_empty() {
            continue;
        }
        let width = tallies
            .keys()
            .map(|name| name.chars().count())
            .chain([title.len()])
            .max()
            .unwrap_or(0);
        let _ = writeln!(out, "\n{title:<width$}  mentions  paragraphs");
        for (name, tally) in tallies {
            let _ = writeln!(
                out,
                "{name:<width$}  {:>8}  {:>10}",
                tally.occurrences, tally.paragraphs
            );
        }
    }
    // City and theme names come from report text: data, not terminal commands.
    super::sanitize_for_terminal(&out).into_owned()
}

//! Appendix tables as typed rows. PDF extraction leaves a table as lines of
//! text: each data row one line (`Aalst 78.271 12.947.676 … 2,1%`), and the
//! column headers as a stack of short lines, read column after column
//! (`Inwoners 2008 Gecumuleerde` / `trekkingsrech-` / `ten beleids-` / …).
//! This module rebuilds the table from the parser's `table_row` paragraphs.
//!
//! **Rows.** A table is a run of consecutive (by `n`) `table_row` paragraphs
//! of one section. A row's cells are its trailing numbers (Flemish notation, see
//! `numbers`); what precedes them is the row's label. The table has as many
//! columns as most of its rows have numbers; a row with more numbers gives
//! the leading extras back to its label (`Regio 2 …`).
//!
//! **Header.** The header text is the run's rows before the first row with
//! the full number of cells (a header may end in a number: `… dienst 2008`),
//! or else the paragraph right before the run in the same section when it
//! does not end like a sentence (`.`, `:`, `;`). Its words are re-joined
//! across line-end hyphens (`trekkingsrech-` + `ten`; not before `en`/`of`,
//! as in `energie- en`). A new header cell starts at a word that begins with
//! a capital or a unit sign (`%`, `€`, `#`) unless the word before leaves
//! the phrase open: a stop word (`uit`, `van`), an operator or open
//! bracket (`/`, `-`, `(`), or a unit sign (`% Stedenfonds`). When that gives
//! one cell more than there are number columns, the first names the label
//! column; when it gives more, the starts in mid-line (then the last ones)
//! are dropped; when fewer, the missing columns are named `column N`. Both
//! repairs are reported in the table's `notes`.
//!
//! **Limits.** Headers whose cells begin in lower case, or whose cells run
//! into each other without a capital, are merged; a table whose rows hold
//! text columns (the committee member list) stays rows of text (`cells`
//! empty, the whole line in `label`); numbers inside the label are not cells.

use super::numbers::{parse_number, Number};
use super::ReportText;
use crate::analysis::analyzer;
use crate::model::{Kind, Paragraph};
use serde::{Deserialize, Serialize};

/// One rebuilt table.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The id of the table's first paragraph (`hasselt-2011:231`): what `--table` picks.
    pub id: String,
    pub report: String,
    #[serde(with = "crate::model::city_or_null")]
    pub city: String,
    pub year: Option<i32>,
    /// The innermost heading above the table, e.g. `9.4 Aandeel Hasselt in het Stedenfonds`.
    pub title: String,
    pub chapter: String,
    pub section: Vec<String>,
    pub page: Option<u32>,
    /// First and last source line of the rows.
    pub lines: [u32; 2],
    /// The label column's header, when the header names it.
    pub label_column: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The source line right below the table (`Bron: …`), if any.
    pub source: Option<String>,
    /// Repairs made while rebuilding (header cells merged or missing).
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: String,
    /// The unit every cell of the column carries, if they agree.
    pub unit: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The paragraph id of the row.
    pub id: String,
    pub line: u32,
    pub label: String,
    pub cells: Vec<Cell>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// The cell as printed, e.g. `2,1%`.
    pub text: String,
    pub value: Number,
    pub unit: Option<String>,
}

/// All tables of a report, in reading order.
pub fn tables(report: &ReportText) -> Vec<Table> {
    let paragraphs = &report.paragraphs;
    let mut out = Vec::new();
    let mut index = 0;
    while index < paragraphs.len() {
        if paragraphs[index].kind != Kind::TableRow {
            index += 1;
            continue;
        }
        let start = index;
        while index < paragraphs.len()
            && paragraphs[index].kind == Kind::TableRow
            && same_place(&paragraphs[index], &paragraphs[start])
            && (index == start || paragraphs[index].n == paragraphs[index - 1].n + 1)
        {
            index += 1;
        }
        let before = start
            .checked_sub(1)
            .map(|i| &paragraphs[i])
            .filter(|p| same_place(p, &paragraphs[start]) && p.n + 1 == paragraphs[start].n);
        let after = paragraphs
            .get(index)
            .filter(|p| p.n == paragraphs[index - 1].n + 1);
        out.push(build_table(
            report,
            before,
            &paragraphs[start..index],
            after,
        ));
    }
    out
}

fn same_place(a: &Paragraph, b: &Paragraph) -> bool {
    a.chapter == b.chapter && a.section == b.section
}

fn build_table(
    report: &ReportText,
    before: Option<&Paragraph>,
    run: &[Paragraph],
    after: Option<&Paragraph>,
) -> Table {
    let split: Vec<(String, Vec<Cell>)> = run.iter().map(|p| split_row(&p.text)).collect();
    let width = column_count(&split);
    // The header is what comes before the first row with a full set of numbers
    // (a header may end in a number itself: `… gewone dienst 2008`).
    let first_data = if width == 0 {
        0
    } else {
        split
            .iter()
            .position(|(_, cells)| cells.len() == width)
            .unwrap_or(0)
    };
    let mut header_sources: Vec<&Paragraph> = run[..first_data].iter().collect();
    if header_sources.is_empty() && width > 0 {
        header_sources.extend(before.filter(|p| looks_like_header(&p.text)));
    }
    let mut notes = Vec::new();
    let (label_column, names) = header_cells(&header_sources, width, &mut notes);
    let rows: Vec<Row> = run
        .iter()
        .zip(split)
        .skip(first_data)
        .map(|(paragraph, (label, cells))| fit_row(paragraph, label, cells, width))
        .collect();
    let columns = names
        .into_iter()
        .enumerate()
        .map(|(index, name)| Column {
            name,
            unit: common_unit(&rows, index),
        })
        .collect();
    let first = &run[0];
    let title = first
        .section
        .last()
        .cloned()
        .unwrap_or_else(|| first.chapter.clone());
    Table {
        id: first.id.clone(),
        report: report.id.clone(),
        city: report.city.clone(),
        year: report.year,
        title,
        chapter: first.chapter.clone(),
        section: first.section.clone(),
        page: first.page,
        lines: [first.lines[0], run[run.len() - 1].lines[1]],
        label_column,
        columns,
        rows,
        source: after
            .filter(|p| p.kind == Kind::QuoteSource && same_place(p, first))
            .map(|p| p.text.clone()),
        notes,
    }
}

/// `Aalst 78.271 2,1%` → (`Aalst`, [78271, 2.1%]): the trailing numbers are cells.
pub fn split_row(text: &str) -> (String, Vec<Cell>) {
    let mut tokens: Vec<String> = Vec::new();
    for token in text.split_whitespace() {
        // `2,1 %`: a unit standing alone belongs to the number before it.
        if matches!(token, "%" | "€") && tokens.last().is_some_and(|t| parse_number(t).is_some())
        {
            if let Some(last) = tokens.last_mut() {
                last.push_str(token);
            }
        } else {
            tokens.push(token.to_string());
        }
    }
    let mut cells = Vec::new();
    while let Some(token) = tokens.last() {
        let Some(quantity) = parse_number(token) else {
            break;
        };
        cells.push(Cell {
            text: token.clone(),
            value: quantity.value,
            unit: quantity.unit,
        });
        tokens.pop();
    }
    cells.reverse();
    (tokens.join(" "), cells)
}

/// The number of numeric columns: the most common count among rows with numbers
/// (the larger on a tie).
fn column_count(rows: &[(String, Vec<Cell>)]) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    for (_, cells) in rows.iter().filter(|(_, cells)| !cells.is_empty()) {
        *counts.entry(cells.len()).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(width, count)| (count, width))
        .map(|(width, _)| width)
        .unwrap_or(0)
}

/// Give a row's surplus leading numbers back to its label.
fn fit_row(paragraph: &Paragraph, mut label: String, mut cells: Vec<Cell>, width: usize) -> Row {
    if width > 0 && cells.len() > width {
        let surplus: Vec<Cell> = cells.drain(..cells.len() - width).collect();
        for cell in surplus {
            label.push(' ');
            label.push_str(&cell.text);
        }
        label = label.trim().to_string();
    }
    if width == 0 {
        // A text table: the whole line is the row.
        label = paragraph.text.clone();
        cells.clear();
    }
    Row {
        id: paragraph.id.clone(),
        line: paragraph.lines[0],
        label,
        cells,
    }
}

fn common_unit(rows: &[Row], column: usize) -> Option<String> {
    let mut units = rows
        .iter()
        .filter(|row| row.cells.len() > column)
        .map(|row| row.cells[column].unit.clone());
    let first = units.next()??;
    units
        .all(|unit| unit.as_deref() == Some(first.as_str()))
        .then_some(first)
}

fn looks_like_header(text: &str) -> bool {
    let trimmed = text.trim_end();
    !trimmed.is_empty() && !trimmed.ends_with(['.', ':', ';'])
}

/// One header word and whether it starts a source line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HeaderWord {
    text: String,
    line_start: bool,
}

/// The header's words, hyphenated fragments re-joined.
fn header_words(sources: &[&Paragraph]) -> Vec<HeaderWord> {
    let mut words: Vec<HeaderWord> = Vec::new();
    for paragraph in sources {
        let mut offset = 0;
        for token in paragraph.text.split_whitespace() {
            let start = paragraph.text[offset..]
                .find(token)
                .map_or(offset, |at| offset + at);
            offset = start + token.len();
            let line_start = start == 0
                || paragraph
                    .line_offsets
                    .iter()
                    .any(|&[at, _]| at as usize == start);
            let joins = words.last().is_some_and(|last| {
                last.text.len() > 1
                    && last.text.ends_with('-')
                    && last.text[..last.text.len() - 1].ends_with(char::is_alphabetic)
                    && token.starts_with(char::is_lowercase)
                    && !matches!(token, "en" | "of" | "tot")
            });
            match words.last_mut() {
                Some(last) if joins => {
                    last.text.pop();
                    last.text.push_str(token);
                }
                _ => words.push(HeaderWord {
                    text: token.to_string(),
                    line_start,
                }),
            }
        }
    }
    words
}

/// Whether a header word can start a new cell, given the word before it.
fn starts_cell(word: &str, previous: &str) -> bool {
    let opens = word.starts_with(char::is_uppercase) || word.starts_with(['%', '€', '#']);
    let previous_open = analyzer().is_stop_word(previous)
        || previous.ends_with(['(', '/', '-', '–', '+', '&', ','])
        || matches!(previous, "%" | "€" | "#" | "x" | "per");
    opens && !previous_open
}

/// The label column's header (if named) and one name per numeric column.
fn header_cells(
    sources: &[&Paragraph],
    width: usize,
    notes: &mut Vec<String>,
) -> (Option<String>, Vec<String>) {
    let words = header_words(sources);
    if width == 0 {
        return (None, Vec::new());
    }
    // (word index, starts a line) of each cell start.
    let mut starts: Vec<(usize, bool)> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        if index == 0 || starts_cell(&word.text, &words[index - 1].text) {
            starts.push((index, word.line_start || index == 0));
        }
    }
    let found = starts.len();
    while starts.len() > width + 1 {
        let drop = starts
            .iter()
            .rposition(|&(index, line_start)| index > 0 && !line_start)
            .unwrap_or(starts.len() - 1);
        starts.remove(drop);
    }
    let mut cells: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(n, &(index, _))| {
            let end = starts.get(n + 1).map_or(words.len(), |&(next, _)| next);
            words[index..end]
                .iter()
                .map(|word| word.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    if found > width + 1 {
        notes.push(format!(
            "header: {found} cell starts for {width} number columns; merged the weakest"
        ));
    }
    let label = (cells.len() == width + 1).then(|| cells.remove(0));
    if cells.len() < width {
        if !words.is_empty() {
            notes.push(format!(
                "header: {} cells for {width} number columns; the rest are unnamed",
                cells.len()
            ));
        }
        for n in cells.len()..width {
            cells.push(format!("column {}", n + 1));
        }
    }
    (label, cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::test_paragraph;

    /// The Hasselt 9.4 header as the parser gives it: one paragraph, the
    /// source lines joined, line-end hyphens repaired, `line_offsets` kept.
    fn header_paragraph(n: u32, lines: &[&str]) -> Paragraph {
        let mut paragraph = test_paragraph(n, Kind::Paragraph, &["9.4 Aandeel"], "");
        let mut text = String::new();
        for (i, line) in lines.iter().enumerate() {
            if text.ends_with('-') {
                text.pop();
            } else if !text.is_empty() {
                text.push(' ');
            }
            paragraph
                .line_offsets
                .push([text.len() as u32, 1885 + 2 * i as u32]);
            text.push_str(line);
        }
        paragraph.text = text;
        paragraph
    }

    const HEADER: [&str; 19] = [
        "Inwoners 2008 Gecumuleerde",
        "trekkingsrech-",
        "ten beleids-",
        "overeenkomst",
        "2008-2013 (in",
        "euro)",
        "Trekkingsrecht",
        "2008 uit",
        "Stedenfonds",
        "(in euro)",
        "Uitgaven",
        "gewone dienst",
        "(rekening",
        "2008) in euro *",
        "% Stedenfonds",
        "2008 /",
        "Uitgaven",
        "gewone dienst",
        "2008",
    ];

    fn report(paragraphs: Vec<Paragraph>) -> ReportText {
        ReportText::new("test-2011", "Hasselt", Some(2011), paragraphs)
    }

    fn row(n: u32, text: &str) -> Paragraph {
        test_paragraph(n, Kind::TableRow, &["9.4 Aandeel"], text)
    }

    #[test]
    fn rows_split_into_label_and_trailing_numbers() {
        let (label, cells) = split_row("Sint-Niklaas 70.450 11.037.486 2,0 %");
        assert_eq!(label, "Sint-Niklaas");
        let texts: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["70.450", "11.037.486", "2,0%"]);
        assert_eq!(cells[1].value, Number::Integer(11_037_486));
    }

    #[test]
    fn the_stacked_header_splits_into_one_cell_per_number_column() {
        // The parser gives the header as a `table_row` (it ends in `2008`);
        // a header paragraph of another kind right before the rows works too.
        for kind in [Kind::TableRow, Kind::Paragraph] {
            let mut header = header_paragraph(1, &HEADER);
            header.kind = kind;
            check_stacked_header(
                &tables(&report(vec![
                    header,
                    row(2, "Aalst 78.271 12.947.676 2.271.847 106.247.307 2,1%"),
                    row(
                        3,
                        "Totaal 2.642.240 691.020.030 119.226.000 3.210.876.533 3,7%",
                    ),
                    test_paragraph(4, Kind::QuoteSource, &["9.4 Aandeel"], "Bron: ABB"),
                ]))[0],
            );
        }
    }

    fn check_stacked_header(table: &Table) {
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Inwoners 2008",
                "Gecumuleerde trekkingsrechten beleidsovereenkomst 2008-2013 (in euro)",
                "Trekkingsrecht 2008 uit Stedenfonds (in euro)",
                "Uitgaven gewone dienst (rekening 2008) in euro *",
                "% Stedenfonds 2008 / Uitgaven gewone dienst 2008",
            ]
        );
        assert_eq!(table.label_column, None);
        assert_eq!(table.columns[4].unit.as_deref(), Some("%"));
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].label, "Aalst");
        assert_eq!(table.source.as_deref(), Some("Bron: ABB"));
        assert!(table.notes.is_empty(), "{:?}", table.notes);
    }

    #[test]
    fn hyphen_fragments_join_but_not_before_en() {
        let words = header_words(&[&test_paragraph(
            1,
            Kind::TableRow,
            &[],
            "trekkingsrech- ten energie- en Water",
        )]);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["trekkingsrechten", "energie-", "en", "Water"]);
    }

    #[test]
    fn a_header_row_naming_the_label_column() {
        let table = &tables(&report(vec![
            row(1, "Stad Inwoners Aandeel"),
            row(2, "Aalst 78.271 2,1%"),
            row(3, "Gent 237.250 4,3%"),
        ]))[0];
        assert_eq!(table.label_column.as_deref(), Some("Stad"));
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Inwoners", "Aandeel"]);
        assert_eq!(table.rows[1].label, "Gent");
    }

    #[test]
    fn missing_header_cells_are_named_and_noted() {
        let table = &tables(&report(vec![row(1, "Aantal"), row(2, "Aalst 78.271 2,1%")]))[0];
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Aantal", "column 2"]);
        assert_eq!(table.notes.len(), 1);
    }

    #[test]
    fn surplus_numbers_go_back_to_the_label() {
        let table = &tables(&report(vec![
            row(1, "Aalst 78.271 2,1%"),
            row(2, "Regio 2 1.000 3,0%"),
            row(3, "Gent 237.250 4,3%"),
        ]))[0];
        assert_eq!(table.rows[1].label, "Regio 2");
        assert_eq!(table.rows[1].cells.len(), 2);
    }

    #[test]
    fn text_tables_stay_rows_of_text() {
        let table = &tables(&report(vec![
            row(1, "Naam Rol in visitatie Functie"),
            row(2, "Bart Van Herck projectleider manager IDEA Consult"),
        ]))[0];
        assert!(table.columns.is_empty());
        assert_eq!(table.rows.len(), 2);
        assert_eq!(
            table.rows[1].label,
            "Bart Van Herck projectleider manager IDEA Consult"
        );
    }

    #[test]
    fn separate_sections_are_separate_tables() {
        let mut other = row(3, "Gent 1 2");
        other.section = vec!["9.5 Ander".into()];
        let found = tables(&report(vec![
            row(1, "Aalst 1 2"),
            row(2, "Genk 3 4"),
            other,
        ]));
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].title, "9.5 Ander");
    }
}

//! Tables, which the extractor flattens into lines without column separators.
//!
//! A table starts where a short line that does not end a sentence is followed
//! by a lower-case line: in justified prose the first line of a paragraph is
//! full unless it is also the last, so that shape only occurs in columns. If
//! rows of figures follow (`Aalst 78.271 12.947.676 … 2,1%`), everything
//! before the first of them is the multi-line column header — one `table_row`
//! — and each figure line is a row, up to the first line that is not. Without
//! figures (a member list) the first line is the header and a row starts on a
//! capitalised (or abbreviated, `prof.`) line after a line without a trailing
//! space; the table runs to the next numbered heading or `Label:` line.

use super::flow;
use super::headings;
use super::items::Item;
use super::measure::{self, Measures};

/// Share of the body measure a table's first line stays below.
const SHORT_HEADER: f64 = 0.6;
/// The same when widths are noisy (`Measures::is_clean` false): swapping
/// long words for short ones can leave a full prose line at half its width
/// (measured on 300 generated reports: 0.49 at the least), while a table
/// header stays short (at most 0.42).
const SHORT_HEADER_NOISY: f64 = 0.45;

/// A table found at some content line: its rows as item index ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Each row (the header first) as `start..end` item indices.
    pub rows: Vec<std::ops::Range<usize>>,
}

impl Table {
    /// The item index just after the table.
    pub fn end(&self) -> usize {
        self.rows.last().map_or(0, |row| row.end)
    }
}

/// Whether `items[at]` has the shape of a table's first line.
pub fn starts_table(items: &[Item], at: usize, measures: &Measures) -> bool {
    let short = if measures.is_clean() {
        SHORT_HEADER
    } else {
        SHORT_HEADER_NOISY
    };
    let (Some(item), Some(next)) = (items.get(at), items.get(at + 1)) else {
        return false;
    };
    item.bullet.is_none()
        && item.text.chars().next().is_some_and(char::is_uppercase)
        && !flow::ends_sentence(&item.text)
        && !measure::ends_in_split_word(&item.text)
        && measure::width(&item.text) < short * measures.body
        && next.bullet.is_none()
        && flow::starts_lower_case(&next.text)
}

/// The table starting at `items[start]` (which `starts_table`).
pub fn table_at(items: &[Item], start: usize, chapter: Option<u32>, body_measure: f64) -> Table {
    let limit = region_end(items, start, chapter, body_measure);
    let first_figures = (start + 1..limit).find(|&index| is_figure_row(&items[index].text));
    match first_figures {
        Some(first) => figure_table(items, start, first, limit),
        None => list_table(items, start, limit),
    }
}

/// Header `start..first`, then one row per figure line.
fn figure_table(items: &[Item], start: usize, first: usize, limit: usize) -> Table {
    let header = start..first;
    let mut rows = Vec::new();
    rows.push(header);
    let mut index = first;
    while index < limit && is_figure_row(&items[index].text) {
        rows.push(index..index + 1);
        index += 1;
    }
    Table { rows }
}

/// Header line, then rows that start after a line without a trailing space.
fn list_table(items: &[Item], start: usize, limit: usize) -> Table {
    let header = start..start + 1;
    let mut rows = Vec::new();
    rows.push(header);
    let mut row_start = start + 1;
    for index in start + 2..limit {
        let previous = &items[index - 1];
        if !previous.trailing_space && opens_row(&items[index].text) {
            rows.push(row_start..index);
            row_start = index;
        }
    }
    if row_start < limit {
        rows.push(row_start..limit);
    }
    Table { rows }
}

/// A row starts with a capital or with titles such as `prof. dr.`: a short
/// abbreviation, or any word with a period that a capitalised word or another
/// abbreviation follows (the title may be spelled out, or be a word the
/// extraction got wrong; prose does not go on like `… . dr. Maria`).
fn opens_row(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let first_word = words.next().unwrap_or("");
    let second_word = words.next().unwrap_or("");
    let second_is_name =
        second_word.ends_with('.') || second_word.chars().next().is_some_and(char::is_uppercase);
    text.chars().next().is_some_and(char::is_uppercase)
        || (first_word.ends_with('.') && (first_word.len() <= 6 || second_is_name))
}

/// The first item after the table's possible extent: a numbered heading, a
/// `Label: …` line (`Noot:`, `Bron:`) or the end.
fn region_end(items: &[Item], start: usize, chapter: Option<u32>, body_measure: f64) -> usize {
    (start + 1..items.len())
        .find(|&index| {
            let text = &items[index].text;
            headings::chapter_number(text).is_some()
                || headings::numbered_section(text, chapter, body_measure).is_some()
                || is_label_line(text)
        })
        .unwrap_or(items.len())
}

/// `Noot: …`, `Bron: …`: one capitalised word and a colon.
pub fn is_label_line(text: &str) -> bool {
    let word = flow::first_word(text);
    word.len() > 1
        && word.ends_with(':')
        && word.chars().next().is_some_and(char::is_uppercase)
        && word[..word.len() - 1].chars().all(char::is_alphabetic)
}

/// A row of figures: at least two numbers, and numbers make up at least
/// 40% of the words (`Aalst 78.271 12.947.676 2.271.847 106.247.307 2,1%`).
pub fn is_figure_row(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let numbers = words.iter().filter(|word| is_number(word)).count();
    numbers >= 2 && numbers * 5 >= words.len() * 2
}

fn is_number(word: &str) -> bool {
    let word = word.strip_suffix('%').unwrap_or(word);
    word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The table of a PDF starting at `items[start]` (a line of several cells):
/// each line with a cell at the table's left edge starts a row, a line
/// with text only further right (a cell that wrapped) continues it; the
/// table ends at a line of one run at the left edge or further left (body
/// text), a bullet, or a heading set in bold, after a vertical gap.
pub fn laid_out_table_at(items: &[Item], start: usize) -> Table {
    let Some(left) = items[start].layout.as_ref().map(|layout| layout.indent) else {
        return Table {
            rows: std::iter::once(start..start + 1).collect(),
        };
    };
    // One row to start with: the line that opened the table.
    let mut rows: Vec<std::ops::Range<usize>> = std::iter::once(start..start + 1).collect();
    for (index, item) in items.iter().enumerate().skip(start + 1) {
        let Some(layout) = item.layout.as_ref() else {
            break;
        };
        let at_left = layout.indent <= left + 0.5;
        let row_start = at_left && layout.cells >= 2;
        let continuation = !at_left && layout.gap_before != Some(true);
        if item.bullet.is_some() || !(row_start || continuation) {
            break;
        }
        match rows.last_mut() {
            Some(row) if continuation => row.end = index + 1,
            _ => rows.push(index..index + 1),
        }
    }
    Table { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: Measures = Measures {
        body: 45.0,
        bullet: 45.0,
        noise: measure::MIN_NOISE,
    };

    fn items(lines: &[(&str, bool)]) -> Vec<Item> {
        lines
            .iter()
            .enumerate()
            .map(|(index, (text, trailing_space))| Item {
                number: index as u32 + 1,
                text: text.to_string(),
                body: text.to_string(),
                bullet: None,
                trailing_space: *trailing_space,
                page: 1,
                layout: None,
            })
            .collect()
    }

    #[test]
    fn figure_rows() {
        assert!(is_figure_row(
            "Aalst 78.271 12.947.676 2.271.847 106.247.307 2,1%"
        ));
        assert!(is_figure_row(
            "Totaal 2.642.240 691.020.030 119.226.000 3.210.876.533 3,7%"
        ));
        assert!(!is_figure_row("Inwoners 2008 Gecumuleerde"));
        assert!(!is_figure_row(
            "In 2008 staat Hasselt op de tweede plaats voor de 3 indicatoren."
        ));
    }

    #[test]
    fn a_figure_table_has_one_header_and_a_row_per_line() {
        let lines = items(&[
            ("Inwoners 2008 Gecumuleerde", true),
            ("trekkingsrech-", false),
            ("ten (in euro)", false),
            ("Aalst 78.271 12.947.676 2,1%", false),
            ("Totaal 2.642.240 691.020.030 3,7%", false),
            ("Bron: Agentschap Binnenlands Bestuur", false),
        ]);
        assert!(starts_table(&lines, 0, &CLEAN));
        let table = table_at(&lines, 0, Some(9), 45.0);
        assert_eq!(table.rows, vec![0..3, 3..4, 4..5]);
        assert_eq!(table.end(), 5);
    }

    #[test]
    fn a_member_list_has_a_row_per_member() {
        let lines = items(&[
            ("Naam Rol in visitatie Functie", false),
            ("prof. dr. Arno Korsten voorzitter hoogleraar aan", true),
            ("de Universiteit Maastricht en", true),
            ("Universiteit (NL)", false),
            ("Wouter Van Bellingen ervaringsdeskundige,", true),
            ("kindvriendelijkheid", false),
            ("schepen van de stad Sint-Niklaas", false),
            ("Bart Van Herck projectleider manager IDEA Consult", false),
            ("Noot: de waarnemers", false),
        ]);
        assert!(starts_table(&lines, 0, &CLEAN));
        let table = table_at(&lines, 0, Some(9), 45.0);
        assert_eq!(table.rows, vec![0..1, 1..4, 4..7, 7..8]);
    }

    #[test]
    fn a_row_opens_with_titles_however_spelled() {
        assert!(opens_row("prof. dr. Maria De Bie expert"));
        assert!(opens_row("professor. dr. Maria De Bie expert"));
        assert!(opens_row("gemeenschappelijk. Maria De Bie expert"));
        assert!(!opens_row("gemeenschappelijk. en verder"));
        assert!(!opens_row("kindvriendelijkheid"));
    }

    #[test]
    fn prose_does_not_start_a_table() {
        let lines = items(&[
            ("Het stadsbestuur krijgt goede scores van zijn burgers als het gaat over vertrouwen, informatiespreiding", true),
            ("of consultatie door het bestuur.", false),
        ]);
        assert!(!starts_table(&lines, 0, &CLEAN));
        assert!(is_label_line("Noot: 2008 wordt"));
        assert!(!is_label_line("Stakeholders Sue: Taylor"));
    }
}

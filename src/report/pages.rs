//! Page numbers and running footers.
//!
//! Pages are counted from the breaks `lines` marks. A printed page number —
//! the running footer `22 | visitatierapport Hasselt` (or `… | 22`) — anchors
//! the count: the page the footer stands on is page 22, so the pages before it
//! are numbered back from there. A report without any printed number counts
//! from 1. Footers are layout, not text: they never reach a paragraph.

use super::lines::Line;

/// A running footer: the printed page number and the running title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footer {
    pub page: u32,
    pub title: String,
}

/// Recognise `22 | visitatierapport Hasselt` or `visitatierapport Hasselt | 22`.
pub fn footer(text: &str) -> Option<Footer> {
    let (left, right) = text.split_once('|')?;
    let (left, right) = (left.trim(), right.trim());
    let (number, title) = if is_page_number(left) {
        (left, right)
    } else if is_page_number(right) {
        (right, left)
    } else {
        return None;
    };
    if title.is_empty() || title.contains('|') || title.chars().count() > 80 {
        return None;
    }
    Some(Footer {
        page: number.parse().ok()?,
        title: title.to_string(),
    })
}

/// A footer line that no other break precedes or follows.
fn footer_opens_page(lines: &[Line], position: usize) -> bool {
    let line = &lines[position];
    if line.page_break || footer(&line.text).is_none() {
        return false;
    }
    let next_text = lines[position + 1..].iter().find(|line| !line.is_blank());
    !next_text.is_some_and(|next| next.page_break)
}

fn is_page_number(text: &str) -> bool {
    (1..=4).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// The page of every line (same indices as `lines`), anchored on the first
/// footer whose printed number is consistent with the breaks before it.
///
/// A footer opens its page when the next page does not open with a break of
/// its own (in the Hasselt extraction `22 | visitatierapport Hasselt` is the
/// first line of page 22, after an empty line, so no other mark shows it).
pub fn number_pages(lines: &[Line]) -> Vec<u32> {
    let mut index = 0u32;
    let mut indices = Vec::with_capacity(lines.len());
    let mut offset: Option<i64> = None;
    let mut seen_text = false;
    for (position, line) in lines.iter().enumerate() {
        if (line.page_break || footer_opens_page(lines, position)) && seen_text {
            index += 1;
        }
        seen_text |= !line.is_blank();
        indices.push(index);
        if offset.is_none() {
            if let Some(found) = footer(&line.text) {
                let candidate = i64::from(found.page) - i64::from(index);
                if candidate >= 1 {
                    offset = Some(candidate);
                }
            }
        }
    }
    let offset = offset.unwrap_or(1);
    indices
        .into_iter()
        .map(|index| u32::try_from(i64::from(index) + offset).unwrap_or(u32::MAX))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::lines::split;

    #[test]
    fn footers_in_both_orders() {
        let found = footer("22 | visitatierapport Hasselt").unwrap();
        assert_eq!(found.page, 22);
        assert_eq!(found.title, "visitatierapport Hasselt");
        assert_eq!(footer("visitatierapport Gent | 7").unwrap().page, 7);
        assert_eq!(footer("Noot: a | b"), None);
        assert_eq!(footer("2008 | 2009 | 2010"), None);
    }

    #[test]
    fn a_printed_number_anchors_the_count() {
        // Breaks on lines 2 and 4; the footer opens the third page, printed 22.
        let lines = split("een\n twee\ndrie\n 22 | visitatierapport X\nvier\n");
        assert_eq!(number_pages(&lines), vec![20, 21, 21, 22, 22, 22]);
    }

    #[test]
    fn a_footer_after_an_empty_line_opens_its_page() {
        let lines = split("een\n\n 5 | rapport\n\ntwee\n");
        assert_eq!(number_pages(&lines), vec![4, 4, 5, 5, 5, 5]);
        // At the foot of a page, before a form feed, it does not.
        let lines = split("een\n5 | rapport\n\x0ctwee\n");
        assert_eq!(number_pages(&lines), vec![5, 5, 6, 6]);
    }

    #[test]
    fn without_a_printed_number_pages_count_from_one() {
        let lines = split("een\n\x0ctwee\n\x0cdrie\n");
        assert_eq!(number_pages(&lines), vec![1, 2, 3, 3]);
    }

    #[test]
    fn an_impossible_anchor_is_ignored() {
        // Printed "1" on the third page would put the first page at -1.
        let lines = split("een\n\x0ctwee\n\x0c1 | rapport\n");
        assert_eq!(number_pages(&lines), vec![1, 2, 3, 3]);
    }
}

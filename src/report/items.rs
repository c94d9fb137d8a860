//! Content lines: the non-blank, non-footer source lines the paragraphs are
//! made of, with their bullet mark split off and their page — the one line
//! model of the parser. A text report's lines carry only their text; a PDF's
//! also the layout the PDF states (`LineLayout`), which the later stages
//! take over the guesses from widths when it is there.

use super::lines::Line;
use super::pages;
use crate::pdf::{LineLayout, Role, TextLine};

/// A bullet mark at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bullet {
    /// `•` and the like.
    Main,
    /// `»`, `◦`: a bullet inside a bullet.
    Sub,
}

/// One content line.
#[derive(Debug, Clone)]
pub struct Item {
    /// 1-based source line number.
    pub number: u32,
    /// The line's text, bullet mark included, trimmed.
    pub text: String,
    /// The text after the bullet mark.
    pub body: String,
    pub bullet: Option<Bullet>,
    pub trailing_space: bool,
    pub page: u32,
    /// What the PDF says of the line's layout (`None` for a text report).
    pub layout: Option<LineLayout>,
}

impl Item {
    fn new(number: u32, text: &str, trailing_space: bool, page: u32) -> Item {
        let (mark, body) = bullet(text);
        Item {
            number,
            text: text.to_string(),
            body: body.to_string(),
            bullet: mark,
            trailing_space,
            page,
            layout: None,
        }
    }
}

/// An item for unit tests: line 1 on page 1, with a trailing space.
#[cfg(test)]
pub fn test_item(text: &str) -> Item {
    Item::new(1, text, true, 1)
}

/// The bullet mark of a line, if any, and the text after it.
pub fn bullet(text: &str) -> (Option<Bullet>, &str) {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return (None, text);
    };
    let rest = chars.as_str();
    let kind = match first {
        '•' | '●' | '▪' | '■' | '\u{f0b7}' | '‣' => Some(Bullet::Main),
        '»' | '◦' | '○' => Some(Bullet::Sub),
        '-' | '–' | 'o' if rest.starts_with('\t') => Some(Bullet::Main),
        _ => None,
    };
    match kind {
        Some(kind) => (Some(kind), rest.trim_start()),
        None => (None, text),
    }
}

/// The content lines of a report, and the running titles of its footers.
pub fn content(lines: &[Line], pages: &[u32]) -> (Vec<Item>, Vec<String>) {
    let mut items = Vec::new();
    let mut footers = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if let Some(footer) = pages::footer(&line.text) {
            footers.push(footer.title);
            continue;
        }
        let page = pages.get(index).copied().unwrap_or(1);
        items.push(Item::new(
            line.number,
            &line.text,
            line.trailing_space,
            page,
        ));
    }
    (items, footers)
}

/// The content lines of a PDF: its body lines (no running headers or
/// footers, no cover or contents), each with its layout. A line-end space
/// means nothing in a PDF: no line has one.
pub fn pdf_content(lines: &[TextLine]) -> Vec<Item> {
    lines
        .iter()
        .filter(|line| line.role == Role::Body)
        .map(|line| {
            let mut item = Item::new(line.number, &line.text, false, line.page);
            item.layout = Some(line.layout.clone());
            item
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullet_marks() {
        assert_eq!(bullet("•\t het belang"), (Some(Bullet::Main), "het belang"));
        assert_eq!(
            bullet("» het stadsbestuur"),
            (Some(Bullet::Sub), "het stadsbestuur")
        );
        assert_eq!(bullet("-\tpunt"), (Some(Bullet::Main), "punt"));
        assert_eq!(bullet("-strategie"), (None, "-strategie"));
        assert_eq!(bullet("ook"), (None, "ook"));
        assert_eq!(bullet(""), (None, ""));
    }
}

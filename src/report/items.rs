//! Content lines: the non-blank, non-footer source lines the paragraphs are
//! made of, with their bullet mark split off and their page.

use super::lines::Line;
use super::pages;

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
        let (mark, body) = bullet(&line.text);
        items.push(Item {
            number: line.number,
            text: line.text.clone(),
            body: body.to_string(),
            bullet: mark,
            trailing_space: line.trailing_space,
            page: pages.get(index).copied().unwrap_or(1),
        });
    }
    (items, footers)
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

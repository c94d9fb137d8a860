//! Source lines as the PDF extractor left them, with the few facts the
//! layout rules need: the trimmed text, whether the line ended in white space
//! (wrapped lines do), whether it is blank, and whether a new page starts on it.
//!
//! A page break shows in two ways: a form feed (anywhere before the line's
//! text, or after the previous text), or — in extractions without form feeds —
//! a line that starts with exactly one space right after a text line. A line
//! holding only a space is blank, not a break; and a break never directly
//! follows another break (a page holds more than one line), which keeps an
//! indented table header in single-spaced text from counting as a new page.

/// One line of the report text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the source text.
    pub number: u32,
    /// The line without form feeds and without leading/trailing white space.
    pub text: String,
    /// The raw line ended in white space (a wrapped line usually does).
    pub trailing_space: bool,
    /// A new PDF page starts on this line.
    pub page_break: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Split decoded report text into lines and mark the page breaks.
pub fn split(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut pending_break = false;
    let mut previous_was_text = false;
    let mut previous_was_break = false;
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (feed_before, feed_after) = form_feeds(raw);
        // Form feeds are rare: borrow the line unless it has one.
        let cleaned: std::borrow::Cow<str> = if raw.contains('\x0c') {
            raw.chars()
                .filter(|&c| c != '\x0c')
                .collect::<String>()
                .into()
        } else {
            raw.into()
        };
        let text = cleaned.trim().to_string();
        let trailing_space = cleaned.ends_with(char::is_whitespace) && !text.is_empty();
        let mut page_break = false;
        if !text.is_empty() {
            let space_mark = starts_with_single_space(&cleaned) && previous_was_text;
            page_break = feed_before || pending_break || (space_mark && !previous_was_break);
            pending_break = false;
        } else if feed_before {
            pending_break = true;
        }
        if feed_after {
            pending_break = true;
        }
        if !text.is_empty() {
            previous_was_break = page_break;
        }
        previous_was_text = !text.is_empty();
        lines.push(Line {
            number: index as u32 + 1,
            text,
            trailing_space,
            page_break,
        });
    }
    lines
}

/// The white-space separated words of a line. Pure ASCII lines (most) are
/// split byte-wise, which is several times faster than decoding characters;
/// the others the Unicode way, so that a no-break space still separates.
pub fn words(line: &str) -> Words<'_> {
    if line.is_ascii() {
        Words::Ascii(line.split_ascii_whitespace())
    } else {
        Words::Unicode(line.split_whitespace())
    }
}

/// The iterator of `words`.
pub enum Words<'a> {
    Ascii(std::str::SplitAsciiWhitespace<'a>),
    Unicode(std::str::SplitWhitespace<'a>),
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Words::Ascii(words) => words.next(),
            Words::Unicode(words) => words.next(),
        }
    }
}

/// Whether the line holds a form feed before its text, and one after it.
fn form_feeds(raw: &str) -> (bool, bool) {
    if !raw.contains('\x0c') {
        return (false, false);
    }
    let first_text = raw.find(|c: char| !c.is_whitespace());
    let mut before = false;
    let mut after = false;
    for (position, c) in raw.char_indices() {
        if c == '\x0c' {
            match first_text {
                Some(start) if position > start => after = true,
                _ => before = true,
            }
        }
    }
    (before, after)
}

fn starts_with_single_space(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(text: &str) -> Vec<u32> {
        split(text)
            .into_iter()
            .filter(|line| line.page_break)
            .map(|line| line.number)
            .collect()
    }

    #[test]
    fn a_single_leading_space_after_text_starts_a_page() {
        assert_eq!(breaks("een\n twee\n"), vec![2]);
        // After an empty line the leading space is an indent, not a break.
        assert_eq!(breaks("een\n\n twee\n"), Vec::<u32>::new());
        // Two spaces, or a line holding only a space, are no break.
        assert_eq!(breaks("een\n  twee\n \ndrie"), Vec::<u32>::new());
        // The first line of the text is no break either.
        assert_eq!(breaks(" 1. SITUERING\n"), Vec::<u32>::new());
    }

    #[test]
    fn a_break_never_follows_a_break() {
        assert_eq!(breaks("tekst\n 9.4 Tabel\n Inwoners 2008\n"), vec![2]);
    }

    #[test]
    fn form_feeds_mark_breaks_before_or_after_text() {
        assert_eq!(breaks("een\n\x0ctwee\n"), vec![2]);
        assert_eq!(breaks("een\n\x0c\n\ntwee\n"), vec![4]);
        assert_eq!(breaks("een\x0c\ntwee\n"), vec![2]);
        let lines = split("een\n\x0c twee \n");
        assert_eq!(lines[1].text, "twee");
        assert!(lines[1].trailing_space);
    }

    #[test]
    fn words_split_on_any_white_space() {
        assert_eq!(
            words(" een  twee\tdrie ").collect::<Vec<_>>(),
            ["een", "twee", "drie"]
        );
        assert_eq!(words("één\u{a0}twee").collect::<Vec<_>>(), ["één", "twee"]);
        assert_eq!(words("").count(), 0);
    }

    #[test]
    fn trailing_space_and_blank_lines() {
        let lines = split("gewrapt \neinde\n \n");
        assert!(lines[0].trailing_space);
        assert!(!lines[1].trailing_space);
        assert!(lines[2].is_blank());
        assert!(!lines[2].trailing_space);
    }
}

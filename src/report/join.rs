//! Joining a paragraph's source lines into its clean text, and remembering
//! where each source line landed (`line_offsets`), so that `mentions` can name
//! the source line of any occurrence even after words were glued back
//! together across a line end.

use super::hyphen::{self, Joint, ReportWords};

/// A paragraph's text and the byte offset at which each source line starts in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Joined {
    pub text: String,
    pub line_offsets: Vec<[u32; 2]>,
}

/// Join `(line number, line text)` pieces: one space between lines, the
/// hyphenation repaired, `¬` and soft hyphens deleted, runs of white space collapsed.
pub fn join(pieces: &[(u32, &str)], words: &ReportWords) -> Joined {
    let mut joined = Joined::default();
    let mut previous: Option<&str> = None;
    for &(number, raw) in pieces {
        if is_blank(raw) {
            continue;
        }
        if let Some(previous) = previous {
            separate(&mut joined.text, previous, raw, words);
        }
        let offset = u32::try_from(joined.text.len()).unwrap_or(u32::MAX);
        joined.line_offsets.push([offset, number]);
        push_clean(&mut joined.text, raw);
        previous = Some(raw);
    }
    joined
}

/// Put what belongs between the text so far (ending with line `previous`) and line `next`.
fn separate(text: &mut String, previous: &str, next: &str, words: &ReportWords) {
    let previous = previous.trim_end();
    if previous.ends_with(['¬', '\u{ad}']) {
        return;
    }
    if !super::measure::ends_in_split_word(previous) {
        text.push(' ');
        return;
    }
    match hyphen::decide(previous, next, words) {
        Joint::Glue => {
            text.pop();
        }
        Joint::KeepHyphen => {}
        Joint::Suspended => text.push(' '),
    }
}

/// The line without soft hyphens, with single spaces.
pub fn clean(line: &str) -> String {
    let mut text = String::with_capacity(line.len());
    push_clean(&mut text, line);
    text
}

fn is_soft(c: char) -> bool {
    c == '¬' || c == '\u{ad}'
}

/// Nothing would be left of the line by `clean`.
fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || is_soft(c))
}

/// Append `clean(line)` to `text` (one pass, no allocation of its own; this
/// runs for every line of every report).
fn push_clean(text: &mut String, line: &str) {
    if line.is_ascii() {
        // Most lines: ASCII, single spaces between the words. Then the
        // trimmed line is its words joined by one space, copied at once.
        let trimmed = line.trim_ascii();
        let bytes = trimmed.as_bytes();
        // Every white-space byte a space before a word (the last byte is
        // none: trimmed), white space as `lines::words` splits ASCII at.
        let single_spaces = bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .all(|(&a, &b)| !a.is_ascii_whitespace() || (a == b' ' && !b.is_ascii_whitespace()));
        if single_spaces {
            text.push_str(trimmed);
            return;
        }
    }
    if !line.contains(is_soft) {
        for (index, word) in super::lines::words(line).enumerate() {
            if index > 0 {
                text.push(' ');
            }
            text.push_str(word);
        }
        return;
    }
    let mut first = true;
    for word in line.split_whitespace() {
        if word.chars().all(is_soft) {
            continue;
        }
        if !first {
            text.push(' ');
        }
        first = false;
        if word.contains(is_soft) {
            text.extend(word.chars().filter(|&c| !is_soft(c)));
        } else {
            text.push_str(word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(lines: &[&str]) -> Joined {
        let pieces: Vec<(u32, &str)> = lines
            .iter()
            .enumerate()
            .map(|(index, line)| (index as u32 * 2 + 1, *line))
            .collect();
        join(&pieces, &ReportWords::default())
    }

    #[test]
    fn lines_are_joined_with_one_space_and_split_words_glued() {
        let result = joined(&["De visitatiecom-", "missie  adviseert ", "om\tte"]);
        assert_eq!(result.text, "De visitatiecommissie adviseert om te");
        assert_eq!(result.line_offsets, vec![[0, 1], [15, 3], [32, 5]]);
    }

    #[test]
    fn offsets_point_at_the_source_line_of_every_byte() {
        let result = joined(&["coördi-", "natie van ", "speel¬", "ruimte"]);
        assert_eq!(result.text, "coördinatie van speelruimte");
        for [offset, line] in &result.line_offsets {
            let start = *offset as usize;
            assert!(result.text.is_char_boundary(start), "{line}");
        }
        assert_eq!(
            &result.text[result.line_offsets[1][0] as usize..],
            "natie van speelruimte"
        );
        assert_eq!(&result.text[result.line_offsets[3][0] as usize..], "ruimte");
    }

    /// `push_clean` as it reads without its fast path: the words, one space apart.
    fn by_words(line: &str) -> String {
        if line.contains(is_soft) {
            return clean(line);
        }
        super::super::lines::words(line)
            .collect::<Vec<_>>()
            .join(" ")
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_gives_the_words_one_space_apart(
            line in "[ \t\r\x0ca-c.,-]{0,12}|[ a¬\u{ad}\u{a0}é]{0,8}"
        ) {
            proptest::prop_assert_eq!(clean(&line), by_words(&line));
        }
    }

    #[test]
    fn soft_hyphens_inside_words_are_deleted() {
        assert_eq!(clean("visie¬ont¬wik¬ke¬ling  en"), "visieontwikkeling en");
    }

    #[test]
    fn elision_and_real_hyphens() {
        assert_eq!(
            joined(&["energie-", "en materialen"]).text,
            "energie- en materialen"
        );
        assert_eq!(joined(&["2008-", "2013"]).text, "2008-2013");
        assert_eq!(
            joined(&["visie en", "-strategie"]).text,
            "visie en -strategie"
        );
    }
}

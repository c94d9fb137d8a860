//! Human output fitted to the terminal: lines longer than the width are
//! broken between words (never inside one), and a continuation line keeps
//! its line's indent — under a `- ` or `· ` bullet, the bullet's text. Used
//! for every command's human output at the width `cli` chooses (the
//! terminal's, or `COLUMNS`); piped output without `COLUMNS` is not wrapped.
//! Colour sequences take no width.

/// `text` with each line wrapped at `width` columns.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        wrap_line(body, width, &mut out);
        out.push_str(newline);
    }
    out
}

/// The columns `text` takes on a terminal: characters, less escape sequences.
pub fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(character) = chars.next() {
        if character == '\u{1b}' {
            // CSI: `ESC [` parameters, then a final byte in `@`..`~`.
            if chars.next() == Some('[') {
                for inner in chars.by_ref() {
                    if ('@'..='~').contains(&inner) {
                        break;
                    }
                }
            }
            continue;
        }
        width += 1;
    }
    width
}

fn wrap_line(line: &str, width: usize, out: &mut String) {
    if visible_width(line) <= width {
        out.push_str(line);
        return;
    }
    let indent_end = line.len() - line.trim_start().len();
    let rest = &line[indent_end..];
    // A bullet's or a number's text is the indent of its continuation lines.
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0 && rest[digits..].starts_with(". ");
    let bullet = match numbered {
        true => digits + 2,
        false => ["- ", "· ", "• "]
            .iter()
            .find(|bullet| rest.starts_with(**bullet))
            .map_or(0, |bullet| bullet.chars().count()),
    };
    let hanging = " ".repeat(visible_width(&line[..indent_end]) + bullet);
    // Too narrow to keep the indent: start continuation lines at the margin.
    let hanging = if hanging.len() * 2 > width {
        String::new()
    } else {
        hanging
    };
    let indent = &line[..indent_end];
    out.push_str(indent);
    let mut column = visible_width(indent);
    let mut has_word = false;
    for word in rest.split(' ').filter(|word| !word.is_empty()) {
        let word_width = visible_width(word);
        if has_word && column + 1 + word_width > width {
            out.push('\n');
            out.push_str(&hanging);
            column = hanging.len();
            has_word = false;
        }
        if has_word {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word_width;
        has_word = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_kept() {
        assert_eq!(wrap("a b\n  c\n", 10), "a b\n  c\n");
    }

    #[test]
    fn long_lines_break_between_words_and_keep_their_indent() {
        assert_eq!(
            wrap("    een twee drie vier vijf\n", 14),
            "    een twee\n    drie vier\n    vijf\n"
        );
        assert_eq!(
            wrap("- een twee drie vier\n", 12),
            "- een twee\n  drie vier\n"
        );
        assert_eq!(wrap(" 12. een twee drie", 13), " 12. een twee\n     drie");
    }

    #[test]
    fn a_word_longer_than_the_line_is_not_broken() {
        assert_eq!(
            wrap("de programmamanagementmethodiek werkt", 12),
            "de\nprogrammamanagementmethodiek\nwerkt"
        );
    }

    #[test]
    fn colour_takes_no_width() {
        let bold = "\u{1b}[1;33mkind\u{1b}[0m";
        assert_eq!(visible_width(bold), 4);
        assert_eq!(
            wrap(&format!("een {bold} twee"), 13),
            format!("een {bold} twee")
        );
    }

    #[test]
    fn every_line_fits_unless_one_word_is_wider() {
        let text = "Het stadsbestuur werkt aan de stad met veel aandacht voor de wijken en de inwoners die er wonen.";
        for width in 20..60 {
            for line in wrap(text, width).lines() {
                assert!(visible_width(line) <= width, "{width}: {line:?}");
            }
        }
    }
}

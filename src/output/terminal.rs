//! Report text is data, not instructions for the terminal. A report (or a
//! file name) may carry escape sequences — by accident from a PDF extractor
//! or on purpose — that would recolour, retitle or clear the user's terminal.
//! Human output passes every piece of report-derived text through
//! [`sanitize_for_terminal`]; JSON output needs no such step, since serde
//! escapes control characters itself.

use std::borrow::Cow;

/// `text` without terminal control: ANSI escape sequences (CSI `ESC [ … final`,
/// OSC `ESC ] … BEL/ST`, and two-character `ESC x`) are removed whole; any other
/// C0 or C1 control character, and DEL, is removed, except newline and tab.
/// Borrowed when there is nothing to remove, which is the common case.
pub fn sanitize_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(character) = chars.next() {
        match character {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 CSI and OSC: their parameters would otherwise be printed as text.
            '\u{9b}' => skip_csi_parameters(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            character if is_unsafe(character) => {}
            character => clean.push(character),
        }
    }
    Cow::Owned(clean)
}

fn is_unsafe(character: char) -> bool {
    character.is_control() && character != '\n' && character != '\t'
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After an ESC: the rest of the sequence it starts.
fn skip_escape_sequence(chars: &mut Chars) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi_parameters(chars);
        }
        // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \).
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character sequences (ESC c, ESC 7, …); a lone ESC at the end is just dropped.
        Some(next) if ('\u{20}'..='\u{7e}').contains(next) => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI parameter and intermediate bytes up to and including the final byte (0x40–0x7e).
/// Stops early at anything that cannot be part of a CSI, so text is never eaten wholesale.
fn skip_csi_parameters(chars: &mut Chars) {
    while let Some(&next) = chars.peek() {
        if ('\u{20}'..='\u{3f}').contains(&next) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&next) {
                chars.next();
            }
            return;
        }
    }
}

/// A control string's body, up to BEL, ST (ESC \ or U+009C), or a line end:
/// a line end always survives, so a broken sequence cannot swallow a report.
fn skip_string(chars: &mut Chars) {
    while let Some(&next) = chars.peek() {
        match next {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_for_terminal;

    fn assert_clean(input: &str, expected: &str) {
        assert_eq!(sanitize_for_terminal(input), expected, "input {input:?}");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "Hasselt — coördinatie\n\tlijst";
        assert!(matches!(
            sanitize_for_terminal(text),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn csi_colour_and_clear_screen_are_removed() {
        assert_clean("\u{1b}[31mrood\u{1b}[0m", "rood");
        assert_clean("a\u{1b}[2J\u{1b}[Hb", "ab");
        assert_clean("\u{9b}31mrood", "rood");
    }

    #[test]
    fn osc_title_and_hyperlink_are_removed() {
        assert_clean("\u{1b}]0;pwned\u{7}tekst", "tekst");
        assert_clean("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\", "link");
    }

    #[test]
    fn other_controls_go_newline_and_tab_stay() {
        assert_clean("a\rb\u{8}c\u{7}d\u{0}e\u{7f}f\u{85}g\n\th", "abcdefg\n\th");
        assert_clean("\u{c}pagina", "pagina");
    }

    #[test]
    fn broken_sequences_do_not_swallow_text() {
        assert_clean("eind\u{1b}", "eind");
        assert_clean(
            "\u{1b}]titel zonder einde\nvolgende regel",
            "\nvolgende regel",
        );
        assert_clean("\u{1b}[12;ë", "ë");
    }
}

//! Whether a line's paragraph goes on on the next line.
//!
//! In the extracted text nearly every line is followed by an empty line, so
//! the empty lines say nothing; the signals are at the line ends. Measured on
//! the Hasselt report: a wrapped line ends in a split word (`visitatiecom-`)
//! or in a space; a line without a trailing space ends its paragraph (outside
//! tables, always); a line that starts with a lower-case letter continues the
//! one before. What is left — a line that ends a sentence, then a space, with
//! a capital on the next line — is decided by width: a clearly short line ends
//! its paragraph, a full one is left `Open` for `segment` to decide by whether
//! the next word would have fitted. "Clearly short" is 15% short of the
//! measure, or four times the report's width noise if that is more: in a
//! text whose words differ from the printed ones a full line can come out
//! 20% short, and ending the paragraph there would split it.

use super::measure;

/// What the layout says about the boundary between two content lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// The paragraph goes on.
    Continues,
    /// A new paragraph starts.
    Ends,
    /// A full line that ends a sentence, followed by a capital: decided later.
    Open,
}

/// Share of the measure below which a line that ends a sentence ends its
/// paragraph, in a report with clean widths.
pub const SHORT_LINE: f64 = 0.85;

/// The facts about one line that the decision needs.
#[derive(Debug, Clone, Copy)]
pub struct LineEnd<'a> {
    /// The line's text, bullet mark included.
    pub text: &'a str,
    pub trailing_space: bool,
    /// The measure the line is set in (body or bullet).
    pub measure: f64,
    /// The report's width noise (`Measures::noise`).
    pub noise: f64,
}

impl LineEnd<'_> {
    /// The share of the measure below which a line is clearly short.
    fn short_share(&self) -> f64 {
        SHORT_LINE.min(1.0 - 4.0 * self.noise)
    }
}

/// Decide the boundary between `line` and the `next` content line.
/// `trailing_space_counts` is false for reports whose lines never end in a
/// space (re-saved by an editor): then that signal is ignored.
pub fn boundary(
    line: LineEnd,
    next_text: &str,
    next_is_bullet: bool,
    trailing_space_counts: bool,
) -> Boundary {
    if next_is_bullet {
        return Boundary::Ends;
    }
    if measure::ends_in_split_word(line.text) || line.text.ends_with('¬') {
        return Boundary::Continues;
    }
    if starts_lower_case(next_text) {
        return Boundary::Continues;
    }
    if trailing_space_counts && !line.trailing_space {
        return Boundary::Ends;
    }
    if ends_sentence(line.text) {
        if measure::width(line.text) < line.short_share() * line.measure {
            return Boundary::Ends;
        }
        return Boundary::Open;
    }
    Boundary::Continues
}

/// The text's first letter-or-digit is a lower-case letter (`(media)` and
/// `“wat` count as `m` and `w`: a quotation inside a sentence goes on).
pub fn starts_lower_case(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// The text ends a sentence or a clause that closes a paragraph: `.`, `?`,
/// `!`, `:` or `;`, possibly followed by closing quotes or brackets.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['”', '’', '"', '\'', ')', ']', ' ']);
    trimmed.ends_with(['.', '?', '!', ':', ';', '…'])
}

/// The first word of a line, with the space before it: what would have had
/// to fit at the end of the previous line.
pub fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEASURE: f64 = 45.0;

    fn end(text: &str, trailing_space: bool) -> LineEnd<'_> {
        LineEnd {
            text,
            trailing_space,
            measure: MEASURE,
            noise: 0.018,
        }
    }

    #[test]
    fn a_noisy_report_needs_a_shorter_line_to_end_a_paragraph() {
        let line = "het team Stedenbeleid en het Kenniscentrum Vlaamse steden woonden er ook bij.";
        let share = measure::width(line) / MEASURE;
        assert!(share < SHORT_LINE && share > 0.75, "{share}");
        assert_eq!(boundary(end(line, true), "De", false, true), Boundary::Ends);
        let noisy = LineEnd {
            noise: 0.085,
            ..end(line, true)
        };
        assert_eq!(boundary(noisy, "De", false, true), Boundary::Open);
    }

    #[test]
    fn split_words_and_lower_case_starts_continue() {
        assert_eq!(
            boundary(end("de beleidsovereen-", false), "Komst", false, true),
            Boundary::Continues
        );
        assert_eq!(
            boundary(end("einde.", false), "daarna", false, true),
            Boundary::Continues
        );
        assert_eq!(
            boundary(end("speel¬", false), "Ruimte", false, true),
            Boundary::Continues
        );
    }

    #[test]
    fn no_trailing_space_ends_unless_the_signal_is_absent() {
        assert_eq!(
            boundary(end("geen spatie", false), "Nieuw", false, true),
            Boundary::Ends
        );
        assert_eq!(
            boundary(end("geen spatie", false), "Nieuw", false, false),
            Boundary::Continues
        );
    }

    #[test]
    fn short_sentence_ends_end_and_full_ones_stay_open() {
        assert_eq!(
            boundary(end("periode 2008-2013.", true), "De", false, true),
            Boundary::Ends
        );
        let full =
            "het team Stedenbeleid en het Kenniscentrum Vlaamse steden woonden de visitaties bij.";
        assert_eq!(boundary(end(full, true), "De", false, true), Boundary::Open);
        assert_eq!(
            boundary(end("waarop ", true), "De", false, true),
            Boundary::Continues
        );
        assert_eq!(
            boundary(end("waarop ", true), "• x", true, true),
            Boundary::Ends
        );
    }

    #[test]
    fn sentence_ends_and_case() {
        assert!(ends_sentence("(‘Stad om te zoenen’)."));
        assert!(ends_sentence("met het college.”"));
        assert!(!ends_sentence("Afspiegelingscollege"));
        assert!(starts_lower_case("(media-)aandacht"));
        assert!(starts_lower_case("“wat goed is"));
        assert!(!starts_lower_case("“Wat goed is"));
        assert!(!starts_lower_case("42% van de"));
        assert_eq!(first_word("Dit heeft"), "Dit");
    }
}

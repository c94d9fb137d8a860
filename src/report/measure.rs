//! How wide a line was on the printed page, and the report's measures.
//!
//! Character counts are a poor proxy for width in a proportional font (an
//! `m` is four times an `i`), and the difference between a body line and a
//! recommendation line (set narrower, in italics) is only about 5%. So a line
//! is measured with Helvetica's glyph widths, which cuts the spread of full
//! lines to about a third of that of character counts. Measures are taken
//! from lines that end in a hyphenation hyphen: a word is split only when the
//! line is full, so those lines show the column width best.

/// Helvetica advance widths (1/1000 em) for ASCII 32..=126.
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Estimated printed width of one character, in 1/1000 em.
fn char_width(c: char) -> u32 {
    let code = c as u32;
    if (32..=126).contains(&code) {
        return u32::from(ASCII_WIDTHS[(code - 32) as usize]);
    }
    match c {
        '\t' | '¬' | '\u{ad}' => 0,
        '‘' | '’' | '‚' => 222,
        '“' | '”' | '„' => 333,
        '–' => 556,
        '—' | '…' => 1000,
        '•' => 350,
        _ => base_letter(c).map_or(556, char_width),
    }
}

/// The unaccented letter for common Latin-1 accented letters (`é` → `e`).
fn base_letter(c: char) -> Option<char> {
    let folded = crate::analysis::fold_char(c);
    (folded != c && folded.is_ascii()).then_some(folded)
}

/// Estimated printed width of a text, in em.
pub fn width(text: &str) -> f64 {
    f64::from(text.chars().map(char_width).sum::<u32>()) / 1000.0
}

/// The middle value of `values` (0 when empty).
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Whether a line ends in a word broken at a hyphen: a letter or digit, then
/// `-` (`visitatiecom-`, `2008-`), not a dash standing alone.
pub fn ends_in_split_word(text: &str) -> bool {
    let mut chars = text.chars().rev();
    chars.next() == Some('-') && chars.next().is_some_and(char::is_alphanumeric)
}

/// The column widths of one report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    /// Width of a full body line, in em.
    pub body: f64,
    /// Width of a full line inside a bullet (indented, so narrower).
    pub bullet: f64,
}

impl Measures {
    /// Measure the report from its full lines: the median width of lines that
    /// end in a split word, ignoring short ones (table headers split words too).
    pub fn of<'a>(lines: impl Iterator<Item = (&'a str, bool)>) -> Measures {
        let mut body = Vec::new();
        let mut bullet = Vec::new();
        for (text, in_bullet) in lines {
            if ends_in_split_word(text) {
                if in_bullet {
                    bullet.push(width(text));
                } else {
                    body.push(width(text));
                }
            }
        }
        let body = typical_full_width(&mut body);
        let bullet = typical_full_width(&mut bullet);
        let body = if body > 0.0 { body } else { bullet };
        let bullet = if bullet > 0.0 { bullet } else { body };
        Measures { body, bullet }
    }

    /// The measure a paragraph's lines are compared with.
    pub fn for_lines(&self, in_bullet: bool) -> f64 {
        if in_bullet {
            self.bullet
        } else {
            self.body
        }
    }
}

/// Median of the widths at least half as wide as the widest.
fn typical_full_width(widths: &mut Vec<f64>) -> f64 {
    let widest = widths.iter().copied().fold(0.0, f64::max);
    widths.retain(|&w| w >= widest / 2.0);
    median(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportional_widths() {
        assert!(width("mmmm") > 3.0 * width("iiii"));
        assert_eq!(width("é"), width("e"));
        assert_eq!(width("visie¬ontwikkeling"), width("visieontwikkeling"));
    }

    #[test]
    fn split_words_are_letter_then_hyphen() {
        assert!(ends_in_split_word("de beleidsovereen-"));
        assert!(!ends_in_split_word("2008 -"));
        assert!(!ends_in_split_word("-"));
    }

    #[test]
    fn measures_come_from_full_split_lines() {
        let long = "een volle regel tekst die tot aan de rechtermarge loopt en daar afgebro-";
        let short = "trekkingsrech-";
        let measures = Measures::of([(long, false), (long, false), (short, false)].into_iter());
        assert_eq!(measures.body, width(long));
        assert_eq!(measures.bullet, width(long));
    }
}

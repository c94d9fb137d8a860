//! How wide a line was on the printed page, and the report's measures.
//!
//! Character counts are a poor proxy for width in a proportional font (an
//! `m` is four times an `i`), and the difference between a body line and a
//! recommendation line (set narrower, in italics) is only about 5%. So a line
//! is measured with Helvetica's glyph widths, which cuts the spread of full
//! lines to about a third of that of character counts. Measures are taken
//! from lines that end in a hyphenation hyphen: a word is split only when the
//! line is full, so those lines show the column width best.
//!
//! How far those full lines scatter around the measure is measured too (the
//! report's width *noise*). In a typeset report it is small (about 2% on the
//! Hasselt report) and a line's width can be trusted to a few percent; in a
//! re-worded or re-extracted text (another edition, words substituted) it can
//! be 8% or more, and the rules that read widths must weigh them less. Every
//! width rule downstream scales with this figure instead of assuming the
//! seed's precision.

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

/// The body measure of the Hasselt report (em), for texts too short to
/// show their own (no line ends in a split word).
pub const DEFAULT_MEASURE: f64 = 45.0;

/// The column widths of one report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    /// Width of a full body line, in em.
    pub body: f64,
    /// Width of a full line inside a bullet (indented, so narrower).
    pub bullet: f64,
    /// Robust spread of full body lines around `body`, as a share of it
    /// (1.4826 × median absolute deviation: a standard deviation that the
    /// narrower recommendation lines among them do not inflate).
    pub noise: f64,
}

/// Floor of `Measures::noise`: even a perfectly typeset report's full lines
/// differ by the slack a word break leaves, and with too few lines to measure
/// the spread the floor is what is assumed.
pub const MIN_NOISE: f64 = 0.012;

/// Below this noise the widths are typeset widths: a line's width is a
/// reliable witness of where the typesetter broke it (the Hasselt report: 0.018).
pub const CLEAN_NOISE: f64 = 0.03;

/// Full lines needed before their spread says anything.
const MIN_NOISE_SAMPLES: usize = 8;

impl Measures {
    /// Measure the report from its full lines: the median width of lines that
    /// end in a split word, ignoring short ones (table headers split words too).
    #[cfg(test)]
    pub fn of<'a>(lines: impl Iterator<Item = (&'a str, bool)>) -> Measures {
        Measures::of_full(lines.map(|(text, in_bullet)| (text, in_bullet, false)))
    }

    /// `of`, where the layout also says which lines are full (a PDF's
    /// lines that reach the right edge): those count as split lines do.
    /// `(text, in a bullet, full)`.
    pub fn of_full<'a>(lines: impl Iterator<Item = (&'a str, bool, bool)>) -> Measures {
        let mut body = Vec::new();
        let mut bullet = Vec::new();
        for (text, in_bullet, full) in lines {
            if full || ends_in_split_word(text) {
                if in_bullet {
                    bullet.push(width(text));
                } else {
                    body.push(width(text));
                }
            }
        }
        let body_widths = body.clone();
        let body = typical_full_width(&mut body);
        let bullet = typical_full_width(&mut bullet);
        let noise = spread(body_widths, body);
        let body = [body, bullet, DEFAULT_MEASURE]
            .into_iter()
            .find(|&width| width > 0.0)
            .unwrap_or(DEFAULT_MEASURE);
        let bullet = if bullet > 0.0 { bullet } else { body };
        Measures {
            body,
            bullet,
            noise,
        }
    }

    /// The widths of this report are typeset widths (see `CLEAN_NOISE`).
    pub fn is_clean(&self) -> bool {
        self.noise <= CLEAN_NOISE
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

/// The robust spread of `widths` around `measure`, as a share of it (see
/// `Measures::noise`), over the same full lines `typical_full_width` keeps.
fn spread(mut widths: Vec<f64>, measure: f64) -> f64 {
    let widest = widths.iter().copied().fold(0.0, f64::max);
    widths.retain(|&w| w >= widest / 2.0);
    if widths.len() < MIN_NOISE_SAMPLES || measure <= 0.0 {
        return MIN_NOISE;
    }
    let mut deviations: Vec<f64> = widths.iter().map(|w| (w - measure).abs()).collect();
    (1.4826 * median(&mut deviations) / measure).max(MIN_NOISE)
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
        let none = Measures::of([("kort", false)].into_iter());
        assert_eq!(none.body, DEFAULT_MEASURE);
        assert_eq!(none.noise, MIN_NOISE);
    }

    #[test]
    fn noise_is_the_robust_spread_of_full_lines() {
        let line = |extra: usize| {
            format!(
                "een volle regel tekst die tot de marge loopt{}af-",
                "e".repeat(extra)
            )
        };
        let even: Vec<String> = (0..10).map(|_| line(4)).collect();
        let even = Measures::of(even.iter().map(|l| (l.as_str(), false)));
        assert_eq!(even.noise, MIN_NOISE);
        assert!(even.is_clean());
        let ragged: Vec<String> = (0..10).map(|i| line(i % 5 * 3)).collect();
        let ragged = Measures::of(ragged.iter().map(|l| (l.as_str(), false)));
        assert!(ragged.noise > CLEAN_NOISE, "{}", ragged.noise);
        assert!(!ragged.is_clean());
    }
}

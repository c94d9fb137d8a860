//! A page's glyphs → its text lines in reading order.
//!
//! Glyphs are taken in any drawing order: they are grouped by baseline (a
//! line is every glyph whose baseline lies within a fraction of the font size
//! of the line's), sorted left to right, and spaces are inferred from the
//! gaps between glyphs (a PDF may place every glyph on its own and draw no
//! space at all; a justified line stretches its spaces). A gap several spaces
//! wide splits the line into runs: the cells of a table row, or a label set
//! apart. Ligature glyphs are spelt out and soft hyphens removed (at a line
//! end, one marks a word split over the lines: it becomes `¬`, as in the
//! extraction styles the text path reads).

use super::glyphs::Glyph;

/// A gap between glyphs this wide (in em of the font size) is a space.
const SPACE_GAP: f32 = 0.16;
/// A gap this wide (in em) separates runs: table cells, a set-off label.
const RUN_GAP: f32 = 1.6;
/// Baselines closer than this (in em) are one line.
const SAME_LINE: f32 = 0.35;

/// A stretch of a line without a wide gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
}

/// One printed line.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfLine {
    pub runs: Vec<Run>,
    pub baseline: f32,
    /// The size most of its letters are set in.
    pub size: f32,
    /// Every letter is bold / most letters are italic.
    pub bold: bool,
    pub italic: bool,
}

impl PdfLine {
    pub fn x0(&self) -> f32 {
        self.runs.first().map_or(0.0, |run| run.x0)
    }

    pub fn x1(&self) -> f32 {
        self.runs.last().map_or(0.0, |run| run.x1)
    }

    /// The line's text: its runs separated by a space.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.runs.iter().map(|run| run.text.as_str()).collect();
        texts.join(" ")
    }
}

/// The lines of one page, top to bottom.
pub fn lines(mut glyphs: Vec<Glyph>) -> Vec<PdfLine> {
    glyphs.retain(|glyph| {
        glyph.size > 0.0
            && glyph.baseline.is_finite()
            && glyph.x0.is_finite()
            && glyph.x1.is_finite()
    });
    glyphs.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut lines = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    for glyph in glyphs {
        let same = current.first().is_some_and(|first| {
            (glyph.baseline - first.baseline).abs() <= SAME_LINE * first.size.max(glyph.size)
        });
        if !same && !current.is_empty() {
            lines.extend(line(std::mem::take(&mut current)));
        }
        current.push(glyph);
    }
    if !current.is_empty() {
        lines.extend(line(current));
    }
    lines
}

/// Spell out a glyph's text: ligatures as letters, no soft hyphens, no controls.
/// Most glyphs need none of that and are borrowed as they are.
fn spelt(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| !matches!(c, 'ﬀ'..='ﬆ' | '\u{a0}' | '\t') && !c.is_control();
    if text.chars().all(plain) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '\u{a0}' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_letter_glyph(glyph: &Glyph) -> bool {
    glyph.text.chars().any(char::is_alphanumeric)
}

fn line(mut glyphs: Vec<Glyph>) -> Option<PdfLine> {
    glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // A glyph drawn twice at the same place (fake bold, shadow) counts once.
    glyphs.dedup_by(|b, a| a.text == b.text && (a.x0 - b.x0).abs() < 0.05 * a.size.max(0.1));
    let letters: Vec<&Glyph> = glyphs.iter().filter(|g| is_letter_glyph(g)).collect();
    if letters.is_empty() && glyphs.iter().all(|g| g.text.trim().is_empty()) {
        return None;
    }
    let counted: Vec<&Glyph> = if letters.is_empty() {
        glyphs.iter().collect()
    } else {
        letters
    };
    let bold = counted.iter().all(|g| g.bold);
    let italic = counted.iter().filter(|g| g.italic).count() * 2 > counted.len();
    let size = median(counted.iter().map(|g| g.size).collect());
    let baseline = median(counted.iter().map(|g| g.baseline).collect());
    let mut runs: Vec<Run> = Vec::new();
    let mut text = String::new();
    let mut run_x0 = 0.0;
    let mut end: Option<f32> = None;
    let mut pending_space = false;
    for glyph in &glyphs {
        let spelt = spelt(&glyph.text);
        if spelt.trim().is_empty() {
            // A drawn space: a word gap even if the next glyph sits close.
            if !spelt.is_empty() {
                pending_space = true;
            }
            continue;
        }
        let em = glyph.size.max(1.0);
        match end {
            Some(end) if glyph.x0 - end >= RUN_GAP * em => {
                runs.push(Run {
                    x0: run_x0,
                    x1: end,
                    text: finish(&text),
                });
                text.clear();
                run_x0 = glyph.x0;
            }
            Some(end) if pending_space || glyph.x0 - end >= SPACE_GAP * em => text.push(' '),
            Some(_) => {}
            None => run_x0 = glyph.x0,
        }
        pending_space = false;
        text.push_str(spelt.trim());
        end = Some(end.map_or(glyph.x1, |end: f32| end.max(glyph.x1)));
    }
    if let Some(end) = end {
        runs.push(Run {
            x0: run_x0,
            x1: end,
            text: finish(&text),
        });
    }
    runs.retain(|run| !run.text.is_empty());
    if runs.is_empty() {
        return None;
    }
    merge_bullet(&mut runs);
    Some(PdfLine {
        runs,
        baseline,
        size,
        bold,
        italic,
    })
}

/// Bullet glyphs: they open a bullet when text follows them.
const BULLETS: &[&str] = &["•", "●", "▪", "■", "\u{f0b7}", "‣", "»", "◦", "○"];
/// Marks that open a bullet only when set apart from their text (a dash
/// after a space may be punctuation that wrapped to the line start).
const SET_APART_BULLETS: &[&str] = &["-", "–", "o", "*"];

/// A bullet glyph set apart from its text belongs to the text, not to a
/// column of its own: `•` and its text become one run `•\ttext`, the form
/// `items::bullet` reads.
fn merge_bullet(runs: &mut Vec<Run>) {
    let first = &runs[0];
    if let Some((mark, rest)) = first.text.split_once(' ') {
        if BULLETS.contains(&mark) && !rest.is_empty() {
            runs[0].text = format!("{mark}\t{rest}");
            return;
        }
    }
    let mark = first.text.as_str();
    if runs.len() >= 2 && (BULLETS.contains(&mark) || SET_APART_BULLETS.contains(&mark)) {
        let next = runs.remove(1);
        runs[0].text = format!("{}\t{}", runs[0].text, next.text);
        runs[0].x1 = next.x1;
    }
}

/// A run's text: soft hyphens dropped, one at the very end kept as `¬`.
fn finish(text: &str) -> String {
    let trimmed = text.trim();
    let (body, split) = match trimmed.strip_suffix('\u{ad}') {
        Some(body) => (body, true),
        None => (trimmed, false),
    };
    let mut out: String = body.chars().filter(|&c| c != '\u{ad}').collect();
    if split {
        out.push('¬');
    }
    out
}

fn median(mut values: Vec<f32>) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` from `x`, one per character, Helvetica-ish advance.
    fn word(text: &str, x: f32, baseline: f32) -> Vec<Glyph> {
        let mut x = x;
        text.chars()
            .map(|c| {
                let width = 5.5;
                let glyph = Glyph {
                    text: c.to_string(),
                    x0: x,
                    x1: x + width,
                    baseline,
                    size: 10.0,
                    bold: false,
                    italic: false,
                };
                x += width;
                glyph
            })
            .collect()
    }

    #[test]
    fn glyphs_in_any_order_make_lines_with_inferred_spaces() {
        let mut glyphs = word("ﬁnale", 10.0, 700.0);
        glyphs.extend(word("stad", 10.0 + 5.5 * 5.0 + 3.0, 700.0));
        glyphs.extend(word("Boven", 10.0, 688.0));
        glyphs.reverse();
        let lines = lines(glyphs);
        let texts: Vec<String> = lines.iter().map(PdfLine::text).collect();
        assert_eq!(texts, ["Boven", "finale stad"]);
    }

    #[test]
    fn kerning_is_not_a_space_and_wide_gaps_split_runs() {
        let mut glyphs = word("Naam", 10.0, 100.0);
        glyphs.extend(word("Rol", 10.0 + 22.0 + 0.5, 100.0));
        glyphs.extend(word("Functie", 200.0, 100.0));
        let lines = lines(glyphs);
        assert_eq!(lines.len(), 1);
        let runs: Vec<&str> = lines[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(runs, ["NaamRol", "Functie"]);
    }

    #[test]
    fn a_bullet_set_apart_opens_its_text() {
        let mut glyphs = word("•", 10.0, 100.0);
        glyphs.extend(word("punt een", 40.0, 100.0));
        let lines = lines(glyphs);
        assert_eq!(lines[0].runs.len(), 1);
        assert_eq!(lines[0].text(), "•\tpunt een");
        let close = [word("-", 10.0, 50.0), word("punt", 18.0, 50.0)].concat();
        assert_eq!(super::lines(close)[0].text(), "- punt");
        let apart = [word("-", 10.0, 50.0), word("punt", 40.0, 50.0)].concat();
        assert_eq!(super::lines(apart)[0].text(), "-\tpunt");
    }

    #[test]
    fn soft_hyphens_go_and_a_final_one_marks_a_split_word() {
        let glyphs = word("pro\u{ad}gram\u{ad}", 0.0, 10.0);
        assert_eq!(lines(glyphs)[0].text(), "program¬");
    }

    #[test]
    fn styles_and_blank_pages() {
        let mut glyphs = word("Kop", 0.0, 10.0);
        for glyph in &mut glyphs {
            glyph.bold = true;
        }
        let lines = lines(glyphs);
        assert!(lines[0].bold && !lines[0].italic);
        assert!(super::lines(word("   ", 0.0, 5.0)).is_empty());
        assert!(super::lines(Vec::new()).is_empty());
    }
}

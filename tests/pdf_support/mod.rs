//! A small PDF writer for tests and benchmarks: typesets a report's
//! headings and paragraphs into a PDF with the standard Helvetica or Times
//! fonts, in layouts the fixture does not have — another face, size,
//! leading and measure; no front pages (page labels instead); drawing order
//! shuffled, running headers and footers drawn first; words drawn one by
//! one, glyph by glyph, or as one `TJ` array a line with kerning numbers
//! and the word gaps as offsets (no space drawn); justified lines, by
//! stretched gaps or by `Tw` word spacing; ligatures named in the encoding
//! or mapped by a `ToUnicode` CMap; headings told by size alone.
//! It records the printed page each block starts on, as the answer key.
#![allow(dead_code)]

use visidex::model::{Kind, ParsedReport};

/// What the report says, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading { level: u8, text: String },
    Paragraph { kind: Kind, text: String },
}

/// The blocks of a parsed report, headings and paragraphs by source line.
pub fn blocks_of(parsed: &ParsedReport) -> Vec<Block> {
    let mut keyed: Vec<(u32, u8, Block)> = parsed
        .headings
        .iter()
        .map(|h| {
            (
                h.line,
                0,
                Block::Heading {
                    level: h.level,
                    text: h.text.clone(),
                },
            )
        })
        .chain(parsed.paragraphs.iter().map(|p| {
            (
                p.lines[0],
                1,
                Block::Paragraph {
                    kind: p.kind,
                    text: p.text.clone(),
                },
            )
        }))
        .collect();
    keyed.sort_by_key(|(line, order, _)| (*line, *order));
    keyed.into_iter().map(|(_, _, block)| block).collect()
}

/// How to typeset.
#[derive(Debug, Clone)]
pub struct Style {
    pub size: f32,
    pub leading: f32,
    /// Extra space between paragraphs, in points.
    pub paragraph_gap: f32,
    pub measure: f32,
    pub left: f32,
    pub page_width: f32,
    pub page_height: f32,
    pub top: f32,
    pub bottom: f32,
    /// `{n}` is replaced by the printed page number.
    pub footer: Option<String>,
    pub header: Option<String>,
    pub first_number: u32,
    /// Write `/PageLabels` (numbers from `first_number`) instead of printing them.
    pub labels: bool,
    /// A cover and a contents page before the text.
    pub front_pages: bool,
    /// Place every glyph with its own text matrix, no space glyphs drawn.
    pub glyph_by_glyph: bool,
    /// Stretch the word gaps of wrapped lines to the measure.
    pub justify: bool,
    /// Draw `fi` / `fl` as ligature glyphs (named in the font's encoding).
    pub ligatures: bool,
    /// Shuffle the drawing order of the lines (and the words) of each page.
    pub shuffle: Option<u64>,
    /// Recommendations: indent on both sides, in points.
    pub recommendation_indent: f32,
    pub face: Face,
    /// How the words of a line are drawn.
    pub drawing: Drawing,
    /// Give the fonts a `ToUnicode` CMap (ligature codes map to `fi`, `fl`).
    pub to_unicode: bool,
    /// Headings in the regular face, told from the body by size only.
    pub headings_by_size: bool,
    /// Draw running headers and footers before the page's text.
    pub furniture_first: bool,
    /// Paragraphs marked by a first-line indent of this many points instead
    /// of a gap (gaps stay around headings only).
    pub first_line_indent: Option<f32>,
}

/// The standard font family a report is set in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Face {
    Helvetica,
    Times,
}

/// How a line's words become text-showing operators.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Drawing {
    /// One `Td … Tj` per word (or per glyph with `glyph_by_glyph`).
    Words,
    /// One `TJ` per line: kerning numbers inside words, word gaps as
    /// offsets, no space glyph.
    KernedTj,
    /// One `Tj` per line with its spaces drawn, justified by `Tw`.
    WordSpacing,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            size: 10.0,
            leading: 13.0,
            paragraph_gap: 7.0,
            measure: 440.0,
            left: 70.0,
            page_width: 595.0,
            page_height: 842.0,
            top: 70.0,
            bottom: 70.0,
            footer: Some("{n} | visitatierapport".into()),
            header: None,
            first_number: 1,
            labels: false,
            front_pages: false,
            glyph_by_glyph: false,
            justify: false,
            ligatures: false,
            shuffle: None,
            recommendation_indent: 20.0,
            face: Face::Helvetica,
            drawing: Drawing::Words,
            to_unicode: false,
            headings_by_size: false,
            furniture_first: false,
            first_line_indent: None,
        }
    }
}

/// A typeset report: the PDF and the printed page each block starts on.
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: Vec<u32>,
    pub page_count: usize,
}

/// Advance widths (1/1000 em) of the letters that matter, in a face.
pub fn advance_in(face: Face, c: char) -> f32 {
    match face {
        Face::Helvetica => advance(c),
        Face::Times => times_advance(c),
    }
}

/// The base letter of an accented one (the accent does not change the width).
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'É' | 'È' | 'Ë' => 'E',
        c => c,
    }
}

/// Times-Roman advance widths (1/1000 em).
fn times_advance(c: char) -> f32 {
    let width = match base_letter(c) {
        ' ' | '.' | ',' => 250,
        'i' | 'j' | 'l' | 't' | ':' | ';' | '/' => 278,
        'f' | 'r' | 'I' | '-' | '(' | ')' | '!' | '‘' | '’' => 333,
        's' => 389,
        'J' => 389,
        'a' | 'c' | 'e' | 'z' | '?' => 444,
        'm' => 778,
        'w' | 'A' | 'D' | 'G' | 'H' | 'K' | 'N' | 'O' | 'Q' | 'U' | 'V' | 'X' | 'Y' => 722,
        'B' | 'C' | 'R' => 667,
        'E' | 'L' | 'T' | 'Z' => 611,
        'F' | 'P' | 'S' => 556,
        'M' => 889,
        'W' => 944,
        '&' => 778,
        '%' => 833,
        '\'' => 180,
        '—' => 1000,
        '•' => 350,
        _ => 500,
    };
    width as f32
}

/// Helvetica advance widths (1/1000 em) for the letters that matter.
pub fn advance(c: char) -> f32 {
    let width = match base_letter(c) {
        ' ' | 'f' | 't' | 'I' | '.' | ',' | ':' | ';' | '/' | '!' => 278,
        'i' | 'j' | 'l' => 222,
        'r' | '-' | '(' | ')' | '–' => 333,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
        'm' | 'M' => 833,
        'w' | 'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
        'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 667,
        'F' | 'T' | 'Z' => 611,
        'G' | 'O' | 'Q' => 778,
        'W' => 944,
        'L' => 556,
        '%' => 889,
        '\'' | '‘' | '’' => 222,
        '—' => 1000,
        '•' => 350,
        _ => 556,
    };
    width as f32
}

fn text_width(face: Face, text: &str, size: f32) -> f32 {
    text.chars().map(|c| advance_in(face, c)).sum::<f32>() * size / 1000.0
}

/// WinAnsi code of a character; ligatures take codes 30 (`fl`) and 31 (`fi`).
fn win_ansi(c: char) -> u8 {
    match c {
        '€' => 0x80,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        'ﬁ' => 31,
        'ﬂ' => 30,
        c if (c as u32) < 0x100 && (c as u32) >= 0x20 => c as u32 as u8,
        _ => b'?',
    }
}

fn pdf_string(text: &str) -> String {
    let mut out = String::from("(");
    for c in text.chars() {
        let code = win_ansi(c);
        match code {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(code as char);
            }
            0x20..=0x7e => out.push(code as char),
            _ => out.push_str(&format!("\\{code:03o}")),
        }
    }
    out.push(')');
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Font {
    Regular,
    Bold,
    Italic,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Italic => "F3",
        }
    }
}

/// One word drawn at a place, on a numbered printed line of its page.
#[derive(Debug, Clone)]
struct Word {
    x: f32,
    y: f32,
    text: String,
    font: Font,
    size: f32,
    line: usize,
}

#[derive(Default)]
struct Page {
    words: Vec<Word>,
}

struct Setter<'a> {
    style: &'a Style,
    pages: Vec<Page>,
    /// Baseline of the next line, from the page top.
    y: f32,
    /// Printed lines set so far (a word's `line`).
    lines: usize,
}

impl Setter<'_> {
    fn page_number(&self) -> u32 {
        self.style.first_number + self.pages.len() as u32 - 1
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.style.top;
    }

    fn room_for(&mut self, lines: usize, leading: f32) {
        if self.pages.is_empty()
            || self.y + leading * lines as f32 > self.style.page_height - self.style.bottom
        {
            self.new_page();
        }
    }

    /// Set one line of words from `x`, stretched to `width` when `justify`.
    fn line(&mut self, words: &[String], x: f32, width: f32, font: Font, size: f32, justify: bool) {
        self.room_for(1, self.style.leading);
        let face = self.style.face;
        let natural: f32 = words.iter().map(|w| text_width(face, w, size)).sum();
        let space = text_width(face, " ", size);
        let gap = if justify && words.len() > 1 {
            ((width - natural) / (words.len() - 1) as f32).max(space)
        } else {
            space
        };
        let mut at = x;
        let y = self.y;
        self.lines += 1;
        let line = self.lines;
        let page = self.pages.last_mut().expect("a page");
        for word in words {
            page.words.push(Word {
                x: at,
                y,
                text: word.clone(),
                font,
                size,
                line,
            });
            at += text_width(face, word, size) + gap;
        }
        self.y += self.style.leading * (size / self.style.size).max(1.0);
    }

    /// Wrap `text` to `width` and set it; returns the page it starts on.
    fn paragraph(&mut self, text: &str, x: f32, width: f32, font: Font, size: f32) -> u32 {
        self.indented_paragraph(text, x, width, font, size, 0.0)
    }

    /// [`Setter::paragraph`] with its first line indented by `indent` points.
    fn indented_paragraph(
        &mut self,
        text: &str,
        x: f32,
        width: f32,
        font: Font,
        size: f32,
        indent: f32,
    ) -> u32 {
        let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        let mut lines: Vec<Vec<String>> = Vec::new();
        let mut current: Vec<String> = Vec::new();
        let mut used = 0.0;
        let space = text_width(self.style.face, " ", size);
        for word in words {
            let w = text_width(self.style.face, &word, size);
            let room = if lines.is_empty() {
                width - indent
            } else {
                width
            };
            if !current.is_empty() && used + space + w > room {
                lines.push(std::mem::take(&mut current));
                used = 0.0;
            }
            used += if current.is_empty() { w } else { space + w };
            current.push(word);
        }
        if !current.is_empty() {
            lines.push(current);
        }
        // Keep a heading with the first two lines after it: never alone at a page end.
        self.room_for(lines.len().min(2), self.style.leading);
        let first_page = self.page_number();
        let count = lines.len();
        for (index, line) in lines.iter().enumerate() {
            let last = index + 1 == count;
            let shift = if index == 0 { indent } else { 0.0 };
            let justify = self.style.justify && !last;
            self.line(line, x + shift, width - shift, font, size, justify);
        }
        first_page
    }

    fn gap(&mut self) {
        self.y += self.style.paragraph_gap;
    }

    /// One word on a line of its own (a bullet mark, a table cell).
    fn word(&mut self, x: f32, text: &str, size: f32) {
        let y = self.y;
        self.lines += 1;
        let line = self.lines;
        self.pages.last_mut().expect("a page").words.push(Word {
            x,
            y,
            text: text.to_string(),
            font: Font::Regular,
            size,
            line,
        });
    }
}

fn ligatured(text: &str) -> String {
    text.replace("fi", "ﬁ").replace("fl", "ﬂ")
}

/// Typeset the blocks in the style.
pub fn typeset(blocks: &[Block], style: &Style) -> Typeset {
    let mut setter = Setter {
        style,
        pages: Vec::new(),
        y: style.top,
        lines: 0,
    };
    let mut front = 0;
    if style.front_pages {
        setter.new_page();
        setter.y = 300.0;
        setter.line(
            &["Visitatierapport".into()],
            style.left,
            style.measure,
            Font::Bold,
            24.0,
            false,
        );
        setter.new_page();
        setter.line(
            &["Inhoud".into()],
            style.left,
            style.measure,
            Font::Bold,
            14.0,
            false,
        );
        let mut number = 3;
        for block in blocks {
            if let Block::Heading { level: 1, text } = block {
                let words: Vec<String> = text
                    .split_whitespace()
                    .take(6)
                    .map(str::to_string)
                    .chain([number.to_string()])
                    .collect();
                setter.line(
                    &words,
                    style.left,
                    style.measure,
                    Font::Regular,
                    style.size,
                    false,
                );
                number += 4;
            }
        }
        front = setter.pages.len();
    }
    let mut pages = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                // A chapter starts a page, and so does the first heading after the front pages.
                if *level == 1 || setter.pages.len() <= front {
                    setter.new_page();
                } else {
                    setter.gap();
                }
                let (size, font) = match (*level, style.headings_by_size) {
                    (1, false) => (style.size * 1.4, Font::Bold),
                    (_, false) => (style.size, Font::Bold),
                    (1, true) => (style.size * 1.5, Font::Regular),
                    (_, true) => (style.size * 1.25, Font::Regular),
                };
                // A heading never stands alone at the foot of a page.
                setter.room_for(3, style.leading * 1.4);
                pages.push(setter.paragraph(text, style.left, style.measure, font, size));
            }
            Block::Paragraph { kind, text } => {
                if setter.pages.len() <= front {
                    setter.new_page();
                }
                if style.first_line_indent.is_none() {
                    setter.gap();
                }
                let page = match kind {
                    Kind::Recommendation => {
                        let indent = style.recommendation_indent;
                        setter.paragraph(
                            text,
                            style.left + indent,
                            style.measure - 2.0 * indent,
                            Font::Italic,
                            style.size,
                        )
                    }
                    Kind::ListItem | Kind::Figure => {
                        setter.room_for(1, style.leading);
                        let page = setter.page_number();
                        setter.word(style.left + 6.0, "•", style.size);
                        let indent = 20.0;
                        setter.paragraph(
                            text,
                            style.left + indent,
                            style.measure - indent,
                            Font::Regular,
                            style.size,
                        );
                        page
                    }
                    Kind::TableRow => {
                        // Two cells: the first word, the rest in a column of its own.
                        let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
                        setter.room_for(1, style.leading);
                        let page = setter.page_number();
                        setter.word(style.left, first, style.size);
                        if rest.is_empty() {
                            setter.y += style.leading;
                        } else {
                            setter.paragraph(
                                rest,
                                style.left + 150.0,
                                style.measure - 150.0,
                                Font::Regular,
                                style.size,
                            );
                        }
                        page
                    }
                    _ => setter.indented_paragraph(
                        text,
                        style.left,
                        style.measure,
                        Font::Regular,
                        style.size,
                        style.first_line_indent.unwrap_or(0.0),
                    ),
                };
                pages.push(page);
            }
        }
    }
    let page_count = setter.pages.len();
    let pdf = write_pdf(&setter.pages, style, front);
    Typeset {
        pdf,
        pages,
        page_count,
    }
}

/// A deterministic shuffle (xorshift), so a failing test can be rerun.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// The width of a glyph as the font's `/Widths` give it (ligatures: both letters).
fn glyph_advance(face: Face, c: char) -> f32 {
    match c {
        'ﬁ' => advance_in(face, 'f') + advance_in(face, 'i'),
        'ﬂ' => advance_in(face, 'f') + advance_in(face, 'l'),
        c => advance_in(face, c),
    }
}

/// A kerning number (1/1000 em, positive = closer) after the `index`th
/// letter of a word: a few pairs in every word, as a real face kerns.
fn kern(index: usize, c: char) -> f32 {
    match (index % 3, c) {
        (0, 'a'..='m') => 30.0,
        (1, 'n'..='z') => -15.0,
        _ => 0.0,
    }
}

fn content(page: &Page, number: u32, style: &Style, furniture: bool) -> String {
    let face = style.face;
    let mut furniture_words = Vec::new();
    if furniture {
        let mut line = usize::MAX / 2;
        let mut add = |template: &Option<String>, y: f32| {
            if let Some(template) = template {
                let text = template.replace("{n}", &number.to_string());
                let mut x = style.left;
                line += 1;
                for word in text.split_whitespace() {
                    furniture_words.push(Word {
                        x,
                        y,
                        text: word.to_string(),
                        font: Font::Regular,
                        size: style.size * 0.8,
                        line,
                    });
                    x += text_width(face, word, style.size * 0.8)
                        + text_width(face, " ", style.size * 0.8);
                }
            }
        };
        add(&style.header, style.top - 30.0);
        add(&style.footer, style.page_height - style.bottom + 30.0);
    }
    let mut words = if style.furniture_first {
        let mut words = furniture_words;
        words.extend(page.words.iter().cloned());
        words
    } else {
        let mut words = page.words.clone();
        words.extend(furniture_words);
        words
    };
    if style.ligatures {
        for word in &mut words {
            word.text = ligatured(&word.text);
        }
    }
    // The printed lines, in drawing order.
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if line[0].line == word.line => line.push(word),
            _ => lines.push(vec![word]),
        }
    }
    if let Some(seed) = style.shuffle {
        let seed = seed.wrapping_add(u64::from(number));
        if style.drawing == Drawing::Words {
            // Words drawn one by one: their order is shuffled too.
            let mut words: Vec<Word> = lines.into_iter().flatten().collect();
            shuffle(&mut words, seed);
            lines = words.into_iter().map(|word| vec![word]).collect();
        } else {
            shuffle(&mut lines, seed);
        }
    }
    let mut out = String::new();
    for line in &lines {
        match style.drawing {
            Drawing::Words => {
                for word in line {
                    draw_word(&mut out, word, style);
                }
            }
            Drawing::KernedTj => draw_kerned(&mut out, line, style),
            Drawing::WordSpacing => draw_spaced(&mut out, line, style),
        }
    }
    out
}

fn draw_word(out: &mut String, word: &Word, style: &Style) {
    let y = style.page_height - word.y;
    if style.glyph_by_glyph {
        let mut x = word.x;
        for c in word.text.chars() {
            out.push_str(&format!(
                "BT /{} {} Tf 1 0 0 1 {:.2} {:.2} Tm {} Tj ET\n",
                word.font.name(),
                word.size,
                x,
                y,
                pdf_string(&c.to_string())
            ));
            x += glyph_advance(style.face, c) * word.size / 1000.0;
        }
    } else {
        out.push_str(&format!(
            "BT /{} {} Tf {:.2} {:.2} Td {} Tj ET\n",
            word.font.name(),
            word.size,
            word.x,
            y,
            pdf_string(&word.text)
        ));
    }
}

/// A line as one `TJ` array: each word's letters with kerning numbers
/// between some of them, the gap to the next word as an offset.
fn draw_kerned(out: &mut String, line: &[Word], style: &Style) {
    let face = style.face;
    let first = &line[0];
    let size = first.size;
    let y = style.page_height - first.y;
    let mut array = String::new();
    // The pen, in points from the line start.
    let mut pen = first.x;
    for word in line {
        if word.x > pen + 0.001 || word.x < pen - 0.001 {
            let offset = -(word.x - pen) * 1000.0 / size;
            array.push_str(&format!(" {offset:.1} "));
            pen = word.x;
        }
        let chars: Vec<char> = word.text.chars().collect();
        let mut piece = String::new();
        for (index, &c) in chars.iter().enumerate() {
            piece.push(c);
            pen += glyph_advance(face, c) * size / 1000.0;
            let k = kern(index, c);
            if k != 0.0 && index + 1 < chars.len() {
                array.push_str(&pdf_string(&piece));
                array.push_str(&format!(" {k} "));
                pen -= k * size / 1000.0;
                piece.clear();
            }
        }
        if !piece.is_empty() {
            array.push_str(&pdf_string(&piece));
        }
    }
    out.push_str(&format!(
        "BT /{} {} Tf 1 0 0 1 {:.2} {:.2} Tm [{}] TJ ET\n",
        first.font.name(),
        size,
        first.x,
        y,
        array
    ));
}

/// A line as one string with its spaces, stretched by `Tw` to where the
/// words were set.
fn draw_spaced(out: &mut String, line: &[Word], style: &Style) {
    let first = &line[0];
    let size = first.size;
    let y = style.page_height - first.y;
    let space = text_width(style.face, " ", size);
    let tw = match line {
        [a, b, ..] => (b.x - a.x - text_width(style.face, &a.text, size) - space).max(0.0),
        _ => 0.0,
    };
    let texts: Vec<&str> = line.iter().map(|word| word.text.as_str()).collect();
    out.push_str(&format!(
        "BT /{} {} Tf {:.3} Tw {:.2} {:.2} Td {} Tj ET\n",
        first.font.name(),
        size,
        tw,
        first.x,
        y,
        pdf_string(&texts.join(" "))
    ));
}

fn widths(face: Face) -> String {
    // Codes 30..=255 of the encoding below.
    let mut out = String::from("[");
    for code in 30u32..=255 {
        let width = match code {
            31 => glyph_advance(face, 'ﬁ'),
            30 => glyph_advance(face, 'ﬂ'),
            0x95 => advance_in(face, '•'),
            0x96 => advance_in(face, '–'),
            0x97 => advance_in(face, '—'),
            0x91 | 0x92 => advance_in(face, '’'),
            code => char::from_u32(code).map_or(556.0, |c| advance_in(face, c)),
        };
        out.push_str(&format!("{} ", width as u32));
    }
    out.push(']');
    out
}

/// A `ToUnicode` CMap for the encoding: the ligature codes give two letters.
fn to_unicode_cmap() -> String {
    let mut chars = vec![
        (30u32, "0066006C".to_string()),
        (31, "00660069".to_string()),
    ];
    for (code, c) in [
        (0x80u32, '€'),
        (0x85, '…'),
        (0x91, '‘'),
        (0x92, '’'),
        (0x93, '“'),
        (0x94, '”'),
        (0x95, '•'),
        (0x96, '–'),
        (0x97, '—'),
    ] {
        chars.push((code, format!("{:04X}", c as u32)));
    }
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <00> <FF> endcodespacerange\n",
    );
    out.push_str(&format!("{} beginbfchar\n", chars.len()));
    for (code, hex) in &chars {
        out.push_str(&format!("<{code:02X}> <{hex}>\n"));
    }
    out.push_str("endbfchar\n2 beginbfrange\n<20> <7E> <0020>\n<A0> <FF> <00A0>\nendbfrange\n");
    out.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    out
}

fn write_pdf(pages: &[Page], style: &Style, front: usize) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    // 1 catalog, 2 pages, 3-5 fonts, then per page: page, content.
    let page_ids: Vec<usize> = (0..pages.len()).map(|i| 6 + 2 * i).collect();
    let labels = if style.labels {
        format!(
            " /PageLabels << /Nums [0 << /S /D /St {} >>] >>",
            style.first_number
        )
    } else {
        String::new()
    };
    objects.push(format!("<< /Type /Catalog /Pages 2 0 R{labels} >>"));
    let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        pages.len()
    ));
    let names = match style.face {
        Face::Helvetica => ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"],
        Face::Times => ["Times-Roman", "Times-Bold", "Times-Italic"],
    };
    // The CMap is the last object, after the pages.
    let cmap_id = 6 + 2 * pages.len();
    let to_unicode = if style.to_unicode {
        format!(" /ToUnicode {cmap_id} 0 R")
    } else {
        String::new()
    };
    for name in names {
        objects.push(format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /{name} /FirstChar 30 /LastChar 255 /Widths {} \
             /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [30 /fl /fi] >>{to_unicode} >>",
            widths(style.face)
        ));
    }
    for (index, page) in pages.iter().enumerate() {
        let number = style.first_number + index as u32;
        let furniture = index >= front;
        let stream = content(page, number, style, furniture);
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents {} 0 R >>",
            style.page_width,
            style.page_height,
            page_ids[index] + 1
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{}endstream",
            stream.len(),
            stream
        ));
    }
    let cmap = to_unicode_cmap();
    objects.push(format!(
        "<< /Length {} >>\nstream\n{cmap}endstream",
        cmap.len()
    ));
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

//! A small PDF writer for tests and benchmarks: typesets a report's
//! headings and paragraphs into a PDF with the standard Helvetica fonts,
//! in layouts the fixture does not have — another size and measure, no
//! front pages (page labels instead), drawing order shuffled, every glyph
//! placed on its own with ligatures and justified spacing, running headers.
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
        }
    }
}

/// A typeset report: the PDF and the printed page each block starts on.
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: Vec<u32>,
    pub page_count: usize,
}

/// Helvetica advance widths (1/1000 em) for the letters that matter.
pub fn advance(c: char) -> f32 {
    let base = match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'É' | 'È' | 'Ë' => 'E',
        c => c,
    };
    let width = match base {
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

fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(advance).sum::<f32>() * size / 1000.0
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

/// One word drawn at a place.
#[derive(Debug, Clone)]
struct Word {
    x: f32,
    y: f32,
    text: String,
    font: Font,
    size: f32,
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
        let natural: f32 = words.iter().map(|w| text_width(w, size)).sum();
        let space = text_width(" ", size);
        let gap = if justify && words.len() > 1 {
            ((width - natural) / (words.len() - 1) as f32).max(space)
        } else {
            space
        };
        let mut at = x;
        let y = self.y;
        let page = self.pages.last_mut().expect("a page");
        for word in words {
            page.words.push(Word {
                x: at,
                y,
                text: word.clone(),
                font,
                size,
            });
            at += text_width(word, size) + gap;
        }
        self.y += self.style.leading * (size / self.style.size).max(1.0);
    }

    /// Wrap `text` to `width` and set it; returns the page it starts on.
    fn paragraph(&mut self, text: &str, x: f32, width: f32, font: Font, size: f32) -> u32 {
        let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        let mut lines: Vec<Vec<String>> = Vec::new();
        let mut current: Vec<String> = Vec::new();
        let mut used = 0.0;
        let space = text_width(" ", size);
        for word in words {
            let w = text_width(&word, size);
            if !current.is_empty() && used + space + w > width {
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
            self.line(line, x, width, font, size, self.style.justify && !last);
        }
        first_page
    }

    fn gap(&mut self) {
        self.y += self.style.paragraph_gap;
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
                let size = if *level == 1 {
                    style.size * 1.4
                } else {
                    style.size
                };
                // A heading never stands alone at the foot of a page.
                setter.room_for(3, style.leading * 1.4);
                pages.push(setter.paragraph(text, style.left, style.measure, Font::Bold, size));
            }
            Block::Paragraph { kind, text } => {
                if setter.pages.len() <= front {
                    setter.new_page();
                }
                setter.gap();
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
                        let y = setter.y;
                        let page = setter.page_number();
                        setter.pages.last_mut().expect("a page").words.push(Word {
                            x: style.left + 6.0,
                            y,
                            text: "•".into(),
                            font: Font::Regular,
                            size: style.size,
                        });
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
                        let y = setter.y;
                        setter.room_for(1, style.leading);
                        let page = setter.page_number();
                        let y = if setter.y < y { setter.y } else { y };
                        setter.pages.last_mut().expect("a page").words.push(Word {
                            x: style.left,
                            y,
                            text: first.to_string(),
                            font: Font::Regular,
                            size: style.size,
                        });
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
                    _ => {
                        setter.paragraph(text, style.left, style.measure, Font::Regular, style.size)
                    }
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

fn content(page: &Page, number: u32, style: &Style, furniture: bool) -> String {
    let mut words = page.words.clone();
    if furniture {
        let mut add = |template: &Option<String>, y: f32| {
            if let Some(template) = template {
                let text = template.replace("{n}", &number.to_string());
                let mut x = style.left;
                for word in text.split_whitespace() {
                    words.push(Word {
                        x,
                        y,
                        text: word.to_string(),
                        font: Font::Regular,
                        size: style.size * 0.8,
                    });
                    x += text_width(word, style.size * 0.8) + text_width(" ", style.size * 0.8);
                }
            }
        };
        add(&style.header, style.top - 30.0);
        add(&style.footer, style.page_height - style.bottom + 30.0);
    }
    if let Some(seed) = style.shuffle {
        shuffle(&mut words, seed.wrapping_add(u64::from(number)));
    }
    let mut out = String::new();
    for word in &words {
        let y = style.page_height - word.y;
        let text = if style.ligatures {
            ligatured(&word.text)
        } else {
            word.text.clone()
        };
        if style.glyph_by_glyph {
            let mut x = word.x;
            for c in text.chars() {
                out.push_str(&format!(
                    "BT /{} {} Tf 1 0 0 1 {:.2} {:.2} Tm {} Tj ET\n",
                    word.font.name(),
                    word.size,
                    x,
                    y,
                    pdf_string(&c.to_string())
                ));
                let width = match c {
                    'ﬁ' => advance('f') + advance('i'),
                    'ﬂ' => advance('f') + advance('l'),
                    c => advance(c),
                };
                x += width * word.size / 1000.0;
            }
        } else {
            out.push_str(&format!(
                "BT /{} {} Tf {:.2} {:.2} Td {} Tj ET\n",
                word.font.name(),
                word.size,
                word.x,
                y,
                pdf_string(&text)
            ));
        }
    }
    out
}

fn widths() -> String {
    // Codes 30..=255 of the encoding below.
    let mut out = String::from("[");
    for code in 30u32..=255 {
        let width = match code {
            31 => advance('f') + advance('i'),
            30 => advance('f') + advance('l'),
            0x95 => advance('•'),
            0x96 => advance('–'),
            0x97 => advance('—'),
            0x91 | 0x92 => advance('’'),
            code => char::from_u32(code).map_or(556.0, advance),
        };
        out.push_str(&format!("{} ", width as u32));
    }
    out.push(']');
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
    for name in ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"] {
        objects.push(format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /{name} /FirstChar 30 /LastChar 255 /Widths {} \
             /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [30 /fl /fi] >> >>",
            widths()
        ));
    }
    for (index, page) in pages.iter().enumerate() {
        let number = style.first_number + index as u32;
        let furniture = !style.labels && index >= front;
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

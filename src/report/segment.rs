//! Cutting the content lines into headings and paragraph drafts, in reading
//! order, and keeping track of where each draft stands (chapter, section path).
//!
//! Walks the lines once. A line is a chapter heading (with its wrapped upper-
//! case continuation), a numbered section, the start of a table, an
//! un-numbered heading (a box title when bullets follow it), or paragraph text;
//! paragraph text continues or ends by `flow::boundary`, and the `Open` cases
//! are settled here by whether the next line's first word would have fitted
//! at the end of the line within the paragraph's own measure.
//!
//! A PDF's lines carry their layout (`Item::layout`), and where they do it
//! decides what the text only lets the walk guess: a heading is set in bold,
//! a table row has cells apart, and a paragraph ends at a vertical gap, at a
//! change between italic and upright type, where a bullet's text stops
//! hanging, or at a line set in by the report's first-line indent (in a
//! report that marks paragraphs that way). The text rules remain for what the layout leaves open (the first
//! line of a page has no gap above it to measure).

use super::draft::{Draft, Entry};
use super::evidence;
use super::flow::{self, Boundary, LineEnd};
use super::headings;
use super::items::Item;
use super::measure::{self, Measures};
use super::tables;
use crate::model::Heading;
use crate::pdf::LineLayout;
use std::ops::Range;

#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub drafts: Vec<Draft>,
    pub headings: Vec<Heading>,
}

/// The facts about the whole report the walk needs.
pub struct Layout {
    pub measures: Measures,
    /// Whether trailing spaces mean anything in this report.
    pub trailing_space_counts: bool,
}

struct Walk<'a> {
    items: &'a [Item],
    layout: &'a Layout,
    out: Segmented,
    chapter: String,
    chapter_number: Option<u32>,
    stack: Vec<Entry>,
    /// The last item belonged to a heading (a paragraph starts after it).
    after_heading: bool,
}

/// The widest of the lines but the last (those that wrapped), if there are
/// at least two (one line says too little about a measure).
fn widest_wrapped(lines: &[Item]) -> Option<f64> {
    let wrapped = lines.get(..lines.len().checked_sub(1)?)?;
    if wrapped.len() < 2 {
        return None;
    }
    wrapped
        .iter()
        .map(|item| measure::width(&item.text))
        .reduce(f64::max)
}

/// Segment the content lines of one report.
pub fn segment(items: &[Item], layout: &Layout) -> Segmented {
    let mut walk = Walk {
        items,
        layout,
        out: Segmented::default(),
        chapter: String::new(),
        chapter_number: None,
        stack: Vec::new(),
        after_heading: true,
    };
    let mut index = 0;
    while index < items.len() {
        index = walk.step(index);
    }
    walk.out
}

impl Walk<'_> {
    /// Handle the item at `index`; return the index of the next unhandled item.
    fn step(&mut self, index: usize) -> usize {
        let text = self.items[index].text.as_str();
        let set_as_heading = self.layout_of(index).is_none_or(is_heading_type);
        if let Some(number) = headings::chapter_number(text) {
            if set_as_heading && self.chapter_number.is_none_or(|current| number > current) {
                return self.chapter(index, number);
            }
        }
        let may_start = self.may_start_paragraph(index);
        if may_start {
            let end = self.heading_end(index);
            if let Some(depth) =
                headings::numbered_section(text, self.chapter_number, self.body_measure())
            {
                if set_as_heading && self.next_opens_paragraph(end - 1) {
                    let level = u8::try_from(depth).unwrap_or(4);
                    self.heading(index..end, level, false);
                    return end;
                }
            }
            if self.starts_table(index) {
                return self.table(index);
            }
            if self.is_subheading(index, end) {
                return self.subheading(index, end);
            }
        }
        self.paragraph_line(index);
        index + 1
    }

    fn body_measure(&self) -> f64 {
        self.layout.measures.body
    }

    fn layout_of(&self, index: usize) -> Option<&LineLayout> {
        self.items.get(index).and_then(|item| item.layout.as_ref())
    }

    /// The end of a heading starting at `index`: in a PDF, the bold lines
    /// set directly below it (a wrapped heading); in a text, the line itself.
    fn heading_end(&self, index: usize) -> usize {
        let mut end = index + 1;
        if self.layout_of(index).is_some_and(is_heading_type) {
            while end < self.items.len()
                && end < index + 4
                && self.items[end].bullet.is_none()
                && self.layout_of(end).is_some_and(|layout| {
                    is_heading_type(layout) && layout.cells == 1 && layout.gap_before != Some(true)
                })
            {
                end += 1;
            }
        }
        end
    }

    fn starts_table(&self, index: usize) -> bool {
        match self.layout_of(index) {
            Some(layout) => layout.cells >= 2,
            None => tables::starts_table(self.items, index, &self.layout.measures),
        }
    }

    /// A chapter heading and its wrapped upper-case continuation lines.
    fn chapter(&mut self, index: usize, number: u32) -> usize {
        let mut end = self.heading_end(index);
        while end < self.items.len() && end < index + 3 && self.continues_title(end) {
            end += 1;
        }
        self.chapter_number = Some(number);
        self.stack.clear();
        let text = self.title_text(index..end);
        self.chapter = text.clone();
        self.out.headings.push(Heading {
            level: 1,
            text,
            line: self.items[index].number,
        });
        self.after_heading = true;
        end
    }

    /// The item at `index` wraps the title on the line before it: upper case,
    /// not numbered, and directly below it (or the title line ended in a space).
    fn continues_title(&self, index: usize) -> bool {
        let previous = &self.items[index - 1];
        let item = &self.items[index];
        let adjacent = item.number == previous.number + 1;
        item.bullet.is_none()
            && headings::is_upper_case_title(&item.text)
            && headings::chapter_number(&item.text).is_none()
            && headings::section_number(&item.text).is_none()
            && (adjacent || previous.trailing_space)
            && self.next_opens_paragraph(index)
    }

    fn title_text(&self, range: Range<usize>) -> String {
        let parts: Vec<String> = self.items[range]
            .iter()
            .map(|item| super::join::clean(&item.text))
            .collect();
        parts.join(" ")
    }

    /// An un-numbered heading at `index`, ending before `end`: in a PDF, a
    /// bold line (or lines) of one run; in a text, a short capitalised line
    /// followed by the start of a paragraph.
    fn is_subheading(&self, index: usize, end: usize) -> bool {
        let item = &self.items[index];
        if item.bullet.is_some() || end >= self.items.len() {
            return false;
        }
        match &item.layout {
            Some(layout) => is_heading_type(layout) && layout.cells == 1,
            None => {
                headings::could_be_subheading(&item.text, self.body_measure())
                    && self.next_opens_paragraph(index)
            }
        }
    }

    fn subheading(&mut self, index: usize, end: usize) -> usize {
        let is_box = self
            .items
            .get(end)
            .is_some_and(|next| next.bullet.is_some());
        let numbered = self
            .stack
            .iter()
            .filter(|entry| !entry.is_box && self.is_numbered(entry))
            .map(|entry| entry.level)
            .max();
        let level = match numbered {
            Some(level) => level.saturating_add(1),
            None => 2,
        };
        let level = if is_box { level.max(3) } else { level };
        self.heading(index..end, level, is_box);
        end
    }

    fn is_numbered(&self, entry: &Entry) -> bool {
        headings::section_number(&entry.text).is_some()
    }

    fn heading(&mut self, range: Range<usize>, level: u8, is_box: bool) {
        let text = self.title_text(range.clone());
        let heading = self.out.headings.len();
        self.out.headings.push(Heading {
            level,
            text: text.clone(),
            line: self.items[range.start].number,
        });
        self.stack.retain(|entry| entry.level < level);
        self.stack.push(Entry {
            text,
            level,
            is_box,
            heading,
        });
        self.after_heading = true;
    }

    fn table(&mut self, index: usize) -> usize {
        let table = match self.layout_of(index) {
            Some(_) => tables::laid_out_table_at(self.items, index),
            None => tables::table_at(self.items, index, self.chapter_number, self.body_measure()),
        };
        for row in &table.rows {
            self.push_draft(row.clone(), true);
        }
        self.after_heading = true;
        table.end().max(index + 1)
    }

    fn push_draft(&mut self, items: Range<usize>, table: bool) {
        self.out.drafts.push(Draft {
            items,
            table,
            chapter: self.chapter.clone(),
            section: self.stack.clone(),
        });
    }

    /// Add a line of paragraph text: to the open draft, or as a new draft.
    fn paragraph_line(&mut self, index: usize) {
        let continues = !self.after_heading
            && self.out.drafts.last().is_some_and(|draft| {
                !draft.table && draft.items.end == index && self.continues(draft, index)
            });
        self.after_heading = false;
        match self.out.drafts.last_mut() {
            Some(draft) if continues => draft.items.end = index + 1,
            _ => self.push_draft(index..index + 1, false),
        }
    }

    /// Whether the paragraph of `draft` goes on with the item at `index`.
    /// Inside a bullet an open boundary runs on (the bullet ends at the next
    /// bullet or a clearly short line); elsewhere it ends if the next word
    /// would have fitted or the measure changes.
    fn continues(&self, draft: &Draft, index: usize) -> bool {
        if let (Some(first), Some(next)) =
            (self.layout_of(draft.items.start), self.layout_of(index))
        {
            // A bullet's text hangs to the right of its mark: a line that
            // starts as far left as the mark does ends the bullet.
            let in_bullet = self.items[draft.items.start].bullet.is_some();
            if in_bullet && index > draft.items.start && next.indent <= first.indent + 0.5 {
                return false;
            }
        }
        match self.boundary(index - 1) {
            Boundary::Continues => true,
            Boundary::Ends => false,
            Boundary::Open if self.items[draft.items.start].bullet.is_some() => {
                !self.is_source_line(index)
            }
            Boundary::Open if self.layout.measures.is_clean() => {
                !self.next_word_fits(draft, index)
                    && !self.measure_changes(draft, index)
                    && !self.is_source_line(index)
            }
            Boundary::Open => {
                !self.opens_committee_paragraph(index)
                    && !self.next_word_fits_noisy(draft, index)
                    && !self.is_source_line(index)
            }
        }
    }

    /// `items[index]` is a source line on its own (`Rapport … 2010`).
    fn is_source_line(&self, index: usize) -> bool {
        evidence::is_source_line(&self.items[index..index + 1])
            && self.boundary(index) != Boundary::Continues
    }

    /// The lines from `index` on are set on another measure than the
    /// paragraph so far: body text followed by a (narrower) recommendation
    /// that happens to start after a full line, or the other way round.
    fn measure_changes(&self, draft: &Draft, index: usize) -> bool {
        let before = widest_wrapped(&self.items[draft.items.start..index]);
        let mut end = index;
        while end + 1 < self.items.len() && self.boundary(end) == Boundary::Continues {
            end += 1;
        }
        let after = widest_wrapped(&self.items[index..=end]);
        let (Some(before), Some(after)) = (before, after) else {
            return false;
        };
        let body = self.body_measure();
        let narrow = |width: f64| width < evidence::NARROW * body;
        let wide = |width: f64| width >= evidence::MAYBE_NARROW * body;
        (wide(before) && narrow(after)) || (narrow(before) && wide(after))
    }

    /// The layout's verdict on the boundary between `items[index]` and the next item.
    fn boundary(&self, index: usize) -> Boundary {
        let (Some(item), Some(next)) = (self.items.get(index), self.items.get(index + 1)) else {
            return Boundary::Ends;
        };
        let mut no_gap = false;
        if let (Some(line), Some(below)) = (&item.layout, &next.layout) {
            let resized = (line.size - below.size).abs() > 0.04 * line.size.max(below.size);
            if next.bullet.is_some()
                || line.italic != below.italic
                || line.bold != below.bold
                || resized
            {
                return Boundary::Ends;
            }
            if below.first_line {
                return Boundary::Ends;
            }
            match below.gap_before {
                Some(true) => return Boundary::Ends,
                Some(false) => no_gap = true,
                None => {}
            }
        }
        let line = LineEnd {
            text: &item.text,
            trailing_space: item.trailing_space,
            measure: self.layout.measures.for_lines(self.in_bullet(index)),
            noise: self.layout.measures.noise,
        };
        let verdict = flow::boundary(
            line,
            &next.text,
            next.bullet.is_some(),
            self.layout.trailing_space_counts,
        );
        // In a report that sets its paragraphs apart by gaps, a line set
        // directly below another in the same type goes on with it, however
        // short the line above: its width is compared with the body
        // measure, and a narrower block (recommendations indented on both
        // sides) would end at every sentence.
        if no_gap {
            Boundary::Continues
        } else {
            verdict
        }
    }

    /// The item is a bullet or continues one (judged from the open draft).
    fn in_bullet(&self, index: usize) -> bool {
        if self.items[index].bullet.is_some() {
            return true;
        }
        self.out.drafts.last().is_some_and(|draft| {
            draft.items.contains(&index) && self.items[draft.items.start].bullet.is_some()
        })
    }

    /// The first word of `items[index]` would have fitted at the end of the
    /// line before it, measured against the widest other line of the paragraph
    /// so far (its own measure: body, bullet or the narrower recommendations).
    fn next_word_fits(&self, draft: &Draft, index: usize) -> bool {
        let line = &self.items[index - 1];
        let measure = self.items[draft.items.start..index - 1]
            .iter()
            .map(|item| measure::width(&item.text))
            .fold(0.0, f64::max);
        let in_bullet = self.items[draft.items.start].bullet.is_some();
        let measure = if measure > 0.0 {
            measure
        } else {
            self.layout.measures.for_lines(in_bullet)
        };
        let needed = measure::width(&line.text)
            + measure::width(" ")
            + measure::width(flow::first_word(&self.items[index].text));
        needed <= measure
    }

    /// The noisy-width version of `next_word_fits`. The widest line so far
    /// is no longer a fair measure (one word swapped can widen a line by
    /// 10%), so the line is compared with the measure its paragraph is set
    /// on — the body's, or the recommendations' if its lines so far weigh for
    /// the narrow one — less one standard deviation of the noise: the next
    /// word must have fitted clearly for the paragraph to end.
    fn next_word_fits_noisy(&self, draft: &Draft, index: usize) -> bool {
        let measures = &self.layout.measures;
        let line = &self.items[index - 1];
        let so_far = &self.items[draft.items.start..index];
        let model = evidence::WidthModel::new(measures, evidence::DEFAULT_NARROW_SHARE);
        let wrapped = so_far[..so_far.len() - 1]
            .iter()
            .map(|item| measure::width(&item.text));
        let narrow = model.evidence(wrapped) + evidence::opening_evidence(so_far) > 0.0;
        let share = if narrow {
            evidence::DEFAULT_NARROW_SHARE
        } else {
            1.0
        };
        let needed = measure::width(&line.text)
            + measure::width(" ")
            + measure::width(flow::first_word(&self.items[index].text));
        needed <= (share - measures.noise) * measures.body
    }

    /// The item opens with the committee as subject (`De visitatiecommissie
    /// …`, `De commissie …`): in a report with noisy widths, the best sign
    /// that a new paragraph (usually a recommendation) starts after a full
    /// line.
    fn opens_committee_paragraph(&self, index: usize) -> bool {
        let mut words = self.items[index].text.split_whitespace();
        words.next() == Some("De") && words.next().is_some_and(|word| word.contains("commissie"))
    }

    /// A paragraph may start at `index`: first line, after a heading, or the
    /// line before does not simply run on into it.
    fn may_start_paragraph(&self, index: usize) -> bool {
        index == 0 || self.after_heading || self.boundary(index - 1) != Boundary::Continues
    }

    fn next_opens_paragraph(&self, index: usize) -> bool {
        self.items
            .get(index + 1)
            .is_none_or(|next| next.bullet.is_some() || headings::opens_paragraph(&next.text))
    }
}

/// Set as a heading: bold, or larger than the body type.
fn is_heading_type(layout: &LineLayout) -> bool {
    layout.bold || layout.size > 1.15
}

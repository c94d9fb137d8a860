//! Cutting the content lines into headings and paragraph drafts, in reading
//! order, and keeping track of where each draft stands (chapter, section path).
//!
//! Walks the lines once. A line is a chapter heading (with its wrapped upper-
//! case continuation), a numbered section, the start of a table, an
//! un-numbered heading (a box title when bullets follow it), or paragraph text;
//! paragraph text continues or ends by `flow::boundary`, and the `Open` cases
//! are settled here by whether the next line's first word would have fitted
//! at the end of the line within the paragraph's own measure.

use super::flow::{self, Boundary, LineEnd};
use super::headings;
use super::items::Item;
use super::measure::{self, Measures};
use super::tables;
use crate::model::Heading;
use std::ops::Range;

/// One heading on the section path of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    pub level: u8,
    /// A box title: it only covers the box's bullets and source line.
    pub is_box: bool,
    /// Index of the heading in `Segmented::headings`.
    pub heading: usize,
}

/// A paragraph before its kind and text are decided.
#[derive(Debug, Clone)]
pub struct Draft {
    pub items: Range<usize>,
    pub table: bool,
    pub chapter: String,
    pub section: Vec<Entry>,
}

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
        if let Some(number) = headings::chapter_number(text) {
            if self.chapter_number.is_none_or(|current| number > current) {
                return self.chapter(index, number);
            }
        }
        let may_start = self.may_start_paragraph(index);
        if may_start {
            if let Some(depth) =
                headings::numbered_section(text, self.chapter_number, self.body_measure())
            {
                if self.next_opens_paragraph(index) {
                    let level = u8::try_from(depth).unwrap_or(4);
                    self.heading(index..index + 1, level, false);
                    return index + 1;
                }
            }
            if tables::starts_table(self.items, index, &self.layout.measures) {
                return self.table(index);
            }
            if self.is_subheading(index) {
                return self.subheading(index);
            }
        }
        self.paragraph_line(index);
        index + 1
    }

    fn body_measure(&self) -> f64 {
        self.layout.measures.body
    }

    /// A chapter heading and its wrapped upper-case continuation lines.
    fn chapter(&mut self, index: usize, number: u32) -> usize {
        let mut end = index + 1;
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

    fn is_subheading(&self, index: usize) -> bool {
        let item = &self.items[index];
        item.bullet.is_none()
            && headings::could_be_subheading(&item.text, self.body_measure())
            && self.next_opens_paragraph(index)
            && index + 1 < self.items.len()
    }

    fn subheading(&mut self, index: usize) -> usize {
        let is_box = self
            .items
            .get(index + 1)
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
        self.heading(index..index + 1, level, is_box);
        index + 1
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
        let table = tables::table_at(self.items, index, self.chapter_number, self.body_measure());
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
        super::kinds::is_source_line(&self.items[index..index + 1])
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
        let narrow = |width: f64| width < super::kinds::NARROW * body;
        let wide = |width: f64| width >= super::kinds::MAYBE_NARROW * body;
        (wide(before) && narrow(after)) || (narrow(before) && wide(after))
    }

    /// The layout's verdict on the boundary between `items[index]` and the next item.
    fn boundary(&self, index: usize) -> Boundary {
        let (Some(item), Some(next)) = (self.items.get(index), self.items.get(index + 1)) else {
            return Boundary::Ends;
        };
        let line = LineEnd {
            text: &item.text,
            trailing_space: item.trailing_space,
            measure: self.layout.measures.for_lines(self.in_bullet(index)),
            noise: self.layout.measures.noise,
        };
        flow::boundary(
            line,
            &next.text,
            next.bullet.is_some(),
            self.layout.trailing_space_counts,
        )
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
        let model = super::kinds::WidthModel::new(measures, super::kinds::DEFAULT_NARROW_SHARE);
        let wrapped = so_far[..so_far.len() - 1]
            .iter()
            .map(|item| measure::width(&item.text));
        let narrow = model.evidence(wrapped) + super::kinds::opening_evidence(so_far) > 0.0;
        let share = if narrow {
            super::kinds::DEFAULT_NARROW_SHARE
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

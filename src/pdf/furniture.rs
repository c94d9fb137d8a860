//! What on a page is not report text: running headers and footers (the same
//! line, numbers aside, at the top or bottom of many pages), a page number
//! standing alone, and the front matter (a cover, a table of contents).
//! Also the number printed on each page.

use super::lines::PdfLine;

/// Lines this close to the top or bottom edge (share of the page height)
/// may be running headers or footers.
const MARGIN_BAND: f32 = 0.15;
/// A running line recurs on at least this share of the pages (and on two).
const RECURS: f64 = 0.25;
/// Front matter is looked for on the first pages only.
const FRONT_PAGES: usize = 4;

/// One page as read, before furniture is taken out.
#[derive(Debug, Clone, Default)]
pub struct RawPage {
    pub lines: Vec<PdfLine>,
    pub height: f32,
    pub label: Option<String>,
}

/// What a line of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    /// A running header or footer, or a lone page number.
    Running,
    /// A line of the cover or of a contents page.
    Front,
}

/// The verdict on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRoles {
    pub roles: Vec<Role>,
    /// The page as printed (see `page_number`).
    pub page: u32,
}

/// The running title of a header or footer line: the line without its
/// page number and the separators around it (`3 | visitatierapport Hasselt`).
pub fn running_title(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|word| !is_arabic(word) && !word.chars().all(|c| "|·•-–—/".contains(c)))
        .collect();
    words.join(" ")
}

fn is_arabic(word: &str) -> bool {
    (1..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_digit())
}

fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.len() <= 6 && word.chars().all(|c| "ivxlcIVXLC".contains(c))
}

/// Numbers masked (`9` and `10` alike), case and spacing ignored: one key
/// for a running line on every page.
fn key(text: &str) -> String {
    let mut masked = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if !c.is_ascii_digit() {
            masked.push(c);
        } else if !masked.ends_with('#') {
            masked.push('#');
        }
    }
    let mut words: Vec<&str> = masked.split_whitespace().collect();
    words.dedup();
    words.join(" ")
}

/// The indices of a page's lines in the top or bottom band.
fn margin_lines(page: &RawPage) -> Vec<usize> {
    let band = MARGIN_BAND * page.height;
    let count = page.lines.len();
    let mut out = Vec::new();
    // At most the two outermost lines each side.
    for index in (0..count.min(2)).chain(count.saturating_sub(2)..count) {
        let line = &page.lines[index];
        if (line.baseline < band || line.baseline > page.height - band) && !out.contains(&index) {
            out.push(index);
        }
    }
    out
}

/// A lone page number (arabic or roman), or a line made of a number and a short title.
fn is_number_only(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    matches!(words.as_slice(), [word] if is_arabic(word) || is_roman(word))
}

/// Decide the role of every line on every page, and each page's number.
pub fn classify(pages: &[RawPage]) -> Vec<PageRoles> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in pages {
        let mut seen = std::collections::HashSet::new();
        for index in margin_lines(page) {
            let key = key(&page.lines[index].text());
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    let needed = ((pages.len() as f64 * RECURS).ceil() as usize).max(2);
    let mut out: Vec<PageRoles> = pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let mut roles = vec![Role::Body; page.lines.len()];
            let mut printed = None;
            for line_index in margin_lines(page) {
                let text = page.lines[line_index].text();
                let recurs = counts.get(&key(&text)).is_some_and(|&n| n >= needed);
                if recurs || is_number_only(&text) {
                    roles[line_index] = Role::Running;
                    printed = printed.or_else(|| printed_number(&text));
                }
            }
            let page_number = printed
                .or_else(|| page.label.as_deref().and_then(arabic_label))
                .unwrap_or_else(|| u32::try_from(index + 1).unwrap_or(u32::MAX));
            PageRoles {
                roles,
                page: page_number,
            }
        })
        .collect();
    mark_front_matter(pages, &mut out);
    out
}

/// The arabic number at the start or end of a running line.
fn printed_number(text: &str) -> Option<u32> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let number = [words.first(), words.last()]
        .into_iter()
        .flatten()
        .find(|word| is_arabic(word))
        .and_then(|word| word.parse().ok());
    number
}

fn arabic_label(label: &str) -> Option<u32> {
    let label = label.trim();
    is_arabic(label).then(|| label.parse().ok()).flatten()
}

/// The body lines of a page end a sentence (or a clause) this often at most on a cover.
fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', ':', ';', '?', '!'])
}

/// A contents page: most of its lines end in a page number.
fn is_contents(lines: &[&PdfLine]) -> bool {
    let numbered = lines
        .iter()
        .filter(|line| {
            let text = line.text();
            let last = text.split_whitespace().last().unwrap_or("");
            let last = last.trim_start_matches('.');
            is_arabic(last) && text.split_whitespace().count() > 1
        })
        .count();
    lines.len() >= 3 && numbered * 5 >= lines.len() * 3
}

/// A cover: a few lines, none of them a sentence.
fn is_cover(lines: &[&PdfLine]) -> bool {
    !lines.is_empty() && lines.len() <= 12 && !lines.iter().any(|line| ends_sentence(&line.text()))
}

/// The leading cover and contents pages become `Front`; the front matter
/// must end in a contents page (a first page that merely looks like a cover
/// — a short chapter opening — stays text).
fn mark_front_matter(pages: &[RawPage], roles: &mut [PageRoles]) {
    let mut last_contents = None;
    for (index, page) in pages.iter().enumerate().take(FRONT_PAGES) {
        let body: Vec<&PdfLine> = page
            .lines
            .iter()
            .zip(&roles[index].roles)
            .filter(|(_, role)| **role == Role::Body)
            .map(|(line, _)| line)
            .collect();
        if is_contents(&body) {
            last_contents = Some(index);
        } else if !is_cover(&body) {
            break;
        }
    }
    let Some(last) = last_contents else {
        return;
    };
    for page in &mut roles[..=last] {
        for role in &mut page.roles {
            if *role == Role::Body {
                *role = Role::Front;
            }
        }
    }
}

/// The cover's title: its lines in the largest type, if the report has front matter.
pub fn cover_title(pages: &[RawPage], roles: &[PageRoles]) -> Option<String> {
    let page = pages.first()?;
    let front = roles.first()?;
    let lines: Vec<&PdfLine> = page
        .lines
        .iter()
        .zip(&front.roles)
        .filter(|(_, role)| **role == Role::Front)
        .map(|(line, _)| line)
        .collect();
    let largest = lines.iter().map(|line| line.size).fold(0.0, f32::max);
    let title: Vec<String> = lines
        .iter()
        .filter(|line| line.size >= largest * 0.95)
        .map(|line| line.text())
        .collect();
    (!title.is_empty()).then(|| title.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::lines::Run;

    fn line(text: &str, baseline: f32) -> PdfLine {
        PdfLine {
            runs: vec![Run {
                x0: 50.0,
                x1: 300.0,
                text: text.to_string(),
            }],
            baseline,
            size: 10.0,
            bold: false,
            italic: false,
        }
    }

    fn page(texts: &[&str], footer: Option<String>) -> RawPage {
        let mut lines: Vec<PdfLine> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| line(t, 200.0 + 12.0 * i as f32))
            .collect();
        if let Some(footer) = footer {
            lines.push(line(&footer, 800.0));
        }
        RawPage {
            lines,
            height: 842.0,
            label: None,
        }
    }

    #[test]
    fn running_footers_give_the_page_and_front_matter_is_dropped() {
        let mut pages = vec![
            page(&["Visitatierapport", "Gent"], None),
            page(
                &["Inhoud", "1. Inleiding 3", "2. Koers 5", "3. Wonen 9"],
                None,
            ),
        ];
        for n in 3..8 {
            pages.push(page(
                &["Een zin.", "Nog een zin."],
                Some(format!("{n} | visitatierapport Gent")),
            ));
        }
        let roles = classify(&pages);
        assert_eq!(roles[0].roles, [Role::Front, Role::Front]);
        assert!(roles[1].roles.iter().all(|r| *r == Role::Front));
        assert_eq!(roles[2].roles, [Role::Body, Role::Body, Role::Running]);
        assert_eq!(roles[4].page, 5);
        assert_eq!(roles[0].page, 1);
        assert_eq!(
            cover_title(&pages, &roles).as_deref(),
            Some("Visitatierapport Gent")
        );
        assert_eq!(
            running_title("3 | visitatierapport Gent"),
            "visitatierapport Gent"
        );
    }

    #[test]
    fn page_numbers_of_one_and_two_digits_are_one_running_line() {
        assert_eq!(
            key("visitatierapport Leuven · 9"),
            key("Visitatierapport Leuven · 10")
        );
        assert_ne!(key("Hoofdstuk 2 · 9"), key("Bijlage · 9"));
    }

    #[test]
    fn without_numbers_labels_then_indices_count() {
        let mut pages: Vec<RawPage> = (0..3).map(|_| page(&["Tekst hier."], None)).collect();
        pages[1].label = Some("12".into());
        pages[2].label = Some("iv".into());
        let roles = classify(&pages);
        let numbers: Vec<u32> = roles.iter().map(|r| r.page).collect();
        assert_eq!(numbers, [1, 12, 3]);
        assert!(roles.iter().all(|r| r.roles == [Role::Body]));
    }
}

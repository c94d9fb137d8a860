//! Rendering of result structs for people and for scripts. Never imports
//! tantivy: what reaches here is plain data. `format` is where the output is
//! chosen (`Format`, the `Render` trait); `render` pairs each command's
//! result with its renderers; `json` holds the wire types and the one JSON
//! writer; `human` the terminal rendering; `csv` the CSV writer; citations
//! are shared by all.

pub mod csv;
pub mod format;
pub mod human;
pub mod json;
pub mod knowledge;
pub mod mentions;
pub mod parse;
pub(crate) mod render;
pub mod terminal;
pub mod wrap;

pub use format::{render, CsvOptions, Format, Render};
pub use terminal::sanitize_for_terminal;

use crate::search::Hit;

/// `1 recommendation`, `2 recommendations`: counts in human output agree with their noun.
pub fn plural(count: impl Into<u64>, one: &str, many: &str) -> String {
    let count = count.into();
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

/// `line 12` or `lines 12–14` (an en dash, as everywhere in human output).
pub fn line_range(lines: [u32; 2]) -> String {
    match lines {
        [first, last] if first == last => format!("line {first}"),
        [first, last] => format!("lines {first}–{last}"),
    }
}

/// Longest chapter heading shown in a short citation before it is cut.
const SHORT_CHAPTER_CHARS: usize = 40;

/// `Hasselt 2011 · 6. KINDVRIENDELIJKHEID… › Visie · p. 19`. `short` cuts a
/// long chapter heading at its first comma or at 40 characters.
pub fn citation(hit: &Hit, short: bool) -> String {
    let paragraph = &hit.paragraph;
    let mut parts = Vec::new();
    let source = match (hit.city.trim(), hit.year) {
        ("", Some(year)) => format!("{} {year}", hit.report),
        ("", None) => hit.report.clone(),
        (city, Some(year)) => format!("{city} {year}"),
        (city, None) => city.to_string(),
    };
    parts.push(source);
    let chapter = if short {
        shorten(&paragraph.chapter)
    } else {
        paragraph.chapter.trim().to_string()
    };
    let heading = crate::model::heading_path(&chapter, &paragraph.section);
    if !heading.is_empty() {
        parts.push(heading);
    }
    if let Some(page) = paragraph.page {
        parts.push(format!("p. {page}"));
    }
    parts.join(" · ")
}

fn shorten(chapter: &str) -> String {
    let chapter = chapter.trim();
    let cut = chapter.find(',').unwrap_or(chapter.len());
    let head: String = chapter[..cut].chars().take(SHORT_CHAPTER_CHARS).collect();
    if head.len() < chapter.len() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Paragraph};

    fn hit(chapter: &str, section: &[&str], page: Option<u32>) -> Hit {
        Hit {
            paragraph: Paragraph {
                n: 57,
                id: "hasselt-2011:57".into(),
                kind: Kind::Paragraph,
                chapter: chapter.into(),
                section: section.iter().map(|s| s.to_string()).collect(),
                theme: "kindvriendelijkheid".into(),
                page,
                lines: [1, 2],
                text: "x".into(),
                line_offsets: vec![],
            },
            report: "hasselt-2011".into(),
            city: "Hasselt".into(),
            year: Some(2011),
            citation: String::new(),
            score: 1.0,
            snippet: Default::default(),
        }
    }

    #[test]
    fn counts_and_ranges_read_right() {
        assert_eq!(plural(1u64, "key figure", "key figures"), "1 key figure");
        assert_eq!(plural(0u64, "key figure", "key figures"), "0 key figures");
        assert_eq!(line_range([7, 7]), "line 7");
        assert_eq!(line_range([320, 348]), "lines 320–348");
    }

    #[test]
    fn citations() {
        let long = "6. KINDVRIENDELIJKHEID, ALS TOETSSTEEN VOOR EEN WARME, OPEN SAMENLEVING";
        assert_eq!(
            citation(&hit(long, &["Visie"], Some(19)), true),
            "Hasselt 2011 · 6. KINDVRIENDELIJKHEID… › Visie · p. 19"
        );
        assert_eq!(
            citation(&hit(long, &["Visie"], Some(19)), false),
            format!("Hasselt 2011 · {long} › Visie · p. 19")
        );
        assert_eq!(citation(&hit("", &[], None), true), "Hasselt 2011");
    }
}

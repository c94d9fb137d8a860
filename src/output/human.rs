//! Human output of `search`, `facets`, `show`, `reports` and `index`.
//! Report text is untrusted: terminal control characters are stripped before
//! anything reaches the screen. Matches are bold when colour is on (stdout a
//! terminal, `NO_COLOR` unset), `«»` otherwise.

use super::citation;
use super::json::merged_sections;
use crate::index::build::IndexSummary;
use crate::index::meta::IndexedReport;
use crate::search::{FacetCounts, Hit, SearchResults, Shown};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How to draw emphasis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// The width to wrap at (`output::wrap`); `None`: not wrapped (piped).
    pub width: Option<usize>,
}

impl Style {
    fn marks(self) -> (&'static str, &'static str) {
        if self.color {
            ("\x1b[1;33m", "\x1b[0m")
        } else {
            ("«", "»")
        }
    }

    fn dim(self, text: &str) -> String {
        if self.color {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Control characters out (tabs and line breaks become spaces): report text
/// must not move the cursor or change colours. Whole escape sequences go
/// (`sanitize_for_terminal`), not just their ESC byte.
pub fn clean(text: &str) -> String {
    // Line ends first become `\n`, which also ends a broken escape string,
    // so one bad sequence cannot swallow the rest of a paragraph.
    let lines = text.replace(['\r', '\u{c}'], "\n");
    super::sanitize_for_terminal(&lines).replace(['\t', '\n'], " ")
}

/// `offset`: how many hits earlier pages showed, so ranks continue across pages.
pub fn render_search(results: &SearchResults, offset: usize, style: Style) -> String {
    let mut out = String::new();
    for (typed, shown) in &results.corrected {
        let _ = writeln!(
            out,
            "Showing results for `{}` (you typed `{}`).",
            clean(shown),
            clean(typed)
        );
    }
    if let Some(note) = &results.note {
        let _ = writeln!(out, "Note: {}", clean(note));
    }
    if !results.suggestions.is_empty() {
        let words: Vec<String> = results
            .suggestions
            .iter()
            .map(|word| format!("`{}`", clean(word)))
            .collect();
        let _ = writeln!(out, "Did you mean {}?", words.join(", "));
    }
    // A lower bound (`total_at_least`) covers `all_words` when they are equal.
    let at_least = if results.total_at_least && results.all_words == results.total {
        "at least "
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{at_least}{} paragraph{} with every word{}.",
        results.all_words,
        if results.all_words == 1 { "" } else { "s" },
        if results.partial {
            format!(
                "; {}{} with some of them",
                if results.total_at_least {
                    "at least "
                } else {
                    ""
                },
                results.total - results.all_words
            )
        } else {
            String::new()
        }
    );
    if results.semantic_total > 0 {
        let _ = writeln!(
            out,
            "Concept search: {} more found by meaning (marked \"concept match\").",
            results.semantic_total
        );
    }
    for (index, hit) in results.hits.iter().enumerate() {
        let rank = offset + index + 1;
        if results.partial && results.semantic_total == 0 && rank as u64 == results.all_words + 1 {
            let _ = writeln!(
                out,
                "\n{}",
                style.dim("— partial matches: not every word —")
            );
        }
        out.push('\n');
        let semantic = results.semantic.contains(&hit.paragraph.id);
        write_hit(&mut out, rank, hit, semantic, style);
    }
    let shown = offset as u64 + results.hits.len() as u64;
    if !results.hits.is_empty() && shown < results.total {
        let _ = writeln!(
            out,
            "\n{}",
            style.dim(&format!(
                "Showing {}–{shown} of {}{}; for the next page add `--offset {shown}`.",
                offset + 1,
                if results.total_at_least {
                    "at least "
                } else {
                    ""
                },
                results.total
            ))
        );
    }
    out
}

fn write_hit(out: &mut String, rank: usize, hit: &Hit, semantic: bool, style: Style) {
    let (open, close) = style.marks();
    let _ = writeln!(
        out,
        "{rank:>2}. {}",
        style.bold(&clean(&citation(hit, true)))
    );
    let snippet = snippet_with_marks(&hit.snippet, open, close);
    let _ = writeln!(out, "    {snippet}");
    let _ = writeln!(
        out,
        "    {}",
        style.dim(&format!(
            "{}  score {:.2}{}",
            hit.paragraph.id,
            hit.score,
            if semantic { "  · concept match" } else { "" }
        ))
    );
}

/// The snippet, cleaned, with marks drawn as `open`…`close`.
fn snippet_with_marks(
    snippet: &crate::search::snippet::Snippet,
    open: &str,
    close: &str,
) -> String {
    let mut out = String::new();
    let mut at = 0;
    for mark in &snippet.marks {
        out.push_str(&clean(&snippet.text[at..mark.start]));
        out.push_str(open);
        out.push_str(&clean(&snippet.text[mark.clone()]));
        out.push_str(close);
        at = mark.end;
    }
    out.push_str(&clean(&snippet.text[at..]));
    out
}

pub fn render_facets(counts: &FacetCounts, with_sections: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        super::plural(counts.total, "paragraph", "paragraphs")
    );
    let years: BTreeMap<String, u64> = counts
        .year
        .iter()
        .map(|(year, count)| (year.to_string(), *count))
        .collect();
    let mut groups = vec![
        ("city", counts.city.clone()),
        ("theme", counts.theme.clone()),
    ];
    if with_sections {
        groups.push(("section", merged_sections(counts)));
    }
    groups.push(("kind", counts.kind.clone()));
    groups.push(("year", years));
    groups.push(("cites", counts.cites.clone()));
    for (name, values) in groups {
        let _ = writeln!(out, "\n{name}:");
        let mut values: Vec<(String, u64)> = values.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (value, count) in values {
            let _ = writeln!(out, "  {count:>6}  {}", clean(&value));
        }
    }
    out
}

pub fn render_show(shown: &Shown, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&clean(&shown.hit.citation)));
    for hit in &shown.before {
        write_paragraph(&mut out, hit, style, false);
    }
    write_paragraph(&mut out, &shown.hit, style, true);
    for hit in &shown.after {
        write_paragraph(&mut out, hit, style, false);
    }
    out
}

fn write_paragraph(out: &mut String, hit: &Hit, style: Style, current: bool) {
    let paragraph = &hit.paragraph;
    let label = format!(
        "[{}] {} · {}",
        paragraph.id,
        paragraph.kind,
        super::line_range(paragraph.lines)
    );
    let _ = writeln!(out);
    if current {
        let _ = writeln!(out, "{}", style.bold(&format!("> {label}")));
        let _ = writeln!(out, "{}", clean(&paragraph.text));
    } else {
        let _ = writeln!(out, "{}", style.dim(&format!("  {label}")));
        let _ = writeln!(out, "{}", style.dim(&clean(&paragraph.text)));
    }
}

pub fn render_reports(reports: &[&IndexedReport]) -> String {
    let mut out = String::new();
    for indexed in reports {
        let report = &indexed.report;
        let year = report.year.map(|year| year.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<24} {:<14} {:>4}  {:>5} paragraphs  {}",
            clean(&report.id),
            clean(&report.city),
            year,
            indexed.paragraphs,
            clean(&report.title)
        );
    }
    if reports.is_empty() {
        out.push_str("The index holds no reports.\n");
    }
    out
}

/// The one-line summary of an index run.
pub fn index_summary(summary: &IndexSummary) -> String {
    format!(
        "indexed: {} added, {} updated, {} unchanged, {} removed, {} failed; {} paragraphs in the index ({} ms)",
        summary.added,
        summary.updated,
        summary.unchanged,
        summary.removed,
        summary.failed.len(),
        summary.paragraphs,
        summary.elapsed_ms
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_stripped() {
        assert_eq!(clean("a\x1b[31mb\tc\u{7}"), "ab c");
        assert_eq!(clean("\x1b]0;titel\x07x\ny\x1b"), "x y");
    }
}

//! Report text → paragraph documents: extracted text, or a PDF's lines
//! with their layout (`crate::pdf`), through one parser.
//!
//! The parser restores the text as it was printed: it joins wrapped lines,
//! repairs line-end hyphenation, follows page breaks, recognises headings and
//! decides each paragraph's kind. It never fails on text: whatever the lines,
//! every non-empty, non-heading, non-footer line ends up in exactly one
//! paragraph. Reading bytes is `corpus`'s job; matching words is `analysis`'s.
//!
//! The stages, one module each:
//!
//! ```text
//! lines    raw lines, trailing spaces, page-break marks (leading space, form feed)
//! pages    page numbers anchored on the printed footer; footers recognised
//! items    content lines: no blanks, no footers, bullet marks split off
//! measure  printed line widths and the report's measures
//! flow     does a paragraph go on at this line end?
//! headings chapters, numbered sections, sub-headings, box titles
//! tables   appendix tables flattened into lines
//! segment  one walk: headings and paragraph drafts with chapter and section path
//! draft    the draft record segment makes and kinds reads
//! evidence the width model and the wording evidence of a recommendation
//! kinds    paragraph, list_item, figure, quote_source, table_row, recommendation
//! hyphen   line-end hyphenation: split word or real hyphen?
//! join     a draft's lines → clean text and exact line offsets
//! metadata city, date, year, title
//! ```

mod draft;
mod evidence;
mod flow;
mod headings;
mod hyphen;
mod items;
mod join;
mod kinds;
mod lines;
mod measure;
mod metadata;
mod pages;
mod segment;
mod sidecar;
mod tables;

pub use sidecar::Sidecar;

use crate::corpus;
use crate::error::{Error, Result};
use crate::model::{Format, Kind, Paragraph, ParsedReport, Report};
use crate::pdf::{self, PdfText};
use crate::themes::Taxonomy;
use draft::Draft;
use items::Item;
use measure::Measures;
use segment::Layout;
use std::path::Path;

/// Bumped whenever a change to the parser changes its output: part of the
/// index fingerprint, so reports are re-parsed after an upgrade.
pub const PARSER_VERSION: u32 = 5;

/// One report file, read and parsed, with notes for stderr.
#[derive(Debug, Clone)]
pub struct LoadedReport {
    pub parsed: ParsedReport,
    pub notes: Vec<String>,
    /// Readable, but the index will lack something (no city found).
    pub warnings: Vec<String>,
    /// The sidecar's text, if any (part of the index fingerprint).
    pub sidecar_text: Option<String>,
}

/// What the parser needs to know of a report besides its text.
#[derive(Debug, Clone, Default)]
pub struct ReportInput<'a> {
    pub id: &'a str,
    /// The path as the user gave it, for `Report::source`.
    pub source: &'a str,
    pub sha256: &'a str,
    pub sidecar: Sidecar,
}

/// Read and parse one report file — text or PDF, told by its first bytes —
/// and its sidecar `<id>.toml`.
pub fn load_report(path: &Path, taxonomy: &Taxonomy) -> Result<LoadedReport> {
    let bytes = std::fs::read(path).map_err(|source| Error::io(path, source))?;
    let (sidecar, sidecar_text) = Sidecar::load_beside(path)?;
    let id = corpus::report_id(path);
    let source = path.display().to_string();
    let sha256 = corpus::sha256_hex(&bytes);
    let input = ReportInput {
        id: &id,
        source: &source,
        sha256: &sha256,
        sidecar,
    };
    let (parsed, notes) = if corpus::is_pdf(&bytes) {
        let text = read_pdf(path, bytes)?;
        (parse_pdf(&text, &input, taxonomy), Vec::new())
    } else {
        let decoded = corpus::decode_report(path, &bytes)?;
        (parse(&decoded.text, &input, taxonomy), decoded.notes)
    };
    let mut warnings = Vec::new();
    if parsed.report.city.is_empty() {
        warnings.push(format!(
            "no city found (no `N. DE VISITATIE VAN <CITY>` chapter or `visitatierapport <CITY>` running title, and the file name names no centre city): indexed without a city; a sidecar {id}.toml with `city = \"…\"` gives it one"
        ));
    }
    Ok(LoadedReport {
        parsed,
        notes,
        warnings,
        sidecar_text,
    })
}

/// The text of a report file as the parser reads it: a PDF's lines in
/// reading order (what `parse FILE.pdf --text` prints), or the decoded text.
pub fn report_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::io(path, source))?;
    if corpus::is_pdf(&bytes) {
        Ok(read_pdf(path, bytes)?.plain())
    } else {
        Ok(corpus::decode_report(path, &bytes)?.text)
    }
}

fn read_pdf(path: &Path, bytes: Vec<u8>) -> Result<PdfText> {
    pdf::read(bytes).map_err(|error| Error::NotAReport {
        path: path.to_path_buf(),
        message: format!("unreadable PDF: {error}"),
    })
}

/// Parse a report's decoded text. Total: never fails, never panics.
pub fn parse(text: &str, input: &ReportInput, taxonomy: &Taxonomy) -> ParsedReport {
    let lines = lines::split(text);
    let pages = pages::number_pages(&lines);
    let (items, footers) = items::content(&lines, &pages);
    parse_items(&items, &footers, input, taxonomy, Format::Text)
}

/// Parse a PDF's text: its body lines, with the layout they were set in,
/// through the same stages as a text report's lines.
pub fn parse_pdf(text: &PdfText, input: &ReportInput, taxonomy: &Taxonomy) -> ParsedReport {
    let items = items::pdf_content(&text.lines);
    let mut parsed = parse_items(&items, &text.running_titles, input, taxonomy, Format::Pdf);
    if input.sidecar.title.is_none() && parsed.report.title.is_empty() {
        if let Some(title) = &text.cover_title {
            parsed.report.title = title.clone();
        }
    }
    parsed
}

/// The one parser core: content lines → headings and paragraphs.
fn parse_items(
    items: &[Item],
    footers: &[String],
    input: &ReportInput,
    taxonomy: &Taxonomy,
    format: Format,
) -> ParsedReport {
    let layout = layout(items);
    let segmented = segment::segment(items, &layout);
    let drafts = close_boxes(segmented.drafts, items);
    let kinds = kinds::kinds(&drafts, items, &layout.measures);
    let words = hyphen::ReportWords::of(items.iter().map(|item| item.body.as_str()));
    // Drafts come chapter by chapter: the theme is worked out once per chapter.
    let mut theme: Option<(&str, String)> = None;
    let paragraphs: Vec<Paragraph> = drafts
        .iter()
        .zip(&kinds)
        .enumerate()
        .map(|(index, (draft, &kind))| {
            let theme = match &theme {
                Some((chapter, theme)) if *chapter == draft.chapter => theme.clone(),
                _ => {
                    let found = taxonomy.theme_of(&draft.chapter);
                    theme = Some((&draft.chapter, found.clone()));
                    found
                }
            };
            paragraph(index, draft, kind, items, &words, input, theme)
        })
        .collect();
    let mut report = report(input, &segmented.headings, &paragraphs, footers);
    report.format = format;
    ParsedReport {
        report,
        paragraphs,
        headings: segmented.headings,
    }
}

/// The report's measures, and whether its lines carry trailing spaces at all
/// (an editor may have stripped them; then that signal is ignored).
fn layout(items: &[Item]) -> Layout {
    let mut in_bullet = false;
    let mut samples = Vec::with_capacity(items.len());
    for item in items {
        if item.bullet.is_some() {
            in_bullet = true;
        }
        let full = item.layout.as_ref().is_some_and(|layout| layout.full);
        samples.push((item.text.as_str(), in_bullet, full));
        if !item.trailing_space && !measure::ends_in_split_word(&item.text) {
            in_bullet = false;
        }
    }
    let with_space = items.iter().filter(|item| item.trailing_space).count();
    Layout {
        measures: Measures::of_full(samples.into_iter()),
        trailing_space_counts: with_space * 5 >= items.len(),
    }
}

/// A box title covers only the box: the bullets right after it and the
/// source line that closes them. Later drafts lose it from their section path.
fn close_boxes(mut drafts: Vec<Draft>, items: &[Item]) -> Vec<Draft> {
    let mut closed = std::collections::BTreeSet::new();
    let mut previous_kind_bullet = false;
    for draft in &mut drafts {
        let is_bullet = items[draft.items.start].bullet.is_some();
        let is_source =
            previous_kind_bullet && evidence::is_source_line(&items[draft.items.clone()]);
        for entry in draft.section.iter().filter(|entry| entry.is_box) {
            if !is_bullet && !is_source {
                closed.insert(entry.heading);
            }
        }
        draft
            .section
            .retain(|entry| !entry.is_box || !closed.contains(&entry.heading));
        for entry in draft.section.iter().filter(|entry| entry.is_box) {
            if is_source {
                closed.insert(entry.heading);
            }
        }
        previous_kind_bullet = is_bullet;
    }
    drafts
}

fn paragraph(
    index: usize,
    draft: &Draft,
    kind: Kind,
    items: &[Item],
    words: &hyphen::ReportWords,
    input: &ReportInput,
    theme: String,
) -> Paragraph {
    let lines = &items[draft.items.clone()];
    let pieces: Vec<(u32, &str)> = lines
        .iter()
        .map(|item| (item.number, item.body.as_str()))
        .collect();
    let joined = join::join(&pieces, words);
    let n = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let first = lines.first().map_or(0, |item| item.number);
    let last = lines.last().map_or(first, |item| item.number);
    Paragraph {
        n,
        id: format!("{}:{n}", input.id),
        kind,
        chapter: draft.chapter.clone(),
        section: draft
            .section
            .iter()
            .map(|entry| entry.text.clone())
            .collect(),
        theme,
        page: lines.first().map(|item| item.page),
        lines: [first, last],
        text: joined.text,
        line_offsets: joined.line_offsets,
    }
}

fn report(
    input: &ReportInput,
    headings: &[crate::model::Heading],
    paragraphs: &[Paragraph],
    footers: &[String],
) -> Report {
    let chapters: Vec<&str> = headings
        .iter()
        .filter(|heading| heading.level == 1)
        .map(|heading| heading.text.as_str())
        .collect();
    let texts: Vec<&str> = paragraphs
        .iter()
        .map(|paragraph| paragraph.text.as_str())
        .collect();
    let detected = metadata::detect(input.id, &chapters, &texts, footers, &input.sidecar);
    Report {
        id: input.id.to_string(),
        title: detected.title,
        city: detected.city,
        year: detected.year,
        date: detected.date,
        source: input.source.to_string(),
        sha256: input.sha256.to_string(),
        format: Format::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full body line (about the report's measure) ending in `end`.
    fn full(words: &str, end: &str) -> String {
        format!(
            "{words} en het stadsbestuur werkt aan de stad met veel aandacht voor de wijken{end}"
        )
    }

    fn parse_text(text: &str) -> ParsedReport {
        let input = ReportInput {
            id: "test-2011",
            ..ReportInput::default()
        };
        parse(text, &input, &Taxonomy::default())
    }

    fn summary(parsed: &ParsedReport) -> Vec<(Kind, Vec<String>, String)> {
        parsed
            .paragraphs
            .iter()
            .map(|p| (p.kind, p.section.clone(), p.text.clone()))
            .collect()
    }

    /// A small report in the double-spaced layout of the seed.
    fn sample() -> String {
        [
            " 1. SITUERING VAN DE VISITATIES".to_string(),
            String::new(),
            "Aanleiding".to_string(),
            "De visitatie van de stad werd voorbereid en het stadsbestuur werkt aan de beleidsovereen-".to_string(),
            String::new(),
            full("komst", " "),
            String::new(),
            "ging vooraf.".to_string(),
            " 2. KINDVRIENDELIJKHEID, ALS TOETSSTEEN VOOR EEN ".to_string(),
            "WARME, OPEN SAMENLEVING".to_string(),
            String::new(),
            "•\t een punt dat kort is;".to_string(),
            String::new(),
            "\t» een subpunt.".to_string(),
            String::new(),
            "Het einde.".to_string(),
        ]
        .join("\n")
    }

    #[test]
    fn glued_subheadings_wrapped_chapters_and_bullets() {
        let parsed = parse_text(&sample());
        let chapters: Vec<&str> = parsed
            .headings
            .iter()
            .filter(|h| h.level == 1)
            .map(|h| h.text.as_str())
            .collect();
        assert_eq!(
            chapters,
            [
                "1. SITUERING VAN DE VISITATIES",
                "2. KINDVRIENDELIJKHEID, ALS TOETSSTEEN VOOR EEN WARME, OPEN SAMENLEVING"
            ]
        );
        let summary = summary(&parsed);
        assert_eq!(summary[0].0, Kind::Paragraph);
        assert_eq!(summary[0].1, vec!["Aanleiding".to_string()]);
        assert!(
            summary[0].2.contains("beleidsovereenkomst en het"),
            "{}",
            summary[0].2
        );
        assert!(summary[0].2.ends_with("wijken ging vooraf."));
        assert_eq!(
            summary[1],
            (Kind::ListItem, vec![], "een punt dat kort is;".to_string())
        );
        assert_eq!(
            summary[2],
            (Kind::ListItem, vec![], "een subpunt.".to_string())
        );
        assert_eq!(summary[3].2, "Het einde.");
    }

    #[test]
    fn single_spaced_text_parses_the_same() {
        let double = sample();
        let single: Vec<&str> = double.split('\n').filter(|l| !l.is_empty()).collect();
        let (a, b) = (parse_text(&double), parse_text(&single.join("\n")));
        assert_eq!(summary(&a), summary(&b));
        assert_eq!(a.headings.len(), b.headings.len());
    }

    #[test]
    fn pages_follow_breaks_and_paragraphs_continue_across_them() {
        let text = format!(
            "{}\n\n{}\n {}\n\nNieuw stuk.",
            full("Een", " "),
            full("tweede", " "),
            "derde regel."
        );
        let parsed = parse_text(&text);
        assert_eq!(parsed.paragraphs.len(), 2);
        assert_eq!(parsed.paragraphs[0].page, Some(1));
        assert_eq!(parsed.paragraphs[0].lines, [1, 4]);
        assert_eq!(parsed.paragraphs[1].page, Some(2));
    }

    #[test]
    fn a_key_figure_box_has_figures_and_a_source() {
        let text = [
            "4.1 Toegenomen belang",
            "",
            "Evolutie van het effect in cijfers",
            "",
            "•\t De jobratio is hoog. ",
            "",
            "•\t De groei is 2,6%. ",
            "",
            "Rapport Stedenfonds 2008-2013: update 2010",
            "",
            "De stad vervult een centrumfunctie.",
        ]
        .join("\n");
        let parsed = parse_text(&text);
        let kinds: Vec<Kind> = parsed.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Figure,
                Kind::Figure,
                Kind::QuoteSource,
                Kind::Paragraph
            ]
        );
        let box_path = vec![
            "4.1 Toegenomen belang".to_string(),
            "Evolutie van het effect in cijfers".to_string(),
        ];
        assert_eq!(parsed.paragraphs[2].section, box_path);
        assert_eq!(parsed.paragraphs[3].section, box_path[..1].to_vec());
        assert_eq!(parsed.headings[1].level, 3);
    }

    #[test]
    fn narrow_paragraphs_are_recommendations_and_full_ones_are_not() {
        let body = "De visitatiecommissie sympathiseert met het streven naar geïntegreerd samenwerken over-";
        let narrow =
            "De visitatiecommissie adviseert om bewust ruimte te creëren voor publiek debat in de ";
        let text = [
            body,
            "",
            body,
            "",
            "heen.",
            "",
            narrow,
            "",
            narrow,
            "",
            "het beleid.",
        ]
        .join("\n");
        let parsed = parse_text(&text);
        let kinds: Vec<Kind> = parsed.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Kind::Paragraph, Kind::Recommendation]);
    }

    /// Body paragraphs whose full lines scatter by about 10% (words swapped
    /// after typesetting), then `last`.
    fn noisy_report(last: &[&str]) -> String {
        let mut lines = Vec::new();
        for extra in 0..10 {
            let padding = ["", " en", " en nog", " met veel meer"][extra % 4];
            lines.push(full(&format!("Het bestuur{padding}"), "") + " afge-");
            lines.push("sloten.".to_string());
        }
        lines.extend(last.iter().map(|line| line.to_string()));
        lines.join("\n\n")
    }

    #[test]
    fn in_a_noisy_report_a_committee_opening_after_a_full_sentence_end_starts_a_paragraph() {
        let ending = full("Dit is een zin die eindigt", ". ");
        let opening =
            "De commissie adviseert het stadsbestuur om in de toekomst meer te investeren ";
        let text = noisy_report(&[&ending, &ending, opening, "in de stad."]);
        let lines = lines::split(&text);
        let (items, _) = items::content(&lines, &pages::number_pages(&lines));
        assert!(!layout(&items).measures.is_clean());
        let parsed = parse_text(&text);
        let texts: Vec<&str> = parsed.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 12, "{texts:#?}");
        assert!(
            texts[11].starts_with("De commissie adviseert"),
            "{texts:#?}"
        );
    }

    #[test]
    fn metadata_and_sidecar() {
        let text =
            " 2. DE VISITATIE VAN SINT-NIKLAAS\n\nDe visitatie vond plaats op 12 april 2011.";
        let parsed = parse_text(text);
        assert_eq!(parsed.report.city, "Sint-Niklaas");
        assert_eq!(parsed.report.date.as_deref(), Some("2011-04-12"));
        assert_eq!(parsed.report.title, "visitatierapport Sint-Niklaas 2011");
        let input = ReportInput {
            id: "x",
            sidecar: Sidecar {
                title: Some("Eigen titel".into()),
                ..Sidecar::default()
            },
            ..ReportInput::default()
        };
        assert_eq!(
            parse(text, &input, &Taxonomy::default()).report.title,
            "Eigen titel"
        );
    }

    #[test]
    fn empty_and_odd_text_is_parsed_without_panic() {
        for text in ["", "\n\n", "\x0c", " ", "-", "•", "1. A", "9.4 X\n 1 2 3"] {
            let parsed = parse_text(text);
            assert!(parsed.paragraphs.len() <= 2, "{text:?}");
        }
    }
}

//! A report's paragraphs analysed for the writer, once: the token streams of
//! the `text`, `heading`, `parts` and `context` fields exactly as they are
//! indexed.
//! `tests/token_identity.rs` records this output for a fixed sample, so a
//! change that alters tokens shows as a diff.

use super::schema::ParagraphTokens;
use crate::analysis::{analyzer, for_each_word, Decompounder, Forms, HyphenRun, HyphenRuns};
use crate::model::{Kind, Paragraph};
use rustc_hash::FxHashMap;
use std::rc::Rc;
use tantivy::tokenizer::Token;

/// Each paragraph's tokens for the `text`, `heading`, `parts` and `context`
/// fields, in paragraph order: what `visidex index` hands the writer.
pub fn report_tokens(paragraphs: &[Paragraph]) -> impl Iterator<Item = ParagraphTokens> {
    AnalysedReport::of(paragraphs).into_tokens()
}

/// The sentence that introduces a list: its paragraph (an index into the
/// report's paragraphs) and the byte of that paragraph's text where the
/// sentence starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Introduction {
    pub paragraph: usize,
    pub start: usize,
}

/// For each paragraph, the sentence that introduces it when it is a list
/// item: the last sentence of the nearest paragraph before it that is not a
/// list item, when that is a plain paragraph under the same heading path
/// that ends in `:` (`Samengevat zijn de visitatierapporten gebaseerd op de
/// volgende informatiebronnen:` over the items that name the sources). Its
/// words are the item's `context`: what the items are a list of. (Without
/// the `:` rule the dev half's concept queries rose less: 0.652 against
/// 0.664 at weight 1.0; the whole paragraph instead of its last sentence lowered accent,
/// compound and typo queries.)
pub fn introductions(paragraphs: &[Paragraph]) -> Vec<Option<Introduction>> {
    let mut introducing: Option<usize> = None;
    paragraphs
        .iter()
        .enumerate()
        .map(|(at, paragraph)| {
            if paragraph.kind != Kind::ListItem {
                introducing = (paragraph.kind == Kind::Paragraph).then_some(at);
                return None;
            }
            let from = introducing?;
            let intro = &paragraphs[from];
            let introduces = intro.text.trim_end().ends_with(':')
                && intro.chapter == paragraph.chapter
                && intro.section == paragraph.section;
            introduces.then(|| Introduction {
                paragraph: from,
                start: last_sentence_start(&intro.text),
            })
        })
        .collect()
}

/// Where the last sentence of `text` starts: after the last `.`, `!` or `?`
/// followed by a space that does not end the text.
fn last_sentence_start(text: &str) -> usize {
    let body = text.trim_end().as_bytes();
    (0..body.len().saturating_sub(2))
        .rev()
        .find(|&at| matches!(body[at], b'.' | b'!' | b'?') && body[at + 1] == b' ')
        .map_or(0, |at| at + 2)
}

/// A report's paragraph texts analysed once: the text tokens the `text`
/// field is indexed with, and each word as an entry of the report's
/// vocabulary, which the decompounder learns from and splits once per
/// distinct word (not once per occurrence).
struct AnalysedReport {
    /// The report's distinct normalised words, by vocabulary id.
    words: Vec<String>,
    /// How often the report has each of them.
    counts: Vec<usize>,
    paragraphs: Vec<AnalysedParagraph>,
}

struct AnalysedParagraph {
    text: Vec<Token>,
    heading: Vec<Token>,
    /// A list item's introducing sentence, as text tokens (`introductions`).
    context: Vec<Token>,
    /// Non-stop words: (vocabulary id, the word's token in `text`).
    words: Vec<(u32, usize)>,
}

/// A written word with no term (nothing left once normalised).
const NO_TERM: u32 = u32::MAX;

impl AnalysedReport {
    fn of(paragraphs: &[Paragraph]) -> AnalysedReport {
        let analyzer = analyzer();
        let mut words: Vec<String> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        // Normalised word → vocabulary id.
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        // Each word as written in this report → its vocabulary id and forms:
        // one look-up in a table of this report's words per word, instead of
        // one in the thread's memo of every word and another in the
        // vocabulary. The same terms as `Analyzer::for_each_term` gives.
        let bytes: usize = paragraphs
            .iter()
            .map(|paragraph| paragraph.text.len())
            .sum();
        // About one distinct written word per 25 bytes of a report's text.
        let mut written: FxHashMap<&str, (u32, Rc<Forms>)> =
            FxHashMap::with_capacity_and_hasher(bytes / 25, Default::default());
        // Paragraphs of one section share their heading path: analysed once
        // per run of equal paths, not once per paragraph.
        let mut last_heading: Option<(String, Vec<Token>)> = None;
        let mut analysed: Vec<AnalysedParagraph> = paragraphs
            .iter()
            .map(|paragraph| {
                // About one token per six bytes of report text.
                let mut text = Vec::with_capacity(paragraph.text.len() / 6);
                let mut ids = Vec::with_capacity(paragraph.text.len() / 6);
                let mut position = 0;
                let mut runs = HyphenRuns::default();
                // A hyphenated compound's joined word (`analysis::hyphen`):
                // one more token, at the run's first position, after its parts.
                let joined = |run: HyphenRun, text: &mut Vec<Token>| {
                    if let Some(term) = run.term(&paragraph.text) {
                        text.push(Token {
                            offset_from: term.start,
                            offset_to: term.end,
                            position: term.position,
                            text: term.stem,
                            position_length: 1,
                        });
                    }
                };
                for_each_word(&paragraph.text, |word| {
                    let at = position;
                    position += 1;
                    if let Some(run) = runs.push(&paragraph.text, word.start, word.end, at) {
                        joined(run, &mut text);
                    }
                    let (id, forms) = written.entry(word.text).or_insert_with(|| {
                        let forms = analyzer.forms(word.text);
                        if forms.is_empty() {
                            return (NO_TERM, forms);
                        }
                        let normalized = forms.normalized();
                        let id = match vocabulary.get(normalized) {
                            Some(id) => *id,
                            None => {
                                let id = words.len() as u32;
                                words.push(normalized.to_string());
                                vocabulary.insert(normalized.to_string(), id);
                                counts.push(0);
                                id
                            }
                        };
                        (id, forms)
                    });
                    if *id == NO_TERM {
                        return;
                    }
                    let id = *id;
                    counts[id as usize] += 1;
                    let term = forms.term(word.start, word.end, at);
                    if !term.is_stop {
                        ids.push((id, text.len()));
                        text.push(crate::analysis::tokenizer_token(&term));
                    }
                });
                if let Some(run) = runs.finish() {
                    joined(run, &mut text);
                }
                let heading = paragraph.heading_path();
                let heading = match &last_heading {
                    Some((path, tokens)) if *path == heading => tokens.clone(),
                    _ => {
                        let tokens = crate::analysis::tokens(&heading);
                        last_heading = Some((heading, tokens.clone()));
                        tokens
                    }
                };
                AnalysedParagraph {
                    text,
                    heading,
                    context: Vec::new(),
                    words: ids,
                }
            })
            .collect();
        for (at, introduction) in introductions(paragraphs).into_iter().enumerate() {
            if let Some(Introduction { paragraph, start }) = introduction {
                let context: Vec<Token> = analysed[paragraph]
                    .text
                    .iter()
                    .filter(|token| token.offset_from >= start)
                    .cloned()
                    .collect();
                analysed[at].context = context;
            }
        }
        AnalysedReport {
            words,
            counts,
            paragraphs: analysed,
        }
    }

    /// Each paragraph's tokens for the `text`, `heading`, `parts` and
    /// `context` fields.
    fn into_tokens(self) -> impl Iterator<Item = ParagraphTokens> {
        let AnalysedReport {
            words,
            counts,
            paragraphs,
        } = self;
        let decompounder = Decompounder::for_word_counts(
            words.iter().map(String::as_str).zip(counts.iter().copied()),
        );
        let mut part_stems: Vec<Option<std::rc::Rc<[String]>>> = vec![None; words.len()];
        paragraphs.into_iter().map(move |paragraph| {
            let mut parts = Vec::with_capacity(paragraph.words.len() / 4);
            for &(id, at) in &paragraph.words {
                let stems = part_stems[id as usize]
                    .get_or_insert_with(|| decompounder.shared_part_stems(&words[id as usize]));
                let word = &paragraph.text[at];
                parts.extend(stems.iter().map(|stem| Token {
                    text: stem.clone(),
                    offset_from: word.offset_from,
                    offset_to: word.offset_to,
                    position: word.position,
                    position_length: word.position_length,
                }));
            }
            ParagraphTokens {
                text: paragraph.text,
                heading: paragraph.heading,
                parts,
                context: paragraph.context,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(n: u32, kind: Kind, section: &str, text: &str) -> Paragraph {
        Paragraph {
            n,
            id: format!("x-2011:{n}"),
            kind,
            chapter: "1. Inleiding".into(),
            section: vec![section.into()],
            theme: "inleiding".into(),
            page: None,
            lines: [n, n],
            text: text.into(),
            line_offsets: Vec::new(),
        }
    }

    #[test]
    fn list_items_take_the_last_sentence_that_ends_in_a_colon() {
        let intro = "Aan elke visitatie ging een voorbereiding vooraf. Samengevat zijn de rapporten gebaseerd op de volgende informatiebronnen:";
        let paragraphs = [
            paragraph(1, Kind::Paragraph, "A", intro),
            paragraph(2, Kind::ListItem, "A", "het rapport van de vorige ronde;"),
            paragraph(3, Kind::ListItem, "A", "de beleidsovereenkomst."),
            paragraph(4, Kind::Paragraph, "A", "Dit is geen inleiding."),
            paragraph(5, Kind::ListItem, "A", "een los punt"),
            paragraph(6, Kind::Paragraph, "A", "Wel een inleiding:"),
            paragraph(7, Kind::ListItem, "B", "onder een andere kop"),
            paragraph(8, Kind::Recommendation, "B", "De commissie beveelt aan:"),
            paragraph(9, Kind::ListItem, "B", "na een aanbeveling"),
        ];
        let found = introductions(&paragraphs);
        let start = intro.find("Samengevat").unwrap();
        let expected = Some(Introduction {
            paragraph: 0,
            start,
        });
        assert_eq!(
            found,
            [None, expected, expected, None, None, None, None, None, None]
        );

        let tokens: Vec<ParagraphTokens> = report_tokens(&paragraphs).collect();
        let context: Vec<&str> = tokens[1].context.iter().map(|t| t.text.as_str()).collect();
        let stem = |word: &str| analyzer().stemmer().stem(word);
        assert!(
            context.contains(&stem("informatiebronnen").as_str()),
            "{context:?}"
        );
        assert!(
            !context.contains(&stem("voorbereiding").as_str()),
            "{context:?}"
        );
        assert!(tokens[1].context.iter().all(|t| t.offset_from >= start));
        assert_eq!(tokens[1].context.len(), tokens[2].context.len());
        for other in [0, 3, 4, 5, 6, 7, 8] {
            assert!(tokens[other].context.is_empty(), "paragraph {}", other + 1);
        }
    }

    #[test]
    fn a_sentence_starts_after_the_last_full_stop_inside_the_text() {
        assert_eq!(last_sentence_start("Een. Twee? Drie:"), 11);
        assert_eq!(last_sentence_start("Alleen een zin."), 0);
        assert_eq!(last_sentence_start("Eindigt op een punt. "), 0);
        assert_eq!(last_sentence_start(""), 0);
    }
}

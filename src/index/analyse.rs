//! A report's paragraphs analysed for the writer, once: the token streams of
//! the `text`, `heading` and `parts` fields exactly as they are indexed.
//! `tests/token_identity.rs` records this output for a fixed sample, so a
//! change that alters tokens shows as a diff.

use super::schema::ParagraphTokens;
use crate::analysis::{analyzer, Decompounder};
use crate::model::Paragraph;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::Token;

/// Each paragraph's tokens for the `text`, `heading` and `parts` fields, in
/// paragraph order: what `visidex index` hands the writer.
pub fn report_tokens(paragraphs: &[Paragraph]) -> impl Iterator<Item = ParagraphTokens> {
    AnalysedReport::of(paragraphs).into_tokens()
}

/// A report's paragraph texts analysed once: the text tokens the `text`
/// field is indexed with, and each word as an entry of the report's
/// vocabulary, which the decompounder learns from and splits once per
/// distinct word (not once per occurrence).
struct AnalysedReport {
    /// Normalised word → (vocabulary id, occurrences in the report).
    vocabulary: FxHashMap<String, (u32, usize)>,
    paragraphs: Vec<AnalysedParagraph>,
}

struct AnalysedParagraph {
    text: Vec<Token>,
    heading: Vec<Token>,
    /// Non-stop words: (vocabulary id, the word's token in `text`).
    words: Vec<(u32, usize)>,
}

impl AnalysedReport {
    fn of(paragraphs: &[Paragraph]) -> AnalysedReport {
        let analyzer = analyzer();
        let mut vocabulary: FxHashMap<String, (u32, usize)> = FxHashMap::default();
        // Paragraphs of one section share their heading path: analysed once
        // per run of equal paths, not once per paragraph.
        let mut last_heading: Option<(String, Vec<Token>)> = None;
        let paragraphs = paragraphs
            .iter()
            .map(|paragraph| {
                // About one token per six bytes of report text.
                let mut text = Vec::with_capacity(paragraph.text.len() / 6);
                let mut words = Vec::with_capacity(paragraph.text.len() / 6);
                analyzer.for_each_term(&paragraph.text, |term| {
                    let next_id = vocabulary.len() as u32;
                    let id = match vocabulary.get_mut(term.normalized) {
                        Some((id, count)) => {
                            *count += 1;
                            *id
                        }
                        None => {
                            vocabulary.insert(term.normalized.to_string(), (next_id, 1));
                            next_id
                        }
                    };
                    if !term.is_stop {
                        words.push((id, text.len()));
                        text.push(crate::analysis::tokenizer_token(&term));
                    }
                });
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
                    words,
                }
            })
            .collect();
        AnalysedReport {
            vocabulary,
            paragraphs,
        }
    }

    /// Each paragraph's tokens for the `text`, `heading` and `parts` fields.
    fn into_tokens(self) -> impl Iterator<Item = ParagraphTokens> {
        let mut words = vec![String::new(); self.vocabulary.len()];
        let mut counts = vec![0; self.vocabulary.len()];
        for (word, (id, count)) in self.vocabulary {
            words[id as usize] = word;
            counts[id as usize] = count;
        }
        let decompounder = Decompounder::for_word_counts(
            words.iter().map(String::as_str).zip(counts.iter().copied()),
        );
        let mut part_stems: Vec<Option<std::rc::Rc<[String]>>> = vec![None; words.len()];
        self.paragraphs.into_iter().map(move |paragraph| {
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
            }
        })
    }
}

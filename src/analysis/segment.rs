//! Word boundaries (Unicode UAX #29 via unicode-segmentation), with the
//! few adjustments report text needs: `thema’s` stays one word, `2008-2013`
//! is two adjacent words, and a word spelled out in syllables
//! (`ver.een.vou.digt`) is one word while a missing space after a full stop
//! (`visitatie.het`) still separates two.

use unicode_segmentation::UnicodeSegmentation;

/// One word: its byte range in the text and the text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Longest part of a dotted word that still reads as a syllable.
const MAX_SYLLABLE: usize = 4;

/// The words of `text`, in order. Only segments holding a letter or digit count.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    for (start, segment) in text.unicode_word_indices() {
        split_dotted(start, segment, &mut out);
    }
    out
}

/// UAX #29 keeps `a.b` together (MidNumLet). Keep it only for numbers
/// (`1.000`, `2,6`) and syllable spellings; otherwise split at the dots.
fn split_dotted<'a>(start: usize, segment: &'a str, out: &mut Vec<Word<'a>>) {
    let has_letter = segment.chars().any(char::is_alphabetic);
    if !has_letter || !segment.contains('.') {
        out.push(Word {
            start,
            end: start + segment.len(),
            text: segment,
        });
        return;
    }
    let syllables = segment
        .split('.')
        .all(|part| part.chars().count() <= MAX_SYLLABLE);
    if syllables {
        out.push(Word {
            start,
            end: start + segment.len(),
            text: segment,
        });
        return;
    }
    let mut offset = start;
    for part in segment.split('.') {
        if !part.is_empty() {
            out.push(Word {
                start: offset,
                end: offset + part.len(),
                text: part,
            });
        }
        offset += part.len() + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|word| word.text).collect()
    }

    #[test]
    fn keeps_apostrophe_words_and_splits_ranges() {
        assert_eq!(texts("thema’s 2008-2013"), ["thema’s", "2008", "2013"]);
        assert_eq!(
            texts("OCMW-voorzitter (VGC)"),
            ["OCMW", "voorzitter", "VGC"]
        );
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            texts("12.947.676 euro, 2,1%"),
            ["12.947.676", "euro", "2,1"]
        );
    }

    #[test]
    fn dotted_words() {
        assert_eq!(
            texts("Hasselt ver.een.vou.digt"),
            ["Hasselt", "ver.een.vou.digt"]
        );
        assert_eq!(
            texts("de visitatie.het Stedenfonds"),
            ["de", "visitatie", "het", "Stedenfonds"]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "coördinatie van de visitatie.het";
        for word in words(text) {
            assert_eq!(&text[word.start..word.end], word.text);
        }
    }
}

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
///
/// The same words as `unicode_word_indices` gives, found faster: UAX #29
/// always breaks before a space and after one (the characters that may
/// cling to a space, WB3d/WB4, are never letters or digits), so each stretch
/// between spaces is segmented on its own, and a stretch of ASCII by the
/// rules as they apply to ASCII ([`ascii_words`]) instead of by table
/// look-ups. `segment::tests` compares the two on random and real text.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    for_each_word(text, |word| out.push(word));
    out
}

/// `words` without the list: `visit` sees each word in order. The analyzer
/// walks every paragraph this way; growing a list per paragraph cost more
/// than the walk (allocator time, 1,000 bench reports).
pub fn for_each_word<'a>(text: &'a str, mut visit: impl FnMut(Word<'a>)) {
    if text.is_ascii() {
        ascii_words(text, 0, &mut visit);
        return;
    }
    let mut offset = 0;
    for piece in text.split(' ') {
        if piece.is_ascii() {
            ascii_words(piece, offset, &mut visit);
        } else {
            for (start, segment) in piece.unicode_word_indices() {
                split_dotted(offset + start, segment, &mut visit);
            }
        }
        offset += piece.len() + 1;
    }
}

/// UAX #29 word segments of ASCII `text` that hold a letter or digit,
/// found at `offset + ` their position. In ASCII the rules come down to:
/// letters, digits and `_` join (WB5, WB8–10, WB13a/b); a letter, `:` `.`
/// or `'`, letter stays one word (WB6/7); a digit, `,` `;` `.` or `'`,
/// digit too (WB11/12); everything else breaks.
fn ascii_words<'a>(text: &'a str, offset: usize, out: &mut impl FnMut(Word<'a>)) {
    let bytes = text.as_bytes();
    let joins = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    while at < bytes.len() {
        if !joins(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        at += 1;
        loop {
            if at < bytes.len() && joins(bytes[at]) {
                at += 1;
            } else if at + 1 < bytes.len() && joins_across(bytes[at - 1], bytes[at], bytes[at + 1])
            {
                at += 2;
            } else {
                break;
            }
        }
        let segment = &text[start..at];
        if segment.bytes().any(|b| b.is_ascii_alphanumeric()) {
            split_dotted(offset + start, segment, out);
        }
    }
}

/// Whether `middle` between `before` and `after` stays inside a word (WB6/7, WB11/12).
fn joins_across(before: u8, middle: u8, after: u8) -> bool {
    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    let digits = before.is_ascii_digit() && after.is_ascii_digit();
    (letters && matches!(middle, b':' | b'.' | b'\''))
        || (digits && matches!(middle, b',' | b';' | b'.' | b'\''))
}

/// UAX #29 keeps `a.b` together (MidNumLet). Keep it only for numbers
/// (`1.000`, `2,6`) and syllable spellings; otherwise split at the dots.
fn split_dotted<'a>(start: usize, segment: &'a str, out: &mut impl FnMut(Word<'a>)) {
    // The dot test first: it is one byte search, and most words have no dot.
    if !segment.contains('.') || !segment.chars().any(char::is_alphabetic) {
        out(Word {
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
        out(Word {
            start,
            end: start + segment.len(),
            text: segment,
        });
        return;
    }
    let mut offset = start;
    for part in segment.split('.') {
        if !part.is_empty() {
            out(Word {
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
    use proptest::prelude::*;

    /// `words` as it was before the fast path: every segment through unicode-segmentation.
    fn reference(text: &str) -> Vec<Word<'_>> {
        let mut out = Vec::new();
        for (start, segment) in text.unicode_word_indices() {
            split_dotted(start, segment, &mut |word| out.push(word));
        }
        out
    }

    /// Characters of every ASCII word-break class, and non-ASCII ones that
    /// join words, cling to a space or are letters of other scripts.
    const ALPHABET: &[char] = &[
        'a', 'Z', 'e', '0', '7', '_', ':', '.', '\'', ',', ';', '"', '-', ' ', ' ', '\t', '\n',
        '\r', '(', '%', '/', 'é', 'ë', '’', '‘', '·', '\u{a0}', '\u{301}', '\u{200d}', '\u{ad}',
        '–', '€', 'ß', 'א', '日', 'カ', '🇧', '🇪', '😀', '٣', '\u{2024}',
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn fast_path_segments_as_unicode_segmentation(
            chars in proptest::collection::vec(proptest::sample::select(ALPHABET), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(words(&text), reference(&text), "{:?}", text);
        }

        #[test]
        fn fast_path_on_ascii_text(text in "[ -~\t\n\r]{0,60}") {
            prop_assert_eq!(words(&text), reference(&text), "{:?}", text);
        }
    }

    #[test]
    fn fast_path_segments_real_reports_as_unicode_segmentation() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let folders = [
            "corpus",
            "tests/fixtures/generated",
            "tests/fixtures/tokens",
        ];
        let mut checked = 0;
        for folder in folders {
            for entry in std::fs::read_dir(root.join(folder)).expect("a report folder") {
                let path = entry.expect("a folder entry").path();
                if path.extension().is_none_or(|ext| ext != "txt") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a UTF-8 report");
                for line in text.lines().chain(std::iter::once(text.as_str())) {
                    assert_eq!(words(line), reference(line), "{}: {line:?}", path.display());
                }
                checked += 1;
            }
        }
        assert!(checked >= 4, "only {checked} reports compared");
    }

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

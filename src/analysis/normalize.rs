//! Word normalisation before stemming: lower case, accents folded, the
//! possessive/plural apostrophe (`thema’s`, `euro's`) and syllable dots
//! (`ver.een.vou.digt`) removed, soft hyphens dropped.

use super::fold::fold_char;

/// The normal form of one word as matched everywhere: `Coördinatie` → `coordinatie`,
/// `thema’s` → `thema`, `ver.een.vou.digt` → `vereenvoudigt`.
pub fn normalize(word: &str) -> String {
    let word = strip_apostrophe_s(word);
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '.' | '\u{ad}' | '¬' => {}
            c if APOSTROPHES.contains(&c) => {}
            _ => {
                for lower in c.to_lowercase() {
                    out.push(fold_char(lower));
                }
            }
        }
    }
    out
}

const APOSTROPHES: [char; 4] = ['’', '\'', 'ʼ', '‘'];

/// `thema’s` → `thema`: the apostrophe-s plural or genitive is the word itself.
fn strip_apostrophe_s(word: &str) -> &str {
    for suffix in ["s", "S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if let Some(stem) = stem.strip_suffix(APOSTROPHES) {
                if !stem.is_empty() {
                    return stem;
                }
            }
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms() {
        assert_eq!(normalize("Coördinatie"), "coordinatie");
        assert_eq!(normalize("ideeën"), "ideeen");
        assert_eq!(normalize("thema’s"), "thema");
        assert_eq!(normalize("euro's"), "euro");
        assert_eq!(normalize("ver.een.vou.digt"), "vereenvoudigt");
        assert_eq!(normalize("OCMW"), "ocmw");
        assert_eq!(normalize("programma¬management"), "programmamanagement");
    }
}

//! Accent folding: `coördinatie` and `coordinatie`, `ideeën` and `ideeen`
//! must meet. Only Latin letters with diacritics are folded; everything else
//! passes unchanged, so the fold never changes a string's character count.

/// The letter without its diacritic (`ö` → `o`, `É` → `E`); other chars unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        _ => c,
    }
}

/// `fold_char` over a string.
pub fn fold_str(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_dutch_diacritics() {
        assert_eq!(fold_str("coördinatie"), "coordinatie");
        assert_eq!(fold_str("ideeën"), "ideeen");
        assert_eq!(fold_str("Vóór"), "Voor");
        assert_eq!(fold_str("financiën – ‘x’"), "financien – ‘x’");
    }
}

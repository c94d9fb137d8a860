//! The theme taxonomy: chapter titles → canonical theme slugs, so that the
//! theme facet has one vocabulary across reports whose chapter titles differ.
//! Loaded once per process from `corpus/themes.toml` (built-in default when the
//! file is absent); its text is part of each report's index fingerprint.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::Path;

/// The taxonomy shipped with visidex, used when the corpus has no `themes.toml`.
pub const DEFAULT_TAXONOMY: &str = include_str!("../corpus/themes.toml");

/// The file name of the taxonomy inside the corpus folder.
pub const TAXONOMY_FILE: &str = "themes.toml";

/// Theme of paragraphs that stand before any chapter heading.
pub const NO_CHAPTER_THEME: &str = "overig";

#[derive(Debug, Clone, Deserialize)]
struct TaxonomyFile {
    #[serde(default)]
    theme: Vec<ThemeRule>,
}

#[derive(Debug, Clone, Deserialize)]
struct ThemeRule {
    name: String,
    #[serde(rename = "match", default)]
    patterns: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    rules: Vec<(String, Vec<String>)>,
    /// The taxonomy's source text, for fingerprints.
    pub source: String,
}

impl Default for Taxonomy {
    fn default() -> Self {
        // The built-in text is checked by a unit test, so this cannot fail in practice;
        // fall back to an empty taxonomy (slug fallback only) rather than panic.
        Taxonomy::parse(DEFAULT_TAXONOMY, Path::new("<built-in themes.toml>")).unwrap_or(Taxonomy {
            rules: Vec::new(),
            source: String::new(),
        })
    }
}

impl Taxonomy {
    /// `corpus/themes.toml` when it exists, the built-in taxonomy otherwise.
    pub fn load_for_corpus(corpus: &Path) -> Result<Taxonomy> {
        let path = corpus.join(TAXONOMY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Taxonomy::parse(&text, &path),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Taxonomy::default()),
            Err(source) => Err(Error::io(path, source)),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Taxonomy> {
        let file: TaxonomyFile = toml::from_str(text).map_err(|error| Error::Parse {
            path: path.to_path_buf(),
            line: line_of_toml_error(text, &error),
            message: error.message().to_string(),
        })?;
        let rules = file
            .theme
            .into_iter()
            .map(|rule| {
                let patterns = rule.patterns.iter().map(|p| fold(p)).collect();
                (rule.name, patterns)
            })
            .collect();
        Ok(Taxonomy {
            rules,
            source: text.to_string(),
        })
    }

    /// The theme slug for a chapter heading as printed.
    pub fn theme_of(&self, chapter: &str) -> String {
        let title = strip_number(chapter);
        if title.trim().is_empty() {
            return NO_CHAPTER_THEME.to_string();
        }
        let folded = fold(title);
        for (name, patterns) in &self.rules {
            if patterns
                .iter()
                .any(|pattern| folded.contains(pattern.as_str()))
            {
                return name.clone();
            }
        }
        let before_comma = folded.split(',').next().unwrap_or_default();
        let slug = slug(before_comma);
        if slug.is_empty() {
            NO_CHAPTER_THEME.to_string()
        } else {
            slug
        }
    }

    /// The canonical theme names, in taxonomy order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|(name, _)| name.as_str())
    }
}

fn line_of_toml_error(text: &str, error: &toml::de::Error) -> usize {
    error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(1)
}

/// `" 6. KINDVRIENDELIJKHEID"` → `"KINDVRIENDELIJKHEID"`.
fn strip_number(chapter: &str) -> &str {
    let trimmed = chapter.trim_start();
    let rest = trimmed.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if rest.len() == trimmed.len() {
        trimmed
    } else {
        rest.trim_start()
    }
}

/// Lower case, accents dropped, whitespace collapsed.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        out.push(crate::analysis::fold_char(c));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `"duurzaamheid rationeel"` → `"duurzaamheid-rationeel"`: letters and digits, `-` between words.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(chapter: &str) -> String {
        Taxonomy::default().theme_of(chapter)
    }

    #[test]
    fn builtin_taxonomy_parses() {
        Taxonomy::parse(DEFAULT_TAXONOMY, Path::new("themes.toml")).unwrap();
        assert!(Taxonomy::default().names().count() >= 10);
    }

    #[test]
    fn hasselt_chapters_map_to_canonical_themes() {
        assert_eq!(theme("1. SITUERING VAN DE VISITATIES"), "situering");
        assert_eq!(theme("2. DE VISITATIE VAN HASSELT"), "visitatie");
        assert_eq!(
            theme("3. STRATEGISCHE KOERS EN BESTUURLIJKE ORGANISATIE"),
            "strategische-organisatie"
        );
        assert_eq!(
            theme("4. DE EFFECTEN IN DE BELEIDSOVEREENKOMST"),
            "beleidsovereenkomst"
        );
        assert_eq!(theme("5. HET STEDENFONDS ALS INSTRUMENT"), "stedenfonds");
        assert_eq!(
            theme("6. KINDVRIENDELIJKHEID, ALS TOETSSTEEN VOOR EEN WARME, OPEN SAMENLEVING"),
            "kindvriendelijkheid"
        );
        assert_eq!(
            theme("7. DUURZAAMHEID, RATIONEEL ENERGIE- EN MATERIALENGEBRUIK"),
            "duurzaamheid"
        );
        assert_eq!(theme("8. BESLUIT VAN DE VISITATIECOMMISSIE"), "besluit");
        assert_eq!(theme("9. BIJLAGEN"), "bijlagen");
    }

    #[test]
    fn unknown_chapters_fall_back_to_a_slug_before_the_first_comma() {
        assert_eq!(
            theme("6. DIVERSITEIT EN SAMENLEVEN, EEN OPDRACHT"),
            "diversiteit-en-samenleven"
        );
        assert_eq!(theme("7. Veiligheid"), "veiligheid");
        assert_eq!(theme(""), NO_CHAPTER_THEME);
    }

    #[test]
    fn a_bad_taxonomy_names_its_line() {
        let error = Taxonomy::parse("[[theme]]\nname = 3\n", Path::new("themes.toml")).unwrap_err();
        assert!(error.to_string().starts_with("themes.toml:2"), "{error}");
    }
}

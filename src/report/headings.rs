//! Recognising headings from the line itself.
//!
//! In the double-spaced extraction a sub-heading is the one line glued to the
//! text below it, but that mark disappears in single-spaced text, and some
//! sub-headings (`Aantrekkelijk en betaalbaar wonen`) are not glued at all. So
//! headings are recognised from what every layout keeps: chapters are
//! `N. UPPER CASE TITLE`; numbered sections are `N.M Title` under chapter N;
//! an un-numbered heading is a short capitalised line that does not end like
//! a sentence, stands where a paragraph may start and is followed by the start
//! of a paragraph (`segment` checks the neighbours).

use super::flow;
use super::measure;

/// Share of the body measure an un-numbered heading stays below.
const SHORT_HEADING: f64 = 0.6;
/// Share of the body measure a numbered section heading stays below.
const SHORT_SECTION: f64 = 0.8;

/// `1. SITUERING VAN DE VISITATIES` → 1. The title must be upper case.
pub fn chapter_number(text: &str) -> Option<u32> {
    // Asked of every line: reject the common case before searching the line.
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (number, title) = text.split_once(". ")?;
    if number.is_empty() || number.len() > 2 || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !is_upper_case_title(title) {
        return None;
    }
    number.parse().ok()
}

/// Mostly upper-case letters (≥ 80%), at least three of them.
pub fn is_upper_case_title(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (mut upper, mut total) = (0usize, 0usize);
    for letter in letters {
        total += 1;
        upper += usize::from(letter.is_uppercase());
    }
    total >= 3 && upper * 5 >= total * 4
}

/// `4.2 Aantrekkelijke en betaalbare woonstad` → `[4, 2]`; `9.2.1 Sessie …` → `[9, 2, 1]`.
pub fn section_number(text: &str) -> Option<Vec<u32>> {
    let (number, title) = text.split_once(char::is_whitespace)?;
    let number = number.strip_suffix('.').unwrap_or(number);
    let parts: Vec<&str> = number.split('.').collect();
    if !(2..=4).contains(&parts.len()) {
        return None;
    }
    let mut numbers = Vec::with_capacity(parts.len());
    for part in parts {
        if part.is_empty() || part.len() > 2 || !part.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        numbers.push(part.parse().ok()?);
    }
    let title = title.trim_start();
    title.chars().next().filter(|c| c.is_uppercase())?;
    Some(numbers)
}

/// A numbered section heading under chapter `chapter` (when the chapter is numbered).
pub fn numbered_section(text: &str, chapter: Option<u32>, body_measure: f64) -> Option<usize> {
    let numbers = section_number(text)?;
    if chapter.is_some_and(|chapter| numbers[0] != chapter) {
        return None;
    }
    if flow::ends_sentence(text) || text.ends_with(',') {
        return None;
    }
    if measure::width(text) >= SHORT_SECTION * body_measure {
        return None;
    }
    Some(numbers.len())
}

/// The line itself could be an un-numbered heading: short, capitalised, no
/// sentence end, no `label: value`, not a page footer or a bullet.
pub fn could_be_subheading(text: &str, body_measure: f64) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    if text.ends_with([',', '-', '.', ';', ':', '?', '!', '…']) || text.contains(": ") {
        return false;
    }
    if text.split_whitespace().count() > 12 {
        return false;
    }
    measure::width(text) < SHORT_HEADING * body_measure
}

/// The next content line may open a paragraph below a heading.
pub fn opens_paragraph(text: &str) -> bool {
    !flow::starts_lower_case(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEASURE: f64 = 45.0;

    #[test]
    fn chapters_are_numbered_upper_case_titles() {
        assert_eq!(chapter_number("1. SITUERING VAN DE VISITATIES"), Some(1));
        assert_eq!(
            chapter_number("6. KINDVRIENDELIJKHEID, ALS TOETSSTEEN VOOR EEN"),
            Some(6)
        );
        assert_eq!(chapter_number("4. De effecten"), None);
        assert_eq!(chapter_number("2008. HET"), None);
    }

    #[test]
    fn numbered_sections_belong_to_their_chapter() {
        assert_eq!(
            numbered_section(
                "4.1 Toegenomen belang van de centrumfunctie",
                Some(4),
                MEASURE
            ),
            Some(2)
        );
        assert_eq!(
            numbered_section("9.2.1 Sessie kindvriendelijkheid", Some(9), MEASURE),
            Some(3)
        );
        assert_eq!(
            numbered_section("4.1 Toegenomen belang", Some(5), MEASURE),
            None
        );
        assert_eq!(
            numbered_section("9.000 woningen werden gebouwd", Some(9), MEASURE),
            None
        );
        assert_eq!(
            numbered_section("4.5 Dit is een zin.", Some(4), MEASURE),
            None
        );
    }

    #[test]
    fn subheadings_are_short_capitalised_and_not_sentences() {
        assert!(could_be_subheading("Afspiegelingscollege", MEASURE));
        assert!(could_be_subheading(
            "Geloof in burgerbetrokkenheid en -inspraak",
            MEASURE
        ));
        assert!(could_be_subheading("STEDENFONDS NU", MEASURE));
        assert!(!could_be_subheading("lijke lijst.", MEASURE));
        assert!(!could_be_subheading("Intentie is er.", MEASURE));
        assert!(!could_be_subheading("Gespreksleider: Ilse Dries", MEASURE));
        let long =
            "Rapport Stedenfonds 2008-2013 Maatschappelijke effecten en indicatoren update 2010";
        assert!(!could_be_subheading(long, MEASURE));
    }
}

//! What each paragraph draft is: body text, a bullet, a key figure, the
//! source line of a key-figure box, a table row, or a recommendation.
//!
//! Recommendations were set in italics on a narrower measure; in the text
//! only the narrower lines remain. Measured on the Hasselt report with
//! Helvetica widths, full body lines are 0.95–1.03 of the body measure and
//! full recommendation lines 0.92–0.96. A paragraph's wrapped lines (all but
//! its last) are compared with the body measure: their widest line below
//! `NARROW` makes a recommendation; between `NARROW` and `MAYBE_NARROW` the
//! paragraph must also open with the committee advising. A paragraph that
//! merely mentions the committee at full width is body text.

use super::flow;
use super::items::Item;
use super::measure;
use super::segment::Draft;
use crate::model::Kind;

/// Widest wrapped line below this share of the body measure: a recommendation.
pub const NARROW: f64 = 0.97;
/// Up to this share, a recommendation if the committee advises.
pub const MAYBE_NARROW: f64 = 0.99;

/// The kind of every draft, in order.
pub fn kinds(drafts: &[Draft], items: &[Item], body_measure: f64) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = drafts
        .iter()
        .map(|draft| first_guess(draft, items, body_measure))
        .collect();
    mark_sources_and_figures(drafts, items, &mut kinds);
    kinds
}

fn first_guess(draft: &Draft, items: &[Item], body_measure: f64) -> Kind {
    let lines = &items[draft.items.clone()];
    if draft.table {
        return Kind::TableRow;
    }
    if lines.first().is_some_and(|item| item.bullet.is_some()) {
        return Kind::ListItem;
    }
    if is_recommendation(lines, body_measure) {
        return Kind::Recommendation;
    }
    Kind::Paragraph
}

/// The narrowness test described in the module doc.
pub fn is_recommendation(lines: &[Item], body_measure: f64) -> bool {
    if lines.len() < 2 || body_measure <= 0.0 {
        return false;
    }
    let widest = lines[..lines.len() - 1]
        .iter()
        .map(|item| measure::width(&item.text))
        .fold(0.0, f64::max);
    let ratio = widest / body_measure;
    ratio < NARROW || (ratio < MAYBE_NARROW && committee_advises(lines))
}

/// The paragraph's first two lines have the committee advising.
pub fn committee_advises(lines: &[Item]) -> bool {
    let opening: String = lines
        .iter()
        .take(2)
        .map(|item| item.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let advises = [
        "advise", "beveel", "aanbevel", "moedig", "pleit", "raadt", "suggere", "nodigt",
    ];
    opening.contains("commissie") && advises.iter().any(|verb| opening.contains(verb))
}

/// A source line closes a box of key figures or a table: the bullets before
/// it are `figure`s.
fn mark_sources_and_figures(drafts: &[Draft], items: &[Item], kinds: &mut [Kind]) {
    for index in 1..drafts.len() {
        let previous = kinds[index - 1];
        if !matches!(previous, Kind::ListItem | Kind::TableRow | Kind::Figure) {
            continue;
        }
        if !is_source_line(&items[drafts[index].items.clone()]) {
            continue;
        }
        kinds[index] = Kind::QuoteSource;
        let mut back = index;
        while back > 0 && kinds[back - 1] == Kind::ListItem {
            kinds[back - 1] = Kind::Figure;
            back -= 1;
        }
    }
}

/// One line, not a sentence, naming a source: `Bron: …`, `Rapport … 2010`.
pub fn is_source_line(lines: &[Item]) -> bool {
    let [item] = lines else {
        return false;
    };
    let text = item.text.as_str();
    if item.bullet.is_some() || flow::ends_sentence(text) {
        return false;
    }
    let first = flow::first_word(text).trim_end_matches(':').to_lowercase();
    let names_source = ["bron", "bronnen", "rapport", "source"].contains(&first.as_str());
    names_source || has_year(text) && text.chars().next().is_some_and(char::is_uppercase)
}

fn has_year(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::items::bullet;

    fn item(text: &str) -> Item {
        let (mark, body) = bullet(text);
        Item {
            number: 1,
            text: text.to_string(),
            body: body.to_string(),
            bullet: mark,
            trailing_space: true,
            page: 1,
        }
    }

    const BODY: &str =
        "Het stadsbestuur krijgt goede scores van zijn burgers als het gaat over vertrouwen, informatie";

    #[test]
    fn narrow_paragraphs_are_recommendations() {
        let measure = measure::width(BODY);
        let narrow = "De visitatiecommissie adviseert om bewust ruimte te creëren voor publiek";
        let lines = [item(narrow), item(narrow), item("einde.")];
        assert!(is_recommendation(&lines, measure));
        let body = [item(BODY), item("einde.")];
        assert!(!is_recommendation(&body, measure));
        // One line cannot be measured.
        assert!(!is_recommendation(&[item(narrow)], measure));
    }

    #[test]
    fn slightly_narrow_needs_the_committee_advising() {
        let measure = measure::width(BODY);
        let slightly = &BODY[..BODY.len() - 3];
        assert!(!is_recommendation(&[item(slightly), item("x.")], measure));
        let advising = "De commissie adviseert het stadsbestuur om in het kader van de wijkwerking";
        let lines = [item(advising), item("x.")];
        assert!(committee_advises(&lines));
        let sympathises = [
            item("De visitatiecommissie sympathiseert met het streven"),
            item("x."),
        ];
        assert!(!committee_advises(&sympathises));
    }

    #[test]
    fn source_lines() {
        assert!(is_source_line(&[item(
            "Rapport Stedenfonds 2008-2013 Maatschappelijke effecten en indicatoren: update 2010"
        )]));
        assert!(is_source_line(&[item(
            "Bron: Agentschap Binnenlands Bestuur, www.lokalestatistieken.be"
        )]));
        assert!(!is_source_line(&[item(
            "In 2009 dalen de prijzen voor het eerst."
        )]));
        assert!(!is_source_line(&[item("Rapport"), item("twee")]));
    }
}

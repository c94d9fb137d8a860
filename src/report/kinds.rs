//! What each paragraph draft is: body text, a bullet, a key figure, the
//! source line of a key-figure box, a table row, or a recommendation.
//!
//! A PDF states a recommendation plainly (it is set in italics); a text
//! keeps only its narrower measure and its wording, weighed in `evidence`.

use super::draft::Draft;
use super::evidence::{is_source_line, opening_evidence, WidthModel, DEFAULT_NARROW_SHARE};
use super::items::Item;
use super::measure::{self, Measures};
use crate::model::Kind;

/// The shares a measured recommendation measure may take (a narrower indent
/// than 0.9 or one within 0.97 of the body would be another layout).
const NARROW_SHARES: std::ops::RangeInclusive<f64> = 0.9..=0.97;
/// Log-odds of a recommendation before any evidence (Hasselt: 24 of 124
/// paragraphs of two lines or more).
const PRIOR: f64 = -1.5;

/// The kind of every draft, in order.
pub fn kinds(drafts: &[Draft], items: &[Item], measures: &Measures) -> Vec<Kind> {
    let narrow = narrow_share(drafts, items, measures);
    let widths = WidthModel::new(measures, narrow);
    let mut kinds: Vec<Kind> = drafts
        .iter()
        .enumerate()
        .map(|(index, draft)| {
            let closes_section = drafts
                .get(index + 1)
                .is_none_or(|next| !same_section(draft, next));
            first_guess(draft, items, &widths, closes_section)
        })
        .collect();
    mark_sources_and_figures(drafts, items, &mut kinds);
    kinds
}

/// No heading stands between the two drafts.
fn same_section(draft: &Draft, next: &Draft) -> bool {
    draft.chapter == next.chapter
        && draft.section.len() == next.section.len()
        && draft
            .section
            .iter()
            .zip(&next.section)
            .all(|(a, b)| a.heading == b.heading)
}

fn first_guess(draft: &Draft, items: &[Item], widths: &WidthModel, closes_section: bool) -> Kind {
    let lines = &items[draft.items.clone()];
    if draft.table {
        return Kind::TableRow;
    }
    if lines.first().is_some_and(|item| item.bullet.is_some()) {
        return Kind::ListItem;
    }
    // A PDF says it: recommendations are the paragraphs set in italics.
    let styled: Vec<bool> = lines
        .iter()
        .filter_map(|item| item.layout.as_ref().map(|layout| layout.italic))
        .collect();
    if !styled.is_empty() {
        let italic = styled.iter().filter(|&&italic| italic).count();
        return if italic * 2 > styled.len() {
            Kind::Recommendation
        } else {
            Kind::Paragraph
        };
    }
    if recommendation_score(lines, widths, closes_section) > 0.0 {
        return Kind::Recommendation;
    }
    Kind::Paragraph
}

/// The recommendation measure of the report, as a share of the body measure:
/// the narrower of two clusters of paragraph widths (the median wrapped line
/// of each paragraph of three lines or more), when the widths are clean
/// enough to show two clusters; else the Hasselt share.
fn narrow_share(drafts: &[Draft], items: &[Item], measures: &Measures) -> f64 {
    if !measures.is_clean() || measures.body <= 0.0 {
        return DEFAULT_NARROW_SHARE;
    }
    let mut shares: Vec<f64> = drafts
        .iter()
        .filter(|draft| !draft.table)
        .map(|draft| &items[draft.items.clone()])
        .filter(|lines| lines.len() >= 3 && lines[0].bullet.is_none())
        .map(|lines| {
            let mut widths: Vec<f64> = lines[..lines.len() - 1]
                .iter()
                .map(|item| measure::width(&item.text) / measures.body)
                .collect();
            measure::median(&mut widths)
        })
        .filter(|share| (0.8..=1.1).contains(share))
        .collect();
    shares.sort_by(f64::total_cmp);
    // Two-means in one dimension, started from the Hasselt layout.
    let (mut narrow, mut full) = (DEFAULT_NARROW_SHARE, 1.0);
    let mut narrow_count = 0;
    for _ in 0..8 {
        let split = (narrow + full) / 2.0;
        let (low, high): (Vec<f64>, Vec<f64>) = shares.iter().partition(|&&share| share < split);
        if low.is_empty() || high.is_empty() {
            return DEFAULT_NARROW_SHARE;
        }
        narrow = low.iter().sum::<f64>() / low.len() as f64;
        full = high.iter().sum::<f64>() / high.len() as f64;
        narrow_count = low.len();
    }
    let share = narrow / full;
    if narrow_count < 2 || !NARROW_SHARES.contains(&share) {
        return DEFAULT_NARROW_SHARE;
    }
    share
}

/// Log-odds that a paragraph (not a bullet) is a recommendation; see the module doc.
pub fn recommendation_score(lines: &[Item], widths: &WidthModel, closes_section: bool) -> f64 {
    if lines.len() < 2 {
        return f64::NEG_INFINITY;
    }
    let wrapped: Vec<f64> = lines[..lines.len() - 1]
        .iter()
        .map(|item| measure::width(&item.text))
        .collect();
    if wrapped
        .iter()
        .any(|&width| widths.too_wide_for_narrow(width))
    {
        return f64::NEG_INFINITY;
    }
    let wrapped = wrapped.into_iter();
    let place = if closes_section { 1.0 } else { -1.0 };
    widths.evidence(wrapped) + opening_evidence(lines) + place + PRIOR
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::items::test_item as item;

    use crate::report::evidence::tests::{model, BODY, NARROW_LINE};

    #[test]
    fn narrow_paragraphs_are_recommendations() {
        let clean = model(0.018);
        let lines = [item(NARROW_LINE), item(NARROW_LINE), item("einde.")];
        assert!(recommendation_score(&lines, &clean, false) > 0.0);
        let body = [item(BODY), item("einde.")];
        assert!(recommendation_score(&body, &clean, true) < 0.0);
        // One line cannot be measured.
        assert!(recommendation_score(&[item(NARROW_LINE)], &clean, true) < 0.0);
    }

    #[test]
    fn in_a_clean_report_a_full_line_outweighs_the_opening() {
        let clean = model(0.018);
        let mentions =
            "De visitatiecommissie adviseert om het stadsbestuur te volgen, zoals het gaat over vertrouwen";
        assert!(measure::width(mentions) > 0.99 * measure::width(BODY));
        let lines = [item(mentions), item(mentions), item("einde.")];
        assert!(recommendation_score(&lines, &clean, true) < 0.0);
    }

    #[test]
    fn in_a_noisy_report_the_opening_decides_short_paragraphs() {
        let noisy = model(0.085);
        let advising = "De commissie adviseert het stadsbestuur om in het kader van de wijkwerking";
        let lines = [item(advising), item("x.")];
        assert!(recommendation_score(&lines, &noisy, true) > 0.0);
        let mentions = [
            item("Het viel de visitatiecommissie op dat de voorzitter van het OCMW"),
            item("x."),
        ];
        assert!(recommendation_score(&mentions, &noisy, true) < 0.0);
    }
}

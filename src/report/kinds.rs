//! What each paragraph draft is: body text, a bullet, a key figure, the
//! source line of a key-figure box, a table row, or a recommendation.
//!
//! Recommendations were set in italics on a narrower measure; in the text
//! only the narrower lines remain. Measured on the Hasselt report with
//! Helvetica widths, wrapped body lines average 1.00 of the body measure and
//! wrapped recommendation lines 0.94, each scattering about 2%: there the
//! width alone decides. But a text whose words differ from the printed ones
//! (another edition, words substituted, another extraction) scatters 8% or
//! more per line, and then a two-line recommendation cannot be told from body
//! text by its width. So the decision weighs evidence, in log-odds:
//!
//! - width: each wrapped line (all but the last) counts for the narrow or the
//!   full measure by how much more likely its width is under one than under
//!   the other, given the report's own noise (`Measures::noise`). A clean
//!   report's lines are decisive; a noisy report's lines count little each,
//!   but a long paragraph still adds up;
//! - the opening: recommendations open with the committee advising, "De
//!   (visitatie)commissie adviseert … om …": the subject, a verb of advice and
//!   the `om … te` of what is advised. These words count as likelihood ratios
//!   measured on the Hasselt report (damped: they come together). The short
//!   function words (`De`, `om`) count as much as the content words, since
//!   they survive re-wording;
//! - the place: a recommendation usually closes the discussion of a topic, so
//!   a heading tends to follow it.
//!
//! A paragraph that merely mentions the committee at full width in a clean
//! report is body text: a wrapped line too wide for the narrow measure (by
//! three deviations of the report's noise) rules a recommendation out, and
//! each full line outweighs the whole opening.

use super::flow;
use super::items::Item;
use super::measure::{self, Measures};
use super::segment::Draft;
use crate::model::Kind;

/// Widest wrapped line below this share of the body measure: the paragraph is
/// set narrower (used by `segment` for a measure change inside a draft).
pub const NARROW: f64 = 0.97;
/// From this share on, a wrapped line is set on the full measure.
pub const MAYBE_NARROW: f64 = 0.99;

/// The recommendation measure as a share of the body measure when the report
/// does not show its own (measured on the Hasselt report: 0.939).
pub const DEFAULT_NARROW_SHARE: f64 = 0.94;
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
    if recommendation_score(lines, widths, closes_section) > 0.0 {
        return Kind::Recommendation;
    }
    Kind::Paragraph
}

/// The widths of wrapped lines on the two measures, as share of the body measure.
#[derive(Debug, Clone, Copy)]
pub struct WidthModel {
    body: f64,
    /// Recommendation measure / body measure.
    narrow: f64,
    /// Standard deviation of a wrapped line's share around its measure.
    noise: f64,
}

impl WidthModel {
    pub fn new(measures: &Measures, narrow: f64) -> WidthModel {
        WidthModel {
            body: measures.body,
            narrow,
            noise: measures.noise,
        }
    }

    /// A wrapped line this wide cannot be set on the narrow measure: wider
    /// than it by three standard deviations. (The Gaussian evidence alone
    /// would let narrower lines outvote it, but body lines are often set a
    /// little short, and recommendation lines are never set wide.)
    pub fn too_wide_for_narrow(&self, width: f64) -> bool {
        self.body > 0.0 && width / self.body > self.narrow + 3.0 * self.noise
    }

    /// Log-likelihood ratio, narrow against full measure, of wrapped lines
    /// of these widths. Each share is clamped to three standard deviations
    /// beyond either measure, so that one line broken short for another
    /// reason (a forced break) cannot outvote the rest.
    pub fn evidence(&self, widths: impl Iterator<Item = f64>) -> f64 {
        if self.body <= 0.0 {
            return 0.0;
        }
        let (full, narrow, noise) = (1.0, self.narrow, self.noise);
        let low = narrow - 3.0 * noise;
        let high = full + 3.0 * noise;
        widths
            .map(|width| {
                let share = (width / self.body).clamp(low, high);
                // log N(share; narrow, noise) − log N(share; full, noise)
                (full - narrow) * (full + narrow - 2.0 * share) / (2.0 * noise * noise)
            })
            .sum()
    }
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

/// Stems of the verbs a committee advises with (`adviseert`, `beveelt … aan`,
/// `aanbeveling`, `moedigt … aan`, `pleit`, `raadt … aan`, `suggereert`,
/// `nodigt … uit`, `stelt voor`, `dringt aan`, `vraagt`, `aanmoedigen`).
const ADVISING: [&str; 12] = [
    "advise",
    "beveel",
    "aanbevel",
    "moedig",
    "pleit",
    "raadt",
    "suggere",
    "nodigt",
    "stelt voor",
    "dringt",
    "vraagt",
    "aanmoedig",
];

/// Log-odds from the paragraph's opening (first two lines).
pub fn opening_evidence(lines: &[Item]) -> f64 {
    let first = lines.first().map_or("", |item| item.text.as_str());
    let opening: String = lines
        .iter()
        .take(2)
        .map(|item| item.text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let mut words = opening.split_whitespace();
    let subject =
        words.next() == Some("de") && words.next().is_some_and(|w| w.contains("commissie"));
    let mut score = 0.0;
    score += if first.starts_with("De ") { 1.0 } else { -2.25 };
    score += if subject { 0.75 } else { 0.0 };
    score += if opening.contains("commissie") {
        1.25
    } else {
        -2.5
    };
    score += if ADVISING.iter().any(|verb| opening.contains(verb)) {
        1.5
    } else {
        -0.25
    };
    let first_lower = first.to_lowercase();
    score += if first_lower.split_whitespace().any(|word| word == "om") {
        1.25
    } else {
        -0.75
    };
    score
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

    fn model(noise: f64) -> WidthModel {
        let measures = Measures {
            body: measure::width(BODY),
            bullet: measure::width(BODY),
            noise,
        };
        WidthModel::new(&measures, DEFAULT_NARROW_SHARE)
    }

    const NARROW_LINE: &str =
        "De visitatiecommissie adviseert om bewust ruimte te creëren voor publiek";

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

    #[test]
    fn width_evidence_scales_with_noise() {
        let narrow = [measure::width(NARROW_LINE)];
        let clean = model(0.018).evidence(narrow.into_iter());
        let noisy = model(0.085).evidence(narrow.into_iter());
        assert!(
            clean > 5.0 && noisy > 0.0 && noisy < clean / 5.0,
            "{clean} {noisy}"
        );
        // A forced short break counts no more than a line three deviations narrow.
        let short = model(0.018).evidence([1.0].into_iter());
        let limit = model(0.018)
            .evidence([(DEFAULT_NARROW_SHARE - 0.054) * measure::width(BODY)].into_iter());
        assert!((short - limit).abs() < 1e-9);
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

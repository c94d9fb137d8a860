//! The evidence that a paragraph draft is a recommendation, and the width
//! model `segment` and `kinds` both weigh (no other module state: both
//! import it, neither imports the other).
//!
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
use super::measure::Measures;

/// Widest wrapped line below this share of the body measure: the paragraph is
/// set narrower (used by `segment` for a measure change inside a draft).
pub const NARROW: f64 = 0.97;
/// From this share on, a wrapped line is set on the full measure.
pub const MAYBE_NARROW: f64 = 0.99;

/// The recommendation measure as a share of the body measure when the report
/// does not show its own (measured on the Hasselt report: 0.939).
pub const DEFAULT_NARROW_SHARE: f64 = 0.94;

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

/// Test fixtures shared with the kind rules' tests (`kinds.rs`).
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::items::test_item as item;
    use crate::report::measure;

    pub(crate) const BODY: &str =
        "Het stadsbestuur krijgt goede scores van zijn burgers als het gaat over vertrouwen, informatie";

    pub(crate) fn model(noise: f64) -> WidthModel {
        let measures = Measures {
            body: measure::width(BODY),
            bullet: measure::width(BODY),
            noise,
        };
        WidthModel::new(&measures, DEFAULT_NARROW_SHARE)
    }

    pub(crate) const NARROW_LINE: &str =
        "De visitatiecommissie adviseert om bewust ruimte te creëren voor publiek";

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

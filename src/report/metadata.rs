//! The report's metadata from its own text: the city from the chapter
//! `N. DE VISITATIE VAN <CITY>`, the visit date from `vond plaats op 3 mei
//! 2011`, the title from the running footer. The file name is the fallback
//! for the year and, last, for the city — only when it names a centre city
//! (`gent-2005-00004`): a city is never made up from a file name such as
//! `notitie.txt`, which gets no city (`"city": null`). A sidecar overrides
//! everything.

use super::Sidecar;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// What the text says about the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detected {
    pub city: String,
    pub year: Option<i32>,
    pub date: Option<String>,
    pub title: String,
}

/// Detect the metadata; `headings` are the chapter titles, `texts` the
/// paragraph texts, `footers` the running titles.
pub fn detect(
    id: &str,
    chapters: &[&str],
    texts: &[&str],
    footers: &[String],
    sidecar: &Sidecar,
) -> Detected {
    let city = sidecar
        .city
        .clone()
        .or_else(|| chapters.iter().find_map(|chapter| city_of_chapter(chapter)))
        .or_else(|| {
            footers
                .iter()
                .find_map(|title| city_of_running_title(title))
        })
        .or_else(|| city_of_id(id))
        .unwrap_or_default();
    let date = sidecar
        .date
        .clone()
        .or_else(|| texts.iter().find_map(|text| visit_date(text)));
    let year = sidecar
        .year
        .or_else(|| date.as_deref().and_then(|date| date.get(..4)?.parse().ok()))
        .or_else(|| year_in_id(id));
    let title = sidecar
        .title
        .clone()
        .or_else(|| footers.first().cloned())
        .unwrap_or_else(|| match (year, city.is_empty()) {
            (_, true) => id.to_string(),
            (Some(year), false) => format!("visitatierapport {city} {year}"),
            (None, false) => format!("visitatierapport {city}"),
        });
    Detected {
        city,
        year,
        date,
        title,
    }
}

/// `2. DE VISITATIE VAN HASSELT` → `Hasselt`.
pub fn city_of_chapter(chapter: &str) -> Option<String> {
    let upper = chapter.to_uppercase();
    let at = upper.find("DE VISITATIE VAN ")?;
    let name = chapter.get(at + "DE VISITATIE VAN ".len()..)?.trim();
    (!name.is_empty()).then(|| title_case(name))
}

/// `visitatierapport Hasselt` → `Hasselt`.
fn city_of_running_title(title: &str) -> Option<String> {
    let rest = title.trim().strip_prefix("visitatierapport ")?;
    let name = rest.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    (!name.is_empty()).then(|| title_case(name))
}

/// `gent-2005-00004` → `Gent`; `sint-niklaas-2011` → `Sint-Niklaas`;
/// `notitie` → `None` (not a centre city).
fn city_of_id(id: &str) -> Option<String> {
    let parts: Vec<&str> = id
        .split('-')
        .take_while(|part| !part.chars().all(|c| c.is_ascii_digit()))
        .collect();
    crate::cities::canonical_city(&parts.join("-")).map(str::to_string)
}

/// Title case per word and per hyphenated part; short all-capital
/// abbreviations (`VGC`) stay as they are.
pub fn title_case(name: &str) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|word| {
            let parts: Vec<String> = word.split('-').map(title_case_part).collect();
            parts.join("-")
        })
        .collect();
    words.join(" ")
}

fn title_case_part(part: &str) -> String {
    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
    if (2..=4).contains(&letters)
        && part.chars().all(|c| !c.is_lowercase())
        && is_abbreviation(part)
    {
        return part.to_string();
    }
    let mut chars = part.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// All-capital words without vowels or of three letters read as abbreviations (`VGC`).
fn is_abbreviation(part: &str) -> bool {
    let vowels = part.chars().filter(|c| "AEIOUY".contains(*c)).count();
    vowels == 0
}

/// `… vond plaats op 3 mei 2011 …` → `2011-05-03`.
pub fn visit_date(text: &str) -> Option<String> {
    let at = text.find("plaats op ")?;
    let rest = &text[at + "plaats op ".len()..];
    let mut words = rest.split_whitespace();
    let day: u32 = words.next()?.parse().ok()?;
    let month = words.next()?.to_lowercase();
    let month = MONTHS.iter().position(|name| *name == month)? + 1;
    let year: i32 = words
        .next()?
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    ((1..=31).contains(&day) && (1900..=2100).contains(&year))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The first plausible year in the file name (`gent-2005-00004` → 2005).
fn year_in_id(id: &str) -> Option<i32> {
    id.split(|c: char| !c.is_ascii_digit())
        .filter(|digits| digits.len() == 4)
        .filter_map(|digits| digits.parse::<i32>().ok())
        .find(|year| (1990..=2100).contains(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_from_the_visit_chapter() {
        assert_eq!(
            city_of_chapter("2. DE VISITATIE VAN HASSELT").as_deref(),
            Some("Hasselt")
        );
        assert_eq!(
            city_of_chapter("2. DE VISITATIE VAN SINT-NIKLAAS").as_deref(),
            Some("Sint-Niklaas")
        );
        assert_eq!(
            city_of_chapter("2. DE VISITATIE VAN VGC").as_deref(),
            Some("VGC")
        );
        assert_eq!(city_of_chapter("3. STRATEGISCHE KOERS"), None);
    }

    #[test]
    fn dates_from_the_visit_sentence() {
        let text = "De visitatie in Hasselt vond plaats op 3 mei 2011. Een overzicht";
        assert_eq!(visit_date(text).as_deref(), Some("2011-05-03"));
        assert_eq!(visit_date("vond plaats op 31 februarie 2011"), None);
    }

    #[test]
    fn fallbacks_and_sidecar() {
        let none = Sidecar::default();
        let detected = detect("gent-2005-00004", &[], &[], &[], &none);
        assert_eq!(detected.city, "Gent");
        assert_eq!(detected.year, Some(2005));
        assert_eq!(detected.title, "visitatierapport Gent 2005");
        // A file name that names no centre city gives no city.
        let detected = detect("notitie", &[], &["Een losse notitie."], &[], &none);
        assert_eq!(
            (detected.city.as_str(), detected.title.as_str()),
            ("", "notitie")
        );
        let detected = detect("ravels-2011", &[], &[], &[], &none);
        assert_eq!(detected.city, "");
        let footers = vec!["visitatierapport Hasselt".to_string()];
        let detected = detect(
            "x",
            &["2. DE VISITATIE VAN HASSELT"],
            &["vond plaats op 3 mei 2011."],
            &footers,
            &none,
        );
        assert_eq!(detected.title, "visitatierapport Hasselt");
        assert_eq!(detected.year, Some(2011));
        let sidecar = Sidecar {
            city: Some("Genk".into()),
            year: Some(2017),
            ..Sidecar::default()
        };
        let detected = detect("x", &["2. DE VISITATIE VAN HASSELT"], &[], &[], &sidecar);
        assert_eq!(
            (detected.city.as_str(), detected.year),
            ("Genk", Some(2017))
        );
    }
}

//! Numbers as Flemish reports print them: `.` groups thousands and `,` marks
//! decimals (`12.947.676`, `2,1%`, `€ 1.250,50`). Tables and key figures are
//! only useful typed, and a naive `parse::<f64>()` reads `78.271` as 78.271.
//!
//! Rules: an optional sign (`-`, `−`, `+`), an optional unit before (`€`) or
//! after (`%`, `€`, with or without a space); digits whose dots separate
//! groups of exactly three; an optional `,` and decimals. A dot that does not
//! separate groups of three (`4.5`, as some authors write) is read as a
//! decimal point — the one lenient case. Anything else is not a number.

use serde::{Deserialize, Serialize};

/// A parsed value: whole numbers stay integers in JSON (`78271`, not `78271.0`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(untagged)]
pub enum Number {
    Integer(i64),
    Decimal(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Integer(value) => value as f64,
            Number::Decimal(value) => value,
        }
    }
}

/// A number with its unit as printed (`%`, `€`), if any.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Quantity {
    pub value: Number,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

const UNITS: [&str; 2] = ["%", "€"];

/// Parse one cell or token, e.g. `78.271`, `2,1%`, `-3,5 %`, `€ 1.250`.
pub fn parse_number(cell: &str) -> Option<Quantity> {
    let mut body = cell.trim();
    let mut unit = None;
    for symbol in UNITS {
        if let Some(rest) = body.strip_suffix(symbol) {
            unit = Some(symbol);
            body = rest.trim_end();
            break;
        }
    }
    if unit.is_none() {
        if let Some(rest) = body.strip_prefix('€') {
            unit = Some("€");
            body = rest.trim_start();
        }
    }
    let (negative, digits) = match body.chars().next()? {
        '-' | '−' => (true, &body[body.chars().next()?.len_utf8()..]),
        '+' => (false, &body[1..]),
        _ => (false, body),
    };
    let magnitude = parse_unsigned(digits)?;
    let value = match (negative, magnitude) {
        (true, Number::Integer(value)) => Number::Integer(-value),
        (true, Number::Decimal(value)) => Number::Decimal(-value),
        (false, number) => number,
    };
    Some(Quantity {
        value,
        unit: unit.map(str::to_string),
    })
}

fn parse_unsigned(text: &str) -> Option<Number> {
    let (whole, decimals) = match text.split_once(',') {
        Some((whole, decimals)) => (whole, Some(decimals)),
        None => (text, None),
    };
    if let Some(decimals) = decimals {
        if decimals.is_empty() || !decimals.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let groups: Vec<&str> = whole.split('.').collect();
    let grouped = groups.iter().all(|group| is_digits(group))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups.iter().skip(1).all(|group| group.len() == 3)));
    let whole_digits = if grouped {
        groups.concat()
    } else if decimals.is_none() && groups.len() == 2 && groups.iter().all(|g| is_digits(g)) {
        // `4.5`: a decimal point, not a thousands separator.
        return format!("{}.{}", groups[0], groups[1])
            .parse()
            .ok()
            .map(Number::Decimal);
    } else {
        return None;
    };
    match decimals {
        None => whole_digits.parse().ok().map(Number::Integer),
        Some(decimals) => format!("{whole_digits}.{decimals}")
            .parse()
            .ok()
            .map(Number::Decimal),
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The numbers in running text (key-figure bullets), with their source text.
/// A number glued to letters (`ECO2`, `mp3`) or part of a range (`2008-2013`
/// gives two numbers) is handled by the whitespace split: only tokens that
/// are wholly a number, after trimming punctuation, count.
pub fn numbers_in(text: &str) -> Vec<(String, Quantity)> {
    let mut out = Vec::new();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for (index, token) in tokens.iter().enumerate() {
        let trimmed = token.trim_matches(|c: char| "()[]:;,.!?“”\"‘’'".contains(c));
        if trimmed.is_empty() || !trimmed.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let parts: Vec<&str> = if trimmed.contains('-') && !trimmed.starts_with('-') {
            trimmed.split('-').collect()
        } else {
            vec![trimmed]
        };
        for part in parts {
            let with_unit = match tokens.get(index + 1) {
                Some(next)
                    if UNITS
                        .iter()
                        .any(|unit| next.trim_end_matches([',', '.', ';', ')']) == *unit) =>
                {
                    format!("{part}{}", next.trim_end_matches([',', '.', ';', ')']))
                }
                _ => part.to_string(),
            };
            if let Some(quantity) = parse_number(&with_unit) {
                out.push((with_unit, quantity));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(cell: &str) -> Option<(f64, Option<String>)> {
        parse_number(cell).map(|q| (q.value.as_f64(), q.unit))
    }

    #[test]
    fn dots_group_thousands() {
        assert_eq!(
            parse_number("78.271").map(|q| q.value),
            Some(Number::Integer(78271))
        );
        assert_eq!(
            parse_number("12.947.676").map(|q| q.value),
            Some(Number::Integer(12_947_676))
        );
        assert_eq!(
            parse_number("1.253.981.765").map(|q| q.value),
            Some(Number::Integer(1_253_981_765))
        );
    }

    #[test]
    fn commas_mark_decimals_and_units_are_kept() {
        assert_eq!(value("2,1%"), Some((2.1, Some("%".into()))));
        assert_eq!(value("53,6 %"), Some((53.6, Some("%".into()))));
        assert_eq!(value("€ 1.250,50"), Some((1250.5, Some("€".into()))));
        assert_eq!(value("-3,5"), Some((-3.5, None)));
        assert_eq!(value("−12"), Some((-12.0, None)));
    }

    #[test]
    fn a_dot_that_does_not_group_is_a_decimal_point() {
        assert_eq!(
            parse_number("4.5").map(|q| q.value),
            Some(Number::Decimal(4.5))
        );
        assert_eq!(
            parse_number("1.000").map(|q| q.value),
            Some(Number::Integer(1000))
        );
    }

    #[test]
    fn non_numbers_are_refused() {
        for cell in [
            "",
            "Aalst",
            "1.00.0",
            "12,",
            "2008-2013",
            "ECO2",
            "%",
            "1,2,3",
        ] {
            assert_eq!(parse_number(cell), None, "{cell:?}");
        }
    }

    #[test]
    fn integers_serialize_as_integers() {
        let json = serde_json::to_string(&parse_number("78.271")).unwrap();
        assert_eq!(json, r#"{"value":78271}"#);
        let json = serde_json::to_string(&parse_number("2,1%")).unwrap();
        assert_eq!(json, r#"{"value":2.1,"unit":"%"}"#);
    }

    #[test]
    fn numbers_in_running_text() {
        let found: Vec<String> = numbers_in(
            "De netto-groeiratio bedraagt in 2009 2,6%. Dat is hoger dan in de 13 centrumsteden (1,9%); van 24 % in 2004",
        )
        .into_iter()
        .map(|(text, _)| text)
        .collect();
        assert_eq!(found, ["2009", "2,6%", "13", "1,9%", "24%", "2004"]);
    }
}

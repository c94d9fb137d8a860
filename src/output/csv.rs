//! RFC 4180 CSV for the knowledge extracts, so tables, recommendations and
//! figures open in a spreadsheet. Hand-written because the rules are few and
//! fixed: fields joined by `,`, records ended by CRLF, a field quoted with `"`
//! when it holds `"`, `,`, CR or LF (inner quotes doubled); with `bom` a UTF-8
//! byte-order mark first, so spreadsheet programs read the accents right.

use super::format::CsvOptions;
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// Builds one CSV document: a header record, then data records.
#[derive(Debug, Clone, Default)]
pub struct CsvWriter {
    out: String,
    separator: char,
}

/// The UTF-8 byte-order mark that `--bom` puts first.
pub const BOM: &str = "\u{feff}";

impl CsvWriter {
    pub fn new(options: CsvOptions, header: &[&str]) -> CsvWriter {
        let mut writer = CsvWriter {
            out: if options.bom {
                BOM.to_string()
            } else {
                String::new()
            },
            separator: options.separator,
        };
        writer.record(header.iter().copied());
        writer
    }

    pub fn record<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (index, field) in fields.into_iter().enumerate() {
            if index > 0 {
                self.out.push(self.separator);
            }
            push_field(&mut self.out, field.as_ref(), self.separator);
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

fn push_field(out: &mut String, field: &str, separator: char) {
    if field.contains(['"', separator, '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// An optional value as a CSV field (empty when absent).
pub fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// Records as one CSV table by the generic rule of `search`, `mentions` and
/// `facets`: the columns are the JSON record's fields in JSON order; a nested
/// object becomes `parent_field` columns; a list is one field, its items
/// joined with `; `; null is empty; numbers with a decimal comma under
/// `--sep ';'`. `sample` gives the header even when there are no records.
pub fn records<T: Serialize>(sample: &T, rows: &[T], options: CsvOptions) -> Result<String> {
    let mut text = header(sample, options)?;
    text.push_str(&data(rows, options)?);
    Ok(text)
}

/// The header record (after a BOM when asked) of [`records`], alone: for output that streams.
pub fn header<T: Serialize>(sample: &T, options: CsvOptions) -> Result<String> {
    let header = flatten(&to_value(sample)?, options)
        .into_iter()
        .map(|(name, _)| name)
        .collect::<Vec<_>>();
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    Ok(CsvWriter::new(options, &names).finish())
}

/// The data records of [`records`], without a header.
pub fn data<T: Serialize>(rows: &[T], options: CsvOptions) -> Result<String> {
    let mut writer = CsvWriter {
        out: String::new(),
        separator: options.separator,
    };
    for row in rows {
        let fields = flatten(&to_value(row)?, options);
        writer.record(fields.into_iter().map(|(_, value)| value));
    }
    Ok(writer.finish())
}

fn to_value<T: Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|error| Error::Output(format!("CSV: {error}")))
}

/// `(column, field)` pairs of one record, in JSON order.
pub fn flatten(value: &Value, options: CsvOptions) -> Vec<(String, String)> {
    let mut out = Vec::new();
    flatten_into("", value, options, &mut out);
    out
}

fn flatten_into(prefix: &str, value: &Value, options: CsvOptions, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}_{key}")
                };
                flatten_into(&name, inner, options, out);
            }
        }
        other => out.push((prefix.to_string(), scalar(other, options))),
    }
}

/// A float as its shortest form: an `f32` score widened to `f64` prints as the `f32` did.
fn shortest(number: &serde_json::Number) -> String {
    match number.as_f64() {
        Some(wide) if f64::from(wide as f32) == wide => (wide as f32).to_string(),
        _ => number.to_string(),
    }
}

fn scalar(value: &Value, options: CsvOptions) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Number(number) if number.is_f64() => options.number(shortest(number)),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|item| scalar(item, options))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(_) => serde_json::to_string(value).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_quoting() {
        let mut writer = CsvWriter::new(CsvOptions::default(), &["a", "b"]);
        writer.record(["plain", "with, comma"]);
        writer.record(["say \"hi\"", "two\nlines"]);
        assert_eq!(
            writer.finish(),
            "a,b\r\nplain,\"with, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn records_flatten_in_json_order() {
        #[derive(Serialize)]
        struct Inner {
            start: u32,
            fuzzy: bool,
        }
        #[derive(Serialize)]
        struct Row {
            id: &'static str,
            section: Vec<&'static str>,
            score: f64,
            page: Option<u32>,
            occurrence: Inner,
        }
        let row = |id, score| Row {
            id,
            section: vec!["A", "B"],
            score,
            page: None,
            occurrence: Inner {
                start: 3,
                fuzzy: false,
            },
        };
        let semicolon = CsvOptions {
            separator: ';',
            bom: false,
        };
        let text = records(&row("", 0.0), &[row("x:1", 2.5)], semicolon).unwrap();
        assert_eq!(
            text,
            "id;section;score;page;occurrence_start;occurrence_fuzzy\r\nx:1;\"A; B\";2,5;;3;false\r\n"
        );
        let empty = records(&row("", 0.0), &[], CsvOptions::default()).unwrap();
        assert_eq!(
            empty,
            "id,section,score,page,occurrence_start,occurrence_fuzzy\r\n"
        );
    }

    #[test]
    fn bom_comes_first() {
        let options = CsvOptions {
            bom: true,
            ..CsvOptions::default()
        };
        let text = CsvWriter::new(options, &["stad"]).finish();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(&text[3..], "stad\r\n");
    }
}

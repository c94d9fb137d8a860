//! RFC 4180 CSV for the knowledge extracts, so tables, recommendations and
//! figures open in a spreadsheet. Hand-written because the rules are few and
//! fixed: fields joined by `,`, records ended by CRLF, a field quoted with `"`
//! when it holds `"`, `,`, CR or LF (inner quotes doubled); with `bom` a UTF-8
//! byte-order mark first, so spreadsheet programs read the accents right.

use super::format::CsvOptions;

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

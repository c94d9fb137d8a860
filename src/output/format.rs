//! Where output is chosen: one [`Format`] per run, resolved once from the
//! flags (`cli`), and the [`Render`] trait every command's result implements,
//! so adding a format (or serving the JSON from the web page) touches this
//! file and the renderers, not every command.

use super::human::Style;
use crate::error::{Error, Result};
use serde::Serialize;

/// How a command's answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text for people (emphasis per `Style`).
    Human(Style),
    /// One JSON document (`--json`).
    Json,
    /// JSON Lines (`--jsonl`): one record per line, where a command streams.
    JsonLines,
    /// RFC 4180 CSV (`--csv`, `--sep`, `--bom`).
    Csv(CsvOptions),
}

/// The CSV dialect asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field separator: `,` (RFC 4180) or `;` (Belgian spreadsheets).
    pub separator: char,
    /// A UTF-8 byte-order mark first, so spreadsheet programs read the accents.
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions {
            separator: ',',
            bom: false,
        }
    }
}

impl CsvOptions {
    /// With `;` between fields, spreadsheets in a Belgian locale expect a
    /// decimal comma too.
    pub fn decimal_comma(self) -> bool {
        self.separator == ';'
    }

    /// A number as a CSV field: `0.75`, or `0,75` with `--sep ';'`.
    pub fn number(self, value: impl std::fmt::Display) -> String {
        let text = value.to_string();
        if self.decimal_comma() {
            text.replace('.', ",")
        } else {
            text
        }
    }
}

/// A command's result, renderable in every format it supports.
pub trait Render {
    /// The command name, for "`X` has no CSV output".
    const COMMAND: &'static str;
    /// The JSON wire shape (`CONTRACT.md`); written by [`super::json::document`].
    type Wire<'a>: Serialize
    where
        Self: 'a;

    fn wire(&self) -> Self::Wire<'_>;

    /// Text for people. Report text in it must be cleaned of terminal
    /// controls by the renderer (`human::clean`), which alone knows where its
    /// own emphasis sequences are.
    fn human(&self, style: Style) -> String;

    /// CSV, for the commands that have it.
    fn csv(&self, _options: CsvOptions) -> Option<Result<String>> {
        None
    }

    /// The JSON document of this result (what `--json` prints and the web API serves).
    fn to_json(&self) -> Result<String> {
        super::json::document(&self.wire())
    }
}

/// The whole answer as text in `format`.
pub fn render<T: Render>(format: Format, value: &T) -> Result<String> {
    match format {
        Format::Human(style) => Ok(fit(&value.human(style), style)),
        Format::Json => value.to_json(),
        Format::Csv(options) => value
            .csv(options)
            .unwrap_or_else(|| Err(unsupported(T::COMMAND, "--csv"))),
        Format::JsonLines => Err(unsupported(T::COMMAND, "--jsonl")),
    }
}

/// Human text wrapped at the style's width, when there is one.
pub fn fit(text: &str, style: Style) -> String {
    match style.width {
        Some(width) => super::wrap::wrap(text, width),
        None => text.to_string(),
    }
}

/// The usage error for a format a command does not write.
pub fn unsupported(command: &str, flag: &str) -> Error {
    Error::Usage(format!("`visidex {command}` has no {flag} output"))
}

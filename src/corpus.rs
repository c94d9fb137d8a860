//! Finding report files and reading them into clean text.
//!
//! Reports come from PDF extractors and editors of every age, so reading is
//! forgiving where the text is still readable (a BOM, UTF-16, Windows-1252,
//! CRLF or CR line ends) and strict where it is not a report at all (empty,
//! binary, a PDF handed in by mistake). Whatever is odd but readable is
//! reported back as a `note` for the CLI to print on stderr.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A report file's text, decoded, with `\n` line ends. Form feeds are kept:
/// the parser reads them as page breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    pub text: String,
    /// Notes on how the bytes were read (legacy encoding, …), for stderr.
    pub notes: Vec<String>,
    /// SHA-256 of the raw bytes, hex.
    pub sha256: String,
}

/// The report id for a file name: its stem, lower-cased (`Hasselt-2011.txt` → `hasselt-2011`).
pub fn report_id(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Whether a file in the corpus folder is meant as a report. Sidecars
/// (`*.toml`), dotfiles and other non-text files are not reports, and not errors.
pub fn is_report_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    !name.starts_with('.')
        && path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("txt"))
}

/// Read and decode one report file.
pub fn read_report(path: &Path) -> Result<DecodedText> {
    let bytes = std::fs::read(path).map_err(|source| Error::io(path, source))?;
    decode_report(path, &bytes)
}

/// Decode a report's bytes; `path` is only used in messages.
pub fn decode_report(path: &Path, bytes: &[u8]) -> Result<DecodedText> {
    let not_a_report = |message: &str| Error::NotAReport {
        path: path.to_path_buf(),
        message: message.to_string(),
    };
    let sha256 = sha256_hex(bytes);
    let mut notes = Vec::new();
    if bytes.starts_with(b"%PDF") {
        return Err(not_a_report(
            "this is a PDF, not extracted text; extract it first, e.g. `pdftotext -layout FILE.pdf FILE.txt`",
        ));
    }
    let text = if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if encoding != encoding_rs::UTF_8 {
            notes.push(format!("read as {} (byte-order mark)", encoding.name()));
        }
        if had_errors {
            notes.push(format!(
                "some bytes were not valid {}; replaced by U+FFFD",
                encoding.name()
            ));
        }
        text.into_owned()
    } else if looks_binary(bytes) {
        return Err(not_a_report("binary data (NUL bytes), not a text report"));
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                notes.push("not valid UTF-8; read as Windows-1252".to_string());
                text.into_owned()
            }
        }
    };
    let text = normalize_line_ends(&text);
    if text.trim().is_empty() {
        return Err(not_a_report("empty report: no text"));
    }
    Ok(DecodedText {
        text,
        notes,
        sha256,
    })
}

/// NUL bytes never occur in a text report (UTF-16 is recognised by its BOM first).
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The report files below `folder`, sorted by path. Unreadable entries are
/// returned as errors beside the files so one bad entry does not hide the rest.
pub fn list_reports(folder: &Path) -> Result<(Vec<PathBuf>, Vec<Error>)> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    let mut seen_dirs = std::collections::HashSet::new();
    while let Some(dir) = pending.pop() {
        let canonical = std::fs::canonicalize(&dir).map_err(|source| Error::io(&dir, source));
        match canonical {
            Ok(canonical) => {
                if !seen_dirs.insert(canonical) {
                    continue; // a symlink loop or a second link to a folder seen already
                }
            }
            Err(error) => {
                if dir == folder {
                    return Err(error);
                }
                errors.push(error);
                continue;
            }
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(source) if dir == folder => return Err(Error::io(&dir, source)),
            Err(source) => {
                errors.push(Error::io(&dir, source));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(source) => {
                    errors.push(Error::io(&dir, source));
                    continue;
                }
            };
            let path = entry.path();
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_dir() => {
                    if !path
                        .file_name()
                        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
                    {
                        pending.push(path);
                    }
                }
                Ok(_) if is_report_file(&path) => files.push(path),
                Ok(_) => {}
                Err(source) => {
                    if is_report_file(&path) {
                        errors.push(Error::io(&path, source));
                    }
                }
            }
        }
    }
    files.sort();
    Ok((files, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<DecodedText> {
        decode_report(Path::new("test.txt"), bytes)
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let decoded = decode("\u{feff}Eén\r\ntwee\rdrie\n".as_bytes()).unwrap();
        assert_eq!(decoded.text, "Eén\ntwee\ndrie\n");
        assert!(decoded.notes.is_empty());
    }

    #[test]
    fn windows_1252_is_read_with_a_note() {
        let decoded = decode(b"co\xf6rdinatie \x93quote\x94\n").unwrap();
        assert_eq!(decoded.text, "coördinatie “quote”\n");
        assert_eq!(decoded.notes.len(), 1);
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Hasselt ë\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "Hasselt ë\n");
        assert_eq!(decoded.notes.len(), 1);
    }

    #[test]
    fn empty_binary_and_pdf_are_refused() {
        assert!(matches!(decode(b""), Err(Error::NotAReport { .. })));
        assert!(matches!(decode(b" \n\n"), Err(Error::NotAReport { .. })));
        assert!(matches!(decode(b"ab\0cd"), Err(Error::NotAReport { .. })));
        let pdf = decode(b"%PDF-1.4\n...").unwrap_err().to_string();
        assert!(pdf.contains("PDF"), "{pdf}");
    }

    #[test]
    fn report_ids_and_files() {
        assert_eq!(
            report_id(Path::new("corpus/Hasselt-2011.txt")),
            "hasselt-2011"
        );
        assert!(is_report_file(Path::new("corpus/gent-2011.txt")));
        assert!(!is_report_file(Path::new("corpus/themes.toml")));
        assert!(!is_report_file(Path::new("corpus/.hidden.txt")));
    }
}

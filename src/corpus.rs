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
        && path.extension().is_some_and(|extension| {
            extension.eq_ignore_ascii_case("txt") || extension.eq_ignore_ascii_case("pdf")
        })
}

/// A PDF, by its header in the first kilobyte (a PDF may carry a few bytes
/// of junk before it), whatever the file is called.
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|window| window == b"%PDF-")
}

/// Read and decode one report file.
pub fn read_report(path: &Path) -> Result<DecodedText> {
    let bytes = std::fs::read(path).map_err(|source| Error::io(path, source))?;
    decode_report(path, &bytes)
}

/// Decode a report's bytes; `path` is only used in messages.
pub fn decode_report(path: &Path, bytes: &[u8]) -> Result<DecodedText> {
    let not_a_report = |message: String| Error::NotAReport {
        path: path.to_path_buf(),
        message,
    };
    let sha256 = sha256_hex(bytes);
    if let Some(message) = foreign_format(bytes) {
        return Err(not_a_report(message));
    }
    let mut notes = Vec::new();
    let text = if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        decode_with_bom(encoding, &bytes[bom_length..], &mut notes)
    } else if let Some(text) = utf16_without_bom(bytes) {
        notes.push(text.1);
        text.0
    } else if let Some(line) = first_nul_line(bytes) {
        return Err(not_a_report(format!(
            "binary data (a NUL byte on line {line}), not a text report"
        )));
    } else {
        decode_utf8_or_legacy(bytes, &mut notes)
    };
    let text = normalize_line_ends(&text);
    if text.trim().is_empty() {
        return Err(not_a_report(if bytes.is_empty() {
            "empty file: no text".to_string()
        } else {
            "empty report: only white space".to_string()
        }));
    }
    Ok(DecodedText {
        text,
        notes,
        sha256,
    })
}

/// Files that are plainly something else than text, by their first bytes.
/// A PDF may carry a few bytes of junk before its `%PDF-` header, so the
/// first kilobyte is searched for it.
fn foreign_format(bytes: &[u8]) -> Option<String> {
    if is_pdf(bytes) {
        return Some("a PDF, not text (`report::load_report` reads it as a PDF)".to_string());
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "a Word (.doc) or other Office document",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"\x1f\x8b", "gzip-compressed data"),
    ];
    SIGNATURES
        .iter()
        .find(|(signature, _)| bytes.starts_with(signature))
        .map(|(_, what)| format!("{what}, not a text report; save or extract it as plain text"))
}

fn decode_with_bom(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
    notes: &mut Vec<String>,
) -> String {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
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
}

/// UTF-16 saved without a byte-order mark: Dutch text is mostly ASCII, so
/// nearly every other byte is NUL, always on the same side of the pair. Only
/// accepted when the whole file decodes cleanly and holds no NUL characters,
/// so binary data with a similar rhythm is still refused as binary.
fn utf16_without_bom(bytes: &[u8]) -> Option<(String, String)> {
    let pairs = bytes.len().min(8192) / 2;
    if pairs < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even_nuls, mut odd_nuls) = (0, 0);
    for pair in bytes[..pairs * 2].chunks_exact(2) {
        even_nuls += usize::from(pair[0] == 0);
        odd_nuls += usize::from(pair[1] == 0);
    }
    let mostly = |count: usize| count * 10 >= pairs * 7;
    let hardly = |count: usize| count * 100 <= pairs;
    let encoding = if mostly(odd_nuls) && hardly(even_nuls) {
        encoding_rs::UTF_16LE
    } else if mostly(even_nuls) && hardly(odd_nuls) {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        return None;
    }
    let note = format!("read as {} (no byte-order mark)", encoding.name());
    Some((text.into_owned(), note))
}

/// NUL bytes never occur in a text report (UTF-16 is recognised first);
/// the 1-based line of the first one.
fn first_nul_line(bytes: &[u8]) -> Option<usize> {
    let offset = bytes.iter().position(|&byte| byte == 0)?;
    Some(
        bytes[..offset]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count()
            + 1,
    )
}

/// UTF-8 where it is valid, Windows-1252 (a superset of ISO-8859-1's
/// printable range) line by line where it is not: files pasted together from
/// sources of different ages keep their good lines intact instead of turning
/// every `ë` into `Ã«`.
fn decode_utf8_or_legacy(bytes: &[u8], notes: &mut Vec<String>) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut legacy_lines = 0usize;
    let mut first_legacy_line = 0usize;
    let mut utf8_non_ascii_lines = 0usize;
    for (index, line) in bytes.split_inclusive(|&byte| byte == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(line) => {
                utf8_non_ascii_lines += usize::from(!line.is_ascii());
                text.push_str(line);
            }
            Err(_) => {
                if legacy_lines == 0 {
                    first_legacy_line = index + 1;
                }
                legacy_lines += 1;
                let (line, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(line);
                text.push_str(&line);
            }
        }
    }
    if utf8_non_ascii_lines == 0 {
        notes.push("not valid UTF-8; read as Windows-1252".to_string());
    } else {
        notes.push(format!(
            "mixed encodings: {legacy_lines} line(s) not valid UTF-8 (first: line {first_legacy_line}) \
             read as Windows-1252, the rest as UTF-8"
        ));
    }
    text
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
                        errors.push(unreadable_entry(&path, source));
                    }
                }
            }
        }
    }
    files.sort();
    drop_text_beside_pdf(&mut files);
    Ok((files, errors))
}

/// `X.txt` beside `X.pdf` is the same report (the same id) extracted: the
/// PDF is read and the text skipped, so the two never take turns in the index.
fn drop_text_beside_pdf(files: &mut Vec<PathBuf>) {
    let is_pdf_name = |path: &Path| {
        path.extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("pdf"))
    };
    let pdfs: std::collections::HashSet<(Option<PathBuf>, String)> = files
        .iter()
        .filter(|path| is_pdf_name(path))
        .map(|path| (path.parent().map(Path::to_path_buf), report_id(path)))
        .collect();
    files.retain(|path| {
        is_pdf_name(path)
            || !pdfs.contains(&(path.parent().map(Path::to_path_buf), report_id(path)))
    });
}

/// A listed entry whose metadata cannot be read: say so plainly for the two
/// symlink cases, which the OS words obscurely.
fn unreadable_entry(path: &Path, source: std::io::Error) -> Error {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    let message = match source.kind() {
        std::io::ErrorKind::NotFound if is_link => "a symbolic link to a file that does not exist",
        _ if is_link && source.raw_os_error() == Some(ELOOP) => {
            "a symbolic link that loops back on itself"
        }
        _ => return Error::io(path, source),
    };
    Error::NotAReport {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// "Too many levels of symbolic links" (Linux and the BSDs differ).
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

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
    fn utf16_big_endian_with_bom_is_read() {
        let mut bytes = vec![0xfe, 0xff];
        for unit in "Genk ï\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "Genk ï\n");
        assert!(decoded.notes[0].contains("UTF-16BE"), "{:?}", decoded.notes);
    }

    #[test]
    fn utf16_without_bom_is_recognised_not_called_binary() {
        for big_endian in [false, true] {
            let mut bytes = Vec::new();
            for unit in "Leuven: coördinatie van het stedenbeleid\n".encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.text, "Leuven: coördinatie van het stedenbeleid\n");
            assert!(decoded.notes[0].contains("no byte-order mark"));
        }
    }

    #[test]
    fn iso_8859_1_is_read_as_windows_1252() {
        let decoded = decode(b"Sint-Niklaas \xe9\xe8\xeb \xa7 3\n").unwrap();
        assert_eq!(decoded.text, "Sint-Niklaas éèë § 3\n");
    }

    #[test]
    fn mixed_utf8_and_windows_1252_lines_keep_the_good_lines() {
        let decoded = decode(
            "één\n"
                .as_bytes()
                .iter()
                .chain(b"co\xf6p\n")
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(decoded.text, "één\ncoöp\n");
        assert!(decoded.notes[0].contains("line 2"), "{:?}", decoded.notes);
    }

    #[test]
    fn binary_names_the_line_of_the_first_nul() {
        let message = decode(b"een\ntwee\nd\0rie\n").unwrap_err().to_string();
        assert!(message.contains("line 3"), "{message}");
    }

    #[test]
    fn foreign_formats_say_what_they_are() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let cases: [(&[u8], &str); 5] = [
            (png, "PNG"),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG"),
            (b"PK\x03\x04\x14\0\x06\0", "ZIP"),
            (b"{\\rtf1\\ansi hallo}", "RTF"),
            (b"\n\n%PDF-1.7\n%\xe2\xe3", "PDF"),
        ];
        for (bytes, expected) in cases {
            let message = decode(bytes).unwrap_err().to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.starts_with("test.txt: "), "{message}");
        }
    }

    #[test]
    fn lone_control_bytes_are_text_not_binary() {
        // Form feeds (page breaks) and stray escapes are text; output strips them.
        let decoded = decode(b"pagina 1\x0cpagina 2 \x1b[31m\n").unwrap();
        assert!(decoded.text.contains('\x0c'));
    }

    #[test]
    fn a_text_beside_its_pdf_is_skipped() {
        let mut files: Vec<PathBuf> = [
            "c/gent-2011.pdf",
            "c/gent-2011.txt",
            "c/leuven-2011.txt",
            "d/gent-2011.txt",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        drop_text_beside_pdf(&mut files);
        let names: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(
            names,
            ["c/gent-2011.pdf", "c/leuven-2011.txt", "d/gent-2011.txt"]
        );
    }

    #[test]
    fn report_ids_and_files() {
        assert_eq!(
            report_id(Path::new("corpus/Hasselt-2011.txt")),
            "hasselt-2011"
        );
        assert!(is_report_file(Path::new("corpus/gent-2011.txt")));
        assert!(is_report_file(Path::new("corpus/gent-2011.PDF")));
        assert!(!is_report_file(Path::new("corpus/themes.toml")));
        assert!(!is_report_file(Path::new("corpus/.hidden.txt")));
    }
}

//! Any bytes handed in as a report: decoding either refuses them with an
//! error or yields text, and the parser is total on that text — no panic,
//! and every paragraph's line range lies within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

fuzz_target!(|bytes: &[u8]| {
    let Ok(decoded) = visidex::corpus::decode_report(Path::new("fuzz.txt"), bytes) else {
        return;
    };
    let taxonomy = Taxonomy::default();
    let input = ReportInput {
        id: "fuzz",
        source: "fuzz.txt",
        sha256: &decoded.sha256,
        ..ReportInput::default()
    };
    let parsed = report::parse(&decoded.text, &input, &taxonomy);
    let line_count = decoded.text.split('\n').count() as u32;
    for (index, paragraph) in parsed.paragraphs.iter().enumerate() {
        assert_eq!(paragraph.n as usize, index + 1, "paragraphs numbered in order");
        assert!(paragraph.lines[0] >= 1 && paragraph.lines[0] <= paragraph.lines[1]);
        assert!(paragraph.lines[1] <= line_count, "line range within the text");
    }
    // Sanitizing any paragraph for the terminal is total too.
    for paragraph in &parsed.paragraphs {
        let clean = visidex::output::sanitize_for_terminal(&paragraph.text);
        assert!(!clean.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
    }
});

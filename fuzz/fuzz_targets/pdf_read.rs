//! Any bytes handed in as a PDF: the reader refuses them with an error or
//! yields lines, never panics; the parser is total on what it yields, and
//! every paragraph's line range lies within the lines of `--text`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use visidex::report::{self, ReportInput};
use visidex::themes::Taxonomy;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = visidex::pdf::read(bytes.to_vec()) else {
        return;
    };
    let line_count = text.plain().split('\n').count() as u32;
    let input = ReportInput {
        id: "fuzz",
        ..ReportInput::default()
    };
    let parsed = report::parse_pdf(&text, &input, &Taxonomy::default());
    for (index, paragraph) in parsed.paragraphs.iter().enumerate() {
        assert_eq!(paragraph.n as usize, index + 1);
        assert!(paragraph.lines[0] >= 1 && paragraph.lines[0] <= paragraph.lines[1]);
        assert!(paragraph.lines[1] <= line_count);
    }
});

//! Builds an FST of the common Dutch words (`data/dutch-words-common.txt`,
//! byte-sorted), included in the binary by `wordlist`: the typo correction
//! walks it with a bounded edit-distance automaton instead of scanning the
//! 355,000 words of the list.

use std::path::PathBuf;

fn main() {
    let source = "data/dutch-words-common.txt";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(source).expect("data/dutch-words-common.txt");
    let mut builder = tantivy_fst::MapBuilder::memory();
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        // The list is sorted and unique (its test checks); skip repeats anyway.
        if previous.is_some_and(|previous| previous >= line) {
            continue;
        }
        builder.insert(line, 0).expect("sorted words");
        previous = Some(line);
    }
    let bytes = builder.into_inner().expect("FST");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("dutch-words-common.fst"), bytes).expect("write the FST");
}

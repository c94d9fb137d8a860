//! Any text typed as a query: the parser gives a tree or a query error whose
//! position lies within the query, and the whole search (compile, filters,
//! snippets, facets) on a small real index answers or errs — never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;
use visidex::error::Error;
use visidex::index::build::{self, IndexRequest};
use visidex::search::{Engine, Filters, SearchRequest};

/// An index of the seed report's first part, built once per fuzzing process.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let corpus = dir.path().join("corpus");
            std::fs::create_dir(&corpus).unwrap();
            let seed = std::fs::read_to_string(
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus/hasselt-2011.txt"),
            )
            .expect("seed report");
            let head: String = seed.lines().take(600).map(|line| format!("{line}\n")).collect();
            std::fs::write(corpus.join("hasselt-2011.txt"), head).unwrap();
            let request = IndexRequest {
                index_dir: dir.path().join("index"),
                corpus,
                paths: Vec::new(),
                rebuild: false,
            };
            build::run(&request, &|_, _| {}).expect("index the seed");
            let engine = Engine::open(&request.index_dir).expect("open the index");
            (dir, engine)
        })
        .1
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(query) = std::str::from_utf8(bytes) else {
        return;
    };
    match visidex::search::query::parse(query) {
        Ok(_) => {}
        Err(Error::Query { position, .. }) => {
            assert!(position >= 1 && position <= query.chars().count() + 1, "position {position}");
        }
        Err(other) => panic!("parse gave a non-query error: {other}"),
    }
    let request = SearchRequest {
        query: query.to_string(),
        filters: Filters::default(),
        limit: 5,
        offset: 0,
    };
    let engine = engine();
    match engine.search(&request) {
        Ok(results) => {
            for hit in &results.hits {
                for mark in &hit.snippet.marks {
                    assert!(hit.snippet.text.is_char_boundary(mark.start));
                    assert!(hit.snippet.text.is_char_boundary(mark.end));
                }
            }
        }
        Err(Error::Query { .. } | Error::Usage(_)) => {}
        Err(other) => panic!("search failed: {other}"),
    }
    let _ = engine.facets(query, &Filters::default());
});

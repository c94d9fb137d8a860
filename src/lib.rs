//! visidex: full-text search and knowledge index over Flemish visitatierapporten.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! corpus   (find files, decode bytes → text)
//!   → report   (PDF-text layout → Paragraph records: lines, hyphenation, headings, kinds, pages)
//!   → analysis (the one Dutch normaliser: segment, fold, stem, decompound)
//!   → index    (tantivy schema, facets, incremental build)
//!   → search   (queries, mentions, facets, show → plain result structs)
//!   → output   (human and JSON rendering; never imports tantivy)
//! ```
//!
//! `serve` puts a web page and a JSON API over `search` and `output`.
//! `model` holds the plain records passed between stages; `cli` wires the
//! commands; `main.rs` only maps errors to exit codes.

pub mod analysis;
pub mod api;
pub mod citation;
pub mod cities;
pub mod cli;
pub mod corpus;
pub mod dense;
pub mod embed;
pub mod error;
pub mod index;
pub mod knowledge;
pub mod model;
pub mod output;
pub mod pdf;
pub mod report;
pub mod search;
pub mod serve;
pub mod themes;
pub mod wordlist;

pub use error::{Error, Result};

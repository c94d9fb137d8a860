//! Rendering of result structs for people and for scripts. Never imports
//! tantivy: what reaches here is plain data.

pub mod csv;
pub mod knowledge;
pub mod parse;

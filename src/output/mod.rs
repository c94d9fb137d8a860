//! Rendering of result structs for people and for scripts. Never imports
//! tantivy: what reaches here is plain data.

pub mod parse;
pub mod terminal;

pub use terminal::sanitize_for_terminal;

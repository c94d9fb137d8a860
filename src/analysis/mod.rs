//! The one Dutch analyzer: how words are normalised for matching — for
//! indexing, querying, snippets and `mentions` alike. The report parser
//! restores text as printed; only this module decides when two words match.

mod fold;

pub use fold::{fold_char, fold_str};

//! The project's files: which one holds the version, and (with `bump`)
//! format-preserving edits and atomic writes.

pub mod provider;

pub use provider::{read_version, Provider};

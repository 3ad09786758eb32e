//! The project's files: which one holds the version, format-preserving
//! edits of it, `version_files`, bounded reads (`limit`) and atomic writes.

pub mod edit;
mod json_span;
pub mod limit;
pub mod provider;
pub mod targets;
pub mod write;

pub use edit::{
    replace_version, set_json, set_toml, set_yaml_commitizen_version, EditError, TomlPlace,
};
pub use provider::{read_version, Provider};

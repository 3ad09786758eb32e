//! The configuration model and its parsing from text.
//!
//! relx reads its own `[tool.relx]` / `.relx.toml` and every commitizen
//! config file with commitizen's key names, so an existing commitizen project
//! needs nothing new. This module turns the text of one file into a
//! [`Config`]; finding the file is `project`'s job.

pub mod foreign;
mod model;
mod parse;
pub mod reference;
pub mod show;
pub mod starter;

pub use model::{Config, Customize};
pub use parse::{keys, parse, toml_to_json, without_bom, ConfigError, Format, Section};

/// Where a configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as found.
    pub path: std::path::PathBuf,
    /// Which part of it holds the settings.
    pub section: Section,
}

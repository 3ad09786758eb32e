//! The project on disk: which configuration file applies (this file), the
//! current version and its tag (`current`), and where the version is
//! written (`targets`). Shell: reads files and tags.
//!
//! Lookup (SPEC §4): in the current directory, then at the top of the git work
//! tree, the first of `[tool.relx]` in pyproject.toml, `.relx.toml`, then
//! commitizen's files in commitizen's own order (`.cz.toml`, `cz.toml`,
//! `.cz.json`, `cz.json`, `.cz.yaml`, `cz.yaml`, `[tool.commitizen]` in
//! pyproject.toml). `--config FILE` uses that file only.

use std::path::{Path, PathBuf};

use crate::config::{self, Config, Format, Origin, Section};
use crate::error::Error;
use crate::files;

pub mod changelog;
pub mod current;
pub mod release;
pub mod targets;
mod workspace;

pub use current::{provider, provider_version};
pub use targets::version_targets;
pub use workspace::{run_dir_at, take_lock_at, Workspace};

/// The places a configuration may live in one directory, in lookup order.
const CANDIDATES: [(&str, Format, Section); 9] = [
    ("pyproject.toml", Format::Toml, Section::ToolRelx),
    (".relx.toml", Format::Toml, Section::WholeFile),
    (".cz.toml", Format::Toml, Section::ToolCommitizen),
    ("cz.toml", Format::Toml, Section::ToolCommitizen),
    (".cz.json", Format::Json, Section::CommitizenKey),
    ("cz.json", Format::Json, Section::CommitizenKey),
    (".cz.yaml", Format::Yaml, Section::CommitizenKey),
    ("cz.yaml", Format::Yaml, Section::CommitizenKey),
    ("pyproject.toml", Format::Toml, Section::ToolCommitizen),
];

/// commitizen keys relx reads but does not use; never warned about.
const QUIET_KEYS: [&str; 8] = [
    "style",
    "use_shortcuts",
    "allow_abort",
    "body_length_limit",
    "breaking_change_exclamation_in_title",
    "changelog_message_builder_hook",
    "$schema",
    "customize_path",
];

/// The configuration that applies, and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The settings (defaults when no file was found).
    pub config: Config,
    /// The file and section, when one was found.
    pub origin: Option<Origin>,
    /// The directory providers and `version_files` are relative to.
    pub dir: PathBuf,
    /// Keys relx does not know, for a warning.
    pub unknown_keys: Vec<String>,
}

/// A configuration or provider file as text, bounded (`files::limit`).
pub(crate) fn read(path: &Path) -> Result<String, Error> {
    let bytes = files::limit::read(path)?;
    String::from_utf8(bytes).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

/// The format of a configuration file, by its extension (TOML unless
/// `.json`, `.yaml` or `.yml`).
pub fn format_of(path: &Path) -> Format {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name.ends_with(".json") {
        Format::Json
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Format::Yaml
    } else {
        Format::Toml
    }
}

fn loaded(config: Config, origin: Origin) -> Loaded {
    let unknown_keys = config
        .unknown
        .keys()
        .filter(|k| !QUIET_KEYS.contains(&k.as_str()))
        .cloned()
        .collect();
    let dir = origin
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Loaded {
        config,
        origin: Some(origin),
        dir,
        unknown_keys,
    }
}

/// Finds and parses the configuration for a run in `cwd`.
pub fn load(cwd: &Path, git_root: Option<&Path>, explicit: Option<&Path>) -> Result<Loaded, Error> {
    if let Some(path) = explicit {
        let path = cwd.join(path);
        if !path.is_file() {
            return Err(Error::ConfigFileNotFound(path));
        }
        let text = read(&path)?;
        tracing::debug!(path = %path.display(), "configuration from --config");
        let format = format_of(&path);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let sections: &[Section] = match format {
            Format::Toml if name.ends_with("relx.toml") => &[Section::WholeFile],
            Format::Toml => &[Section::ToolRelx, Section::ToolCommitizen],
            _ => &[Section::CommitizenKey],
        };
        for &section in sections {
            if let Some(config) = config::parse(&text, &path, format, section)? {
                return Ok(loaded(config, Origin { path, section }));
            }
        }
        return Err(Error::ConfigFileIsEmpty(path));
    }
    let mut dirs = vec![cwd.to_path_buf()];
    if let Some(root) = git_root {
        if !same_dir(root, cwd) {
            dirs.push(root.to_path_buf());
        }
    }
    for dir in &dirs {
        for (name, format, section) in CANDIDATES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            let text = read(&path)?;
            if let Some(config) = config::parse(&text, &path, format, section)? {
                tracing::debug!(path = %path.display(), section = section.describe(), "configuration found");
                return Ok(loaded(config, Origin { path, section }));
            }
        }
    }
    tracing::debug!(dir = %cwd.display(), "no configuration file: defaults");
    Ok(Loaded {
        config: Config::default(),
        origin: None,
        dir: cwd.to_path_buf(),
        unknown_keys: Vec::new(),
    })
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A string at `keys` in a TOML file (`None` when the file, the key or a
/// string there is missing).
pub fn toml_string(path: &Path, keys: &[&str]) -> Option<String> {
    let text = read(path).ok()?;
    let doc = config::without_bom(&text)
        .parse::<toml_edit::DocumentMut>()
        .ok()?;
    let mut item = doc.as_item();
    for key in keys {
        item = item.get(key)?;
    }
    item.as_str().map(str::to_string)
}

pub(crate) fn json_has(path: &Path, pointer: &str) -> bool {
    read(path)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(config::without_bom(&t)).ok())
        .is_some_and(|v| v.pointer(pointer).is_some())
}

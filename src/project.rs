//! The project on disk: which configuration file applies, and the current
//! version read through the configured provider. Shell: reads files.
//!
//! Lookup (SPEC §4): in the current directory, then at the top of the git work
//! tree, the first of `[tool.relx]` in pyproject.toml, `.relx.toml`, then
//! commitizen's files in commitizen's own order (`.cz.toml`, `cz.toml`,
//! `.cz.json`, `cz.json`, `.cz.yaml`, `cz.yaml`, `[tool.commitizen]` in
//! pyproject.toml). `--config FILE` uses that file only.

use std::path::{Path, PathBuf};

use crate::config::{self, Config, Format, Origin, Section};
use crate::error::Error;
use crate::files::{self, Provider};

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

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn format_of(path: &Path) -> Format {
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
                return Ok(loaded(config, Origin { path, section }));
            }
        }
    }
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

/// The provider a project uses. Without any configuration file, relx picks
/// one from what it finds: a static `[project].version` (pep621), a Poetry
/// version, else the tags (scm).
pub fn provider(loaded: &Loaded) -> Result<Provider, Error> {
    if let Some(name) = &loaded.config.version_provider {
        return Provider::from_name(name).ok_or_else(|| {
            let file = loaded
                .origin
                .as_ref()
                .map(|o| format!("{}: ", o.path.display()))
                .unwrap_or_default();
            Error::UnknownProvider(format!(
                "{file}`version_provider`: Version Provider \"{name}\" unknown (known: commitizen, pep621, poetry, uv, cargo, npm, composer, scm)"
            ))
        });
    }
    if loaded.origin.is_some() {
        return Ok(Provider::Commitizen);
    }
    let pyproject = loaded.dir.join("pyproject.toml");
    if let Ok(text) = std::fs::read_to_string(&pyproject) {
        for candidate in [Provider::Pep621, Provider::Poetry] {
            if let Ok(Some(_)) = files::read_version(candidate, &text) {
                return Ok(candidate);
            }
        }
    }
    Ok(Provider::Scm)
}

/// The version text a file-based provider holds, with the file it came from.
pub fn provider_version(loaded: &Loaded, provider: Provider) -> Result<(String, String), Error> {
    match provider {
        Provider::Commitizen => {
            let place = loaded
                .origin
                .as_ref()
                .map(|o| format!("{} {}", o.path.display(), o.section.describe()))
                .unwrap_or_else(|| "configuration".to_string());
            let version = loaded
                .config
                .version
                .clone()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| Error::NoVersion(format!("{place} has no `version`")))?;
            Ok((version, place))
        }
        Provider::Scm => unreachable!("the scm provider reads tags, not files"),
        _ => {
            let file = provider.file().expect("file-based provider");
            let path = loaded.dir.join(file);
            if !path.is_file() {
                return Err(Error::NoVersion(format!(
                    "version_provider = \"{}\" but {} does not exist",
                    provider.name(),
                    path.display()
                )));
            }
            let text = read(&path)?;
            let place = path.display().to_string();
            match files::read_version(provider, &text) {
                Ok(Some(v)) => Ok((v, format!("{place} {}", provider.location()))),
                Ok(None) => Err(Error::NoVersion(format!(
                    "{place} has no {}",
                    provider.location()
                ))),
                Err(message) => Err(Error::InvalidSetting {
                    path: Some(path),
                    message,
                }),
            }
        }
    }
}

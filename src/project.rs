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
use crate::files::targets::{OwnedPlace, Target};
use crate::files::{self, Provider};
use crate::pkg::name::canonical_name;

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
fn read(path: &Path) -> Result<String, Error> {
    let bytes = files::limit::read(path)?;
    String::from_utf8(bytes).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
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
    if let Ok(text) = read(&pyproject) {
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

fn json_has(path: &Path, pointer: &str) -> bool {
    read(path)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(config::without_bom(&t)).ok())
        .is_some_and(|v| v.pointer(pointer).is_some())
}

/// The places `relx bump` writes the version: the `version_files` entries
/// (globs relative to the configuration's directory) and the provider's own
/// places, lock files included.
pub fn version_targets(loaded: &Loaded, provider: Provider) -> Result<Vec<Target>, Error> {
    let dir = &loaded.dir;
    let mut targets = Vec::new();
    for entry in &loaded.config.version_files {
        let (pattern, regex) = match entry.split_once(':') {
            // A Windows drive letter (`C:\…`) is part of the path.
            Some((drive, _)) if drive.len() == 1 && cfg!(windows) => (entry.as_str(), None),
            Some((path, regex)) => (path, Some(regex.to_string()).filter(|r| !r.is_empty())),
            None => (entry.as_str(), None),
        };
        let found =
            files::write::resolve_glob(dir, pattern).map_err(|reason| Error::VersionFile {
                path: dir.join(pattern),
                reason: format!("version_files entry '{entry}': {reason}"),
            })?;
        if found.is_empty() {
            return Err(Error::VersionFile {
                path: dir.join(pattern),
                reason: format!("no such file (version_files entry '{entry}')"),
            });
        }
        for path in found {
            targets.push(Target::Pattern {
                path,
                regex: regex.clone(),
                entry: entry.clone(),
            });
        }
    }
    let key = |parts: &[&str]| OwnedPlace::Key(parts.iter().map(|s| s.to_string()).collect());
    let json = |path: PathBuf, keys: &[&str]| Target::Json {
        path,
        keys: keys.iter().map(|s| s.to_string()).collect(),
    };
    match provider {
        Provider::Scm => {}
        Provider::Commitizen => {
            let origin = loaded.origin.as_ref().ok_or_else(|| {
                Error::NoVersion("no configuration file holds `version`".to_string())
            })?;
            let path = origin.path.clone();
            targets.push(match origin.section {
                Section::ToolRelx => Target::Toml {
                    path,
                    place: key(&["tool", "relx", "version"]),
                },
                Section::WholeFile => Target::Toml {
                    path,
                    place: key(&["version"]),
                },
                Section::ToolCommitizen => Target::Toml {
                    path,
                    place: key(&["tool", "commitizen", "version"]),
                },
                Section::CommitizenKey if format_of(&path) == Format::Yaml => {
                    Target::YamlCommitizen { path }
                }
                Section::CommitizenKey => json(path, &["commitizen", "version"]),
            });
        }
        Provider::Pep621 | Provider::Uv => {
            let pyproject = dir.join("pyproject.toml");
            let name = toml_string(&pyproject, &["project", "name"]);
            targets.push(Target::Toml {
                path: pyproject,
                place: key(&["project", "version"]),
            });
            let lock = dir.join("uv.lock");
            if provider == Provider::Uv && lock.is_file() {
                if let Some(name) = name {
                    targets.push(Target::Toml {
                        path: lock,
                        place: OwnedPlace::Package(canonical_name(&name)),
                    });
                }
            }
        }
        Provider::Poetry => targets.push(Target::Toml {
            path: dir.join("pyproject.toml"),
            place: key(&["tool", "poetry", "version"]),
        }),
        Provider::Cargo => {
            let manifest = dir.join("Cargo.toml");
            let lock = dir.join("Cargo.lock");
            let name = toml_string(&manifest, &["package", "name"]);
            targets.push(Target::Toml {
                path: manifest,
                place: OwnedPlace::Cargo,
            });
            if lock.is_file() {
                for name in name.into_iter().chain(workspace_members_inheriting(dir)) {
                    targets.push(Target::Toml {
                        path: lock.clone(),
                        place: OwnedPlace::Package(name),
                    });
                }
            }
        }
        Provider::Npm => {
            targets.push(json(dir.join("package.json"), &["version"]));
            for lock in ["package-lock.json", "npm-shrinkwrap.json"] {
                let path = dir.join(lock);
                if path.is_file() {
                    targets.push(json(path.clone(), &["version"]));
                    if json_has(&path, "/packages//version") {
                        targets.push(json(path, &["packages", "", "version"]));
                    }
                }
            }
        }
        Provider::Composer => targets.push(json(dir.join("composer.json"), &["version"])),
    }
    Ok(targets)
}

/// Workspace members whose version is `version.workspace = true`
/// (commitizen's cargo provider updates their Cargo.lock entries too).
fn workspace_members_inheriting(dir: &Path) -> Vec<String> {
    let Ok(text) = read(&dir.join("Cargo.toml")) else {
        return Vec::new();
    };
    let Ok(doc) = config::without_bom(&text).parse::<toml_edit::DocumentMut>() else {
        return Vec::new();
    };
    let strings = |key: &str| -> Vec<String> {
        doc.get("workspace")
            .and_then(|w| w.get(key))
            .and_then(|m| m.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let excluded = strings("exclude");
    let mut names = Vec::new();
    for member in strings("members") {
        for path in
            files::write::resolve_glob(dir, &format!("{member}/Cargo.toml")).unwrap_or_default()
        {
            let relative = path
                .parent()
                .and_then(|p| p.strip_prefix(dir).ok())
                .map(|p| p.to_string_lossy().into_owned());
            if relative.is_some_and(|r| excluded.contains(&r)) {
                continue;
            }
            let Ok(text) = read(&path) else {
                continue;
            };
            let Ok(member_doc) = config::without_bom(&text).parse::<toml_edit::DocumentMut>()
            else {
                continue;
            };
            let package = member_doc.get("package");
            let inherits = package
                .and_then(|p| p.get("version"))
                .and_then(|v| v.get("workspace"))
                .and_then(|w| w.as_bool())
                == Some(true);
            if let (true, Some(name)) = (
                inherits,
                package.and_then(|p| p.get("name")).and_then(|n| n.as_str()),
            ) {
                names.push(name.to_string());
            }
        }
    }
    names
}

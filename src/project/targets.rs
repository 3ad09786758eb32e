//! Where the version is written: the `version_files` entries and the
//! provider's own places (lock files included), and the edits that put a
//! new version there. Shell: reads the files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{format_of, json_has, read, toml_string, Loaded};
use crate::config::{self, Format, Section};
use crate::error::Error;
use crate::files::targets::{self as edits, FileEdit, OwnedPlace, Target};
use crate::files::{self, Provider};
use crate::pkg::name::canonical_name;

/// The places `relx bump` writes the version: the `version_files` entries
/// (globs relative to the configuration's directory) and the provider's own
/// places, lock files included.
pub fn version_targets(loaded: &Loaded, provider: Provider) -> Result<Vec<Target>, Error> {
    let mut targets = pattern_targets(loaded)?;
    targets.extend(provider_targets(loaded, provider)?);
    Ok(targets)
}

/// The `version_files` entries: each glob's files, with its regex.
fn pattern_targets(loaded: &Loaded) -> Result<Vec<Target>, Error> {
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
    Ok(targets)
}

/// The provider's own places, lock files included.
fn provider_targets(loaded: &Loaded, provider: Provider) -> Result<Vec<Target>, Error> {
    let dir = &loaded.dir;
    let mut targets = Vec::new();
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

/// The edits that put `next` where the project's version is written (the
/// provider's file and `version_files`), in place of `current`; `relx
/// build --snapshot` makes the same edits for the length of a build. A
/// missing file is reported by the edits, naming its entry; a FIFO or
/// device is refused unread (it may block).
pub fn version_edits(
    loaded: &Loaded,
    shown_from: &Path,
    current: &crate::version::Version,
    next: &crate::version::Version,
) -> Result<Vec<FileEdit>, Error> {
    let provider = super::provider(loaded)?;
    let targets = version_targets(loaded, provider)?;
    let mut files = BTreeMap::new();
    for target in &targets {
        let path = target.path();
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(Error::UnsafePath {
                path: path.strip_prefix(shown_from).unwrap_or(path).to_path_buf(),
                reason: "is not a regular file (a directory, FIFO or device): relx writes only regular files"
                    .to_string(),
            });
        }
        match files::limit::read(path) {
            Ok(bytes) => {
                files.insert(path.clone(), bytes);
            }
            Err(e @ Error::FileTooLarge { .. }) => return Err(e),
            Err(_) => {}
        }
    }
    edits::edits(&targets, &files, &current.to_string(), &next.to_string())
}

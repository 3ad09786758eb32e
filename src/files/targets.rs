//! What `relx bump` writes: for every place the version lives, the file's
//! bytes before and after. Pure text work: the caller reads the files and
//! hands them in; the dry run shows these edits and `--exec` writes exactly
//! them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::edit::{self, EditError, TomlPlace};
use crate::error::Error;
use crate::pyre;

/// One place where the version is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A string in a TOML file.
    Toml {
        /// The file.
        path: PathBuf,
        /// The key path (`["project", "version"]`), or a lock-file package.
        place: OwnedPlace,
    },
    /// A string in a JSON file, by key path.
    Json {
        /// The file.
        path: PathBuf,
        /// The keys leading to it.
        keys: Vec<String>,
    },
    /// `commitizen.version` in a `.cz.yaml`.
    YamlCommitizen {
        /// The file.
        path: PathBuf,
    },
    /// A `version_files` entry: whole-token replacement on selected lines.
    Pattern {
        /// The file.
        path: PathBuf,
        /// The line regex after `:`, if any.
        regex: Option<String>,
        /// The entry as configured, for messages.
        entry: String,
    },
}

/// An owned [`TomlPlace`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedPlace {
    /// A key path.
    Key(Vec<String>),
    /// A `[[package]]` entry of a lock file, by name.
    Package(String),
    /// Cargo's `[package]` / `[workspace.package]`.
    Cargo,
}

impl Target {
    /// The file the target writes.
    pub fn path(&self) -> &PathBuf {
        match self {
            Target::Toml { path, .. }
            | Target::Json { path, .. }
            | Target::YamlCommitizen { path }
            | Target::Pattern { path, .. } => path,
        }
    }

    fn describe(&self) -> String {
        match self {
            Target::Toml {
                place: OwnedPlace::Key(keys),
                ..
            } => keys.join("."),
            Target::Toml {
                place: OwnedPlace::Package(name),
                ..
            } => format!("[[package]] {name}"),
            Target::Toml {
                place: OwnedPlace::Cargo,
                ..
            } => "package.version".to_string(),
            Target::Json { keys, .. } => keys.join("."),
            Target::YamlCommitizen { .. } => "commitizen.version".to_string(),
            Target::Pattern { entry, .. } => format!("version_files entry '{entry}'"),
        }
    }
}

/// A file and its bytes before and after the bump.
#[derive(Debug, Clone, Serialize)]
pub struct FileEdit {
    /// The file.
    pub path: PathBuf,
    /// What was changed in it, e.g. `project.version`.
    pub places: Vec<String>,
    /// Bytes now.
    #[serde(skip)]
    pub before: Vec<u8>,
    /// Bytes after the bump.
    #[serde(skip)]
    pub after: Vec<u8>,
}

impl FileEdit {
    /// The changed lines as `(line number, old, new)`. Edits only change
    /// characters inside lines, so lines correspond one to one.
    pub fn changed_lines(&self) -> Vec<(usize, String, String)> {
        let before = String::from_utf8_lossy(&self.before);
        let after = String::from_utf8_lossy(&self.after);
        before
            .split('\n')
            .zip(after.split('\n'))
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| {
                (
                    i + 1,
                    a.trim_end_matches('\r').to_string(),
                    b.trim_end_matches('\r').to_string(),
                )
            })
            .collect()
    }
}

fn version_file_error(path: &std::path::Path, reason: impl Into<String>) -> Error {
    Error::VersionFile {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Computes every edit. `files` holds the bytes of each target's file (a
/// missing entry means the file does not exist). `version_files` entries
/// are applied first, then the provider's places, as commitizen does.
/// Each entry must find the current version in the file as it was.
pub fn edits(
    targets: &[Target],
    files: &BTreeMap<PathBuf, Vec<u8>>,
    current: &str,
    new: &str,
) -> Result<Vec<FileEdit>, Error> {
    let mut texts: BTreeMap<PathBuf, (String, String, Vec<String>)> = BTreeMap::new();
    let ordered = targets
        .iter()
        .filter(|t| matches!(t, Target::Pattern { .. }))
        .chain(
            targets
                .iter()
                .filter(|t| !matches!(t, Target::Pattern { .. })),
        );
    for target in ordered {
        let path = target.path();
        if !texts.contains_key(path) {
            let bytes = files
                .get(path)
                .ok_or_else(|| version_file_error(path, "no such file"))?;
            let text = String::from_utf8(bytes.clone())
                .map_err(|_| version_file_error(path, "is not UTF-8 text"))?;
            texts.insert(path.clone(), (text.clone(), text, Vec::new()));
        }
        let (original, text, places) = texts.get_mut(path).expect("inserted above");
        let fail = |e: EditError| version_file_error(path, e.to_string());
        let updated = match target {
            Target::Pattern { regex, entry, .. } => {
                let re = regex
                    .as_deref()
                    .map(pyre::search)
                    .transpose()
                    .map_err(|e| {
                        version_file_error(path, format!("version_files entry '{entry}': {e}"))
                    })?;
                let (_, found) = edit::replace_version(original, re.as_ref(), current, new);
                if found == 0 {
                    return Err(Error::VersionNotInFile {
                        path: path.clone(),
                        version: current.to_string(),
                    });
                }
                edit::replace_version(text, re.as_ref(), current, new).0
            }
            Target::Toml { place, .. } => {
                let keys: Vec<&str>;
                let place = match place {
                    OwnedPlace::Key(k) => {
                        keys = k.iter().map(String::as_str).collect();
                        TomlPlace::Key(&keys)
                    }
                    OwnedPlace::Package(name) => TomlPlace::Package(name),
                    OwnedPlace::Cargo => TomlPlace::Cargo,
                };
                edit::set_toml(text, place, new).map_err(fail)?
            }
            Target::Json { keys, .. } => {
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                edit::set_json(text, &keys, new).map_err(fail)?
            }
            Target::YamlCommitizen { .. } => {
                edit::set_yaml_commitizen_version(text, new).map_err(fail)?
            }
        };
        *text = updated;
        places.push(target.describe());
    }
    Ok(texts
        .into_iter()
        .filter(|(_, (original, text, _))| original != text)
        .map(|(path, (original, text, places))| FileEdit {
            path,
            places,
            before: original.into_bytes(),
            after: text.into_bytes(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<PathBuf, Vec<u8>> {
        entries
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn version_files_then_provider_on_one_file() {
        let targets = vec![
            Target::Toml {
                path: "pyproject.toml".into(),
                place: OwnedPlace::Key(vec!["project".into(), "version".into()]),
            },
            Target::Pattern {
                path: "pyproject.toml".into(),
                regex: None,
                entry: "pyproject.toml".into(),
            },
        ];
        let text = "[project]\nversion = \"1.0.0\"\ndependencies = [\"x==1.0.0\"]\n";
        let out = edits(
            &targets,
            &files(&[("pyproject.toml", text)]),
            "1.0.0",
            "1.1.0",
        )
        .unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(
            String::from_utf8(out[0].after.clone()).unwrap(),
            "[project]\nversion = \"1.1.0\"\ndependencies = [\"x==1.0.0\"]\n"
        );
        assert_eq!(
            out[0].changed_lines(),
            vec![(
                2,
                "version = \"1.0.0\"".into(),
                "version = \"1.1.0\"".into()
            )]
        );
    }

    #[test]
    fn a_version_file_without_the_version_is_exit_17() {
        let targets = vec![Target::Pattern {
            path: "src/x.py".into(),
            regex: None,
            entry: "src/x.py".into(),
        }];
        let err = edits(
            &targets,
            &files(&[("src/x.py", "__version__ = '0.9'\n")]),
            "1.0.0",
            "1.1.0",
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 17);
        let err = edits(&targets, &files(&[]), "1.0.0", "1.1.0").unwrap_err();
        assert_eq!(err.exit_code(), 17);
    }
}

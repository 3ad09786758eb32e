//! Version providers: which file holds the project's version, and where in it.
//!
//! The read side parses file text (no I/O here); `project` reads the files.

use serde_json::Value;

use crate::config::without_bom;

/// commitizen's `version_provider`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// The `version` key of the configuration itself.
    Commitizen,
    /// `[project].version` in pyproject.toml.
    Pep621,
    /// `[tool.poetry].version` in pyproject.toml.
    Poetry,
    /// `[project].version` in pyproject.toml, plus uv.lock when writing.
    Uv,
    /// `[package].version` (or `[workspace.package]`) in Cargo.toml.
    Cargo,
    /// `version` in package.json.
    Npm,
    /// `version` in composer.json.
    Composer,
    /// The highest version tag reachable from HEAD; never written.
    Scm,
}

impl Provider {
    /// The provider called `name`.
    pub fn from_name(name: &str) -> Option<Provider> {
        Some(match name {
            "commitizen" => Provider::Commitizen,
            "pep621" => Provider::Pep621,
            "poetry" => Provider::Poetry,
            "uv" => Provider::Uv,
            "cargo" => Provider::Cargo,
            "npm" => Provider::Npm,
            "composer" => Provider::Composer,
            "scm" => Provider::Scm,
            _ => return None,
        })
    }

    /// Its configuration name.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Commitizen => "commitizen",
            Provider::Pep621 => "pep621",
            Provider::Poetry => "poetry",
            Provider::Uv => "uv",
            Provider::Cargo => "cargo",
            Provider::Npm => "npm",
            Provider::Composer => "composer",
            Provider::Scm => "scm",
        }
    }

    /// The file it reads, relative to the project directory.
    pub fn file(self) -> Option<&'static str> {
        match self {
            Provider::Pep621 | Provider::Poetry | Provider::Uv => Some("pyproject.toml"),
            Provider::Cargo => Some("Cargo.toml"),
            Provider::Npm => Some("package.json"),
            Provider::Composer => Some("composer.json"),
            Provider::Commitizen | Provider::Scm => None,
        }
    }

    /// Where in the file the version lives, for messages.
    pub fn location(self) -> &'static str {
        match self {
            Provider::Pep621 | Provider::Uv => "[project].version",
            Provider::Poetry => "[tool.poetry].version",
            Provider::Cargo => "[package].version",
            Provider::Npm | Provider::Composer => "\"version\"",
            Provider::Commitizen => "version",
            Provider::Scm => "tags",
        }
    }
}

/// The version `provider` finds in `text` (the provider's file): `Ok(None)`
/// when the key is absent, `Err` when the file does not parse.
pub fn read_version(provider: Provider, text: &str) -> Result<Option<String>, String> {
    let text = without_bom(text);
    match provider {
        Provider::Pep621 | Provider::Uv | Provider::Poetry | Provider::Cargo => {
            let doc = text
                .parse::<toml_edit::DocumentMut>()
                .map_err(|e| e.message().trim().to_string())?;
            let table = match provider {
                Provider::Poetry => doc.get("tool").and_then(|t| t.get("poetry")),
                // commitizen: the [workspace] table when there is one.
                Provider::Cargo => doc
                    .get("workspace")
                    .or(Some(doc.as_item()))
                    .and_then(|t| t.get("package")),
                _ => doc.get("project"),
            };
            Ok(table
                .and_then(|t| t.get("version"))
                .and_then(|v| v.as_str())
                .map(str::to_string))
        }
        Provider::Npm | Provider::Composer => {
            let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            Ok(value
                .get("version")
                .and_then(Value::as_str)
                .map(str::to_string))
        }
        Provider::Commitizen | Provider::Scm => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_provider() {
        let pyproject =
            "[project]\nname = \"x\"\nversion = \"1.2.3\"\n[tool.poetry]\nversion = \"0.9\"\n";
        assert_eq!(
            read_version(Provider::Pep621, pyproject)
                .unwrap()
                .as_deref(),
            Some("1.2.3")
        );
        assert_eq!(
            read_version(Provider::Poetry, pyproject)
                .unwrap()
                .as_deref(),
            Some("0.9")
        );
        let cargo = "[workspace]\nmembers=[]\n[workspace.package]\nversion = \"3.0.0\"\n";
        assert_eq!(
            read_version(Provider::Cargo, cargo).unwrap().as_deref(),
            Some("3.0.0")
        );
        assert_eq!(
            read_version(Provider::Npm, r#"{"name":"x","version":"4.0.0"}"#)
                .unwrap()
                .as_deref(),
            Some("4.0.0")
        );
        assert_eq!(
            read_version(Provider::Pep621, "[project]\nname='x'\n").unwrap(),
            None
        );
        assert!(read_version(Provider::Pep621, "[project\n").is_err());
    }
}

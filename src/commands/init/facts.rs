//! What `relx init` finds in a project: the files that make it one, where
//! the version lives, other files holding it, tags, devel branches, the
//! changelog, and another tool's configuration. Shell: reads files and the
//! repository; the decisions are `config::starter` and `config::foreign`.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::foreign::{self, Translation};
use crate::config::starter::{self, Facts, VersionSource};
use crate::config::{self, Format, Section};
use crate::error::Error;
use crate::files::{self, Provider};
use crate::git::Repo;

/// Files that make a directory a project.
const PROJECT_FILES: [&str; 5] = [
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Cargo.toml",
    "package.json",
];

/// Changelog names looked for, in order.
const CHANGELOGS: [&str; 8] = [
    "CHANGELOG.md",
    "CHANGELOG.rst",
    "CHANGES.md",
    "CHANGES.rst",
    "HISTORY.md",
    "HISTORY.rst",
    "NEWS.md",
    "NEWS.rst",
];

pub(super) fn read_toml(path: &Path) -> Result<Option<(String, toml_edit::DocumentMut)>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    // A syntax error is reported as the configuration reader reports it.
    config::parse(&text, path, Format::Toml, Section::ToolRelx)?;
    let doc = config::without_bom(&text)
        .parse::<toml_edit::DocumentMut>()
        .expect("parsed a moment ago");
    Ok(Some((text, doc)))
}

pub(super) fn table_json(item: Option<&toml_edit::Item>) -> Option<Map<String, Value>> {
    let item = item?;
    item.as_table_like()?;
    crate::config::toml_to_json(item).as_object().cloned()
}

/// Where the project is: the directory if it has a project file, else the
/// top of the work tree.
pub(super) fn project_dir(dir: &Path, repo: Option<&Repo>) -> Result<PathBuf, Error> {
    let has_project = |d: &Path| PROJECT_FILES.iter().any(|f| d.join(f).is_file());
    if has_project(dir) {
        return Ok(dir.to_path_buf());
    }
    match repo {
        Some(repo) => Ok(repo.workdir()),
        None => Err(Error::NoProject(dir.to_path_buf())),
    }
}

pub(super) fn static_version(doc: Option<&toml_edit::DocumentMut>) -> Option<String> {
    let project = doc?.get("project")?;
    let dynamic = project
        .get("dynamic")
        .and_then(|d| d.as_array())
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("version")));
    if dynamic {
        return None;
    }
    project.get("version")?.as_str().map(str::to_string)
}

/// Where the current version lives.
pub(super) fn version_source(
    dir: &Path,
    doc: Option<&toml_edit::DocumentMut>,
    tags: &[String],
) -> VersionSource {
    let provider = |name: &str, file: &str, place: &str, version: String| VersionSource::Provider {
        name: name.to_string(),
        place: format!("{file} {place}"),
        version,
    };
    if let Some(version) = static_version(doc) {
        let name = if dir.join("uv.lock").is_file() {
            "uv"
        } else {
            "pep621"
        };
        return provider(name, "pyproject.toml", "[project].version", version);
    }
    let dynamic = doc
        .and_then(|d| d.get("project"))
        .and_then(|p| p.get("dynamic"))
        .and_then(|d| d.as_array())
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("version")));
    if dynamic {
        return VersionSource::Dynamic;
    }
    if let Some(version) = doc
        .and_then(|d| d.get("tool"))
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
    {
        return provider(
            "poetry",
            "pyproject.toml",
            "[tool.poetry].version",
            version.to_string(),
        );
    }
    for (p, file, place) in [
        (Provider::Cargo, "Cargo.toml", "[package].version"),
        (Provider::Npm, "package.json", "version"),
    ] {
        if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
            if let Ok(Some(version)) = files::read_version(p, &text) {
                return provider(p.name(), file, place, version);
            }
        }
    }
    for (file, pattern) in [
        ("setup.cfg", r"(?m)^version\s*=\s*([0-9][^\s#;]*)\s*$"),
        ("setup.py", r#"version\s*=\s*["']([0-9][^"']*)["']"#),
    ] {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        let re = regex::Regex::new(pattern).expect("a valid pattern");
        if let Some(found) = re.captures(&text).and_then(|c| c.get(1)) {
            return VersionSource::Written {
                place: file.to_string(),
                version: found.as_str().to_string(),
            };
        }
    }
    match starter::tag_format(tags) {
        Some((_, latest)) => VersionSource::Tags {
            latest: Some(latest),
        },
        None => VersionSource::Nowhere,
    }
}

/// Python files beside the package that hold `__version__ = "<version>"`.
pub(super) fn version_files(dir: &Path, source: &VersionSource) -> Vec<String> {
    let version = match source {
        VersionSource::Provider { version, .. } | VersionSource::Written { version, .. } => version,
        _ => return Vec::new(),
    };
    let mut found = Vec::new();
    if let VersionSource::Written { place, .. } = source {
        let regex = if place == "setup.cfg" {
            "^version"
        } else {
            "version\\s*="
        };
        found.push(format!("{place}:{regex}"));
    }
    let line = regex::Regex::new(&format!(
        r#"(?m)^__version__\s*(:\s*str\s*)?=\s*["']{}["']"#,
        regex::escape(version)
    ))
    .expect("an escaped version makes a valid pattern");
    for pattern in [
        "src/*/__init__.py",
        "src/*/_version.py",
        "src/*/__about__.py",
        "*/__init__.py",
        "*/_version.py",
        "*/__about__.py",
    ] {
        for path in files::write::resolve_glob(dir, pattern).unwrap_or_default() {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if line.is_match(&text) {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                let entry = format!(
                    "{}:^__version__",
                    relative.to_string_lossy().replace('\\', "/")
                );
                if !found.contains(&entry) {
                    found.push(entry);
                }
            }
        }
    }
    found
}

pub(super) fn facts(
    dir: &Path,
    doc: Option<&toml_edit::DocumentMut>,
    repo: Option<&Repo>,
) -> Result<Facts, Error> {
    let tags: Vec<String> = match repo {
        Some(repo) => repo.tags()?.into_iter().map(|t| t.name).collect(),
        None => Vec::new(),
    };
    let devel_branches = match repo {
        Some(repo) => ["develop", "devel", "dev"]
            .into_iter()
            .filter(|b| repo.has_local_branch(b))
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    let changelog = CHANGELOGS
        .iter()
        .find(|name| dir.join(name).is_file())
        .map(|s| s.to_string());
    let version = version_source(dir, doc, &tags);
    tracing::debug!(?version, tags = tags.len(), ?changelog, "project facts");
    Ok(Facts {
        version_files: version_files(dir, &version),
        version,
        tags,
        devel_branches,
        changelog,
    })
}

/// An existing configuration of another tool, translated.
pub(super) fn foreign_config(
    dir: &Path,
    doc: Option<&toml_edit::DocumentMut>,
) -> Result<Option<(String, Translation)>, Error> {
    let tool = |d: Option<&toml_edit::DocumentMut>, key: &str| {
        table_json(d.and_then(|d| d.get("tool")).and_then(|t| t.get(key)))
    };
    let static_v = static_version(doc);
    if let Some(table) = tool(doc, "semantic_release") {
        let t = foreign::semantic_release(&table, static_v.is_some());
        return Ok(Some((
            "pyproject.toml [tool.semantic_release]".to_string(),
            t,
        )));
    }
    if let Some(table) = tool(doc, "bumpversion") {
        let t = foreign::bumpversion(&table, static_v.as_deref());
        return Ok(Some(("pyproject.toml [tool.bumpversion]".to_string(), t)));
    }
    let path = dir.join(".bumpversion.toml");
    if let Some((_, other)) = read_toml(&path)? {
        if let Some(table) = tool(Some(&other), "bumpversion") {
            let t = foreign::bumpversion(&table, static_v.as_deref());
            return Ok(Some((
                ".bumpversion.toml [tool.bumpversion]".to_string(),
                t,
            )));
        }
    }
    for name in [".bumpversion.cfg", "setup.cfg"] {
        let path = dir.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(table) = foreign::bumpversion_ini(&text) {
            let t = foreign::bumpversion(&table, static_v.as_deref());
            return Ok(Some((format!("{name} [bumpversion]"), t)));
        }
    }
    Ok(None)
}

//! The commented starter configuration `relx init` writes, decided from what
//! the shell found in the project (where the version lives, the tags, the
//! branches, the changelog). Pure: facts in, TOML text out.

use serde_json::Value;

use super::show::toml_value;

/// Where the current version was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSource {
    /// A file a provider reads (`pep621`, `uv`, `poetry`, `cargo`, `npm`).
    Provider {
        /// The provider's name.
        name: String,
        /// Where it reads, e.g. `pyproject.toml [project].version`.
        place: String,
        /// The version found there.
        version: String,
    },
    /// The version is computed from tags at build time (`dynamic =
    /// ["version"]`, setuptools-scm, hatch-vcs): the `scm` provider.
    Dynamic,
    /// Only tags hold it.
    Tags {
        /// The highest version tag, when there is one.
        latest: Option<String>,
    },
    /// A file no provider reads (setup.py, setup.cfg): the version goes in
    /// the configuration and that file becomes a `version_files` entry.
    Written {
        /// Where it was found.
        place: String,
        /// The version.
        version: String,
    },
    /// Nowhere: start at commitizen's `0.0.1`.
    Nowhere,
}

/// What `relx init` found in the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Where the current version is.
    pub version: VersionSource,
    /// The repository's tag names.
    pub tags: Vec<String>,
    /// The devel branches that exist (`develop`, `devel`, `dev`).
    pub devel_branches: Vec<String>,
    /// An existing changelog file.
    pub changelog: Option<String>,
    /// Other files holding the current version, as `version_files` entries.
    pub version_files: Vec<String>,
}

/// One key of the starter configuration, with the comment above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Its value.
    pub value: Value,
    /// Why this value (comment lines, without `# `).
    pub comment: String,
    /// Written as a live key; `false` writes it commented out, as a hint.
    pub active: bool,
}

impl Entry {
    /// A live key.
    pub fn set(key: &str, value: Value, comment: impl Into<String>) -> Entry {
        Entry {
            key: key.to_string(),
            value,
            comment: comment.into(),
            active: true,
        }
    }

    /// A commented-out key showing the default.
    pub fn hint(key: &str, value: Value, comment: impl Into<String>) -> Entry {
        Entry {
            active: false,
            ..Entry::set(key, value, comment)
        }
    }
}

/// The tag format the existing tags follow (`v$version`, `$version`,
/// `pkg-v$version`), with the tag it was read from: the prefix before the
/// first digit of the highest version tag. `None` without version tags.
pub fn tag_format(tags: &[String]) -> Option<(String, String)> {
    let mut best: Option<(crate::version::Pep440, &String, &str)> = None;
    for tag in tags {
        let Some(start) = tag.find(|c: char| c.is_ascii_digit()) else {
            continue;
        };
        let (prefix, rest) = tag.split_at(start);
        if prefix.contains('$') || prefix.chars().any(char::is_whitespace) {
            continue;
        }
        let Ok(version) = crate::version::Pep440::parse(rest) else {
            continue;
        };
        if best.as_ref().is_none_or(|(v, _, _)| version > *v) {
            best = Some((version, tag, prefix));
        }
    }
    best.map(|(_, tag, prefix)| (format!("{prefix}$version"), tag.clone()))
}

fn is_zero_major(version: &str) -> bool {
    let release = version.trim().trim_start_matches(['v', 'V']);
    let release = release.split_once('!').map_or(release, |(_, r)| r);
    release.split('.').next() == Some("0")
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().cloned().map(Value::String).collect())
}

/// The starter entries for `facts`, in the order they are written.
pub fn entries(facts: &Facts) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut version_files = facts.version_files.clone();
    let current = version_entry(&facts.version, &mut entries);
    entries.push(Entry::set(
        "version_scheme",
        Value::String("pep440".to_string()),
        "PEP 440 versions: 1.0.0a1, 1.0.0rc1, 1.0.0.dev3 (\"semver\" and \"semver2\" also exist).",
    ));
    let (format, comment) = match tag_format(&facts.tags) {
        Some((format, tag)) => (format, format!("Tags are named like the existing {tag}.")),
        None => (
            "v$version".to_string(),
            "No version tags yet: releases will be tagged v1.2.3.".to_string(),
        ),
    };
    entries.push(Entry::set("tag_format", Value::String(format), comment));
    if current.as_deref().is_some_and(is_zero_major) {
        entries.push(Entry::set(
            "major_version_zero",
            Value::Bool(true),
            "While the major version is 0, a breaking change bumps the minor number.",
        ));
    }
    version_files.dedup();
    if version_files.is_empty() {
        entries.push(Entry::hint(
            "version_files",
            strings(&["src/package/__init__.py:^__version__".to_string()]),
            "Other files that hold the version (`path` or `path:regex`).",
        ));
    } else {
        entries.push(Entry::set(
            "version_files",
            strings(&version_files),
            "Other files that hold the current version (`path` or `path:regex`).",
        ));
    }
    match &facts.changelog {
        Some(file) => entries.push(Entry::set(
            "changelog_file",
            Value::String(file.clone()),
            "The changelog, as found.",
        )),
        None => entries.push(Entry::hint(
            "changelog_file",
            Value::String("CHANGELOG.md".to_string()),
            "The changelog (this is the default).",
        )),
    }
    entries.push(Entry::hint(
        "update_changelog_on_bump",
        Value::Bool(true),
        "Write the changelog as part of every `relx bump --exec`.",
    ));
    if facts.devel_branches.is_empty() {
        entries.push(Entry::hint(
            "devel_branches",
            strings(&["develop", "devel", "dev"].map(String::from)),
            "On these branches the next release is an alpha pre-release by default.",
        ));
    } else {
        entries.push(Entry::set(
            "devel_branches",
            strings(&facts.devel_branches),
            "On these branches (found in this repository) the next release is an alpha\npre-release by default.",
        ));
    }
    entries.push(Entry::hint(
        "annotated_tag",
        Value::Bool(true),
        "Make annotated tags (`gpg_sign = true` signs them).",
    ));
    entries
}

/// Where the version lives → `version_provider` or `version`; returns the
/// current version when one is known.
fn version_entry(version: &VersionSource, entries: &mut Vec<Entry>) -> Option<String> {
    match version {
        VersionSource::Provider {
            name,
            place,
            version,
        } => {
            entries.push(Entry::set(
                "version_provider",
                Value::String(name.clone()),
                format!("The current version is read from and written to {place} (now {version})."),
            ));
            Some(version.clone())
        }
        VersionSource::Dynamic => {
            entries.push(Entry::set(
                "version_provider",
                Value::String("scm".to_string()),
                "The version is dynamic (computed from git tags at build time): relx reads\nit from the tags too.",
            ));
            None
        }
        VersionSource::Tags { latest } => {
            entries.push(Entry::set(
                "version_provider",
                Value::String("scm".to_string()),
                match latest {
                    Some(tag) => format!(
                        "No file holds the version; relx reads it from the tags (now {tag})."
                    ),
                    None => "No file holds the version; relx reads it from the tags.".to_string(),
                },
            ));
            latest.clone()
        }
        VersionSource::Written { place, version } => {
            entries.push(Entry::set(
                "version",
                Value::String(version.clone()),
                format!(
                    "The current version, found in {place}; `relx bump --exec` updates it here\nand in the version_files below."
                ),
            ));
            Some(version.clone())
        }
        VersionSource::Nowhere => {
            entries.push(Entry::set(
                "version",
                Value::String("0.0.1".to_string()),
                "No version found anywhere: the first release starts from 0.0.1 (as `cz init`\nproposes). `relx bump --exec` updates it here.",
            ));
            Some("0.0.1".to_string())
        }
    }
}

/// Replaces or adds entries: `over` wins for a key both have.
pub fn merge(base: Vec<Entry>, over: Vec<Entry>) -> Vec<Entry> {
    let mut merged: Vec<Entry> = base
        .into_iter()
        .filter(|b| !over.iter().any(|o| o.key == b.key))
        .collect();
    // Translated keys go first, in their own order: they are what the user
    // configured before.
    let mut out = over;
    out.append(&mut merged);
    out
}

/// Splits `line` at spaces into lines of at most `width` characters (a
/// longer word stays whole).
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

/// The TOML text: a header comment, then each entry with its comment.
/// `table` is `Some("tool.relx")` for pyproject.toml, `None` for the keys at
/// the top of `.relx.toml`.
pub fn render(entries: &[Entry], table: Option<&str>, intro: &str) -> String {
    let mut out = String::new();
    if let Some(table) = table {
        out.push_str(&format!("[{table}]\n"));
    }
    for line in intro.lines() {
        out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
    }
    for entry in entries {
        out.push('\n');
        for line in entry.comment.lines().flat_map(|l| wrap(l, 76)) {
            out.push_str(&format!("# {line}\n"));
        }
        let line = format!("{} = {}", entry.key, toml_value(&entry.value));
        if entry.active {
            out.push_str(&format!("{line}\n"));
        } else {
            out.push_str(&format!("# {line}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tag_format_from_the_highest_version_tag() {
        assert_eq!(tag_format(&tags(&[])), None);
        assert_eq!(tag_format(&tags(&["latest", "stable"])), None);
        assert_eq!(
            tag_format(&tags(&["v0.9.0", "v1.2.0", "v1.10.0"])),
            Some(("v$version".to_string(), "v1.10.0".to_string()))
        );
        assert_eq!(
            tag_format(&tags(&["1.0.0", "1.1.0rc1"])),
            Some(("$version".to_string(), "1.1.0rc1".to_string()))
        );
        assert_eq!(
            tag_format(&tags(&["old-0.1", "pkg-v2.0.0", "nightly"])),
            Some(("pkg-v$version".to_string(), "pkg-v2.0.0".to_string()))
        );
    }

    #[test]
    fn zero_major() {
        assert!(is_zero_major("0.3.1"));
        assert!(is_zero_major("v0.1"));
        assert!(is_zero_major("1!0.1"));
        assert!(!is_zero_major("1.0.0"));
        assert!(!is_zero_major("10.0"));
    }

    #[test]
    fn rendered_starter_parses_as_the_config_it_describes() {
        let facts = Facts {
            version: VersionSource::Provider {
                name: "pep621".to_string(),
                place: "pyproject.toml [project].version".to_string(),
                version: "0.4.0".to_string(),
            },
            tags: tags(&["v0.3.0", "v0.4.0"]),
            devel_branches: vec!["develop".to_string()],
            changelog: Some("CHANGES.md".to_string()),
            version_files: vec!["src/demo/__init__.py:^__version__".to_string()],
        };
        let text = render(&entries(&facts), Some("tool.relx"), "intro\n\nmore");
        let config = crate::config::parse(
            &text,
            std::path::Path::new("pyproject.toml"),
            crate::config::Format::Toml,
            crate::config::Section::ToolRelx,
        )
        .unwrap()
        .unwrap();
        assert_eq!(config.version_provider.as_deref(), Some("pep621"));
        assert_eq!(config.tag_format, "v$version");
        assert!(config.major_version_zero);
        assert_eq!(config.changelog_file, "CHANGES.md");
        assert_eq!(config.devel_branches, vec!["develop"]);
        assert_eq!(
            config.version_files,
            vec!["src/demo/__init__.py:^__version__"]
        );
        assert!(
            !config.update_changelog_on_bump,
            "a hint stays commented out"
        );
        assert!(config.unknown.is_empty(), "{:?}", config.unknown);
        assert!(
            text.starts_with("[tool.relx]\n# intro\n#\n# more\n"),
            "{text}"
        );
    }
}

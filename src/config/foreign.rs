//! What relx takes over from python-semantic-release (`[tool.semantic_release]`)
//! and bump-my-version (`[tool.bumpversion]`, `.bumpversion.toml`,
//! `.bumpversion.cfg`): their settings as `[tool.relx]` entries, and the
//! settings relx has no equivalent for, named so the user can decide. Pure:
//! the shell hands in the parsed tables (INI is read here from its text).

use serde_json::{Map, Value};

use super::starter::Entry;

/// A foreign configuration translated into relx keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The tool's name, as users know it.
    pub tool: &'static str,
    /// The keys relx takes over, with where each came from.
    pub entries: Vec<Entry>,
    /// Settings not carried over, each with why.
    pub skipped: Vec<String>,
}

fn string(value: &Value) -> Option<&str> {
    value.as_str()
}

fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => s
            .split([',', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn truthy(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Some(true),
            "false" | "no" | "off" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A literal branch name or `name.*` from a semantic-release `match` regex,
/// as a relx branch glob; `None` when the regex is more than that.
fn branch_glob(pattern: &str) -> Option<String> {
    let p = pattern.trim_start_matches('^').trim_end_matches('$');
    let (stem, wildcard) = match p.strip_suffix(".*").or_else(|| p.strip_suffix(".+")) {
        Some(stem) => (stem, true),
        None => (p, false),
    };
    let stem = stem
        .replace("\\/", "/")
        .replace("\\-", "-")
        .replace("\\.", ".");
    let literal = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
    literal.then(|| if wildcard { format!("{stem}*") } else { stem })
}

/// `[tool.semantic_release]` → relx keys. `static_version` says whether
/// pyproject.toml has a static `[project].version` (then `pep621` reads it).
pub fn semantic_release(table: &Map<String, Value>, static_version: bool) -> Translation {
    let from = |key: &str| format!("from [tool.semantic_release] {key}");
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    semantic_release_versions(table, static_version, &mut entries, &mut skipped);
    let format = table
        .get("tag_format")
        .and_then(string)
        .unwrap_or("v{version}");
    if format.contains("{version}") {
        entries.push(Entry::set(
            "tag_format",
            Value::String(format.replace("{version}", "$version")),
            from("tag_format"),
        ));
    } else {
        skipped.push(format!("tag_format '{format}': no {{version}} in it"));
    }
    // semantic-release's major_on_zero (default true) is the opposite of
    // commitizen's major_version_zero (default false).
    if truthy(table.get("major_on_zero")) == Some(false) {
        entries.push(Entry::set(
            "major_version_zero",
            Value::Bool(true),
            from("major_on_zero = false"),
        ));
    }
    if let Some(message) = table.get("commit_message").and_then(string) {
        entries.push(Entry::set(
            "bump_message",
            Value::String(message.replace("{version}", "$new_version")),
            from("commit_message"),
        ));
    }
    let changelog = table.get("changelog").and_then(Value::as_object);
    let changelog_file = changelog.and_then(|c| {
        c.get("changelog_file")
            .or_else(|| {
                c.get("default_templates")
                    .and_then(|d| d.get("changelog_file"))
            })
            .and_then(string)
    });
    if let Some(file) = changelog_file {
        entries.push(Entry::set(
            "changelog_file",
            Value::String(file.to_string()),
            from("changelog"),
        ));
    }
    if let Some(parser) = table.get("commit_parser").and_then(string) {
        if !matches!(parser, "conventional" | "angular") {
            skipped.push(format!(
                "commit_parser '{parser}': relx reads Conventional Commits only"
            ));
        }
    }
    let channels = semantic_release_channels(table, &mut skipped);
    if !channels.is_empty() {
        entries.push(Entry::set(
            "branch_prereleases",
            Value::Object(channels),
            from("branches"),
        ));
    }
    for key in table.keys() {
        let handled = [
            "version_toml",
            "version_variables",
            "tag_format",
            "major_on_zero",
            "commit_message",
            "changelog",
            "commit_parser",
            "branches",
        ];
        if !handled.contains(&key.as_str()) {
            skipped.push(format!("{key}: no relx equivalent here"));
        }
    }
    Translation {
        tool: "semantic-release",
        entries,
        skipped,
    }
}

/// `version_toml` and `version_variables` → the provider and
/// `version_files`.
fn semantic_release_versions(
    table: &Map<String, Value>,
    static_version: bool,
    entries: &mut Vec<Entry>,
    skipped: &mut Vec<String>,
) {
    let from = |key: &str| format!("from [tool.semantic_release] {key}");
    let mut version_files = Vec::new();
    let mut provider = None;
    for spec in list(table.get("version_toml")) {
        let mut parts = spec.splitn(3, ':');
        let (file, key) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        match (file, key) {
            ("pyproject.toml", "project.version") if static_version => provider = Some("pep621"),
            ("pyproject.toml", "tool.poetry.version") => provider = Some("poetry"),
            (file, key) if !key.is_empty() => {
                let last = key.rsplit('.').next().unwrap_or(key);
                version_files.push(format!("{file}:^{}\\s*=", regex::escape(last)));
            }
            _ => skipped.push(format!("version_toml entry '{spec}': not FILE:KEY")),
        }
    }
    for spec in list(table.get("version_variables")) {
        let mut parts = spec.splitn(3, ':');
        match (parts.next(), parts.next()) {
            (Some(file), Some(variable)) if !variable.is_empty() => {
                version_files.push(format!("{file}:^\\s*{}\\b", regex::escape(variable)));
            }
            _ => skipped.push(format!(
                "version_variables entry '{spec}': not FILE:VARIABLE"
            )),
        }
    }
    let (name, comment) = match provider {
        Some(name) => (
            name,
            format!(
                "{}: the version lives in pyproject.toml.",
                from("version_toml")
            ),
        ),
        None => (
            "scm",
            "semantic-release reads the current version from the tags; so does relx.".to_string(),
        ),
    };
    entries.push(Entry::set(
        "version_provider",
        Value::String(name.to_string()),
        comment,
    ));
    if !version_files.is_empty() {
        entries.push(Entry::set(
            "version_files",
            Value::Array(version_files.into_iter().map(Value::String).collect()),
            format!("{} and version_variables.", from("version_toml")),
        ));
    }
}

/// Pre-release `branches` → `branch_prereleases` (globs only).
fn semantic_release_channels(
    table: &Map<String, Value>,
    skipped: &mut Vec<String>,
) -> Map<String, Value> {
    let mut channels = Map::new();
    if let Some(branches) = table.get("branches").and_then(Value::as_object) {
        for (name, branch) in branches {
            if truthy(branch.get("prerelease")) != Some(true) {
                continue;
            }
            let pattern = branch.get("match").and_then(string).unwrap_or(name);
            let token = branch
                .get("prerelease_token")
                .and_then(string)
                .unwrap_or("rc");
            match (branch_glob(pattern), token) {
                (Some(glob), "alpha" | "beta" | "rc") => {
                    channels.insert(glob, Value::String(token.to_string()));
                }
                (Some(_), token) => skipped.push(format!(
                    "branches.{name}: pre-release token '{token}' is not alpha, beta or rc (PEP 440)"
                )),
                (None, _) => skipped.push(format!(
                    "branches.{name}: match '{pattern}' is a regular expression; relx's branch_prereleases take globs"
                )),
            }
        }
    }
    channels
}

/// bump-my-version's placeholders → relx's.
fn placeholders(text: &str) -> String {
    text.replace("{current_version}", "$current_version")
        .replace("{new_version}", "$new_version")
}

/// `[tool.bumpversion]` (or the same shape read from INI) → relx keys.
/// `static_version` is pyproject.toml's `[project].version`, when static.
pub fn bumpversion(table: &Map<String, Value>, static_version: Option<&str>) -> Translation {
    let from = |key: &str| format!("from bump-my-version's {key}");
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    bumpversion_version(table, static_version, &mut entries, &mut skipped);
    let tag_name = table
        .get("tag_name")
        .and_then(string)
        .unwrap_or("v{new_version}");
    let tag_format = tag_name.replace("{new_version}", "$version");
    if tag_name.contains("{new_version}") && !tag_format.contains('{') {
        entries.push(Entry::set(
            "tag_format",
            Value::String(tag_format),
            from("tag_name"),
        ));
    } else {
        skipped.push(format!(
            "tag_name '{tag_name}': relx's tag_format has $version only"
        ));
    }
    if let Some(message) = table.get("message").and_then(string) {
        entries.push(Entry::set(
            "bump_message",
            Value::String(placeholders(message)),
            from("message"),
        ));
    }
    if truthy(table.get("sign_tags")) == Some(true) {
        entries.push(Entry::set("gpg_sign", Value::Bool(true), from("sign_tags")));
    }
    if table
        .get("tag_message")
        .and_then(string)
        .is_some_and(|m| !m.is_empty())
    {
        entries.push(Entry::set(
            "annotated_tag",
            Value::Bool(true),
            format!(
                "{}: bump-my-version makes annotated tags.",
                from("tag_message")
            ),
        ));
    }
    if truthy(table.get("tag")) == Some(false) || truthy(table.get("commit")) == Some(false) {
        skipped.push(
            "commit/tag = false: `relx bump --exec` commits and tags; --version-files-only writes the files alone"
                .to_string(),
        );
    }
    let files = bumpversion_files(table, &mut skipped);
    if !files.is_empty() {
        entries.push(Entry::set(
            "version_files",
            Value::Array(files.into_iter().map(Value::String).collect()),
            from("files"),
        ));
    }
    for key in ["parse", "serialize"] {
        if table.contains_key(key) {
            skipped.push(format!(
                "{key}: custom version parts; relx uses PEP 440 (or semver)"
            ));
        }
    }
    for key in ["setup_hooks", "pre_commit_hooks", "post_commit_hooks"] {
        if table.contains_key(key) {
            skipped.push(format!(
                "{key}: hooks run at other moments in relx (pre_bump_hooks, post_bump_hooks); move them by hand"
            ));
        }
    }
    skipped.push(
        "relx does not update bump-my-version's current_version: remove that configuration once relx releases"
            .to_string(),
    );
    Translation {
        tool: "bump-my-version",
        entries,
        skipped,
    }
}

/// bump-my-version's `current_version` → the pep621 provider when it is
/// pyproject.toml's static version, else relx's own `version`.
fn bumpversion_version(
    table: &Map<String, Value>,
    static_version: Option<&str>,
    entries: &mut Vec<Entry>,
    skipped: &mut Vec<String>,
) {
    let from = |key: &str| format!("from bump-my-version's {key}");
    let current = table.get("current_version").and_then(string);
    match (current, static_version) {
        (Some(c), Some(s)) if c.trim() == s.trim() => entries.push(Entry::set(
            "version_provider",
            Value::String("pep621".to_string()),
            format!(
                "{}: the same version as pyproject.toml [project].version.",
                from("current_version")
            ),
        )),
        (Some(c), _) => entries.push(Entry::set(
            "version",
            Value::String(c.trim().to_string()),
            format!(
                "{}; relx keeps it here from now on.",
                from("current_version")
            ),
        )),
        (None, _) => skipped.push("current_version: missing".to_string()),
    }
}

/// bump-my-version's `files` → `version_files` entries.
fn bumpversion_files(table: &Map<String, Value>, skipped: &mut Vec<String>) -> Vec<String> {
    let mut files = Vec::new();
    if let Some(Value::Array(items)) = table.get("files") {
        for item in items {
            let Some(path) = item
                .get("filename")
                .or_else(|| item.get("glob"))
                .and_then(string)
            else {
                continue;
            };
            let search = item
                .get("search")
                .and_then(string)
                .unwrap_or("{current_version}");
            let regex = truthy(item.get("regex")) == Some(true);
            let prefix = search.split("{current_version}").next().unwrap_or_default();
            if search.trim() == "{current_version}" {
                files.push(path.to_string());
            } else if !regex && !prefix.trim().is_empty() && !prefix.contains('\n') {
                files.push(format!("{path}:{}", regex::escape(prefix.trim_start())));
            } else {
                files.push(path.to_string());
                skipped.push(format!(
                    "{path}: search '{search}' becomes every occurrence of the version in the file"
                ));
            }
            if item
                .get("replace")
                .and_then(string)
                .is_some_and(|r| r.trim() != "{new_version}")
            {
                skipped.push(format!(
                    "{path}: replace template (relx swaps the version in place)"
                ));
            }
        }
    }
    files
}

/// A `.bumpversion.cfg` / `setup.cfg` (INI, bumpversion's sections) as the
/// table [`bumpversion`] reads: `[bumpversion]` keys at the top,
/// `[bumpversion:file:PATH]` and `[bumpversion:glob:PATTERN]` sections as
/// `files`. `None` when there is no `[bumpversion]` section.
pub fn bumpversion_ini(text: &str) -> Option<Map<String, Value>> {
    let mut top: Option<Map<String, Value>> = None;
    let mut files: Vec<Map<String, Value>> = Vec::new();
    enum Place {
        Top,
        File(usize),
        Other,
    }
    let mut place = Place::Other;
    let mut last_key: Option<String> = None;
    for raw in super::without_bom(text).lines() {
        let line = raw.trim_end();
        if line.trim_start().starts_with(['#', ';']) || line.trim().is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            last_key = None;
            place = if name == "bumpversion" {
                top.get_or_insert_with(Map::new);
                Place::Top
            } else if let Some(path) = name
                .strip_prefix("bumpversion:file:")
                .or_else(|| name.strip_prefix("bumpversion:file("))
            {
                let mut file = Map::new();
                let path = path.split_once("):").map_or(path, |(_, p)| p);
                file.insert("filename".to_string(), Value::String(path.to_string()));
                files.push(file);
                Place::File(files.len() - 1)
            } else if let Some(pattern) = name.strip_prefix("bumpversion:glob:") {
                let mut file = Map::new();
                file.insert("glob".to_string(), Value::String(pattern.to_string()));
                files.push(file);
                Place::File(files.len() - 1)
            } else {
                Place::Other
            };
            continue;
        }
        let target = match place {
            Place::Top => top.as_mut(),
            Place::File(i) => files.get_mut(i),
            Place::Other => None,
        };
        let Some(target) = target else {
            continue;
        };
        if raw.starts_with([' ', '\t']) {
            // A continuation line of a multi-line value.
            if let Some(Value::String(value)) = last_key.as_ref().and_then(|k| target.get_mut(k)) {
                value.push('\n');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((key, value)) = line.split_once(['=', ':']) {
            let key = key.trim().to_string();
            target.insert(key.clone(), Value::String(value.trim().to_string()));
            last_key = Some(key);
        }
    }
    let mut top = top?;
    if !files.is_empty() {
        top.insert(
            "files".to_string(),
            Value::Array(files.into_iter().map(Value::Object).collect()),
        );
    }
    Some(top)
}

#[cfg(test)]
mod tests;

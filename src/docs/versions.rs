//! `versions.json`, as mike reads and writes it: the list of deployed
//! versions with their titles, aliases and properties, in mike's order.
//!
//! Pure. The rules and messages follow mike 2.2's `versions.py`: names are
//! checked the same way, an alias belongs to one version at a time, and the
//! file is written with Python's `json.dumps(indent=2)` plus a newline.
//! One difference: mike keeps aliases in a Python `set`, so their order in
//! the file changes from run to run; relx keeps the order they were given in.

use serde_json::{Map, Value};

use super::{loose, pyjson};

/// Which kind of name a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A version folder.
    Version,
    /// An alias of a version.
    Alias,
}

impl NameKind {
    /// The word used in messages.
    pub fn word(self) -> &'static str {
        match self {
            NameKind::Version => "version",
            NameKind::Alias => "alias",
        }
    }
}

/// Why mike (and relx) refuse a change to the versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Empty, `.`, `..`, or containing `/` or `\`.
    InvalidName {
        /// Version or alias.
        kind: NameKind,
        /// The name given.
        name: String,
    },
    /// The version name is already an alias of another version.
    VersionIsAlias {
        /// The name.
        version: String,
        /// The version holding it as an alias.
        of: String,
    },
    /// An alias name is already a version.
    AliasIsVersion {
        /// The name.
        alias: String,
    },
    /// An alias belongs to another version (move it with `--update-aliases`).
    AliasTaken {
        /// The alias.
        alias: String,
        /// The version holding it.
        version: String,
    },
    /// A version listed as its own alias.
    SameAsVersion {
        /// The name.
        name: String,
    },
    /// No version or alias with that name.
    NotFound {
        /// The identifier looked up.
        identifier: String,
    },
}

/// One deployed version.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The folder name.
    pub version: String,
    /// The title the version selector shows (the name by default).
    pub title: String,
    /// Other names redirecting or linking to this version.
    pub aliases: Vec<String>,
    /// mike's free-form properties, kept as they are.
    pub properties: Option<Value>,
}

/// Where an identifier points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A version by its name.
    Version(String),
    /// An alias of `version`.
    Alias {
        /// The version holding the alias.
        version: String,
        /// The alias.
        alias: String,
    },
}

impl Found {
    /// The version the identifier resolves to.
    pub fn version(&self) -> &str {
        match self {
            Found::Version(v) => v,
            Found::Alias { version, .. } => version,
        }
    }
}

/// What `remove` took away: a whole version (with its aliases) or one alias.
#[derive(Debug, Clone, PartialEq)]
pub enum Removed {
    /// A version and every alias it had.
    Version(Entry),
    /// One alias.
    Alias(String),
}

/// The deployed versions, in the order they were added (mike's dict order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Versions {
    entries: Vec<Entry>,
}

/// Files the docs branch keeps at its top, beside the version folders: a
/// version or alias of that name would overwrite one (mike does not check).
pub const RESERVED_NAMES: [&str; 4] = ["versions.json", "index.html", ".nojekyll", "404.html"];

/// mike's `_check_version`, and no name of the branch's own files.
pub fn check_name(name: &str, kind: NameKind) -> Result<(), Problem> {
    if name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\'])
        || RESERVED_NAMES.contains(&name)
    {
        return Err(Problem::InvalidName {
            kind,
            name: name.to_string(),
        });
    }
    Ok(())
}

fn push_unique(list: &mut Vec<String>, name: &str) -> bool {
    if list.iter().any(|a| a == name) {
        false
    } else {
        list.push(name.to_string());
        true
    }
}

/// Python truthiness, for `if self.properties:`.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

impl Versions {
    /// Reads `versions.json` text. The error says what is wrong, for a line
    /// naming the branch and file.
    pub fn parse(text: &str) -> Result<Versions, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let Value::Array(items) = value else {
            return Err("not a JSON list".to_string());
        };
        let mut versions = Versions::default();
        for (i, item) in items.iter().enumerate() {
            let entry = Self::entry_from_json(item).map_err(|e| format!("entry {}: {e}", i + 1))?;
            versions
                .check_unique(&entry.version, &entry.aliases, false)
                .map_err(|p| format!("entry {}: {}", i + 1, describe(&p)))?;
            match versions.position(&entry.version) {
                Some(at) => versions.entries[at] = entry,
                None => versions.entries.push(entry),
            }
        }
        Ok(versions)
    }

    fn entry_from_json(item: &Value) -> Result<Entry, String> {
        let object = item.as_object().ok_or("not a JSON object")?;
        let field = |key: &str| object.get(key).ok_or(format!("no `{key}`"));
        let version = field("version")?
            .as_str()
            .ok_or("`version` is not a string")?
            .to_string();
        let title = match field("title")? {
            Value::Null => version.clone(),
            Value::String(s) => s.clone(),
            _ => return Err("`title` is not a string".to_string()),
        };
        let mut aliases = Vec::new();
        for alias in field("aliases")?
            .as_array()
            .ok_or("`aliases` is not a list")?
        {
            let alias = alias.as_str().ok_or("an alias is not a string")?;
            push_unique(&mut aliases, alias);
        }
        check_name(&version, NameKind::Version).map_err(|p| describe(&p))?;
        for alias in &aliases {
            check_name(alias, NameKind::Alias).map_err(|p| describe(&p))?;
        }
        if aliases.contains(&version) {
            return Err(describe(&Problem::SameAsVersion { name: version }));
        }
        Ok(Entry {
            version,
            title,
            aliases,
            properties: object.get("properties").cloned(),
        })
    }

    /// The entries newest first, as mike lists and writes them.
    pub fn sorted(&self) -> Vec<&Entry> {
        let mut sorted: Vec<&Entry> = self.entries.iter().collect();
        // A stable sort: equal keys (`1.0`, `1.0.0`) keep the file's order,
        // as Python's `sorted(reverse=True)` does.
        sorted.sort_by(|a, b| loose::newest_first(&a.version, &b.version));
        sorted
    }

    /// One entry as mike's `VersionInfo.to_json`.
    pub fn entry_json(entry: &Entry) -> Value {
        let mut map = Map::new();
        map.insert("version".into(), Value::String(entry.version.clone()));
        map.insert("title".into(), Value::String(entry.title.clone()));
        map.insert(
            "aliases".into(),
            Value::Array(entry.aliases.iter().cloned().map(Value::String).collect()),
        );
        if let Some(props) = entry.properties.as_ref().filter(|p| truthy(p)) {
            map.insert("properties".into(), props.clone());
        }
        Value::Object(map)
    }

    /// The text of `versions.json`: `json.dumps(indent=2)` and a newline.
    pub fn to_file(&self) -> String {
        let list = Value::Array(self.sorted().into_iter().map(Self::entry_json).collect());
        pyjson::dumps(&list) + "\n"
    }

    /// `mike list --json` for one entry (no trailing newline).
    pub fn entry_dumps(entry: &Entry) -> String {
        pyjson::dumps(&Self::entry_json(entry))
    }

    /// `mike list --json` (no trailing newline).
    pub fn dumps(&self) -> String {
        let list = Value::Array(self.sorted().into_iter().map(Self::entry_json).collect());
        pyjson::dumps(&list)
    }

    /// Number of versions.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is deployed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, version: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.version == version)
    }

    /// The entry of a version name.
    pub fn get(&self, version: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.version == version)
    }

    /// A version or alias by name (mike's `find`).
    pub fn find(&self, identifier: &str) -> Option<Found> {
        if self.position(identifier).is_some() {
            return Some(Found::Version(identifier.to_string()));
        }
        self.entries
            .iter()
            .find(|e| e.aliases.iter().any(|a| a == identifier))
            .map(|e| Found::Alias {
                version: e.version.clone(),
                alias: identifier.to_string(),
            })
    }

    fn find_strict(&self, identifier: &str) -> Result<Found, Problem> {
        self.find(identifier).ok_or_else(|| Problem::NotFound {
            identifier: identifier.to_string(),
        })
    }

    /// mike's `_ensure_unique_aliases`: the aliases to take from other
    /// versions, or why the names are taken.
    fn check_unique(
        &self,
        version: &str,
        aliases: &[String],
        update_aliases: bool,
    ) -> Result<Vec<(String, String)>, Problem> {
        let mut moved = Vec::new();
        if let Some(Found::Alias { version: of, alias }) = self.find(version) {
            if !update_aliases {
                return Err(Problem::VersionIsAlias {
                    version: version.to_string(),
                    of,
                });
            }
            moved.push((of, alias));
        }
        for alias in aliases {
            match self.find(alias) {
                Some(found) if found.version() != version => match found {
                    Found::Version(_) => {
                        return Err(Problem::AliasIsVersion {
                            alias: alias.clone(),
                        })
                    }
                    Found::Alias { version: of, alias } => {
                        if !update_aliases {
                            return Err(Problem::AliasTaken { alias, version: of });
                        }
                        moved.push((of, alias));
                    }
                },
                _ => {}
            }
        }
        Ok(moved)
    }

    fn take_aliases(&mut self, moved: &[(String, String)]) {
        for (of, alias) in moved {
            if let Some(entry) = self.entries.iter_mut().find(|e| &e.version == of) {
                entry.aliases.retain(|a| a != alias);
            }
        }
    }

    fn check_names(version: &str, aliases: &[String]) -> Result<(), Problem> {
        check_name(version, NameKind::Version)?;
        for alias in aliases {
            check_name(alias, NameKind::Alias)?;
        }
        if aliases.iter().any(|a| a == version) {
            return Err(Problem::SameAsVersion {
                name: version.to_string(),
            });
        }
        Ok(())
    }

    /// mike's `Versions.add` (deploy): adds or updates `version`, taking
    /// aliases from other versions only with `update_aliases`. Returns the
    /// version's entry afterwards.
    pub fn add(
        &mut self,
        version: &str,
        title: Option<&str>,
        aliases: &[String],
        update_aliases: bool,
    ) -> Result<&Entry, Problem> {
        Self::check_names(version, aliases)?;
        let moved = self.check_unique(version, aliases, update_aliases)?;
        let at = match self.position(version) {
            Some(at) => {
                let entry = &mut self.entries[at];
                if let Some(title) = title {
                    entry.title = title.to_string();
                }
                for alias in aliases {
                    push_unique(&mut entry.aliases, alias);
                }
                at
            }
            None => {
                let mut entry = Entry {
                    version: version.to_string(),
                    title: title.unwrap_or(version).to_string(),
                    aliases: Vec::new(),
                    properties: None,
                };
                for alias in aliases {
                    push_unique(&mut entry.aliases, alias);
                }
                self.entries.push(entry);
                self.entries.len() - 1
            }
        };
        self.take_aliases(&moved);
        Ok(&self.entries[at])
    }

    /// mike's `Versions.update` (alias, retitle): returns the version the
    /// identifier resolves to and the aliases that are new to it.
    pub fn update(
        &mut self,
        identifier: &str,
        title: Option<&str>,
        aliases: &[String],
        update_aliases: bool,
    ) -> Result<(String, Vec<String>), Problem> {
        let version = self.find_strict(identifier)?.version().to_string();
        Self::check_names(&version, aliases)?;
        let moved = self.check_unique(&version, aliases, update_aliases)?;
        self.take_aliases(&moved);
        let at = self.position(&version).expect("find returned a version");
        let entry = &mut self.entries[at];
        if let Some(title) = title {
            entry.title = title.to_string();
        }
        let mut added = Vec::new();
        for alias in aliases {
            if push_unique(&mut entry.aliases, alias) {
                added.push(alias.clone());
            }
        }
        Ok((version, added))
    }

    /// mike's `difference_update` (delete): every identifier must exist;
    /// versions go with their aliases.
    pub fn remove(&mut self, identifiers: &[String]) -> Result<Vec<Removed>, Problem> {
        let found: Vec<Found> = identifiers
            .iter()
            .map(|i| self.find_strict(i))
            .collect::<Result<_, _>>()?;
        let mut removed = Vec::new();
        for item in found {
            match item {
                Found::Version(version) => {
                    if let Some(at) = self.position(&version) {
                        removed.push(Removed::Version(self.entries.remove(at)));
                    }
                }
                Found::Alias { version, alias } => {
                    if let Some(at) = self.position(&version) {
                        self.entries[at].aliases.retain(|a| a != &alias);
                        removed.push(Removed::Alias(alias));
                    }
                }
            }
        }
        Ok(removed)
    }
}

impl Problem {
    /// The error to report, naming the docs branch.
    pub fn into_error(self, branch: &str) -> crate::error::Error {
        use crate::error::Error;
        match self {
            Problem::InvalidName { kind, name } => Error::DocsInvalidName {
                kind: kind.word().to_string(),
                name,
            },
            Problem::NotFound { identifier } => Error::DocsNotFound {
                identifier,
                branch: branch.to_string(),
            },
            Problem::AliasTaken { .. } | Problem::VersionIsAlias { .. } => Error::DocsConflict {
                message: format!("{branch}: {}", describe(&self)),
                hint: Some("move it with --update-aliases".to_string()),
            },
            other => Error::DocsConflict {
                message: format!("{branch}: {}", describe(&other)),
                hint: None,
            },
        }
    }
}

/// A one-line description of a problem.
pub fn describe(problem: &Problem) -> String {
    match problem {
        Problem::InvalidName { kind, name } => format!(
            "'{name}' is not a valid {}: it must not be empty, `.` or `..`, or contain `/` or `\\`",
            kind.word()
        ),
        Problem::VersionIsAlias { version, of } => {
            format!("version '{version}' already exists as an alias of '{of}'")
        }
        Problem::AliasIsVersion { alias } => {
            format!("alias '{alias}' already specified as a version")
        }
        Problem::AliasTaken { alias, version } => {
            format!("alias '{alias}' already exists for version '{version}'")
        }
        Problem::SameAsVersion { name } => {
            format!("'{name}' is given as both the version and one of its aliases")
        }
        Problem::NotFound { identifier } => {
            format!("no docs version or alias '{identifier}'")
        }
    }
}

#[cfg(test)]
mod tests;

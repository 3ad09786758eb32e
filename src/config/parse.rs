//! Text → [`Config`], for TOML, JSON and YAML files.
//!
//! A syntax error names `file:line:column` and the parser's message; a value
//! of the wrong type names the key (and its line in TOML).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::model::Config;

/// A file's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `pyproject.toml`, `.relx.toml`, `.cz.toml`, `cz.toml`.
    Toml,
    /// `.cz.json`, `cz.json`.
    Json,
    /// `.cz.yaml`, `cz.yaml`.
    Yaml,
}

/// Which part of a file holds the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `[tool.relx]` in pyproject.toml.
    ToolRelx,
    /// The whole of `.relx.toml`.
    WholeFile,
    /// `[tool.commitizen]` in a TOML file.
    ToolCommitizen,
    /// The `commitizen` key of a JSON or YAML file.
    CommitizenKey,
}

impl Section {
    /// How the section is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Section::ToolRelx => "[tool.relx]",
            Section::WholeFile => "(whole file)",
            Section::ToolCommitizen => "[tool.commitizen]",
            Section::CommitizenKey => "commitizen",
        }
    }
}

/// The configuration cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConfigError {
    /// The file is not valid TOML / JSON / YAML.
    #[error("{}:{line}:{column}: {message}", .path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A key has a value of the wrong type or an unknown value.
    #[error("{}{}: `{key}`: {message}", .path.display(), .line.map(|l| format!(":{l}")).unwrap_or_default())]
    Value {
        /// The file.
        path: PathBuf,
        /// The key at fault.
        key: String,
        /// Its line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
}

/// Strips a UTF-8 byte-order mark (commitizen's tomlkit rejects one; relx
/// reads through it and keeps it when writing).
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses `text` and returns the settings in `section`, or `None` when the
/// file has no such section.
pub fn parse(
    text: &str,
    path: &Path,
    format: Format,
    section: Section,
) -> Result<Option<Config>, ConfigError> {
    let text = without_bom(text);
    let (value, toml) = to_value(text, path, format)?;
    let table = match section {
        Section::ToolRelx => value.pointer("/tool/relx"),
        Section::WholeFile => Some(&value),
        Section::ToolCommitizen => value.pointer("/tool/commitizen"),
        Section::CommitizenKey => value.get("commitizen"),
    };
    let Some(table) = table else {
        return Ok(None);
    };
    let Some(map) = table.as_object() else {
        return Err(ConfigError::Value {
            path: path.to_path_buf(),
            key: section.describe().to_string(),
            line: None,
            message: "must be a table".to_string(),
        });
    };
    let key_line = |key: &str| -> Option<usize> {
        let doc = toml.as_ref()?;
        let table = match section {
            Section::ToolRelx => doc.get("tool")?.get("relx")?,
            Section::ToolCommitizen => doc.get("tool")?.get("commitizen")?,
            _ => doc.as_item(),
        };
        let span = table.as_table_like()?.get_key_value(key)?.0.span()?;
        Some(line_col(text, span.start).0)
    };
    from_map(map)
        .map(Some)
        .map_err(|(key, message)| ConfigError::Value {
            path: path.to_path_buf(),
            line: key_line(&key),
            key,
            message,
        })
}

/// The keys written in `section` (in file order), or `None` when the file
/// has no such section: what `relx config show` marks as "from the file".
pub fn keys(
    text: &str,
    path: &Path,
    format: Format,
    section: Section,
) -> Result<Option<Vec<String>>, ConfigError> {
    let (value, _) = to_value(without_bom(text), path, format)?;
    let table = match section {
        Section::ToolRelx => value.pointer("/tool/relx"),
        Section::WholeFile => Some(&value),
        Section::ToolCommitizen => value.pointer("/tool/commitizen"),
        Section::CommitizenKey => value.get("commitizen"),
    };
    Ok(table
        .and_then(Value::as_object)
        .map(|map| map.keys().cloned().collect()))
}

/// The whole file as a JSON value (and the TOML document, for key lines).
fn to_value<'a>(
    text: &'a str,
    path: &Path,
    format: Format,
) -> Result<(Value, Option<toml_edit::Document<&'a str>>), ConfigError> {
    let (value, toml) = match format {
        Format::Toml => {
            let doc = toml_edit::Document::parse(text).map_err(|e| {
                let (line, column) = line_col(text, e.span().map_or(0, |s| s.start));
                ConfigError::Syntax {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: e.message().trim().to_string(),
                }
            })?;
            (toml_to_json(doc.as_item()), Some(doc))
        }
        Format::Json => {
            let value: Value = serde_json::from_str(text).map_err(|e| ConfigError::Syntax {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: e
                    .to_string()
                    .split(" at line")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            })?;
            (value, None)
        }
        Format::Yaml => {
            let value: Value = serde_norway::from_str(text).map_err(|e| {
                let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                ConfigError::Syntax {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: e
                        .to_string()
                        .split(" at line")
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                }
            })?;
            (value, None)
        }
    };
    Ok((value, toml))
}

/// Builds a [`Config`]; on failure, finds the key at fault by trying each
/// key alone.
fn from_map(map: &Map<String, Value>) -> Result<Config, (String, String)> {
    match serde_json::from_value::<Config>(Value::Object(map.clone())) {
        Ok(config) => Ok(config),
        Err(whole) => {
            for (key, value) in map {
                let single = Map::from_iter([(key.clone(), value.clone())]);
                if let Err(e) = serde_json::from_value::<Config>(Value::Object(single)) {
                    return Err((key.clone(), e.to_string()));
                }
            }
            Err((String::new(), whole.to_string()))
        }
    }
}

/// A TOML item as a JSON value (dates become strings).
pub fn toml_to_json(item: &toml_edit::Item) -> Value {
    use toml_edit::Item;
    match item {
        Item::None => Value::Null,
        Item::Value(v) => toml_value_to_json(v),
        Item::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), toml_to_json(v)))
                .collect(),
        ),
        Item::ArrayOfTables(a) => Value::Array(
            a.iter()
                .map(|t| {
                    Value::Object(
                        t.iter()
                            .map(|(k, v)| (k.to_string(), toml_to_json(v)))
                            .collect(),
                    )
                })
                .collect(),
        ),
    }
}

fn toml_value_to_json(value: &toml_edit::Value) -> Value {
    use toml_edit::Value as V;
    match value {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::from(*i.value()),
        V::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(a) => Value::Array(a.iter().map(toml_value_to_json).collect()),
        V::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), toml_value_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("pyproject.toml")
    }

    #[test]
    fn reads_commitizen_section() {
        let text = "[tool.commitizen]\nversion = \"1.2.3\"\ntag_format = \"v$version\"\n";
        let config = parse(text, p(), Format::Toml, Section::ToolCommitizen)
            .unwrap()
            .unwrap();
        assert_eq!(config.version.as_deref(), Some("1.2.3"));
        assert_eq!(config.tag_format, "v$version");
        assert_eq!(config.changelog_file, "CHANGELOG.md");
    }

    #[test]
    fn missing_section_is_none() {
        assert!(parse(
            "[project]\nname='x'\n",
            p(),
            Format::Toml,
            Section::ToolRelx
        )
        .unwrap()
        .is_none());
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = parse(
            "[tool.relx]\nversion = \n",
            p(),
            Format::Toml,
            Section::ToolRelx,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("pyproject.toml:2:"), "{text}");
    }

    #[test]
    fn wrong_type_names_the_key_and_line() {
        let err = parse(
            "[tool.relx]\n\nversion = 1.5\n",
            p(),
            Format::Toml,
            Section::ToolRelx,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("pyproject.toml:3: `version`: invalid type"),
            "{text}"
        );
    }

    #[test]
    fn bom_is_read_through() {
        let text = "\u{feff}[tool.commitizen]\nversion = \"0.1.0\"\n";
        let config = parse(text, p(), Format::Toml, Section::ToolCommitizen)
            .unwrap()
            .unwrap();
        assert_eq!(config.version.as_deref(), Some("0.1.0"));
    }

    #[test]
    fn json_and_yaml() {
        let json = r#"{"commitizen": {"version": "2.0.0", "major_version_zero": true}}"#;
        let c = parse(
            json,
            Path::new(".cz.json"),
            Format::Json,
            Section::CommitizenKey,
        )
        .unwrap()
        .unwrap();
        assert!(c.major_version_zero);
        let yaml = "commitizen:\n  version: 3.0.0\n  version_files:\n    - src/x.py\n";
        let c = parse(
            yaml,
            Path::new(".cz.yaml"),
            Format::Yaml,
            Section::CommitizenKey,
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.version_files, vec!["src/x.py"]);
    }
}

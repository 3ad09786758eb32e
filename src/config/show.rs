//! The effective configuration as `relx config show` prints it: every key,
//! its value, and whether it came from the file or is relx's default. Pure:
//! the shell hands in the parsed [`Config`] and the keys the file has.

use serde::Serialize;
use serde_json::Value;

use super::model::Config;

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// relx's (commitizen's) default.
    Default,
    /// The configuration file.
    File,
}

/// One key of the effective configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Its value (`null` when unset).
    pub value: Value,
    /// Where it came from.
    #[serde(rename = "from")]
    pub source: Source,
}

/// Every key of `config`, in the model's order; a key is from the file when
/// `file_keys` lists it.
pub fn entries(config: &Config, file_keys: &[String]) -> Vec<Entry> {
    let value = serde_json::to_value(config).expect("a Config serialises");
    let map = value.as_object().cloned().unwrap_or_default();
    map.into_iter()
        .map(|(key, value)| Entry {
            source: if file_keys.contains(&key) {
                Source::File
            } else {
                Source::Default
            },
            key,
            value,
        })
        .collect()
}

fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        toml_string(key)
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON value written as a TOML value (inline tables for objects; `null`
/// has no TOML form and is written as the word `unset`).
pub fn toml_value(value: &Value) -> String {
    match value {
        Value::Null => "unset".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => toml_string(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            if map.is_empty() {
                return "{}".to_string();
            }
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), toml_value(v)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
    }
}

/// The text of `relx config show`: valid TOML, each line commented with
/// where its value came from; unset keys are comment lines. `origin` names
/// the file and section (`None`: no configuration file, all defaults).
pub fn render(entries: &[Entry], origin: Option<&str>, unknown: &[String]) -> String {
    let mut out = String::new();
    match origin {
        Some(origin) => out.push_str(&format!("# configuration: {origin}\n")),
        None => out.push_str("# configuration: none found, relx's defaults\n"),
    }
    for entry in entries {
        let from = match entry.source {
            Source::File => origin.unwrap_or("file"),
            Source::Default => "default",
        };
        if entry.value.is_null() {
            out.push_str(&format!("# {} is unset  # {from}\n", toml_key(&entry.key)));
        } else {
            out.push_str(&format!(
                "{} = {}  # {from}\n",
                toml_key(&entry.key),
                toml_value(&entry.value)
            ));
        }
    }
    for key in unknown {
        out.push_str(&format!("# {key}: not a relx key, ignored\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_toml() {
        let v: Value = serde_json::json!({"a b": [1, "x\"y"], "c": {}, "d": true});
        assert_eq!(
            toml_value(&v),
            r#"{ "a b" = [1, "x\"y"], c = {}, d = true }"#
        );
    }

    #[test]
    fn sources_follow_the_file_keys() {
        let config = Config {
            tag_format: "v$version".to_string(),
            ..Config::default()
        };
        let entries = entries(&config, &["tag_format".to_string()]);
        let tag = entries.iter().find(|e| e.key == "tag_format").unwrap();
        assert_eq!(tag.source, Source::File);
        let name = entries.iter().find(|e| e.key == "name").unwrap();
        assert_eq!(name.source, Source::Default);
        let text = render(&entries, Some("pyproject.toml [tool.relx]"), &[]);
        assert!(
            text.contains("tag_format = \"v$version\"  # pyproject.toml [tool.relx]\n"),
            "{text}"
        );
        assert!(text.contains("# version is unset  # default\n"), "{text}");
    }
}

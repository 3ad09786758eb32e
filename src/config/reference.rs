//! The configuration's JSON Schema (derived from [`Config`] with schemars,
//! its doc comments become the descriptions) and the Markdown reference page
//! rendered from that schema, so `docs/reference/configuration.md` is never
//! written by hand. Pure: values in, text out.

use std::fmt::Write as _;

use serde_json::Value;

use super::model::Config;

/// Where the schema is published with the docs site.
pub const SCHEMA_URL: &str = "https://relx-dev.github.io/relx/reference/relx.schema.json";

/// The JSON Schema of `[tool.relx]` / `.relx.toml`.
pub fn schema() -> Value {
    let schema = schemars::schema_for!(Config);
    let mut value = serde_json::to_value(&schema).expect("a schema serialises");
    if let Some(map) = value.as_object_mut() {
        map.insert("$id".to_string(), Value::String(SCHEMA_URL.to_string()));
    }
    value
}

/// A schema's type in words: `string`, `string or unset`, `list of string`,
/// `table`, …
fn type_name(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!(
            "table ([`{}`](#{}))",
            name.to_lowercase(),
            name.to_lowercase()
        );
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let parts: Vec<String> = any
            .iter()
            .filter(|s| s.get("type").and_then(Value::as_str) != Some("null"))
            .map(type_name)
            .collect();
        let optional = any.len() > parts.len();
        return format!(
            "{}{}",
            parts.join(" or "),
            if optional { " (optional)" } else { "" }
        );
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return "any".to_string(),
    };
    let optional = types.contains(&"null");
    let names: Vec<String> = types
        .iter()
        .filter(|t| **t != "null")
        .map(|t| match *t {
            "array" => {
                let item = schema
                    .get("items")
                    .map(type_name)
                    .unwrap_or_else(|| "any".to_string());
                format!("list of {item}")
            }
            "object" => "table".to_string(),
            "integer" => "integer".to_string(),
            "boolean" => "boolean".to_string(),
            other => other.to_string(),
        })
        .collect();
    format!(
        "{}{}",
        names.join(" or "),
        if optional { " (optional)" } else { "" }
    )
}

/// A default value as it would be written in TOML (`—` when unset).
fn toml_default(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".to_string(),
        Some(v) => format!("`{}`", super::show::toml_value(v)),
    }
}

fn allowed(schema: &Value) -> Option<String> {
    let list = schema.get("enum").and_then(Value::as_array)?;
    let words: Vec<String> = list
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| format!("`{}`", v.as_str().map_or(v.to_string(), str::to_string)))
        .collect();
    Some(words.join(", "))
}

/// The heading text of a key (`customize.bump_map` inside a table) and its
/// anchor as MkDocs makes it (Python-Markdown's slugify drops the dot).
fn heading(prefix: Option<&str>, key: &str) -> (String, String) {
    match prefix {
        Some(table) => (format!("{table}.{key}"), format!("{table}{key}")),
        None => (key.to_string(), key.to_string()),
    }
}

fn table(out: &mut String, properties: &serde_json::Map<String, Value>, prefix: Option<&str>) {
    out.push_str("| key | type | default |\n| --- | --- | --- |\n");
    for (key, schema) in properties {
        let (text, anchor) = heading(prefix, key);
        writeln!(
            out,
            "| [`{text}`](#{anchor}) | {} | {} |",
            type_name(schema),
            toml_default(schema.get("default")).replace('|', "\\|")
        )
        .ok();
    }
}

fn sections(out: &mut String, properties: &serde_json::Map<String, Value>, prefix: Option<&str>) {
    for (key, schema) in properties {
        writeln!(out, "\n### `{}`\n", heading(prefix, key).0).ok();
        if let Some(text) = schema.get("description").and_then(Value::as_str) {
            writeln!(out, "{}\n", text.trim()).ok();
        }
        writeln!(out, "- type: {}", type_name(schema)).ok();
        writeln!(out, "- default: {}", toml_default(schema.get("default"))).ok();
        if let Some(values) = allowed(schema) {
            writeln!(out, "- values: {values}").ok();
        }
    }
}

/// The Markdown page `docs/reference/configuration.md`.
pub fn markdown(schema: &Value) -> String {
    let mut out = String::new();
    out.push_str(
        "# Configuration reference\n\n\
         <!-- Generated from relx's configuration model by `relx config schema --markdown`.\n     \
         Do not edit: a test fails when this page and the code disagree. -->\n\n\
         Every key relx reads, with its type and default. relx reads them from\n\
         `[tool.relx]` in `pyproject.toml` or from `.relx.toml`, and with the same\n\
         names from commitizen's configuration files ([where relx\n\
         looks](../configuration.md)). `relx config show` prints the values in\n\
         effect and where each one comes from.\n\n\
         Editors validate the configuration with the JSON Schema\n\
         [`relx.schema.json`](relx.schema.json) (`relx config schema` prints it).\n\n",
    );
    if let Some(text) = schema.get("description").and_then(Value::as_str) {
        writeln!(out, "{}\n", text.trim()).ok();
    }
    let empty = serde_json::Map::new();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    out.push_str("## Keys\n\n");
    table(&mut out, properties, None);
    sections(&mut out, properties, None);
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        for (name, def) in defs {
            let name = name.to_lowercase();
            writeln!(out, "\n## The `{name}` table\n").ok();
            if let Some(text) = def.get("description").and_then(Value::as_str) {
                writeln!(out, "{}\n", text.trim()).ok();
            }
            let props = def
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            table(&mut out, props, Some(&name));
            sections(&mut out, props, Some(&name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_config_key_is_in_the_schema() {
        let schema = schema();
        let properties = schema["properties"].as_object().unwrap();
        let config = serde_json::to_value(Config::default()).unwrap();
        for key in config.as_object().unwrap().keys() {
            assert!(
                properties.contains_key(key),
                "{key} missing from the schema"
            );
        }
        assert!(!properties.contains_key("unknown"));
    }

    #[test]
    fn defaults_are_the_models() {
        let schema = schema();
        assert_eq!(
            schema["properties"]["tag_format"]["default"],
            Value::String("$version".to_string())
        );
        assert_eq!(
            schema["properties"]["changelog_file"]["default"],
            Value::String("CHANGELOG.md".to_string())
        );
    }

    #[test]
    fn markdown_lists_every_key_with_its_description() {
        let schema = schema();
        let page = markdown(&schema);
        for (key, prop) in schema["properties"].as_object().unwrap() {
            assert!(page.contains(&format!("\n### `{key}`\n")), "{key}");
            if let Some(d) = prop.get("description").and_then(Value::as_str) {
                assert!(page.contains(d.trim()), "{key}: description missing");
            }
        }
    }
}

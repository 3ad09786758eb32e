//! `relx config show` (the effective configuration and where each value
//! came from) and `relx config schema` (its JSON Schema, or the Markdown
//! reference page made from it).

use std::path::Path;

use serde::Serialize;

use super::printer::Printer;
use crate::config::{self, show, Format, Origin, Section};
use crate::error::Error;
use crate::flags::{ConfigArgs, ConfigCommand, GlobalArgs};
use crate::settings::Workspace;

/// `--help` examples of `relx config`.
pub const EXAMPLES: &str = "\
Examples:
  relx config show
  relx config show --json
  relx config schema > relx.schema.json
  relx config schema --markdown > docs/reference/configuration.md";

fn stdout_error(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

/// `relx config`.
pub fn run(global: &GlobalArgs, args: &ConfigArgs, out: &mut Printer) -> Result<(), Error> {
    match &args.command {
        ConfigCommand::Schema { markdown } => {
            let schema = config::reference::schema();
            let text = if *markdown {
                config::reference::markdown(&schema)
            } else {
                let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
                text.push('\n');
                text
            };
            out.out().write_all(text.as_bytes()).map_err(stdout_error)
        }
        ConfigCommand::Show { json } => show(global, *json, out),
    }
}

#[derive(Serialize)]
struct ShowJson<'a> {
    file: Option<String>,
    section: Option<&'static str>,
    values: serde_json::Map<String, serde_json::Value>,
    unknown_keys: &'a [String],
}

fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Format::Json,
        Some("yaml") | Some("yml") => Format::Yaml,
        _ => Format::Toml,
    }
}

/// The keys the configuration file has in its section.
fn file_keys(origin: &Origin) -> Result<Vec<String>, Error> {
    let text = std::fs::read_to_string(&origin.path).map_err(|source| Error::Io {
        path: origin.path.clone(),
        source,
    })?;
    Ok(
        config::keys(&text, &origin.path, format_of(&origin.path), origin.section)?
            .unwrap_or_default(),
    )
}

fn show(global: &GlobalArgs, json: bool, out: &mut Printer) -> Result<(), Error> {
    let workspace = Workspace::open(global, true)?;
    let loaded = &workspace.loaded;
    let keys = match &loaded.origin {
        Some(origin) => file_keys(origin)?,
        None => Vec::new(),
    };
    let entries = show::entries(&loaded.config, &keys);
    let label = loaded.origin.as_ref().map(|o| {
        let shown = o.path.strip_prefix(&workspace.dir).unwrap_or(&o.path);
        format!("{} {}", shown.display(), o.section.describe())
    });
    tracing::debug!(file = ?label, keys = keys.len(), "configuration read");
    let text = if json {
        let values = entries
            .iter()
            .map(|e| {
                (
                    e.key.clone(),
                    serde_json::json!({"value": e.value, "from": e.source}),
                )
            })
            .collect();
        let report = ShowJson {
            file: loaded.origin.as_ref().map(|o| o.path.display().to_string()),
            section: loaded.origin.as_ref().map(|o| section_name(o.section)),
            values,
            unknown_keys: &loaded.unknown_keys,
        };
        let mut text = serde_json::to_string_pretty(&report).expect("a report serialises");
        text.push('\n');
        text
    } else {
        show::render(&entries, label.as_deref(), &loaded.unknown_keys)
    };
    out.out().write_all(text.as_bytes()).map_err(stdout_error)
}

fn section_name(section: Section) -> &'static str {
    match section {
        Section::ToolRelx => "tool.relx",
        Section::WholeFile => "",
        Section::ToolCommitizen => "tool.commitizen",
        Section::CommitizenKey => "commitizen",
    }
}

//! `relx config show` (the effective configuration and where each value
//! came from) and `relx config schema` (its JSON Schema, or the Markdown
//! reference page made from it): renders what `crate::commands::config`
//! gathers.

use serde::Serialize;

use super::printer::Printer;
use crate::commands;
use crate::config::{self, show};
use crate::error::Error;
use crate::flags::{ConfigArgs, ConfigCommand, GlobalArgs};

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
    file: &'a Option<String>,
    section: Option<&'static str>,
    values: serde_json::Map<String, serde_json::Value>,
    unknown_keys: &'a [String],
}

fn show(global: &GlobalArgs, json: bool, out: &mut Printer) -> Result<(), Error> {
    let found = commands::config::show(global)?;
    let text = if json {
        let values = found
            .entries
            .iter()
            .map(|e| {
                (
                    e.key.clone(),
                    serde_json::json!({"value": e.value, "from": e.source}),
                )
            })
            .collect();
        let report = ShowJson {
            file: &found.file,
            section: found.section,
            values,
            unknown_keys: &found.unknown_keys,
        };
        let mut text = serde_json::to_string_pretty(&report).expect("a report serialises");
        text.push('\n');
        text
    } else {
        show::render(&found.entries, found.label.as_deref(), &found.unknown_keys)
    };
    out.out().write_all(text.as_bytes()).map_err(stdout_error)
}

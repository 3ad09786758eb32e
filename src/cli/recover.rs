//! `relx recover`: what a relx that did not finish left (its journal and its
//! lock), and with `--exec` the undo of its effects: renders what
//! `crate::commands::recover` finds and does.

use serde::Serialize;

use super::printer::Printer;
use crate::commands::{self, recover::Leftovers};
use crate::error::Error;
use crate::flags::{GlobalArgs, RecoverArgs};
use crate::journal::{self, Outcome};

/// Examples for `relx recover --help`.
pub const EXAMPLES: &str = "Examples:
  relx recover          show what an unfinished relx command left
  relx recover --exec   undo it and remove its lock";

#[derive(Serialize)]
struct Report {
    journal: Option<String>,
    command: Option<String>,
    effects: Vec<serde_json::Value>,
    stale_lock: bool,
    undo: Option<Outcome>,
}

fn io(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

/// `relx recover [--exec]`.
pub fn run(global: &GlobalArgs, args: &RecoverArgs, out: &mut Printer) -> Result<(), Error> {
    let found = commands::recover::inspect(global)?;
    let mut report = Report {
        journal: found.journal.as_ref().map(|p| p.display().to_string()),
        command: found.loaded.as_ref().map(|l| l.header.command.clone()),
        effects: found
            .loaded
            .as_ref()
            .map(|l| {
                l.entries
                    .iter()
                    .map(|e| serde_json::json!({ "n": e.n, "done": e.done, "effect": e.effect }))
                    .collect()
            })
            .unwrap_or_default(),
        stale_lock: found.stale_lock,
        undo: None,
    };
    if !args.json {
        render_text(&found, out)?;
    }
    if args.exec && found.any() {
        let outcome = commands::recover::undo(&found)?;
        for line in &outcome.undone {
            out.info(&format!("undone: {line}")).ok();
        }
        for left in &outcome.left {
            out.alert(&format!("{}; {}", left.what, left.fix)).ok();
        }
        let left = outcome.left.len();
        report.undo = Some(outcome);
        if args.json {
            print_json(&report, out)?;
        }
        if left > 0 {
            return Err(Error::UndoIncomplete(left));
        }
        out.info("recovered: the unfinished command's effects are undone and its lock removed")
            .ok();
        return Ok(());
    }
    if args.json {
        print_json(&report, out)?;
    }
    if found.any() {
        out.info("Dry mode enabled, use with --exec to undo it")
            .ok();
    }
    Ok(())
}

fn render_text(found: &Leftovers, out: &mut Printer) -> Result<(), Error> {
    match &found.loaded {
        Some(l) => {
            writeln!(
                out.out(),
                "unfinished: `{}` (pid {}, started {})",
                l.header.command,
                l.header.pid,
                l.header.started
            )
            .map_err(io)?;
            writeln!(
                out.out(),
                "it did: {}",
                journal::describe_entries(&l.entries)
            )
            .map_err(io)?;
        }
        None if found.stale_lock => {
            writeln!(
                out.out(),
                "no unfinished journal; a stale lock: {}",
                found.lock_path.display()
            )
            .map_err(io)?;
        }
        None => writeln!(out.out(), "nothing to recover").map_err(io)?,
    }
    Ok(())
}

fn print_json(report: &Report, out: &mut Printer) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(report).expect("a report serialises");
    writeln!(out.out(), "{text}").map_err(io)
}

//! `relx recover`: what a relx that did not finish left (its journal and its
//! lock), and with `--exec` the undo of its effects.

use serde::Serialize;

use super::printer::Printer;
use crate::error::Error;
use crate::flags::{GlobalArgs, RecoverArgs};
use crate::git::Repo;
use crate::journal::{self, lock, Lock, Outcome};
use crate::settings;

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
    let dir = settings::run_dir(global)?;
    let repo = Repo::discover(&dir)?;
    let base = journal::dir_of(&repo);
    let lock_path = lock::path_in(&base);
    let holder = lock::holder(&lock_path);
    if let Some(Ok(h)) = &holder {
        if lock::alive(h.pid) {
            return Err(lock::refusal(&lock_path));
        }
    }
    let stale_lock = holder.is_some();
    let has_journal = journal::records_in(&base).exists();
    let loaded = if has_journal {
        Some(journal::load(&repo, &base)?)
    } else {
        None
    };
    let mut report = Report {
        journal: has_journal.then(|| journal::records_in(&base).display().to_string()),
        command: loaded.as_ref().map(|l| l.header.command.clone()),
        effects: loaded
            .as_ref()
            .map(|l| {
                l.entries
                    .iter()
                    .map(|e| serde_json::json!({ "n": e.n, "done": e.done, "effect": e.effect }))
                    .collect()
            })
            .unwrap_or_default(),
        stale_lock,
        undo: None,
    };
    if !args.json {
        match &loaded {
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
            None if stale_lock => {
                writeln!(
                    out.out(),
                    "no unfinished journal; a stale lock: {}",
                    lock_path.display()
                )
                .map_err(io)?;
            }
            None => writeln!(out.out(), "nothing to recover").map_err(io)?,
        }
    }
    if args.exec && (has_journal || stale_lock) {
        // Take the lock over from the dead process, so that no second
        // relx starts while the undo runs.
        if stale_lock {
            std::fs::remove_file(&lock_path).map_err(|source| Error::Io {
                path: lock_path.clone(),
                source,
            })?;
        }
        let held = Lock::acquire(&base, "relx recover --exec")?;
        let outcome = if has_journal {
            journal::recover(&repo, &base)?
        } else {
            Outcome::default()
        };
        held.release();
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
    if has_journal || stale_lock {
        out.info("Dry mode enabled, use with --exec to undo it")
            .ok();
    }
    Ok(())
}

fn print_json(report: &Report, out: &mut Printer) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(report).expect("a report serialises");
    writeln!(out.out(), "{text}").map_err(io)
}

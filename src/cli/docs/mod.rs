//! `relx docs`: versioned docs on a git branch, in mike's layout. The
//! commands layer plans each subcommand (`crate::commands::docs`); this
//! face prints the plan (`--dry-run`), the commit made, and `list`'s lines
//! or JSON.

use std::path::PathBuf;

pub use crate::flags::docs::*;

use super::printer::Printer;
use crate::commands::docs::{self as command, DocsEffect, Listing, Prepared};
use crate::docs::versions::{Entry, Versions};
use crate::error::Error;
use crate::flags::GlobalArgs;
use crate::settings::{Env, Mode};

/// Runs one `relx docs` subcommand.
pub fn run(global: &GlobalArgs, args: &DocsArgs, env: Env, out: &mut Printer) -> Result<(), Error> {
    if let DocsCommand::List(a) = &args.command {
        let listing = command::list(global, a, env, out)?;
        return render_list(&listing, a.json, out);
    }
    let Some(prepared) = command::prepare(global, &args.command, env, out)? else {
        return Ok(());
    };
    finish(&prepared, out)
}

fn stdout(e: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdout>"),
        source: e,
    }
}

/// Shows the plan (dry run) or has it carried out, then pushes.
fn finish(prepared: &Prepared, out: &mut Printer) -> Result<(), Error> {
    let plan = &prepared.plan;
    if let DocsEffect::Nothing { .. } = plan.effect {
        out.warn(&format!(
            "nothing changed on {}: no commit made (retry with --allow-empty to commit anyway)",
            plan.place
        ))
        .ok();
        command::apply(prepared, out)?;
        return Ok(());
    }
    if plan.mode == Mode::DryRun {
        let w = out.out();
        writeln!(w, "would commit to {}: {}", plan.branch, plan.message).map_err(stdout)?;
        for change in &plan.changes {
            writeln!(w, "  {} {}", change.status, change.path).map_err(stdout)?;
        }
        return Ok(());
    }
    let applied = command::apply(prepared, out)?;
    writeln!(
        out.out(),
        "[{} {}] {}",
        plan.branch,
        applied.commit.as_deref().unwrap_or_default(),
        plan.message
    )
    .map_err(stdout)?;
    if plan.push {
        command::push(prepared)?;
        out.info(&format!("pushed {} to {}", plan.branch, plan.remote))
            .ok();
    }
    Ok(())
}

/// mike's `list` line: `"title" (version) [aliases]`, or `version [aliases]`.
fn list_line(entry: &Entry) -> String {
    let mut aliases = entry.aliases.clone();
    aliases.sort();
    let aliases = if aliases.is_empty() {
        String::new()
    } else {
        format!(" [{}]", aliases.join(", "))
    };
    if entry.title != entry.version {
        format!("\"{}\" ({}){aliases}", entry.title, entry.version)
    } else {
        format!("{}{aliases}", entry.version)
    }
}

/// `relx docs list`: mike's lines, or its JSON.
fn render_list(listing: &Listing, json: bool, out: &mut Printer) -> Result<(), Error> {
    let w = out.out();
    match &listing.only {
        Some(entry) if json => writeln!(w, "{}", Versions::entry_dumps(entry)).map_err(stdout),
        Some(entry) => writeln!(w, "{}", list_line(entry)).map_err(stdout),
        None if json => writeln!(w, "{}", listing.versions.dumps()).map_err(stdout),
        None => {
            for entry in listing.versions.sorted() {
                writeln!(w, "{}", list_line(entry)).map_err(stdout)?;
            }
            Ok(())
        }
    }
}

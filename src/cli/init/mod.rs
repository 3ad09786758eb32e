//! `relx init`: renders the plan of `crate::commands::init` (what relx
//! reads from a commitizen configuration, or the section it would write),
//! asks on the terminal unless `--yes`, then has the command write it.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use super::printer::Printer;
use crate::commands::init::{self, CommitizenReport};
use crate::error::Error;
use crate::flags::{GlobalArgs, InitArgs};

/// `--help` examples of `relx init`.
pub const EXAMPLES: &str = "\
Examples:
  relx init            # show what it would write, then ask
  relx init --yes      # write without asking (CI, scripts)
  relx init --yes --hook
  relx -C path/to/project init --yes";

fn stdout_error(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

/// Says what relx reads from a commitizen configuration.
fn render_commitizen(report: &CommitizenReport, out: &mut Printer) -> Result<(), Error> {
    let w = out.out();
    writeln!(
        w,
        "relx reads the commitizen configuration in {} as it is; nothing to write.",
        report.label
    )
    .map_err(stdout_error)?;
    for (key, value) in &report.values {
        writeln!(w, "  {key} = {value}").map_err(stdout_error)?;
    }
    for key in &report.unknown_keys {
        writeln!(w, "  {key}: not used by relx").map_err(stdout_error)?;
    }
    Ok(())
}

/// Asks on the terminal; `Ok(false)` when the answer is not yes.
fn confirm(path: &Path, out: &mut Printer) -> Result<bool, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::NotConfirmed {
            path: path.to_path_buf(),
            reason: "stdin is not a terminal, so relx cannot ask".to_string(),
        });
    }
    out.ask(&format!("Write this to {}? [y/N] ", path.display()))
        .ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|source| Error::Io {
            path: "<stdin>".into(),
            source,
        })?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// `relx init`.
pub fn run(global: &GlobalArgs, args: &InitArgs, out: &mut Printer) -> Result<(), Error> {
    let mut plan = init::prepare(global, args, out)?;
    if let Some(report) = &plan.commitizen {
        render_commitizen(report, out)?;
    }
    if !plan.problems.is_empty() {
        return Err(plan.problems.remove(0));
    }
    if plan.writes.is_empty() {
        return Ok(());
    }
    if let Some(config) = plan.writes.iter().find(|w| !w.executable) {
        let edit = &config.edit;
        let shown = if config.exists {
            &edit.after[edit.before.len()..]
        } else {
            &edit.after[..]
        };
        let start = shown
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(shown.len());
        out.out().write_all(&shown[start..]).map_err(stdout_error)?;
        out.out().flush().map_err(stdout_error)?;
    }
    if !args.yes && !confirm(&plan.writes[0].shown, out)? {
        out.info("nothing written").ok();
        return Ok(());
    }
    init::apply(&plan)?;
    for write in &plan.writes {
        out.info(&format!("wrote {}", write.shown.display())).ok();
    }
    Ok(())
}

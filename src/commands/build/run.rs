//! The build's effects: the snapshot version written into the version
//! files for the backend's run and put back afterwards, the backend run
//! with its output passed through, and the check of every file it made.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use super::{check, shown, BuildPlan};
use crate::build::backend::{self, Frontend, Invocation};
use crate::build::check::Report;
use crate::build::snapshot;
use crate::error::Error;
use crate::files::targets::FileEdit;
use crate::journal::{signal, Journal};
use crate::talk::Talk;

/// The talk of a build: the lines relx says, and the backend's own output
/// passed through as it comes.
pub trait Console: Talk {
    /// One line of the backend's output.
    fn passthrough(&mut self, line: &str);
    /// True when nothing is streamed (`--quiet`): a failure then carries
    /// the backend's last lines.
    fn quiet(&self) -> bool;
}

/// Runs the backend, with the snapshot version in the version files when
/// the plan has their edits (put back before this returns).
pub(super) fn build(
    plan: &BuildPlan,
    journal: Option<&mut Journal>,
    out: &mut impl Console,
) -> Result<(), Error> {
    let (dir, expected) = (&plan.dir, &plan.version);
    let mut invocation = plan.invocation.clone();
    let edits: Option<&[FileEdit]> = plan.snapshot.as_deref();
    if let (Some(edits), Some(journal)) = (edits, journal) {
        for edit in edits {
            journal.write_file(&edit.path, &edit.after)?;
            out.info(&format!(
                "{}: {expected} for the build (restored afterwards)",
                shown(&edit.path, dir)
            ));
        }
        let outcome = run_backend(&mut invocation, dir, out);
        for edit in edits.iter().rev() {
            // Put back only what still holds the snapshot version: an edit
            // made during the build stays.
            if std::fs::read(&edit.path).ok().as_deref() == Some(edit.after.as_slice()) {
                journal.write_file(&edit.path, &edit.before)?;
            } else {
                out.alert(&format!(
                    "{}: changed during the build; left as it is (it had the snapshot version {expected})",
                    shown(&edit.path, dir)
                ));
            }
        }
        return finish_backend(&invocation, outcome?, out);
    }
    let applied = match edits {
        Some(edits) => {
            let applied = snapshot::Applied::write(edits)?;
            for path in applied.paths() {
                out.info(&format!(
                    "{}: {expected} for the build (restored afterwards)",
                    shown(path, dir)
                ));
            }
            Some(applied)
        }
        None => None,
    };
    let outcome = run_backend(&mut invocation, dir, out);
    if let Some(applied) = applied {
        applied.restore()?;
    }
    finish_backend(&invocation, outcome?, out)
}

fn run_backend(
    invocation: &mut Invocation,
    dir: &Path,
    out: &mut impl Console,
) -> Result<backend::Outcome, Error> {
    out.info(&format!("building with `{}`", invocation.display));
    backend::run(invocation, dir, signal::flag(), |line| {
        out.passthrough(line);
    })
}

/// The backend's end as relx's result: a signal, a failure, or success.
fn finish_backend(
    invocation: &Invocation,
    outcome: backend::Outcome,
    out: &impl Console,
) -> Result<(), Error> {
    if let Some(signal) = signal::received() {
        return Err(Error::Interrupted {
            signal,
            what: "the build was stopped; dist/ and the version files are as they were".to_string(),
        });
    }
    if outcome.status.success() {
        return Ok(());
    }
    Err(Error::BuildFailed {
        command: invocation.display.clone(),
        status: backend::describe(&outcome.status),
        last_line: outcome
            .tail
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string()),
        // Under --quiet nothing was streamed: the end comes with the error.
        tail: out
            .quiet()
            .then(|| format!("the backend's last lines:\n  {}", outcome.tail.join("\n  "))),
    })
}

/// Checks the files made (`made`, in `source`): each must carry the plan's
/// version and pass the check. Paths in the report are shown under the
/// dist directory as given.
pub(super) fn verify(
    plan: &BuildPlan,
    source: &Path,
    made: &[String],
    talk: &mut dyn Talk,
) -> Result<Report, Error> {
    talk.info(&format!("checking {}", made.join(", ")));
    let python = rst_python(&plan.frontend, plan.path.as_deref());
    let renderer = crate::build::check::Python::new(&python);
    let mut report = Report::default();
    for name in made {
        let mut file = crate::build::check::check_file(&source.join(name), &renderer);
        file.path = plan.dist_shown.join(name);
        if let Some(built) = file.version.as_deref() {
            if !check::same_version(built, &plan.version) {
                return Err(Error::BuiltVersionMismatch {
                    file: file.path.clone(),
                    built: built.to_string(),
                    expected: plan.version.to_string(),
                });
            }
        }
        report.files.push(file);
    }
    for file in &report.files {
        for warning in &file.warnings {
            talk.warn(&format!("{}: {warning}", file.path.display()));
        }
    }
    match crate::build::failure(&report) {
        Some(err) => Err(err),
        None => Ok(report),
    }
}

/// The interpreter that renders reStructuredText: the one that built, else
/// python3 on PATH.
fn rst_python(frontend: &Frontend, path: Option<&OsStr>) -> OsString {
    match frontend {
        Frontend::PythonBuild(python) => python.clone().into(),
        _ => backend::python3(path),
    }
}

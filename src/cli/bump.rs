//! `relx bump`: prints the bump plan (text or `--json`), has `--exec`
//! carry it out, and reports what was done or undone.

use std::io::Write;

use serde::Serialize;

use super::printer::Printer;
use crate::apply::{Done, Exec};
use crate::commands::{self, bump::BumpPlan, bump::Prepared};
use crate::error::Error;
use crate::files::targets::FileEdit;
use crate::flags::{BumpArgs, GlobalArgs};
use crate::journal::Outcome;
use crate::settings::{Env, Output};

/// `--json` output: the plan, the files, the checks and what was done.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    bump: &'a BumpPlan,
    problems: Vec<String>,
    done: Option<&'a Done>,
    /// The first problem, the one the exit code is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<serde_json::Value>,
}

fn io(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

/// What the undo of a failed bump did, on stderr: one line per effect left
/// as it is, with the command that fixes it.
fn report_undo(undo: &Outcome, out: &mut Printer) {
    for line in &undo.undone {
        out.info(&format!("undone: {line}")).ok();
    }
    for left in &undo.left {
        out.alert(&format!("{}; {}", left.what, left.fix)).ok();
    }
    if undo.complete() {
        out.info("relx undid what it had done; nothing else was touched")
            .ok();
    } else {
        out.alert(&format!(
            "{} of relx's changes could not be undone (listed above); the rest is undone",
            undo.left.len()
        ))
        .ok();
    }
}

/// `relx bump`.
pub fn run(global: &GlobalArgs, args: &BumpArgs, env: Env, out: &mut Printer) -> Result<(), Error> {
    let prepared = commands::bump::prepare(global, args, env, out);
    let Prepared {
        settings,
        lock,
        bump,
    } = match prepared {
        Ok(prepared) => prepared,
        Err(e) => {
            if args.version.json {
                let text = serde_json::to_string_pretty(&super::json_error(&e))
                    .expect("an error serialises");
                writeln!(out.out(), "{text}").map_err(io)?;
            }
            return Err(e);
        }
    };
    let output = settings.version.output;
    if output != Output::Json {
        super::version::print_plan(&bump.plan, output, out)?;
        if output == Output::Text {
            render_edits(&bump.files, &settings.version.workspace.dir, out.out()).map_err(io)?;
            render_steps(&bump.exec, &bump.plan.next_tag, out.out()).map_err(io)?;
            if let Some(section) = &bump.plan.changelog {
                writeln!(out.out(), "\nchangelog:").map_err(io)?;
                for line in section.trim_end().lines() {
                    writeln!(out.out(), "  {line}").map_err(io)?;
                }
            }
        }
        out.flush().map_err(io)?;
    }
    let mut done = None;
    if settings.mode.is_exec() && bump.problems.is_empty() {
        let Some(lock) = lock else {
            return Err(Error::NotARepository(
                settings.version.workspace.dir.clone(),
            ));
        };
        let mut say = |line: &str| {
            out.info(line).ok();
        };
        match commands::bump::apply(&bump, &settings, lock, &mut say) {
            Ok(made) => done = Some(made),
            Err(failure) => {
                report_undo(&failure.undo, out);
                if output == Output::Json {
                    let mut value = super::json_error(&failure.error);
                    value["plan"] = serde_json::to_value(&bump.plan).expect("a plan serialises");
                    value["undo"] =
                        serde_json::to_value(&failure.undo).expect("an outcome serialises");
                    let text = serde_json::to_string_pretty(&value).expect("a value serialises");
                    writeln!(out.out(), "{text}").map_err(io)?;
                }
                return Err(*failure.error);
            }
        }
    }
    if output == Output::Json {
        write_report(&bump, done.as_ref(), out)?;
    }
    let mut problems = bump.problems;
    if !problems.is_empty() {
        let first = problems.remove(0);
        for problem in &problems {
            out.error(&problem.to_string(), problem.hint().as_deref())
                .ok();
        }
        return Err(first);
    }
    match &done {
        None => {
            out.info("Dry mode enabled, use with --exec to run changes")
                .ok();
        }
        Some(done) => {
            let text = match &done.tag {
                Some(_) => format!(
                    "Done: {}{}",
                    made(done),
                    if done.pushed { ", pushed" } else { "" }
                ),
                None => "Done: version files written (no commit, no tag)".to_string(),
            };
            out.info(&text).ok();
        }
    }
    Ok(())
}

/// `--json`: the plan, the files, the checks and what was done, as one
/// object; when the effects are made but stdout fails, says so on stderr.
fn write_report(bump: &BumpPlan, done: Option<&Done>, out: &mut Printer) -> Result<(), Error> {
    let report = Report {
        bump,
        problems: bump.problems.iter().map(ToString::to_string).collect(),
        done,
        error: bump
            .problems
            .first()
            .map(|e| super::json_error(e)["error"].clone()),
    };
    let text = serde_json::to_string_pretty(&report).expect("a report serialises");
    let written = writeln!(out.out(), "{text}").and_then(|()| out.flush());
    if let (Err(e), Some(done)) = (&written, done) {
        // The effects are made: say so where it can still be read.
        out.error(
            &format!(
                "the bump was made ({}), but its report could not be written to stdout: {e}",
                made(done)
            ),
            None,
        )
        .ok();
    }
    written.map_err(io)
}

/// The commit and tag made, for messages.
fn made(done: &Done) -> String {
    let commit = done
        .commit
        .as_deref()
        .map(|c| &c[..c.len().min(7)])
        .unwrap_or("-");
    match &done.tag {
        Some(tag) => format!("commit {commit}, tag {tag}"),
        None => "version files written".to_string(),
    }
}

/// The files the bump changes, with each changed line before and after.
fn render_edits(
    edits: &[FileEdit],
    base: &std::path::Path,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if edits.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "files to update:")?;
    for edit in edits {
        let shown = edit.path.strip_prefix(base).unwrap_or(&edit.path);
        writeln!(out, "  {} ({})", shown.display(), edit.places.join(", "))?;
        if edit.places.iter().any(|p| p == "changelog") {
            continue;
        }
        for (line, before, after) in edit.changed_lines() {
            writeln!(out, "    {line:>4} - {}", before.trim())?;
            writeln!(out, "    {line:>4} + {}", after.trim())?;
        }
    }
    Ok(())
}

/// The steps around the files that are not the default: hooks, an
/// annotated or signed tag, the push. Nothing is printed for a plain bump.
fn render_steps(exec: &Exec, tag: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut lines = Vec::new();
    for hook in &exec.pre_bump_hooks {
        lines.push(format!("hook before the files: {hook}"));
    }
    if !exec.version_files_only {
        if let Some(kind) = exec.tag_kind.with_message() {
            lines.push(format!("{kind} tag {tag}: {}", exec.tag_message));
        }
    }
    for hook in &exec.post_bump_hooks {
        lines.push(format!("hook after the tag: {hook}"));
    }
    if let Some(branch) = &exec.push {
        lines.push(format!("push: {branch} and {tag} to the branch's upstream"));
    }
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nsteps:")?;
    for line in lines {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

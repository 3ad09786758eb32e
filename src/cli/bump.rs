//! `relx bump`: the version plan plus the file edits; `--exec` carries it out.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::args::{BumpArgs, GlobalArgs};
use super::printer::Printer;
use super::settings::Workspace;
use super::version;
use crate::apply::{self, Done, Exec};
use crate::error::Error;
use crate::files::targets::{self as bump_plan, FileEdit};
use crate::git::write::TagKind;
use crate::git::Head;
use crate::plan::Plan;
use crate::project;

/// `--json` output: the plan, the files, the checks and what was done.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
    files: &'a [FileEdit],
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

/// The edits that put `plan.next_version` where the project's version is
/// written (the provider's file and `version_files`); `relx build
/// --snapshot` makes the same edits for the length of a build.
pub fn file_edits(workspace: &Workspace, plan: &Plan) -> Result<Vec<FileEdit>, Error> {
    let provider = project::provider(&workspace.loaded)?;
    let targets = project::version_targets(&workspace.loaded, provider)?;
    let mut files = BTreeMap::new();
    for target in &targets {
        if let Ok(bytes) = std::fs::read(target.path()) {
            files.insert(target.path().clone(), bytes);
        }
    }
    bump_plan::edits(
        &targets,
        &files,
        &plan.current_version.to_string(),
        &plan.next_version.to_string(),
    )
}

/// `relx bump`.
pub fn run(global: &GlobalArgs, args: &BumpArgs, out: &mut Printer) -> Result<(), Error> {
    let gathered = match version::gather(global, &args.version, out) {
        Ok(g) => g,
        Err(e) => {
            if args.version.json {
                let text = serde_json::to_string_pretty(&super::json_error(&e))
                    .expect("an error serialises");
                writeln!(out.out(), "{text}").map_err(io)?;
            }
            return Err(e);
        }
    };
    let workspace = &gathered.workspace;
    let plan = &gathered.plan;
    let config = workspace.config();
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;

    let mut problems: Vec<Error> = Vec::new();
    let mut section: Option<String> = None;
    // An unknown provider stops here; file problems are listed with the rest.
    project::provider(&workspace.loaded)?;
    let edits = file_edits(workspace, plan).unwrap_or_else(|e| {
        problems.push(e);
        Vec::new()
    });
    let mut edits = edits;
    let mut changelog_file = None;
    if args.changelog || config.update_changelog_on_bump {
        let today = super::changelog::today();
        match super::changelog::release_update(
            workspace,
            repo,
            &plan.next_tag,
            plan.next_version.is_prerelease(),
            &today,
            if args.version.allow_no_commit {
                super::changelog::EmptyRange::Allow
            } else {
                super::changelog::EmptyRange::Refuse
            },
            out,
        ) {
            Ok(update) => {
                changelog_file = Some(crate::git::write::relative(&repo.workdir(), &update.path));
                section = Some(update.generated.clone());
                if update.before.as_deref() != Some(update.after.as_str()) {
                    edits.push(FileEdit {
                        path: update.path.clone(),
                        places: vec!["changelog".to_string()],
                        before: update.before.unwrap_or_default().into_bytes(),
                        after: update.after.into_bytes(),
                    });
                }
            }
            Err(e) => problems.push(e),
        }
    }
    if let Some(operation) = repo.operation_in_progress() {
        problems.push(Error::OperationInProgress(operation.to_string()));
    }
    if let Head::Detached(sha) = repo.head()? {
        problems.push(Error::git(
            format!(
                "HEAD is detached at {}: a bump commit must go on a branch",
                &sha[..sha.len().min(7)]
            ),
            "check out the branch first (git switch <branch>)",
        ));
    }
    if !args.allow_dirty {
        let dirty = repo.tracked_changes()?;
        if !dirty.is_empty() {
            problems.push(Error::DirtyTree(
                dirty.iter().map(|p| p.display().to_string()).collect(),
            ));
        }
    }
    if !args.version_files_only && repo.tag_exists(&plan.next_tag) {
        problems.push(Error::TagExists(plan.next_tag.clone()));
    }

    let mut plan = plan.clone();
    plan.changelog = section;
    let plan = &plan;
    if !args.version.json {
        version::print_plan(plan, &args.version, out)?;
        if !args.version.short {
            render_edits(&edits, &workspace.dir, out.out()).map_err(io)?;
            if let Some(section) = &plan.changelog {
                writeln!(out.out(), "\nchangelog:").map_err(io)?;
                for line in section.trim_end().lines() {
                    writeln!(out.out(), "  {line}").map_err(io)?;
                }
            }
        }
        out.flush().map_err(io)?;
    }
    let mut done = None;
    if args.exec && problems.is_empty() {
        let tag_kind = if args.gpg_sign || config.gpg_sign {
            TagKind::Signed
        } else if args.annotated_tag || args.annotated_tag_message.is_some() || config.annotated_tag
        {
            TagKind::Annotated
        } else {
            TagKind::Lightweight
        };
        let exec = Exec {
            pre_bump_hooks: config.pre_bump_hooks.clone(),
            post_bump_hooks: config.post_bump_hooks.clone(),
            tag_kind,
            tag_message: args
                .annotated_tag_message
                .clone()
                .or_else(|| config.annotated_tag_message.clone())
                .unwrap_or_else(|| plan.next_tag.clone()),
            no_verify: args.no_verify,
            version_files_only: args.version_files_only,
            changelog_file: changelog_file.as_ref().map(|p| p.display().to_string()),
        };
        let mut result = apply::bump(plan, &edits, &exec, repo, out)?;
        if args.push && !args.version_files_only {
            let branch = plan.branch.clone().unwrap_or_default();
            let pushed = repo.push(&branch, &plan.next_tag)?;
            if !pushed.ok {
                return Err(Error::PushFailed(
                    pushed.output.lines().last().unwrap_or_default().to_string(),
                ));
            }
            result.pushed = true;
        }
        done = Some(result);
    }

    if args.version.json {
        let report = Report {
            plan,
            files: &edits,
            problems: problems.iter().map(ToString::to_string).collect(),
            done: done.as_ref(),
            error: problems
                .first()
                .map(|e| super::json_error(e)["error"].clone()),
        };
        let text = serde_json::to_string_pretty(&report).expect("a report serialises");
        writeln!(out.out(), "{text}").map_err(io)?;
    }
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
            let commit = done
                .commit
                .as_deref()
                .map(|c| &c[..c.len().min(7)])
                .unwrap_or("-");
            match &done.tag {
                Some(tag) => out.info(&format!(
                    "Done: commit {commit}, tag {tag}{}",
                    if done.pushed { ", pushed" } else { "" }
                )),
                None => out.info("Done: version files written (no commit, no tag)"),
            }
            .ok();
        }
    }
    Ok(())
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

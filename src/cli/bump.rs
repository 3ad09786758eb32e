//! `relx bump`: the version plan plus the file edits; `--exec` carries it out.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::printer::Printer;
use super::version;
use crate::apply::{self, Done, Exec, Staged};
use crate::error::Error;
use crate::files::targets::{self as bump_plan, FileEdit};
use crate::files::write::resolve_inside;
use crate::flags::{BumpArgs, GlobalArgs};
use crate::git::journaled::check_tag_name;
use crate::git::write::TagKind;
use crate::git::{Head, Repo};
use crate::journal::Outcome;
use crate::plan::Plan;
use crate::project;
use crate::settings::{self, Workspace};

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
        let path = target.path();
        // Never read a FIFO or device: it may block, and relx will not
        // write it anyway.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(Error::UnsafePath {
                path: path
                    .strip_prefix(&workspace.dir)
                    .unwrap_or(path)
                    .to_path_buf(),
                reason: "is not a regular file (a directory, FIFO or device): relx writes only regular files"
                    .to_string(),
            });
        }
        match crate::files::limit::read(path) {
            Ok(bytes) => {
                files.insert(path.clone(), bytes);
            }
            Err(e @ Error::FileTooLarge { .. }) => return Err(e),
            // A missing file is reported by the edits, naming its entry.
            Err(_) => {}
        }
    }
    bump_plan::edits(
        &targets,
        &files,
        &plan.current_version.to_string(),
        &plan.next_version.to_string(),
    )
}

/// Where each edit is written and what the commit gets: symlinks resolved
/// (a path outside the work tree, or not a regular file, is refused), and
/// with `--allow-dirty` a file with local changes is committed as HEAD's
/// content with only the version replaced.
fn stage(
    workspace: &Workspace,
    plan: &Plan,
    edits: &[FileEdit],
    repo: &Repo,
    allow_dirty: bool,
) -> Result<Vec<Staged>, Error> {
    let workdir = repo.workdir();
    let root = std::fs::canonicalize(&workdir).unwrap_or_else(|_| workdir.clone());
    let dirty: Vec<std::path::PathBuf> = if allow_dirty {
        repo.tracked_changes()?
    } else {
        Vec::new()
    };
    let mut staged = Vec::new();
    for edit in edits {
        let shown = edit.path.strip_prefix(&workspace.dir).unwrap_or(&edit.path);
        let path = resolve_inside(&workdir, &edit.path).map_err(|reason| Error::UnsafePath {
            path: shown.to_path_buf(),
            reason,
        })?;
        let inside = path.strip_prefix(&root).unwrap_or(&path);
        let relative = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let is_changelog = edit.places.iter().any(|p| p == "changelog");
        let commit = if !is_changelog && dirty.iter().any(|d| d == inside) {
            head_edit(workspace, plan, edit, repo, &relative)?
        } else {
            None
        };
        staged.push(Staged {
            path,
            relative,
            after: edit.after.clone(),
            commit,
        });
    }
    Ok(staged)
}

/// HEAD's content of a version file with the version replaced, as the
/// commit of a bump with local changes gets it.
fn head_edit(
    workspace: &Workspace,
    plan: &Plan,
    edit: &FileEdit,
    repo: &Repo,
    relative: &str,
) -> Result<Option<Vec<u8>>, Error> {
    let Some((bytes, _)) = repo.head_blob(relative) else {
        return Ok(None);
    };
    let provider = project::provider(&workspace.loaded)?;
    let targets: Vec<_> = project::version_targets(&workspace.loaded, provider)?
        .into_iter()
        .filter(|t| t.path() == &edit.path)
        .collect();
    let files = BTreeMap::from([(edit.path.clone(), bytes)]);
    let edits = bump_plan::edits(
        &targets,
        &files,
        &plan.current_version.to_string(),
        &plan.next_version.to_string(),
    )
    .map_err(|e| Error::VersionFile {
        path: edit.path.clone(),
        reason: format!("its committed content (HEAD) cannot take the version: {e}"),
    })?;
    Ok(edits.into_iter().next().map(|e| e.after))
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
pub fn run(global: &GlobalArgs, args: &BumpArgs, out: &mut Printer) -> Result<(), Error> {
    // One writer at a time, from the first read to the end.
    let lock = if args.exec {
        settings::take_lock(global, "relx bump --exec")?
    } else {
        None
    };
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
    if let Err(reason) = check_tag_name(&plan.next_tag) {
        problems.push(Error::InvalidName {
            what: "tag".to_string(),
            name: plan.next_tag.clone(),
            reason,
        });
    }
    let staged = stage(workspace, plan, &edits, repo, args.allow_dirty).unwrap_or_else(|e| {
        problems.push(e);
        Vec::new()
    });

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
        let Some(lock) = lock else {
            return Err(Error::NotARepository(workspace.dir.clone()));
        };
        let mut say = |line: &str| {
            out.info(line).ok();
        };
        let mut result = match apply::bump(plan, &staged, &exec, repo, lock, &mut say) {
            Ok(done) => done,
            Err(failure) => {
                report_undo(&failure.undo, out);
                if args.version.json {
                    let mut value = super::json_error(&failure.error);
                    value["plan"] = serde_json::to_value(plan).expect("a plan serialises");
                    value["undo"] =
                        serde_json::to_value(&failure.undo).expect("an outcome serialises");
                    let text = serde_json::to_string_pretty(&value).expect("a value serialises");
                    writeln!(out.out(), "{text}").map_err(io)?;
                }
                return Err(*failure.error);
            }
        };
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
        let written = writeln!(out.out(), "{text}").and_then(|()| out.flush());
        if let (Err(e), Some(done)) = (&written, &done) {
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
        written.map_err(io)?;
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

//! Carries out a bump plan as one transaction: pre-bump hooks → files →
//! commit → tag → post-bump hooks. The repository is snapshotted first and
//! put back exactly on the first failure (SPEC §6).

use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::cli::Printer;
use crate::error::Error;
use crate::files::targets::FileEdit;
use crate::files::write::atomic_write;
use crate::git::write::{relative, TagKind};
use crate::git::Repo;
use crate::plan::Plan;

/// How to carry the plan out.
#[derive(Debug, Clone)]
pub struct Exec {
    /// Commands run before the files are written.
    pub pre_bump_hooks: Vec<String>,
    /// Commands run after the tag.
    pub post_bump_hooks: Vec<String>,
    /// Lightweight, annotated or signed.
    pub tag_kind: TagKind,
    /// The annotated tag's message.
    pub tag_message: String,
    /// Skip the repository's commit hooks.
    pub no_verify: bool,
    /// Stop after writing the files.
    pub version_files_only: bool,
    /// The changelog file the bump writes, for the hooks' environment.
    pub changelog_file: Option<String>,
}

/// What `--exec` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Done {
    /// Files written, relative to the work tree.
    pub files: Vec<PathBuf>,
    /// The bump commit.
    pub commit: Option<String>,
    /// The tag created.
    pub tag: Option<String>,
    /// Whether the commit and tag were pushed.
    pub pushed: bool,
}

/// commitizen's hook variables (`CZ_PRE_*` / `CZ_POST_*`), also as `RELX_*`.
fn hook_env(plan: &Plan, exec: &Exec, post: bool) -> Vec<(String, String)> {
    let py_bool = |b: bool| if b { "True" } else { "False" }.to_string();
    let increment = plan.increment.map(|i| i.to_string()).unwrap_or_default();
    let changelog = exec.changelog_file.clone().unwrap_or_default();
    let values: Vec<(&str, String)> = if post {
        vec![
            ("WAS_INITIAL", py_bool(plan.is_initial)),
            ("PREVIOUS_VERSION", plan.current_version.to_string()),
            ("PREVIOUS_TAG_VERSION", plan.current_tag_version.clone()),
            ("CURRENT_VERSION", plan.next_version.public()),
            ("CURRENT_TAG_VERSION", plan.next_tag.clone()),
            ("MESSAGE", plan.commit_message.clone()),
            ("INCREMENT", increment),
            ("CHANGELOG_FILE_NAME", changelog),
        ]
    } else {
        vec![
            ("IS_INITIAL", py_bool(plan.is_initial)),
            ("CURRENT_VERSION", plan.current_version.to_string()),
            ("CURRENT_TAG_VERSION", plan.current_tag_version.clone()),
            ("NEW_VERSION", plan.next_version.public()),
            ("NEW_TAG_VERSION", plan.next_tag.clone()),
            ("MESSAGE", plan.commit_message.clone()),
            ("INCREMENT", increment),
            ("CHANGELOG_FILE_NAME", changelog),
        ]
    };
    let stage = if post { "POST" } else { "PRE" };
    values
        .into_iter()
        .flat_map(|(name, value)| {
            [
                (format!("CZ_{stage}_{name}"), value.clone()),
                (format!("RELX_{stage}_{name}"), value),
            ]
        })
        .collect()
}

/// Runs hooks through the shell, as commitizen does. Their output goes to
/// stderr: stdout holds relx's result.
fn run_hooks(
    repo: &Repo,
    hooks: &[String],
    env: &[(String, String)],
    out: &mut Printer,
) -> Result<(), Error> {
    for hook in hooks {
        out.info(&format!("Running hook '{hook}'")).ok();
        let mut cmd = if cfg!(windows) {
            let mut c = Command::new("cmd");
            c.arg("/C").arg(hook);
            c
        } else {
            let mut c = Command::new("sh");
            c.arg("-c").arg(hook);
            c
        };
        cmd.current_dir(repo.workdir())
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::from(std::io::stderr()));
        let status = cmd.status().map_err(|_| Error::HookFailed {
            hook: hook.clone(),
            code: -1,
        })?;
        if !status.success() {
            return Err(Error::HookFailed {
                hook: hook.clone(),
                code: status.code().unwrap_or(-1),
            });
        }
    }
    Ok(())
}

fn steps(
    plan: &Plan,
    edits: &[FileEdit],
    exec: &Exec,
    repo: &Repo,
    out: &mut Printer,
    done: &mut Done,
) -> Result<(), Error> {
    run_hooks(
        repo,
        &exec.pre_bump_hooks,
        &hook_env(plan, exec, false),
        out,
    )?;
    let workdir = repo.workdir();
    for edit in edits {
        atomic_write(&edit.path, &edit.after).map_err(|e| Error::FileWrite {
            path: e.path,
            reason: e.reason,
        })?;
        done.files.push(relative(&workdir, &edit.path));
    }
    if exec.version_files_only {
        return Ok(());
    }
    let committed = repo.commit_paths(&done.files, &plan.commit_message, exec.no_verify)?;
    if !committed.ok {
        return Err(Error::CommitFailed(one_line(&committed.output)));
    }
    done.commit = Some(repo.head_commit()?);
    let tagged = repo.create_tag(&plan.next_tag, exec.tag_kind, &exec.tag_message)?;
    if !tagged.ok {
        return Err(Error::TagFailed {
            tag: plan.next_tag.clone(),
            output: one_line(&tagged.output),
        });
    }
    done.tag = Some(plan.next_tag.clone());
    run_hooks(
        repo,
        &exec.post_bump_hooks,
        &hook_env(plan, exec, true),
        out,
    )
}

/// The last non-empty line of a tool's output: usually the reason.
fn one_line(output: &str) -> String {
    output
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no output")
        .trim()
        .to_string()
}

/// Carries out the plan; on failure restores the repository and returns the
/// step's error.
pub fn bump(
    plan: &Plan,
    edits: &[FileEdit],
    exec: &Exec,
    repo: &Repo,
    out: &mut Printer,
) -> Result<Done, Error> {
    let snapshot = repo.snapshot()?;
    let mut done = Done::default();
    match steps(plan, edits, exec, repo, out, &mut done) {
        Ok(()) => Ok(done),
        Err(error) => {
            let problems = repo.restore(&snapshot);
            for problem in &problems {
                out.warn(&format!("could not restore {problem}")).ok();
            }
            Err(error)
        }
    }
}

//! Carries out a bump plan as one transaction: pre-bump hooks → files →
//! commit → tag → post-bump hooks (SPEC §6). Every effect goes through the
//! journal (`crate::journal`) before it happens; on the first failure or
//! signal the journal undoes relx's effects, and only those: what a hook or
//! the user did meanwhile stays.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::error::Error;
use crate::git::journaled::{EXECUTABLE_MODE, FILE_MODE};
use crate::git::write::TagKind;
use crate::git::Repo;
use crate::journal::{self, IndexChange, Journal, Lock, Made};
use crate::plan::Plan;

/// How to carry the plan out.
#[derive(Debug, Clone, Serialize)]
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
    /// The branch whose upstream gets the commit and the tag (`--push`),
    /// as the last step: a refused push undoes the bump like any failed
    /// step (`git push --atomic`: nothing reached the remote).
    pub push: Option<String>,
}

/// One file of the bump: where its bytes go and what the commit gets.
#[derive(Debug, Clone)]
pub struct Staged {
    /// The file to write, absolute, symlinks resolved (inside the work tree).
    pub path: PathBuf,
    /// The same, relative to the work tree with `/` separators, for git.
    pub relative: String,
    /// The bytes written to the work tree.
    pub after: Vec<u8>,
    /// What the commit gets, in the repository's form, when it is not the
    /// work tree's bytes: with `--allow-dirty`, HEAD's content with only
    /// the version replaced, so local edits stay out of the commit.
    pub commit: Option<Vec<u8>>,
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

/// A failed bump: the step's error and what the undo did.
#[derive(Debug)]
pub struct Failure {
    /// Why the bump stopped.
    pub error: Box<Error>,
    /// What was put back and what was left.
    pub undo: journal::Outcome,
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
/// stderr: stdout holds relx's result. A signal is obeyed after the hook
/// ends, never by abandoning it.
fn run_hooks(
    repo: &Repo,
    journal: &Journal,
    hooks: &[String],
    env: &[(String, String)],
    say: &mut dyn FnMut(&str),
) -> Result<(), Error> {
    for hook in hooks {
        journal.checkpoint()?;
        say(&format!("Running hook '{hook}'"));
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
        journal.checkpoint()?;
        if !status.success() {
            return Err(Error::HookFailed {
                hook: hook.clone(),
                code: status.code().unwrap_or(-1),
            });
        }
    }
    Ok(())
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

fn file_mode(path: &std::path::Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o111 != 0 {
                return EXECUTABLE_MODE;
            }
        }
    }
    let _ = path;
    FILE_MODE
}

/// The bump commit, from a private index (HEAD's tree plus relx's files),
/// then the real index's entries for those files.
fn commit(
    plan: &Plan,
    files: &[Staged],
    exec: &Exec,
    repo: &Repo,
    journal: &mut Journal,
) -> Result<String, Error> {
    let branch = repo.head_ref_name().ok_or_else(|| {
        Error::git(
            "HEAD is not on a branch: a bump commit must go on a branch",
            "check out the branch first (git switch <branch>)",
        )
    })?;
    let parent = repo.head_commit()?;
    let mut blobs = Vec::new();
    let mut changes = Vec::new();
    for file in files {
        let head = repo.head_entry(&file.relative);
        let id = match &file.commit {
            Some(bytes) => repo.store_blob(bytes)?,
            None => repo.store_work_blob(&file.relative, &file.after)?,
        };
        let mode = head
            .as_ref()
            .map(|(_, m)| *m)
            .unwrap_or_else(|| file_mode(&file.path));
        let staged = repo.index_entry(&file.relative);
        // The real index follows the commit where it held HEAD's content
        // (or nothing): what the user staged otherwise stays staged.
        if staged.is_none() || staged == head {
            changes.push(IndexChange {
                path: file.relative.clone(),
                old: staged,
                new: (id.clone(), mode),
            });
        }
        blobs.push((file.relative.clone(), id, mode));
    }
    let index_file = journal.scratch("index");
    repo.write_private_index(&index_file, &blobs)?;
    let message_file = journal.scratch("message");
    std::fs::write(&message_file, &plan.commit_message).map_err(|source| Error::Io {
        path: message_file.clone(),
        source,
    })?;
    let n = journal.intend(journal::Effect::Ref {
        name: branch.clone(),
        old: Some(parent.clone()),
        new: None,
        made: Some(Made::Commit {
            parent: parent.clone(),
            message: plan.commit_message.clone(),
        }),
    })?;
    let committed = repo.commit_index(&index_file, &message_file, exec.no_verify)?;
    if !committed.ok {
        return Err(Error::CommitFailed(one_line(&committed.output)));
    }
    let new = repo
        .ref_id(&branch)
        .ok_or_else(|| Error::CommitFailed(format!("{branch} is gone after the commit")))?;
    journal.done(n, Some(new.clone()))?;
    if !changes.is_empty() {
        journal.write_index(repo, changes)?;
    }
    Ok(new)
}

fn steps(
    plan: &Plan,
    files: &[Staged],
    exec: &Exec,
    repo: &Repo,
    journal: &mut Journal,
    done: &mut Done,
    say: &mut dyn FnMut(&str),
) -> Result<(), Error> {
    run_hooks(
        repo,
        journal,
        &exec.pre_bump_hooks,
        &hook_env(plan, exec, false),
        say,
    )?;
    for file in files {
        journal.checkpoint()?;
        journal.write_file(&file.path, &file.after)?;
        done.files.push(PathBuf::from(&file.relative));
    }
    journal.checkpoint()?;
    if exec.version_files_only {
        return Ok(());
    }
    let commit_id = commit(plan, files, exec, repo, journal)?;
    done.commit = Some(commit_id.clone());
    journal.checkpoint()?;
    let tag_ref = format!("refs/tags/{}", plan.next_tag);
    if repo.ref_id(&tag_ref).is_some() {
        return Err(Error::TagExists(plan.next_tag.clone()));
    }
    let n = journal.intend(journal::Effect::Ref {
        name: tag_ref.clone(),
        old: None,
        new: None,
        made: Some(Made::Tag {
            target: commit_id.clone(),
        }),
    })?;
    let tagged = repo.tag_commit(&plan.next_tag, &commit_id, exec.tag_kind, &exec.tag_message)?;
    if !tagged.ok {
        return Err(Error::TagFailed {
            tag: plan.next_tag.clone(),
            output: one_line(&tagged.output),
        });
    }
    journal.done(n, repo.ref_id(&tag_ref))?;
    done.tag = Some(plan.next_tag.clone());
    run_hooks(
        repo,
        journal,
        &exec.post_bump_hooks,
        &hook_env(plan, exec, true),
        say,
    )?;
    journal.checkpoint()?;
    if let Some(branch) = &exec.push {
        let pushed = repo.push(branch, &plan.next_tag)?;
        if !pushed.ok {
            return Err(Error::PushFailed(
                pushed.output.lines().last().unwrap_or_default().to_string(),
            ));
        }
        done.pushed = true;
    }
    Ok(())
}

/// Carries out the plan under `lock`; on failure or a signal, undoes
/// relx's effects through the journal and returns the step's error with
/// what the undo did.
pub fn bump(
    plan: &Plan,
    files: &[Staged],
    exec: &Exec,
    repo: &Repo,
    lock: Lock,
    say: &mut dyn FnMut(&str),
) -> Result<Done, Failure> {
    let mut journal = Journal::begin(repo, lock, "relx bump --exec").map_err(|error| Failure {
        error: Box::new(error),
        undo: journal::Outcome::default(),
    })?;
    let mut done = Done::default();
    match steps(plan, files, exec, repo, &mut journal, &mut done, say) {
        Ok(()) => match journal.finish(repo) {
            Ok(()) => Ok(done),
            Err(error) => Err(Failure {
                error: Box::new(error),
                undo: journal::Outcome::default(),
            }),
        },
        Err(error) => {
            let undo = journal.undo(repo);
            Err(Failure {
                error: Box::new(error),
                undo,
            })
        }
    }
}

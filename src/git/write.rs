//! What `bump --exec` does to the repository: checks before, commit and tag
//! through the git CLI (so hooks, signing and credential helpers behave as
//! the user configured them), and the small ref and index operations the
//! journal undoes them with (compare-and-swap only: nothing is reset).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{RepositoryState, Status, StatusOptions};

use super::Repo;
use crate::error::Error;

/// The outcome of a git command run for a bump step.
pub struct GitRun {
    /// Whether it exited 0.
    pub ok: bool,
    /// Its stdout and stderr together, trimmed.
    pub output: String,
}

fn statuses(repo: &Repo, untracked: bool) -> Result<Vec<(PathBuf, Status)>, Error> {
    let mut options = StatusOptions::new();
    options
        .include_untracked(untracked)
        .recurse_untracked_dirs(untracked)
        .include_ignored(false)
        .exclude_submodules(true);
    let list = repo.inner.statuses(Some(&mut options))?;
    Ok(list
        .iter()
        .filter_map(|e| Some((PathBuf::from(e.path().ok()?), e.status())))
        .collect())
}

/// The index entries with the skip-worktree bit (`git sparse-checkout`,
/// `git update-index --skip-worktree`), as work-tree-relative paths.
fn skip_worktree_paths(repo: &Repo) -> Result<HashSet<PathBuf>, Error> {
    let skip = git2::IndexEntryExtendedFlag::SKIP_WORKTREE.bits();
    Ok(repo
        .inner
        .index()?
        .iter()
        .filter(|e| e.flags_extended & skip != 0)
        .filter_map(|e| String::from_utf8(e.path).ok().map(PathBuf::from))
        .collect())
}

impl Repo {
    /// Tracked files with changes (staged or not); untracked files do not count.
    /// Entries git marks skip-worktree (a sparse checkout's paths outside
    /// the cone) count only for what is staged: `git status` never looks at
    /// their work-tree side, which is absent on purpose.
    pub fn tracked_changes(&self) -> Result<Vec<PathBuf>, Error> {
        let skipped = skip_worktree_paths(self)?;
        let worktree = Status::WT_MODIFIED
            | Status::WT_DELETED
            | Status::WT_TYPECHANGE
            | Status::WT_RENAMED
            | Status::WT_UNREADABLE;
        Ok(statuses(self, false)?
            .into_iter()
            .map(|(p, s)| match skipped.contains(&p) {
                true => (p, s - worktree),
                false => (p, s),
            })
            .filter(|(_, s)| !s.is_wt_new() && !s.is_ignored() && !s.is_empty())
            .map(|(p, _)| p)
            .collect())
    }

    /// A merge, rebase, cherry-pick… in progress, by name.
    pub fn operation_in_progress(&self) -> Option<&'static str> {
        match self.inner.state() {
            RepositoryState::Clean => None,
            RepositoryState::Merge => Some("a merge"),
            RepositoryState::Revert | RepositoryState::RevertSequence => Some("a revert"),
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                Some("a cherry-pick")
            }
            RepositoryState::Bisect => Some("a bisect"),
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge => Some("a rebase"),
            RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => Some("git am"),
        }
    }

    /// A `git` command in the work tree.
    pub(crate) fn git_cli(&self) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.workdir()).stdin(Stdio::null());
        cmd
    }

    pub(crate) fn run_git(&self, mut cmd: Command) -> Result<GitRun, Error> {
        let out = cmd
            .output()
            .map_err(|e| Error::git(format!("cannot run git: {e}"), "install git"))?;
        let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
        output.push_str(&String::from_utf8_lossy(&out.stderr));
        Ok(GitRun {
            ok: out.status.success(),
            output: output.trim().to_string(),
        })
    }

    /// True when the tag exists.
    pub fn tag_exists(&self, name: &str) -> bool {
        self.inner
            .refname_to_id(&format!("refs/tags/{name}"))
            .is_ok()
    }

    /// Pushes the branch and the tag to the branch's upstream remote (the
    /// git CLI, so credential helpers work), atomically.
    pub fn push(&self, branch: &str, tag: &str) -> Result<GitRun, Error> {
        let config = self.inner.config()?;
        let remote = config
            .get_string(&format!("branch.{branch}.remote"))
            .unwrap_or_else(|_| "origin".to_string());
        let merge = config
            .get_string(&format!("branch.{branch}.merge"))
            .unwrap_or_else(|_| format!("refs/heads/{branch}"));
        let mut cmd = self.git_cli();
        cmd.args(["push", "--atomic", "--quiet", &remote])
            .arg(format!("HEAD:{merge}"))
            .arg(format!("refs/tags/{tag}"));
        self.run_git(cmd)
    }
}

/// Which kind of tag to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TagKind {
    /// `git tag NAME`
    Lightweight,
    /// `git tag -a NAME -m MESSAGE`
    Annotated,
    /// `git tag -s NAME -m MESSAGE`
    Signed,
}

impl TagKind {
    /// `annotated` or `signed`; `None` for the lightweight default.
    pub fn with_message(self) -> Option<&'static str> {
        match self {
            TagKind::Lightweight => None,
            TagKind::Annotated => Some("annotated"),
            TagKind::Signed => Some("signed"),
        }
    }
}

/// Relative path of `path` inside `workdir`, for git.
pub fn relative(workdir: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(workdir)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

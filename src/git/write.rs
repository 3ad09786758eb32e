//! What `bump --exec` does to the repository: checks before, commit and tag
//! through the git CLI (so hooks, signing and credential helpers behave as
//! the user configured them), and an exact restore after a failure.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{Oid, RepositoryState, Status, StatusOptions};

use super::Repo;
use crate::error::Error;

/// The repository as it was before a bump, enough to put it back exactly.
pub struct Snapshot {
    head_ref: Option<String>,
    head: Oid,
    index: Option<Vec<u8>>,
    tags: HashSet<String>,
    dirty: HashMap<PathBuf, Option<Vec<u8>>>,
    untracked: HashSet<PathBuf>,
}

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

fn tag_names(repo: &Repo) -> Result<Vec<String>, Error> {
    let names = repo.inner.tag_names(None)?;
    Ok((0..names.len())
        .filter_map(|i| names.get(i).ok().flatten().map(str::to_string))
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

    /// Records HEAD, the index, the tags and every changed or untracked file.
    pub fn snapshot(&self) -> Result<Snapshot, Error> {
        let head_ref = self
            .inner
            .find_reference("HEAD")?
            .symbolic_target()
            .ok()
            .flatten()
            .map(str::to_string);
        let head = self.inner.refname_to_id("HEAD")?;
        let index = std::fs::read(self.inner.path().join("index")).ok();
        let tags = tag_names(self)?.into_iter().collect();
        let workdir = self.workdir();
        let mut dirty = HashMap::new();
        let mut untracked = HashSet::new();
        for (path, status) in statuses(self, true)? {
            if status.is_wt_new() {
                untracked.insert(path);
            } else {
                dirty.insert(path.clone(), std::fs::read(workdir.join(&path)).ok());
            }
        }
        Ok(Snapshot {
            head_ref,
            head,
            index,
            tags,
            dirty,
            untracked,
        })
    }

    /// Puts the repository back as `snapshot` recorded it: new tags deleted,
    /// the branch reset, the index and every changed file restored, files
    /// that appeared removed. Returns what could not be restored.
    pub fn restore(&self, snapshot: &Snapshot) -> Vec<String> {
        let mut problems = Vec::new();
        let mut note = |what: String| problems.push(what);
        if let Ok(names) = tag_names(self) {
            for name in names {
                if !snapshot.tags.contains(&name) {
                    if let Err(e) = self.inner.tag_delete(&name) {
                        note(format!("tag {name}: {}", e.message()));
                    }
                }
            }
        }
        let refname = snapshot
            .head_ref
            .clone()
            .unwrap_or_else(|| "HEAD".to_string());
        if self.inner.refname_to_id(&refname).ok() != Some(snapshot.head) {
            if let Err(e) = self
                .inner
                .reference(&refname, snapshot.head, true, "relx: undo bump")
            {
                note(format!("{refname}: {}", e.message()));
            }
        }
        let workdir = self.workdir();
        let now = match statuses(self, true) {
            Ok(s) => s,
            Err(e) => {
                note(format!("status: {e}"));
                Vec::new()
            }
        };
        let mut from_head = Vec::new();
        for (path, status) in now {
            let full = workdir.join(&path);
            if let Some(saved) = snapshot.dirty.get(&path) {
                let result = match saved {
                    Some(bytes) => std::fs::write(&full, bytes),
                    None => std::fs::remove_file(&full),
                };
                if let Err(e) = result {
                    note(format!("{}: {e}", path.display()));
                }
            } else if status.is_wt_new() {
                if !snapshot.untracked.contains(&path) {
                    if let Err(e) = std::fs::remove_file(&full) {
                        note(format!("{}: {e}", path.display()));
                    }
                }
            } else {
                from_head.push(path);
            }
        }
        // Files that were clean before: their bytes are HEAD's.
        for path in snapshot.dirty.keys() {
            let full = workdir.join(path);
            if let Some(Some(bytes)) = snapshot.dirty.get(path) {
                if std::fs::read(&full).ok().as_deref() != Some(bytes.as_slice()) {
                    if let Err(e) = std::fs::write(&full, bytes) {
                        note(format!("{}: {e}", path.display()));
                    }
                }
            }
        }
        if !from_head.is_empty() {
            let mut checkout = git2::build::CheckoutBuilder::new();
            checkout.force();
            for path in &from_head {
                checkout.path(path);
            }
            if let Err(e) = self.inner.checkout_head(Some(&mut checkout)) {
                note(format!("checkout: {}", e.message()));
            }
        }
        // The index last: checking files out touches it.
        let index_path = self.inner.path().join("index");
        match &snapshot.index {
            Some(bytes) => {
                if let Err(e) = std::fs::write(&index_path, bytes) {
                    note(format!("{}: {e}", index_path.display()));
                }
            }
            None => {
                let _ = std::fs::remove_file(&index_path);
            }
        }
        problems
    }

    /// A `git` command in the work tree.
    fn git_cli(&self) -> Command {
        let mut cmd = Command::new("git");
        cmd.current_dir(self.workdir()).stdin(Stdio::null());
        cmd
    }

    fn run_git(&self, mut cmd: Command) -> Result<GitRun, Error> {
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

    /// Commits exactly `paths` with `message` (`git commit -- paths`): other
    /// changes, staged or not, stay out of the commit. Hooks run unless
    /// `no_verify`.
    pub fn commit_paths(
        &self,
        paths: &[PathBuf],
        message: &str,
        no_verify: bool,
    ) -> Result<GitRun, Error> {
        let mut add = self.git_cli();
        add.args(["add", "--"]).args(paths);
        let added = self.run_git(add)?;
        if !added.ok {
            return Ok(added);
        }
        let message_file = self.inner.path().join("RELX_BUMP_MSG");
        std::fs::write(&message_file, message).map_err(|e| {
            Error::git(
                format!("{}: {e}", message_file.display()),
                "check the .git directory's permissions",
            )
        })?;
        let mut commit = self.git_cli();
        commit.args(["commit", "--quiet", "-F"]).arg(&message_file);
        if no_verify {
            commit.arg("--no-verify");
        }
        commit.arg("--").args(paths);
        let result = self.run_git(commit);
        let _ = std::fs::remove_file(&message_file);
        result
    }

    /// Creates the tag: lightweight, annotated, or signed (also when git's
    /// own `tag.gpgSign` asks for it).
    pub fn create_tag(&self, name: &str, kind: TagKind, message: &str) -> Result<GitRun, Error> {
        let config_signs = self
            .inner
            .config()
            .and_then(|c| c.get_bool("tag.gpgSign"))
            .unwrap_or(false);
        let mut cmd = self.git_cli();
        cmd.arg("tag");
        match (kind, config_signs) {
            (TagKind::Signed, _) | (_, true) => {
                cmd.args(["-s", name, "-m", message]);
            }
            (TagKind::Annotated, false) => {
                cmd.args(["-a", name, "-m", message]);
            }
            (TagKind::Lightweight, false) => {
                cmd.arg(name);
            }
        }
        self.run_git(cmd)
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

/// Relative path of `path` inside `workdir`, for git.
pub fn relative(workdir: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(workdir)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

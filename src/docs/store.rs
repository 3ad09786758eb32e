//! The docs branch in the project's object store: what a docs command reads
//! from the branch, the tree its edits make (in memory for a dry run), the
//! files that tree changes, and the journaled commit, fast-forward and push
//! that carry a plan out. The commands layer sees hex ids and paths only.

use serde::Serialize;

use super::branch::{Branch, RemoteCheck};
use super::pages::Edit;
use crate::env::Env;
use crate::error::Error;
use crate::git::Repo;
use crate::plan::Mode;

/// One file the new tree adds, changes or removes.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// `A` added, `M` modified, `D` deleted, `T` type changed.
    pub status: char,
    /// The path inside the branch.
    pub path: String,
}

/// The tree a docs command's edits make on top of the branch.
#[derive(Debug, Clone)]
pub struct Staged {
    /// The base commit's tree, if the branch has one.
    pub old_tree: Option<String>,
    /// The new tree.
    pub new_tree: String,
    /// The files it changes, in git's order.
    pub changes: Vec<Change>,
}

impl Staged {
    /// True when the new tree is the old one (or empty on a new branch).
    pub fn unchanged(&self, empty_tree: &str) -> bool {
        self.old_tree.as_deref().unwrap_or(empty_tree) == self.new_tree
    }
}

/// Opens the docs branch of `repo`, compared with its remote; a lenient
/// check's problem comes back as a warning.
pub fn open(
    repo: &Repo,
    name: &str,
    remote: &str,
    check: RemoteCheck,
) -> Result<(Branch, Option<Error>), Error> {
    Branch::open(repo.git2(), name, remote, check)
}

/// A file of the branch, `None` when absent.
pub fn read(repo: &Repo, branch: &Branch, path: &str) -> Result<Option<Vec<u8>>, Error> {
    branch.read(repo.git2(), path)
}

/// Every file under `dir` of the branch.
pub fn files(repo: &Repo, branch: &Branch, dir: &str) -> Result<Vec<super::pages::File>, Error> {
    branch.files(repo.git2(), dir)
}

/// The project's HEAD, abbreviated as `git rev-parse --short HEAD`.
pub fn short_head(repo: &Repo) -> Result<String, Error> {
    let repo = repo.git2();
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(|_| {
        Error::git(
            "HEAD has no commit: the docs commit message names the commit built",
            "commit something first",
        )
    })?;
    Ok(head
        .as_object()
        .short_id()?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// The tree the edits make, and what it changes. In a dry run the objects
/// go to memory only: the repository stays as it was.
pub fn stage(repo: &Repo, branch: &Branch, edits: &[Edit], mode: Mode) -> Result<Staged, Error> {
    let repo = repo.git2();
    if mode == Mode::DryRun {
        repo.odb()?.add_new_mempack_backend(1000)?;
    }
    let tree = branch.apply(repo, edits)?;
    let before = branch.base_tree(repo)?;
    let old = before.map(|t| repo.find_tree(t)).transpose()?;
    let new = repo.find_tree(tree)?;
    let diff = repo.diff_tree_to_tree(old.as_ref(), Some(&new), None)?;
    let changes = diff
        .deltas()
        .map(|delta| Change {
            status: match delta.status() {
                git2::Delta::Added => 'A',
                git2::Delta::Deleted => 'D',
                git2::Delta::Modified => 'M',
                git2::Delta::Typechange => 'T',
                _ => '?',
            },
            path: delta
                .new_file()
                .path()
                .or_else(|| delta.old_file().path())
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        })
        .collect();
    Ok(Staged {
        old_tree: before.map(|t| t.to_string()),
        new_tree: tree.to_string(),
        changes,
    })
}

/// The empty tree's id in `repo`.
pub fn empty_tree(repo: &Repo) -> Result<String, Error> {
    Ok(repo.git2().treebuilder(None)?.write()?.to_string())
}

/// A file of a tree, `None` when absent or not a file.
pub fn read_tree(repo: &Repo, tree: &str, path: &str) -> Result<Option<Vec<u8>>, Error> {
    let repo = repo.git2();
    let tree = repo.find_tree(git2::Oid::from_str(tree)?)?;
    let entry = match tree.get_path(std::path::Path::new(path)) {
        Ok(entry) => entry,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if entry.kind() != Some(git2::ObjectType::Blob) {
        return Ok(None);
    }
    Ok(Some(repo.find_blob(entry.id())?.content().to_vec()))
}

/// True when `branch` is the branch checked out in `repo`.
pub fn checked_out(repo: &Repo, branch: &str) -> bool {
    repo.git2()
        .find_reference("HEAD")
        .ok()
        .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_string))
        .is_some_and(|t| t == format!("refs/heads/{branch}"))
}

/// Moves the local branch to the remote commit it is behind.
pub fn fast_forward(repo: &Repo, branch: &Branch) -> Result<(), Error> {
    if branch.base != branch.local {
        if let Some(base) = branch.base {
            branch.move_to(repo.git2(), base, "relx docs: fast-forward")?;
        }
    }
    Ok(())
}

/// The docs commit of `tree` and the branch's move, under the writer lock
/// and in the journal: a kill between the two is found by the next
/// command, and the branch moves back only if it still holds relx's
/// commit. Returns the commit's short id.
pub fn commit(
    repo: &Repo,
    branch: &Branch,
    tree: &str,
    message: &str,
    env: &Env,
) -> Result<String, Error> {
    let tree = git2::Oid::from_str(tree)?;
    let lock = crate::journal::take_lock(repo, "relx docs")?;
    let mut journal = crate::journal::Journal::begin(repo, lock, "relx docs")?;
    let n = journal.intend(crate::journal::Effect::Ref {
        name: format!("refs/heads/{}", branch.name),
        old: branch.local.map(|o| o.to_string()),
        new: None,
        made: branch.base.map(|base| crate::journal::Made::Commit {
            parent: base.to_string(),
            message: message.to_string(),
        }),
    })?;
    let committed = branch
        .commit(repo.git2(), tree, message, env)
        .and_then(|oid| journal.done(n, Some(oid.to_string())).map(|()| oid));
    let oid = match committed {
        Ok(oid) => journal.close(repo, Ok(())).map(|()| oid),
        // close() hands the error back after the undo.
        Err(error) => match journal.close(repo, Err(error)) {
            Err(error) => Err(error),
            Ok(()) => Err(Error::git(
                "the docs commit failed",
                "run the command again",
            )),
        },
    }?;
    let short = repo.git2().find_object(oid, None)?.short_id()?;
    Ok(short.as_str().unwrap_or_default().to_string())
}

/// `git push` of the branch to its remote.
pub fn push(repo: &Repo, branch: &Branch) -> Result<(), Error> {
    branch.push(&repo.workdir())
}

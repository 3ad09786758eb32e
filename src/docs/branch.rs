//! The docs branch, through git2: reading `versions.json` and a version's
//! files, writing a commit straight into the branch (no checkout, no change
//! to the work tree or index), the remote-status check, and `git push`.
//!
//! Edits are applied the way `git fast-import` applies mike's `D` and `M`
//! commands: in order, a delete of a missing path does nothing, a write
//! replaces whatever is at its path, and folders left empty disappear.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use git2::{ErrorCode, ObjectType, Oid, Repository, Signature, Time};

use super::pages::{Content, Edit, File};
use crate::env::Env;
use crate::error::Error;

/// The docs branch: its name, the remote it tracks and the commit new
/// commits go on top of.
#[derive(Debug, Clone)]
pub struct Branch {
    /// Short name, e.g. `gh-pages`.
    pub name: String,
    /// The remote, e.g. `origin`.
    pub remote: String,
    /// The local branch's commit, if it exists.
    pub local: Option<Oid>,
    /// The commit to build on: the local one, or the remote one when that
    /// is ahead (a fast-forward, as mike's `update_from_upstream`).
    pub base: Option<Oid>,
}

/// How strictly the remote branch is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteCheck {
    /// Refuse a diverged or unrelated branch (commands that write).
    Strict,
    /// Warn about it and go on with the local branch (`list`).
    Lenient,
    /// `--ignore-remote-status`: use the local branch as it is.
    Ignore,
}

fn refname(branch: &str) -> String {
    format!("refs/heads/{branch}")
}

fn resolve(repo: &Repository, name: &str) -> Result<Option<Oid>, Error> {
    match repo.refname_to_id(name) {
        Ok(oid) => Ok(Some(oid)),
        Err(e) if matches!(e.code(), ErrorCode::NotFound | ErrorCode::InvalidSpec) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

impl Branch {
    /// Opens the branch and compares it with `<remote>/<branch>` (the
    /// remote-tracking ref as last fetched; like mike, relx does not fetch).
    /// Returns a warning for a lenient check that found a problem.
    pub fn open(
        repo: &Repository,
        name: &str,
        remote: &str,
        check: RemoteCheck,
    ) -> Result<(Branch, Option<Error>), Error> {
        if !git2::Reference::is_valid_name(&refname(name)) {
            return Err(Error::NotAllowed(format!(
                "--branch: '{name}' is not a valid branch name"
            )));
        }
        let local = resolve(repo, &refname(name))?;
        let mut branch = Branch {
            name: name.to_string(),
            remote: remote.to_string(),
            local,
            base: local,
        };
        if check == RemoteCheck::Ignore {
            return Ok((branch, None));
        }
        let remote_ref = format!("refs/remotes/{remote}/{name}");
        let Some(theirs) = resolve(repo, &remote_ref)? else {
            return Ok((branch, None));
        };
        let Some(ours) = local else {
            branch.base = Some(theirs);
            return Ok((branch, None));
        };
        let problem = match repo.merge_base(ours, theirs) {
            Ok(base) if base == ours => {
                branch.base = Some(theirs);
                None
            }
            Ok(base) if base == theirs => None,
            Ok(_) => Some(false),
            Err(e) if e.code() == ErrorCode::NotFound => Some(true),
            Err(e) => return Err(e.into()),
        };
        match problem {
            None => Ok((branch, None)),
            Some(unrelated) => {
                let error = Error::DocsDiverged {
                    branch: name.to_string(),
                    remote_branch: format!("{remote}/{name}"),
                    unrelated,
                };
                match check {
                    RemoteCheck::Strict => Err(error),
                    _ => Ok((branch, Some(error))),
                }
            }
        }
    }

    /// A file of the branch (at its base), `None` when absent.
    pub fn read(&self, repo: &Repository, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(base) = self.base else {
            return Ok(None);
        };
        let tree = repo.find_commit(base)?.tree()?;
        let entry = match tree.get_path(Path::new(path)) {
            Ok(entry) => entry,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if entry.kind() != Some(ObjectType::Blob) {
            return Ok(None);
        }
        Ok(Some(repo.find_blob(entry.id())?.content().to_vec()))
    }

    /// Every file under `dir` (paths relative to it), as mike's `walk_files`.
    pub fn files(&self, repo: &Repository, dir: &str) -> Result<Vec<File>, Error> {
        let Some(base) = self.base else {
            return Ok(Vec::new());
        };
        let tree = repo.find_commit(base)?.tree()?;
        let sub = match tree.get_path(Path::new(dir)) {
            Ok(entry) if entry.kind() == Some(ObjectType::Tree) => repo.find_tree(entry.id())?,
            Ok(_) => return Ok(Vec::new()),
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let mut files = Vec::new();
        sub.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
            if entry.kind() == Some(ObjectType::Blob) {
                if let Ok(name) = entry.name() {
                    files.push(File {
                        path: format!("{root}{name}"),
                        mode: entry.filemode() as u32,
                        content: Content::Blob(entry.id().to_string()),
                    });
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        Ok(files)
    }

    /// The tree the edits make from the base commit's tree.
    pub fn apply(&self, repo: &Repository, edits: &[Edit]) -> Result<Oid, Error> {
        let mut root = match self.base {
            Some(base) => Node::Stored(repo.find_commit(base)?.tree_id()),
            None => Node::Dir(BTreeMap::new()),
        };
        for edit in edits {
            match edit {
                Edit::DeleteAll => root = Node::Dir(BTreeMap::new()),
                Edit::Delete(path) => delete(repo, &mut root, &components(path))?,
                Edit::Put(file) => {
                    let oid = match &file.content {
                        Content::Data(data) => repo.blob(data)?,
                        Content::Blob(hex) => Oid::from_str(hex)?,
                    };
                    let leaf = Node::Leaf {
                        mode: file.mode as i32,
                        oid,
                    };
                    put(repo, &mut root, &components(&file.path), leaf)?;
                }
            }
        }
        match write(repo, &root)? {
            Some(oid) => Ok(oid),
            None => Ok(repo.treebuilder(None)?.write()?),
        }
    }

    /// The base commit's tree, if any.
    pub fn base_tree(&self, repo: &Repository) -> Result<Option<Oid>, Error> {
        self.base
            .map(|b| repo.find_commit(b).map(|c| c.tree_id()))
            .transpose()
            .map_err(Error::from)
    }

    /// Commits `tree` on top of the base and moves the branch to it, as
    /// mike does: the committer (also the author) is `GIT_COMMITTER_NAME` /
    /// `GIT_COMMITTER_EMAIL` / `GIT_COMMITTER_DATE` or git's `user.name` and
    /// `user.email` and now (the variables read from `env`); the message is
    /// written as given.
    pub fn commit(
        &self,
        repo: &Repository,
        tree: Oid,
        message: &str,
        env: &Env,
    ) -> Result<Oid, Error> {
        let signature = committer(repo, env)?;
        let tree = repo.find_tree(tree)?;
        let parents = match self.base {
            Some(b) => vec![repo.find_commit(b)?],
            None => Vec::new(),
        };
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let oid = repo.commit(None, &signature, &signature, message, &tree, &parents)?;
        self.move_to(repo, oid, &format!("relx docs: {message}"))?;
        Ok(oid)
    }

    /// Moves the local branch to `oid` (checking it did not move meanwhile).
    pub fn move_to(&self, repo: &Repository, oid: Oid, log: &str) -> Result<(), Error> {
        let name = refname(&self.name);
        match self.local {
            Some(old) => repo.reference_matching(&name, oid, true, old, log)?,
            None => repo.reference(&name, oid, false, log)?,
        };
        Ok(())
    }

    /// `git push -- <remote> refs/heads/<branch>:refs/heads/<branch>`.
    pub fn push(&self, workdir: &Path) -> Result<(), Error> {
        let spec = format!("{0}:{0}", refname(&self.name));
        let out = Command::new("git")
            .arg("-C")
            .arg(workdir)
            .args(["push", "--quiet", "--", &self.remote, &spec])
            .output()
            .map_err(|e| Error::DocsPush {
                remote: self.remote.clone(),
                branch: self.name.clone(),
                detail: format!("cannot run git: {e}"),
            })?;
        if out.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let detail = stderr
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" / ");
        Err(Error::DocsPush {
            remote: self.remote.clone(),
            branch: self.name.clone(),
            detail,
        })
    }
}

fn components(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect()
}

/// A tree being edited: folders are read from the object database only
/// when an edit goes into them.
enum Node {
    Leaf { mode: i32, oid: Oid },
    Stored(Oid),
    Dir(BTreeMap<Vec<u8>, Node>),
}

fn expand<'n>(
    repo: &Repository,
    node: &'n mut Node,
) -> Result<&'n mut BTreeMap<Vec<u8>, Node>, Error> {
    if let Node::Stored(oid) = node {
        let tree = repo.find_tree(*oid)?;
        let mut children = BTreeMap::new();
        for entry in tree.iter() {
            let child = if entry.kind() == Some(ObjectType::Tree) {
                Node::Stored(entry.id())
            } else {
                Node::Leaf {
                    mode: entry.filemode(),
                    oid: entry.id(),
                }
            };
            children.insert(entry.name_bytes().to_vec(), child);
        }
        *node = Node::Dir(children);
    }
    if let Node::Leaf { .. } = node {
        // fast-import turns a file in the way into a folder.
        *node = Node::Dir(BTreeMap::new());
    }
    match node {
        Node::Dir(children) => Ok(children),
        _ => unreachable!("expanded above"),
    }
}

fn put(repo: &Repository, node: &mut Node, path: &[&str], leaf: Node) -> Result<(), Error> {
    let Some((last, dirs)) = path.split_last() else {
        return Ok(());
    };
    let mut current = node;
    for dir in dirs {
        let children = expand(repo, current)?;
        current = children
            .entry(dir.as_bytes().to_vec())
            .or_insert_with(|| Node::Dir(BTreeMap::new()));
    }
    expand(repo, current)?.insert(last.as_bytes().to_vec(), leaf);
    Ok(())
}

fn delete(repo: &Repository, node: &mut Node, path: &[&str]) -> Result<(), Error> {
    let Some((last, dirs)) = path.split_last() else {
        *node = Node::Dir(BTreeMap::new());
        return Ok(());
    };
    let mut current = node;
    for dir in dirs {
        if let Node::Leaf { .. } = current {
            return Ok(());
        }
        let children = expand(repo, current)?;
        match children.get_mut(dir.as_bytes()) {
            Some(child) => current = child,
            None => return Ok(()),
        }
    }
    if let Node::Leaf { .. } = current {
        return Ok(());
    }
    expand(repo, current)?.remove(last.as_bytes());
    Ok(())
}

fn write(repo: &Repository, node: &Node) -> Result<Option<Oid>, Error> {
    match node {
        Node::Leaf { oid, .. } => Ok(Some(*oid)),
        Node::Stored(oid) => Ok(Some(*oid)),
        Node::Dir(children) => {
            let mut builder = repo.treebuilder(None)?;
            for (name, child) in children {
                let name = Path::new(std::str::from_utf8(name).map_err(|_| {
                    Error::git(
                        format!(
                            "the docs branch has a file name that is not UTF-8: {}",
                            String::from_utf8_lossy(name)
                        ),
                        "rename it in the branch",
                    )
                })?);
                match child {
                    Node::Leaf { mode, oid } => {
                        builder.insert(name, *oid, *mode)?;
                    }
                    _ => {
                        if let Some(oid) = write(repo, child)? {
                            builder.insert(name, oid, 0o040000)?;
                        }
                    }
                }
            }
            if builder.is_empty() {
                return Ok(None);
            }
            Ok(Some(builder.write()?))
        }
    }
}

fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n'))
        .collect()
}

/// mike's committer: environment first, then git's configuration.
fn committer(repo: &Repository, env: &Env) -> Result<Signature<'static>, Error> {
    let config = repo.config()?;
    let value = |var: &str, key: &str| -> Result<String, Error> {
        if let Some(v) = env.non_empty(var) {
            return Ok(clean(&v));
        }
        config.get_string(key).map(|v| clean(&v)).map_err(|_| {
            Error::git(
                format!("no committer identity: git config {key} is not set"),
                format!("run `git config {key} …` or set {var}"),
            )
        })
    };
    let name = value("GIT_COMMITTER_NAME", "user.name")?;
    let email = value("GIT_COMMITTER_EMAIL", "user.email")?;
    let signature = match env.get("GIT_COMMITTER_DATE") {
        Some(date) if !date.trim().is_empty() => {
            let (seconds, offset) = super::when::parse(&date).ok_or_else(|| {
                Error::git(
                    format!("GIT_COMMITTER_DATE: '{date}' is not a date relx can read"),
                    "use '<seconds> +hhmm', ISO 8601 or RFC 2822",
                )
            })?;
            Signature::new(&name, &email, &Time::new(seconds, offset))?
        }
        _ => Signature::now(&name, &email)?,
    };
    Ok(signature)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::docs::pages::{MODE_FILE, MODE_LINK};

    fn put(path: &str, mode: u32, data: &str) -> Edit {
        Edit::Put(File {
            path: path.to_string(),
            mode,
            content: Content::Data(Arc::from(data.as_bytes())),
        })
    }

    fn listing(repo: &Repository, tree: Oid) -> Vec<String> {
        let mut out = Vec::new();
        repo.find_tree(tree)
            .unwrap()
            .walk(git2::TreeWalkMode::PreOrder, |root, e| {
                if e.kind() == Some(ObjectType::Blob) {
                    out.push(format!("{:o} {root}{}", e.filemode(), e.name().unwrap()));
                }
                git2::TreeWalkResult::Ok
            })
            .unwrap();
        out
    }

    #[test]
    fn edits_apply_as_fast_import_applies_them() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let orphan = Branch {
            name: "gh-pages".into(),
            remote: "origin".into(),
            local: None,
            base: None,
        };
        let first = orphan
            .apply(
                &repo,
                &[
                    put("1.0/index.html", MODE_FILE, "one"),
                    put("latest", MODE_LINK, "1.0"),
                ],
            )
            .unwrap();
        let sig = Signature::new("t", "t@example.org", &Time::new(0, 0)).unwrap();
        let commit = repo
            .commit(None, &sig, &sig, "m", &repo.find_tree(first).unwrap(), &[])
            .unwrap();
        let branch = Branch {
            base: Some(commit),
            local: Some(commit),
            ..orphan
        };
        let tree = branch
            .apply(
                &repo,
                &[
                    // A file in the way of a folder is replaced by it.
                    put("latest/index.html", MODE_FILE, "redirect"),
                    // Deleting what is not there does nothing.
                    Edit::Delete("nope/deeper".into()),
                    Edit::Delete("latest/index.html/x".into()),
                    // A folder left empty disappears.
                    Edit::Delete("1.0/index.html".into()),
                    put("a/b/c.txt", MODE_FILE, "c"),
                ],
            )
            .unwrap();
        assert_eq!(
            listing(&repo, tree),
            ["100644 a/b/c.txt", "100644 latest/index.html"]
        );
        let cleared = branch
            .apply(&repo, &[Edit::DeleteAll, put(".nojekyll", MODE_FILE, "")])
            .unwrap();
        assert_eq!(listing(&repo, cleared), ["100644 .nojekyll"]);
    }
}

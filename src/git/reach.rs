//! Which commits HEAD reaches (`git tag --merged HEAD`), for many tags at
//! once: one walk of the graph, not one ancestry test per tag.
//!
//! libgit2's `graph_descendant_of` walks from HEAD again for every tag it is
//! asked about, so a project with 5,000 tags walked its history 5,000 times.
//! The walk here is one walk for all the questions, and reads each commit
//! once, parents only.

use std::collections::HashSet;

use git2::{Odb, Oid};

use super::{OidSet, Repo};
use crate::error::Error;

/// A walk from one commit down its parents, asked one commit at a time
/// whether it is reachable (`git merge-base --is-ancestor C HEAD`). Each
/// question goes on from where the last one stopped: every commit is read
/// once (header only) whatever the number of questions, and the walk stops
/// as soon as the commit asked about is found. Asking about the highest
/// version tags first, the usual answer comes after a short walk; a tag
/// that is not reachable costs one whole walk, once, and every later
/// question is then answered from what was seen.
pub struct Reach<'r> {
    odb: Odb<'r>,
    /// Commits found reachable (expanded or still waiting on the stack).
    seen: OidSet,
    /// Found commits whose parents are not read yet.
    stack: Vec<Oid>,
    /// A shallow clone's boundary commits: their parents are not here.
    shallow: HashSet<Oid>,
}

impl Repo {
    /// A walk from `head` (hex id), for [`Reach::reaches`].
    pub fn reach(&self, head: &str) -> Result<Reach<'_>, Error> {
        let head = Oid::from_str(head)?;
        let shallow = if self.is_shallow() {
            self.shallow_roots()
        } else {
            HashSet::new()
        };
        let mut seen = OidSet::default();
        seen.insert(head);
        Ok(Reach {
            odb: self.inner.odb()?,
            seen,
            stack: vec![head],
            shallow,
        })
    }
}

impl Reach<'_> {
    /// True when `commit` (hex id) is the walk's start or one of its
    /// ancestors, as `git tag --merged` decides it.
    pub fn reaches(&mut self, commit: &str) -> Result<bool, Error> {
        let wanted = Oid::from_str(commit)?;
        while !self.seen.contains(&wanted) {
            let Some(oid) = self.stack.pop() else {
                return Ok(false);
            };
            if self.shallow.contains(&oid) {
                continue;
            }
            let object = self.odb.read(oid).map_err(|_| {
                Error::git(
                    format!("commit {oid} is missing from the repository"),
                    "check the repository with git fsck",
                )
            })?;
            for parent in parents(object.data()) {
                if self.seen.insert(parent) {
                    self.stack.push(parent);
                }
            }
        }
        Ok(true)
    }
}

/// The `parent` lines of a raw commit object: they follow `tree` at the top
/// of the header, before `author`.
fn parents(data: &[u8]) -> impl Iterator<Item = Oid> + '_ {
    data.split(|&b| b == b'\n')
        .skip_while(|line| line.starts_with(b"tree "))
        .map_while(|line| line.strip_prefix(b"parent "))
        .filter_map(|hex| std::str::from_utf8(hex).ok())
        .filter_map(|hex| Oid::from_str(hex.trim()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A commit on `parents` (no files), by git2 in a real repository.
    fn commit(repo: &git2::Repository, parents: &[Oid], n: i64) -> Oid {
        let tree = repo
            .find_tree(repo.treebuilder(None).unwrap().write().unwrap())
            .unwrap();
        let who = git2::Signature::new("A", "a@x", &git2::Time::new(1_700_000_000 + n, 0)).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| repo.find_commit(*p).unwrap())
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(None, &who, &who, &format!("c{n}"), &tree, &parents)
            .unwrap()
    }

    #[test]
    fn one_walk_answers_every_question_as_git_tag_merged() {
        let dir = tempfile::tempdir().unwrap();
        let git = git2::Repository::init(dir.path()).unwrap();
        // a ← b ← m (merge of b and s) ← head;  a ← s;  a ← other (not merged)
        let a = commit(&git, &[], 1);
        let b = commit(&git, &[a], 2);
        let s = commit(&git, &[a], 3);
        let m = commit(&git, &[b, s], 4);
        let head = commit(&git, &[m], 5);
        let other = commit(&git, &[a], 6);
        let repo = Repo { inner: git };
        let mut reach = repo.reach(&head.to_string()).unwrap();
        for (oid, want) in [
            (head, true),
            (s, true),
            (other, false),
            (a, true),
            (b, true),
            (m, true),
        ] {
            assert_eq!(reach.reaches(&oid.to_string()).unwrap(), want, "{oid}");
        }
        // After the whole walk, nothing more is read.
        assert!(reach.stack.is_empty());
        assert_eq!(reach.seen.len(), 5);
    }

    #[test]
    fn parents_are_read_from_the_header_only() {
        let a = "1".repeat(40);
        let b = "2".repeat(40);
        let raw = format!(
            "tree {}\nparent {a}\nparent {b}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nparent {}\n",
            "0".repeat(40),
            "3".repeat(40)
        );
        let got: Vec<String> = parents(raw.as_bytes()).map(|o| o.to_string()).collect();
        assert_eq!(got, vec![a, b]);
        let root = format!("tree {}\nauthor A <a@x> 1 +0000\n\nmsg\n", "0".repeat(40));
        assert_eq!(parents(root.as_bytes()).count(), 0);
    }
}

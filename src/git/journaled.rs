//! The git side of a journaled bump: blobs, a commit made from a private
//! index (HEAD's tree plus relx's files only), the tag, the real index's
//! entries for relx's files, and the compare-and-swap operations the
//! journal's undo uses. Nothing here resets, checks out or force-deletes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{IndexEntry, IndexTime, ObjectType, Oid};

use super::write::{GitRun, TagKind};
use super::Repo;
use crate::error::Error;
use crate::journal::IndexChange;

/// A regular file's mode in git.
pub const FILE_MODE: u32 = 0o100_644;
/// An executable file's mode in git.
pub const EXECUTABLE_MODE: u32 = 0o100_755;

/// Why a name cannot be a tag: `git check-ref-format`'s rules, and no
/// leading `-` (git would read it as an option).
pub fn check_tag_name(name: &str) -> Result<(), String> {
    if name.starts_with('-') {
        return Err("it starts with '-', which git reads as an option".to_string());
    }
    if !git2::Reference::is_valid_name(&format!("refs/tags/{name}")) {
        return Err("git check-ref-format refuses it".to_string());
    }
    Ok(())
}

/// Why a name cannot be a branch (`HEAD` included).
pub fn check_branch_name(name: &str) -> Result<(), String> {
    if name == "HEAD" || name.starts_with('-') {
        return Err(format!("'{name}' cannot be a branch name"));
    }
    if !git2::Reference::is_valid_name(&format!("refs/heads/{name}")) {
        return Err("git check-ref-format refuses it".to_string());
    }
    Ok(())
}

fn oid(id: &str) -> Result<Oid, String> {
    Oid::from_str(id).map_err(|e| e.message().to_string())
}

fn entry(path: &str, id: Oid, mode: u32) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: u16::try_from(path.len().min(0xfff)).unwrap_or(0xfff),
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

impl Repo {
    /// The git directory shared by every worktree of the repository.
    pub fn common_dir(&self) -> PathBuf {
        self.inner.commondir().to_path_buf()
    }

    /// The real index file.
    pub fn index_path(&self) -> PathBuf {
        self.inner.path().join("index")
    }

    /// The id a ref holds (not peeled), if it exists.
    pub fn ref_id(&self, name: &str) -> Option<String> {
        let reference = self.inner.find_reference(name).ok()?;
        let reference = reference.resolve().ok()?;
        reference.target().map(|o| o.to_string())
    }

    /// The full ref HEAD is on (`refs/heads/main`), when on a branch.
    pub fn head_ref_name(&self) -> Option<String> {
        let head = self.inner.find_reference("HEAD").ok()?;
        head.symbolic_target().ok().flatten().map(str::to_string)
    }

    /// A commit's first parent and message.
    pub fn commit_summary(&self, id: &str) -> Option<(Option<String>, String)> {
        let commit = self.inner.find_commit(Oid::from_str(id).ok()?).ok()?;
        let parent = commit.parent_id(0).ok().map(|o| o.to_string());
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        Some((parent, message))
    }

    /// The commit an object (a commit or a tag object) names.
    pub fn peel_commit(&self, id: &str) -> Option<String> {
        let object = self.inner.find_object(Oid::from_str(id).ok()?, None).ok()?;
        let commit = object.peel(ObjectType::Commit).ok()?;
        Some(commit.id().to_string())
    }

    /// HEAD's blob and mode at `path` (relative, `/`-separated).
    pub fn head_blob(&self, path: &str) -> Option<(Vec<u8>, u32)> {
        let tree = self.inner.head().ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        let blob = self.inner.find_blob(entry.id()).ok()?;
        let mode = u32::try_from(entry.filemode()).ok()?;
        Some((blob.content().to_vec(), mode))
    }

    /// HEAD's blob id and mode at `path`.
    pub fn head_entry(&self, path: &str) -> Option<(String, u32)> {
        let tree = self.inner.head().ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        Some((
            entry.id().to_string(),
            u32::try_from(entry.filemode()).ok()?,
        ))
    }

    /// The real index's blob id and mode at `path`.
    pub fn index_entry(&self, path: &str) -> Option<(String, u32)> {
        let index = self.inner.index().ok()?;
        let entry = index.get_path(Path::new(path), 0)?;
        Some((entry.id.to_string(), entry.mode))
    }

    /// Stores bytes already in the repository's form (no filters).
    pub fn store_blob(&self, bytes: &[u8]) -> Result<String, Error> {
        Ok(self.inner.blob(bytes)?.to_string())
    }

    /// Stores a work-tree file's bytes as `git add` would: through the
    /// clean filters `.gitattributes` names for `path` (eol=crlf…).
    pub fn store_work_blob(&self, path: &str, bytes: &[u8]) -> Result<String, Error> {
        use std::io::Write;
        let mut child = Command::new("git")
            .current_dir(self.workdir())
            .args(["hash-object", "-w", "--stdin"])
            .arg(format!("--path={path}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::git(format!("cannot run git: {e}"), "install git"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(bytes)
                .map_err(|e| Error::git(format!("git hash-object: {e}"), "check git"))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| Error::git(format!("git hash-object: {e}"), "check git"))?;
        if !out.status.success() {
            return Err(Error::git(
                format!(
                    "git hash-object --path={path} failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                "check the file's .gitattributes filters",
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Writes `index_file`: HEAD's tree with `files` (path, blob, mode)
    /// replaced or added. The bump commit is made from it, so that nothing
    /// the user staged goes into it.
    pub fn write_private_index(
        &self,
        index_file: &Path,
        files: &[(String, String, u32)],
    ) -> Result<(), Error> {
        let mut index = git2::Index::open(index_file)?;
        let tree = self.inner.head()?.peel_to_tree()?;
        index.read_tree(&tree)?;
        for (path, id, mode) in files {
            let id = Oid::from_str(id)?;
            index.add(&entry(path, id, *mode))?;
        }
        index.write()?;
        Ok(())
    }

    /// `git commit` of the private index: the repository's hooks and signing
    /// apply as the user configured them.
    pub fn commit_index(
        &self,
        index_file: &Path,
        message_file: &Path,
        no_verify: bool,
    ) -> Result<GitRun, Error> {
        let mut commit = self.git_cli();
        commit
            .env("GIT_INDEX_FILE", index_file)
            .args(["commit", "--quiet", "-F"])
            .arg(message_file);
        if no_verify {
            commit.arg("--no-verify");
        }
        self.run_git(commit)
    }

    /// Creates tag `name` on `target`: lightweight, annotated, or signed
    /// (also when git's own `tag.gpgSign` asks for it). The name comes after
    /// `--`, so a name is never read as an option.
    pub fn tag_commit(
        &self,
        name: &str,
        target: &str,
        kind: TagKind,
        message: &str,
    ) -> Result<GitRun, Error> {
        let config_signs = self
            .inner
            .config()
            .and_then(|c| c.get_bool("tag.gpgSign"))
            .unwrap_or(false);
        let mut cmd = self.git_cli();
        cmd.arg("tag");
        match (kind, config_signs) {
            (TagKind::Signed, _) | (_, true) => {
                cmd.args(["-s", "-m", message]);
            }
            (TagKind::Annotated, false) => {
                cmd.args(["-a", "-m", message]);
            }
            (TagKind::Lightweight, false) => {}
        }
        cmd.args(["--", name, target]);
        self.run_git(cmd)
    }

    /// Sets each change's `new` entry in the index file `file` (a copy of
    /// the real index, which the journal then puts in place).
    pub fn set_index_entries(&self, file: &Path, changes: &[IndexChange]) -> Result<(), Error> {
        let mut index = git2::Index::open(file)?;
        for change in changes {
            let id = Oid::from_str(&change.new.0)?;
            index.add(&entry(&change.path, id, change.new.1))?;
        }
        index.write()?;
        Ok(())
    }

    /// Puts one index entry back from `new` to `old`, only if it still
    /// holds `new`; false when it does not.
    pub fn swap_index_entry(&self, change: &IndexChange) -> Result<bool, String> {
        let mut index = self.inner.index().map_err(|e| e.message().to_string())?;
        let now = index
            .get_path(Path::new(&change.path), 0)
            .map(|e| (e.id.to_string(), e.mode));
        if now.as_ref() != Some(&change.new) {
            return Ok(false);
        }
        match &change.old {
            Some((id, mode)) => index
                .add(&entry(&change.path, oid(id)?, *mode))
                .map_err(|e| e.message().to_string())?,
            None => index
                .remove_path(Path::new(&change.path))
                .map_err(|e| e.message().to_string())?,
        }
        index.write().map_err(|e| e.message().to_string())?;
        Ok(true)
    }

    /// `git update-ref NAME OLD EXPECTED` (or `-d NAME EXPECTED`): moves a
    /// ref only if it still holds `expected`, git's own rule.
    pub fn compare_and_swap_ref(
        &self,
        name: &str,
        expected: &str,
        to: Option<&str>,
    ) -> Result<(), String> {
        let mut cmd = self.git_cli();
        cmd.args(["update-ref", "-m", "relx: undo"]);
        match to {
            Some(to) => cmd.args(["--", name, to, expected]),
            None => cmd.args(["-d", "--", name, expected]),
        };
        let run = self.run_git(cmd).map_err(|e| e.to_string())?;
        if run.ok {
            Ok(())
        } else {
            Err(run.output)
        }
    }
}

//! The journal of relx's own effects, in `.git/relx/journal/`.
//!
//! Every effect of a writing command is recorded *before* it happens (its
//! intent, with what undoing it needs: a file's previous bytes and mode, a
//! ref's old id) and marked done after, each record synced to disk. Undo
//! walks the records backwards and reverses only relx's effects, and only
//! where nothing else changed them since: a file is put back only if it
//! still holds the bytes relx wrote, a ref moves back only by
//! compare-and-swap on the id relx left. Whatever a user or a hook did
//! meanwhile stays as it is; what relx cannot put back is named with the
//! command that fixes it. A journal left by a crash is found by the next
//! relx command, which refuses to compute anything from a half-done state
//! and points at `relx recover`. The format is in docs/journal.md.
//!
//! Shell: files under the git directory; refs and the index through
//! `crate::git`.

pub mod lock;
pub mod signal;
mod undo;

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use lock::Lock;
pub use undo::{Leftover, Outcome};

use crate::error::Error;
use crate::files::write::atomic_write;
use crate::git::Repo;

/// The journal format this relx writes and reads.
pub const FORMAT: u32 = 1;

/// `.git/relx` of `repo` (the common git directory, shared by worktrees).
pub fn dir_of(repo: &Repo) -> PathBuf {
    repo.common_dir().join("relx")
}

/// The first lines of the journal: whose it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    /// [`FORMAT`] when written.
    pub format: u32,
    /// The relx that wrote it.
    pub relx: String,
    /// The command (`relx bump --exec`).
    pub command: String,
    /// The git directory it belongs to, canonical.
    pub git_dir: PathBuf,
    /// When it started, RFC 3339.
    pub started: String,
    /// The process that wrote it.
    pub pid: u32,
}

/// How relx recognises, after a crash, an object that git was making for it
/// when the process died (the id was not recorded yet).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Made {
    /// The bump commit: its parent and message.
    Commit {
        /// The commit it was made on.
        parent: String,
        /// Its message.
        message: String,
    },
    /// A tag on this commit.
    Tag {
        /// The commit it names.
        target: String,
    },
}

/// One effect, with what undoing it needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// A file written: created, or replaced (its previous bytes are in
    /// `<n>.before` beside the log).
    File {
        /// The file, absolute, symlinks resolved.
        path: PathBuf,
        /// Whether it existed before.
        existed: bool,
        /// Its permission bits before.
        mode: Option<u32>,
        /// sha256 of the previous bytes.
        before: Option<String>,
        /// sha256 of the bytes relx wrote.
        after: String,
        /// The temporary file written beside it before the rename.
        #[serde(default)]
        scratch: Option<PathBuf>,
    },
    /// A file removed (its bytes are in `<n>.before`).
    Removed {
        /// The file, absolute.
        path: PathBuf,
        /// Its permission bits.
        mode: Option<u32>,
        /// sha256 of its bytes.
        before: String,
    },
    /// A ref created or moved, by relx or by git for relx.
    Ref {
        /// The full ref name (`refs/heads/main`, `refs/tags/v1.2.0`).
        name: String,
        /// Its id before; none when relx created it.
        old: Option<String>,
        /// Its id after, when known.
        new: Option<String>,
        /// How to recognise relx's object when `new` is not known.
        made: Option<Made>,
    },
    /// The git index rewritten (its previous bytes are in `<n>.before`).
    Index {
        /// The index file.
        path: PathBuf,
        /// sha256 of the previous bytes.
        before: String,
        /// sha256 of the bytes after relx's change.
        after: Option<String>,
        /// The entries relx changed.
        entries: Vec<IndexChange>,
        /// git's `index.lock`, which relx held while it wrote (its bytes
        /// after are in `<n>.after`).
        #[serde(default)]
        lock: Option<PathBuf>,
    },
}

/// One index entry relx changed: its blob id and mode before and after.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IndexChange {
    /// The path, relative to the work tree, `/`-separated.
    pub path: String,
    /// `(blob id, mode)` before; none when relx added it.
    pub old: Option<(String, u32)>,
    /// `(blob id, mode)` after.
    pub new: (String, u32),
}

/// One line of the log.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum Record {
    Intent { n: usize, effect: Effect },
    Done { n: usize, new: Option<String> },
}

/// An effect and whether it was marked done.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its number, from 1.
    pub n: usize,
    /// What it is.
    pub effect: Effect,
    /// Marked done.
    pub done: bool,
}

/// sha256 of `bytes`, hex.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(unix)]
fn mode_of(meta: &fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode())
}

#[cfg(not(unix))]
fn mode_of(_meta: &fs::Metadata) -> Option<u32> {
    None
}

/// The directory holding the journal's records.
pub fn records_in(dir: &Path) -> PathBuf {
    dir.join("journal")
}

/// A writing command's journal: open from the first effect to the end.
pub struct Journal {
    dir: PathBuf,
    log: File,
    entries: Vec<Entry>,
    lock: Option<Lock>,
    closed: bool,
}

impl Journal {
    /// Starts the journal of `command` in `repo`, under `lock`. An
    /// unfinished journal there already is an error (it must be recovered
    /// first).
    pub fn begin(repo: &Repo, lock: Lock, command: &str) -> Result<Journal, Error> {
        let base = dir_of(repo);
        let dir = records_in(&base);
        if dir.exists() {
            return Err(undo::unfinished(repo, &base));
        }
        signal::watch();
        // Made whole under another name, then renamed into place: a journal
        // is there with its header, or not at all.
        let new = base.join(format!("journal.new-{}", std::process::id()));
        let _ = fs::remove_dir_all(&new);
        fs::create_dir_all(&new).map_err(io(&new))?;
        let header = Header {
            format: FORMAT,
            relx: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            git_dir: canonical_git_dir(repo),
            started: jiff::Timestamp::now().to_string(),
            pid: std::process::id(),
        };
        let header_path = new.join("header.json");
        let text = serde_json::to_vec_pretty(&header).expect("a header serialises");
        atomic_write(&header_path, &text).map_err(|e| Error::FileWrite {
            path: e.path,
            reason: e.reason,
        })?;
        let log_path = new.join("log");
        File::create(&log_path)
            .and_then(|f| f.sync_all())
            .map_err(io(&log_path))?;
        sync_dir(&new);
        fs::rename(&new, &dir).map_err(io(&dir))?;
        sync_dir(&base);
        let log_path = dir.join("log");
        let log = OpenOptions::new()
            .append(true)
            .open(&log_path)
            .map_err(io(&log_path))?;
        Ok(Journal {
            dir,
            log,
            entries: Vec::new(),
            lock: Some(lock),
            closed: false,
        })
    }

    /// A scratch file inside the journal (a commit message, a temporary
    /// index): removed with the journal.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Stops if a signal arrived: the caller undoes and exits 128 + n.
    pub fn checkpoint(&self) -> Result<(), Error> {
        match signal::received() {
            Some(signal) => Err(Error::Signalled { signal }),
            None => Ok(()),
        }
    }

    fn append(&mut self, record: &Record) -> Result<(), Error> {
        let mut line = serde_json::to_vec(record).expect("a record serialises");
        line.push(b'\n');
        let path = self.dir.join("log");
        self.log
            .write_all(&line)
            .and_then(|()| self.log.sync_data())
            .map_err(io(&path))
    }

    fn save(&self, n: usize, bytes: &[u8]) -> Result<(), Error> {
        let path = self.dir.join(format!("{n}.before"));
        atomic_write(&path, bytes).map_err(|e| Error::FileWrite {
            path: e.path,
            reason: e.reason,
        })
    }

    /// Records `effect` as intended; returns its number.
    pub fn intend(&mut self, effect: Effect) -> Result<usize, Error> {
        let n = self.entries.len() + 1;
        self.append(&Record::Intent {
            n,
            effect: effect.clone(),
        })?;
        self.entries.push(Entry {
            n,
            effect,
            done: false,
        });
        Ok(n)
    }

    /// Marks effect `n` done, with the id it produced (for refs git made).
    pub fn done(&mut self, n: usize, new: Option<String>) -> Result<(), Error> {
        self.append(&Record::Done {
            n,
            new: new.clone(),
        })?;
        if let Some(entry) = self.entries.get_mut(n - 1) {
            entry.done = true;
            if let (Effect::Ref { new: slot, .. }, Some(id)) = (&mut entry.effect, new) {
                *slot = Some(id);
            }
        }
        Ok(())
    }

    /// Replaces `path` (absolute, symlinks resolved) with `bytes`: its
    /// previous bytes are saved first, the write is atomic.
    pub fn write_file(&mut self, path: &Path, bytes: &[u8]) -> Result<(), Error> {
        let (existed, mode, previous) = match fs::metadata(path) {
            Ok(meta) => (
                true,
                mode_of(&meta),
                Some(fs::read(path).map_err(io(path))?),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (false, None, None),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let n = self.entries.len() + 1;
        if let Some(previous) = &previous {
            self.save(n, previous)?;
        }
        self.intend(Effect::File {
            path: path.to_path_buf(),
            existed,
            mode,
            before: previous.as_deref().map(digest),
            after: digest(bytes),
            scratch: Some(crate::files::write::temp_path(path)),
        })?;
        atomic_write(path, bytes).map_err(|e| Error::FileWrite {
            path: e.path,
            reason: e.reason,
        })?;
        self.done(n, None)
    }

    /// Removes `path`, its bytes saved first.
    pub fn remove_file(&mut self, path: &Path) -> Result<(), Error> {
        let bytes = fs::read(path).map_err(io(path))?;
        let mode = fs::metadata(path).ok().as_ref().and_then(mode_of);
        let n = self.entries.len() + 1;
        self.save(n, &bytes)?;
        self.intend(Effect::Removed {
            path: path.to_path_buf(),
            mode,
            before: digest(&bytes),
        })?;
        fs::remove_file(path).map_err(io(path))?;
        self.done(n, None)
    }

    /// Sets relx's `changes` in the real index, under git's own
    /// `index.lock`: the new bytes are made on a copy first, so that the
    /// journal knows both the bytes before and the bytes after before the
    /// index is replaced (one rename).
    pub fn write_index(&mut self, repo: &Repo, changes: Vec<IndexChange>) -> Result<(), Error> {
        let index = repo.index_path();
        let lock = index.with_file_name("index.lock");
        let mut held = match OpenOptions::new().write(true).create_new(true).open(&lock) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::git(
                    format!("{}: another git process holds the index", lock.display()),
                    "wait for it to end (or remove the file if no git is running)",
                ))
            }
            Err(source) => return Err(Error::Io { path: lock, source }),
        };
        let result = (|| {
            let before = fs::read(&index).unwrap_or_default();
            let copy = self.scratch("index.new");
            fs::write(&copy, &before).map_err(io(&copy))?;
            repo.set_index_entries(&copy, &changes)?;
            let after = fs::read(&copy).map_err(io(&copy))?;
            let n = self.entries.len() + 1;
            self.save(n, &before)?;
            let after_copy = self.dir.join(format!("{n}.after"));
            atomic_write(&after_copy, &after).map_err(|e| Error::FileWrite {
                path: e.path,
                reason: e.reason,
            })?;
            self.intend(Effect::Index {
                path: index.clone(),
                before: digest(&before),
                after: Some(digest(&after)),
                entries: changes.clone(),
                lock: Some(lock.clone()),
            })?;
            held.write_all(&after)
                .and_then(|()| held.sync_all())
                .map_err(io(&lock))?;
            fs::rename(&lock, &index).map_err(io(&index))?;
            self.done(n, None)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&lock);
        }
        result
    }

    /// The effects recorded so far.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Success: the journal is removed, then the lock. A signal received
    /// since the last step still counts: the effects are undone instead,
    /// and the command exits 128 + n.
    pub fn finish(mut self, repo: &Repo) -> Result<(), Error> {
        if let Some(signal) = signal::received() {
            for left in &self.undo_now(repo).left {
                tracing::warn!("{}; {}", left.what, left.fix);
            }
            return Err(Error::Signalled { signal });
        }
        self.closed = true;
        remove_records(&self.dir)?;
        if let Some(lock) = self.lock.take() {
            lock.release();
        }
        Ok(())
    }

    /// Ends the journal with the command's `result`: finished on success,
    /// undone on failure, each effect relx could not put back logged as a
    /// warning with its fix.
    pub fn close(self, repo: &Repo, result: Result<(), Error>) -> Result<(), Error> {
        match result {
            Ok(()) => self.finish(repo),
            Err(error) => {
                for left in &self.undo(repo).left {
                    tracing::warn!("{}; {}", left.what, left.fix);
                }
                Err(error)
            }
        }
    }

    /// Failure: every effect is undone where it still stands as relx left
    /// it; then the journal and the lock are removed.
    pub fn undo(mut self, repo: &Repo) -> Outcome {
        self.undo_now(repo)
    }

    fn undo_now(&mut self, repo: &Repo) -> Outcome {
        self.closed = true;
        let outcome = undo::run(repo, &self.dir, &self.entries);
        if let Err(e) = remove_records(&self.dir) {
            tracing::warn!("{e}");
        }
        if let Some(lock) = self.lock.take() {
            lock.release();
        }
        outcome
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        // A journal dropped open (a panic) stays on disk, with the lock, for
        // the next run to report: nothing is guessed here.
        if !self.closed {
            if let Some(lock) = self.lock.take() {
                std::mem::forget(lock);
            }
        }
    }
}

/// Removes the journal's records: renamed away first, so that a crash in
/// the middle never leaves half a journal under its real name.
fn remove_records(dir: &Path) -> Result<(), Error> {
    let gone = dir.with_file_name(format!("journal.done-{}", std::process::id()));
    fs::rename(dir, &gone).map_err(io(dir))?;
    if let Some(parent) = dir.parent() {
        sync_dir(parent);
    }
    let _ = fs::remove_dir_all(&gone);
    Ok(())
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn canonical_git_dir(repo: &Repo) -> PathBuf {
    let dir = repo.common_dir();
    fs::canonicalize(&dir).unwrap_or(dir)
}

/// Every command that reads the repository calls this first: a journal left
/// by a relx that did not finish (a crash, a kill) means the repository is
/// half-way through a relx command, and nothing may be computed from it.
pub fn refuse_unfinished(repo: &Repo) -> Result<(), Error> {
    let base = dir_of(repo);
    if records_in(&base).exists() {
        return Err(undo::unfinished(repo, &base));
    }
    Ok(())
}

pub use undo::{describe as describe_entries, load, recover, Loaded};

/// Takes the writer lock of `repo` for `command`. A lock left by a relx
/// that died beside its unfinished journal is reported as the unfinished
/// journal (what it did, and `relx recover`).
pub fn take_lock(repo: &Repo, command: &str) -> Result<Lock, Error> {
    let base = dir_of(repo);
    match Lock::acquire(&base, command) {
        Err(Error::StaleLock { .. }) if records_in(&base).exists() => {
            Err(undo::unfinished(repo, &base))
        }
        other => other,
    }
}

//! Reading a journal back and undoing it: newest effect first, each one only
//! where the world still holds what relx left.

use std::fs;
use std::path::Path;

use super::{digest, lock, records_in, Effect, Entry, Header, Made, Record, FORMAT};
use crate::error::Error;
use crate::files::write::atomic_write;
use crate::git::Repo;

/// Something relx could not put back, and how the user can.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Leftover {
    /// What is left and why, naming the file or ref.
    pub what: String,
    /// The command that fixes it, or what to look at.
    pub fix: String,
}

/// What an undo did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Outcome {
    /// Effects put back, one line each.
    pub undone: Vec<String>,
    /// Effects left as they are.
    pub left: Vec<Leftover>,
}

impl Outcome {
    /// True when everything relx did was put back.
    pub fn complete(&self) -> bool {
        self.left.is_empty()
    }
}

/// A journal read from disk.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Whose it is.
    pub header: Header,
    /// Its effects, oldest first.
    pub entries: Vec<Entry>,
}

fn corrupt(path: &Path, reason: impl Into<String>) -> Error {
    Error::JournalCorrupt {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Reads the journal in `base` (`.git/relx`), checking that it belongs to
/// `repo` and that this relx can read it.
pub fn load(repo: &Repo, base: &Path) -> Result<Loaded, Error> {
    let dir = records_in(base);
    let header_path = dir.join("header.json");
    let text = fs::read(&header_path).map_err(|e| corrupt(&header_path, e.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| corrupt(&header_path, e.to_string()))?;
    let format = value.get("format").and_then(serde_json::Value::as_u64);
    if let Some(format) = format.filter(|f| *f > u64::from(FORMAT)) {
        return Err(Error::JournalTooNew {
            path: header_path,
            format,
            relx: value
                .get("relx")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("?")
                .to_string(),
        });
    }
    let header: Header =
        serde_json::from_value(value).map_err(|e| corrupt(&header_path, e.to_string()))?;
    let here = super::canonical_git_dir(repo);
    if header.git_dir != here {
        return Err(corrupt(
            &header_path,
            format!(
                "it belongs to another repository ({}), not this one",
                header.git_dir.display()
            ),
        ));
    }
    let log_path = dir.join("log");
    let log = fs::read_to_string(&log_path).map_err(|e| corrupt(&log_path, e.to_string()))?;
    let mut entries: Vec<Entry> = Vec::new();
    let lines: Vec<&str> = log.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let record: Record = match serde_json::from_str(line) {
            Ok(record) => record,
            // A last line cut short by a crash is an intent never acted on.
            Err(_) if i + 1 == lines.len() && !log.ends_with('\n') => break,
            Err(e) => return Err(corrupt(&log_path, format!("line {}: {e}", i + 1))),
        };
        match record {
            Record::Intent { n, effect } if n == entries.len() + 1 => entries.push(Entry {
                n,
                effect,
                done: false,
            }),
            Record::Done { n, new } if n >= 1 && n <= entries.len() => {
                let entry = &mut entries[n - 1];
                entry.done = true;
                match &mut entry.effect {
                    Effect::Ref { new: slot, .. } if new.is_some() => *slot = new,
                    Effect::Index { after: slot, .. } if new.is_some() => *slot = new,
                    _ => {}
                }
            }
            _ => return Err(corrupt(&log_path, format!("line {}: out of order", i + 1))),
        }
    }
    Ok(Loaded { header, entries })
}

/// The error for a journal found at the start of a command.
pub fn unfinished(repo: &Repo, base: &Path) -> Error {
    let lock_path = lock::path_in(base);
    if let Some(Ok(holder)) = lock::holder(&lock_path) {
        if lock::alive(holder.pid) && holder.pid != std::process::id() {
            return lock::refusal(&lock_path);
        }
    }
    match load(repo, base) {
        Ok(loaded) => Error::UnfinishedJournal {
            path: records_in(base),
            summary: format!(
                "`{}` (pid {}, {}) did not finish: {}",
                loaded.header.command,
                loaded.header.pid,
                loaded.header.started,
                describe(&loaded.entries)
            ),
        },
        Err(e) => e,
    }
}

/// One line for what a journal's effects did.
pub fn describe(entries: &[Entry]) -> String {
    if entries.is_empty() {
        return "it had changed nothing yet".to_string();
    }
    let parts: Vec<String> = entries
        .iter()
        .map(|e| {
            let state = if e.done { "" } else { " (maybe)" };
            match &e.effect {
                Effect::File { path, .. } => format!("wrote {}{state}", path.display()),
                Effect::Removed { path, .. } => format!("removed {}{state}", path.display()),
                Effect::Ref { name, .. } => format!("set {name}{state}"),
                Effect::Index { .. } => format!("updated the index{state}"),
            }
        })
        .collect();
    parts.join(", ")
}

/// Undoes a journal left on disk by a relx that did not finish, then
/// removes it and the stale lock.
pub fn recover(repo: &Repo, base: &Path) -> Result<Outcome, Error> {
    let loaded = load(repo, base)?;
    let dir = records_in(base);
    let outcome = run(repo, &dir, &loaded.entries);
    super::remove_records(&dir)?;
    Ok(outcome)
}

fn current_bytes(path: &Path) -> Option<Vec<u8>> {
    fs::read(path).ok()
}

fn saved(dir: &Path, n: usize) -> Option<Vec<u8>> {
    fs::read(dir.join(format!("{n}.before"))).ok()
}

/// Keeps relx's copy of a file's previous bytes where the user can take it.
fn rescue(dir: &Path, n: usize, path: &Path) -> String {
    let Some(base) = dir.parent() else {
        return "relx's copy of the previous content is lost".to_string();
    };
    let stamp = jiff::Timestamp::now().as_second();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let target = base.join("rescued").join(format!("{stamp}-{n}-{name}"));
    let moved = fs::create_dir_all(target.parent().unwrap_or(base))
        .and_then(|()| fs::rename(dir.join(format!("{n}.before")), &target));
    match moved {
        Ok(()) => format!(
            "its content before relx is kept in {}: cp '{}' '{}' puts it back",
            target.display(),
            target.display(),
            path.display()
        ),
        Err(_) => "check the file by hand".to_string(),
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: Option<u32>) {
    use std::os::unix::fs::PermissionsExt;
    if let Some(mode) = mode {
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    }
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: Option<u32>) {}

/// Undoes `entries`, newest first. `dir` holds their saved bytes.
pub fn run(repo: &Repo, dir: &Path, entries: &[Entry]) -> Outcome {
    let mut outcome = Outcome::default();
    for entry in entries.iter().rev() {
        match &entry.effect {
            Effect::File {
                path,
                existed,
                mode,
                before,
                after,
                scratch,
            } => {
                if let Some(scratch) = scratch {
                    let _ = fs::remove_file(scratch);
                }
                undo_file(
                    dir,
                    entry.n,
                    path,
                    *existed,
                    *mode,
                    before,
                    after,
                    &mut outcome,
                )
            }
            Effect::Removed { path, mode, before } => {
                undo_removed(dir, entry.n, path, *mode, before, &mut outcome)
            }
            Effect::Ref {
                name,
                old,
                new,
                made,
            } => undo_ref(
                repo,
                name,
                old.as_deref(),
                new.as_deref(),
                made.as_ref(),
                &mut outcome,
            ),
            Effect::Index {
                path,
                before,
                after,
                entries,
                lock,
            } => {
                release_index_lock(dir, entry.n, lock.as_deref());
                undo_index(
                    repo,
                    dir,
                    entry.n,
                    path,
                    before,
                    after.as_deref(),
                    entries,
                    &mut outcome,
                )
            }
        }
    }
    outcome
}

/// git's `index.lock` left by a relx killed while writing the index: it is
/// relx's if its bytes are (a beginning of) what relx was writing.
fn release_index_lock(dir: &Path, n: usize, lock: Option<&Path>) {
    let Some(lock) = lock else {
        return;
    };
    let (Some(held), Some(after)) = (
        current_bytes(lock),
        fs::read(dir.join(format!("{n}.after"))).ok(),
    ) else {
        return;
    };
    if after.starts_with(&held) {
        let _ = fs::remove_file(lock);
    }
}

#[allow(clippy::too_many_arguments)]
fn undo_file(
    dir: &Path,
    n: usize,
    path: &Path,
    existed: bool,
    mode: Option<u32>,
    before: &Option<String>,
    after: &str,
    outcome: &mut Outcome,
) {
    let now = current_bytes(path);
    let now_digest = now.as_deref().map(digest);
    if now_digest.as_deref() == before.as_deref() || (!existed && now.is_none()) {
        return; // never written, or already put back
    }
    if now_digest.as_deref() != Some(after) {
        let fix = rescue(dir, n, path);
        outcome.left.push(Leftover {
            what: format!(
                "{}: changed since relx wrote it; left as it is",
                path.display()
            ),
            fix,
        });
        return;
    }
    let result = if existed {
        match saved(dir, n) {
            Some(bytes) => atomic_write(path, &bytes)
                .map(|()| set_mode(path, mode))
                .map_err(|e| e.reason),
            None => Err("relx's copy of its previous content is missing".to_string()),
        }
    } else {
        fs::remove_file(path).map_err(|e| e.to_string())
    };
    match result {
        Ok(()) if existed => outcome.undone.push(format!("{}: put back", path.display())),
        Ok(()) => outcome
            .undone
            .push(format!("{}: removed (relx had created it)", path.display())),
        Err(reason) => outcome.left.push(Leftover {
            what: format!("{}: could not be put back: {reason}", path.display()),
            fix: rescue(dir, n, path),
        }),
    }
}

fn undo_removed(
    dir: &Path,
    n: usize,
    path: &Path,
    mode: Option<u32>,
    before: &str,
    outcome: &mut Outcome,
) {
    match current_bytes(path) {
        Some(bytes) if digest(&bytes) == before => {}
        Some(_) => outcome.left.push(Leftover {
            what: format!(
                "{}: relx removed it and something wrote it again; left as it is",
                path.display()
            ),
            fix: rescue(dir, n, path),
        }),
        None => match saved(dir, n) {
            Some(bytes) => match atomic_write(path, &bytes) {
                Ok(()) => {
                    set_mode(path, mode);
                    outcome.undone.push(format!("{}: put back", path.display()));
                }
                Err(e) => outcome.left.push(Leftover {
                    what: format!("{}: could not be put back: {}", path.display(), e.reason),
                    fix: rescue(dir, n, path),
                }),
            },
            None => outcome.left.push(Leftover {
                what: format!("{}: removed, and relx's copy is missing", path.display()),
                fix: "restore it from a backup or rebuild it".to_string(),
            }),
        },
    }
}

fn undo_ref(
    repo: &Repo,
    name: &str,
    old: Option<&str>,
    new: Option<&str>,
    made: Option<&Made>,
    outcome: &mut Outcome,
) {
    let now = repo.ref_id(name);
    if now.as_deref() == old {
        return; // never moved, or already back
    }
    let Some(now) = now else {
        outcome.left.push(Leftover {
            what: format!("{name}: deleted since relx set it; left as it is"),
            fix: match old {
                Some(old) => format!("git update-ref {name} {old}"),
                None => "nothing to do".to_string(),
            },
        });
        return;
    };
    // relx's own object: the id it recorded, or, after a crash while git
    // was making it, one that git made from relx's recorded parent and
    // message (or on relx's commit, for a tag).
    let ours = match new {
        Some(new) => now == new,
        None => match made {
            Some(Made::Commit { parent, message }) => {
                repo.commit_summary(&now).is_some_and(|(p, m)| {
                    p.as_deref() == Some(parent.as_str()) && m.trim() == message.trim()
                })
            }
            Some(Made::Tag { target }) => {
                repo.peel_commit(&now).as_deref() == Some(target.as_str())
            }
            None => false,
        },
    };
    if !ours {
        let fix = match old {
            Some(old) => format!("if it is relx's: git update-ref {name} {old} {now}"),
            None => format!("if it is relx's: git update-ref -d {name} {now}"),
        };
        outcome.left.push(Leftover {
            what: format!(
                "{name}: moved since relx set it (now {}); left as it is",
                short(&now)
            ),
            fix,
        });
        return;
    }
    match repo.compare_and_swap_ref(name, &now, old) {
        Ok(()) => outcome.undone.push(match old {
            Some(old) => format!("{name}: back at {}", short(old)),
            None => format!("{name}: deleted (relx had made it)"),
        }),
        Err(e) => outcome.left.push(Leftover {
            what: format!("{name}: could not be put back: {e}"),
            fix: match old {
                Some(old) => format!("git update-ref {name} {old} {now}"),
                None => format!("git update-ref -d {name} {now}"),
            },
        }),
    }
}

#[allow(clippy::too_many_arguments)]
fn undo_index(
    repo: &Repo,
    dir: &Path,
    n: usize,
    path: &Path,
    before: &str,
    after: Option<&str>,
    entries: &[super::IndexChange],
    outcome: &mut Outcome,
) {
    let now = current_bytes(path).unwrap_or_default();
    let now_digest = digest(&now);
    if now_digest == before {
        return;
    }
    if Some(now_digest.as_str()) == after {
        if let Some(bytes) = saved(dir, n) {
            if atomic_write(path, &bytes).is_ok() {
                outcome.undone.push("the index: put back".to_string());
                return;
            }
        }
    }
    // Someone staged something meanwhile: put back only relx's entries,
    // each where it still holds what relx put there.
    for change in entries {
        match repo.swap_index_entry(change) {
            Ok(true) => outcome
                .undone
                .push(format!("the index entry of {}: put back", change.path)),
            Ok(false) => outcome.left.push(Leftover {
                what: format!(
                    "the index entry of {}: changed since relx staged it; left as it is",
                    change.path
                ),
                fix: format!("git restore --staged {}", change.path),
            }),
            Err(e) => outcome.left.push(Leftover {
                what: format!(
                    "the index entry of {}: could not be put back: {e}",
                    change.path
                ),
                fix: format!("git restore --staged {}", change.path),
            }),
        }
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(7)]
}

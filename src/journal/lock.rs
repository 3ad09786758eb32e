//! One writer at a time: `.git/relx/lock`, made with `O_EXCL` and held for
//! the whole writing command. A second writer stops at once and names the
//! process that holds the lock; a lock whose process is gone is reported,
//! never silently taken over (`relx recover --exec` clears it).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// What the lock file says about its holder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Holder {
    /// The process id.
    pub pid: u32,
    /// The command line it runs (`relx bump --exec`).
    pub command: String,
    /// When it started, RFC 3339.
    pub started: String,
}

/// A held lock; dropped, it removes its file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    released: bool,
}

/// The lock file of the journal directory `dir` (`.git/relx`).
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join("lock")
}

/// True when process `pid` runs (on this machine).
pub fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill with signal 0 only asks whether the process exists.
        let answer = unsafe { libc::kill(pid, 0) };
        answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        // Without a portable probe, a lock is taken as held.
        let _ = pid;
        true
    }
}

/// Reads the holder of the lock at `path`, if the file exists.
pub fn holder(path: &Path) -> Option<Result<Holder, String>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(e.to_string())),
    };
    Some(serde_json::from_str(&text).map_err(|e| format!("unreadable lock file: {e}")))
}

/// The error for a lock that is there already.
pub fn refusal(path: &Path) -> Error {
    match holder(path) {
        Some(Ok(h)) if alive(h.pid) => Error::Locked {
            path: path.to_path_buf(),
            holder: format!(
                "another relx (pid {}, `{}`, since {}) is writing this repository",
                h.pid, h.command, h.started
            ),
        },
        Some(Ok(h)) => Error::StaleLock {
            path: path.to_path_buf(),
            holder: format!(
                "left by relx pid {} (`{}`, since {}), which is no longer running",
                h.pid, h.command, h.started
            ),
        },
        Some(Err(reason)) => Error::StaleLock {
            path: path.to_path_buf(),
            holder: reason,
        },
        None => Error::Locked {
            path: path.to_path_buf(),
            holder: "another relx is writing this repository".to_string(),
        },
    }
}

impl Lock {
    /// Takes the lock in `dir` for `command`, or says who holds it.
    pub fn acquire(dir: &Path, command: &str) -> Result<Lock, Error> {
        // From the lock on, a signal is noted and obeyed at the next step,
        // after the undo: never by dying with the lock and a journal left.
        super::signal::watch();
        fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = path_in(dir);
        let holder = Holder {
            pid: std::process::id(),
            command: command.to_string(),
            started: jiff::Timestamp::now().to_string(),
        };
        let text = serde_json::to_string(&holder).expect("a lock holder serialises");
        // Written whole beside it, then linked into place: the lock appears
        // with its content or not at all, and linking fails if it exists.
        let tmp = dir.join(format!("lock.{}.tmp", std::process::id()));
        let written = fs::File::create(&tmp).and_then(|mut file| {
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
        });
        if let Err(source) = written {
            let _ = fs::remove_file(&tmp);
            return Err(Error::Io { path: tmp, source });
        }
        let linked = fs::hard_link(&tmp, &path);
        let _ = fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(Lock {
                path,
                released: false,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(refusal(&path)),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Where the lock file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the lock file.
    pub fn release(mut self) {
        self.remove();
    }

    fn remove(&mut self) {
        if !self.released {
            self.released = true;
            let _ = fs::remove_file(&self.path);
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.remove();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::acquire(dir.path(), "relx bump --exec").unwrap();
        let second = Lock::acquire(dir.path(), "relx bump --exec").unwrap_err();
        let text = second.to_string();
        assert!(text.contains(&std::process::id().to_string()), "{text}");
        assert!(text.contains("lock"), "{text}");
        assert_eq!(second.exit_code(), 80);
        first.release();
        assert!(!path_in(dir.path()).exists());
        Lock::acquire(dir.path(), "again").unwrap();
    }

    #[test]
    fn a_lock_of_a_gone_process_is_reported_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let holder = Holder {
            pid: u32::MAX - 7,
            command: "relx bump --exec".to_string(),
            started: "2026-01-01T00:00:00Z".to_string(),
        };
        fs::write(path_in(dir.path()), serde_json::to_string(&holder).unwrap()).unwrap();
        let error = Lock::acquire(dir.path(), "relx bump --exec").unwrap_err();
        assert_eq!(error.exit_code(), 81, "{error}");
        assert!(error.to_string().contains("no longer running"), "{error}");
        assert!(path_in(dir.path()).exists(), "the stale lock stays");
    }
}

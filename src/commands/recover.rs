//! `relx recover`: what a relx that did not finish left (its journal and
//! its lock), as one [`Leftovers`] value, and under `--exec` the undo of
//! its effects ([`undo`]).

use std::path::PathBuf;

use crate::error::Error;
use crate::flags::GlobalArgs;
use crate::git::Repo;
use crate::journal::{self, lock, Loaded, Lock, Outcome};
use crate::settings;

/// What an unfinished relx left in the repository.
pub struct Leftovers {
    repo: Repo,
    base: PathBuf,
    /// The lock file.
    pub lock_path: PathBuf,
    /// Whether a lock is there whose process is gone.
    pub stale_lock: bool,
    /// The journal file, when there is one.
    pub journal: Option<PathBuf>,
    /// The journal's header and entries.
    pub loaded: Option<Loaded>,
}

impl Leftovers {
    /// Whether there is anything to recover.
    pub fn any(&self) -> bool {
        self.journal.is_some() || self.stale_lock
    }
}

/// Reads the journal and the lock; refuses while the lock's holder lives.
pub fn inspect(global: &GlobalArgs) -> Result<Leftovers, Error> {
    let dir = settings::run_dir(global)?;
    let repo = Repo::discover(&dir)?;
    let base = journal::dir_of(&repo);
    let lock_path = lock::path_in(&base);
    let holder = lock::holder(&lock_path);
    if let Some(Ok(h)) = &holder {
        if lock::alive(h.pid) {
            return Err(lock::refusal(&lock_path));
        }
    }
    let records = journal::records_in(&base);
    let (journal, loaded) = if records.exists() {
        (Some(records), Some(journal::load(&repo, &base)?))
    } else {
        (None, None)
    };
    Ok(Leftovers {
        repo,
        base,
        lock_path,
        stale_lock: holder.is_some(),
        journal,
        loaded,
    })
}

/// Takes the lock over from the dead process (so that no second relx
/// starts while the undo runs), undoes the journal's effects and removes
/// the lock.
pub fn undo(found: &Leftovers) -> Result<Outcome, Error> {
    if found.stale_lock {
        std::fs::remove_file(&found.lock_path).map_err(|source| Error::Io {
            path: found.lock_path.clone(),
            source,
        })?;
    }
    let held = Lock::acquire(&found.base, "relx recover --exec")?;
    let outcome = if found.journal.is_some() {
        journal::recover(&found.repo, &found.base)?
    } else {
        Outcome::default()
    };
    held.release();
    Ok(outcome)
}

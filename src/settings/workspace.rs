//! The global flags `-C DIR` and `--config FILE` applied: the run's
//! directory, its workspace and its writer lock.

use std::path::PathBuf;

use crate::error::Error;
use crate::flags::GlobalArgs;
use crate::journal::Lock;
use crate::project::{run_dir_at, take_lock_at, Workspace};

/// The directory relx runs in: `-C DIR` (relative to the current one) or
/// the current directory.
pub fn run_dir(global: &GlobalArgs) -> Result<PathBuf, Error> {
    run_dir_at(global.dir.as_deref())
}

/// Takes the repository's writer lock for `command` (a writing command
/// holds it from its first read to its end); none outside a repository.
pub fn take_lock(global: &GlobalArgs, command: &str) -> Result<Option<Lock>, Error> {
    take_lock_at(global.dir.as_deref(), command)
}

impl Workspace {
    /// Opens the repository and finds the configuration `-C` and
    /// `--config` name. Outside a repository this fails with exit 2 unless
    /// `repo_optional`.
    pub fn open(global: &GlobalArgs, repo_optional: bool) -> Result<Workspace, Error> {
        Workspace::open_at(
            global.dir.as_deref(),
            global.config.as_deref(),
            repo_optional,
        )
    }
}

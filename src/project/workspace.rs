//! Where a run happens: the directory, the repository and the
//! configuration that applies, and the writer lock a writing command takes.

use std::path::{Path, PathBuf};

use super::Loaded;
use crate::config::Config;
use crate::error::Error;
use crate::git::Repo;

/// Where a run happens: directory, repository and configuration.
pub struct Workspace {
    /// The directory relx runs in (`-C` or the current directory).
    pub dir: PathBuf,
    /// The repository, when `dir` is inside one.
    pub repo: Option<Repo>,
    /// The configuration that applies.
    pub loaded: Loaded,
}

/// The directory relx runs in: `given` (`-C DIR`, relative to the current
/// one) or the current directory.
pub fn run_dir_at(given: Option<&Path>) -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    let dir = match given {
        Some(d) => cwd.join(d),
        None => cwd,
    };
    if !dir.is_dir() {
        return Err(Error::Io {
            path: dir,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
        });
    }
    Ok(dir)
}

/// Takes the repository's writer lock for `command` (a writing command
/// holds it from its first read to its end); none outside a repository.
pub fn take_lock_at(
    given: Option<&Path>,
    command: &str,
) -> Result<Option<crate::journal::Lock>, Error> {
    let dir = run_dir_at(given)?;
    match Repo::discover(&dir) {
        Ok(repo) => crate::journal::take_lock(&repo, command).map(Some),
        Err(_) => Ok(None),
    }
}

impl Workspace {
    /// Opens the repository and finds the configuration (`config`: that
    /// file only). Outside a repository this fails with exit 2 unless
    /// `repo_optional`.
    pub fn open_at(
        given: Option<&Path>,
        config: Option<&Path>,
        repo_optional: bool,
    ) -> Result<Workspace, Error> {
        let dir = run_dir_at(given)?;
        let repo = match Repo::discover(&dir) {
            Ok(repo) => Some(repo),
            Err(_) if repo_optional => None,
            Err(e) => return Err(e),
        };
        // Nothing is computed from a repository half-way through a relx
        // command that did not finish.
        if let Some(repo) = &repo {
            crate::journal::refuse_unfinished(repo)?;
        }
        let root = repo.as_ref().map(Repo::workdir);
        let loaded = super::load(&dir, root.as_deref(), config)?;
        Ok(Workspace { dir, repo, loaded })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.loaded.config
    }

    /// The config file's path, for messages.
    pub fn config_path(&self) -> Option<&Path> {
        self.loaded.origin.as_ref().map(|o| o.path.as_path())
    }

    /// `file: `key`` for messages about a configuration key.
    pub fn place(&self, key: &str) -> String {
        match self.config_path() {
            Some(path) => format!("{}: `{key}`", path.display()),
            None => format!("`{key}`"),
        }
    }

    /// A configuration error naming the file.
    pub fn invalid(&self, message: String) -> Error {
        Error::InvalidSetting {
            path: self.config_path().map(Path::to_path_buf),
            message,
        }
    }

    /// The repository; outside one, exit 2.
    pub fn repo(&self) -> Result<&Repo, Error> {
        self.repo
            .as_ref()
            .ok_or_else(|| Error::NotARepository(self.dir.clone()))
    }
}

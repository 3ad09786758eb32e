//! The dist directory: a staging directory inside it for the build's
//! output (so only files that passed every check reach dist/), listings,
//! moves and removals. Shell: touches files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::Error;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A fresh directory inside dist/ that the build writes into; removed with
/// whatever is left in it when dropped.
/// The dist directory itself goes too when this created it and it is left
/// empty (a failed build).
pub struct Staging {
    path: PathBuf,
    created: Option<PathBuf>,
}

impl Staging {
    /// Creates `dist_dir` if needed and an empty staging directory in it.
    pub fn new(dist_dir: &Path) -> Result<Staging, Error> {
        let created = (!dist_dir.exists()).then(|| dist_dir.to_path_buf());
        fs::create_dir_all(dist_dir).map_err(io(dist_dir))?;
        let path = staging_path(dist_dir);
        if path.exists() {
            fs::remove_dir_all(&path).map_err(io(&path))?;
        }
        fs::create_dir(&path).map_err(io(&path))?;
        Ok(Staging { path, created })
    }

    /// The staging directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
        if let Some(dist) = &self.created {
            // Only an empty directory goes.
            let _ = fs::remove_dir(dist);
        }
    }
}

/// The staging directory in `dist_dir`: one name, so a run that was killed
/// leaves nothing the next run does not clean up.
pub fn staging_path(dist_dir: &Path) -> PathBuf {
    dist_dir.join(".relx-staging")
}

/// Regular files directly in `dir` (none when it does not exist), by name,
/// with size and modification time.
pub fn listing(dir: &Path) -> Result<BTreeMap<String, (u64, Option<SystemTime>)>, Error> {
    let mut files = BTreeMap::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(io(dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io(dir))?;
        let meta = entry.metadata().map_err(io(&entry.path()))?;
        if meta.is_file() {
            files.insert(
                entry.file_name().to_string_lossy().into_owned(),
                (meta.len(), meta.modified().ok()),
            );
        }
    }
    Ok(files)
}

/// Names new in `after`, or changed in size or time.
pub fn changed(
    before: &BTreeMap<String, (u64, Option<SystemTime>)>,
    after: &BTreeMap<String, (u64, Option<SystemTime>)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(name, stamp)| before.get(*name) != Some(stamp))
        .map(|(name, _)| name.clone())
        .collect()
}

/// Moves `name` from `from` into `to`, replacing a file of the same name.
pub fn move_file(from: &Path, to: &Path, name: &str) -> Result<(), Error> {
    let target = to.join(name);
    fs::rename(from.join(name), &target).map_err(io(&target))
}

/// Removes files.
pub fn remove(dir: &Path, names: &[String]) -> Result<(), Error> {
    for name in names {
        let path = dir.join(name);
        fs::remove_file(&path).map_err(io(&path))?;
    }
    Ok(())
}

//! `relx build --snapshot`: the snapshot version is written into the
//! version files for the build only. The edits are the same format-
//! preserving ones `relx bump --exec` makes (`files::targets::edits`); this
//! module writes them and puts every file back byte for byte afterwards:
//! after a success, a failure, or an interruption (the value restores
//! itself when dropped, and `relx build` turns Ctrl-C into an orderly
//! return). Shell: writes files.

use std::path::PathBuf;

use crate::error::Error;
use crate::files::targets::FileEdit;
use crate::files::write::atomic_write;

/// Version files holding the snapshot version until restored.
#[derive(Debug)]
pub struct Applied {
    /// Each file and its original bytes, in the order written.
    originals: Vec<(PathBuf, Vec<u8>)>,
}

impl Applied {
    /// Writes each edit's new bytes; if one write fails, the files already
    /// written are restored before the error returns.
    pub fn write(edits: &[FileEdit]) -> Result<Applied, Error> {
        let mut applied = Applied {
            originals: Vec::new(),
        };
        for edit in edits {
            atomic_write(&edit.path, &edit.after).map_err(|e| Error::FileWrite {
                path: e.path,
                reason: e.reason,
            })?;
            applied
                .originals
                .push((edit.path.clone(), edit.before.clone()));
        }
        Ok(applied)
    }

    /// The files changed.
    pub fn paths(&self) -> Vec<&PathBuf> {
        self.originals.iter().map(|(p, _)| p).collect()
    }

    /// Puts every file back; the first failure is returned after trying
    /// them all.
    pub fn restore(mut self) -> Result<(), Error> {
        self.restore_all()
    }

    fn restore_all(&mut self) -> Result<(), Error> {
        let mut first = None;
        for (path, bytes) in self.originals.drain(..).rev() {
            if let Err(e) = atomic_write(&path, &bytes) {
                first.get_or_insert(Error::Io {
                    path: e.path,
                    source: std::io::Error::other(format!(
                        "{}; it still holds the snapshot version",
                        e.reason
                    )),
                });
            }
        }
        first.map_or(Ok(()), Err)
    }
}

impl Drop for Applied {
    fn drop(&mut self) {
        let _ = self.restore_all();
    }
}

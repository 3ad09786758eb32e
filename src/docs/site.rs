//! A built site on disk, read as mike's `walk_real_files` reads it: every
//! file under the folder (symbolic links to files read through), `.git`
//! folders and links to folders skipped, executables kept executable.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use super::pages::{Content, File, MODE_EXEC, MODE_FILE};
use crate::error::Error;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Every file of the site, with paths relative to `root`, sorted by path.
pub fn read(root: &Path) -> Result<Vec<File>, Error> {
    if !root.is_dir() {
        return Err(Error::Io {
            path: root.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
        });
    }
    let mut files = Vec::new();
    walk(root, "", &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, files: &mut Vec<File>) -> Result<(), Error> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_str().ok_or_else(|| Error::Io {
            path: path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "file name is not UTF-8"),
        })?;
        let relative = format!("{prefix}{name}");
        let kind = entry.file_type().map_err(io(&path))?;
        if kind.is_dir() {
            if name != ".git" {
                walk(&path, &format!("{relative}/"), files)?;
            }
            continue;
        }
        // A link is followed for its content; a link to a folder is skipped
        // (`os.walk` does not descend into it).
        let meta = std::fs::metadata(&path).map_err(io(&path))?;
        if meta.is_dir() {
            continue;
        }
        let data = std::fs::read(&path).map_err(io(&path))?;
        let mode = if meta.permissions().mode() & 0o111 != 0 {
            MODE_EXEC
        } else {
            MODE_FILE
        };
        files.push(File {
            path: relative,
            mode,
            content: Content::Data(Arc::from(data)),
        });
    }
    Ok(())
}

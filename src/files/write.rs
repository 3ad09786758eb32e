//! Reading and writing project files: atomic replacement (written beside the
//! original, then renamed over it) and `version_files` glob resolution.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use globset::GlobBuilder;

/// A file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", .path.display())]
pub struct WriteError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

/// The temporary file [`atomic_write`] writes beside `path` before the
/// rename (its name carries the process id): what a killed relx may leave,
/// and what the journal's undo removes.
pub fn temp_path(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.relx-{}.tmp", std::process::id()))
}

/// Replaces `path`'s content with `bytes`: writes a temporary file in the same
/// directory, syncs it, gives it the original's permissions, renames it over
/// the original. A read-only file is refused, not replaced.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    let permissions = match fs::metadata(path) {
        Ok(meta) if meta.permissions().readonly() => {
            return Err(fail("the file is read-only".to_string()))
        }
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e.to_string())),
    };
    let tmp = temp_path(path);
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Some(p) = permissions {
            fs::set_permissions(&tmp, p)?;
        }
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e.to_string()));
    }
    Ok(())
}

/// Writes generated files (`relx man --out-dir`) into `dir`, making it
/// first; each file atomically. Returns the paths written.
pub fn write_generated(
    dir: &Path,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<PathBuf>, crate::error::Error> {
    let failed = |path: &Path, e: String| crate::error::Error::CannotWrite {
        path: path.to_path_buf(),
        reason: e,
    };
    fs::create_dir_all(dir).map_err(|e| failed(dir, e.to_string()))?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        atomic_write(&path, bytes).map_err(|e| failed(&path, e.to_string()))?;
        written.push(path);
    }
    Ok(written)
}

/// Where relx may write `path`: the file itself with every symlink
/// resolved, which must be a regular file (or not exist yet) inside
/// `workdir` (also resolved). Writing the resolved path keeps a symlinked
/// version file a symlink.
pub fn resolve_inside(workdir: &Path, path: &Path) -> Result<PathBuf, String> {
    let root = fs::canonicalize(workdir).map_err(|e| e.to_string())?;
    let resolved = match fs::canonicalize(path) {
        Ok(resolved) => resolved,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                return Err("is a symlink to nothing".to_string());
            }
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = path.file_name().ok_or("has no file name")?;
            fs::canonicalize(parent)
                .map_err(|e| format!("its directory: {e}"))?
                .join(name)
        }
        Err(e) => return Err(e.to_string()),
    };
    if !resolved.starts_with(&root) {
        return Err(format!(
            "is outside the work tree ({} after resolving links): relx writes only inside it",
            resolved.display()
        ));
    }
    if resolved.starts_with(root.join(".git")) {
        return Err("is inside .git".to_string());
    }
    match fs::metadata(&resolved) {
        Ok(meta) if !meta.is_file() => Err(
            "is not a regular file (a directory, FIFO or device): relx writes only regular files"
                .to_string(),
        ),
        _ => Ok(resolved),
    }
}

/// True when the pattern has glob characters.
fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// The files a `version_files` path or glob names, relative to `base`, sorted
/// (commitizen resolves with Python's `glob.iglob`: `*` stays inside one
/// directory level, as here).
pub fn resolve_glob(base: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    if !is_glob(pattern) {
        // Anything that exists is named (a directory or FIFO too), so that
        // the writer refuses it by name instead of calling it missing.
        let path = base.join(pattern);
        return Ok(if path.exists() {
            vec![path]
        } else {
            Vec::new()
        });
    }
    let matcher = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| e.to_string())?
        .compile_matcher();
    let mut found = Vec::new();
    let mut stack = vec![base.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(relative) = path.strip_prefix(base) else {
                continue;
            };
            let file_type = entry.file_type().map_err(|e| e.to_string())?;
            if file_type.is_dir() {
                if entry.file_name() != ".git" {
                    stack.push(path);
                }
            } else if matcher.is_match(relative) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_keeps_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        fs::write(&path, "old").unwrap();
        atomic_write(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn read_only_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        fs::write(&path, "old").unwrap();
        let mut p = fs::metadata(&path).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(&path, p).unwrap();
        assert!(atomic_write(&path, b"new").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_inside_the_work_tree() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("repo");
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(root.join("src/v.py"), "1").unwrap();
        fs::write(outer.path().join("x"), "1").unwrap();
        std::os::unix::fs::symlink("src/v.py", root.join("link.py")).unwrap();
        std::os::unix::fs::symlink(outer.path(), root.join("out")).unwrap();
        let canonical = fs::canonicalize(&root).unwrap();
        assert_eq!(
            resolve_inside(&root, &root.join("link.py")).unwrap(),
            canonical.join("src/v.py")
        );
        assert_eq!(
            resolve_inside(&root, &root.join("new.md")).unwrap(),
            canonical.join("new.md")
        );
        for bad in ["../x", "out/x", "src"] {
            let error = resolve_inside(&root, &root.join(bad)).unwrap_err();
            assert!(!error.is_empty(), "{bad}");
        }
        assert!(resolve_inside(&root, &outer.path().join("x"))
            .unwrap_err()
            .contains("outside the work tree"));
        let fifo = root.join("fifo");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        assert!(resolve_inside(&root, &fifo)
            .unwrap_err()
            .contains("not a regular file"));
    }

    #[test]
    fn globs_stay_in_one_level() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/pkg")).unwrap();
        fs::write(dir.path().join("src/pkg/__init__.py"), "").unwrap();
        fs::write(dir.path().join("src/a.py"), "").unwrap();
        let found = resolve_glob(dir.path(), "src/*.py").unwrap();
        assert_eq!(found, vec![dir.path().join("src/a.py")]);
        let found = resolve_glob(dir.path(), "src/*/__init__.py").unwrap();
        assert_eq!(found, vec![dir.path().join("src/pkg/__init__.py")]);
    }
}

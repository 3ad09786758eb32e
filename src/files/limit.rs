//! Bounded reads. A file relx reads whole (a changelog, a changelog
//! template, a version file, a configuration file) is read only up to
//! [`MAX_FILE_SIZE`]: a path that names a huge file, `/dev/zero` or a FIFO
//! that never ends is refused with an error naming it, instead of filling
//! memory.

use std::io::Read;
use std::path::Path;

use crate::error::Error;

/// The most bytes relx reads from one file: 64 MiB. A changelog of 100,000
/// releases is a few MiB; anything larger is taken for the wrong file.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The bytes of `path`, refused with [`Error::FileTooLarge`] when it holds
/// more than [`MAX_FILE_SIZE`].
pub fn read(path: &Path) -> Result<Vec<u8>, Error> {
    read_at_most(path, MAX_FILE_SIZE)
}

/// The bytes of `path`, refused when it holds more than `limit`. Reads one
/// byte past the limit at most, whatever the file claims as its size.
pub fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(Error::FileTooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_at_the_limit_is_read_and_one_byte_more_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("CHANGELOG.md");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_at_most(&path, 10).unwrap(), b"0123456789");
        let err = read_at_most(&path, 9).unwrap_err();
        assert!(matches!(err, Error::FileTooLarge { limit: 9, .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert_eq!(err.exit_code(), 89);
    }

    #[test]
    fn an_endless_file_is_refused_without_reading_it_all() {
        // /dev/zero never ends: only the limit stops the read.
        let err = read_at_most(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(matches!(err, Error::FileTooLarge { .. }), "{err}");
    }

    #[test]
    fn the_cap_is_64_mib() {
        assert_eq!(MAX_FILE_SIZE, 64 << 20);
        let err = Error::FileTooLarge {
            path: "CHANGELOG.md".into(),
            limit: MAX_FILE_SIZE,
        };
        assert_eq!(
            err.to_string(),
            "CHANGELOG.md: larger than 64 MiB, the most relx reads from one file"
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_it() {
        let err = read(Path::new("/nonexistent/relx/VERSION")).unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err}");
        assert!(err.to_string().starts_with("/nonexistent/relx/VERSION"));
    }
}

//! git2's errors as relx's: the one place the app error meets git2, so
//! that `crate::error` depends on no git library. A git2 failure becomes
//! `Error::Git` with git2's message and no hint.

use crate::error::Error;

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Error {
        Error::Git {
            message: format!("git: {}", e.message()),
            hint: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_git2_error_keeps_its_message_and_exit_code() {
        let e = Error::from(git2::Error::from_str("reference 'HEAD' not found"));
        assert_eq!(e.to_string(), "git: reference 'HEAD' not found");
        assert_eq!(e.exit_code(), 23);
        assert_eq!(e.hint(), None);
    }
}

//! Each error's exit code (commitizen's where it has one, SPEC §1.1) and
//! its hint: the one table, with docs/exit-codes.md beside it.

use super::{Error, USAGE_EXIT_CODE};
use crate::changelog::ChangelogError;
use crate::plan::PlanError;

/// The hint for a `MANUAL_VERSION` that is not a version.
const FORCE_WORDS: &str =
    "FORCE words are major, minor, patch, alpha, beta, rc, release, a dev number, or a whole version such as 2.0.0";

impl Error {
    /// Same code as commitizen for the same situation (SPEC §1.1).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::UnknownRules(_) | Error::Io { .. } => 1,
            Error::CommitFailed(_) => 6,
            Error::TagExists(_) | Error::TagFailed { .. } => 7,
            Error::VersionFile { .. } | Error::VersionNotInFile { .. } => 17,
            Error::OperationInProgress(_) => 23,
            Error::HookFailed { .. } => 26,
            Error::FileWrite { .. } => 40,
            Error::DirtyTree(_) => 41,
            Error::PushFailed(_) => 42,
            Error::NotARepository(_) => 2,
            Error::Plan(PlanError::NoCommits { .. } | PlanError::NoCommitsForPrerelease) => 3,
            Error::NoVersion(_) => 4,
            Error::NoPatternMap(_) => 5,
            Error::MissingCustomize => 15,
            Error::Config(_) | Error::InvalidSetting { .. } | Error::InvalidVersionIn { .. } => 19,
            Error::NotAllowed(_)
            | Error::Plan(PlanError::NotAllowed(_) | PlanError::NotHigher { .. }) => 20,
            Error::Plan(PlanError::NoIncrement) => 21,
            Error::Git { .. } => 23,
            Error::InvalidManualVersion { .. }
            | Error::Plan(PlanError::InvalidManualVersion(_)) => 24,
            Error::UnknownProvider(_) => 27,
            Error::UnknownScheme(_) => 28,
            Error::NothingToBuild(_) => 43,
            Error::NoBuildFrontend(_) => 44,
            Error::BuildFailed { .. } => 45,
            Error::BuiltVersionMismatch { .. } => 46,
            Error::DistCheckFailed { .. } => 47,
            Error::DistHasOtherVersions { .. } => 48,
            Error::NoDistributions { .. } => 49,
            Error::Interrupted { signal, .. } => u8::try_from(128 + signal).unwrap_or(130),
            Error::DocsInvalidName { .. } => 50,
            Error::DocsConflict { .. } => 51,
            Error::DocsNotFound { .. } => 52,
            Error::DocsInvalidVersions { .. } => 53,
            Error::DocsMkdocs { .. } => 54,
            Error::DocsBuild { .. } => 55,
            Error::DocsDiverged { .. } => 56,
            Error::DocsPush { .. } => 57,
            Error::NoProject(_) => 2,
            Error::UnknownShell(_) => USAGE_EXIT_CODE,
            Error::CannotWrite { .. } => 40,
            Error::AlreadyConfigured { .. } => 60,
            Error::WouldOverwrite(_) => 61,
            Error::NotConfirmed { .. } => 62,
            Error::ConfigFileNotFound(_) => 30,
            Error::ConfigFileIsEmpty(_) => 31,
            Error::NoCommitsIn(_) => 3,
            Error::Usage(_) => 13,
            Error::InvalidCommitMessage(_) => 14,
            Error::Changelog(ChangelogError::NoRevision { .. }) => 16,
            Error::VersionMismatch(_) => 17,
            Error::InvalidArgument(_) => 18,
            Error::Changelog(ChangelogError::Template(_)) => 19,
            Error::NotUtf8 { .. } => 22,
            Error::UnknownChangelogFormat(_) => 29,
            Error::MessageTooLong(_) => 32,
            Error::NoDistFiles(_) => 70,
            Error::NotOneRelease(_) => 71,
            Error::ReleaseTag { .. } => 72,
            Error::TagPattern { .. } => 73,
            Error::NoCredentials(_) | Error::CredentialsInUrl { .. } => 74,
            Error::CredentialsRefused { .. } => 75,
            Error::UploadConflict { .. } => 76,
            Error::UploadFailed { .. } => 77,
            Error::ForgeRelease { .. } => 78,
            Error::TrustedPublishing(_) => 79,
            Error::Locked { .. } => 80,
            Error::StaleLock { .. } => 81,
            Error::UnfinishedJournal { .. } => 82,
            Error::JournalCorrupt { .. } => 83,
            Error::JournalTooNew { .. } => 84,
            Error::UnsafePath { .. } => 85,
            Error::InvalidName { .. } => 86,
            Error::UndoIncomplete(_) => 88,
            Error::Signalled { signal } => u8::try_from(128 + signal).unwrap_or(130),
            Error::FileTooLarge { .. } => 89,
        }
    }

    /// A second line telling the user what to do, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Git { hint, .. } => hint.clone(),
            Error::Plan(PlanError::NoCommits { .. }) => Some("force a bump with `relx bump patch` or `--allow-no-commit`".to_string()),
            Error::Plan(PlanError::NoCommitsForPrerelease) => {
                Some("name the increment too, e.g. `relx version minor alpha`".to_string())
            }
            Error::InvalidManualVersion { option, .. } if option == "MANUAL_VERSION" => Some(FORCE_WORDS.to_string()),
            Error::Plan(PlanError::InvalidManualVersion(_)) => Some(FORCE_WORDS.to_string()),
            Error::NoVersion(_) => Some(
                "set `version` in [tool.relx] (or [tool.commitizen]), or choose a `version_provider` such as pep621 or scm"
                    .to_string(),
            ),
            Error::DirtyTree(_) => Some("commit or stash the changes, or pass --allow-dirty".to_string()),
            Error::TagExists(_) => Some("delete the tag (git tag -d) or bump to another version".to_string()),
            Error::OperationInProgress(_) => Some("finish or abort it first".to_string()),
            Error::VersionNotInFile { .. } => {
                Some("the version in the configuration and this file disagree; fix one of them".to_string())
            }
            Error::PushFailed(_) => Some("the commit and tag are made locally; push them with git push --follow-tags".to_string()),
            Error::BuildFailed { tail, .. } => tail.clone(),
            Error::NothingToBuild(_) => Some("run relx build in the project's directory, or pass -C DIR".to_string()),
            Error::NoBuildFrontend(_) => Some("install uv, or `python3 -m pip install build`; or set build_command".to_string()),
            Error::BuiltVersionMismatch { .. } => Some(
                "a version taken from git (hatch-vcs, setuptools-scm) needs the release tag at HEAD and a full clone \
                 (git fetch --tags --unshallow); for a build between releases use --snapshot"
                    .to_string(),
            ),
            Error::DistHasOtherVersions { .. } => {
                Some("remove them, or keep the newest with --keep N".to_string())
            }
            Error::DocsConflict { hint, .. } | Error::DocsMkdocs { hint, .. } => hint.clone(),
            Error::DocsNotFound { .. } => Some("see what is deployed with `relx docs list`".to_string()),
            Error::DocsInvalidVersions { .. } => Some(
                "fix or delete versions.json on the docs branch (git show BRANCH:versions.json)".to_string(),
            ),
            Error::DocsBuild { .. } => Some(
                "mkdocs' messages are above; is the mike plugin installed (pip install mike)?".to_string(),
            ),
            Error::DocsDiverged { .. } => Some(
                "bring the branches together (git fetch, then merge or reset), or retry with --ignore-remote-status"
                    .to_string(),
            ),
            Error::AlreadyConfigured { .. } => Some("edit it by hand, or see `relx config show`".to_string()),
            Error::NotConfirmed { .. } => Some("run `relx init --yes` to write it without asking".to_string()),
            Error::NoDistFiles(_) => Some("build them first with `relx build`, or name the files".to_string()),
            Error::ReleaseTag { hint, .. }
            | Error::CredentialsRefused { hint, .. }
            | Error::UploadConflict { hint, .. }
            | Error::UploadFailed { hint, .. }
            | Error::ForgeRelease { hint, .. } => hint.clone(),
            Error::CredentialsInUrl { hint, .. } => Some(hint.clone()),
            Error::TagPattern { .. } => Some(
                "publish from the release tag, or set `release_tag_pattern` (e.g. \"v$major.$minor.$patch$prerelease\" for pre-releases)"
                    .to_string(),
            ),
            Error::NoCredentials(_) => Some(
                "set RELX_PYPI_TOKEN (or PYPI_TOKEN, UV_PUBLISH_TOKEN, TWINE_PASSWORD), name a ~/.pypirc section with --repository, \
                 or use trusted publishing on GitHub Actions (`permissions: id-token: write`)"
                    .to_string(),
            ),
            Error::FileTooLarge { .. } => Some(
                "check the path in the configuration: a changelog, template or version file is not this large"
                    .to_string(),
            ),
            Error::NoProject(_) => Some("run relx init at the top of a project (git init first for a new one)".to_string()),
            Error::Locked { .. } => Some("wait for it to finish; relx never takes a lock from a running process".to_string()),
            Error::StaleLock { .. } => Some(
                "`relx recover` shows what it left; `relx recover --exec` undoes it and removes the lock".to_string(),
            ),
            Error::UnfinishedJournal { .. } => Some(
                "`relx recover` shows what it did; `relx recover --exec` undoes it (then run the command again to finish it)"
                    .to_string(),
            ),
            Error::JournalCorrupt { .. } => Some(
                "relx changes nothing while it is there; look at it, then move .git/relx/journal away by hand".to_string(),
            ),
            Error::JournalTooNew { .. } => Some("run `relx recover` with that newer relx".to_string()),
            Error::UnsafePath { .. } => Some(
                "relx writes only regular files inside the work tree; fix the path in the configuration".to_string(),
            ),
            Error::InvalidName { .. } => Some("fix `tag_format` (or the name given) in the configuration".to_string()),
            Error::UndoIncomplete(_) => Some("each line above names the command that fixes it".to_string()),
            _ => None,
        }
    }

    /// Shorthand for a git failure with a hint.
    pub fn git(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Git {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

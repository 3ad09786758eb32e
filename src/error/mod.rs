//! Every failure relx reports, and the one place exit codes are chosen.
//!
//! Each variant carries the thing at fault (a file, a tag, an option) so that
//! the message is one line the user can act on. Codes are commitizen's for the
//! same situation (SPEC §1.1); build, publish and docs codes are relx's own,
//! above 31, and listed in docs/exit-codes.md. The core raises its own
//! errors (`config::ConfigError`, `plan::PlanError`,
//! `changelog::ChangelogError`); they are wrapped here, and their codes are
//! chosen here too.

use std::path::PathBuf;

use crate::changelog::ChangelogError;
use crate::config::ConfigError;
use crate::plan::PlanError;

/// The exit code of a command line that cannot be read (unknown option,
/// missing value, options that exclude each other): commitizen's
/// `INVALID_COMMAND_ARGUMENT`.
pub const USAGE_EXIT_CODE: u8 = 18;

/// A relx failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not inside a git work tree.
    #[error("not a git repository (or any parent up to the mount point): {}", .0.display())]
    NotARepository(PathBuf),

    /// No current version anywhere.
    #[error("[NO_VERSION_SPECIFIED] no current version: {0}")]
    NoVersion(String),

    /// The configured commit rules cannot bump.
    #[error("commit rules '{0}' do not support bump")]
    NoPatternMap(String),

    /// `cz_customize` without a `customize` table.
    #[error("fatal: customize is not set in configuration file.")]
    MissingCustomize,

    /// A commitizen plugin relx cannot run.
    #[error("commit rules '{0}' are a commitizen plugin relx cannot run; use cz_conventional_commits or cz_customize")]
    UnknownRules(String),

    /// The configuration file is unreadable or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),

    /// The version plan refuses the request (`plan::version`).
    #[error(transparent)]
    Plan(#[from] PlanError),

    /// The changelog cannot be made (`changelog`).
    #[error(transparent)]
    Changelog(#[from] ChangelogError),

    /// A setting is invalid (a tag format, a pattern, a map value).
    #[error("{}: {message}", .path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "configuration".to_string()))]
    InvalidSetting {
        /// The config file, when there is one.
        path: Option<PathBuf>,
        /// What is wrong, naming the key.
        message: String,
    },

    /// A version in a project file or tag is not valid for the scheme.
    #[error("{place}: '{value}' is not a valid version")]
    InvalidVersionIn {
        /// The file or tag holding it.
        place: String,
        /// The text found.
        value: String,
    },

    /// Options that cannot go together.
    #[error("[NOT_ALLOWED] {0}")]
    NotAllowed(String),

    /// A git operation failed or the history cannot be trusted.
    #[error("{message}")]
    Git {
        /// What failed.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },

    /// A manual or `--current` version is not valid.
    #[error("[INVALID_MANUAL_VERSION] {option}: '{value}' is not a valid version")]
    InvalidManualVersion {
        /// `MANUAL_VERSION` or `--current`.
        option: String,
        /// The text given.
        value: String,
    },

    /// `version_provider` names no known provider (the whole message, which
    /// names the file and key).
    #[error("{0}")]
    UnknownProvider(String),

    /// `version_scheme` names no known scheme (the whole message, which
    /// names the file and key, or the option).
    #[error("{0}")]
    UnknownScheme(String),

    /// A version file is missing, unreadable, or cannot take the version.
    #[error("{}: {reason}", .path.display())]
    VersionFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },

    /// A version file does not contain the current version.
    #[error("{}: does not contain the current version {version}", .path.display())]
    VersionNotInFile {
        /// The file.
        path: PathBuf,
        /// The version looked for.
        version: String,
    },

    /// Tracked files have changes and `--allow-dirty` was not given.
    #[error("the work tree has uncommitted changes: {}", .0.join(", "))]
    DirtyTree(Vec<String>),

    /// The tag to create exists already.
    #[error("tag {0} already exists")]
    TagExists(String),

    /// A merge, rebase, … is in progress.
    #[error("the repository is in the middle of {0}")]
    OperationInProgress(String),

    /// A hook exited non-zero (repository restored).
    #[error("Running hook '{hook}' failed (exit {code})")]
    HookFailed {
        /// The hook command.
        hook: String,
        /// Its exit code (-1 when killed).
        code: i32,
    },

    /// Writing a file failed (repository restored).
    #[error("{}: cannot write: {reason}", .path.display())]
    FileWrite {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },

    /// `git commit` failed (repository restored).
    #[error("git commit failed: {0}")]
    CommitFailed(String),

    /// `git tag` failed (repository restored).
    #[error("git tag {tag} failed: {output}")]
    TagFailed {
        /// The tag.
        tag: String,
        /// What git said.
        output: String,
    },

    /// `git push` failed; the local commit and tag stay.
    #[error("git push failed: {0}")]
    PushFailed(String),

    /// A file could not be read.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },

    /// A file holds more than relx reads (`files::limit::MAX_FILE_SIZE`).
    #[error("{}: larger than {} MiB, the most relx reads from one file", .path.display(), .limit / (1024 * 1024))]
    FileTooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },

    /// `relx build` found no project to build.
    #[error("{}: no pyproject.toml or setup.py here, nothing to build", .0.display())]
    NothingToBuild(PathBuf),

    /// No build frontend (uv, or python3 with `build`) can run.
    #[error("{0}")]
    NoBuildFrontend(String),

    /// The build backend failed.
    #[error("`{command}` failed ({status}){}", .last_line.as_ref().map(|l| format!(": {l}")).unwrap_or_default())]
    BuildFailed {
        /// The command as run.
        command: String,
        /// How it ended.
        status: String,
        /// Its last line of output.
        last_line: Option<String>,
        /// Its last lines, when they were not shown as it ran.
        tail: Option<String>,
    },

    /// A built file does not carry the version relx computes for HEAD.
    #[error("{}: built version {built}, but the project's version at HEAD is {expected}", .file.display())]
    BuiltVersionMismatch {
        /// The built file.
        file: PathBuf,
        /// The version it carries.
        built: String,
        /// The version relx computes.
        expected: String,
    },

    /// Distribution files failed the check.
    #[error("{first}{}", if *.failed > 1 { format!(" (and {} more files failed the check)", .failed - 1) } else { String::new() })]
    DistCheckFailed {
        /// How many files failed.
        failed: usize,
        /// The first failure: file and problem.
        first: String,
    },

    /// The dist directory holds distributions of other versions.
    #[error("{}: holds distributions of other versions: {}", .dir.display(), .files.join(", "))]
    DistHasOtherVersions {
        /// The dist directory.
        dir: PathBuf,
        /// The files of other versions.
        files: Vec<String>,
    },

    /// Interrupted (Ctrl-C, SIGTERM, SIGHUP); everything was put back.
    #[error("interrupted; {what}")]
    Interrupted {
        /// The signal's number.
        signal: i32,
        /// What was stopped and what state it left.
        what: String,
    },

    /// The backend succeeded but made no sdist or wheel.
    #[error("`{command}` made no sdist or wheel in {}", .dir.display())]
    NoDistributions {
        /// The command as run.
        command: String,
        /// Where files were expected.
        dir: PathBuf,
    },

    /// A docs version or alias name mike would refuse.
    #[error("'{name}' is not a valid docs {kind}: it must not be empty, `.` or `..`, contain `/` or `\\`, or name a file the docs branch keeps (versions.json, index.html, .nojekyll, 404.html)")]
    DocsInvalidName {
        /// `version` or `alias`.
        kind: String,
        /// The name given.
        name: String,
    },

    /// A docs version or alias name is taken.
    #[error("{message}")]
    DocsConflict {
        /// What is taken, and by which version.
        message: String,
        /// How to go on, when there is a way.
        hint: Option<String>,
    },

    /// No such docs version or alias on the branch.
    #[error("{branch}: no docs version or alias '{identifier}'")]
    DocsNotFound {
        /// The name looked up.
        identifier: String,
        /// The docs branch (and prefix).
        branch: String,
    },

    /// `versions.json` on the docs branch cannot be read.
    #[error("{place}: invalid versions.json: {message}")]
    DocsInvalidVersions {
        /// `branch:path`.
        place: String,
        /// What is wrong.
        message: String,
    },

    /// MkDocs or its configuration cannot be used.
    #[error("{message}")]
    DocsMkdocs {
        /// What is wrong, naming the file or program.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },

    /// `mkdocs build` failed.
    #[error("mkdocs build failed for {} ({status})", .file.display())]
    DocsBuild {
        /// The configuration built.
        file: PathBuf,
        /// How it ended.
        status: String,
    },

    /// The docs branch has diverged from (or is unrelated to) the remote one.
    #[error("{branch} has {} {remote_branch}", if *.unrelated { "no history in common with" } else { "diverged from" })]
    DocsDiverged {
        /// The local branch.
        branch: String,
        /// `<remote>/<branch>`.
        remote_branch: String,
        /// No common history at all.
        unrelated: bool,
    },

    /// `git push` of the docs branch failed.
    #[error("failed to push branch {branch} to {remote}: {detail}")]
    DocsPush {
        /// The remote.
        remote: String,
        /// The branch.
        branch: String,
        /// git's message.
        detail: String,
    },

    /// `relx completions` for a shell clap_complete does not know.
    #[error("unknown shell '{0}': relx completes bash, zsh, fish, powershell and elvish")]
    UnknownShell(String),

    /// A file relx creates could not be written (nothing was changed).
    #[error("{}: cannot write: {reason}; nothing was changed", .path.display())]
    CannotWrite {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },

    /// `relx init` where there is no project.
    #[error("{}: no project here: no pyproject.toml, setup.py, setup.cfg, Cargo.toml or package.json, and not a git repository", .0.display())]
    NoProject(PathBuf),

    /// `relx init` where relx is configured already.
    #[error("{}: relx is configured already ({section}); nothing was changed", .path.display())]
    AlreadyConfigured {
        /// The file holding the configuration.
        path: PathBuf,
        /// Where in it.
        section: String,
    },

    /// `relx init` would replace a file that exists.
    #[error("{}: exists already; relx init does not overwrite it, nothing was changed", .0.display())]
    WouldOverwrite(PathBuf),

    /// `relx init` needs a yes before writing.
    #[error("{}: not written: {reason}", .path.display())]
    NotConfirmed {
        /// The file that would have been written.
        path: PathBuf,
        /// Why there was no yes.
        reason: String,
    },

    /// `--config FILE` names no file.
    #[error("{}: --config: no such file", .0.display())]
    ConfigFileNotFound(PathBuf),

    /// `--config FILE` has no relx or commitizen section.
    #[error("{}: --config: the file has no [tool.relx] or [tool.commitizen] section", .0.display())]
    ConfigFileIsEmpty(PathBuf),

    /// A file is not valid text in its encoding.
    #[error("{}: is not valid UTF-8 (byte {offset})", .path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Where the first invalid byte is.
        offset: usize,
    },

    /// `changelog_format` names no known format, or the file name says none.
    #[error("Unknown changelog format '{0}'")]
    UnknownChangelogFormat(String),

    /// A range or version names no tag, or no commit is in it.
    #[error("[NO_COMMITS_FOUND] {0}")]
    NoCommitsIn(String),

    /// Commit messages that break the commit rules.
    #[error("commit validation: failed!\n{0}")]
    InvalidCommitMessage(String),

    /// `relx publish` found no distribution to upload.
    #[error("{}: no sdist or wheel to publish", .0.display())]
    NoDistFiles(PathBuf),

    /// The files to publish are not one release of one project.
    #[error("{0}")]
    NotOneRelease(String),

    /// The release tag is missing or names another version.
    #[error("{message}")]
    ReleaseTag {
        /// What is wrong, naming the tag.
        message: String,
        /// What to do.
        hint: Option<String>,
    },

    /// The release tag does not match the release tag pattern.
    #[error("tag {tag} does not match the release tag pattern `{pattern}`")]
    TagPattern {
        /// The tag.
        tag: String,
        /// The pattern.
        pattern: String,
    },

    /// No credentials for the index.
    #[error("{0}")]
    NoCredentials(String),

    /// A URL with credentials written inside it: refused before anything
    /// is sent, and shown without them.
    #[error("{what}: {shown}: the URL holds credentials; relx reads them from the environment only, so they are never printed")]
    CredentialsInUrl {
        /// Where the URL came from (`--repository-url`, `GITHUB_API_URL`…).
        what: String,
        /// The URL with `***` for its credentials and nothing after the host.
        shown: String,
        /// Where the secret belongs instead.
        hint: String,
    },

    /// The index refused the credentials.
    #[error("{message}")]
    CredentialsRefused {
        /// What the index said, naming the file.
        message: String,
        /// Which files went and which did not.
        hint: Option<String>,
    },

    /// A file is on the index already (other content, or no --skip-existing).
    #[error("{message}")]
    UploadConflict {
        /// The file and what the index has.
        message: String,
        /// Which files went and which did not.
        hint: Option<String>,
    },

    /// The index cannot be used or the upload failed.
    #[error("{message}")]
    UploadFailed {
        /// The file or URL and what happened.
        message: String,
        /// Which files went and which did not.
        hint: Option<String>,
    },

    /// The GitHub or GitLab release could not be made.
    #[error("{message}")]
    ForgeRelease {
        /// What GitHub said.
        message: String,
        /// What to do.
        hint: Option<String>,
    },

    /// Trusted publishing did not give a token.
    #[error("{0}")]
    TrustedPublishing(String),

    /// A commit message's first line is longer than `message_length_limit`.
    #[error("commit validation: failed!\n{0}")]
    MessageTooLong(String),

    /// Command-line arguments that do not fit together (commitizen's 18).
    #[error("{0}")]
    InvalidArgument(String),

    /// Options that exclude each other (commitizen's argparse error, 13).
    #[error("{0}")]
    Usage(String),

    /// Places where the version is written disagree with the current one.
    #[error("[CURRENT_VERSION_NOT_FOUND] {0}")]
    VersionMismatch(String),

    /// Another relx holds the repository's lock.
    #[error("{}: {holder}", .path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// Who holds it.
        holder: String,
    },

    /// The lock was left by a relx that is no longer running.
    #[error("{}: {holder}", .path.display())]
    StaleLock {
        /// The lock file.
        path: PathBuf,
        /// Who left it.
        holder: String,
    },

    /// A relx command did not finish (a crash, a kill): its journal is there.
    #[error("{}: {summary}", .path.display())]
    UnfinishedJournal {
        /// The journal directory.
        path: PathBuf,
        /// What the command was and what it did.
        summary: String,
    },

    /// The journal cannot be read, or is another repository's.
    #[error("{}: cannot use this journal: {reason}", .path.display())]
    JournalCorrupt {
        /// The journal file at fault.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },

    /// The journal was written by a newer relx.
    #[error("{}: journal format {format} was written by relx {relx}, newer than this one", .path.display())]
    JournalTooNew {
        /// The journal's header.
        path: PathBuf,
        /// Its format number.
        format: u64,
        /// The relx that wrote it.
        relx: String,
    },

    /// A file relx would write is outside the work tree or not a regular file.
    #[error("{}: {reason}", .path.display())]
    UnsafePath {
        /// The path as configured.
        path: PathBuf,
        /// Why relx will not write it.
        reason: String,
    },

    /// A name relx would give git (a tag, a branch) is not valid.
    #[error("'{name}' is not a valid {what} name: {reason}")]
    InvalidName {
        /// `tag`, `branch`.
        what: String,
        /// The name.
        name: String,
        /// Why.
        reason: String,
    },

    /// A signal stopped a writing command (after relx undid its effects).
    #[error("stopped by {}", crate::journal::signal::name(*.signal))]
    Signalled {
        /// The signal's number.
        signal: i32,
    },

    /// `relx recover --exec` could not put everything back.
    #[error("{0} of relx's changes could not be put back (listed above)")]
    UndoIncomplete(usize),
}

mod codes;

#[cfg(test)]
mod tests;

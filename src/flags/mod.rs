//! The command line as data: each command's flags, parsed by clap's derive
//! and nothing more. The face (`cli`) parses into these types and
//! `settings` resolves them, so settings never imports the face (uv's
//! `uv-cli` crate plays this part). Flag names are `cz bump`'s, so muscle
//! memory and scripts carry over.

pub mod docs;

pub use docs::DocsArgs;

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// Options every command accepts.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Run as if started in DIR (like `git -C`).
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Use this configuration file only.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to use colour on a terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print less (errors only).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: -v debug logs, -vv trace logs (`RELX_LOG` filters them
    /// in detail, e.g. `RELX_LOG=relx::git=trace`).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `relx version` and the shared part of `relx bump`.
#[derive(Debug, Args, Clone, Default)]
pub struct VersionArgs {
    /// FORCE words in any order: major|minor|patch, alpha|beta|rc, release,
    /// a dev number, or a whole version (`2.0.0`) as the next version.
    #[arg(value_name = "FORCE")]
    pub words: Vec<String>,
    /// Force the increment (case-insensitive).
    #[arg(long, value_name = "MAJOR|MINOR|PATCH")]
    pub increment: Option<String>,
    /// Pre-release phase.
    #[arg(long, value_name = "alpha|beta|rc")]
    pub prerelease: Option<String>,
    /// Dev release number.
    #[arg(long, short = 'd', value_name = "N")]
    pub devrelease: Option<u64>,
    /// commitizen's increment mode.
    #[arg(long, value_enum)]
    pub increment_mode: Option<IncrementModeArg>,
    /// First number of a new pre-release phase.
    #[arg(long, value_name = "N")]
    pub prerelease_offset: Option<u64>,
    /// Version scheme (overrides the configuration).
    #[arg(long, value_name = "pep440|semver|semver2")]
    pub version_scheme: Option<String>,
    /// Tag format (overrides the configuration), e.g. 'v$version'.
    #[arg(long, value_name = "FORMAT")]
    pub tag_format: Option<String>,
    /// Bump commit message template (overrides the configuration).
    #[arg(long, value_name = "TEMPLATE")]
    pub bump_message: Option<String>,
    /// Breaking changes bump the minor number while the major is 0.
    #[arg(long)]
    pub major_version_zero: bool,
    /// Bump only the local part of the version.
    #[arg(long)]
    pub local_version: bool,
    /// Build metadata to append (`+M`).
    #[arg(long, value_name = "M")]
    pub build_metadata: Option<String>,
    /// Without commits, bump the patch number instead of exiting 3.
    #[arg(long)]
    pub allow_no_commit: bool,
    /// Compute from VERSION instead of the project (works outside a repository).
    #[arg(long, value_name = "VERSION")]
    pub current: Option<String>,
    /// A snapshot version: `.devN` with N the commits since the last tag,
    /// or `=date` for `.devYYYYMMDD`.
    #[arg(long, value_name = "distance|date", num_args = 0..=1, default_missing_value = "distance", require_equals = true)]
    pub snapshot: Option<String>,
    /// Add `+g<short sha>` to a snapshot version.
    #[arg(long)]
    pub snapshot_local: bool,
    /// Print only the next version (`--get-next`, commitizen's name, too).
    #[arg(long, alias = "get-next", conflicts_with = "json")]
    pub short: bool,
    /// Print the whole plan as one JSON object.
    #[arg(long)]
    pub json: bool,
}

impl VersionArgs {
    /// The flags of `relx version --snapshot=KIND [--snapshot-local]` and
    /// nothing else: what `relx build --snapshot` plans with.
    pub fn snapshot(kind: &str, local: bool) -> VersionArgs {
        VersionArgs {
            snapshot: Some(kind.to_string()),
            snapshot_local: local,
            ..VersionArgs::default()
        }
    }
}

/// `--increment-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IncrementModeArg {
    /// A pending pre-release absorbs increments it covers.
    Linear,
    /// The increment is applied as given.
    Exact,
}

/// `relx current`.
#[derive(Debug, Args, Clone, Default)]
pub struct CurrentArgs {
    /// Print only the current version.
    #[arg(long, conflicts_with = "json")]
    pub short: bool,
    /// Print `version`, `tag` and `commits_since` as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Version scheme (overrides the configuration).
    #[arg(long, value_name = "pep440|semver|semver2")]
    pub version_scheme: Option<String>,
    /// Tag format (overrides the configuration), e.g. 'v$version'.
    #[arg(long, value_name = "FORMAT")]
    pub tag_format: Option<String>,
}

/// `relx bump`.
#[derive(Debug, Args, Clone, Default)]
pub struct BumpArgs {
    /// What to release.
    #[command(flatten)]
    pub version: VersionArgs,
    /// Carry the plan out (without it, nothing is written).
    #[arg(long)]
    pub exec: bool,
    /// Write the changelog too (also `update_changelog_on_bump`).
    #[arg(long, visible_alias = "ch")]
    pub changelog: bool,
    /// Write the version files only: no commit, no tag.
    #[arg(long, alias = "files-only")]
    pub version_files_only: bool,
    /// Bump even when tracked files have uncommitted changes (they stay out
    /// of the bump commit).
    #[arg(long)]
    pub allow_dirty: bool,
    /// Skip the repository's pre-commit and commit-msg hooks.
    #[arg(long)]
    pub no_verify: bool,
    /// Push the commit and the tag to the branch's upstream remote.
    #[arg(long)]
    pub push: bool,
    /// Make an annotated tag.
    #[arg(long)]
    pub annotated_tag: bool,
    /// The annotated tag's message (implies --annotated-tag).
    #[arg(long, value_name = "MESSAGE")]
    pub annotated_tag_message: Option<String>,
    /// Sign the tag (GPG or SSH, as git's gpg.format says).
    #[arg(long, short = 's')]
    pub gpg_sign: bool,
    /// Accepted as `cz bump` takes it: without `--exec`, relx only shows the plan.
    #[arg(long, conflicts_with = "exec")]
    pub dry_run: bool,
    /// Accepted as `cz bump` takes it; relx never asks a question.
    #[arg(long)]
    pub yes: bool,
    /// Accepted as `cz bump` takes it: relx always checks that every version
    /// file contains the current version.
    #[arg(long)]
    pub check_consistency: bool,
}

/// `relx build`.
#[derive(Debug, Args, Clone, Default)]
pub struct BuildArgs {
    /// Build with what is installed instead of a fresh isolated environment
    /// (uv's --no-build-isolation, build's --no-isolation); the backend
    /// must be installed. Also `build_isolation = false` in the config.
    #[arg(long)]
    pub no_isolation: bool,
    /// Where the distributions go (default: `dist_dir`, else `dist`).
    #[arg(long, value_name = "DIR")]
    pub dist_dir: Option<PathBuf>,
    /// Afterwards, keep only the files of the N newest versions (PEP 440
    /// order) in the dist directory; the version just built always stays.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub keep: Option<u64>,
    /// Print a JSON summary on stdout.
    #[arg(long)]
    pub json: bool,
    /// Build a snapshot: the next version as `.devN` (N: commits since the
    /// last tag), or `=date` for `.devYYYYMMDD`, written into the version
    /// files for the build only and restored afterwards.
    #[arg(long, value_name = "distance|date", num_args = 0..=1, default_missing_value = "distance", require_equals = true)]
    pub snapshot: Option<String>,
    /// Add `+g<short sha>` to a snapshot version.
    #[arg(long, requires = "snapshot")]
    pub snapshot_local: bool,
    /// Build nothing: check these distribution files as `twine check
    /// --strict` does, plus their file names.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["no_isolation", "keep", "snapshot"])]
    pub check_only: Option<Vec<PathBuf>>,
}

/// `relx changelog`.
#[derive(Debug, Args, Clone, Default)]
pub struct ChangelogArgs {
    /// Only this version (`1.2.0`) or range of versions (`1.2.0..1.4.0`);
    /// printed, not written, unless --file-name is given.
    #[arg(value_name = "REV | A..B")]
    pub rev_range: Option<String>,
    /// Print the new text instead of writing the file.
    #[arg(long)]
    pub dry_run: bool,
    /// Only the changes not released yet.
    #[arg(long)]
    pub unreleased: bool,
    /// Only add what the file lacks (relx's default when the file exists).
    #[arg(long)]
    pub incremental: bool,
    /// The changelog file (default: `changelog_file`, CHANGELOG.md).
    #[arg(long, value_name = "F")]
    pub file_name: Option<std::path::PathBuf>,
    /// Print one version's section of the changelog file (release notes).
    #[arg(long, value_name = "VERSION", conflicts_with_all = ["rev_range", "unreleased", "unreleased_version", "dry_run"])]
    pub notes: Option<String>,
    /// Head the unreleased changes with this tag and today's date, as the
    /// release being made.
    #[arg(long, value_name = "V")]
    pub unreleased_version: Option<String>,
    /// Fold pre-releases into the next final release.
    #[arg(long)]
    pub merge_prerelease: bool,
    /// First revision the changelog covers (default: `changelog_start_rev`).
    #[arg(long, value_name = "REV")]
    pub start_rev: Option<String>,
    /// Template file (Jinja syntax) instead of the built-in layout.
    #[arg(long, short = 't', value_name = "F")]
    pub template: Option<String>,
    /// An extra template variable, `key=value` (repeatable).
    #[arg(long = "extra", short = 'e', value_name = "K=V")]
    pub extras: Vec<String>,
}

/// `relx check`.
#[derive(Debug, Args, Clone, Default)]
pub struct CheckArgs {
    /// The commit message to check.
    #[arg(long, short = 'm', value_name = "MESSAGE")]
    pub message: Option<String>,
    /// A file holding the message (a git commit-msg hook's argument);
    /// `#` comment lines are ignored, as git does.
    #[arg(long, value_name = "F")]
    pub commit_msg_file: Option<std::path::PathBuf>,
    /// Check every commit of a range (`origin/main..HEAD`).
    #[arg(long, value_name = "A..B")]
    pub rev_range: Option<String>,
    /// Check that every place the version is written agrees with the
    /// current version and the last tag.
    #[arg(long)]
    pub consistency: bool,
    /// An empty message passes.
    #[arg(long)]
    pub allow_abort: bool,
    /// Longest first line accepted (0: no limit; default:
    /// `message_length_limit`).
    #[arg(long, short = 'l', value_name = "N")]
    pub message_length_limit: Option<u64>,
    /// Check distribution files (sdists, wheels) as `twine check --strict`
    /// does, plus their names: what `relx build` checks, on any files.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["message", "commit_msg_file", "rev_range", "consistency"])]
    pub dist: Option<Vec<PathBuf>>,
}

/// `relx publish`.
#[derive(Debug, Args, Clone, Default)]
pub struct PublishArgs {
    /// The files to upload (default: the sdists and wheels in the dist
    /// directory).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where the distributions are (default: `dist_dir`, else `dist`).
    #[arg(long, value_name = "DIR", conflicts_with = "files")]
    pub dist_dir: Option<PathBuf>,
    /// The index's upload URL (default: `RELX_REPOSITORY_URL`,
    /// `TWINE_REPOSITORY_URL`, `UV_PUBLISH_URL`, `repository_url`, else
    /// PyPI's https://upload.pypi.org/legacy/).
    #[arg(long, value_name = "URL")]
    pub repository_url: Option<String>,
    /// A section of ~/.pypirc (`pypi`, `testpypi`, or your own) for the URL
    /// and credentials.
    #[arg(
        long,
        short = 'r',
        value_name = "NAME",
        conflicts_with = "repository_url"
    )]
    pub repository: Option<String>,
    /// The index's simple API, where relx looks for files it has already
    /// (uv's --check-url; default: `UV_PUBLISH_CHECK_URL`, else derived
    /// from the upload URL: `…/legacy/` → `…/simple/`; devpi's is
    /// `…/USER/INDEX/+simple/`).
    #[arg(long, value_name = "URL")]
    pub check_url: Option<String>,
    /// A file the index already has is done, not an error (the index's
    /// "already exists" answer; files it lists with the same sha256 are
    /// always skipped).
    #[arg(long)]
    pub skip_existing: bool,
    /// Check everything and say what would be sent; upload nothing (the
    /// index's simple API is still read to find files already there).
    #[arg(long)]
    pub dry_run: bool,
    /// The release tag (default: `GITHUB_REF_NAME` on a tag build, else
    /// the tag of the files' version).
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// The pattern the release tag must match (default:
    /// `release_tag_pattern`, `v$major.$minor.$patch`).
    #[arg(long, value_name = "PATTERN")]
    pub tag_pattern: Option<String>,
    /// Trusted publishing on GitHub Actions: `auto` (when no token is set),
    /// `always`, `never`.
    #[arg(long, value_enum, default_value_t = TrustedPublishing::Auto)]
    pub trusted_publishing: TrustedPublishing,
    /// Do not create the GitHub Release.
    #[arg(long)]
    pub no_github_release: bool,
    /// The GitHub repository, `owner/name` (default: `GITHUB_REPOSITORY`,
    /// else the `origin` remote).
    #[arg(long, value_name = "OWNER/NAME")]
    pub github_repo: Option<String>,
    /// GitHub's API (default: `GITHUB_API_URL`, else https://api.github.com).
    #[arg(long, value_name = "URL")]
    pub github_api_url: Option<String>,
    /// Do not create the GitLab release (made when `GITLAB_TOKEN` or
    /// `CI_JOB_TOKEN` is set and no GitHub token is).
    #[arg(long)]
    pub no_gitlab_release: bool,
    /// The GitLab project, id or path (default: `CI_PROJECT_ID`, else the
    /// `origin` remote's path).
    #[arg(long, value_name = "ID|PATH")]
    pub gitlab_project: Option<String>,
    /// GitLab's API (default: `CI_API_V4_URL`, else
    /// https://gitlab.com/api/v4).
    #[arg(long, value_name = "URL")]
    pub gitlab_api_url: Option<String>,
    /// Retries after a connection error or a 5xx answer (exponential
    /// backoff from one second).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Seconds to wait for a connection or for data; the index's answer to
    /// an upload may take five times as long (it checks the file first).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// Print a JSON summary on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `--trusted-publishing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TrustedPublishing {
    /// When no token is set and GitHub Actions offers an OIDC token.
    #[default]
    Auto,
    /// Always (fails outside GitHub Actions).
    Always,
    /// Never.
    Never,
}

/// `relx init`.
#[derive(Debug, Args, Clone, Default)]
pub struct InitArgs {
    /// Write without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Also install a commit-msg hook that runs `relx check --commit-msg-file`.
    #[arg(long)]
    pub hook: bool,
}

/// `relx config`.
#[derive(Debug, Args, Clone)]
pub struct ConfigArgs {
    /// What to print.
    #[command(subcommand)]
    pub command: ConfigCommand,
}

/// `relx config show|schema`.
#[derive(Debug, Subcommand, Clone)]
pub enum ConfigCommand {
    /// Print the effective configuration, each value marked with the file
    /// it came from or "default".
    #[command(
        after_long_help = "Examples:\n  relx config show\n  relx -C path/to/project config show --json"
    )]
    Show {
        /// One JSON object: the file, and each key's value and origin.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of `[tool.relx]` / `.relx.toml`, for editors.
    #[command(
        after_long_help = "Examples:\n  relx config schema > relx.schema.json\n  relx config schema --markdown > docs/reference/configuration.md"
    )]
    Schema {
        /// Print the Markdown reference page made from the schema instead.
        #[arg(long)]
        markdown: bool,
    },
}

/// `relx recover`.
#[derive(Debug, Args, Clone, Default)]
pub struct RecoverArgs {
    /// Undo the unfinished command's effects and remove its lock (without
    /// it, only show them).
    #[arg(long)]
    pub exec: bool,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

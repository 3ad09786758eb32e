//! The command tree: relx's commands and their help, over the flags of
//! `crate::flags`.

use clap::{Parser, Subcommand};

use crate::flags::{
    BuildArgs, BumpArgs, ChangelogArgs, CheckArgs, ConfigArgs, CurrentArgs, DocsArgs, GlobalArgs,
    InitArgs, PublishArgs, RecoverArgs, VersionArgs,
};

pub use crate::flags::ColorChoice;

/// Release a Python project from its git history.
#[derive(Debug, Parser)]
#[command(
    name = "relx",
    version,
    about,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Options for every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// relx's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the next release: version, tag, increment and the commits behind it.
    ///
    /// Writes nothing. Example: `relx version`, `relx version minor alpha`,
    /// `relx version --short`.
    Version(VersionArgs),
    /// Show the current version, its tag and the commits since it.
    ///
    /// Writes nothing, exits 0 even with nothing to release. Example:
    /// `relx current`, `relx current --short`, `relx current --json`.
    Current(CurrentArgs),
    /// Show the same plan; with --exec, carry it out.
    ///
    /// Example: `relx bump` (dry run), `relx bump --exec`.
    Bump(BumpArgs),
    /// Build the sdist and wheel into dist/, check them, write SHA256SUMS.
    ///
    /// Example: `relx build`, `relx build --keep 3 --json`,
    /// `relx build --check-only dist/*`.
    Build(BuildArgs),
    /// Write the changelog, or preview it with --dry-run.
    ///
    /// Incremental: new releases go above the latest one in the file and
    /// everything else stays as it is. Example: `relx changelog --dry-run`,
    /// `relx changelog 1.2.0..1.4.0 --dry-run`, `relx changelog --notes 1.4.0`.
    Changelog(ChangelogArgs),
    /// Lint commit messages, or check that every version file agrees.
    ///
    /// Example: `relx check --message "feat: x"`, `relx check --rev-range
    /// origin/main..HEAD`, `relx check --commit-msg-file .git/COMMIT_EDITMSG`
    /// (a commit-msg hook), `relx check --consistency`.
    Check(CheckArgs),
    /// Versioned docs on a git branch, in mike's layout (deploy, alias,
    /// set-default, delete, list, retitle).
    ///
    /// Example: `relx docs deploy` (the release's series, e.g. 0.7),
    /// `relx docs deploy 1.0 latest --update-aliases --push`.
    Docs(DocsArgs),
    /// Upload dist/ to a PyPI-compatible index, then create the GitHub
    /// Release for the tag.
    ///
    /// Checks everything before the first byte is sent: the files, their
    /// version against the release tag, the credentials. Example:
    /// `relx publish --dry-run`, `relx publish --repository testpypi`,
    /// `relx publish --skip-existing --no-github-release`.
    Publish(PublishArgs),
    /// Start using relx: write a commented starter configuration, or say
    /// what relx reads from an existing commitizen, semantic-release or
    /// bump-my-version configuration.
    #[command(after_long_help = super::init::EXAMPLES)]
    Init(InitArgs),
    /// Show the effective configuration, or print its JSON Schema.
    #[command(after_long_help = super::config::EXAMPLES)]
    Config(ConfigArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_long_help = super::completions::EXAMPLES)]
    Completions(super::completions::CompletionsArgs),
    /// Print the man page (roff), or write one page per command.
    #[command(after_long_help = super::completions::MAN_EXAMPLES)]
    Man(super::completions::ManArgs),
    /// Show what a relx command that did not finish left (a crash, a kill),
    /// and undo it with --exec.
    #[command(after_long_help = super::recover::EXAMPLES)]
    Recover(RecoverArgs),
}

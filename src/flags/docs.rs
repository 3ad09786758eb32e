//! `relx docs …` arguments: mike's subcommands and option names, so
//! scripts and muscle memory carry over.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// `relx docs`.
#[derive(Debug, Args, Clone)]
pub struct DocsArgs {
    /// What to do with the docs branch.
    #[command(subcommand)]
    pub command: DocsCommand,
}

/// The docs subcommands (mike's).
#[derive(Debug, Subcommand, Clone)]
pub enum DocsCommand {
    /// Build the docs and deploy them to VERSION (and ALIASes) on the branch.
    ///
    /// Without VERSION, the release-series policy decides: the project's
    /// current version through `docs_version_format` (default
    /// `$major.$minor`), with `docs_aliases` and `docs_default`.
    #[command(
        after_long_help = "Examples:\n  relx docs deploy\n  relx docs deploy 1.0 latest --update-aliases --push\n  relx docs deploy --dry-run"
    )]
    Deploy(DeployArgs),
    /// Add aliases to a deployed version.
    #[command(after_long_help = "Example:\n  relx docs alias 1.0 stable")]
    Alias(AliasArgs),
    /// Make the site root redirect to a version or alias.
    #[command(after_long_help = "Example:\n  relx docs set-default latest")]
    SetDefault(SetDefaultArgs),
    /// Delete versions or aliases (a version goes with its aliases).
    #[command(after_long_help = "Example:\n  relx docs delete 0.9")]
    Delete(DeleteArgs),
    /// List the deployed versions, newest first.
    #[command(after_long_help = "Examples:\n  relx docs list\n  relx docs list --json")]
    List(ListArgs),
    /// Change the title a version shows in the version selector.
    #[command(after_long_help = "Example:\n  relx docs retitle 1.0 \"1.0 (LTS)\"")]
    Retitle(RetitleArgs),
}

/// Where the docs branch is (mike's git arguments).
#[derive(Debug, Args, Clone, Default)]
pub struct BranchArgs {
    /// The MkDocs configuration file (default: mkdocs.yml, mkdocs.yaml).
    #[arg(short = 'F', long, value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    /// The remote to compare with and push to (default: `remote_name` of
    /// mkdocs.yml, else origin).
    #[arg(short, long)]
    pub remote: Option<String>,
    /// The docs branch (default: `remote_branch` of mkdocs.yml, else gh-pages).
    #[arg(short, long)]
    pub branch: Option<String>,
    /// Folder inside the branch that holds the versions.
    #[arg(long, value_name = "PATH")]
    pub deploy_prefix: Option<String>,
    /// Do not compare the branch with <remote>/<branch>.
    #[arg(long)]
    pub ignore_remote_status: bool,
}

/// How the commit is made.
#[derive(Debug, Args, Clone, Default)]
pub struct CommitArgs {
    /// The commit message (default: mike's, naming relx).
    #[arg(short, long)]
    pub message: Option<String>,
    /// Push the branch to the remote after committing.
    #[arg(short, long)]
    pub push: bool,
    /// Commit even when nothing changes.
    #[arg(long)]
    pub allow_empty: bool,
    /// Show what would be committed; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `--alias-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AliasTypeArg {
    /// A symbolic link to the version's folder.
    Symlink,
    /// HTML pages redirecting to the version's pages.
    Redirect,
    /// A copy of the version's files.
    Copy,
}

/// `relx docs deploy`.
#[derive(Debug, Args, Clone)]
pub struct DeployArgs {
    /// The docs version (default: from the project's version and
    /// `docs_version_format`).
    #[arg(value_name = "VERSION", id = "docs_version")]
    pub version: Option<String>,
    /// Aliases of the version, e.g. `latest`.
    #[arg(value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// The title the version selector shows (default: VERSION).
    #[arg(short, long)]
    pub title: Option<String>,
    /// Take aliases that belong to other versions.
    #[arg(short, long)]
    pub update_aliases: bool,
    /// How aliases are made (default: the mike plugin's, else symlink).
    #[arg(long, value_enum)]
    pub alias_type: Option<AliasTypeArg>,
    /// Deploy this already built site instead of running mkdocs build.
    #[arg(long, value_name = "DIR")]
    pub site_dir: Option<PathBuf>,
    /// The branch.
    #[command(flatten)]
    pub branch: BranchArgs,
    /// The commit.
    #[command(flatten)]
    pub commit: CommitArgs,
}

/// `relx docs alias`.
#[derive(Debug, Args, Clone)]
pub struct AliasArgs {
    /// A deployed version or alias.
    #[arg(value_name = "IDENTIFIER")]
    pub identifier: String,
    /// The new aliases.
    #[arg(value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// Take aliases that belong to other versions.
    #[arg(short, long)]
    pub update_aliases: bool,
    /// How aliases are made (default: the mike plugin's, else symlink).
    #[arg(long, value_enum)]
    pub alias_type: Option<AliasTypeArg>,
    /// The branch.
    #[command(flatten)]
    pub branch: BranchArgs,
    /// The commit.
    #[command(flatten)]
    pub commit: CommitArgs,
}

/// `relx docs set-default`.
#[derive(Debug, Args, Clone)]
pub struct SetDefaultArgs {
    /// The version or alias the site root redirects to.
    #[arg(value_name = "IDENTIFIER")]
    pub identifier: String,
    /// Allow a version that is not deployed (yet).
    #[arg(long)]
    pub allow_undefined: bool,
    /// The branch.
    #[command(flatten)]
    pub branch: BranchArgs,
    /// The commit.
    #[command(flatten)]
    pub commit: CommitArgs,
}

/// `relx docs delete`.
#[derive(Debug, Args, Clone)]
pub struct DeleteArgs {
    /// Versions or aliases to delete.
    #[arg(value_name = "IDENTIFIER", required_unless_present = "all")]
    pub identifiers: Vec<String>,
    /// Delete everything.
    #[arg(long, conflicts_with = "identifiers")]
    pub all: bool,
    /// The branch.
    #[command(flatten)]
    pub branch: BranchArgs,
    /// The commit.
    #[command(flatten)]
    pub commit: CommitArgs,
}

/// `relx docs list`.
#[derive(Debug, Args, Clone)]
pub struct ListArgs {
    /// Show only this version or alias.
    #[arg(value_name = "IDENTIFIER")]
    pub identifier: Option<String>,
    /// Print `versions.json` as mike does.
    #[arg(short, long)]
    pub json: bool,
    /// The branch.
    #[command(flatten)]
    pub branch: BranchArgs,
}

/// `relx docs retitle`.
#[derive(Debug, Args, Clone)]
pub struct RetitleArgs {
    /// A deployed version or alias.
    #[arg(value_name = "IDENTIFIER")]
    pub identifier: String,
    /// The new title.
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// The branch.
    #[command(flatten)]
    pub branch: BranchArgs,
    /// The commit.
    #[command(flatten)]
    pub commit: CommitArgs,
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_accepts_the_docs_commands() {
        use clap::CommandFactory;
        crate::cli::Cli::command().debug_assert();
    }
}

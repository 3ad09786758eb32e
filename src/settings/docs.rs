//! `relx docs` settings: the branch, remote, prefix and commit flags, with
//! `mkdocs.yml` (its `remote_branch`, `remote_name` and the mike plugin's
//! settings) and the environment, resolved once for every subcommand.

use std::path::PathBuf;

use super::{Env, Mode, Workspace};
use crate::docs::branch::RemoteCheck;
use crate::docs::mkdocs::{self, Mkdocs};
use crate::docs::pages::{self, AliasType, Layout};
use crate::error::Error;
use crate::flags::docs::{AliasTypeArg, BranchArgs, CommitArgs};
use crate::flags::GlobalArgs;

/// How a docs commit is made.
#[derive(Debug, Clone)]
pub struct CommitSettings {
    /// `--message`, else mike's message.
    pub message: Option<String>,
    /// `--push`.
    pub push: bool,
    /// `--allow-empty`.
    pub allow_empty: bool,
    /// `--dry-run` → [`Mode::DryRun`]; docs commands write by default.
    pub mode: Mode,
}

impl CommitSettings {
    /// The commit flags, destructured whole.
    pub fn resolve(args: &CommitArgs) -> CommitSettings {
        let CommitArgs {
            message,
            push,
            allow_empty,
            dry_run,
        } = args;
        CommitSettings {
            message: message.clone(),
            push: *push,
            allow_empty: *allow_empty,
            mode: Mode::dry_run_if(*dry_run),
        }
    }
}

/// Everything a docs subcommand works on.
pub struct DocsSettings {
    /// Directory, repository and configuration.
    pub workspace: Workspace,
    /// `mkdocs.yml`, when there is one.
    pub mkdocs: Option<Mkdocs>,
    /// The docs branch's name.
    pub branch: String,
    /// The remote it is compared with and pushed to.
    pub remote: String,
    /// How strictly the remote branch is compared.
    pub check: RemoteCheck,
    /// The deploy prefix, normalised.
    pub prefix: String,
    /// The deploy prefix as given, for commit messages (as mike).
    pub prefix_given: String,
    /// `--quiet` (mkdocs build runs quiet too).
    pub quiet: bool,
    /// The environment (the committer, `!ENV` tags, `PATH`).
    pub env: Env,
}

impl DocsSettings {
    /// Opens the workspace and resolves the branch flags (destructured
    /// whole) against `mkdocs.yml`. `check` is the subcommand's remote
    /// check, unless `--ignore-remote-status`.
    pub fn resolve(
        global: &GlobalArgs,
        args: &BranchArgs,
        check: RemoteCheck,
        env: Env,
    ) -> Result<DocsSettings, Error> {
        let BranchArgs {
            config_file,
            remote,
            branch,
            deploy_prefix,
            ignore_remote_status,
        } = args;
        let workspace = Workspace::open(global, false)?;
        let repo = workspace.repo()?;
        let dirs = [workspace.dir.clone(), repo.workdir()];
        let mkdocs = match mkdocs::find(&dirs, config_file.as_deref())? {
            Some(file) => Some(Mkdocs::load(&file, &env)?),
            None => None,
        };
        let name = branch
            .clone()
            .or_else(|| mkdocs.as_ref().map(|m| m.remote_branch.clone()))
            .unwrap_or_else(|| "gh-pages".to_string());
        let remote = remote
            .clone()
            .or_else(|| mkdocs.as_ref().map(|m| m.remote_name.clone()))
            .unwrap_or_else(|| "origin".to_string());
        let check = if *ignore_remote_status {
            RemoteCheck::Ignore
        } else {
            check
        };
        if let Err(reason) = crate::git::journaled::check_branch_name(&name) {
            return Err(Error::InvalidName {
                what: "docs branch".to_string(),
                name,
                reason,
            });
        }
        let prefix_given = deploy_prefix
            .clone()
            .or_else(|| mkdocs.as_ref().and_then(|m| m.deploy_prefix.clone()))
            .unwrap_or_default();
        let prefix = pages::normalize(&prefix_given).ok_or_else(|| {
            Error::NotAllowed(format!(
                "--deploy-prefix: '{prefix_given}' must be a relative path inside the branch"
            ))
        })?;
        Ok(DocsSettings {
            workspace,
            mkdocs,
            branch: name,
            remote,
            check,
            prefix,
            prefix_given,
            quiet: global.quiet,
            env,
        })
    }

    /// The branch (and prefix), for messages.
    pub fn place(&self) -> String {
        if self.prefix.is_empty() {
            self.branch.clone()
        } else {
            format!("{}:{}", self.branch, self.prefix)
        }
    }

    /// How pages and aliases are laid out: `--alias-type`, else the mike
    /// plugin's, else symlink.
    pub fn layout(&self, flag: Option<AliasTypeArg>) -> Result<Layout<'_>, Error> {
        let alias_type = match flag {
            Some(AliasTypeArg::Symlink) => AliasType::Symlink,
            Some(AliasTypeArg::Redirect) => AliasType::Redirect,
            Some(AliasTypeArg::Copy) => AliasType::Copy,
            None => match self.mkdocs.as_ref().and_then(|m| m.alias_type.as_deref()) {
                None => AliasType::Symlink,
                Some(name) => AliasType::from_name(name).ok_or_else(|| Error::DocsMkdocs {
                    message: format!(
                        "{}: the mike plugin's alias_type '{name}' is not symlink, redirect or copy",
                        self.mkdocs_file().display()
                    ),
                    hint: None,
                })?,
            },
        };
        Ok(Layout {
            prefix: &self.prefix,
            alias_type,
            directory_urls: self.mkdocs.as_ref().is_none_or(|m| m.use_directory_urls),
        })
    }

    /// The configuration file, for messages.
    pub fn mkdocs_file(&self) -> PathBuf {
        self.mkdocs
            .as_ref()
            .map_or(PathBuf::from("mkdocs.yml"), |m| m.file.clone())
    }

    /// relx renders mike's own redirect page only.
    pub fn check_template(&self) -> Result<(), Error> {
        match self
            .mkdocs
            .as_ref()
            .and_then(|m| m.redirect_template.as_ref())
        {
            Some(template) => Err(Error::DocsMkdocs {
                message: format!(
                    "{}: the mike plugin's redirect_template ({template}) is not supported by relx",
                    self.mkdocs_file().display()
                ),
                hint: Some("remove redirect_template to use mike's redirect page".to_string()),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_commands_write_unless_dry_run() {
        let mut args = CommitArgs {
            message: None,
            push: false,
            allow_empty: false,
            dry_run: false,
        };
        assert_eq!(CommitSettings::resolve(&args).mode, Mode::Exec);
        args.dry_run = true;
        args.push = true;
        let settings = CommitSettings::resolve(&args);
        assert_eq!(settings.mode, Mode::DryRun);
        assert!(settings.push && !settings.allow_empty);
    }
}

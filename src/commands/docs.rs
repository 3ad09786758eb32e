//! `relx docs`: each subcommand reads the docs branch, lets `crate::docs`
//! decide the edits and stages them into one [`DocsPlan`] (the branch's old
//! and new tree, the files changed, `versions.json` before and after, the
//! commit message, the push) before the first effect; [`apply`] carries it
//! out under the lock, through the journal. `list` returns a [`Listing`].

use std::path::Path;

use serde::Serialize;

use crate::docs::branch::{Branch, RemoteCheck};
use crate::docs::mkdocs::Launcher;
use crate::docs::pages::{self, join, message, AliasType, Edit};
use crate::docs::policy::{self, Policy, Target};
use crate::docs::site;
use crate::docs::store::{self, Change};
use crate::docs::versions::{Entry, Versions};
use crate::error::Error;
use crate::flags::docs::{
    AliasArgs, DeleteArgs, DeployArgs, DocsCommand, ListArgs, RetitleArgs, SetDefaultArgs,
};
use crate::flags::GlobalArgs;
use crate::settings::{CommitSettings, DocsSettings, Env, Mode};
use crate::talk::Talk;

/// What the plan does to the branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocsEffect {
    /// A commit of the new tree.
    Commit,
    /// Nothing changed: no commit; the local branch only catches up with
    /// the remote one when that is ahead.
    Nothing {
        /// The local branch is behind the remote one.
        fast_forward: bool,
    },
}

/// Everything a writing docs subcommand would do, decided before the first
/// effect.
#[derive(Debug, Serialize)]
pub struct DocsPlan {
    /// The docs branch.
    pub branch: String,
    /// The branch and prefix, for messages.
    pub place: String,
    /// The remote.
    pub remote: String,
    /// The commit the new one goes on (the local branch, or the remote one
    /// when that is ahead).
    pub old_commit: Option<String>,
    /// Its tree.
    pub old_tree: Option<String>,
    /// The tree the edits make.
    pub new_tree: String,
    /// The files added, changed and removed.
    pub changes: Vec<Change>,
    /// `versions.json` before.
    pub versions_before: Option<String>,
    /// `versions.json` after.
    pub versions_after: Option<String>,
    /// The commit message.
    pub message: String,
    /// Commit, or nothing.
    pub effect: DocsEffect,
    /// `--push` after the commit.
    pub push: bool,
    /// The branch is the one checked out (its work tree is not updated).
    pub checked_out: bool,
    /// Dry run or exec.
    pub mode: Mode,
    #[serde(skip)]
    target: Branch,
}

/// A docs subcommand resolved and planned.
pub struct Prepared {
    /// The settings.
    pub settings: DocsSettings,
    /// The plan.
    pub plan: DocsPlan,
}

/// `relx docs list`: the deployed versions, or the one asked for.
pub struct Listing {
    /// `versions.json`.
    pub versions: Versions,
    /// The entry of `IDENTIFIER`, when one was given.
    pub only: Option<Entry>,
}

/// Resolves and plans a writing subcommand; `None` when the release-series
/// policy skips the deploy (it said why). `list` is [`list`].
pub fn prepare(
    global: &GlobalArgs,
    command: &DocsCommand,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Option<Prepared>, Error> {
    match command {
        DocsCommand::Deploy(a) => deploy(global, a, env, talk),
        DocsCommand::Alias(a) => alias(global, a, env, talk).map(Some),
        DocsCommand::SetDefault(a) => set_default(global, a, env, talk).map(Some),
        DocsCommand::Delete(a) => delete(global, a, env, talk).map(Some),
        DocsCommand::Retitle(a) => retitle(global, a, env, talk).map(Some),
        DocsCommand::List(_) => Err(Error::NotAllowed(
            "relx docs list writes nothing: it has no plan".to_string(),
        )),
    }
}

/// The settings and the branch, opened; a lenient check's warning said.
fn open(
    global: &GlobalArgs,
    args: &crate::flags::docs::BranchArgs,
    check: RemoteCheck,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<(DocsSettings, Branch), Error> {
    let settings = DocsSettings::resolve(global, args, check, env)?;
    let (branch, warning) = store::open(
        settings.workspace.repo()?,
        &settings.branch,
        &settings.remote,
        settings.check,
    )?;
    if let Some(warning) = warning {
        talk.warn(&warning.to_string());
    }
    Ok((settings, branch))
}

/// `versions.json` of the branch: its text and its value.
fn versions(settings: &DocsSettings, branch: &Branch) -> Result<(Option<String>, Versions), Error> {
    let path = join(&settings.prefix, "versions.json");
    let Some(bytes) = store::read(settings.workspace.repo()?, branch, &path)? else {
        return Ok((None, Versions::default()));
    };
    let invalid = |message: String| Error::DocsInvalidVersions {
        place: format!("{}:{path}", settings.branch),
        message,
    };
    let text = String::from_utf8(bytes).map_err(|_| invalid("not UTF-8".to_string()))?;
    let versions = Versions::parse(&text).map_err(invalid)?;
    Ok((Some(text), versions))
}

/// Stages the edits into the plan.
fn plan(
    settings: DocsSettings,
    branch: Branch,
    versions_before: Option<String>,
    edits: &[Edit],
    message: String,
    commit: &CommitSettings,
) -> Result<Prepared, Error> {
    let repo = settings.workspace.repo()?;
    let staged = store::stage(repo, &branch, edits, commit.mode)?;
    let unchanged = staged.unchanged(&store::empty_tree(repo)?);
    let effect = if unchanged && !commit.allow_empty {
        DocsEffect::Nothing {
            fast_forward: branch.base != branch.local,
        }
    } else {
        DocsEffect::Commit
    };
    let versions_path = join(&settings.prefix, "versions.json");
    let versions_after = store::read_tree(repo, &staged.new_tree, &versions_path)?
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let plan = DocsPlan {
        branch: settings.branch.clone(),
        place: settings.place(),
        remote: settings.remote.clone(),
        old_commit: branch.base.map(|b| b.to_string()),
        old_tree: staged.old_tree,
        new_tree: staged.new_tree,
        changes: staged.changes,
        versions_before,
        versions_after,
        message,
        effect,
        push: commit.push,
        checked_out: store::checked_out(repo, &settings.branch),
        mode: commit.mode,
        target: branch,
    };
    Ok(Prepared { settings, plan })
}

/// What [`apply`] made.
pub struct Applied {
    /// The commit's short id, when one was made.
    pub commit: Option<String>,
}

/// Carries the plan out (under `--dry-run`, nothing): the commit under the
/// lock and in the journal, or the fast-forward when nothing changed.
pub fn apply(prepared: &Prepared, talk: &mut dyn Talk) -> Result<Applied, Error> {
    let Prepared { settings, plan } = prepared;
    let repo = settings.workspace.repo()?;
    if plan.mode == Mode::DryRun {
        return Ok(Applied { commit: None });
    }
    match plan.effect {
        DocsEffect::Nothing { fast_forward } => {
            if fast_forward {
                store::fast_forward(repo, &plan.target)?;
            }
            Ok(Applied { commit: None })
        }
        DocsEffect::Commit => {
            if plan.checked_out {
                talk.warn(&format!(
                    "{} is the branch checked out here: its work tree and index are not updated",
                    plan.branch
                ));
            }
            let short = store::commit(
                repo,
                &plan.target,
                &plan.new_tree,
                &plan.message,
                &settings.env,
            )?;
            Ok(Applied {
                commit: Some(short),
            })
        }
    }
}

/// `--push`: the branch to its remote, after [`apply`] made the commit.
pub fn push(prepared: &Prepared) -> Result<(), Error> {
    store::push(prepared.settings.workspace.repo()?, &prepared.plan.target)
}

/// Where a deploy goes.
struct Destination {
    version: String,
    aliases: Vec<String>,
    update_aliases: bool,
    default: Option<String>,
}

/// The release-series policy: the docs version from the project's version.
fn from_policy(
    settings: &DocsSettings,
    versions: &Versions,
    talk: &mut dyn Talk,
) -> Result<Option<Destination>, Error> {
    let workspace = &settings.workspace;
    let config = workspace.config();
    let rules = workspace.tag_rules(None, None)?;
    let current = crate::project::current::current_version(workspace, &rules, talk)?;
    let policy = Policy {
        format: config.docs_version_format.clone(),
        aliases: config.docs_aliases.clone(),
        default: config.docs_default.clone(),
        prerelease: Some(config.docs_prerelease.clone()).filter(|p| p != "skip"),
    };
    let target =
        policy::target(&policy, &current, versions).map_err(|message| Error::InvalidSetting {
            path: workspace.config_path().map(Path::to_path_buf),
            message: format!("`docs_version_format`: {message}"),
        })?;
    match target {
        Target::Skip(reason) => {
            talk.info(&reason);
            Ok(None)
        }
        Target::Deploy {
            version,
            aliases,
            default,
            note,
        } => {
            talk.info(&format!(
                "project version {current}: docs version {version}"
            ));
            if let Some(note) = note {
                talk.info(&note);
            }
            Ok(Some(Destination {
                version,
                aliases,
                update_aliases: true,
                default,
            }))
        }
    }
}

/// The site to deploy: `--site-dir`, else `mkdocs build` into a temporary
/// folder; with the mkdocs version for the commit message.
fn site_files(
    settings: &DocsSettings,
    site_dir: Option<&Path>,
    version: &str,
) -> Result<(Vec<pages::File>, Option<String>), Error> {
    if let Some(dir) = site_dir {
        return Ok((site::read(&settings.workspace.dir.join(dir))?, None));
    }
    let config = settings.mkdocs.as_ref().ok_or_else(|| Error::DocsMkdocs {
        message: format!(
            "no mkdocs.yml in {}: nothing to build",
            settings.workspace.dir.display()
        ),
        hint: Some(
            "run in the project that has mkdocs.yml, pass --config-file, or deploy a built site with --site-dir"
                .to_string(),
        ),
    })?;
    let launcher = Launcher::find(&settings.env)?;
    let built = launcher.build(config, version, settings.quiet)?;
    Ok((site::read(built.path())?, Some(launcher.version.clone())))
}

fn deploy(
    global: &GlobalArgs,
    a: &DeployArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Option<Prepared>, Error> {
    let DeployArgs {
        version,
        aliases,
        title,
        update_aliases,
        alias_type,
        site_dir,
        branch,
        commit,
    } = a;
    let (settings, target) = open(global, branch, RemoteCheck::Strict, env, talk)?;
    let commit = CommitSettings::resolve(commit);
    let (before, mut versions) = versions(&settings, &target)?;
    let destination = match version {
        Some(version) => Destination {
            version: version.clone(),
            aliases: aliases.clone(),
            update_aliases: *update_aliases,
            default: None,
        },
        None => match from_policy(&settings, &versions, talk)? {
            Some(d) => d,
            None => return Ok(None),
        },
    };
    let entry: Entry = versions
        .add(
            &destination.version,
            title.as_deref(),
            &destination.aliases,
            destination.update_aliases,
        )
        .map_err(|p| p.into_error(&settings.place()))?
        .clone();
    if let Some(default) = &destination.default {
        if versions.find(default).is_none() {
            return Err(Error::DocsNotFound {
                identifier: default.clone(),
                branch: settings.place(),
            });
        }
        settings.check_template()?;
    }
    let layout = settings.layout(*alias_type)?;
    if layout.alias_type == AliasType::Redirect && !entry.aliases.is_empty() {
        settings.check_template()?;
    }
    let rev = store::short_head(settings.workspace.repo()?)?;
    let (files, mkdocs_version) = site_files(&settings, site_dir.as_deref(), &destination.version)?;
    let message = commit.message.clone().unwrap_or_else(|| {
        message::deploy(
            &rev,
            &destination.version,
            &settings.prefix_given,
            mkdocs_version.as_deref(),
        )
    });
    let mut edits = pages::deploy(layout, &entry, &files, &versions.to_file());
    if let Some(default) = &destination.default {
        edits.extend(pages::set_default(&settings.prefix, default));
    }
    plan(settings, target, before, &edits, message, &commit).map(Some)
}

fn alias(
    global: &GlobalArgs,
    a: &AliasArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Prepared, Error> {
    let AliasArgs {
        identifier,
        aliases,
        update_aliases,
        alias_type,
        branch,
        commit,
    } = a;
    let (settings, target) = open(global, branch, RemoteCheck::Strict, env, talk)?;
    let commit = CommitSettings::resolve(commit);
    let (before, mut versions) = versions(&settings, &target)?;
    let (version, added) = versions
        .update(identifier, None, aliases, *update_aliases)
        .map_err(|p| p.into_error(&settings.place()))?;
    let layout = settings.layout(*alias_type)?;
    if layout.alias_type == AliasType::Redirect && !added.is_empty() {
        settings.check_template()?;
    }
    let repo = settings.workspace.repo()?;
    let files = store::files(repo, &target, &join(&settings.prefix, &version))?;
    let message = commit
        .message
        .clone()
        .unwrap_or_else(|| message::alias(&version, aliases, &settings.prefix_given));
    let edits = pages::alias(layout, &version, &added, &files, &versions.to_file());
    plan(settings, target, before, &edits, message, &commit)
}

fn set_default(
    global: &GlobalArgs,
    a: &SetDefaultArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Prepared, Error> {
    let SetDefaultArgs {
        identifier,
        allow_undefined,
        branch,
        commit,
    } = a;
    let (settings, target) = open(global, branch, RemoteCheck::Strict, env, talk)?;
    let commit = CommitSettings::resolve(commit);
    let (before, versions) = versions(&settings, &target)?;
    if !allow_undefined && versions.find(identifier).is_none() {
        return Err(Error::DocsNotFound {
            identifier: identifier.clone(),
            branch: settings.place(),
        });
    }
    settings.check_template()?;
    let message = commit
        .message
        .clone()
        .unwrap_or_else(|| message::set_default(identifier, &settings.prefix_given));
    let edits = pages::set_default(&settings.prefix, identifier);
    plan(settings, target, before, &edits, message, &commit)
}

fn delete(
    global: &GlobalArgs,
    a: &DeleteArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Prepared, Error> {
    let DeleteArgs {
        identifiers,
        all,
        branch,
        commit,
    } = a;
    let (settings, target) = open(global, branch, RemoteCheck::Strict, env, talk)?;
    let commit = CommitSettings::resolve(commit);
    let (before, edits) = if *all {
        // versions.json is not read: everything goes.
        (None, pages::delete_all(&settings.prefix))
    } else {
        let (before, mut versions) = versions(&settings, &target)?;
        let removed = versions
            .remove(identifiers)
            .map_err(|p| p.into_error(&settings.place()))?;
        (
            before,
            pages::delete(&settings.prefix, &removed, &versions.to_file()),
        )
    };
    let message = commit
        .message
        .clone()
        .unwrap_or_else(|| message::delete(identifiers, *all, &settings.prefix_given));
    plan(settings, target, before, &edits, message, &commit)
}

fn retitle(
    global: &GlobalArgs,
    a: &RetitleArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Prepared, Error> {
    let RetitleArgs {
        identifier,
        title,
        branch,
        commit,
    } = a;
    let (settings, target) = open(global, branch, RemoteCheck::Strict, env, talk)?;
    let commit = CommitSettings::resolve(commit);
    let (before, mut versions) = versions(&settings, &target)?;
    versions
        .update(identifier, Some(title), &[], false)
        .map_err(|p| p.into_error(&settings.place()))?;
    let message = commit
        .message
        .clone()
        .unwrap_or_else(|| message::retitle(identifier, title, &settings.prefix_given));
    let edits = pages::versions_only(&settings.prefix, &versions.to_file());
    plan(settings, target, before, &edits, message, &commit)
}

/// `relx docs list`: `versions.json`, or the entry of `IDENTIFIER`.
pub fn list(
    global: &GlobalArgs,
    a: &ListArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Listing, Error> {
    let ListArgs {
        identifier,
        json: _,
        branch,
    } = a;
    let (settings, target) = open(global, branch, RemoteCheck::Lenient, env, talk)?;
    let (_, versions) = versions(&settings, &target)?;
    let only = match identifier {
        None => None,
        Some(identifier) => {
            let found = versions
                .find(identifier)
                .ok_or_else(|| Error::DocsNotFound {
                    identifier: identifier.clone(),
                    branch: settings.place(),
                })?;
            let entry = versions
                .get(found.version())
                .expect("find returns a deployed version");
            Some(entry.clone())
        }
    };
    Ok(Listing { versions, only })
}

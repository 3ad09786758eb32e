//! `relx docs`: versioned docs on a git branch, in mike's layout. Each
//! command reads the branch, lets `crate::docs` decide the edits, and
//! commits them (or, with `--dry-run`, shows them).

use std::path::{Path, PathBuf};

pub use crate::flags::docs::*;

use super::printer::Printer;
use crate::docs::branch::{Branch, RemoteCheck};
use crate::docs::mkdocs::{self, Launcher, Mkdocs};
use crate::docs::pages::{self, join, message, AliasType, Edit, Layout};
use crate::docs::policy::{self, Policy, Target};
use crate::docs::site;
use crate::docs::versions::{Entry, Versions};
use crate::error::Error;
use crate::flags::GlobalArgs;
use crate::settings::Workspace;

/// Runs one `relx docs` subcommand.
pub fn run(global: &GlobalArgs, args: &DocsArgs, out: &mut Printer) -> Result<(), Error> {
    match &args.command {
        DocsCommand::Deploy(a) => deploy(global, a, out),
        DocsCommand::Alias(a) => alias(global, a, out),
        DocsCommand::SetDefault(a) => set_default(global, a, out),
        DocsCommand::Delete(a) => delete(global, a, out),
        DocsCommand::List(a) => list(global, a, out),
        DocsCommand::Retitle(a) => retitle(global, a, out),
    }
}

fn stdout(e: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdout>"),
        source: e,
    }
}

/// Everything a docs command works on.
struct Context {
    workspace: Workspace,
    mkdocs: Option<Mkdocs>,
    branch: Branch,
    /// The deploy prefix, normalised.
    prefix: String,
    /// The deploy prefix as given, for commit messages (as mike).
    prefix_given: String,
}

impl Context {
    fn open(
        global: &GlobalArgs,
        args: &BranchArgs,
        check: RemoteCheck,
        out: &mut Printer,
    ) -> Result<Context, Error> {
        let workspace = Workspace::open(global, false)?;
        let repo = workspace
            .repo
            .as_ref()
            .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
        let dirs = [workspace.dir.clone(), repo.workdir()];
        let mkdocs = match mkdocs::find(&dirs, args.config_file.as_deref())? {
            Some(file) => Some(Mkdocs::load(&file)?),
            None => None,
        };
        let name = args
            .branch
            .clone()
            .or_else(|| mkdocs.as_ref().map(|m| m.remote_branch.clone()))
            .unwrap_or_else(|| "gh-pages".to_string());
        let remote = args
            .remote
            .clone()
            .or_else(|| mkdocs.as_ref().map(|m| m.remote_name.clone()))
            .unwrap_or_else(|| "origin".to_string());
        let check = if args.ignore_remote_status {
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
        let (branch, warning) = Branch::open(repo.git2(), &name, &remote, check)?;
        if let Some(warning) = warning {
            out.warn(&warning.to_string()).ok();
        }
        let prefix_given = args
            .deploy_prefix
            .clone()
            .or_else(|| mkdocs.as_ref().and_then(|m| m.deploy_prefix.clone()))
            .unwrap_or_default();
        let prefix = pages::normalize(&prefix_given).ok_or_else(|| {
            Error::NotAllowed(format!(
                "--deploy-prefix: '{prefix_given}' must be a relative path inside the branch"
            ))
        })?;
        Ok(Context {
            workspace,
            mkdocs,
            branch,
            prefix,
            prefix_given,
        })
    }

    fn repo(&self) -> &git2::Repository {
        self.workspace
            .repo
            .as_ref()
            .expect("Context::open requires a repository")
            .git2()
    }

    /// The branch (and prefix), for messages.
    fn place(&self) -> String {
        if self.prefix.is_empty() {
            self.branch.name.clone()
        } else {
            format!("{}:{}", self.branch.name, self.prefix)
        }
    }

    fn versions_path(&self) -> String {
        join(&self.prefix, "versions.json")
    }

    fn versions(&self) -> Result<Versions, Error> {
        let path = self.versions_path();
        let Some(bytes) = self.branch.read(self.repo(), &path)? else {
            return Ok(Versions::default());
        };
        let invalid = |message: String| Error::DocsInvalidVersions {
            place: format!("{}:{path}", self.branch.name),
            message,
        };
        let text = String::from_utf8(bytes).map_err(|_| invalid("not UTF-8".to_string()))?;
        Versions::parse(&text).map_err(invalid)
    }

    fn layout(&self, flag: Option<AliasTypeArg>) -> Result<Layout<'_>, Error> {
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

    fn mkdocs_file(&self) -> PathBuf {
        self.mkdocs
            .as_ref()
            .map_or(PathBuf::from("mkdocs.yml"), |m| m.file.clone())
    }

    /// relx renders mike's own redirect page only.
    fn check_template(&self) -> Result<(), Error> {
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

    /// Commits the edits (or shows them with `--dry-run`), then pushes.
    fn finish(
        &self,
        edits: &[Edit],
        message: &str,
        commit: &CommitArgs,
        out: &mut Printer,
    ) -> Result<(), Error> {
        let repo = self.repo();
        if commit.dry_run {
            // Objects go to memory only: a dry run leaves the repository as it was.
            repo.odb()?.add_new_mempack_backend(1000)?;
        }
        let tree = self.branch.apply(repo, edits)?;
        let before = self.branch.base_tree(repo)?;
        let empty = repo.treebuilder(None)?.write()?;
        let unchanged = before.unwrap_or(empty) == tree;
        if unchanged && !commit.allow_empty {
            out.warn(&format!(
                "nothing changed on {}: no commit made (retry with --allow-empty to commit anyway)",
                self.place()
            ))
            .ok();
            if !commit.dry_run && self.branch.base != self.branch.local {
                if let Some(base) = self.branch.base {
                    self.branch.move_to(repo, base, "relx docs: fast-forward")?;
                }
            }
            return Ok(());
        }
        if commit.dry_run {
            return self.show(tree, message, out);
        }
        let checked_out = repo
            .find_reference("HEAD")
            .ok()
            .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_string))
            .is_some_and(|t| t == format!("refs/heads/{}", self.branch.name));
        if checked_out {
            out.warn(&format!(
                "{} is the branch checked out here: its work tree and index are not updated",
                self.branch.name
            ))
            .ok();
        }
        let oid = self.journaled_commit(tree, message)?;
        let short = repo.find_object(oid, None)?.short_id()?;
        writeln!(
            out.out(),
            "[{} {}] {message}",
            self.branch.name,
            short.as_str().unwrap_or_default()
        )
        .map_err(stdout)?;
        if commit.push {
            self.branch
                .push(&self.workspace.repo.as_ref().expect("open").workdir())?;
            out.info(&format!(
                "pushed {} to {}",
                self.branch.name, self.branch.remote
            ))
            .ok();
        }
        Ok(())
    }

    /// The docs commit and the branch's move, under the writer lock and in
    /// the journal: a kill between the two is found by the next command,
    /// and the branch moves back only if it still holds relx's commit.
    fn journaled_commit(&self, tree: git2::Oid, message: &str) -> Result<git2::Oid, Error> {
        let relx_repo = self.workspace.repo.as_ref().expect("open");
        let lock = crate::journal::take_lock(relx_repo, "relx docs")?;
        let mut journal = crate::journal::Journal::begin(relx_repo, lock, "relx docs")?;
        let n = journal.intend(crate::journal::Effect::Ref {
            name: format!("refs/heads/{}", self.branch.name),
            old: self.branch.local.map(|o| o.to_string()),
            new: None,
            made: self.branch.base.map(|base| crate::journal::Made::Commit {
                parent: base.to_string(),
                message: message.to_string(),
            }),
        })?;
        let committed = self
            .branch
            .commit(self.repo(), tree, message)
            .and_then(|oid| journal.done(n, Some(oid.to_string())).map(|()| oid));
        match committed {
            Ok(oid) => journal.close(relx_repo, Ok(())).map(|()| oid),
            // close() hands the error back after the undo.
            Err(error) => match journal.close(relx_repo, Err(error)) {
                Err(error) => Err(error),
                Ok(()) => Err(Error::git(
                    "the docs commit failed",
                    "run the command again",
                )),
            },
        }
    }

    /// The dry run: the commit that would be made and the files it changes.
    fn show(&self, tree: git2::Oid, message: &str, out: &mut Printer) -> Result<(), Error> {
        let repo = self.repo();
        let old = self
            .branch
            .base_tree(repo)?
            .map(|t| repo.find_tree(t))
            .transpose()?;
        let new = repo.find_tree(tree)?;
        let diff = repo.diff_tree_to_tree(old.as_ref(), Some(&new), None)?;
        let w = out.out();
        writeln!(w, "would commit to {}: {message}", self.branch.name).map_err(stdout)?;
        for delta in diff.deltas() {
            let status = match delta.status() {
                git2::Delta::Added => 'A',
                git2::Delta::Deleted => 'D',
                git2::Delta::Modified => 'M',
                git2::Delta::Typechange => 'T',
                _ => '?',
            };
            let path = delta
                .new_file()
                .path()
                .or_else(|| delta.old_file().path())
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            writeln!(w, "  {status} {path}").map_err(stdout)?;
        }
        Ok(())
    }
}

/// The project's HEAD, abbreviated as `git rev-parse --short HEAD`.
fn short_head(repo: &git2::Repository) -> Result<String, Error> {
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(|_| {
        Error::git(
            "HEAD has no commit: the docs commit message names the commit built",
            "commit something first",
        )
    })?;
    Ok(head
        .as_object()
        .short_id()?
        .as_str()
        .unwrap_or_default()
        .to_string())
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
    ctx: &Context,
    versions: &Versions,
    out: &mut Printer,
) -> Result<Option<Destination>, Error> {
    let workspace = &ctx.workspace;
    let config = workspace.config();
    let rules = workspace.tag_rules(None, None)?;
    let current = crate::project::current::current_version(workspace, &rules, out)?;
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
            out.info(&reason).ok();
            Ok(None)
        }
        Target::Deploy {
            version,
            aliases,
            default,
            note,
        } => {
            out.info(&format!(
                "project version {current}: docs version {version}"
            ))
            .ok();
            if let Some(note) = note {
                out.info(&note).ok();
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

fn deploy(global: &GlobalArgs, a: &DeployArgs, out: &mut Printer) -> Result<(), Error> {
    let ctx = Context::open(global, &a.branch, RemoteCheck::Strict, out)?;
    let mut versions = ctx.versions()?;
    let destination = match &a.version {
        Some(version) => Destination {
            version: version.clone(),
            aliases: a.aliases.clone(),
            update_aliases: a.update_aliases,
            default: None,
        },
        None => match from_policy(&ctx, &versions, out)? {
            Some(d) => d,
            None => return Ok(()),
        },
    };
    let entry: Entry = versions
        .add(
            &destination.version,
            a.title.as_deref(),
            &destination.aliases,
            destination.update_aliases,
        )
        .map_err(|p| p.into_error(&ctx.place()))?
        .clone();
    if let Some(default) = &destination.default {
        if versions.find(default).is_none() {
            return Err(Error::DocsNotFound {
                identifier: default.clone(),
                branch: ctx.place(),
            });
        }
        ctx.check_template()?;
    }
    let layout = ctx.layout(a.alias_type)?;
    if layout.alias_type == AliasType::Redirect && !entry.aliases.is_empty() {
        ctx.check_template()?;
    }
    let rev = short_head(ctx.repo())?;

    let (files, mkdocs_version, _site) = match &a.site_dir {
        Some(dir) => (site::read(&ctx.workspace.dir.join(dir))?, None, None),
        None => {
            let config = ctx.mkdocs.as_ref().ok_or_else(|| Error::DocsMkdocs {
                message: format!(
                    "no mkdocs.yml in {}: nothing to build",
                    ctx.workspace.dir.display()
                ),
                hint: Some(
                    "run in the project that has mkdocs.yml, pass --config-file, or deploy a built site with --site-dir"
                        .to_string(),
                ),
            })?;
            let launcher = Launcher::find()?;
            let built = launcher.build(config, &destination.version, global.quiet)?;
            (
                site::read(built.path())?,
                Some(launcher.version.clone()),
                Some(built),
            )
        }
    };
    let message = a.commit.message.clone().unwrap_or_else(|| {
        message::deploy(
            &rev,
            &destination.version,
            &ctx.prefix_given,
            mkdocs_version.as_deref(),
        )
    });
    let mut edits = pages::deploy(layout, &entry, &files, &versions.to_file());
    if let Some(default) = &destination.default {
        edits.extend(pages::set_default(&ctx.prefix, default));
    }
    ctx.finish(&edits, &message, &a.commit, out)
}

fn alias(global: &GlobalArgs, a: &AliasArgs, out: &mut Printer) -> Result<(), Error> {
    let ctx = Context::open(global, &a.branch, RemoteCheck::Strict, out)?;
    let mut versions = ctx.versions()?;
    let (version, added) = versions
        .update(&a.identifier, None, &a.aliases, a.update_aliases)
        .map_err(|p| p.into_error(&ctx.place()))?;
    let layout = ctx.layout(a.alias_type)?;
    if layout.alias_type == AliasType::Redirect && !added.is_empty() {
        ctx.check_template()?;
    }
    let files = ctx.branch.files(ctx.repo(), &join(&ctx.prefix, &version))?;
    let message = a
        .commit
        .message
        .clone()
        .unwrap_or_else(|| message::alias(&version, &a.aliases, &ctx.prefix_given));
    let edits = pages::alias(layout, &version, &added, &files, &versions.to_file());
    ctx.finish(&edits, &message, &a.commit, out)
}

fn set_default(global: &GlobalArgs, a: &SetDefaultArgs, out: &mut Printer) -> Result<(), Error> {
    let ctx = Context::open(global, &a.branch, RemoteCheck::Strict, out)?;
    let versions = ctx.versions()?;
    if !a.allow_undefined && versions.find(&a.identifier).is_none() {
        return Err(Error::DocsNotFound {
            identifier: a.identifier.clone(),
            branch: ctx.place(),
        });
    }
    ctx.check_template()?;
    let message = a
        .commit
        .message
        .clone()
        .unwrap_or_else(|| message::set_default(&a.identifier, &ctx.prefix_given));
    let edits = pages::set_default(&ctx.prefix, &a.identifier);
    ctx.finish(&edits, &message, &a.commit, out)
}

fn delete(global: &GlobalArgs, a: &DeleteArgs, out: &mut Printer) -> Result<(), Error> {
    let ctx = Context::open(global, &a.branch, RemoteCheck::Strict, out)?;
    let edits = if a.all {
        pages::delete_all(&ctx.prefix)
    } else {
        let mut versions = ctx.versions()?;
        let removed = versions
            .remove(&a.identifiers)
            .map_err(|p| p.into_error(&ctx.place()))?;
        pages::delete(&ctx.prefix, &removed, &versions.to_file())
    };
    let message = a
        .commit
        .message
        .clone()
        .unwrap_or_else(|| message::delete(&a.identifiers, a.all, &ctx.prefix_given));
    ctx.finish(&edits, &message, &a.commit, out)
}

fn retitle(global: &GlobalArgs, a: &RetitleArgs, out: &mut Printer) -> Result<(), Error> {
    let ctx = Context::open(global, &a.branch, RemoteCheck::Strict, out)?;
    let mut versions = ctx.versions()?;
    versions
        .update(&a.identifier, Some(&a.title), &[], false)
        .map_err(|p| p.into_error(&ctx.place()))?;
    let message = a
        .commit
        .message
        .clone()
        .unwrap_or_else(|| message::retitle(&a.identifier, &a.title, &ctx.prefix_given));
    let edits = pages::versions_only(&ctx.prefix, &versions.to_file());
    ctx.finish(&edits, &message, &a.commit, out)
}

/// mike's `list` line: `"title" (version) [aliases]`, or `version [aliases]`.
fn list_line(entry: &Entry) -> String {
    let mut aliases = entry.aliases.clone();
    aliases.sort();
    let aliases = if aliases.is_empty() {
        String::new()
    } else {
        format!(" [{}]", aliases.join(", "))
    };
    if entry.title != entry.version {
        format!("\"{}\" ({}){aliases}", entry.title, entry.version)
    } else {
        format!("{}{aliases}", entry.version)
    }
}

fn list(global: &GlobalArgs, a: &ListArgs, out: &mut Printer) -> Result<(), Error> {
    let ctx = Context::open(global, &a.branch, RemoteCheck::Lenient, out)?;
    let versions = ctx.versions()?;
    let w = out.out();
    match &a.identifier {
        Some(identifier) => {
            let found = versions
                .find(identifier)
                .ok_or_else(|| Error::DocsNotFound {
                    identifier: identifier.clone(),
                    branch: ctx.place(),
                })?;
            let entry = versions
                .get(found.version())
                .expect("find returns a deployed version");
            if a.json {
                writeln!(w, "{}", Versions::entry_dumps(entry)).map_err(stdout)?;
            } else {
                writeln!(w, "{}", list_line(entry)).map_err(stdout)?;
            }
        }
        None if a.json => writeln!(w, "{}", versions.dumps()).map_err(stdout)?,
        None => {
            for entry in versions.sorted() {
                writeln!(w, "{}", list_line(entry)).map_err(stdout)?;
            }
        }
    }
    Ok(())
}

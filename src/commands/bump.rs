//! `relx bump`: the version plan plus the file edits, the changelog, the
//! pre-flight checks and how the commit and tag are made, as one
//! [`BumpPlan`]; under `--exec`, [`apply`] carries out exactly that value
//! through the journal (the push included).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::apply::{self, Done, Exec, Failure, Staged};
use crate::error::Error;
use crate::files::targets::{self as edits, FileEdit};
use crate::files::write::resolve_inside;
use crate::flags::{BumpArgs, GlobalArgs};
use crate::git::journaled::check_tag_name;
use crate::git::{Head, Repo};
use crate::journal::Lock;
use crate::plan::Plan;
use crate::project::changelog::{release_update, EmptyRange};
use crate::project::targets::version_edits;
use crate::settings::changelog as changelog_settings;
use crate::settings::{take_lock, BumpSettings, Env, Mode, Workspace};
use crate::talk::Talk;

/// Everything `relx bump` would do, decided before the first effect.
#[derive(Debug, Serialize)]
pub struct BumpPlan {
    /// The version plan (with the changelog section, when one is written).
    #[serde(flatten)]
    pub plan: Plan,
    /// Every file edit, before and after.
    pub files: Vec<FileEdit>,
    /// What stops `--exec` (a dry run lists them all).
    #[serde(skip)]
    pub problems: Vec<Error>,
    /// How the commit, the tag, the hooks and the push are made.
    pub exec: Exec,
    /// Where each edit goes and what the commit gets.
    #[serde(skip)]
    pub staged: Vec<Staged>,
}

/// A bump resolved and planned, with the lock under `--exec`.
pub struct Prepared {
    /// The settings.
    pub settings: BumpSettings,
    /// The writer lock, held from the first read (`--exec` only).
    pub lock: Option<Lock>,
    /// The plan.
    pub bump: BumpPlan,
}

/// Takes the lock (under `--exec`, before anything is read), resolves the
/// settings and decides the plan.
pub fn prepare(
    global: &GlobalArgs,
    args: &BumpArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Prepared, Error> {
    let lock = match Mode::exec_if(args.exec) {
        Mode::Exec => take_lock(global, "relx bump --exec")?,
        Mode::DryRun => None,
    };
    let settings = BumpSettings::resolve(global, args, env)?;
    settings.version.warn_unknown_keys(talk);
    let version = settings.version.next_release(talk)?;
    let bump = plan(&settings, version, talk)?;
    Ok(Prepared {
        settings,
        lock,
        bump,
    })
}

/// Decides the whole bump from the version plan: the edits, the changelog
/// and every pre-flight check.
pub fn plan(settings: &BumpSettings, plan: Plan, talk: &mut dyn Talk) -> Result<BumpPlan, Error> {
    let workspace = &settings.version.workspace;
    let repo = workspace.repo()?;
    let mut problems: Vec<Error> = Vec::new();
    // An unknown provider stops here; file problems are listed with the rest.
    crate::project::provider(&workspace.loaded)?;
    let mut files = version_edits(
        &workspace.loaded,
        &workspace.dir,
        &plan.current_version,
        &plan.next_version,
    )
    .unwrap_or_else(|e| {
        problems.push(e);
        Vec::new()
    });
    let mut plan = plan;
    let mut changelog_file = None;
    if settings.changelog {
        let empty = if settings.version.request.allow_no_commit {
            EmptyRange::Allow
        } else {
            EmptyRange::Refuse
        };
        let update =
            changelog_settings::resolve(workspace, &changelog_settings::Overrides::default())
                .and_then(|(changelog, path)| {
                    release_update(
                        workspace,
                        (&changelog, &path),
                        repo,
                        &plan.next_tag,
                        plan.next_version.is_prerelease(),
                        settings.version.today.iso(),
                        empty,
                        talk,
                    )
                });
        match update {
            Ok(update) => {
                changelog_file = Some(crate::git::write::relative(&repo.workdir(), &update.path));
                plan.changelog = Some(update.generated.clone());
                if update.before.as_deref() != Some(update.after.as_str()) {
                    files.push(FileEdit {
                        path: update.path.clone(),
                        places: vec!["changelog".to_string()],
                        before: update.before.unwrap_or_default().into_bytes(),
                        after: update.after.into_bytes(),
                    });
                }
            }
            Err(e) => problems.push(e),
        }
    }
    problems.extend(preflight(settings, &plan, repo)?);
    let staged = stage(settings, &plan, &files, repo).unwrap_or_else(|e| {
        problems.push(e);
        Vec::new()
    });
    let exec = Exec {
        pre_bump_hooks: settings.pre_bump_hooks.clone(),
        post_bump_hooks: settings.post_bump_hooks.clone(),
        tag_kind: settings.tag_kind,
        tag_message: settings
            .tag_message
            .clone()
            .unwrap_or_else(|| plan.next_tag.clone()),
        no_verify: settings.no_verify,
        version_files_only: settings.files_only,
        changelog_file: changelog_file.as_ref().map(|p| p.display().to_string()),
        push: (settings.push && !settings.files_only)
            .then(|| plan.branch.clone().unwrap_or_default()),
    };
    Ok(BumpPlan {
        plan,
        files,
        problems,
        exec,
        staged,
    })
}

/// The checks on the repository: no operation in progress, a branch, a
/// clean tree (unless allowed), a free and valid tag name.
fn preflight(settings: &BumpSettings, plan: &Plan, repo: &Repo) -> Result<Vec<Error>, Error> {
    let mut problems = Vec::new();
    if let Some(operation) = repo.operation_in_progress() {
        problems.push(Error::OperationInProgress(operation.to_string()));
    }
    if let Head::Detached(sha) = repo.head()? {
        problems.push(Error::git(
            format!(
                "HEAD is detached at {}: a bump commit must go on a branch",
                &sha[..sha.len().min(7)]
            ),
            "check out the branch first (git switch <branch>)",
        ));
    }
    if !settings.allow_dirty {
        let dirty = repo.tracked_changes()?;
        if !dirty.is_empty() {
            problems.push(Error::DirtyTree(
                dirty.iter().map(|p| p.display().to_string()).collect(),
            ));
        }
    }
    if !settings.files_only && repo.tag_exists(&plan.next_tag) {
        problems.push(Error::TagExists(plan.next_tag.clone()));
    }
    if let Err(reason) = check_tag_name(&plan.next_tag) {
        problems.push(Error::InvalidName {
            what: "tag".to_string(),
            name: plan.next_tag.clone(),
            reason,
        });
    }
    Ok(problems)
}

/// Carries the plan out under `lock`, exactly as planned; the caller has
/// checked that it has no problems.
pub fn apply(
    bump: &BumpPlan,
    settings: &BumpSettings,
    lock: Lock,
    say: &mut dyn FnMut(&str),
) -> Result<Done, Failure> {
    let repo = settings.version.workspace.repo().map_err(|e| Failure {
        error: Box::new(e),
        undo: Default::default(),
    })?;
    apply::bump(&bump.plan, &bump.staged, &bump.exec, repo, lock, say)
}

/// Where each edit is written and what the commit gets: symlinks resolved
/// (a path outside the work tree, or not a regular file, is refused), and
/// with `--allow-dirty` a file with local changes is committed as HEAD's
/// content with only the version replaced.
fn stage(
    settings: &BumpSettings,
    plan: &Plan,
    files: &[FileEdit],
    repo: &Repo,
) -> Result<Vec<Staged>, Error> {
    let workspace = &settings.version.workspace;
    let workdir = repo.workdir();
    let root = std::fs::canonicalize(&workdir).unwrap_or_else(|_| workdir.clone());
    let dirty: Vec<PathBuf> = if settings.allow_dirty {
        repo.tracked_changes()?
    } else {
        Vec::new()
    };
    let mut staged = Vec::new();
    for edit in files {
        let shown = edit.path.strip_prefix(&workspace.dir).unwrap_or(&edit.path);
        let path = resolve_inside(&workdir, &edit.path).map_err(|reason| Error::UnsafePath {
            path: shown.to_path_buf(),
            reason,
        })?;
        let inside = path.strip_prefix(&root).unwrap_or(&path);
        let relative = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let is_changelog = edit.places.iter().any(|p| p == "changelog");
        let commit = if !is_changelog && dirty.iter().any(|d| d == inside) {
            head_edit(workspace, plan, edit, repo, &relative)?
        } else {
            None
        };
        staged.push(Staged {
            path,
            relative,
            after: edit.after.clone(),
            commit,
        });
    }
    Ok(staged)
}

/// HEAD's content of a version file with the version replaced, as the
/// commit of a bump with local changes gets it.
fn head_edit(
    workspace: &Workspace,
    plan: &Plan,
    edit: &FileEdit,
    repo: &Repo,
    relative: &str,
) -> Result<Option<Vec<u8>>, Error> {
    let Some((bytes, _)) = repo.head_blob(relative) else {
        return Ok(None);
    };
    let provider = crate::project::provider(&workspace.loaded)?;
    let targets: Vec<_> = crate::project::version_targets(&workspace.loaded, provider)?
        .into_iter()
        .filter(|t| t.path() == &edit.path)
        .collect();
    let files = BTreeMap::from([(edit.path.clone(), bytes)]);
    let made = edits::edits(
        &targets,
        &files,
        &plan.current_version.to_string(),
        &plan.next_version.to_string(),
    )
    .map_err(|e| Error::VersionFile {
        path: edit.path.clone(),
        reason: format!("its committed content (HEAD) cannot take the version: {e}"),
    })?;
    Ok(made.into_iter().next().map(|e| e.after))
}

//! `relx changelog`: the history and the changelog file read, the new text
//! decided by `crate::changelog`, as one [`ChangelogPlan`]: the text to
//! print (`--dry-run`, a range, `--notes`) or the file's edit, which
//! [`apply`] writes through the journal.

use serde::Serialize;

use crate::changelog::{self, format, Metadata, Request, TreeOptions};
use crate::error::Error;
use crate::files::targets::FileEdit;
use crate::files::write::resolve_inside;
use crate::flags::{ChangelogArgs, GlobalArgs};
use crate::journal::{Journal, Lock};
use crate::project::changelog::{
    empty_range, history, range_bounds, read_text, release_with, tags, EmptyRange,
};
use crate::settings::changelog::ChangelogSettings;
use crate::settings::{take_lock, Env, Mode};
use crate::talk::Talk;

/// What `relx changelog` does, decided before anything is written.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangelogPlan {
    /// Text for stdout, exactly as printed (`--dry-run`, a range,
    /// `--notes`).
    Print {
        /// The text.
        text: String,
    },
    /// The changelog file's new text (its path resolved inside the work
    /// tree).
    Write {
        /// The edit, before and after.
        edit: FileEdit,
    },
    /// Nothing to print or write (the file would not change, or nothing
    /// was released since it).
    Nothing,
}

/// A changelog run resolved and planned, with the lock when it writes.
pub struct Prepared {
    /// The settings.
    pub settings: ChangelogSettings,
    /// The writer lock, held from the first read (writing runs only).
    pub lock: Option<Lock>,
    /// The plan.
    pub plan: ChangelogPlan,
}

/// Takes the lock (a writing run, before anything is read), resolves the
/// settings and decides the plan.
pub fn prepare(
    global: &GlobalArgs,
    args: &ChangelogArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Prepared, Error> {
    let lock = match (Mode::dry_run_if(args.dry_run), &args.notes) {
        (Mode::Exec, None) => take_lock(global, "relx changelog")?,
        _ => None,
    };
    let settings = ChangelogSettings::resolve(global, args, env)?;
    let plan = plan(&settings, talk)?;
    Ok(Prepared {
        settings,
        lock,
        plan,
    })
}

/// Text printed as one line.
fn line(text: &str) -> ChangelogPlan {
    ChangelogPlan::Print {
        text: format!("{text}\n"),
    }
}

/// Reads the file and the history and decides what is printed or written.
pub fn plan(s: &ChangelogSettings, talk: &mut dyn Talk) -> Result<ChangelogPlan, Error> {
    let workspace = &s.workspace;
    let repo = workspace.repo()?;
    let settings = &s.changelog;
    let path = &s.path;
    let before = read_text(path)?;
    if let Some(version) = &s.notes {
        let text = before
            .ok_or_else(|| Error::NoCommitsIn(format!("{}: no such file", path.display())))?;
        let notes = changelog::notes::section(&text, settings.format, &settings.tag_rules, version)
            .ok_or_else(|| {
                Error::NoCommitsIn(format!(
                    "{} has no section for version {version}",
                    settings.file.display()
                ))
            })?;
        return Ok(ChangelogPlan::Print { text: notes });
    }
    if s.incremental && s.rev_range.is_some() {
        return Err(Error::NotAllowed(
            "--incremental cannot be combined with a rev_range".into(),
        ));
    }
    let tags = tags(repo, settings, talk)?;
    let incremental = s.rev_range.is_none();
    if let (Some(version), true) = (&s.unreleased_version, incremental) {
        let prerelease = settings
            .tag_rules
            .version_of(version)
            .or_else(|_| settings.tag_rules.scheme.parse(version))
            .is_ok_and(|v| v.is_prerelease());
        let empty = empty_range(workspace, settings, EmptyRange::Refuse);
        let update = release_with(
            settings,
            path,
            repo,
            &tags,
            version,
            prerelease,
            s.today.iso(),
            empty,
        )?;
        if s.mode == Mode::DryRun {
            return Ok(line(&update.generated));
        }
        return edit(s, update.before.as_deref(), update.after);
    }
    let mut start = s.start_rev.clone();
    let mut meta = Metadata::default();
    if let (true, Some(text)) = (incremental, &before) {
        meta = format::metadata(text, settings.format, &settings.tag_rules);
        if meta.latest_version.is_some() {
            start = changelog::incremental_start(&meta, &tags, settings)?;
        } else if !text.trim().is_empty() && s.mode.is_exec() {
            talk.warn(&format!(
                "{} has no version heading: the whole history is added after its text",
                settings.file.display()
            ));
        }
    }
    let mut end = None;
    if let Some(range) = &s.rev_range {
        let (from, to) = range_bounds(range, &tags, settings)?;
        (start, end) = (from, Some(to));
    }
    let commits = history(repo, start.as_deref(), end.as_deref())?;
    if commits.is_empty()
        && empty_range(workspace, settings, EmptyRange::Refuse) == EmptyRange::Refuse
    {
        return Err(Error::NoCommitsIn("No commits found".to_string()));
    }
    let request = Request {
        tree: TreeOptions {
            unreleased_version: s.unreleased_version.clone(),
            today: s.today.iso().to_string(),
            prereleases: settings.prereleases,
            merging_release: false,
        },
        incremental,
        only_unreleased: s.unreleased,
    };
    let releases = changelog::releases(&commits, &tags, settings, &request);
    if releases.is_empty() {
        // Recent Changes mode with nothing released since the file: the
        // hand-written heading already holds the unreleased notes.
        return Ok(ChangelogPlan::Nothing);
    }
    let rendered = changelog::render_releases(&releases, settings, incremental)?;
    if s.mode == Mode::DryRun || (s.rev_range.is_some() && !s.file_name_given) {
        return Ok(line(&rendered));
    }
    let after = match (&before, incremental) {
        (Some(text), true) => changelog::incremental(&rendered, text, &meta),
        _ => rendered,
    };
    edit(s, before.as_deref(), after)
}

/// The file's edit (symlinks resolved, inside the work tree only); nothing
/// when it would not change.
fn edit(
    s: &ChangelogSettings,
    before: Option<&str>,
    after: String,
) -> Result<ChangelogPlan, Error> {
    if before == Some(after.as_str()) {
        return Ok(ChangelogPlan::Nothing);
    }
    let repo = s.workspace.repo()?;
    let target = resolve_inside(&repo.workdir(), &s.path).map_err(|reason| Error::UnsafePath {
        path: s.path.clone(),
        reason,
    })?;
    Ok(ChangelogPlan::Write {
        edit: FileEdit {
            path: target,
            places: vec!["changelog".to_string()],
            before: before.unwrap_or_default().as_bytes().to_vec(),
            after: after.into_bytes(),
        },
    })
}

/// Writes the plan's edit through the journal under `lock` (the one
/// atomic writer, `files::write::atomic_write`); nothing for a plan that
/// only prints.
pub fn apply(
    plan: &ChangelogPlan,
    settings: &ChangelogSettings,
    lock: Option<Lock>,
) -> Result<(), Error> {
    let ChangelogPlan::Write { edit } = plan else {
        return Ok(());
    };
    let repo = settings.workspace.repo()?;
    let Some(lock) = lock else {
        return Err(Error::NotARepository(settings.path.clone()));
    };
    let mut journal = Journal::begin(repo, lock, "relx changelog")?;
    let written = journal.write_file(&edit.path, &edit.after);
    journal.close(repo, written)
}

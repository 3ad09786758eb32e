//! `relx changelog`: read the history and the changelog file, let
//! `changelog` decide the new text, then print it (`--dry-run`, a range,
//! `--notes`) or write it. Also [`release_update`], what `bump --changelog`
//! calls for the release it makes.

use std::path::Path;

use super::printer::Printer;
use crate::changelog::{self, format, Metadata, Request, TreeOptions};
use crate::error::Error;
use crate::flags::{ChangelogArgs, GlobalArgs};
use crate::project::changelog::{
    empty_range, history, range_bounds, read_text, release_with, tags, EmptyRange,
};
use crate::settings::changelog::{self as changelog_settings, Overrides};
use crate::settings::{Env, Today, Workspace};

fn print(out: &mut Printer, text: &str) -> Result<(), Error> {
    writeln!(out.out(), "{text}").map_err(|source| Error::Io {
        path: "<stdout>".into(),
        source,
    })
}

/// `relx changelog`.
pub fn run(
    global: &GlobalArgs,
    args: &ChangelogArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    let today = Today::from_env(&env);
    // A writing run holds the repository's lock from its first read.
    let lock = if args.dry_run || args.notes.is_some() {
        None
    } else {
        crate::settings::take_lock(global, "relx changelog")?
    };
    let workspace = Workspace::open(global, false)?;
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    let overrides = Overrides {
        file_name: args.file_name.clone(),
        merge_prerelease: args.merge_prerelease,
        template: args.template.clone(),
        extras: args.extras.clone(),
    };
    let (settings, path) = changelog_settings::resolve(&workspace, &overrides)?;
    let before = read_text(&path)?;
    if let Some(version) = &args.notes {
        let text = before
            .ok_or_else(|| Error::NoCommitsIn(format!("{}: no such file", path.display())))?;
        let notes = changelog::notes::section(&text, settings.format, &settings.tag_rules, version)
            .ok_or_else(|| {
                Error::NoCommitsIn(format!(
                    "{} has no section for version {version}",
                    settings.file.display()
                ))
            })?;
        return std::io::Write::write_all(out.out(), notes.as_bytes()).map_err(|source| {
            Error::Io {
                path: "<stdout>".into(),
                source,
            }
        });
    }
    if args.incremental && args.rev_range.is_some() {
        return Err(Error::NotAllowed(
            "--incremental cannot be combined with a rev_range".into(),
        ));
    }
    let tags = tags(repo, &settings, out)?;
    let incremental = args.rev_range.is_none();
    if let (Some(version), true) = (&args.unreleased_version, incremental) {
        let prerelease = settings
            .tag_rules
            .version_of(version)
            .or_else(|_| settings.tag_rules.scheme.parse(version))
            .is_ok_and(|v| v.is_prerelease());
        let empty = empty_range(&workspace, &settings, EmptyRange::Refuse);
        let update = release_with(
            &settings,
            &path,
            repo,
            &tags,
            version,
            prerelease,
            today.iso(),
            empty,
        )?;
        if args.dry_run {
            return print(out, &update.generated);
        }
        return write_if_changed(repo, lock, &path, update.before.as_deref(), &update.after);
    }
    let mut start = args
        .start_rev
        .clone()
        .or_else(|| workspace.config().changelog_start_rev.clone());
    let mut meta = Metadata::default();
    if let (true, Some(text)) = (incremental, &before) {
        meta = format::metadata(text, settings.format, &settings.tag_rules);
        if meta.latest_version.is_some() {
            start = changelog::incremental_start(&meta, &tags, &settings)?;
        } else if !text.trim().is_empty() && !args.dry_run {
            out.warn(&format!(
                "{} has no version heading: the whole history is added after its text",
                settings.file.display()
            ))
            .ok();
        }
    }
    let mut end = None;
    if let Some(range) = &args.rev_range {
        let (s, e) = range_bounds(range, &tags, &settings)?;
        (start, end) = (s, Some(e));
    }
    let commits = history(repo, start.as_deref(), end.as_deref())?;
    if commits.is_empty()
        && empty_range(&workspace, &settings, EmptyRange::Refuse) == EmptyRange::Refuse
    {
        return Err(Error::NoCommitsIn("No commits found".to_string()));
    }
    let request = Request {
        tree: TreeOptions {
            unreleased_version: args.unreleased_version.clone(),
            today: today.iso().to_string(),
            prereleases: settings.prereleases,
            merging_release: false,
        },
        incremental,
        only_unreleased: args.unreleased,
    };
    let releases = changelog::releases(&commits, &tags, &settings, &request);
    if releases.is_empty() {
        // Recent Changes mode with nothing released since the file: the
        // hand-written heading already holds the unreleased notes.
        return Ok(());
    }
    let rendered = changelog::render_releases(&releases, &settings, incremental)?;
    if args.dry_run || (args.rev_range.is_some() && args.file_name.is_none()) {
        return print(out, &rendered);
    }
    let after = match (&before, incremental) {
        (Some(text), true) => changelog::incremental(&rendered, text, &meta),
        _ => rendered,
    };
    write_if_changed(repo, lock, &path, before.as_deref(), &after)
}

/// Writes the changelog through the journal (symlinks resolved, inside the
/// work tree only); nothing when it would not change.
fn write_if_changed(
    repo: &crate::git::Repo,
    lock: Option<crate::journal::Lock>,
    path: &Path,
    before: Option<&str>,
    after: &str,
) -> Result<(), Error> {
    if before == Some(after) {
        return Ok(());
    }
    let target = crate::files::write::resolve_inside(&repo.workdir(), path).map_err(|reason| {
        Error::UnsafePath {
            path: path.to_path_buf(),
            reason,
        }
    })?;
    let Some(lock) = lock else {
        return Err(Error::NotARepository(path.to_path_buf()));
    };
    let mut journal = crate::journal::Journal::begin(repo, lock, "relx changelog")?;
    let written = journal.write_file(&target, after.as_bytes());
    journal.close(repo, written)
}

//! `relx build`: find the version the files must carry, run the backend
//! into a staging directory, check every file (version, metadata, long
//! description, file name), and only then move them into dist/, rotate old
//! versions, copy the changelog and this version's notes (`notes`) and
//! write `SHA256SUMS`. `--check-only FILES…` runs the checks alone on any
//! files (`output`).
//!
//! A progress line per step goes to stderr; the result (the files, or the
//! JSON summary with `--json`) to stdout.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

pub(crate) mod notes;
mod output;

pub use output::{check_files, print_report, Built, Summary};

use super::printer::{Printer, Verbosity};
use crate::build::backend::{self, Frontend, Isolation};
use crate::build::check::{self, FileReport, Report};
use crate::build::{dist, rotate, snapshot, sums};
use crate::env::Env;
use crate::error::Error;
use crate::files::targets::FileEdit;
use crate::files::write::atomic_write;
use crate::flags::{BuildArgs, GlobalArgs, VersionArgs};
use crate::journal::{signal, Journal};
use crate::pkg::filename;
use crate::settings::{VersionSettings, Workspace};
use crate::version::{Pep440, Version};

/// The name of the checksum file in the dist directory.
pub const SHA256SUMS: &str = "SHA256SUMS";

/// The directory relx runs in (`-C` or the current directory).
fn project_dir(global: &GlobalArgs) -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: ".".into(),
        source,
    })?;
    let dir = global.dir.as_ref().map_or(cwd.clone(), |d| cwd.join(d));
    if !dir.is_dir() {
        return Err(Error::Io {
            path: dir,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
        });
    }
    Ok(dir)
}

/// `relx build`.
pub fn run(
    global: &GlobalArgs,
    args: &BuildArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    if let Some(files) = &args.check_only {
        return output::check_files(global, files, args.json, out);
    }
    let dir = project_dir(global)?;
    if !dir.join("pyproject.toml").is_file() && !dir.join("setup.py").is_file() {
        return Err(Error::NothingToBuild(dir));
    }
    // One writer at a time: the snapshot edits and --keep's removals go
    // through the journal, so a kill leaves nothing the next run misses.
    let lock = crate::settings::take_lock(global, "relx build")?;
    let (workspace, expected, edits) = target(global, args, &env, out)?;
    let Some(repo) = workspace.repo.as_ref() else {
        return Err(Error::NotARepository(dir));
    };
    let mut journal = match lock {
        Some(lock) => Some(Journal::begin(repo, lock, "relx build")?),
        None => None,
    };
    let result = build_and_check(
        args,
        &dir,
        &workspace,
        &expected,
        &edits,
        journal.as_mut(),
        out,
    );
    match journal {
        Some(journal) => journal.close(repo, result),
        None => result,
    }
}

/// Everything `relx build` does once the version is known.
fn build_and_check(
    args: &BuildArgs,
    dir: &Path,
    workspace: &Workspace,
    expected: &Version,
    edits: &[FileEdit],
    mut journal: Option<&mut Journal>,
    out: &mut Printer,
) -> Result<(), Error> {
    let dir = dir.to_path_buf();
    let notes = notes::gather(workspace, expected, args.snapshot.is_some(), out)?;
    let config = workspace.config().clone();
    let dist_shown = args
        .dist_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(&config.dist_dir));
    let dist_dir = dir.join(&dist_shown);
    let keep = args.keep.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let before = dist::listing(&dist_dir)?;
    if keep.is_none() {
        let project =
            crate::project::toml_string(&dir.join("pyproject.toml"), &["project", "name"]);
        let others = other_versions(before.keys(), project.as_deref(), &expected.pep);
        if !others.is_empty() {
            return Err(Error::DistHasOtherVersions {
                dir: dist_shown,
                files: others,
            });
        }
    }

    let path = std::env::var_os("PATH");
    let frontend = backend::choose(config.build_command.as_deref(), path.as_deref())?;
    let isolation = if args.no_isolation || !config.build_isolation {
        Isolation::None
    } else {
        Isolation::Isolated
    };
    // From here on Ctrl-C, SIGTERM or SIGHUP must not kill relx before it
    // has cleaned up: they are noted, and the build stops in order.
    signal::watch();
    let staging = dist::Staging::new(&dist_dir)?;
    // Relative to the project (the backend runs there), for a short command;
    // a build_command gets it whole in RELX_DIST_DIR, as it may change
    // directory.
    let out_dir = match frontend {
        Frontend::Command(_) => staging.path(),
        _ => staging.path().strip_prefix(&dir).unwrap_or(staging.path()),
    };
    let mut invocation = backend::invocation(&frontend, out_dir, isolation);
    let snapshot = args.snapshot.is_some().then_some(edits);
    build(
        &mut invocation,
        &dir,
        snapshot,
        expected,
        journal.as_deref_mut(),
        out,
    )?;

    // What the build made: the staging directory's distributions, or (for a
    // build_command that wrote to dist/ itself) what changed there.
    let mut made = distributions(dist::listing(staging.path())?.keys());
    let staged = !made.is_empty();
    if !staged {
        made = distributions(dist::changed(&before, &dist::listing(&dist_dir)?).iter());
    }
    if made.is_empty() {
        return Err(Error::NoDistributions {
            command: invocation.display,
            dir: dist_shown,
        });
    }
    let source = if staged { staging.path() } else { &dist_dir };
    let python = rst_python(&frontend, path.as_deref());
    let report = match verify(source, &made, &dist_shown, expected, &python, out) {
        Ok(report) => report,
        Err(e) => {
            if !staged {
                let _ = dist::remove(&dist_dir, &made);
            }
            return Err(e);
        }
    };
    if staged {
        for name in &made {
            dist::move_file(staging.path(), &dist_dir, name)?;
        }
    }
    drop(staging);

    let name = report.files.iter().find_map(|f| f.name.clone());
    // --keep removes old releases' files last, after the new ones are
    // built, checked, in place and summed: a failure before leaves them.
    let removed = match (keep, &name) {
        (Some(keep), Some(project)) => {
            let names: Vec<String> = dist::listing(&dist_dir)?.into_keys().collect();
            rotate::choose(&names, project, &expected.pep, keep)
        }
        _ => Vec::new(),
    };
    let listing: Vec<String> = dist::listing(&dist_dir)?
        .into_keys()
        .filter(|n| !removed.contains(n))
        .collect();
    notes::write(&notes, &dist_dir, &listing)?;
    let mut entries: Vec<(String, String)> = report
        .files
        .iter()
        .filter_map(|f| Some((file_name(&f.path), f.sha256.clone()?)))
        .collect();
    for (name, bytes) in notes.files() {
        entries.push((name.clone(), sums::sha256_hex(bytes)));
    }
    atomic_write(
        &dist_dir.join(SHA256SUMS),
        sums::render(&entries).as_bytes(),
    )
    .map_err(|e| Error::Io {
        path: e.path,
        source: std::io::Error::other(e.reason),
    })?;
    out.info(&format!("wrote {}", dist_shown.join(SHA256SUMS).display()))
        .ok();
    if let Some(keep) = keep.filter(|_| !removed.is_empty()) {
        match journal {
            Some(journal) => {
                for name in &removed {
                    journal.remove_file(&dist_dir.join(name))?;
                }
            }
            None => dist::remove(&dist_dir, &removed)?,
        }
        out.info(&format!("removed (--keep {keep}): {}", removed.join(", ")))
            .ok();
    }

    let summary = Summary {
        name,
        version: expected.to_string(),
        command: invocation.display,
        dist_dir: dist_shown.clone(),
        files: report
            .files
            .into_iter()
            .map(|report| Built {
                passed: report.passed(),
                report,
            })
            .collect(),
        changelog: notes.changelog.as_ref().map(|(n, _)| dist_shown.join(n)),
        release_notes: notes
            .release_notes
            .as_ref()
            .map(|(n, _)| dist_shown.join(n)),
        sha256sums: dist_shown.join(SHA256SUMS),
        removed: removed.iter().map(|n| dist_shown.join(n)).collect(),
    };
    output::print_summary(&summary, args.json, out)
}

/// The version the files must carry: the project's at HEAD, or with
/// `--snapshot` the snapshot version and the edits that write it into the
/// version files.
fn target(
    global: &GlobalArgs,
    args: &BuildArgs,
    env: &Env,
    out: &mut Printer,
) -> Result<(Workspace, Version, Vec<FileEdit>), Error> {
    if let Some(kind) = &args.snapshot {
        let version_args = VersionArgs::snapshot(kind, args.snapshot_local);
        let settings = VersionSettings::resolve(global, &version_args, env.clone())?;
        settings.warn_unknown_keys(out);
        let plan = settings.next_release(out)?;
        let edits = crate::project::targets::version_edits(
            &settings.workspace.loaded,
            &settings.workspace.dir,
            &plan.current_version,
            &plan.next_version,
        )?;
        out.info(&format!("snapshot version: {}", plan.next_version))
            .ok();
        return Ok((settings.workspace, plan.next_version, edits));
    }
    let workspace = Workspace::open(global, false)?;
    let rules = workspace.tag_rules(None, None)?;
    let version = crate::project::current::current_version(&workspace, &rules, out)?;
    out.info(&format!("version at HEAD: {version}")).ok();
    Ok((workspace, version, Vec::new()))
}

/// Runs the backend, with the snapshot version in the version files when
/// `snapshot` holds their edits (put back before this returns).
fn build(
    invocation: &mut backend::Invocation,
    dir: &Path,
    snapshot: Option<&[FileEdit]>,
    expected: &Version,
    journal: Option<&mut Journal>,
    out: &mut Printer,
) -> Result<(), Error> {
    if let (Some(edits), Some(journal)) = (snapshot, journal) {
        invocation.env.push((
            "SETUPTOOLS_SCM_PRETEND_VERSION".to_string(),
            expected.to_string().into(),
        ));
        for edit in edits {
            journal.write_file(&edit.path, &edit.after)?;
            let shown = edit.path.strip_prefix(dir).unwrap_or(&edit.path);
            out.info(&format!(
                "{}: {expected} for the build (restored afterwards)",
                shown.display()
            ))
            .ok();
        }
        let outcome = run_backend(invocation, dir, out);
        for edit in edits.iter().rev() {
            // Put back only what still holds the snapshot version: an edit
            // made during the build stays.
            if std::fs::read(&edit.path).ok().as_deref() == Some(edit.after.as_slice()) {
                journal.write_file(&edit.path, &edit.before)?;
            } else {
                out.alert(&format!(
                    "{}: changed during the build; left as it is (it had the snapshot version {expected})",
                    edit.path.strip_prefix(dir).unwrap_or(&edit.path).display()
                ))
                .ok();
            }
        }
        return finish_backend(invocation, outcome?, out);
    }
    let applied = match snapshot {
        Some(edits) => {
            // setuptools-scm and hatch-vcs take the version from here.
            invocation.env.push((
                "SETUPTOOLS_SCM_PRETEND_VERSION".to_string(),
                expected.to_string().into(),
            ));
            let applied = snapshot::Applied::write(edits)?;
            for path in applied.paths() {
                let shown = path.strip_prefix(dir).unwrap_or(path);
                out.info(&format!(
                    "{}: {expected} for the build (restored afterwards)",
                    shown.display()
                ))
                .ok();
            }
            Some(applied)
        }
        None => None,
    };
    let outcome = run_backend(invocation, dir, out);
    if let Some(applied) = applied {
        applied.restore()?;
    }
    finish_backend(invocation, outcome?, out)
}

fn run_backend(
    invocation: &mut backend::Invocation,
    dir: &Path,
    out: &mut Printer,
) -> Result<backend::Outcome, Error> {
    out.info(&format!("building with `{}`", invocation.display))
        .ok();
    backend::run(invocation, dir, signal::flag(), |line| {
        out.passthrough(line).ok();
    })
}

/// The backend's end as relx's result: a signal, a failure, or success.
fn finish_backend(
    invocation: &backend::Invocation,
    outcome: backend::Outcome,
    out: &mut Printer,
) -> Result<(), Error> {
    if let Some(signal) = signal::received() {
        return Err(Error::Interrupted {
            signal,
            what: "the build was stopped; dist/ and the version files are as they were".to_string(),
        });
    }
    if outcome.status.success() {
        return Ok(());
    }
    Err(Error::BuildFailed {
        command: invocation.display.clone(),
        status: backend::describe(&outcome.status),
        last_line: outcome
            .tail
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string()),
        // Under --quiet nothing was streamed: the end comes with the error.
        tail: (out.verbosity() < Verbosity::Normal)
            .then(|| format!("the backend's last lines:\n  {}", outcome.tail.join("\n  "))),
    })
}

/// Checks the files made (`made`, in `source`): each must carry `expected`
/// and pass the check. Paths in the report are shown under `dist_shown`.
fn verify(
    source: &Path,
    made: &[String],
    dist_shown: &Path,
    expected: &Version,
    python: &OsStr,
    out: &mut Printer,
) -> Result<Report, Error> {
    out.info(&format!("checking {}", made.join(", "))).ok();
    let renderer = check::Python::new(python);
    let mut report = Report::default();
    for name in made {
        let mut file = check::check_file(&source.join(name), &renderer);
        file.path = dist_shown.join(name);
        if let Some(built) = file.version.as_deref() {
            if !same_version(built, expected) {
                return Err(Error::BuiltVersionMismatch {
                    file: file.path.clone(),
                    built: built.to_string(),
                    expected: expected.to_string(),
                });
            }
        }
        report.files.push(file);
    }
    for file in &report.files {
        for warning in &file.warnings {
            out.warn(&format!("{}: {warning}", file.path.display()))
                .ok();
        }
    }
    match check_failure(&report) {
        Some(err) => Err(err),
        None => Ok(report),
    }
}

/// The interpreter that renders reStructuredText: the one that built, else
/// python3 on PATH.
fn rst_python(frontend: &Frontend, path: Option<&std::ffi::OsStr>) -> OsString {
    match frontend {
        Frontend::PythonBuild(python) => python.clone().into(),
        _ => backend::python3(path),
    }
}

/// A path's file name, for messages.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn distributions<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    names
        .filter(|n| filename::kind_of(n).is_some())
        .cloned()
        .collect()
}

/// Distribution files whose version is not `expected`; only the project's
/// own files when its name is known (`[project].name`).
fn other_versions<'a>(
    names: impl Iterator<Item = &'a String>,
    project: Option<&str>,
    expected: &Pep440,
) -> Vec<String> {
    let project = project.map(filename::normalize_name);
    names
        .filter(|name| {
            let Ok(parsed) = filename::parse(name) else {
                return false;
            };
            let ours = project
                .as_ref()
                .is_none_or(|p| *p == filename::normalize_name(&parsed.name));
            ours && Pep440::parse(&parsed.version)
                .is_ok_and(|v| v.to_string() != expected.to_string())
        })
        .cloned()
        .collect()
}

/// The same version, in PEP 440 normal form (so `1.0.0-a1` under the semver
/// scheme matches the `1.0.0a1` a backend writes).
fn same_version(built: &str, expected: &Version) -> bool {
    Pep440::parse(built).is_ok_and(|v| v.to_string() == expected.pep.to_string())
}

/// The error for a check report with failures (exit 47), naming the first.
pub(crate) fn check_failure(report: &Report) -> Option<Error> {
    let failed: Vec<&FileReport> = report.failures().collect();
    let first = failed.first()?;
    Some(Error::DistCheckFailed {
        failed: failed.len(),
        first: format!(
            "{}: {}",
            first.path.display(),
            first
                .problems
                .first()
                .map(String::as_str)
                .unwrap_or("failed")
        ),
    })
}

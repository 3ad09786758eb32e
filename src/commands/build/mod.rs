//! `relx build`: the version the files must carry (the project's at HEAD,
//! or the snapshot version with the edits that write it into the version
//! files), the dist directory, the backend's command line, the changelog
//! and notes that go beside the files and what `--keep` would remove, as
//! one [`BuildPlan`] decided before the first effect; [`apply`] then runs
//! the backend into a staging directory, checks every file (`run`), moves
//! them into the dist directory, writes the notes (`notes`) and
//! `SHA256SUMS`, and removes old versions through the journal.
//! `--check-only FILES…` runs the checks alone (`check`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub mod check;
pub mod notes;
mod run;

pub use check::check_files;
pub use run::Console;

use crate::build::backend::{self, Frontend, Invocation};
use crate::build::check::FileReport;
use crate::build::{dist, rotate, sums};
use crate::error::Error;
use crate::files::targets::FileEdit;
use crate::files::write::atomic_write;
use crate::flags::{BuildArgs, GlobalArgs};
use crate::journal::{signal, Journal, Lock};
use crate::settings::build::{BuildSettings, Target};
use crate::settings::{run_dir, take_lock, Env};
use crate::talk::Talk;
use crate::version::Version;
use notes::Notes;

pub use crate::build::SHA256SUMS;

/// Everything `relx build` would do, decided before the first effect.
#[derive(Debug, Serialize)]
pub struct BuildPlan {
    /// The version the files must carry.
    pub version: Version,
    /// With `--snapshot`: the edits that write the snapshot version into
    /// the version files for the build (put back afterwards).
    pub snapshot: Option<Vec<FileEdit>>,
    /// The project directory (the backend runs there).
    pub dir: PathBuf,
    /// The dist directory as shown.
    pub dist_shown: PathBuf,
    /// The dist directory.
    pub dist_dir: PathBuf,
    /// The command that builds, as shown.
    pub command: String,
    /// Which frontend builds.
    #[serde(skip)]
    pub frontend: Frontend,
    /// The backend's command line, into the staging directory.
    #[serde(skip)]
    pub invocation: Invocation,
    /// `PATH`, where python3 is looked up to render reStructuredText when
    /// the frontend is not `python -m build`.
    #[serde(skip)]
    pub path: Option<OsString>,
    /// `--keep N`: how many versions stay.
    pub keep: Option<usize>,
    /// What `--keep` would remove as the dist directory is now (the files
    /// of `[project].name`); the removal itself is chosen once the new
    /// files are in place, by the name their metadata carries.
    pub would_remove: Vec<String>,
    /// The changelog and this version's notes, for the dist directory.
    #[serde(skip)]
    pub notes: Notes,
    /// The names of the notes files that will be written.
    pub notes_files: Vec<String>,
}

/// What `relx build --json` prints.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The project's name, from the metadata.
    pub name: Option<String>,
    /// The version the files carry (the project's version at HEAD).
    pub version: String,
    /// The command that built them.
    pub command: String,
    /// The dist directory.
    pub dist_dir: PathBuf,
    /// The files built, each with its check.
    pub files: Vec<Built>,
    /// The changelog copied into the dist directory.
    pub changelog: Option<PathBuf>,
    /// This version's section of it.
    pub release_notes: Option<PathBuf>,
    /// The checksum file.
    pub sha256sums: PathBuf,
    /// Files `--keep` removed.
    pub removed: Vec<PathBuf>,
}

/// One built file in the summary.
#[derive(Debug, Serialize)]
pub struct Built {
    /// Its check (path, kind, name, version, size, sha256, findings).
    #[serde(flatten)]
    pub report: FileReport,
    /// True when nothing failed it.
    pub passed: bool,
}

/// A build resolved and planned, with the writer lock.
pub struct Prepared {
    /// The settings.
    pub settings: BuildSettings,
    /// The writer lock, held from before the first read.
    pub lock: Option<Lock>,
    /// The plan.
    pub plan: BuildPlan,
}

/// Takes the lock, resolves the settings and decides the plan.
pub fn prepare(
    global: &GlobalArgs,
    args: &BuildArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Prepared, Error> {
    let dir = run_dir(global)?;
    if !dir.join("pyproject.toml").is_file() && !dir.join("setup.py").is_file() {
        return Err(Error::NothingToBuild(dir));
    }
    // One writer at a time: the snapshot edits and --keep's removals go
    // through the journal, so a kill leaves nothing the next run misses.
    let lock = take_lock(global, "relx build")?;
    let settings = BuildSettings::resolve(global, args, env)?;
    let plan = plan(&settings, talk)?;
    Ok(Prepared {
        settings,
        lock,
        plan,
    })
}

/// Decides the build: the version, the notes, the dist directory's state
/// and the backend's command line.
pub fn plan(settings: &BuildSettings, talk: &mut dyn Talk) -> Result<BuildPlan, Error> {
    let (version, edits) = target(&settings.target, talk)?;
    let workspace = settings.workspace();
    if workspace.repo.is_none() {
        return Err(Error::NotARepository(settings.dir.clone()));
    }
    let notes = notes::gather(workspace, &version, settings.snapshot(), talk)?;
    let dir = &settings.dir;
    let before = dist::listing(&settings.dist_dir)?;
    let project = crate::project::toml_string(&dir.join("pyproject.toml"), &["project", "name"]);
    if settings.keep.is_none() {
        let others = check::other_versions(before.keys(), project.as_deref(), &version.pep);
        if !others.is_empty() {
            return Err(Error::DistHasOtherVersions {
                dir: settings.dist_shown.clone(),
                files: others,
            });
        }
    }
    let frontend = backend::choose(settings.build_command.as_deref(), settings.path.as_deref())?;
    // Relative to the project (the backend runs there), for a short command;
    // a build_command gets it whole in RELX_DIST_DIR, as it may change
    // directory.
    let staging = dist::staging_path(&settings.dist_dir);
    let out_dir = match frontend {
        Frontend::Command(_) => staging.as_path(),
        _ => staging.strip_prefix(dir).unwrap_or(&staging),
    };
    let mut invocation = backend::invocation(&frontend, out_dir, settings.isolation);
    let snapshot = settings.snapshot().then_some(edits);
    if snapshot.is_some() {
        // setuptools-scm and hatch-vcs take the version from here.
        invocation.env.push((
            "SETUPTOOLS_SCM_PRETEND_VERSION".to_string(),
            version.to_string().into(),
        ));
    }
    let would_remove = match (settings.keep, &project) {
        (Some(keep), Some(project)) => {
            let names: Vec<String> = before.into_keys().collect();
            rotate::choose(&names, project, &version.pep, keep)
        }
        _ => Vec::new(),
    };
    Ok(BuildPlan {
        version,
        snapshot,
        dir: dir.clone(),
        dist_shown: settings.dist_shown.clone(),
        dist_dir: settings.dist_dir.clone(),
        command: invocation.display.clone(),
        frontend,
        invocation,
        path: settings.path.clone(),
        keep: settings.keep,
        would_remove,
        notes_files: notes.files().map(|(name, _)| name.clone()).collect(),
        notes,
    })
}

/// The version the files must carry: the project's at HEAD, or with
/// `--snapshot` the snapshot version and the edits that write it into the
/// version files.
fn target(target: &Target, talk: &mut dyn Talk) -> Result<(Version, Vec<FileEdit>), Error> {
    match target {
        Target::Snapshot(settings) => {
            settings.warn_unknown_keys(talk);
            let plan = settings.next_release(talk)?;
            let edits = crate::project::targets::version_edits(
                &settings.workspace.loaded,
                &settings.workspace.dir,
                &plan.current_version,
                &plan.next_version,
            )?;
            talk.info(&format!("snapshot version: {}", plan.next_version));
            Ok((plan.next_version, edits))
        }
        Target::Head(workspace) => {
            let rules = workspace.tag_rules(None, None)?;
            let version = crate::project::current::current_version(workspace, &rules, talk)?;
            talk.info(&format!("version at HEAD: {version}"));
            Ok((version, Vec::new()))
        }
    }
}

/// Carries out the plan, through the journal when relx holds the lock:
/// the build, the checks, the files moved into place, the notes,
/// `SHA256SUMS` and `--keep`'s removals.
pub fn apply(prepared: Prepared, out: &mut impl Console) -> Result<Summary, Error> {
    let Prepared {
        settings,
        lock,
        plan,
    } = prepared;
    let repo = settings.workspace().repo()?;
    let mut journal = match lock {
        Some(lock) => Some(Journal::begin(repo, lock, "relx build")?),
        None => None,
    };
    let result = build_and_check(&plan, journal.as_mut(), out);
    match journal {
        Some(journal) => {
            let (closed, summary) = match result {
                Ok(summary) => (Ok(()), Some(summary)),
                Err(e) => (Err(e), None),
            };
            journal.close(repo, closed)?;
            Ok(summary.expect("a build that closed its journal in success has a summary"))
        }
        None => result,
    }
}

/// Everything `relx build` does once the plan is made.
fn build_and_check(
    plan: &BuildPlan,
    mut journal: Option<&mut Journal>,
    out: &mut impl Console,
) -> Result<Summary, Error> {
    let (dist_dir, dist_shown) = (&plan.dist_dir, &plan.dist_shown);
    let before = dist::listing(dist_dir)?;
    // From here on Ctrl-C, SIGTERM or SIGHUP must not kill relx before it
    // has cleaned up: they are noted, and the build stops in order.
    signal::watch();
    let staging = dist::Staging::new(dist_dir)?;
    run::build(plan, journal.as_deref_mut(), out)?;

    // What the build made: the staging directory's distributions, or (for a
    // build_command that wrote to dist/ itself) what changed there.
    let mut made = check::distributions(dist::listing(staging.path())?.keys());
    let staged = !made.is_empty();
    if !staged {
        made = check::distributions(dist::changed(&before, &dist::listing(dist_dir)?).iter());
    }
    if made.is_empty() {
        return Err(Error::NoDistributions {
            command: plan.command.clone(),
            dir: dist_shown.clone(),
        });
    }
    let source = if staged { staging.path() } else { dist_dir };
    let report = match run::verify(plan, source, &made, out) {
        Ok(report) => report,
        Err(e) => {
            if !staged {
                let _ = dist::remove(dist_dir, &made);
            }
            return Err(e);
        }
    };
    if staged {
        for name in &made {
            dist::move_file(staging.path(), dist_dir, name)?;
        }
    }
    drop(staging);

    let name = report.files.iter().find_map(|f| f.name.clone());
    // --keep removes old releases' files last, after the new ones are
    // built, checked, in place and summed: a failure before leaves them.
    let removed = match (plan.keep, &name) {
        (Some(keep), Some(project)) => {
            let names: Vec<String> = dist::listing(dist_dir)?.into_keys().collect();
            rotate::choose(&names, project, &plan.version.pep, keep)
        }
        _ => Vec::new(),
    };
    let listing: Vec<String> = dist::listing(dist_dir)?
        .into_keys()
        .filter(|n| !removed.contains(n))
        .collect();
    notes::write(&plan.notes, dist_dir, &listing)?;
    write_sums(plan, &report.files, out)?;
    if let Some(keep) = plan.keep.filter(|_| !removed.is_empty()) {
        match journal {
            Some(journal) => {
                for name in &removed {
                    journal.remove_file(&dist_dir.join(name))?;
                }
            }
            None => dist::remove(dist_dir, &removed)?,
        }
        out.info(&format!("removed (--keep {keep}): {}", removed.join(", ")));
    }

    let notes = &plan.notes;
    Ok(Summary {
        name,
        version: plan.version.to_string(),
        command: plan.command.clone(),
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
    })
}

/// Writes `SHA256SUMS`: the files built and the notes beside them.
fn write_sums(plan: &BuildPlan, files: &[FileReport], talk: &mut dyn Talk) -> Result<(), Error> {
    let mut entries: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| Some((crate::build::file_name(&f.path), f.sha256.clone()?)))
        .collect();
    for (name, bytes) in plan.notes.files() {
        entries.push((name.clone(), sums::sha256_hex(bytes)));
    }
    atomic_write(
        &plan.dist_dir.join(SHA256SUMS),
        sums::render(&entries).as_bytes(),
    )
    .map_err(|e| Error::Io {
        path: e.path,
        source: std::io::Error::other(e.reason),
    })?;
    talk.info(&format!(
        "wrote {}",
        plan.dist_shown.join(SHA256SUMS).display()
    ));
    Ok(())
}

/// A path shown relative to the project directory.
fn shown<'a>(path: &'a Path, dir: &Path) -> std::path::Display<'a> {
    path.strip_prefix(dir).unwrap_or(path).display()
}

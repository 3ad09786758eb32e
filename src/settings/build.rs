//! `relx build`'s settings: the project directory, the configuration (or,
//! with `--snapshot`, the version settings that plan the snapshot version),
//! the dist directory, the isolation, `--keep`, the output and the `PATH`
//! the frontend is looked up on, resolved once from the flags, the
//! configuration and the environment.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{run_dir, Workspace};
use crate::build::backend::Isolation;
use crate::env::Env;
use crate::error::Error;
use crate::flags::{BuildArgs, GlobalArgs, VersionArgs};
use crate::settings::VersionSettings;

/// Which version the built files must carry.
pub enum Target {
    /// The project's version at HEAD.
    Head(Box<Workspace>),
    /// A snapshot version (`--snapshot`), planned by these settings.
    Snapshot(Box<VersionSettings>),
}

/// Everything `relx build` reads from its flags, its configuration and the
/// environment.
pub struct BuildSettings {
    /// The directory relx runs in (`-C` or the current directory).
    pub dir: PathBuf,
    /// The version to build, with the workspace.
    pub target: Target,
    /// The dist directory as given (`--dist-dir`, else `dist_dir`), for
    /// messages.
    pub dist_shown: PathBuf,
    /// The dist directory, under `dir`.
    pub dist_dir: PathBuf,
    /// A fresh build environment, or the current one (`--no-isolation` or
    /// `build_isolation = false`).
    pub isolation: Isolation,
    /// `--keep N`: the number of versions that stay in the dist directory.
    pub keep: Option<usize>,
    /// The configured `build_command`.
    pub build_command: Option<String>,
    /// `PATH`, where the frontend and python3 are looked up.
    pub path: Option<OsString>,
    /// `--json`: the summary as JSON.
    pub json: bool,
}

impl BuildSettings {
    /// Resolves `relx build`'s flags (not `--check-only`, which builds
    /// nothing) with the configuration and the environment.
    pub fn resolve(global: &GlobalArgs, args: &BuildArgs, env: Env) -> Result<Self, Error> {
        let BuildArgs {
            no_isolation,
            dist_dir,
            keep,
            json,
            snapshot,
            snapshot_local,
            // Checks files and builds nothing: `commands::build::check_files`.
            check_only: _,
        } = args;
        let dir = run_dir(global)?;
        let path = env.get_os("PATH").map(OsString::from);
        let target = match snapshot {
            Some(kind) => Target::Snapshot(Box::new(VersionSettings::resolve(
                global,
                &VersionArgs::snapshot(kind, *snapshot_local),
                env,
            )?)),
            None => Target::Head(Box::new(Workspace::open(global, false)?)),
        };
        let config = target.workspace().config();
        let dist_shown = dist_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(&config.dist_dir));
        let isolation = if *no_isolation || !config.build_isolation {
            Isolation::None
        } else {
            Isolation::Isolated
        };
        Ok(BuildSettings {
            dist_dir: dir.join(&dist_shown),
            dist_shown,
            isolation,
            keep: keep.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            build_command: config.build_command.clone(),
            path,
            json: *json,
            target,
            dir,
        })
    }

    /// The workspace (directory, repository, configuration).
    pub fn workspace(&self) -> &Workspace {
        self.target.workspace()
    }

    /// True for `--snapshot`.
    pub fn snapshot(&self) -> bool {
        matches!(self.target, Target::Snapshot(_))
    }
}

impl Target {
    /// The workspace (directory, repository, configuration).
    pub fn workspace(&self) -> &Workspace {
        match self {
            Target::Head(workspace) => workspace,
            Target::Snapshot(settings) => &settings.workspace,
        }
    }
}

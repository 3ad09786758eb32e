//! Settings: defaults ← configuration file ← flags, resolved once into typed
//! values (`Scheme`, `TagRules`, `BumpRules`, `Request`).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::commits::BumpRules;
use crate::config::Config;
use crate::error::Error;
use crate::flags::{GlobalArgs, IncrementModeArg, VersionArgs};
use crate::git::Repo;
use crate::plan::{Channels, Request, Snapshot};
use crate::project::{self, Loaded};
use crate::version::{Increment, IncrementMode, Number, Phase, Scheme, TagRules};

/// commitizen's `BUMP_MESSAGE`.
pub const BUMP_MESSAGE: &str = "bump: version $current_version → $new_version";

/// Where a run happens: directory, repository and configuration.
pub struct Workspace {
    /// The directory relx runs in (`-C` or the current directory).
    pub dir: PathBuf,
    /// The repository, when `dir` is inside one.
    pub repo: Option<Repo>,
    /// The configuration that applies.
    pub loaded: Loaded,
}

/// The directory relx runs in: `-C DIR` (relative to the current one) or
/// the current directory.
pub fn run_dir(global: &GlobalArgs) -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    let dir = match &global.dir {
        Some(d) => cwd.join(d),
        None => cwd,
    };
    if !dir.is_dir() {
        return Err(Error::Io {
            path: dir,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
        });
    }
    Ok(dir)
}

/// Takes the repository's writer lock for `command` (a writing command
/// holds it from its first read to its end); none outside a repository.
pub fn take_lock(
    global: &GlobalArgs,
    command: &str,
) -> Result<Option<crate::journal::Lock>, Error> {
    let dir = run_dir(global)?;
    match Repo::discover(&dir) {
        Ok(repo) => crate::journal::take_lock(&repo, command).map(Some),
        Err(_) => Ok(None),
    }
}

impl Workspace {
    /// Opens the repository and finds the configuration. Outside a
    /// repository this fails with exit 2 unless `repo_optional`.
    pub fn open(global: &GlobalArgs, repo_optional: bool) -> Result<Workspace, Error> {
        let dir = run_dir(global)?;
        let repo = match Repo::discover(&dir) {
            Ok(repo) => Some(repo),
            Err(_) if repo_optional => None,
            Err(e) => return Err(e),
        };
        // Nothing is computed from a repository half-way through a relx
        // command that did not finish.
        if let Some(repo) = &repo {
            crate::journal::refuse_unfinished(repo)?;
        }
        let root = repo.as_ref().map(Repo::workdir);
        let loaded = project::load(&dir, root.as_deref(), global.config.as_deref())?;
        Ok(Workspace { dir, repo, loaded })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.loaded.config
    }

    /// The config file's path, for messages.
    pub fn config_path(&self) -> Option<&Path> {
        self.loaded.origin.as_ref().map(|o| o.path.as_path())
    }

    /// `file: `key`` for messages about a configuration key.
    fn place(&self, key: &str) -> String {
        match self.config_path() {
            Some(path) => format!("{}: `{key}`", path.display()),
            None => format!("`{key}`"),
        }
    }

    fn invalid(&self, message: String) -> Error {
        Error::InvalidSetting {
            path: self.config_path().map(Path::to_path_buf),
            message,
        }
    }

    /// The version scheme: flag, else `version_scheme`, else pep440.
    pub fn scheme(&self, args: &VersionArgs) -> Result<Scheme, Error> {
        let config = self.config();
        let (name, key) = match (&args.version_scheme, &config.version_scheme) {
            (Some(flag), _) => (Some(flag), "--version-scheme".to_string()),
            (None, Some(key)) => (Some(key), self.place("version_scheme")),
            (None, None) => (config.version_type.as_ref(), self.place("version_type")),
        };
        match name {
            None => Ok(Scheme::Pep440),
            Some(name) => Scheme::from_name(name).ok_or_else(|| {
                Error::UnknownScheme(format!(
                    "{key}: Version scheme \"{name}\" unknown (known: {})",
                    Scheme::NAMES.join(", ")
                ))
            }),
        }
    }

    /// Tag rules from `tag_format` (or `--tag-format`) and the other formats.
    pub fn tag_rules(&self, scheme: Scheme, args: &VersionArgs) -> Result<TagRules, Error> {
        let config = self.config();
        let format = args.tag_format.as_deref().unwrap_or(&config.tag_format);
        TagRules::new(
            scheme,
            format,
            &config.legacy_tag_formats,
            &config.ignored_tag_formats,
        )
        .map_err(|e| self.invalid(format!("`tag_format`: {e}")))
    }

    /// The bump rules for the configured commit rules (commitizen's
    /// `cz_conventional_commits` or `cz_customize`; relx also reads the
    /// three keys at the top level of its own section).
    pub fn bump_rules(&self, major_version_zero: bool) -> Result<BumpRules, Error> {
        let config = self.config();
        let (pattern, map, map_zero) = match config.name.as_str() {
            "cz_conventional_commits" => (
                config.bump_pattern.clone(),
                config.bump_map.clone(),
                config.bump_map_major_version_zero.clone(),
            ),
            "cz_customize" => {
                let custom = config.customize.clone().ok_or(Error::MissingCustomize)?;
                (
                    custom.bump_pattern,
                    custom.bump_map,
                    custom.bump_map_major_version_zero,
                )
            }
            "cz_jira" => return Err(Error::NoPatternMap(config.name.clone())),
            other => return Err(Error::UnknownRules(other.to_string())),
        };
        let (pattern, map, map_zero) = (
            pattern.filter(|p| !p.is_empty()),
            map.filter(|m| !m.is_empty()),
            map_zero.filter(|m| !m.is_empty()),
        );
        if pattern.is_none() && map.is_none() && map_zero.is_none() {
            return Ok(BumpRules::conventional(major_version_zero));
        }
        let pattern = pattern.unwrap_or_else(|| crate::commits::BUMP_PATTERN.to_string());
        let defaults = |table: &[(&str, Option<Increment>)]| -> Vec<(String, Option<Increment>)> {
            table.iter().map(|(k, i)| (k.to_string(), *i)).collect()
        };
        let chosen = if major_version_zero {
            match (map_zero, map) {
                (Some(zero), _) => self.bump_map(&zero, "bump_map_major_version_zero")?,
                // commitizen (#1728): a custom map without a zero map is
                // demoted, MAJOR → MINOR.
                (None, Some(map)) => self
                    .bump_map(&map, "bump_map")?
                    .into_iter()
                    .map(|(k, i)| (k, i.map(|i| i.min(Increment::Minor))))
                    .collect(),
                (None, None) => defaults(&crate::commits::BUMP_MAP_MAJOR_VERSION_ZERO),
            }
        } else {
            match map {
                Some(map) => self.bump_map(&map, "bump_map")?,
                None => defaults(&crate::commits::BUMP_MAP),
            }
        };
        BumpRules::new(&pattern, &chosen)
            .map_err(|e| self.invalid(format!("`bump_pattern` / `bump_map`: {e}")))
    }

    fn bump_map(
        &self,
        map: &Map<String, Value>,
        key: &str,
    ) -> Result<Vec<(String, Option<Increment>)>, Error> {
        map.iter()
            .map(|(pattern, value)| {
                let increment = match value {
                    Value::Null => None,
                    Value::String(s) => Some(
                        Increment::from_name(s)
                            .filter(|_| s == &s.to_uppercase())
                            .ok_or_else(|| {
                                self.invalid(format!(
                                    "`{key}`: '{pattern}' maps to '{s}', not MAJOR, MINOR or PATCH"
                                ))
                            })?,
                    ),
                    other => {
                        return Err(self.invalid(format!(
                            "`{key}`: '{pattern}' maps to {other}, not a string"
                        )))
                    }
                };
                Ok((pattern.clone(), increment))
            })
            .collect()
    }

    /// Branch channels from `devel_branches` and `branch_prereleases`.
    pub fn channels(&self) -> Result<Channels, Error> {
        let config = self.config();
        let mut branch_prereleases = Vec::new();
        for (pattern, value) in &config.branch_prereleases {
            let phase = value.as_str().and_then(Phase::from_name).ok_or_else(|| {
                self.invalid(format!(
                    "`branch_prereleases`: '{pattern}' must map to alpha, beta or rc"
                ))
            })?;
            branch_prereleases.push((pattern.clone(), phase));
        }
        Ok(Channels {
            devel_branches: config.devel_branches.clone(),
            branch_prereleases,
        })
    }
}

/// Builds the request from FORCE words and flags; `today` is `YYYYMMDD`
/// for `--snapshot=date`.
pub fn request(args: &VersionArgs, config: &Config, today: &str) -> Result<Request, Error> {
    let mut request = Request {
        increment: None,
        prerelease: None,
        release: false,
        devrelease: args.devrelease.map(Number::from),
        mode: match args.increment_mode {
            Some(IncrementModeArg::Exact) => IncrementMode::Exact,
            _ => IncrementMode::Linear,
        },
        prerelease_offset: Number::from(args.prerelease_offset.unwrap_or(config.prerelease_offset)),
        local_version: args.local_version,
        build_metadata: args.build_metadata.clone(),
        manual: None,
        allow_no_commit: args.allow_no_commit,
        major_version_zero: args.major_version_zero || config.major_version_zero,
        major_version_zero_flag: args.major_version_zero,
        snapshot: None,
        snapshot_local: args.snapshot_local,
    };
    let conflict = |what: &str, a: &str, b: &str| {
        Error::NotAllowed(format!("{what} given twice: '{a}' and '{b}'"))
    };
    if let Some(inc) = &args.increment {
        request.increment = Some(Increment::from_name(inc).ok_or_else(|| {
            Error::NotAllowed(format!("--increment: '{inc}' is not MAJOR, MINOR or PATCH"))
        })?);
    }
    if let Some(pre) = &args.prerelease {
        request.prerelease = Some(
            Phase::from_name(pre)
                .filter(|p| p.name() == pre.to_ascii_lowercase())
                .ok_or_else(|| {
                    Error::NotAllowed(format!("--prerelease: '{pre}' is not alpha, beta or rc"))
                })?,
        );
    }
    for word in &args.words {
        let lower = word.to_ascii_lowercase();
        if let Some(inc) = Increment::from_name(&lower) {
            if let Some(prev) = request.increment.filter(|p| *p != inc) {
                return Err(conflict("increment", &prev.to_string(), word));
            }
            request.increment = Some(inc);
        } else if let Some(phase) = Phase::from_name(&lower).filter(|p| p.name() == lower) {
            if let Some(prev) = request.prerelease.filter(|p| *p != phase) {
                return Err(conflict("pre-release", prev.name(), word));
            }
            request.prerelease = Some(phase);
        } else if lower == "release" {
            request.release = true;
        } else if word.bytes().all(|b| b.is_ascii_digit()) && !word.is_empty() {
            let n = Number::from_digits(word).expect("digits");
            if let Some(prev) = request.devrelease.as_ref().filter(|p| **p != n) {
                return Err(conflict("dev release", prev.as_str(), word));
            }
            request.devrelease = Some(n);
        } else {
            // Any other word is MANUAL_VERSION, as commitizen reads its
            // positional argument: plan::version checks the combinations
            // first (exit 20) and then the version itself (exit 24).
            if let Some(prev) = &request.manual {
                return Err(conflict("manual version", prev, word));
            }
            request.manual = Some(word.clone());
        }
    }
    request.snapshot = match args.snapshot.as_deref() {
        None => None,
        Some("distance") => Some(Snapshot::Distance),
        Some("date") => Some(Snapshot::Date(today.to_string())),
        Some(other) => {
            return Err(Error::NotAllowed(format!(
                "--snapshot: '{other}' is not `distance` or `date`"
            )))
        }
    };
    if request.snapshot_local && request.snapshot.is_none() {
        return Err(Error::NotAllowed(
            "--snapshot-local needs --snapshot".to_string(),
        ));
    }
    Ok(request)
}

//! The version plan: everything `relx version` shows and `relx bump` does,
//! decided from gathered inputs by one pure function.
//!
//! The order of decisions follows commitizen's `Bump.__call__` step by step
//! (validation, current tag, increment, bump, "not eligible" check), so the
//! same inputs give the same answer and the same exit code as `cz bump`.
//! What `relx bump` writes on top of this plan, the new bytes of every
//! file, is computed by `files::targets` from the files' current bytes.

use globset::Glob;
use serde::Serialize;

use crate::commits::{self, BumpRules, Classified, Commit};
use crate::version::{
    self, tag, BumpOptions, Increment, IncrementMode, Number, Phase, TagRules, Version,
};

/// Why no plan can be made: commitizen's refusals, each with the thing at
/// fault. `crate::error` gives each its exit code.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Options that cannot go together, or a version the scheme cannot bump.
    #[error("[NOT_ALLOWED] {0}")]
    NotAllowed(String),

    /// `MANUAL_VERSION` is not a valid version for the scheme.
    #[error("[INVALID_MANUAL_VERSION] MANUAL_VERSION: '{0}' is not a valid version")]
    InvalidManualVersion(String),

    /// Nothing was committed since the last release.
    #[error("[NO_COMMITS_FOUND] No new commits found{}", .since.as_ref().map(|t| format!(" since {t}")).unwrap_or_default())]
    NoCommits {
        /// The tag the range starts at.
        since: Option<String>,
    },

    /// A pre-release was asked for but no commit bumps anything.
    #[error("[NO_COMMITS_FOUND] No commits found to generate a pre-release")]
    NoCommitsForPrerelease,

    /// Commits exist but none of them bumps the version.
    #[error("[NO_COMMITS_TO_BUMP] The commits found are not eligible to be bumped")]
    NoIncrement,

    /// The next version would not be higher than the current one.
    #[error("next version {next} is not higher than the current version {current}")]
    NotHigher {
        /// The current version.
        current: String,
        /// What the arithmetic gave.
        next: String,
    },
}

/// What the user asked for, from FORCE words, flags and settings.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// A forced increment (`minor`, `--increment minor`).
    pub increment: Option<Increment>,
    /// A requested pre-release phase.
    pub prerelease: Option<Phase>,
    /// The word `release`: no pre-release, whatever the branch.
    pub release: bool,
    /// A dev release number.
    pub devrelease: Option<Number>,
    /// commitizen's increment mode.
    pub mode: IncrementMode,
    /// First number of a new pre-release phase.
    pub prerelease_offset: Number,
    /// Bump the local part only.
    pub local_version: bool,
    /// Build metadata to append.
    pub build_metadata: Option<String>,
    /// A whole version given as the next one.
    pub manual: Option<String>,
    /// No exit 3 on an empty range.
    pub allow_no_commit: bool,
    /// `major_version_zero` in effect (flag or setting).
    pub major_version_zero: bool,
    /// `--major-version-zero` given on the command line.
    pub major_version_zero_flag: bool,
    /// A snapshot build version.
    pub snapshot: Option<Snapshot>,
    /// Add `+g<sha>` to a snapshot.
    pub snapshot_local: bool,
}

/// Which number a snapshot's `.devN` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    /// Commits since the last tag.
    Distance,
    /// A date, `YYYYMMDD`.
    Date(String),
}

/// How branches choose a default pre-release.
#[derive(Debug, Clone, Default)]
pub struct Channels {
    /// Branches whose default pre-release is `alpha`.
    pub devel_branches: Vec<String>,
    /// Branch glob → phase, checked first.
    pub branch_prereleases: Vec<(String, Phase)>,
}

impl Channels {
    /// The default pre-release on `branch`, if it is a channel branch.
    pub fn phase_for(&self, branch: &str) -> Option<Phase> {
        let matches = |pattern: &str| {
            Glob::new(pattern)
                .map(|g| g.compile_matcher().is_match(branch))
                .unwrap_or(pattern == branch)
        };
        self.branch_prereleases
            .iter()
            .find(|(pattern, _)| matches(pattern))
            .map(|(_, phase)| *phase)
            .or_else(|| {
                self.devel_branches
                    .iter()
                    .any(|b| matches(b))
                    .then_some(Phase::Alpha)
            })
    }
}

/// Everything the shell gathered for one plan.
pub struct Inputs<'a> {
    /// The current version.
    pub current: Version,
    /// The tag of the current version, when one exists.
    pub current_tag: Option<String>,
    /// The commits since that tag (the whole history without one); `None`
    /// when they were not read (forced increment, or outside a repository).
    pub commits: Option<Vec<Commit>>,
    /// The branch HEAD is on.
    pub branch: Option<String>,
    /// HEAD's id, for `--snapshot-local`.
    pub head: Option<String>,
    /// Tag naming rules.
    pub tag_rules: &'a TagRules,
    /// Bump rules.
    pub bump_rules: &'a BumpRules,
    /// Branch channels.
    pub channels: &'a Channels,
    /// The bump commit message template.
    pub bump_message: &'a str,
}

/// The decided next release.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The version now.
    pub current_version: Version,
    /// The version to release.
    pub next_version: Version,
    /// The tag of the current version, if it exists.
    pub current_tag: Option<String>,
    /// The tag to create.
    pub next_tag: String,
    /// The current tag's name, or the name it would have (commitizen's
    /// `current_tag_version`, given to hooks).
    #[serde(skip)]
    pub current_tag_version: String,
    /// The increment detected or forced.
    pub increment: Option<Increment>,
    /// The branch HEAD is on.
    pub branch: Option<String>,
    /// True when no tag was found: the whole history is the first release.
    pub is_initial: bool,
    /// The default pre-release that the branch chose, if any.
    pub channel: Option<Phase>,
    /// Every commit considered, with why it bumps or not.
    pub commits: Vec<Classified>,
    /// The bump commit's message.
    pub commit_message: String,
    /// The changelog section that would be written (with `--changelog`).
    pub changelog: Option<String>,
}

fn validate(request: &Request, current: &Version) -> Result<(), PlanError> {
    let mut errors = Vec::new();
    if request.manual.is_some() {
        let combos = [
            (request.increment.is_some(), "--increment"),
            (request.prerelease.is_some(), "--prerelease"),
            (request.devrelease.is_some(), "--devrelease"),
            (request.local_version, "--local-version"),
            (request.build_metadata.is_some(), "--build-metadata"),
            (request.major_version_zero_flag, "--major-version-zero"),
            (request.snapshot.is_some(), "--snapshot"),
        ];
        for (given, option) in combos {
            if given {
                errors.push(format!("{option} cannot be combined with MANUAL_VERSION"));
            }
        }
    }
    if request.major_version_zero_flag && !current.pep.release_part(0).is_zero() {
        errors.push(format!(
            "--major-version-zero is meaningless for current version {current}"
        ));
    }
    if request.build_metadata.is_some() && request.local_version {
        errors.push("--local-version cannot be combined with --build-metadata".to_string());
    }
    if request.release && request.prerelease.is_some() {
        errors.push("`release` cannot be combined with a pre-release".to_string());
    }
    if request.snapshot.is_some() && request.devrelease.is_some() {
        errors.push("--snapshot cannot be combined with --devrelease".to_string());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PlanError::NotAllowed(errors.join("; ")))
    }
}

/// Decides the next version (commitizen's `Bump.__call__` up to the dry run).
pub fn version(request: &Request, inputs: &Inputs<'_>) -> Result<Plan, PlanError> {
    let current = &inputs.current;
    validate(request, current)?;
    let rules = inputs.tag_rules;
    let current_tag_version = inputs
        .current_tag
        .clone()
        .unwrap_or_else(|| rules.tag_for(current));
    let classified: Vec<Classified> = inputs
        .commits
        .iter()
        .flatten()
        .map(|c| commits::classify(c, inputs.bump_rules))
        .collect();

    let channel = match (request.prerelease, request.release, &inputs.branch) {
        (None, false, Some(branch)) if request.manual.is_none() => {
            inputs.channels.phase_for(branch)
        }
        _ => None,
    };
    let prerelease = request.prerelease.or(channel);

    let (increment, next) = if let Some(manual) = &request.manual {
        let next = current
            .scheme
            .parse(manual)
            .map_err(|_| PlanError::InvalidManualVersion(manual.clone()))?;
        (request.increment, next)
    } else {
        bumped(request, inputs, &classified, prerelease)?
    };

    let next_tag = rules.tag_for(&next);
    if increment.is_none() && next_tag == current_tag_version {
        return Err(PlanError::NoIncrement);
    }
    // relx never answers a lower version (SPEC §2). The one equal answer kept
    // is commitizen's re-tag of a version found under a legacy tag format.
    let legacy_retag = next == *current && next_tag != current_tag_version;
    if next <= *current && !legacy_retag {
        return Err(if increment.is_none() && request.manual.is_none() {
            PlanError::NoIncrement
        } else {
            PlanError::NotHigher {
                current: current.to_string(),
                next: next.to_string(),
            }
        });
    }
    let commit_message = tag::safe_substitute(inputs.bump_message, |name| match name {
        "current_version" => Some(current.to_string()),
        "new_version" => Some(next.to_string()),
        _ => None,
    });
    Ok(Plan {
        current_version: current.clone(),
        next_version: next,
        current_tag: inputs.current_tag.clone(),
        next_tag,
        current_tag_version,
        increment,
        branch: inputs.branch.clone(),
        is_initial: inputs.current_tag.is_none(),
        channel,
        commits: classified,
        commit_message,
        changelog: None,
    })
}

/// The increment and the version it gives when no `MANUAL_VERSION` names
/// the next one: forced or detected from the commits, then the arithmetic.
fn bumped(
    request: &Request,
    inputs: &Inputs<'_>,
    classified: &[Classified],
    prerelease: Option<Phase>,
) -> Result<(Option<Increment>, Version), PlanError> {
    let current = &inputs.current;
    let mut increment = request.increment;
    if increment.is_none() {
        let no_commits = inputs.commits.as_ref().is_none_or(Vec::is_empty);
        if no_commits
            && !current.is_prerelease()
            && !request.allow_no_commit
            && request.snapshot.is_none()
        {
            return Err(PlanError::NoCommits {
                since: inputs.current_tag.clone(),
            });
        }
        increment = commits::highest(classified);
    }
    if prerelease.is_some() && increment.is_none() && !current.is_prerelease() {
        return Err(PlanError::NoCommitsForPrerelease);
    }
    if increment.is_none() && (request.allow_no_commit || request.snapshot.is_some()) {
        increment = Some(Increment::Patch);
    }
    let devrelease = match &request.snapshot {
        Some(Snapshot::Distance) => Some(Number::from(classified.len() as u64)),
        Some(Snapshot::Date(date)) => Number::from_digits(date),
        None => request.devrelease.clone(),
    };
    let build_metadata = match (&request.snapshot, request.snapshot_local, &inputs.head) {
        (Some(_), true, Some(head)) => Some(format!("g{}", &head[..head.len().min(7)])),
        _ => request.build_metadata.clone(),
    };
    let opts = BumpOptions {
        increment,
        prerelease,
        prerelease_offset: request.prerelease_offset.clone(),
        devrelease,
        local_version: request.local_version,
        build_metadata,
        mode: request.mode,
    };
    let next = version::bump(current, &opts)
        .map_err(|e| PlanError::NotAllowed(format!("cannot build the next version: {e}")))?;
    Ok((increment, next))
}

/// Whether a writing command only shows its plan or carries it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Show the plan; write nothing (relx's default).
    DryRun,
    /// Carry the plan out (`--exec`).
    Exec,
}

impl Mode {
    /// `--exec` given → `Exec`.
    pub fn exec_if(exec: bool) -> Mode {
        if exec {
            Mode::Exec
        } else {
            Mode::DryRun
        }
    }

    /// `--dry-run` given → `DryRun` (for the commands that write by default).
    pub fn dry_run_if(dry_run: bool) -> Mode {
        Mode::exec_if(!dry_run)
    }

    /// True under `--exec`.
    pub fn is_exec(self) -> bool {
        self == Mode::Exec
    }
}

#[cfg(test)]
mod tests;

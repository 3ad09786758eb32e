//! The settings of `relx version` and `relx bump`: the request (FORCE
//! words and flags), the rules, the output form, and for `bump` the mode,
//! the tag, the hooks and the push.

use super::{Env, Mode, Today, Workspace, BUMP_MESSAGE};
use crate::commits::BumpRules;
use crate::config::Config;
use crate::error::Error;
use crate::flags::{BumpArgs, GlobalArgs, IncrementModeArg, VersionArgs};
use crate::git::write::TagKind;
use crate::plan::{self, Channels, Inputs, Plan, Request, Snapshot};
use crate::project::release;
use crate::talk::Talk;
use crate::version::{Increment, IncrementMode, Number, Phase, TagRules, Version};

/// How a result is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The text for people.
    Text,
    /// One line: the version (`--short`).
    Short,
    /// One JSON object (`--json`).
    Json,
}

impl Output {
    /// From `--short` and `--json` (clap keeps them apart).
    pub fn of(short: bool, json: bool) -> Output {
        match (short, json) {
            (true, _) => Output::Short,
            (_, true) => Output::Json,
            _ => Output::Text,
        }
    }
}

/// Everything `relx version` decides from, resolved.
pub struct VersionSettings {
    /// Directory, repository, configuration.
    pub workspace: Workspace,
    /// The environment of the run (the branch of a detached CI checkout).
    pub env: Env,
    /// Today, for `--snapshot=date`.
    pub today: Today,
    /// Scheme and tag rules.
    pub tag_rules: TagRules,
    /// What to release: FORCE words and flags.
    pub request: Request,
    /// Commit rules → increments.
    pub bump_rules: BumpRules,
    /// Devel branches and branch pre-releases.
    pub channels: Channels,
    /// The bump commit's message template.
    pub bump_message: String,
    /// `--current VERSION`: start from it instead of the project.
    pub current: Option<Version>,
    /// Text, `--short` or `--json`.
    pub output: Output,
}

impl VersionSettings {
    /// Resolves `relx version`'s flags against the configuration.
    pub fn resolve(global: &GlobalArgs, args: &VersionArgs, env: Env) -> Result<Self, Error> {
        let VersionArgs {
            words: _,
            increment: _,
            prerelease: _,
            devrelease: _,
            increment_mode: _,
            prerelease_offset: _,
            local_version: _,
            build_metadata: _,
            allow_no_commit: _,
            snapshot: _,
            snapshot_local: _,
            major_version_zero: _,
            // The request's flags, read by `request` below.
            version_scheme,
            tag_format,
            bump_message,
            current,
            short,
            json,
        } = args;
        let workspace = Workspace::open(global, current.is_some())?;
        let today = Today::from_env(&env);
        let config = workspace.config();
        let request = request(args, config, &today)?;
        let tag_rules = workspace.tag_rules(version_scheme.as_deref(), tag_format.as_deref())?;
        let current = match current {
            Some(text) => {
                Some(
                    tag_rules
                        .scheme
                        .parse(text)
                        .map_err(|_| Error::InvalidManualVersion {
                            option: "--current".to_string(),
                            value: text.clone(),
                        })?,
                )
            }
            None => None,
        };
        let bump_rules = workspace.bump_rules(request.major_version_zero)?;
        let channels = workspace.channels()?;
        let bump_message = bump_message
            .clone()
            .or_else(|| config.bump_message.clone())
            .unwrap_or_else(|| BUMP_MESSAGE.to_string());
        Ok(VersionSettings {
            env,
            today,
            tag_rules,
            request,
            bump_rules,
            channels,
            bump_message,
            current,
            output: Output::of(*short, *json),
            workspace,
        })
    }
}

impl VersionSettings {
    /// One warning per configuration key relx does not know.
    pub fn warn_unknown_keys(&self, talk: &mut dyn Talk) {
        let workspace = &self.workspace;
        for key in &workspace.loaded.unknown_keys {
            let place = workspace
                .config_path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            talk.warn(&format!("{place}: unknown key `{key}` ignored"));
        }
    }

    /// The next release under these settings: gathered from the project
    /// (`project::release`), decided by `plan::version`.
    pub fn next_release(&self, talk: &mut dyn Talk) -> Result<Plan, Error> {
        let request = &self.request;
        let scan = request.increment.is_none() && request.manual.is_none();
        let found = release::gather(
            &self.workspace,
            &self.tag_rules,
            self.current.as_ref(),
            scan,
            &self.env,
            talk,
        )?;
        let inputs = Inputs {
            current: found.current,
            current_tag: found.current_tag,
            commits: found.commits,
            branch: found.branch,
            head: found.head,
            tag_rules: &self.tag_rules,
            bump_rules: &self.bump_rules,
            channels: &self.channels,
            bump_message: &self.bump_message,
        };
        let plan = plan::version(request, &inputs)?;
        if plan.channel.is_some() {
            talk.info("Detecting devel branch");
        }
        Ok(plan)
    }
}

/// Everything `relx bump` decides from, resolved.
pub struct BumpSettings {
    /// The version half.
    pub version: VersionSettings,
    /// Dry run (default) or `--exec`.
    pub mode: Mode,
    /// Write the changelog too (`--changelog`, `update_changelog_on_bump`).
    pub changelog: bool,
    /// Version files only: no commit, no tag.
    pub files_only: bool,
    /// Tracked files with local changes are allowed (kept out of the commit).
    pub allow_dirty: bool,
    /// Skip the commit hooks.
    pub no_verify: bool,
    /// Push the commit and the tag.
    pub push: bool,
    /// Lightweight, annotated or signed.
    pub tag_kind: TagKind,
    /// The annotated tag's message; `None`: the tag's name.
    pub tag_message: Option<String>,
    /// `pre_bump_hooks`, run before the files are written.
    pub pre_bump_hooks: Vec<String>,
    /// `post_bump_hooks`, run after the tag.
    pub post_bump_hooks: Vec<String>,
}

impl BumpSettings {
    /// Resolves `relx bump`'s flags against the configuration.
    pub fn resolve(global: &GlobalArgs, args: &BumpArgs, env: Env) -> Result<Self, Error> {
        let BumpArgs {
            version,
            exec,
            changelog,
            version_files_only,
            allow_dirty,
            no_verify,
            push,
            annotated_tag,
            annotated_tag_message,
            gpg_sign,
            // Accepted as `cz bump` takes them; they change nothing.
            dry_run: _,
            yes: _,
            check_consistency: _,
        } = args;
        let version = VersionSettings::resolve(global, version, env)?;
        let config = version.workspace.config();
        let tag_kind = if *gpg_sign || config.gpg_sign {
            TagKind::Signed
        } else if *annotated_tag || annotated_tag_message.is_some() || config.annotated_tag {
            TagKind::Annotated
        } else {
            TagKind::Lightweight
        };
        Ok(BumpSettings {
            mode: Mode::exec_if(*exec),
            changelog: *changelog || config.update_changelog_on_bump,
            files_only: *version_files_only,
            allow_dirty: *allow_dirty,
            no_verify: *no_verify,
            push: *push,
            tag_kind,
            tag_message: annotated_tag_message
                .clone()
                .or_else(|| config.annotated_tag_message.clone()),
            pre_bump_hooks: config.pre_bump_hooks.clone(),
            post_bump_hooks: config.post_bump_hooks.clone(),
            version,
        })
    }
}

/// Builds the request from FORCE words and flags; `today` gives
/// `--snapshot=date` its `YYYYMMDD`.
pub fn request(args: &VersionArgs, config: &Config, today: &Today) -> Result<Request, Error> {
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
        Some("date") => Some(Snapshot::Date(today.compact())),
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

//! `relx version` (and the plan half of `relx bump`): gather the inputs from
//! the repository and files, let `plan::version` decide, print the result.

use std::io::Write;

use super::printer::Printer;
use crate::commits::Commit;
use crate::error::Error;
use crate::files::Provider;
use crate::flags::{GlobalArgs, VersionArgs};
use crate::git::{Head, Repo, TagRef};
use crate::plan::{self, Inputs, Plan, Request};
use crate::project;
use crate::settings::{self, Workspace, BUMP_MESSAGE};
use crate::version::{Scheme, TagRules, Version};

/// CI variables naming the branch of a detached checkout, in order.
const BRANCH_VARIABLES: [&str; 3] = ["GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BUILDKITE_BRANCH"];

/// Today as `YYYYMMDD` (UTC, or `SOURCE_DATE_EPOCH` when set).
pub fn today() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.strftime("%Y%m%d").to_string()
}

/// The branch HEAD is on; a detached HEAD takes it from CI variables.
fn branch(repo: &Repo) -> Result<String, Error> {
    match repo.head()? {
        Head::Branch(name) => Ok(name),
        Head::Unborn(name) => Err(Error::git(
            format!("the repository is empty: branch {name} has no commits yet"),
            "commit something first",
        )),
        Head::Detached(sha) => BRANCH_VARIABLES
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|b| !b.is_empty()))
            .ok_or_else(|| {
                Error::git(
                    format!(
                        "HEAD is detached at {}: relx needs to know the branch",
                        &sha[..sha.len().min(7)]
                    ),
                    "check out the branch (git switch <branch>), or set GITHUB_REF_NAME",
                )
            }),
    }
}

/// commitizen's `find_tag_for`: the tag of `version` under the current or a
/// legacy format (the newest when several exist); for a short version such
/// as `1.2`, the highest tag whose release starts with it. `relx version`'s
/// current tag is the tag of the current version; `relx check
/// --consistency` checks that same tag.
pub fn tag_of(repo: &Repo, rules: &TagRules, version: &Version) -> Result<Option<TagRef>, Error> {
    if version.pep.release.len() < 3 {
        let best = repo
            .tags()?
            .into_iter()
            .filter_map(|t| rules.version_of(&t.name).ok().map(|v| (v, t)))
            .filter(|(v, _)| v.pep.release.starts_with(&version.pep.release))
            // Python's max(): the first of equal versions in tag order
            // (newest first) wins; Iterator::max_by would take the last.
            .fold(None, |best: Option<(Version, TagRef)>, next| match best {
                Some(b) if next.0 <= b.0 => Some(b),
                _ => Some(next),
            });
        if let Some((_, tag)) = best {
            return Ok(Some(tag));
        }
    }
    let mut found = Vec::new();
    for name in rules.candidate_tags(version) {
        if let Some(tag) = repo.find_tag(&name)? {
            found.push(tag);
        }
    }
    found.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.name.cmp(&b.name)));
    Ok(found.into_iter().next())
}

/// commitizen's `scm` provider: the highest version tag reachable from HEAD,
/// `0.0.0` without one. Tags that are not versions are skipped with a warning.
fn scm_version(repo: &Repo, rules: &TagRules, out: &mut Printer) -> Result<String, Error> {
    let head = repo.head_commit()?;
    let mut versions = Vec::new();
    for tag in repo.tags()? {
        if rules.is_ignored(&tag.name) {
            continue;
        }
        match rules.version_of(&tag.name) {
            Ok(v) => versions.push((v, tag)),
            Err(_) => {
                out.warn(&format!(
                    "tag {} is not a version under tag_format '{}'; skipped",
                    tag.name, rules.tag_format
                ))
                .ok();
            }
        }
    }
    // Highest first; equal versions: the longest spelling (commitizen).
    versions.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.0.to_string().len().cmp(&a.0.to_string().len()))
    });
    // One walk from HEAD for every tag (`git tag --merged`), not one per
    // tag; it stops at the first (highest) tag it reaches.
    let mut reach = repo.reach(&head)?;
    for (version, tag) in versions {
        if reach.reaches(&tag.commit)? {
            return Ok(version.to_string());
        }
    }
    Ok("0.0.0".to_string())
}

/// The project's current version, read where `relx version` reads it: the
/// configured provider's file, or the tags for `scm`.
pub fn current_version(
    workspace: &Workspace,
    scheme: Scheme,
    rules: &TagRules,
    out: &mut Printer,
) -> Result<Version, Error> {
    current_version_at(workspace, scheme, rules, out).map(|(version, _)| version)
}

/// [`current_version`], with the place it was read from: the provider's
/// file and key (`/…/pyproject.toml [project].version`), or `tags`.
pub fn current_version_at(
    workspace: &Workspace,
    scheme: Scheme,
    rules: &TagRules,
    out: &mut Printer,
) -> Result<(Version, String), Error> {
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    let provider = project::provider(&workspace.loaded)?;
    let (text, place) = match provider {
        Provider::Scm => (scm_version(repo, rules, out)?, "tags".to_string()),
        _ => project::provider_version(&workspace.loaded, provider)?,
    };
    tracing::debug!(provider = provider.name(), %place, version = %text, "current version");
    match scheme.parse(&text) {
        Ok(version) => Ok((version, place)),
        Err(_) => Err(Error::InvalidVersionIn { place, value: text }),
    }
}

/// The project as it stands: what `relx current` prints and where `relx
/// version` starts from.
#[derive(Debug, serde::Serialize)]
pub struct Current {
    /// The current version.
    pub version: Version,
    /// Its tag, `None` before the first release.
    pub tag: Option<String>,
    /// Commits since that tag (the whole history without one).
    pub commits_since: usize,
}

/// The current version, read as `relx version` reads it, its tag and the
/// number of commits since.
pub fn current(
    global: &GlobalArgs,
    args: &VersionArgs,
    out: &mut Printer,
) -> Result<Current, Error> {
    let workspace = Workspace::open(global, false)?;
    let scheme: Scheme = workspace.scheme(args)?;
    let rules = workspace.tag_rules(scheme, args)?;
    let version = current_version(&workspace, scheme, &rules, out)?;
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    if let Head::Unborn(name) = repo.head()? {
        return Err(Error::git(
            format!("the repository is empty: branch {name} has no commits yet"),
            "commit something first",
        ));
    }
    let tag = tag_of(repo, &rules, &version)?;
    let commits_since = repo.history(tag.as_ref())?.len();
    Ok(Current {
        version,
        tag: tag.map(|t| t.name),
        commits_since,
    })
}

/// Everything `relx version` needs, gathered.
pub struct Gathered {
    /// The run's workspace.
    pub workspace: Workspace,
    /// The request from words and flags.
    pub request: Request,
    /// The plan.
    pub plan: Plan,
}

/// Gathers inputs and decides the plan.
pub fn gather(
    global: &GlobalArgs,
    args: &VersionArgs,
    out: &mut Printer,
) -> Result<Gathered, Error> {
    let workspace = Workspace::open(global, args.current.is_some())?;
    for key in &workspace.loaded.unknown_keys {
        let place = workspace
            .config_path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        out.warn(&format!("{place}: unknown key `{key}` ignored"))
            .ok();
    }
    let config = workspace.config().clone();
    let request = settings::request(args, &config, &today())?;
    let scheme: Scheme = workspace.scheme(args)?;
    let rules = workspace.tag_rules(scheme, args)?;
    let repo = workspace.repo.as_ref();

    let current = match &args.current {
        Some(text) => scheme
            .parse(text)
            .map_err(|_| Error::InvalidManualVersion {
                option: "--current".to_string(),
                value: text.clone(),
            })?,
        None => current_version(&workspace, scheme, &rules, out)?,
    };

    let (branch, head, current_tag, commits) = match repo {
        Some(repo) => {
            let branch = branch(repo)?;
            let head = repo.head_commit()?;
            let tag = tag_of(repo, &rules, &current)?;
            let scan = request.increment.is_none() && request.manual.is_none();
            let commits = if scan {
                let logged = repo.history(tag.as_ref())?;
                tracing::debug!(since = ?tag.as_ref().map(|t| &t.name), commits = logged.len(), "history read");
                Some(
                    logged
                        .iter()
                        .map(|c| {
                            let r = &c.raw;
                            Commit::from_log_fields(
                                &c.sha, &r.parents, &r.subject, &r.author, &r.email, &r.body,
                            )
                        })
                        .collect(),
                )
            } else {
                None
            };
            (Some(branch), Some(head), tag.map(|t| t.name), commits)
        }
        None => (None, None, None, None),
    };

    let bump_rules = workspace.bump_rules(request.major_version_zero)?;
    let channels = workspace.channels()?;
    let bump_message = args
        .bump_message
        .clone()
        .or_else(|| config.bump_message.clone())
        .unwrap_or_else(|| BUMP_MESSAGE.to_string());
    let inputs = Inputs {
        current,
        current_tag,
        commits,
        branch,
        head,
        tag_rules: &rules,
        bump_rules: &bump_rules,
        channels: &channels,
        bump_message: &bump_message,
    };
    let plan = plan::version(&request, &inputs)?;
    if plan.channel.is_some() {
        out.info("Detecting devel branch").ok();
    }
    Ok(Gathered {
        workspace,
        request,
        plan,
    })
}

/// Prints the plan: the lines `cz bump --dry-run` prints, then relx's detail.
pub fn render(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", plan.commit_message)?;
    writeln!(out, "tag to create: {}", plan.next_tag)?;
    if let Some(increment) = plan.increment {
        writeln!(out, "increment detected: {increment}")?;
    }
    writeln!(out)?;
    if let Some(branch) = &plan.branch {
        match plan.channel {
            Some(phase) => writeln!(
                out,
                "branch: {branch} (devel branch: {} by default)",
                phase.name()
            )?,
            None => writeln!(out, "branch: {branch}")?,
        }
    }
    match &plan.current_tag {
        Some(tag) => writeln!(out, "current tag: {tag}")?,
        None => writeln!(
            out,
            "current tag: none (first release: the whole history counts)"
        )?,
    }
    if plan.commits.is_empty() {
        return Ok(());
    }
    let since = plan.current_tag.as_deref().unwrap_or("the first commit");
    writeln!(out, "commits since {since}: {}", plan.commits.len())?;
    for c in &plan.commits {
        let increment = c.increment.map_or("-".to_string(), |i| i.to_string());
        let title = match (&c.kind, &c.scope) {
            (Some(kind), Some(scope)) => format!(
                "{kind}({scope}){}: {}",
                if c.breaking { "!" } else { "" },
                c.subject
            ),
            (Some(kind), None) => {
                format!("{kind}{}: {}", if c.breaking { "!" } else { "" }, c.subject)
            }
            _ => c.subject.clone(),
        };
        match c.ignored {
            Some(reason) => writeln!(
                out,
                "  {increment:<5}  {}  {title}  ({})",
                &c.sha[..7.min(c.sha.len())],
                reason.describe()
            )?,
            None => writeln!(
                out,
                "  {increment:<5}  {}  {title}",
                &c.sha[..7.min(c.sha.len())]
            )?,
        }
    }
    Ok(())
}

/// `relx version`.
pub fn run(global: &GlobalArgs, args: &VersionArgs, out: &mut Printer) -> Result<(), Error> {
    let gathered = gather(global, args, out)?;
    print_plan(&gathered.plan, args, out)
}

/// Prints a plan in the form the flags ask for.
pub fn print_plan(plan: &Plan, args: &VersionArgs, out: &mut Printer) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: "<stdout>".into(),
        source: e,
    };
    if args.short {
        writeln!(out.out(), "{}", plan.next_version).map_err(io)?;
    } else if args.json {
        let text = serde_json::to_string_pretty(plan).expect("a plan serialises");
        writeln!(out.out(), "{text}").map_err(io)?;
    } else {
        render(plan, out.out()).map_err(io)?;
    }
    Ok(())
}

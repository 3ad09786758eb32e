//! The project's current version: the configured provider's file, or for
//! `scm` the highest version tag reachable from HEAD; the tag of a version
//! (commitizen's `find_tag_for`), and the branch a release is made on.
//! Shell: reads files, tags and HEAD.

use super::{read, Loaded, Workspace};
use crate::env::Env;
use crate::error::Error;
use crate::files::{self, Provider};
use crate::git::{Head, Repo, TagRef};
use crate::talk::Talk;
use crate::version::{TagRules, Version};

/// CI variables naming the branch of a detached checkout, in order.
const BRANCH_VARIABLES: [&str; 3] = ["GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BUILDKITE_BRANCH"];

/// The provider a project uses. Without any configuration file, relx picks
/// one from what it finds: a static `[project].version` (pep621), a Poetry
/// version, else the tags (scm).
pub fn provider(loaded: &Loaded) -> Result<Provider, Error> {
    if let Some(name) = &loaded.config.version_provider {
        return Provider::from_name(name).ok_or_else(|| {
            let file = loaded
                .origin
                .as_ref()
                .map(|o| format!("{}: ", o.path.display()))
                .unwrap_or_default();
            Error::UnknownProvider(format!(
                "{file}`version_provider`: Version Provider \"{name}\" unknown (known: commitizen, pep621, poetry, uv, cargo, npm, composer, scm)"
            ))
        });
    }
    if loaded.origin.is_some() {
        return Ok(Provider::Commitizen);
    }
    let pyproject = loaded.dir.join("pyproject.toml");
    if let Ok(text) = read(&pyproject) {
        for candidate in [Provider::Pep621, Provider::Poetry] {
            if let Ok(Some(_)) = files::read_version(candidate, &text) {
                return Ok(candidate);
            }
        }
    }
    Ok(Provider::Scm)
}

/// The version text a file-based provider holds, with the file it came from.
pub fn provider_version(loaded: &Loaded, provider: Provider) -> Result<(String, String), Error> {
    match provider {
        Provider::Commitizen => {
            let place = loaded
                .origin
                .as_ref()
                .map(|o| format!("{} {}", o.path.display(), o.section.describe()))
                .unwrap_or_else(|| "configuration".to_string());
            let version = loaded
                .config
                .version
                .clone()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| Error::NoVersion(format!("{place} has no `version`")))?;
            Ok((version, place))
        }
        Provider::Scm => unreachable!("the scm provider reads tags, not files"),
        _ => {
            let file = provider.file().expect("file-based provider");
            let path = loaded.dir.join(file);
            if !path.is_file() {
                return Err(Error::NoVersion(format!(
                    "version_provider = \"{}\" but {} does not exist",
                    provider.name(),
                    path.display()
                )));
            }
            let text = read(&path)?;
            let place = path.display().to_string();
            match files::read_version(provider, &text) {
                Ok(Some(v)) => Ok((v, format!("{place} {}", provider.location()))),
                Ok(None) => Err(Error::NoVersion(format!(
                    "{place} has no {}",
                    provider.location()
                ))),
                Err(message) => Err(Error::InvalidSetting {
                    path: Some(path),
                    message,
                }),
            }
        }
    }
}

/// The branch HEAD is on; a detached HEAD takes it from CI variables.
pub fn branch(repo: &Repo, env: &Env) -> Result<String, Error> {
    match repo.head()? {
        Head::Branch(name) => Ok(name),
        Head::Unborn(name) => Err(Error::git(
            format!("the repository is empty: branch {name} has no commits yet"),
            "commit something first",
        )),
        Head::Detached(sha) => BRANCH_VARIABLES
            .iter()
            .find_map(|v| env.get(v).filter(|b| !b.is_empty()))
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
fn scm_version(repo: &Repo, rules: &TagRules, talk: &mut dyn Talk) -> Result<String, Error> {
    let head = repo.head_commit()?;
    let mut versions = Vec::new();
    for tag in repo.tags()? {
        if rules.is_ignored(&tag.name) {
            continue;
        }
        match rules.version_of(&tag.name) {
            Ok(v) => versions.push((v, tag)),
            Err(_) => {
                talk.warn(&format!(
                    "tag {} is not a version under tag_format '{}'; skipped",
                    tag.name, rules.tag_format
                ));
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
    rules: &TagRules,
    talk: &mut dyn Talk,
) -> Result<Version, Error> {
    current_version_at(workspace, rules, talk).map(|(version, _)| version)
}

/// [`current_version`], with the place it was read from: the provider's
/// file and key (`/…/pyproject.toml [project].version`), or `tags`.
pub fn current_version_at(
    workspace: &Workspace,
    rules: &TagRules,
    talk: &mut dyn Talk,
) -> Result<(Version, String), Error> {
    let repo = workspace.repo()?;
    let provider = provider(&workspace.loaded)?;
    let (text, place) = match provider {
        Provider::Scm => (scm_version(repo, rules, talk)?, "tags".to_string()),
        _ => provider_version(&workspace.loaded, provider)?,
    };
    tracing::debug!(provider = provider.name(), %place, version = %text, "current version");
    match rules.scheme.parse(&text) {
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
    workspace: &Workspace,
    rules: &TagRules,
    talk: &mut dyn Talk,
) -> Result<Current, Error> {
    let version = current_version(workspace, rules, talk)?;
    let repo = workspace.repo()?;
    if let Head::Unborn(name) = repo.head()? {
        return Err(Error::git(
            format!("the repository is empty: branch {name} has no commits yet"),
            "commit something first",
        ));
    }
    let tag = tag_of(repo, rules, &version)?;
    let commits_since = repo.history(tag.as_ref())?.len();
    Ok(Current {
        version,
        tag: tag.map(|t| t.name),
        commits_since,
    })
}

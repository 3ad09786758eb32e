//! What the next release is decided from, read from the project: the
//! current version, its tag, the branch, HEAD and the commits since the
//! tag. `plan::version` decides from these; `relx version`, `bump` and
//! `build --snapshot` all gather through here.

use super::current::{branch, current_version, tag_of};
use super::Workspace;
use crate::commits::Commit;
use crate::env::Env;
use crate::error::Error;
use crate::talk::Talk;
use crate::version::{TagRules, Version};

/// The project's side of `plan::Inputs`.
#[derive(Debug)]
pub struct Found {
    /// The current version.
    pub current: Version,
    /// Its tag, when one exists.
    pub current_tag: Option<String>,
    /// The commits since that tag; `None` when not read.
    pub commits: Option<Vec<Commit>>,
    /// The branch HEAD is on (outside a repository: `None`).
    pub branch: Option<String>,
    /// HEAD's id.
    pub head: Option<String>,
}

/// Reads the current version (or takes `given`), and in a repository the
/// branch, HEAD, the current tag and, when `scan`, the commits since it.
pub fn gather(
    workspace: &Workspace,
    rules: &TagRules,
    given: Option<&Version>,
    scan: bool,
    env: &Env,
    talk: &mut dyn Talk,
) -> Result<Found, Error> {
    let current = match given {
        Some(version) => version.clone(),
        None => current_version(workspace, rules, talk)?,
    };
    let Some(repo) = &workspace.repo else {
        return Ok(Found {
            current,
            current_tag: None,
            commits: None,
            branch: None,
            head: None,
        });
    };
    let branch = branch(repo, env)?;
    let head = repo.head_commit()?;
    let tag = tag_of(repo, rules, &current)?;
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
    Ok(Found {
        current,
        current_tag: tag.map(|t| t.name),
        commits,
        branch: Some(branch),
        head: Some(head),
    })
}

//! `relx check --consistency`: every place the version is written agrees
//! with the current version, and the current tag exists.
//!
//! The current version and its tag are the ones `relx version` uses
//! (`version::current_version_at`, `version::tag_of`): the same function,
//! so the check and the next version never disagree about where the
//! release history starts. A project before its first release (no version
//! tag at all) has no tag to check.
//!
//! The places are the ones `relx bump` writes (`project::version_targets`:
//! the `version_files` entries, the provider's file and its lock files).
//! Each is checked the way the bump would edit it: a `version_files` entry
//! must contain the current version on a line its regex selects (commitizen's
//! rule, exit 17 otherwise), and a key (`[project].version`, a lock file's
//! package) must hold the current version.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::files::targets::{self as bump_plan, Target};
use crate::files::Provider;
use crate::project;
use crate::project::current;
use crate::settings::Workspace;
use crate::talk::Talk;

/// A stand-in next version: what the bump's edit would change shows where
/// the version is, and what it says there.
const PROBE: &str = "0.0.0+relx.consistency.probe";

/// Where `target` disagrees with `version`, if it does; a file larger than
/// relx reads is an error of its own (`files::limit`).
fn disagreement(target: &Target, version: &str, root: &Path) -> Result<Option<String>, Error> {
    let path = target.path();
    let shown = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let bytes = match crate::files::limit::read(path) {
        Ok(bytes) => bytes,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Some(format!("{shown}: no such file")))
        }
        Err(e @ Error::FileTooLarge { .. }) => return Err(e),
        Err(e) => return Ok(Some(e.to_string())),
    };
    let files = BTreeMap::from([(path.clone(), bytes)]);
    Ok(
        match bump_plan::edits(std::slice::from_ref(target), &files, version, PROBE) {
            Ok(edits) => {
                let wrong: Vec<String> = edits
                    .iter()
                    .flat_map(|e| e.changed_lines())
                    .filter(|(_, old, _)| !old.contains(version))
                    .map(|(line, old, _)| format!("{shown}:{line}: {}", old.trim()))
                    .collect();
                (!wrong.is_empty()).then(|| wrong.join("; "))
            }
            Err(Error::VersionNotInFile { .. }) => match target {
                Target::Pattern { regex: Some(r), .. } => Some(format!(
                    "{shown}: no line matching '{r}' contains {version}"
                )),
                _ => Some(format!("{shown}: does not contain {version}")),
            },
            Err(e) => Some(e.to_string()),
        },
    )
}

/// `place` (a provider's `/…/file key`) with `root` taken off its path.
fn relative_place(place: &str, root: &Path) -> String {
    let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
    place.strip_prefix(&prefix).unwrap_or(place).to_string()
}

/// The file the provider reads the version from, when it is a file.
fn provider_path(workspace: &Workspace, provider: Provider) -> Option<PathBuf> {
    match provider {
        Provider::Commitizen => workspace.loaded.origin.as_ref().map(|o| o.path.clone()),
        _ => provider.file().map(|f| workspace.loaded.dir.join(f)),
    }
}

/// Runs the check: the places it looked at, one line per file, or the
/// disagreements as [`Error::VersionMismatch`].
pub fn run(workspace: &Workspace, talk: &mut dyn Talk) -> Result<Vec<String>, Error> {
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    let rules = workspace.tag_rules(None, None)?;
    let provider = project::provider(&workspace.loaded)?;
    let (current, place) = current::current_version_at(workspace, &rules, talk)?;
    let root = workspace.loaded.dir.clone();
    let mut place = relative_place(&place, &root);
    let version = current.to_string();
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    // Each file once: the provider's own file is the place of the version.
    let mut shown: BTreeSet<PathBuf> = BTreeSet::new();
    if provider != Provider::Scm {
        checked.push(format!("{place}: {version}"));
        shown.extend(provider_path(workspace, provider));
    }
    match current::tag_of(repo, &rules, &current)? {
        Some(tag) => {
            checked.push(format!("current tag: {}", tag.name));
            place = format!("{place}, current tag {}", tag.name);
        }
        // The scm provider found no version tag reachable from HEAD.
        None if provider == Provider::Scm => {
            checked.push("current tag: none (before the first release)".to_string())
        }
        None if !repo.tags()?.iter().any(|t| rules.is_version_tag(&t.name)) => {
            checked.push("current tag: none (before the first release)".to_string())
        }
        None => problems.push(format!(
            "no tag names {version} (expected {})",
            rules.tag_for(&current)
        )),
    }
    match project::version_targets(&workspace.loaded, provider) {
        Ok(targets) => {
            for target in &targets {
                match disagreement(target, &version, &root)? {
                    Some(problem) => problems.push(problem),
                    None => {
                        let path = target.path();
                        if shown.insert(path.clone()) {
                            let relative = path.strip_prefix(&root).unwrap_or(path);
                            checked.push(format!("{}: {version}", relative.display()));
                        }
                    }
                }
            }
        }
        Err(e) => problems.push(e.to_string()),
    }
    if !problems.is_empty() {
        return Err(Error::VersionMismatch(format!(
            "the current version is {version} ({place}), but {}",
            problems.join("; ")
        )));
    }
    Ok(checked)
}

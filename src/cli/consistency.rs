//! `relx check --consistency`: every place the version is written agrees
//! with the current version, and the last tag names it.
//!
//! The places are the ones `relx bump` writes (`project::version_targets`:
//! the `version_files` entries, the provider's file and its lock files).
//! Each is checked the way the bump would edit it: a `version_files` entry
//! must contain the current version on a line its regex selects (commitizen's
//! rule, exit 17 otherwise), and a key (`[project].version`, a lock file's
//! package) must hold the current version.

use std::collections::BTreeMap;
use std::path::Path;

use super::args::VersionArgs;
use super::printer::Printer;
use super::settings::Workspace;
use crate::error::Error;
use crate::files::targets::{self as bump_plan, Target};
use crate::files::Provider;
use crate::project;

/// A stand-in next version: what the bump's edit would change shows where
/// the version is, and what it says there.
const PROBE: &str = "0.0.0+relx.consistency.probe";

/// Where `target` disagrees with `version`, if it does.
fn disagreement(target: &Target, version: &str, root: &Path) -> Option<String> {
    let path = target.path();
    let shown = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let Ok(bytes) = std::fs::read(path) else {
        return Some(format!("{shown}: no such file"));
    };
    let files = BTreeMap::from([(path.clone(), bytes)]);
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
    }
}

/// Runs the check and prints the places it looked at.
pub fn run(workspace: &Workspace, out: &mut Printer) -> Result<(), Error> {
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    let args = VersionArgs::default();
    let scheme = workspace.scheme(&args)?;
    let rules = workspace.tag_rules(scheme, &args)?;
    let provider = project::provider(&workspace.loaded)?;
    let head = repo.head_commit()?;
    let mut latest = None;
    for tag in repo.tags()? {
        if !rules.is_version_tag(&tag.name) || !repo.is_merged(&tag.commit, &head)? {
            continue;
        }
        if let Ok(v) = rules.version_of(&tag.name) {
            if latest.as_ref().is_none_or(|(best, _)| v > *best) {
                latest = Some((v, tag.name.clone()));
            }
        }
    }
    let (text, place) = match provider {
        Provider::Scm => match &latest {
            Some((v, tag)) => (v.to_string(), format!("tag {tag}")),
            None => ("0.0.0".to_string(), "tags".to_string()),
        },
        _ => project::provider_version(&workspace.loaded, provider)?,
    };
    let current = scheme.parse(&text).map_err(|_| Error::InvalidVersionIn {
        place: place.clone(),
        value: text.clone(),
    })?;
    let version = current.to_string();
    let mut problems = Vec::new();
    let mut checked = vec![format!("{place}: {version}")];
    match &latest {
        Some((v, tag)) if *v == current => checked.push(format!("last tag {tag}: {version}")),
        Some((v, tag)) => problems.push(format!("last tag {tag} is {v}, not {version}")),
        None => problems.push(format!(
            "no tag names a version (expected {})",
            rules.tag_for(&current)
        )),
    }
    let root = workspace.loaded.dir.clone();
    match project::version_targets(&workspace.loaded, provider) {
        Ok(targets) => {
            for target in &targets {
                match disagreement(target, &version, &root) {
                    Some(problem) => problems.push(problem),
                    None => {
                        let path = target.path();
                        let shown = path.strip_prefix(&root).unwrap_or(path);
                        checked.push(format!("{}: {version}", shown.display()));
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
    let io = |source| Error::Io {
        path: "<stdout>".into(),
        source,
    };
    for line in checked {
        writeln!(out.out(), "{line}").map_err(io)?;
    }
    writeln!(out.out(), "Version consistency: successful!").map_err(io)
}

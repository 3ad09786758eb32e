//! `relx check --consistency`: every place the version is written agrees
//! with the current version, and the last tag names it.
//!
//! The places are the version provider's file (or the `version` key) and
//! each `version_files` entry (`path`, or `path:regex` where only the lines
//! the regex matches count). A file agrees when it contains the current
//! version, as `cz bump` requires before it writes (exit 17 otherwise).

use std::path::Path;

use super::args::VersionArgs;
use super::printer::Printer;
use super::settings::Workspace;
use crate::error::Error;
use crate::files::Provider;
use crate::project;

/// A `version_files` entry: the file, and the regex selecting its lines.
fn split_entry(entry: &str) -> (&str, Option<&str>) {
    match entry.split_once(':') {
        Some((path, regex)) if !regex.is_empty() => (path, Some(regex)),
        _ => (entry.trim_end_matches(':'), None),
    }
}

/// Why one `version_files` entry disagrees, if it does.
fn file_disagrees(dir: &Path, entry: &str, version: &str) -> Result<Option<String>, Error> {
    let (file, regex) = split_entry(entry);
    let path = dir.join(file);
    let Some(text) = super::changelog::read_text(&path)? else {
        return Ok(Some(format!("{file}: no such file")));
    };
    let matcher = match regex {
        Some(r) => Some(crate::pyre::search(r).map_err(|e| Error::InvalidSetting {
            path: Some(path.clone()),
            message: format!("`version_files` '{entry}': {e}"),
        })?),
        None => None,
    };
    let found = text
        .lines()
        .filter(|l| matcher.as_ref().is_none_or(|m| m.is_match(l)))
        .any(|l| l.contains(version));
    Ok((!found).then(|| match regex {
        Some(r) => format!("{file}: no line matching '{r}' contains {version}"),
        None => format!("{file}: does not contain {version}"),
    }))
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
    for entry in &workspace.config().version_files {
        match file_disagrees(&workspace.loaded.dir, entry, &version)? {
            Some(problem) => problems.push(problem),
            None => checked.push(format!("{}: {version}", split_entry(entry).0)),
        }
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

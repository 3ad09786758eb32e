//! The changelog as the project has it: the file's text, the version tags
//! with their dates, the commits of a range, and what a release adds to the
//! file (`bump --changelog`) or which section is a version's notes (`build`,
//! `publish`). Shell: reads the file and the history; `crate::changelog`
//! decides.

use std::path::Path;

use super::Workspace;
use crate::changelog::{self, ChangelogUpdate, LogCommit, ReleaseTag, Settings};
use crate::commits::Commit;
use crate::error::Error;
use crate::git::Repo;
use crate::talk::Talk;

/// Reads a text file (bounded, `files::limit`); `None` when it does not
/// exist.
pub fn read_text(path: &Path) -> Result<Option<String>, Error> {
    match crate::files::limit::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| Error::NotUtf8 {
                path: path.to_path_buf(),
                offset: e.utf8_error().valid_up_to(),
            }),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The version tags of the repository, warning about the others.
pub fn tags(
    repo: &Repo,
    settings: &Settings,
    talk: &mut dyn Talk,
) -> Result<Vec<ReleaseTag>, Error> {
    let dated = repo.dated_tags()?;
    let (tags, others) = changelog::release_tags(
        dated
            .iter()
            .map(|d| (d.tag.name.as_str(), d.tag.commit.as_str(), d.date.clone())),
        &settings.tag_rules,
    );
    for name in others {
        talk.warn(&format!(
            "Invalid version tag: '{name}' does not match any configured tag format"
        ));
    }
    Ok(tags)
}

/// A logged commit as the changelog reads it. `Commit::from_log_fields`
/// rebuilds commitizen's record through `str.splitlines()`; without any of
/// the characters that split a Python line besides `\n` (nor a `\n` in a
/// one-line field), that is the stripped subject and body, built here
/// without the detour.
fn log_commit(c: crate::git::LoggedCommit) -> LogCommit {
    let odd = |s: &str| {
        s.contains([
            '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}', '\u{2029}',
        ])
    };
    let r = c.raw;
    let one_line = |s: &str| !s.contains('\n') && !odd(s);
    let commit =
        if one_line(&r.subject) && one_line(&r.author) && one_line(&r.email) && !odd(&r.body) {
            Commit {
                parents: r.parents.len(),
                title: crate::pystr::strip(&r.subject).to_string(),
                body: crate::pystr::strip(&r.body).to_string(),
                sha: c.sha,
            }
        } else {
            Commit::from_log_fields(&c.sha, &r.parents, &r.subject, &r.author, &r.email, &r.body)
        };
    LogCommit {
        commit,
        parents: r.parents,
        author: r.author,
        author_email: r.email,
    }
}

/// The commits of a range as the changelog reads them.
pub fn history(
    repo: &Repo,
    start: Option<&str>,
    end: Option<&str>,
) -> Result<Vec<LogCommit>, Error> {
    Ok(repo
        .topo_history(start, end)?
        .into_iter()
        .map(log_commit)
        .collect())
}

/// commitizen's `get_oldest_and_newest_rev`: `1.2.0` is the commits after
/// the tag before 1.2.0 up to 1.2.0; `1.0.0..1.2.0` starts after the tag
/// before 1.0.0.
pub fn range_bounds(
    range: &str,
    tags: &[ReleaseTag],
    settings: &Settings,
) -> Result<(Option<String>, String), Error> {
    let (oldest, newest) = match range.split_once("..") {
        Some((a, b)) => (Some(a), b),
        None => (None, range),
    };
    let rules = &settings.tag_rules;
    let tag_for = |text: &str| -> Result<String, Error> {
        let version = rules.scheme.parse(text).map_err(|_| {
            Error::NoCommitsIn(format!(
                "Could not find a valid revision range: '{text}' is not a version"
            ))
        })?;
        let short = version.pep.release.len() < 3;
        let found = if short {
            tags.iter()
                .filter_map(|t| rules.version_of(&t.name).ok().map(|v| (v, t)))
                .filter(|(v, _)| v.pep.release.starts_with(&version.pep.release))
                .max_by(|a, b| a.0.cmp(&b.0))
                .map(|(_, t)| t.name.clone())
        } else {
            None
        };
        let names = rules.candidate_tags(&version);
        found
            .or_else(|| {
                tags.iter()
                    .find(|t| names.contains(&t.name))
                    .map(|t| t.name.clone())
            })
            .ok_or_else(|| {
                Error::NoCommitsIn(format!(
                    "Could not find a valid revision range: no tag for version {text}"
                ))
            })
    };
    let newest = tag_for(newest)?;
    let oldest = oldest.map(tag_for).transpose()?;
    let anchor = oldest.as_deref().unwrap_or(&newest);
    let position = tags
        .iter()
        .position(|t| t.name == anchor)
        .expect("the tag was found in this list");
    let start = tags.get(position + 1).map(|t| t.name.clone());
    Ok(match start {
        Some(s) if s == newest => (None, newest),
        start => (start, newest),
    })
}

/// What `bump --changelog` writes for the release it makes: the changelog
/// file's new bytes, read and decided as `relx changelog
/// --unreleased-version NEXT_TAG` would (incremental, with the pre-release
/// policy and the Recent Changes mode). `today` is `YYYY-MM-DD`.
#[allow(clippy::too_many_arguments)]
pub fn release_update(
    workspace: &Workspace,
    (settings, path): (&Settings, &Path),
    repo: &Repo,
    next_tag: &str,
    prerelease: bool,
    today: &str,
    empty: EmptyRange,
    talk: &mut dyn Talk,
) -> Result<ChangelogUpdate, Error> {
    let tags = tags(repo, settings, talk)?;
    let empty = empty_range(workspace, settings, empty);
    release_with(
        settings, path, repo, &tags, next_tag, prerelease, today, empty,
    )
}

/// What a changelog range without commits means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyRange {
    /// Exit 3, "No commits found" (commitizen's changelog).
    Refuse,
    /// Write the section anyway (`--allow-no-commit`, or a pre-release as
    /// the current version).
    Allow,
}

/// commitizen's changelog refuses an empty range unless asked to allow it
/// or the config's `version` is a pre-release (`Changelog.__call__`).
pub fn empty_range(workspace: &Workspace, settings: &Settings, asked: EmptyRange) -> EmptyRange {
    let current_is_prerelease = workspace
        .config()
        .version
        .as_deref()
        .and_then(|v| settings.tag_rules.scheme.parse(v).ok())
        .is_some_and(|v| v.is_prerelease());
    if current_is_prerelease {
        EmptyRange::Allow
    } else {
        asked
    }
}

/// The changelog update for `next_tag` from the tags and the file as
/// read (what `release_update` and `relx changelog --unreleased-version`
/// write).
#[allow(clippy::too_many_arguments)]
pub fn release_with(
    settings: &Settings,
    path: &Path,
    repo: &Repo,
    tags: &[ReleaseTag],
    next_tag: &str,
    prerelease: bool,
    today: &str,
    empty: EmptyRange,
) -> Result<ChangelogUpdate, Error> {
    let before = read_text(path)?;
    let range = changelog::release_range(before.as_deref(), tags, settings, prerelease)?;
    let commits = history(repo, range.start.as_deref(), None)?;
    // The changelog's newest section may already cover every commit (its
    // tag is newer than the current version's): `cz bump` stops there.
    if commits.is_empty() && empty == EmptyRange::Refuse {
        let since = range.start.as_deref().unwrap_or("the first commit");
        return Err(Error::NoCommitsIn(format!(
            "No commits found: {} already covers every commit since {since}",
            settings.file.display()
        )));
    }
    let mut update = changelog::for_release(
        settings,
        &changelog::ReleaseInput {
            before: before.as_deref(),
            commits: &commits,
            tags,
            range: &range,
            next_tag,
            today,
            prerelease,
        },
    )?;
    update.path = path.to_path_buf();
    Ok(update)
}

/// The release notes of `version` from the project's changelog file (what
/// `relx changelog --notes VERSION` prints): `Ok(None)` when the file does
/// not exist or has no section for it. For the build and publish steps.
pub fn notes((settings, path): (&Settings, &Path), version: &str) -> Result<Option<String>, Error> {
    Ok(read_text(path)?.and_then(|text| {
        changelog::notes::section(&text, settings.format, &settings.tag_rules, version)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commits::Commit;
    use crate::git::{LoggedCommit, RawCommit};

    /// The short cut gives what `Commit::from_log_fields` gives.
    #[test]
    fn log_commit_is_from_log_fields() {
        let rows = [
            ("feat: x", "body\n\nmore\n"),
            ("  fix: spaced  ", "\n\n  indented body  \n\n"),
            ("docs: x", ""),
            ("", "only a body"),
            ("feat: a\u{2028}b", "body"),
            ("feat: x", "line\r\nwith crlf\u{85}"),
        ];
        for (subject, body) in rows {
            let raw = RawCommit {
                parents: vec!["a".repeat(40), "b".repeat(40)],
                author: "A U Thor".into(),
                email: "a@x".into(),
                commit_time: 0,
                commit_offset_minutes: 0,
                subject: subject.into(),
                body: body.into(),
            };
            let want =
                Commit::from_log_fields("c0ffee", &raw.parents, subject, "A U Thor", "a@x", body);
            let got = log_commit(LoggedCommit {
                sha: "c0ffee".into(),
                raw,
            });
            assert_eq!(got.commit, want, "{subject:?} {body:?}");
        }
    }
}

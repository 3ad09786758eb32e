//! `relx changelog`: read the history and the changelog file, let
//! `changelog` decide the new text, then print it (`--dry-run`, a range,
//! `--notes`) or write it. Also [`release_update`], what `bump --changelog`
//! calls for the release it makes.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::printer::Printer;
use crate::changelog::{
    self, format, tree, ChangelogUpdate, Format, LogCommit, Metadata, Prereleases, ReleaseTag,
    Request, Rules, Settings, Templates, TreeOptions,
};
use crate::commits::Commit;
use crate::error::Error;
use crate::flags::{ChangelogArgs, GlobalArgs, VersionArgs};
use crate::git::Repo;
use crate::settings::Workspace;

/// Today as `YYYY-MM-DD` in the local time zone (as commitizen's
/// `date.today()`), or from `SOURCE_DATE_EPOCH` (UTC) when it is set.
pub fn today() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    match fixed {
        Some(seconds) => crate::git::day_of(seconds, 0),
        None => jiff::ZonedDateTime::now().strftime("%Y-%m-%d").to_string(),
    }
}

fn invalid(workspace: &Workspace, message: String) -> Error {
    Error::InvalidSetting {
        path: workspace.config_path().map(Path::to_path_buf),
        message,
    }
}

fn pairs(map: &Map<String, Value>) -> Vec<(String, String)> {
    map.iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_string),
            )
        })
        .collect()
}

/// The commit rules' changelog parts: commitizen's `cz_conventional_commits`
/// or a `cz_customize` table, with the top-level overrides.
fn rules(workspace: &Workspace) -> Result<Rules, Error> {
    let config = workspace.config();
    let default_order: Vec<String> = tree::CHANGE_TYPE_ORDER
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (pattern, parser, map, order) = match config.name.as_str() {
        "cz_conventional_commits" => (
            tree::CHANGELOG_PATTERN.to_string(),
            tree::COMMIT_PARSER.to_string(),
            tree::CHANGE_TYPE_MAP
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            default_order,
        ),
        "cz_customize" => {
            let custom = config.customize.clone().ok_or(Error::MissingCustomize)?;
            let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
            (
                nonempty(custom.changelog_pattern).unwrap_or_else(|| ".*".to_string()),
                nonempty(custom.commit_parser).unwrap_or_else(|| "(?P<message>.*)".to_string()),
                custom
                    .change_type_map
                    .as_ref()
                    .map(pairs)
                    .unwrap_or_default(),
                custom
                    .change_type_order
                    .filter(|o| !o.is_empty())
                    .unwrap_or(default_order),
            )
        }
        "cz_jira" => (
            ".*".to_string(),
            "(?P<message>.*)".to_string(),
            Vec::new(),
            default_order,
        ),
        other => return Err(Error::UnknownRules(other.to_string())),
    };
    let map = match &config.change_type_map {
        Some(m) if !m.is_empty() => pairs(m),
        _ => map,
    };
    let order = config
        .change_type_order
        .clone()
        .filter(|o| !o.is_empty())
        .unwrap_or(order);
    let mut seen = std::collections::HashSet::new();
    if !order.iter().all(|t| seen.insert(t)) {
        return Err(invalid(
            workspace,
            format!("`change_type_order`: Change types contain duplicated types ({order:?})"),
        ));
    }
    let mut rules = Rules::new(&pattern, &parser, map, order).map_err(|e| {
        invalid(
            workspace,
            format!("`commit_parser` / `changelog_pattern`: {e}"),
        )
    })?;
    rules.merge_duplicates = config.merge_duplicates;
    rules.split_squash = config.split_squash;
    Ok(rules)
}

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

/// The changelog settings of a project, with the command line's overrides.
pub fn settings(workspace: &Workspace, args: &ChangelogArgs) -> Result<(Settings, PathBuf), Error> {
    let config = workspace.config();
    let version_args = VersionArgs::default();
    let scheme = workspace.scheme(&version_args)?;
    let tag_rules = workspace.tag_rules(scheme, &version_args)?;
    let file = args
        .file_name
        .clone()
        .unwrap_or_else(|| PathBuf::from(&config.changelog_file));
    let name = file.to_string_lossy().to_string();
    let format = config
        .changelog_format
        .as_deref()
        .and_then(Format::from_name)
        .or_else(|| Format::from_file_name(&name))
        .ok_or_else(|| {
            Error::UnknownChangelogFormat(config.changelog_format.clone().unwrap_or("None".into()))
        })?;
    let prereleases = match &config.changelog_prereleases {
        _ if args.merge_prerelease => Prereleases::Merge,
        Some(name) => Prereleases::from_name(name).ok_or_else(|| {
            invalid(
                workspace,
                format!("`changelog_prereleases`: '{name}' is not keep, merge or skip"),
            )
        })?,
        None if config.changelog_merge_prerelease => Prereleases::Merge,
        None => Prereleases::Keep,
    };
    let template = args
        .template
        .clone()
        .or_else(|| config.template.clone())
        .unwrap_or_else(|| format.template_name().to_string());
    let mut templates = Templates::default();
    let candidates = [
        workspace.dir.join(&template),
        workspace.loaded.dir.join(&template),
    ];
    match candidates.iter().find(|p| p.is_file()) {
        Some(path) => {
            let text = read_text(path)?.unwrap_or_default();
            templates.files.insert(template.clone(), text);
        }
        None if changelog::builtin(&template).is_some() => {}
        None => {
            return Err(invalid(
                workspace,
                format!("`template`: no such file '{template}'"),
            ));
        }
    }
    let mut extras = config.extras.clone();
    for pair in &args.extras {
        let (key, value) = pair
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "Option --extra expect a key=value format, got '{pair}'"
                ))
            })?;
        extras.insert(
            key.to_string(),
            Value::from(value.trim_matches(['\'', '"'])),
        );
    }
    let settings = Settings {
        file: file.clone(),
        format,
        rules: rules(workspace)?,
        tag_rules,
        prereleases,
        template,
        templates,
        extras,
        unreleased_heading: config
            .changelog_unreleased_heading
            .clone()
            .filter(|h| !h.trim().is_empty()),
        generate: config.changelog_generate,
    };
    Ok((settings, workspace.loaded.dir.join(file)))
}

/// The version tags of the repository, warning about the others.
fn tags(repo: &Repo, settings: &Settings, out: &mut Printer) -> Result<Vec<ReleaseTag>, Error> {
    let dated = repo.dated_tags()?;
    let (tags, others) = changelog::release_tags(
        dated
            .iter()
            .map(|d| (d.tag.name.as_str(), d.tag.commit.as_str(), d.date.clone())),
        &settings.tag_rules,
    );
    for name in others {
        out.warn(&format!(
            "Invalid version tag: '{name}' does not match any configured tag format"
        ))
        .ok();
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
fn history(repo: &Repo, start: Option<&str>, end: Option<&str>) -> Result<Vec<LogCommit>, Error> {
    Ok(repo
        .topo_history(start, end)?
        .into_iter()
        .map(log_commit)
        .collect())
}

/// commitizen's `get_oldest_and_newest_rev`: `1.2.0` is the commits after
/// the tag before 1.2.0 up to 1.2.0; `1.0.0..1.2.0` starts after the tag
/// before 1.0.0.
fn range_bounds(
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
pub fn release_update(
    workspace: &Workspace,
    repo: &Repo,
    next_tag: &str,
    prerelease: bool,
    today: &str,
    empty: EmptyRange,
    out: &mut Printer,
) -> Result<ChangelogUpdate, Error> {
    let (settings, path) = settings(workspace, &ChangelogArgs::default())?;
    let tags = tags(repo, &settings, out)?;
    let empty = empty_range(workspace, &settings, empty);
    release_with(
        &settings, &path, repo, &tags, next_tag, prerelease, today, empty,
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
fn empty_range(workspace: &Workspace, settings: &Settings, asked: EmptyRange) -> EmptyRange {
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

#[allow(clippy::too_many_arguments)]
fn release_with(
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
pub fn notes(workspace: &Workspace, version: &str) -> Result<Option<String>, Error> {
    let (settings, path) = settings(workspace, &ChangelogArgs::default())?;
    Ok(read_text(&path)?.and_then(|text| {
        changelog::notes::section(&text, settings.format, &settings.tag_rules, version)
    }))
}

fn print(out: &mut Printer, text: &str) -> Result<(), Error> {
    writeln!(out.out(), "{text}").map_err(|source| Error::Io {
        path: "<stdout>".into(),
        source,
    })
}

/// `relx changelog`.
pub fn run(global: &GlobalArgs, args: &ChangelogArgs, out: &mut Printer) -> Result<(), Error> {
    // A writing run holds the repository's lock from its first read.
    let lock = if args.dry_run || args.notes.is_some() {
        None
    } else {
        crate::settings::take_lock(global, "relx changelog")?
    };
    let workspace = Workspace::open(global, false)?;
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    let (settings, path) = settings(&workspace, args)?;
    let before = read_text(&path)?;
    if let Some(version) = &args.notes {
        let text = before
            .ok_or_else(|| Error::NoCommitsIn(format!("{}: no such file", path.display())))?;
        let notes = changelog::notes::section(&text, settings.format, &settings.tag_rules, version)
            .ok_or_else(|| {
                Error::NoCommitsIn(format!(
                    "{} has no section for version {version}",
                    settings.file.display()
                ))
            })?;
        return std::io::Write::write_all(out.out(), notes.as_bytes()).map_err(|source| {
            Error::Io {
                path: "<stdout>".into(),
                source,
            }
        });
    }
    if args.incremental && args.rev_range.is_some() {
        return Err(Error::NotAllowed(
            "--incremental cannot be combined with a rev_range".into(),
        ));
    }
    let tags = tags(repo, &settings, out)?;
    let incremental = args.rev_range.is_none();
    if let (Some(version), true) = (&args.unreleased_version, incremental) {
        let prerelease = settings
            .tag_rules
            .version_of(version)
            .or_else(|_| settings.tag_rules.scheme.parse(version))
            .is_ok_and(|v| v.is_prerelease());
        let empty = empty_range(&workspace, &settings, EmptyRange::Refuse);
        let update = release_with(
            &settings,
            &path,
            repo,
            &tags,
            version,
            prerelease,
            &today(),
            empty,
        )?;
        if args.dry_run {
            return print(out, &update.generated);
        }
        return write_if_changed(repo, lock, &path, update.before.as_deref(), &update.after);
    }
    let mut start = args
        .start_rev
        .clone()
        .or_else(|| workspace.config().changelog_start_rev.clone());
    let mut meta = Metadata::default();
    if let (true, Some(text)) = (incremental, &before) {
        meta = format::metadata(text, settings.format, &settings.tag_rules);
        if meta.latest_version.is_some() {
            start = changelog::incremental_start(&meta, &tags, &settings)?;
        } else if !text.trim().is_empty() && !args.dry_run {
            out.warn(&format!(
                "{} has no version heading: the whole history is added after its text",
                settings.file.display()
            ))
            .ok();
        }
    }
    let mut end = None;
    if let Some(range) = &args.rev_range {
        let (s, e) = range_bounds(range, &tags, &settings)?;
        (start, end) = (s, Some(e));
    }
    let commits = history(repo, start.as_deref(), end.as_deref())?;
    if commits.is_empty()
        && empty_range(&workspace, &settings, EmptyRange::Refuse) == EmptyRange::Refuse
    {
        return Err(Error::NoCommitsIn("No commits found".to_string()));
    }
    let request = Request {
        tree: TreeOptions {
            unreleased_version: args.unreleased_version.clone(),
            today: today(),
            prereleases: settings.prereleases,
            merging_release: false,
        },
        incremental,
        only_unreleased: args.unreleased,
    };
    let releases = changelog::releases(&commits, &tags, &settings, &request);
    if releases.is_empty() {
        // Recent Changes mode with nothing released since the file: the
        // hand-written heading already holds the unreleased notes.
        return Ok(());
    }
    let rendered = changelog::render_releases(&releases, &settings, incremental)?;
    if args.dry_run || (args.rev_range.is_some() && args.file_name.is_none()) {
        return print(out, &rendered);
    }
    let after = match (&before, incremental) {
        (Some(text), true) => changelog::incremental(&rendered, text, &meta),
        _ => rendered,
    };
    write_if_changed(repo, lock, &path, before.as_deref(), &after)
}

/// Writes the changelog through the journal (symlinks resolved, inside the
/// work tree only); nothing when it would not change.
fn write_if_changed(
    repo: &crate::git::Repo,
    lock: Option<crate::journal::Lock>,
    path: &Path,
    before: Option<&str>,
    after: &str,
) -> Result<(), Error> {
    if before == Some(after) {
        return Ok(());
    }
    let target = crate::files::write::resolve_inside(&repo.workdir(), path).map_err(|reason| {
        Error::UnsafePath {
            path: path.to_path_buf(),
            reason,
        }
    })?;
    let Some(lock) = lock else {
        return Err(Error::NotARepository(path.to_path_buf()));
    };
    let mut journal = crate::journal::Journal::begin(repo, lock, "relx changelog")?;
    let written = journal.write_file(&target, after.as_bytes());
    journal.close(repo, written)
}

#[cfg(test)]
mod tests {
    use super::*;
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

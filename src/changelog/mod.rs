//! Release notes: the model built from classified commits and tags, its
//! rendering through minijinja templates, and the merge of new notes into an
//! existing changelog text. Pure: the shell (`git::changelog`,
//! `cli::changelog`) reads the history and the file and hands them in.
//!
//! The default behaviour is commitizen 4.19.3's, byte for byte: the same
//! commits count, the same entries, sections and headings, and the same
//! place in the file for a new release. relx adds a hand-written
//! "Recent Changes" mode, a pre-release policy, and two entry clean-ups
//! (`merge_duplicates`, `split_squash`).

pub mod format;
mod merge;
pub mod notes;
mod render;
mod similarity;
pub mod tree;

use std::path::PathBuf;

use serde_json::{Map, Value};

pub use format::{Format, Metadata};
pub use merge::{incremental, newline_of};
pub use render::{builtin, render, TemplateError, Templates};
pub use tree::{Entry, LogCommit, Prereleases, Release, ReleaseTag, Rules, TreeOptions};

use crate::version::TagRules;

/// commitizen's threshold for matching the changelog's latest version to a
/// tag name (`Changelog._find_incremental_rev`).
const SIMILARITY_THRESHOLD: f64 = 0.89;

/// Why a changelog cannot be made. `crate::error` gives each case its exit
/// code.
#[derive(Debug, thiserror::Error)]
pub enum ChangelogError {
    /// The changelog names a version that no tag matches.
    #[error("[NO_REVISION] No tag found to do an incremental changelog: {} names {version}, and no tag matches it", .file.display())]
    NoRevision {
        /// The changelog file.
        file: PathBuf,
        /// The version (as written in the file).
        version: String,
    },

    /// A changelog template does not parse or fails to render.
    #[error(transparent)]
    Template(#[from] TemplateError),
}

/// Everything the changelog of one project is made with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The changelog file, as configured (for messages).
    pub file: PathBuf,
    /// Its markup.
    pub format: Format,
    /// Which commits count and how they become entries.
    pub rules: Rules,
    /// Tag names ↔ versions.
    pub tag_rules: TagRules,
    /// What happens to pre-releases.
    pub prereleases: Prereleases,
    /// The template's name: a user file in `templates`, else a built-in.
    pub template: String,
    /// User template sources.
    pub templates: Templates,
    /// Extra template variables (configuration `extras`, then `--extra`).
    pub extras: Map<String, Value>,
    /// The hand-written heading of the "Recent Changes" mode.
    pub unreleased_heading: Option<String>,
    /// In that mode, whether generated entries are added under it.
    pub generate: bool,
}

/// The version tags of a repository, newest first, as the changelog uses
/// them; the names of the tags that are not versions come second (commitizen
/// warns about each).
pub fn release_tags<'a>(
    tags: impl IntoIterator<Item = (&'a str, &'a str, String)>,
    rules: &TagRules,
) -> (Vec<ReleaseTag>, Vec<String>) {
    let mut out = Vec::new();
    let mut others = Vec::new();
    for (name, sha, date) in tags {
        if rules.is_ignored(name) {
            continue;
        }
        match rules.version_of(name) {
            Ok(version) if rules.is_version_tag(name) => out.push(ReleaseTag {
                name: name.to_string(),
                sha: sha.to_string(),
                date,
                prerelease: version.is_prerelease(),
            }),
            _ => others.push(name.to_string()),
        }
    }
    (out, others)
}

/// commitizen's `strip_local_version`: drops `+local` from a version text.
fn strip_local(text: &str) -> &str {
    match text.find('+') {
        Some(i) if i + 1 < text.len() => &text[..i],
        _ => text,
    }
}

/// The tag an incremental changelog starts after: the tag most similar to
/// the latest version named in the file (commitizen's fuzzy match), `None`
/// when the file names no version.
pub fn incremental_start(
    meta: &Metadata,
    tags: &[ReleaseTag],
    settings: &Settings,
) -> Result<Option<String>, ChangelogError> {
    let Some(latest) = &meta.latest_version else {
        return Ok(None);
    };
    let wanted = strip_local(&latest.tag);
    let mut best: Option<(f64, &str)> = None;
    for tag in tags {
        let score = similarity::ratio(wanted, strip_local(&tag.name));
        if score >= SIMILARITY_THRESHOLD && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, &tag.name));
        }
    }
    match best {
        Some((_, name)) => Ok(Some(name.to_string())),
        None => Err(ChangelogError::NoRevision {
            file: settings.file.clone(),
            version: latest.tag.clone(),
        }),
    }
}

/// What one changelog run generates.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Tree options: the unreleased version and today, the pre-release fold.
    pub tree: TreeOptions,
    /// The `incremental` template variable.
    pub incremental: bool,
    /// Only the changes not released yet.
    pub only_unreleased: bool,
}

/// The releases for `commits`, filtered as the request and mode say.
pub fn releases(
    commits: &[LogCommit],
    tags: &[ReleaseTag],
    settings: &Settings,
    request: &Request,
) -> Vec<Release> {
    let mut options = request.tree.clone();
    options.prereleases = settings.prereleases;
    let mut tree = tree::build(commits, tags, &settings.rules, &options);
    let merging = options.merging_release && options.prereleases != Prereleases::Keep;
    let first_untagged = merging
        || commits
            .first()
            .is_none_or(|c| !tags.iter().any(|t| t.sha == c.commit.sha));
    if request.only_unreleased {
        tree.truncate(usize::from(first_untagged));
    } else if settings.unreleased_heading.is_some()
        && options.unreleased_version.is_none()
        && first_untagged
    {
        // The hand-written heading holds the unreleased notes.
        tree.remove(0);
    }
    tree
}

/// Renders releases with the project's template.
pub fn render_releases(
    tree: &[Release],
    settings: &Settings,
    incremental: bool,
) -> Result<String, ChangelogError> {
    render::render(
        tree,
        &settings.template,
        &settings.templates,
        incremental,
        &settings.extras,
    )
    .map_err(ChangelogError::Template)
}

/// The range a release's changelog reads, decided from the file before the
/// history is read.
#[derive(Debug, Clone, Default)]
pub struct Range {
    /// The tag the commits start after (`None`: the whole history).
    pub start: Option<String>,
    /// Where the new text goes in the file.
    pub meta: Metadata,
    /// The final release folds the pre-release sections.
    pub merging: bool,
}

/// commitizen's range for `cz bump --changelog`: incremental, and for a
/// final release with pre-releases merged, from the latest final release in
/// the file, replacing the pre-release sections above it.
pub fn release_range(
    before: Option<&str>,
    tags: &[ReleaseTag],
    settings: &Settings,
    prerelease: bool,
) -> Result<Range, ChangelogError> {
    let Some(text) = before else {
        return Ok(Range {
            merging: !prerelease && settings.prereleases != Prereleases::Keep,
            ..Range::default()
        });
    };
    let mut meta = format::metadata(text, settings.format, &settings.tag_rules);
    let mut start = incremental_start(&meta, tags, settings)?;
    let merging = !prerelease && settings.prereleases != Prereleases::Keep;
    if merging {
        let latest = format::latest_final(text, settings.format, &settings.tag_rules);
        if let Some(index) = latest.index {
            let before_final = meta.latest_version_position.is_some_and(|p| p < index);
            if latest.name.is_none() || before_final {
                if meta.unreleased_start.is_none() {
                    meta.unreleased_start = meta.latest_version_position;
                }
                meta.latest_version_position = Some(index);
                meta.unreleased_end = index.checked_sub(1);
                start = latest.name.clone();
                if latest.name.is_none() {
                    meta.latest_version_position = None;
                    meta.unreleased_end = Some(index + 1);
                }
            }
        }
    }
    Ok(Range {
        start,
        meta,
        merging,
    })
}

/// The changelog file as a release leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogUpdate {
    /// The file.
    pub path: PathBuf,
    /// Its text before (`None`: it does not exist yet).
    pub before: Option<String>,
    /// Its new text.
    pub after: String,
    /// The release's notes as they stand in the new text (what `--notes`
    /// will print for it).
    pub section: String,
    /// The text the template produced for the release (what a dry run
    /// prints).
    pub generated: String,
}

/// A release being made.
#[derive(Debug, Clone)]
pub struct ReleaseInput<'a> {
    /// The changelog file's text, if it exists.
    pub before: Option<&'a str>,
    /// The commits since `range.start`, newest first (`git log --topo-order`).
    pub commits: &'a [LogCommit],
    /// Every version tag, newest first.
    pub tags: &'a [ReleaseTag],
    /// What [`release_range`] decided.
    pub range: &'a Range,
    /// The tag the release will get: its heading.
    pub next_tag: &'a str,
    /// Today, `YYYY-MM-DD`.
    pub today: &'a str,
    /// The release is a pre-release.
    pub prerelease: bool,
}

/// The new changelog text for a release (what `bump --changelog` writes).
pub fn for_release(
    settings: &Settings,
    input: &ReleaseInput<'_>,
) -> Result<ChangelogUpdate, ChangelogError> {
    let before = input.before.map(str::to_string);
    let update = |after: String, generated: String| {
        let section = notes::section(&after, settings.format, &settings.tag_rules, input.next_tag)
            .unwrap_or_default();
        ChangelogUpdate {
            path: settings.file.clone(),
            before: before.clone(),
            after,
            section,
            generated,
        }
    };
    if input.prerelease && settings.prereleases == Prereleases::Skip {
        return Ok(update(
            input.before.unwrap_or_default().to_string(),
            String::new(),
        ));
    }
    let request = Request {
        tree: TreeOptions {
            unreleased_version: Some(input.next_tag.to_string()),
            today: input.today.to_string(),
            prereleases: settings.prereleases,
            merging_release: input.range.merging,
        },
        incremental: true,
        only_unreleased: false,
    };
    let tree = releases(input.commits, input.tags, settings, &request);
    if let (Some(text), Some(heading)) = (input.before, &settings.unreleased_heading) {
        if let Some(first) = tree.first() {
            let bare = Release {
                changes: Vec::new(),
                ..first.clone()
            };
            let head = render_releases(std::slice::from_ref(&bare), settings, true)?;
            let full = render_releases(std::slice::from_ref(first), settings, true)?;
            if let Some(title) = merge::release_title(&head, settings.format) {
                let generated = settings.generate.then(|| {
                    full.strip_prefix(head.as_str())
                        .unwrap_or(&full)
                        .to_string()
                });
                if let Some(after) = merge::recent_changes(
                    text,
                    settings.format,
                    heading,
                    &title,
                    generated.as_deref(),
                ) {
                    return Ok(update(after, full));
                }
            }
        }
    }
    let rendered = render_releases(&tree, settings, true)?;
    let after = match input.before {
        Some(text) => merge::incremental(&rendered, text, &input.range.meta),
        None => rendered.clone(),
    };
    Ok(update(after, rendered))
}

#[cfg(test)]
mod tests;

//! The release-notes model: commits and tags → releases → sections →
//! entries, by commitizen 4.19.3's rules (`generate_tree_from_commits`,
//! `process_commit_message`, `generate_ordered_changelog_tree`).
//!
//! A commit counts when `changelog_pattern` matches the start of its message.
//! `commit_parser` then reads the title, and every body paragraph that is
//! itself a conventional message (a `fix:` paragraph, a `BREAKING CHANGE:`
//! paragraph with its continuation lines) adds one more entry.

use std::sync::Arc;

use regex::Regex;

use crate::commits::Commit;
use crate::pyre::{self, PatternError};
use crate::pystr;

/// commitizen's `ConventionalCommitsCz.commit_parser`.
pub const COMMIT_PARSER: &str = r"^((?P<change_type>feat|fix|refactor|perf|BREAKING CHANGE)(?:\((?P<scope>[^()\r\n]*)\)|\()?(?P<breaking>!)?|\w+!):\s(?P<message>.*)?";

/// commitizen's `changelog_pattern` for conventional commits (its bump
/// pattern).
pub const CHANGELOG_PATTERN: &str = crate::commits::BUMP_PATTERN;

/// commitizen's `change_type_map` for conventional commits.
pub const CHANGE_TYPE_MAP: [(&str, &str); 4] = [
    ("feat", "Feat"),
    ("fix", "Fix"),
    ("refactor", "Refactor"),
    ("perf", "Perf"),
];

/// commitizen's `CHANGE_TYPE_ORDER`.
pub const CHANGE_TYPE_ORDER: [&str; 5] = ["BREAKING CHANGE", "Feat", "Fix", "Refactor", "Perf"];

/// One commit as the changelog reads it.
#[derive(Debug, Clone)]
pub struct LogCommit {
    /// Title and body, read as commitizen reads them.
    pub commit: Commit,
    /// Parent ids.
    pub parents: Vec<String>,
    /// `%an`.
    pub author: String,
    /// `%ae`.
    pub author_email: String,
}

/// A version tag as the changelog uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseTag {
    /// The tag name, the release's heading.
    pub name: String,
    /// The commit it names.
    pub sha: String,
    /// `YYYY-MM-DD`: tagger date of an annotated tag, else the commit date.
    pub date: String,
    /// True when the version is a pre-release.
    pub prerelease: bool,
}

/// What happens to pre-releases in the changelog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Prereleases {
    /// Every pre-release gets its own section (commitizen's default).
    #[default]
    Keep,
    /// Pre-release sections are folded into the final release's section
    /// when it is made (commitizen's `changelog_merge_prerelease`).
    Merge,
    /// Pre-releases never get a section; the final release covers them.
    Skip,
}

impl Prereleases {
    /// The policy called `name`.
    pub fn from_name(name: &str) -> Option<Prereleases> {
        Some(match name {
            "keep" => Prereleases::Keep,
            "merge" => Prereleases::Merge,
            "skip" => Prereleases::Skip,
            _ => return None,
        })
    }
}

/// How commits become entries.
#[derive(Debug, Clone)]
pub struct Rules {
    pattern: Regex,
    title_parser: Regex,
    block_parser: Regex,
    group_names: Vec<Arc<str>>,
    /// Change type → section title.
    pub change_type_map: Vec<(String, String)>,
    /// Section order; others follow alphabetically.
    pub change_type_order: Vec<String>,
    /// One entry for a merge commit and the commit it brings.
    pub merge_duplicates: bool,
    /// Every conventional line of a squashed commit is an entry.
    pub split_squash: bool,
}

impl Rules {
    /// Compiles the rules. `commit_parser` is used as Python's
    /// `re.MULTILINE` (title) and `re.MULTILINE | re.DOTALL` (body paragraphs).
    pub fn new(
        changelog_pattern: &str,
        commit_parser: &str,
        change_type_map: Vec<(String, String)>,
        change_type_order: Vec<String>,
    ) -> Result<Rules, PatternError> {
        let title_parser = pyre::at_start_with(commit_parser, "(?m)")?;
        let group_names = title_parser
            .capture_names()
            .flatten()
            .map(Arc::from)
            .collect();
        Ok(Rules {
            pattern: pyre::at_start(changelog_pattern)?,
            title_parser,
            block_parser: pyre::at_start_with(commit_parser, "(?ms)")?,
            group_names,
            change_type_map,
            change_type_order,
            merge_duplicates: false,
            split_squash: false,
        })
    }

    /// commitizen's rules for `cz_conventional_commits`.
    pub fn conventional() -> Rules {
        Rules::new(
            CHANGELOG_PATTERN,
            COMMIT_PARSER,
            CHANGE_TYPE_MAP
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            CHANGE_TYPE_ORDER.iter().map(|s| s.to_string()).collect(),
        )
        .expect("the built-in changelog rules compile")
    }

    /// The entry a parsed message gives, with its section key.
    fn entry(
        &self,
        caps: &regex::Captures<'_>,
        commit: &Arc<CommitInfo>,
    ) -> (Option<String>, Entry) {
        let mut change_type = None;
        let mut groups = Vec::with_capacity(self.group_names.len());
        for name in &self.group_names {
            let value = caps.name(name).map(|m| m.as_str().to_string());
            if &**name == "change_type" {
                change_type = value;
            } else {
                groups.push((name.clone(), value));
            }
        }
        let change_type = change_type.map(|t| {
            self.change_type_map
                .iter()
                .find(|(k, _)| *k == t)
                .map_or(t.clone(), |(_, v)| v.clone())
        });
        let entry = Entry {
            commit: commit.clone(),
            groups: groups.into(),
        };
        (change_type, entry)
    }

    /// The entries one commit gives, in order.
    fn entries_of(&self, c: &LogCommit) -> Vec<(Option<String>, Entry)> {
        let message = c.commit.message();
        if !self.pattern.is_match(&message) {
            return Vec::new();
        }
        let commit = Arc::new(CommitInfo {
            sha1: c.commit.sha.clone(),
            parents: c.parents.clone(),
            author: c.author.clone(),
            author_email: c.author_email.clone(),
        });
        let mut out = Vec::new();
        if let Some(caps) = self.title_parser.captures(&message) {
            out.push(self.entry(&caps, &commit));
        }
        if self.split_squash {
            for line in c.commit.body.split('\n') {
                let line = pystr::strip(line);
                let line = line
                    .strip_prefix("* ")
                    .or_else(|| line.strip_prefix("- "))
                    .unwrap_or(line);
                if let Some(caps) = self.title_parser.captures(line) {
                    out.push(self.entry(&caps, &commit));
                }
            }
            return out;
        }
        for block in c.commit.body.split("\n\n") {
            if let Some(caps) = self.block_parser.captures(block) {
                out.push(self.entry(&caps, &commit));
            }
        }
        out
    }
}

/// The commit an entry comes from, shared by its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full hex id.
    pub sha1: String,
    /// Parent ids.
    pub parents: Vec<String>,
    /// `%an`.
    pub author: String,
    /// `%ae`.
    pub author_email: String,
}

/// One changelog entry: the fields a template sees (`message`, `scope`,
/// `breaking` and any other named group of `commit_parser`, then `sha1`,
/// `parents`, `author`, `author_email`). Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The commit.
    pub commit: Arc<CommitInfo>,
    /// The parser's named groups but `change_type`, in order (`None` for a
    /// group that did not match).
    pub groups: Arc<[(Arc<str>, Option<String>)]>,
}

impl Entry {
    /// The commit fields' names, in commitizen's order.
    pub const COMMIT_FIELDS: [&'static str; 4] = ["sha1", "parents", "author", "author_email"];

    /// A text field, if present and not null (a group of the parser, which
    /// wins over a commit field of the same name, as in commitizen).
    pub fn text(&self, name: &str) -> Option<&str> {
        if let Some((_, value)) = self.groups.iter().find(|(n, _)| &**n == name) {
            return value.as_deref();
        }
        match name {
            "sha1" => Some(&self.commit.sha1),
            "author" => Some(&self.commit.author),
            "author_email" => Some(&self.commit.author_email),
            _ => None,
        }
    }
}

/// One release of the changelog.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// The heading: a tag name, the unreleased version, or `Unreleased`.
    pub version: String,
    /// `YYYY-MM-DD`, or empty for unreleased changes.
    pub date: String,
    /// Sections in order: change type (none for `type!:` without a known
    /// type) and its entries, newest first.
    pub changes: Vec<(Option<String>, Vec<Entry>)>,
}

impl Release {
    fn new(version: String, date: String) -> Release {
        Release {
            version,
            date,
            changes: Vec::new(),
        }
    }

    fn push(&mut self, key: Option<String>, entry: Entry) {
        match self.changes.iter_mut().find(|(k, _)| *k == key) {
            Some((_, entries)) => entries.push(entry),
            None => self.changes.push((key, vec![entry])),
        }
    }
}

/// What the tree is built for.
#[derive(Debug, Clone, Default)]
pub struct TreeOptions {
    /// Heading of the untagged commits: the version being released, or
    /// `None` for `Unreleased`.
    pub unreleased_version: Option<String>,
    /// Today, `YYYY-MM-DD`, for the version being released.
    pub today: String,
    /// Pre-release policy.
    pub prereleases: Prereleases,
    /// A final release is being made with pre-releases merged: the tag on
    /// the newest commit does not start a section (commitizen's
    /// `during_version_bump` with `merge_prereleases`).
    pub merging_release: bool,
}

/// Builds the releases from commits (newest first, `git log --topo-order`)
/// and version tags (newest first by date).
pub fn build(
    commits: &[LogCommit],
    tags: &[ReleaseTag],
    rules: &Rules,
    options: &TreeOptions,
) -> Vec<Release> {
    let boundary = |tag: &ReleaseTag| options.prereleases == Prereleases::Keep || !tag.prerelease;
    // The first tag of each commit (commitizen's `get_commit_tag`).
    let mut first_tag: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, t) in tags.iter().enumerate() {
        first_tag.entry(t.sha.as_str()).or_insert(i);
    }
    let tag_of = |sha: &str| first_tag.get(sha).copied();
    let mut used = vec![false; tags.len()];
    let mut current = match &options.unreleased_version {
        Some(v) => Release::new(v.clone(), options.today.clone()),
        None => Release::new("Unreleased".to_string(), String::new()),
    };
    let merging = options.merging_release && options.prereleases != Prereleases::Keep;
    if let (Some(first), false) = (commits.first(), merging) {
        if let Some(i) = tag_of(&first.commit.sha) {
            used[i] = true;
            current = Release::new(tags[i].name.clone(), tags[i].date.clone());
        }
    }
    let mut releases = Vec::new();
    for c in commits {
        if let Some(i) = tag_of(&c.commit.sha) {
            if !used[i] && boundary(&tags[i]) {
                used[i] = true;
                let next = Release::new(tags[i].name.clone(), tags[i].date.clone());
                releases.push(std::mem::replace(&mut current, next));
            }
        }
        for (key, entry) in rules.entries_of(c) {
            current.push(key, entry);
        }
    }
    releases.push(current);
    for release in &mut releases {
        if rules.merge_duplicates {
            merge_duplicates(release);
        }
        order(release, &rules.change_type_order);
    }
    releases
}

/// commitizen's `_calculate_sorted_changes`: the configured order, then the
/// other types alphabetically (entries without a type last).
fn order(release: &mut Release, order: &[String]) {
    let rank = |key: &Option<String>| match key {
        Some(k) => match order.iter().position(|o| o == k) {
            Some(p) => (0, p, k.clone()),
            None => (1, 0, k.clone()),
        },
        None => (2, 0, String::new()),
    };
    release.changes.sort_by_key(|(k, _)| rank(k));
}

/// The subject without a trailing ` (#123)`, and the number.
fn subject_key(message: &str) -> (String, Option<String>) {
    let trimmed = message.trim_end();
    if let Some(open) = trimmed.rfind(" (#") {
        let number = &trimmed[open + 3..];
        if let Some(digits) = number.strip_suffix(')') {
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return (trimmed[..open].to_string(), Some(digits.to_string()));
            }
        }
    }
    (trimmed.to_string(), None)
}

/// Keeps one entry per (scope, subject, pull request) in each section: the
/// one that names the pull request, else the newest.
fn merge_duplicates(release: &mut Release) {
    for (_, entries) in &mut release.changes {
        let mut kept: Vec<Entry> = Vec::new();
        for entry in entries.drain(..) {
            let (subject, pr) = subject_key(entry.text("message").unwrap_or_default());
            let scope = entry.text("scope").map(str::to_string);
            let same = kept.iter().position(|k| {
                let (s, p) = subject_key(k.text("message").unwrap_or_default());
                s == subject
                    && k.text("scope").map(str::to_string) == scope
                    && (p == pr || p.is_none() || pr.is_none())
            });
            match same {
                Some(i) => {
                    if pr.is_some()
                        && subject_key(kept[i].text("message").unwrap_or_default())
                            .1
                            .is_none()
                    {
                        kept[i] = entry;
                    }
                }
                None => kept.push(entry),
            }
        }
        *entries = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(sha: &str, subject: &str, body: &str) -> LogCommit {
        LogCommit {
            commit: Commit::from_log_fields(sha, &[], subject, "A", "a@x", body),
            parents: Vec::new(),
            author: "A".into(),
            author_email: "a@x".into(),
        }
    }

    fn messages(release: &Release) -> Vec<(Option<&str>, Vec<&str>)> {
        release
            .changes
            .iter()
            .map(|(k, es)| {
                (
                    k.as_deref(),
                    es.iter()
                        .map(|e| e.text("message").unwrap_or_default())
                        .collect(),
                )
            })
            .collect()
    }

    // Expected trees: commitizen 4.19.3's generate_tree_from_commits with
    // ConventionalCommitsCz's parser, pattern, map and order.
    #[test]
    fn body_paragraphs_add_entries() {
        let commits = [commit(
            "a",
            "feat(api): add x",
            "body para\n\nfix: inner fix\ncontinued line\n\nBREAKING CHANGE: drops y\nand z",
        )];
        let tree = build(
            &commits,
            &[],
            &Rules::conventional(),
            &TreeOptions::default(),
        );
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].version, "Unreleased");
        assert_eq!(
            messages(&tree[0]),
            vec![
                (Some("BREAKING CHANGE"), vec!["drops y\nand z"]),
                (Some("Feat"), vec!["add x"]),
                (Some("Fix"), vec!["inner fix\ncontinued line"]),
            ]
        );
    }

    #[test]
    fn tags_split_releases_and_prereleases_can_be_merged() {
        let commits = [
            commit("c", "fix: c", ""),
            commit("b", "feat: b", ""),
            commit("a", "perf: a", ""),
        ];
        let tags = [
            ReleaseTag {
                name: "1.0.0a1".into(),
                sha: "b".into(),
                date: "2024-01-02".into(),
                prerelease: true,
            },
            ReleaseTag {
                name: "0.9.0".into(),
                sha: "a".into(),
                date: "2024-01-01".into(),
                prerelease: false,
            },
        ];
        let rules = Rules::conventional();
        let tree = build(&commits, &tags, &rules, &TreeOptions::default());
        let names: Vec<&str> = tree.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(names, ["Unreleased", "1.0.0a1", "0.9.0"]);
        let options = TreeOptions {
            prereleases: Prereleases::Merge,
            ..TreeOptions::default()
        };
        let tree = build(&commits, &tags, &rules, &options);
        let names: Vec<&str> = tree.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(names, ["Unreleased", "0.9.0"]);
        assert_eq!(
            messages(&tree[0]),
            vec![(Some("Feat"), vec!["b"]), (Some("Fix"), vec!["c"])]
        );
    }

    #[test]
    fn duplicates_and_squashes() {
        let mut rules = Rules::conventional();
        rules.merge_duplicates = true;
        let commits = [
            commit("m", "feat: add x (#12)", ""),
            commit("f", "feat: add x", ""),
        ];
        let tree = build(&commits, &[], &rules, &TreeOptions::default());
        assert_eq!(
            messages(&tree[0]),
            vec![(Some("Feat"), vec!["add x (#12)"])]
        );
        let mut rules = Rules::conventional();
        rules.split_squash = true;
        let commits = [commit(
            "s",
            "feat: big (#3)",
            "* feat: part a\n\n* fix: part b\n\n* chore: c",
        )];
        let tree = build(&commits, &[], &rules, &TreeOptions::default());
        assert_eq!(
            messages(&tree[0]),
            vec![
                (Some("Feat"), vec!["big (#3)", "part a"]),
                (Some("Fix"), vec!["part b"])
            ]
        );
    }
}

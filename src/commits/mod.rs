//! Conventional Commits → increments. Pure: `git::history` supplies the
//! messages; this module never sees a repository.
//!
//! A commit reaches commitizen through `git log --format=%H%n%P%n%s%n%an%n%ae%n%b`
//! and Python's `str.splitlines()`; [`Commit::from_log_fields`] rebuilds the
//! same title and body, odd line breaks included (SPEC §3), so the bump rules
//! see exactly what commitizen sees.

pub mod lint;
mod rules;

use serde::Serialize;

pub use rules::{BumpRules, MapEntry, BUMP_MAP, BUMP_MAP_MAJOR_VERSION_ZERO, BUMP_PATTERN};

use crate::pystr;
use crate::version::Increment;

/// One commit as commitizen's `GitCommit` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Full hex id.
    pub sha: String,
    /// Number of parents (2 or more for a merge).
    pub parents: usize,
    /// The title, stripped.
    pub title: String,
    /// The body, stripped.
    pub body: String,
}

impl Commit {
    /// Rebuilds commitizen's `GitCommit.from_rev_and_commit` from git's
    /// `%H`, `%P`, `%s`, `%an`, `%ae` and `%b`: the fields are joined with
    /// newlines and split again with `str.splitlines()`, so a U+2028 or form
    /// feed in a subject shifts the fields as it does in commitizen.
    pub fn from_log_fields(
        sha: &str,
        parents: &[String],
        subject: &str,
        author: &str,
        email: &str,
        body: &str,
    ) -> Commit {
        let record = format!(
            "{sha}\n{}\n{subject}\n{author}\n{email}\n{body}",
            parents.join(" ")
        );
        let lines = pystr::splitlines(&record);
        let field = |i: usize| lines.get(i).copied().unwrap_or_default();
        let body = lines
            .get(5..)
            .map(|rest| rest.join("\n"))
            .unwrap_or_default();
        Commit {
            sha: pystr::strip(field(0)).to_string(),
            parents: field(1).split(' ').filter(|p| !p.is_empty()).count(),
            title: pystr::strip(field(2)).to_string(),
            body: pystr::strip(&body).to_string(),
        }
    }

    /// `GitCommit.message`: title, blank line, body, stripped.
    pub fn message(&self) -> String {
        pystr::strip(&format!("{}\n\n{}", self.title, self.body)).to_string()
    }

    /// The abbreviated id shown in plans.
    pub fn short_sha(&self) -> &str {
        &self.sha[..self.sha.len().min(7)]
    }
}

/// Why a commit does not move the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ignored {
    /// A merge commit whose message bumps nothing.
    MergeCommit,
    /// The title is not `type(scope): subject`.
    NotConventional,
    /// A conventional type the bump map gives no increment (`docs`, `chore`).
    NoBumpType,
}

impl Ignored {
    /// The reason as the plan prints it.
    pub fn describe(self) -> &'static str {
        match self {
            Ignored::MergeCommit => "merge commit",
            Ignored::NotConventional => "not a conventional commit",
            Ignored::NoBumpType => "type does not bump the version",
        }
    }
}

/// A commit with what relx made of it.
#[derive(Debug, Clone, Serialize)]
pub struct Classified {
    /// Full hex id.
    pub sha: String,
    /// `feat`, `fix`, … from the title; `None` when not conventional.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The scope in parentheses, if any.
    pub scope: Option<String>,
    /// `!` in the title or a `BREAKING CHANGE:` line.
    pub breaking: bool,
    /// The title's text after `: ` (the whole title when not conventional).
    pub subject: String,
    /// The increment this commit asks for.
    pub increment: Option<Increment>,
    /// Why it asks for none.
    pub ignored: Option<Ignored>,
}

/// The conventional header of a title: type, scope, `!`, subject.
fn header(title: &str) -> Option<(String, Option<String>, bool, String)> {
    let (head, subject) = title.split_once(": ")?;
    let (head, bang) = match head.strip_suffix('!') {
        Some(h) => (h, true),
        None => (head, false),
    };
    let (kind, scope) = match head.split_once('(') {
        Some((kind, rest)) => (kind, Some(rest.strip_suffix(')')?.to_string())),
        None => (head, None),
    };
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    Some((kind.to_string(), scope, bang, subject.to_string()))
}

/// Classifies one commit with `rules`.
pub fn classify(commit: &Commit, rules: &BumpRules) -> Classified {
    let message = commit.message();
    let increment = rules.message_increment(&message);
    let header = header(&commit.title);
    let breaking = header.as_ref().is_some_and(|h| h.2)
        || message
            .split('\n')
            .any(|l| l.starts_with("BREAKING CHANGE:") || l.starts_with("BREAKING-CHANGE:"));
    let ignored = match (increment, &header) {
        (Some(_), _) => None,
        (None, _) if commit.parents > 1 => Some(Ignored::MergeCommit),
        // A conventional title that a custom `bump_pattern` does not match
        // is still a type that does not bump (the changelog lists it under
        // its type).
        (None, Some(_)) => Some(Ignored::NoBumpType),
        (None, None) => Some(Ignored::NotConventional),
    };
    let (kind, scope, subject) = match header {
        Some((kind, scope, _, subject)) => (Some(kind), scope, subject),
        None => (None, None, commit.title.clone()),
    };
    Classified {
        sha: commit.sha.clone(),
        kind,
        scope,
        breaking,
        subject,
        increment,
        ignored,
    }
}

/// The highest increment over many commits (`get_highest_by_messages`).
pub fn highest(classified: &[Classified]) -> Option<Increment> {
    classified.iter().filter_map(|c| c.increment).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(subject: &str, body: &str) -> Commit {
        Commit::from_log_fields("abc", &[], subject, "A", "a@x", body)
    }

    #[test]
    fn odd_line_breaks_shift_fields_as_in_commitizen() {
        // commitizen 4.19.3: GitCommit.from_rev_and_commit of this record
        // gives title 'docs: a', author 'feat: b' and body 'a@x'.
        let c = commit("docs: a\u{2028}feat: b", "");
        assert_eq!(c.title, "docs: a");
        assert_eq!(c.body, "a@x");
    }

    #[test]
    fn classification_names_the_reason() {
        let rules = BumpRules::conventional(false);
        let merge = Commit {
            parents: 2,
            ..commit("Merge branch 'x'", "")
        };
        assert_eq!(classify(&merge, &rules).ignored, Some(Ignored::MergeCommit));
        assert_eq!(
            classify(&commit("update stuff", ""), &rules).ignored,
            Some(Ignored::NotConventional)
        );
        assert_eq!(
            classify(&commit("docs: readme", ""), &rules).ignored,
            Some(Ignored::NoBumpType)
        );
        let feat = classify(&commit("feat(api)!: drop v1", ""), &rules);
        assert_eq!(feat.kind.as_deref(), Some("feat"));
        assert_eq!(feat.scope.as_deref(), Some("api"));
        assert!(feat.breaking);
        assert_eq!(feat.increment, Some(Increment::Major));
        assert_eq!(feat.ignored, None);
    }
}

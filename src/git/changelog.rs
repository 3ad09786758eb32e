//! What the changelog and `check --rev-range` read from the repository:
//! a range of commits in `git log --topo-order` order (commitizen reads its
//! changelog history that way), and the tags with their dates as
//! `git tag --format=%(creatordate:format:%Y-%m-%d)` prints them.

use git2::Oid;

use super::{LoggedCommit, OidMap, RawCommit, Repo, TagRef};
use crate::error::Error;

/// A tag with the date its changelog heading shows.
#[derive(Debug, Clone)]
pub struct DatedTag {
    /// The tag.
    pub tag: TagRef,
    /// `YYYY-MM-DD` in the tag's own time zone: the tagger date of an
    /// annotated tag, else the commit date.
    pub date: String,
}

/// `YYYY-MM-DD` of a git time in its own UTC offset (git's `format:`
/// dates keep the recorded offset).
pub fn day_of(seconds: i64, offset_minutes: i32) -> String {
    let offset = jiff::tz::Offset::from_seconds(offset_minutes.saturating_mul(60))
        .unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(seconds)
        .map(|t| offset.to_datetime(t).strftime("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| "1970-01-01".to_string())
}

impl Repo {
    /// Every tag that names a commit, newest first (`--sort=-creatordate`),
    /// with its date.
    pub fn dated_tags(&self) -> Result<Vec<DatedTag>, Error> {
        Ok(self
            .tags()?
            .into_iter()
            .map(|tag| DatedTag {
                date: day_of(tag.date, tag.offset_minutes),
                tag,
            })
            .collect())
    }

    /// The commit a revision (a tag, a branch, `HEAD~2`, an id) names.
    pub fn resolve(&self, rev: &str) -> Result<Oid, Error> {
        let object = self.git2().revparse_single(rev).map_err(|_| {
            Error::git(
                format!("unknown revision '{rev}'"),
                "name a tag, a branch or a commit that exists in this repository",
            )
        })?;
        object
            .peel_to_commit()
            .map(|c| c.id())
            .map_err(|_| Error::git(format!("'{rev}' does not name a commit"), "name a commit"))
    }

    /// The commits reachable from `end` (HEAD when `None`) and not from
    /// `start`, in `git log --topo-order` order: a commit comes before its
    /// parents, and a merge's second-parent line comes before its first.
    pub fn topo_history(
        &self,
        start: Option<&str>,
        end: Option<&str>,
    ) -> Result<Vec<LoggedCommit>, Error> {
        let tip = match end {
            Some(rev) => self.resolve(rev)?,
            None => self.git2().refname_to_id("HEAD").map_err(|_| {
                Error::git(
                    "the repository has no commits yet",
                    "commit something first",
                )
            })?,
        };
        let hidden = start.map(|rev| self.resolve(rev)).transpose()?;
        let range = self.range(tip, hidden, || "the changelog's history".to_string())?;
        Ok(topo_order(tip, range))
    }
}

/// A commit of the range: its fields and its parents' ids.
struct Node {
    raw: RawCommit,
    parents: Vec<Oid>,
}

/// git's `sort_in_topological_order` for one tip in graph order: a stack,
/// where a parent is pushed once all its children in the range are out.
fn topo_order(tip: Oid, range: OidMap<RawCommit>) -> Vec<LoggedCommit> {
    let mut range: OidMap<Node> = range
        .into_iter()
        .map(|(oid, raw)| {
            let parents = raw
                .parents
                .iter()
                .filter_map(|p| Oid::from_str(p).ok())
                .collect();
            (oid, Node { raw, parents })
        })
        .collect();
    let mut indegree: OidMap<usize> = range.keys().map(|k| (*k, 1)).collect();
    for node in range.values() {
        for parent in &node.parents {
            if let Some(count) = indegree.get_mut(parent) {
                *count += 1;
            }
        }
    }
    let mut ordered = Vec::with_capacity(range.len());
    let mut stack = Vec::new();
    if range.contains_key(&tip) {
        stack.push(tip);
    }
    while let Some(oid) = stack.pop() {
        let Some(node) = range.remove(&oid) else {
            continue;
        };
        for parent in &node.parents {
            if let Some(count) = indegree.get_mut(parent) {
                if *count == 0 {
                    continue;
                }
                *count -= 1;
                if *count == 1 && range.contains_key(parent) {
                    stack.push(*parent);
                }
            }
        }
        indegree.insert(oid, 0);
        ordered.push(LoggedCommit {
            sha: oid.to_string(),
            raw: node.raw,
        });
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_keep_the_recorded_offset() {
        // 2023-11-14T22:13:20Z is already the 15th at +02:00.
        assert_eq!(day_of(1_700_000_000, 0), "2023-11-14");
        assert_eq!(day_of(1_700_000_000, 120), "2023-11-15");
        assert_eq!(day_of(1_700_000_000, -600), "2023-11-14");
    }
}

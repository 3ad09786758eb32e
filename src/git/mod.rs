//! The repository, through git2: HEAD, tags, which tags HEAD reaches
//! (`reach`), and the history since a tag.
//!
//! The history walk reads raw commit objects from the object database
//! instead of building a `git2::Commit` for each one: relx only needs the
//! parents, author and message, and the raw read is the cheaper path
//! (measured: 1.36× `git log` against 1.74× with `find_commit`).
//!
//! git2's errors become relx's `Error::Git` here (`error`), not in
//! `crate::error`.

mod changelog;
mod error;
pub mod journaled;
mod message;
mod reach;
pub mod write;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

pub use changelog::{day_of, DatedTag};
pub use message::{parse_commit, subject_and_body, RawCommit};
pub use reach::Reach;

use crate::error::Error;

/// An open repository.
pub struct Repo {
    inner: Repository,
}

/// Where HEAD points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// On a branch, with a commit.
    Branch(String),
    /// A commit, not a branch.
    Detached(String),
    /// On a branch that has no commit yet (an empty repository).
    Unborn(String),
}

/// A tag and what it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRef {
    /// The tag name, without `refs/tags/`.
    pub name: String,
    /// The commit it names, hex.
    pub commit: String,
    /// git's `creatordate`: the tagger date of an annotated tag, else the
    /// commit date (seconds since the epoch).
    pub date: i64,
    /// UTC offset of that date, in minutes.
    pub offset_minutes: i32,
}

/// One commit of the history walk, with its id.
#[derive(Debug, Clone)]
pub struct LoggedCommit {
    /// Full hex id.
    pub sha: String,
    /// The fields `git log` would print.
    pub raw: RawCommit,
}

impl Repo {
    /// Opens the repository containing `dir`, as `git` finds it.
    pub fn discover(dir: &Path) -> Result<Repo, Error> {
        // relx reads each object once: libgit2's re-hash of every object read
        // and its object cache cost more than a third of a history walk (and
        // its memory), and git log does neither. Process-wide settings, set
        // before the first object is read.
        git2::opts::strict_hash_verification(false);
        git2::opts::enable_caching(false);
        let inner =
            Repository::discover(dir).map_err(|_| Error::NotARepository(dir.to_path_buf()))?;
        if inner.is_bare() {
            return Err(Error::NotARepository(dir.to_path_buf()));
        }
        Ok(Repo { inner })
    }

    /// The top of the work tree.
    pub fn workdir(&self) -> PathBuf {
        self.inner
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.inner.path().to_path_buf())
    }

    /// The URL of the remote `name` (`origin`), when it has one.
    pub fn remote_url(&self, name: &str) -> Option<String> {
        self.inner
            .find_remote(name)
            .ok()
            .and_then(|remote| remote.url().ok().map(str::to_string))
    }

    /// The hooks directory git uses: `core.hooksPath`, else `.git/hooks` (of
    /// the main repository for a linked work tree).
    pub fn hooks_dir(&self) -> PathBuf {
        let configured = self
            .inner
            .config()
            .ok()
            .and_then(|c| c.get_path("core.hooksPath").ok());
        match configured {
            Some(path) if path.is_absolute() => path,
            Some(path) => self.workdir().join(path),
            None => self.inner.commondir().join("hooks"),
        }
    }

    /// Whether a local branch of this name exists.
    pub fn has_local_branch(&self, name: &str) -> bool {
        self.inner
            .find_branch(name, git2::BranchType::Local)
            .is_ok()
    }

    /// The underlying git2 repository, for the shell modules that write.
    pub fn git2(&self) -> &Repository {
        &self.inner
    }

    /// Where HEAD points.
    pub fn head(&self) -> Result<Head, Error> {
        let head_ref = self.inner.find_reference("HEAD")?;
        if let Ok(Some(target)) = head_ref.symbolic_target() {
            let branch = target
                .strip_prefix("refs/heads/")
                .unwrap_or(target)
                .to_string();
            return Ok(match self.inner.refname_to_id(target) {
                Ok(_) => Head::Branch(branch),
                Err(_) => Head::Unborn(branch),
            });
        }
        let oid = head_ref
            .target()
            .ok_or_else(|| Error::git("HEAD points nowhere", "check out a branch"))?;
        Ok(Head::Detached(oid.to_string()))
    }

    /// The commit HEAD names.
    pub fn head_commit(&self) -> Result<String, Error> {
        let oid = self.inner.refname_to_id("HEAD").map_err(|_| {
            Error::git(
                "the repository has no commits yet",
                "commit something first",
            )
        })?;
        Ok(oid.to_string())
    }

    /// True in a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.inner.is_shallow()
    }

    /// The commits whose parents a shallow clone lacks (`.git/shallow`).
    fn shallow_roots(&self) -> HashSet<Oid> {
        std::fs::read_to_string(self.inner.path().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| Oid::from_str(l.trim()).ok())
            .collect()
    }

    /// The tag called `name`, if it exists and names a commit.
    pub fn find_tag(&self, name: &str) -> Result<Option<TagRef>, Error> {
        let reference = match self.inner.find_reference(&format!("refs/tags/{name}")) {
            Ok(r) => r,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) if e.code() == git2::ErrorCode::InvalidSpec => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let Some(target) = reference.target() else {
            return Ok(None);
        };
        self.describe_tag(name, target).map(Some)
    }

    fn describe_tag(&self, name: &str, target: Oid) -> Result<TagRef, Error> {
        let missing = || {
            Error::git(
                format!("tag {name}: its commit is not in this clone"),
                "fetch the full history: git fetch --unshallow --tags",
            )
        };
        let odb = self.inner.odb()?;
        let mut oid = target;
        let mut date = None;
        loop {
            let object = odb.read(oid).map_err(|_| missing())?;
            match object.kind() {
                ObjectType::Tag => {
                    let data = object.data();
                    let text = String::from_utf8_lossy(data);
                    let mut next = None;
                    for line in text.lines() {
                        if line.is_empty() {
                            break;
                        }
                        if let Some(o) = line.strip_prefix("object ") {
                            next = Oid::from_str(o.trim()).ok();
                        } else if let Some(t) = line.strip_prefix("tagger ") {
                            if date.is_none() {
                                let raw = parse_commit(format!("committer {t}\n\n").as_bytes());
                                date = Some((raw.commit_time, raw.commit_offset_minutes));
                            }
                        }
                    }
                    oid = next.ok_or_else(missing)?;
                }
                ObjectType::Commit => {
                    let raw = parse_commit(object.data());
                    let (date, offset_minutes) =
                        date.unwrap_or((raw.commit_time, raw.commit_offset_minutes));
                    return Ok(TagRef {
                        name: name.to_string(),
                        commit: oid.to_string(),
                        date,
                        offset_minutes,
                    });
                }
                _ => {
                    return Err(Error::git(
                        format!("tag {name} does not name a commit"),
                        "delete or move the tag",
                    ))
                }
            }
        }
    }

    /// Every tag that names a commit, newest first by `creatordate` (as
    /// `git tag --sort=-creatordate`).
    pub fn tags(&self) -> Result<Vec<TagRef>, Error> {
        let mut tags = Vec::new();
        for reference in self.inner.references_glob("refs/tags/*")? {
            let reference = reference?;
            let (Ok(name), Some(target)) = (reference.name(), reference.target()) else {
                continue;
            };
            let name = name.trim_start_matches("refs/tags/").to_string();
            if let Ok(tag) = self.describe_tag(&name, target) {
                tags.push(tag);
            }
        }
        tags.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.name.cmp(&b.name)));
        Ok(tags)
    }

    /// The commits reachable from HEAD but not from `since` (`git log
    /// since..HEAD`), in `git log`'s order. Refuses a shallow boundary inside
    /// the range: that history would be silently short.
    pub fn history(&self, since: Option<&TagRef>) -> Result<Vec<LoggedCommit>, Error> {
        let head = self.inner.refname_to_id("HEAD")?;
        let hidden = since.map(|t| Oid::from_str(&t.commit)).transpose()?;
        let range = self.range(head, hidden, || {
            since.map_or("the whole history".to_string(), |t| {
                format!("the history since {}", t.name)
            })
        })?;
        Ok(log_order(head, range))
    }

    /// The commits reachable from `tip` and not from `hidden`, each read
    /// once. Refuses a shallow boundary inside the range (`what` names the
    /// range in the error): that history would be silently short.
    pub(crate) fn range(
        &self,
        tip: Oid,
        hidden: Option<Oid>,
        what: impl Fn() -> String,
    ) -> Result<OidMap<RawCommit>, Error> {
        let shallow = if self.is_shallow() {
            self.shallow_roots()
        } else {
            HashSet::new()
        };
        let range = range_walk(&self.inner.odb()?, tip, hidden, &shallow)?;
        if let Some(cut) = range.keys().find(|oid| shallow.contains(oid)) {
            return Err(Error::git(
                format!("this is a shallow clone and {} is cut off at commit {cut}", what()),
                "fetch the full history: git fetch --unshallow --tags (actions/checkout: fetch-depth: 0)",
            ));
        }
        Ok(range)
    }
}

/// Object ids are hashes already: their first eight bytes make a good
/// hash-map key without running SipHash over all twenty.
#[derive(Default, Clone, Copy)]
pub(crate) struct OidHasher(u64);

impl std::hash::Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8).take(1) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
        }
    }
}

pub(crate) type OidBuild = std::hash::BuildHasherDefault<OidHasher>;
pub(crate) type OidMap<V> = HashMap<Oid, V, OidBuild>;
type OidSet = HashSet<Oid, OidBuild>;

/// How many more commits the walk takes after only uninteresting ones are
/// queued, against commit dates that lie (git's `SLOP`).
const SLOP: usize = 5;

/// The commits reachable from `head` but not from `hidden` (`git rev-list
/// hidden..head`), each read once from the object database: git's
/// `limit_list`, a newest-first walk from both ends that marks everything
/// reachable from `hidden` uninteresting and stops when only uninteresting
/// commits are left to look at. (libgit2's revwalk does the same walk, but
/// its commits would have to be read a second time for their messages.)
fn range_walk(
    odb: &git2::Odb<'_>,
    head: Oid,
    hidden: Option<Oid>,
    shallow: &HashSet<Oid>,
) -> Result<OidMap<RawCommit>, Error> {
    let mut read: OidMap<RawCommit> = OidMap::default();
    let mut uninteresting = OidSet::default();
    let mut queued = OidSet::default();
    let mut queue = BinaryHeap::new();
    let mut seq = 0u64;
    let load = |oid: Oid, read: &mut OidMap<RawCommit>| -> Result<i64, Error> {
        if let Some(raw) = read.get(&oid) {
            return Ok(raw.commit_time);
        }
        let raw = parse_commit(odb.read(oid)?.data());
        let time = raw.commit_time;
        read.insert(oid, raw);
        Ok(time)
    };
    for (oid, hide) in std::iter::once((head, false)).chain(hidden.map(|h| (h, true))) {
        let time = load(oid, &mut read)?;
        if hide {
            uninteresting.insert(oid);
        }
        if queued.insert(oid) {
            seq += 1;
            queue.push((time, Reverse(seq), oid));
        }
    }
    let mut interesting = Vec::new();
    let mut slop = SLOP;
    while let Some((_, _, oid)) = queue.pop() {
        // A shallow clone's boundary commits name parents it does not have.
        let parents: Vec<Oid> = read
            .get(&oid)
            .filter(|_| !shallow.contains(&oid))
            .map(|raw| {
                raw.parents
                    .iter()
                    .filter_map(|p| Oid::from_str(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        let hide = uninteresting.contains(&oid);
        if hide {
            mark_uninteresting(&parents, &read, &mut uninteresting);
        } else {
            interesting.push(oid);
        }
        for parent in parents {
            let time = load(parent, &mut read)?;
            if hide {
                uninteresting.insert(parent);
            }
            if queued.insert(parent) {
                seq += 1;
                queue.push((time, Reverse(seq), parent));
            }
        }
        if queue.iter().all(|(_, _, o)| uninteresting.contains(o)) {
            if slop == 0 {
                break;
            }
            slop -= 1;
        } else {
            slop = SLOP;
        }
    }
    let keep: OidSet = interesting
        .into_iter()
        .filter(|oid| !uninteresting.contains(oid))
        .collect();
    read.retain(|oid, _| keep.contains(oid));
    Ok(read)
}

/// Marks `parents` and everything already read below them uninteresting.
fn mark_uninteresting(parents: &[Oid], read: &OidMap<RawCommit>, uninteresting: &mut OidSet) {
    let mut stack: Vec<Oid> = parents.to_vec();
    while let Some(oid) = stack.pop() {
        if !uninteresting.insert(oid) {
            continue;
        }
        if let Some(raw) = read.get(&oid) {
            stack.extend(raw.parents.iter().filter_map(|p| Oid::from_str(p).ok()));
        }
    }
}

/// Orders a range as `git log` prints it: a walk from HEAD that always takes
/// the newest commit date next, ties going to the commit queued first.
fn log_order(head: Oid, mut range: OidMap<RawCommit>) -> Vec<LoggedCommit> {
    let mut ordered = Vec::with_capacity(range.len());
    let mut queue = BinaryHeap::new();
    let mut queued = OidSet::default();
    let mut counter = 0u64;
    if let Some(raw) = range.get(&head) {
        queue.push((raw.commit_time, Reverse(counter), head));
        queued.insert(head);
    }
    while let Some((_, _, oid)) = queue.pop() {
        let Some(raw) = range.remove(&oid) else {
            continue;
        };
        for parent in &raw.parents {
            let Ok(parent) = Oid::from_str(parent) else {
                continue;
            };
            if let Some(p) = range.get(&parent) {
                if queued.insert(parent) {
                    counter += 1;
                    queue.push((p.commit_time, Reverse(counter), parent));
                }
            }
        }
        ordered.push(LoggedCommit {
            sha: oid.to_string(),
            raw,
        });
    }
    ordered
}

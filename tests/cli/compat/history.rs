//! Real git repositories for the compatibility test, built fast: one
//! `git fast-import` stream per repository (commits, merges, lightweight and
//! annotated tags, messages byte for byte), then a checkout of `main`.
//! Also the generators of commit messages and version spellings.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::oracle::Rng;

/// Environment for every git and commitizen process of the test: no user
/// or system configuration leaks in.
pub const GIT_ENV: [(&str, &str); 4] = [
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ("LC_ALL", "C.UTF-8"),
    ("NO_COLOR", "1"),
];

/// A `git fast-import` stream being written.
pub struct Stream {
    data: Vec<u8>,
    marks: usize,
    clock: i64,
    /// Branch name → its last commit's mark.
    tips: Vec<(String, usize)>,
    /// A readable summary, for failure messages.
    pub log: Vec<String>,
}

impl Stream {
    /// An empty stream; commit dates start at a fixed time.
    pub fn new() -> Stream {
        Stream {
            data: Vec::new(),
            marks: 0,
            clock: 1_700_000_000,
            tips: Vec::new(),
            log: Vec::new(),
        }
    }

    fn tip(&self, branch: &str) -> Option<usize> {
        self.tips
            .iter()
            .find(|(name, _)| name == branch)
            .map(|(_, mark)| *mark)
    }

    fn set_tip(&mut self, branch: &str, mark: usize) {
        match self.tips.iter_mut().find(|(name, _)| name == branch) {
            Some(tip) => tip.1 = mark,
            None => self.tips.push((branch.to_string(), mark)),
        }
    }

    fn data_block(&mut self, bytes: &[u8]) {
        writeln!(self.data, "data {}", bytes.len()).expect("write to memory");
        self.data.extend_from_slice(bytes);
        self.data.push(b'\n');
    }

    /// A commit on `branch` (created from `from` when new), with `files`
    /// written, and a second parent when `merge` is given. Returns its mark.
    pub fn commit(
        &mut self,
        branch: &str,
        from: Option<usize>,
        message: &str,
        files: &[(&str, &str)],
        merge: Option<usize>,
    ) -> usize {
        self.marks += 1;
        self.clock += 60;
        let mark = self.marks;
        let parent = self.tip(branch).or(from);
        let when = format!("{} +0000", self.clock);
        writeln!(self.data, "commit refs/heads/{branch}\nmark :{mark}").expect("memory");
        writeln!(self.data, "author A U Thor <author@example.org> {when}").expect("memory");
        writeln!(
            self.data,
            "committer C O Mitter <committer@example.org> {when}"
        )
        .expect("memory");
        self.data_block(message.as_bytes());
        if let Some(p) = parent {
            writeln!(self.data, "from :{p}").expect("memory");
        }
        if let Some(m) = merge {
            writeln!(self.data, "merge :{m}").expect("memory");
        }
        for (path, text) in files {
            writeln!(self.data, "M 100644 inline {path}").expect("memory");
            self.data_block(text.as_bytes());
        }
        self.data.push(b'\n');
        self.set_tip(branch, mark);
        let kind = if merge.is_some() { "merge" } else { "commit" };
        self.log
            .push(format!("{kind} :{mark} on {branch}: {message:?}"));
        mark
    }

    /// True when `branch` has a commit.
    pub fn has(&self, branch: &str) -> bool {
        self.tip(branch).is_some()
    }

    /// The last commit of `branch`.
    pub fn head(&self, branch: &str) -> usize {
        self.tip(branch).expect("the branch has a commit")
    }

    /// A lightweight tag, or an annotated one when `annotated`.
    pub fn tag(&mut self, name: &str, mark: usize, annotated: bool) {
        if annotated {
            self.clock += 1;
            writeln!(self.data, "tag {name}\nfrom :{mark}").expect("memory");
            writeln!(
                self.data,
                "tagger C O Mitter <committer@example.org> {} +0000",
                self.clock
            )
            .expect("memory");
            self.data_block(format!("release {name}").as_bytes());
        } else {
            writeln!(self.data, "reset refs/tags/{name}\nfrom :{mark}\n").expect("memory");
        }
        let kind = if annotated { "annotated tag" } else { "tag" };
        self.log.push(format!("{kind} {name} on :{mark}"));
    }

    /// Writes the repository into the empty directory `dir`, on `main`.
    pub fn write_to(&self, dir: &Path) {
        git(dir, &["init", "-q", "-b", "main", "--template="], None);
        git(dir, &["fast-import", "--quiet"], Some(&self.data));
        git(dir, &["reset", "-q", "--hard", "main"], None);
    }
}

/// Runs git in `dir`, optionally feeding `input`; panics on failure.
pub fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> String {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .envs(GIT_ENV)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("git starts");
    let mut stdin = child.stdin.take().expect("piped");
    if let Some(bytes) = input {
        stdin.write_all(bytes).expect("feed git");
    }
    drop(stdin);
    let out = child.wait_with_output().expect("git finishes");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const TYPES: [(&str, usize); 17] = [
    ("feat", 8),
    ("fix", 8),
    ("docs", 5),
    ("chore", 5),
    ("refactor", 2),
    ("perf", 2),
    ("style", 1),
    ("test", 2),
    ("ci", 1),
    ("build", 1),
    ("fixtures", 1),
    ("feature", 1),
    ("revert", 1),
    ("hotfix", 1),
    ("Feat", 1),
    ("new", 1),
    ("break", 1),
];

const SUBJECTS: [&str; 10] = [
    "add the parser",
    "handle empty input",
    "explain the options",
    "drop python 3.8",
    "speed up the walk",
    "rename --old to --new",
    "update dependencies",
    "support (nested) parens",
    "say hello: world",
    "unicode ✓ naïve",
];

/// Body lines, conventional-looking or not: the bump pattern is searched
/// on every line of the body too.
const BODY_LINES: [&str; 18] = [
    "Some prose explaining why.",
    "More prose, with a colon: here.",
    "feat: a feature mentioned in the body",
    "fixes: #12",
    "BREAKING CHANGE: the old flag is gone",
    "BREAKING-CHANGE: renamed the module",
    "BREAKING CHANGES: not a real footer",
    "BREAKING CHANGE : spaced, not a footer",
    "breaking change: lower case",
    "Refs: #42",
    "Co-authored-by: B <b@example.org>",
    "  feat: indented line",
    "docs: a docs line",
    "fix(deps)!: bump everything",
    "chore(ci): x (y)!: z",
    "perf: faster",
    "- feat: in a list",
    "Reviewed-by: C",
];

/// Line breaks: mostly `\n`, sometimes the ones Python's `splitlines()`
/// also splits on (and git does not).
fn line_break(rng: &mut Rng) -> &'static str {
    if rng.percent(80) {
        "\n"
    } else {
        rng.pick::<&str>(&[
            "\r\n", "\u{2028}", "\u{c}", "\u{85}", "\r", "\u{2029}", "\u{b}", "\u{1c}", "\u{1e}",
        ])
    }
}

fn weighted<'a>(rng: &mut Rng, items: &'a [(&'a str, usize)]) -> &'a str {
    let total: usize = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.below(total);
    for (item, weight) in items {
        if n < *weight {
            return item;
        }
        n -= weight;
    }
    unreachable!("n < total")
}

/// A commit title: conventional in all its shapes, near misses, and prose.
pub fn title(rng: &mut Rng) -> String {
    let kind = weighted(rng, &TYPES);
    let subject = *rng.pick(&SUBJECTS);
    match rng.below(24) {
        0..=13 => {
            let scope = if rng.percent(35) {
                rng.pick::<&str>(&["(api)", "(cli)", "(core,db)", "(a b)", "(x (y))", "(ci)"])
            } else {
                ""
            };
            let bang = if rng.percent(7) { "!" } else { "" };
            format!("{kind}{scope}{bang}: {subject}")
        }
        14 => format!("{kind}:{subject}"),
        15 => format!("{}: {subject}", kind.to_uppercase()),
        16 => rng
            .pick::<&str>(&[
                "feat(): x",
                "feat : x",
                "feat(scope: x",
                "feat!:x",
                "(feat): x",
            ])
            .to_string(),
        17 => rng
            .pick::<&str>(&["Update README", "WIP", "initial import", "Bump deps", ""])
            .to_string(),
        18 => format!("Revert \"{kind}: {subject}\""),
        19 => format!(
            "{} {kind}: {subject}",
            rng.pick::<&str>(&["fixup!", "squash!"])
        ),
        20 => format!(
            "{}: {subject}",
            rng.pick::<&str>(&["BREAKING CHANGE", "BREAKING-CHANGE", "BREAKING CHANGES"])
        ),
        21 => "chore(ci): x (y)!: z".to_string(),
        // Two lines in the first paragraph: git joins them into the subject.
        22 => format!("docs: {subject}\n{kind}: {subject}"),
        // A line break git keeps inside the subject but Python splits on.
        _ => format!(
            "docs: {subject}{}{kind}: {subject}",
            rng.pick::<&str>(&["\u{2028}", "\u{c}", "\u{85}", "\u{1d}"])
        ),
    }
}

/// A whole commit message: title, maybe a body of paragraphs, odd line
/// breaks and blank lines included.
pub fn message(rng: &mut Rng) -> String {
    let mut m = String::new();
    if rng.one_in(25) {
        m.push_str(rng.pick::<&str>(&["\n", "\n\n", " \n"]));
    }
    m.push_str(&title(rng));
    if rng.percent(50) {
        for _ in 0..rng.range(1, 3) {
            m.push_str(if rng.one_in(8) { "\r\n\r\n" } else { "\n\n" });
            for i in 0..rng.range(1, 3) {
                if i > 0 {
                    m.push_str(line_break(rng));
                }
                m.push_str(rng.pick::<&str>(&BODY_LINES));
            }
        }
    }
    if rng.one_in(10) {
        m.push_str(rng.pick::<&str>(&["\n", "  ", "\n\n", "\r\n"]));
    }
    m
}

/// A version as the generator thinks of it; rendered per scheme.
#[derive(Clone, Debug)]
pub struct Ver {
    /// `N!`, when not 0.
    pub epoch: u64,
    /// major, minor, patch.
    pub release: [u64; 3],
    /// Only `major.minor` written.
    pub short: bool,
    /// Phase index (a, b, rc) and number.
    pub pre: Option<(usize, u64)>,
    /// `.postN`.
    pub post: Option<u64>,
    /// `.devN`.
    pub dev: Option<u64>,
    /// `+label`.
    pub local: Option<String>,
}

impl Ver {
    /// A plain `major.minor.patch`.
    pub fn plain(release: [u64; 3]) -> Ver {
        Ver {
            epoch: 0,
            release,
            short: false,
            pre: None,
            post: None,
            dev: None,
            local: None,
        }
    }

    /// The release without pre, post, dev.
    pub fn base(&self) -> String {
        let [a, b, c] = self.release;
        let epoch = if self.epoch > 0 {
            format!("{}!", self.epoch)
        } else {
            String::new()
        };
        if self.short {
            format!("{epoch}{a}.{b}")
        } else {
            format!("{epoch}{a}.{b}.{c}")
        }
    }

    /// The pre-release part as `$prerelease` renders it in `scheme`.
    pub fn prerelease(&self, scheme: &str) -> String {
        match self.pre {
            None => String::new(),
            Some((p, n)) if scheme == "semver2" => {
                format!("{}.{n}", ["alpha", "beta", "rc"][p])
            }
            Some((p, n)) => format!("{}{n}", ["a", "b", "rc"][p]),
        }
    }

    /// The version as commitizen's `str()` writes it in `scheme`.
    pub fn render(&self, scheme: &str) -> String {
        let mut s = self.base();
        match scheme {
            "semver" => {
                if self.pre.is_some() {
                    s.push('-');
                    s.push_str(&self.prerelease(scheme));
                }
                if let Some(n) = self.post {
                    s.push_str(&format!("-post{n}"));
                }
                if let Some(n) = self.dev {
                    s.push_str(&format!("-dev{n}"));
                }
            }
            "semver2" => {
                let mut parts = Vec::new();
                if self.pre.is_some() {
                    parts.push(self.prerelease(scheme));
                }
                parts.extend(self.post.map(|n| format!("post.{n}")));
                parts.extend(self.dev.map(|n| format!("dev.{n}")));
                if !parts.is_empty() {
                    s.push('-');
                    s.push_str(&parts.join("."));
                }
            }
            _ => {
                s.push_str(&self.prerelease(scheme));
                if let Some(n) = self.post {
                    s.push_str(&format!(".post{n}"));
                }
                if let Some(n) = self.dev {
                    s.push_str(&format!(".dev{n}"));
                }
            }
        }
        if let Some(local) = &self.local {
            s.push('+');
            s.push_str(local);
        }
        s
    }

    /// The tag `format` gives this version (commitizen's `normalize_tag`).
    pub fn tag(&self, format: &str, scheme: &str) -> String {
        let [a, b, c] = self.release;
        format
            .replace("${version}", "$version")
            .replace("$version", &self.render(scheme))
            .replace("$major", &a.to_string())
            .replace("$minor", &b.to_string())
            .replace("$patch", &c.to_string())
            .replace("$prerelease", &self.prerelease(scheme))
    }
}

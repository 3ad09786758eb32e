//! Test helpers: real git repositories in temp dirs with a fixed identity and
//! clock, and a way to run the relx binary on them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A git repository in a temp dir. Commits get increasing fixed dates so
/// their ids are stable.
pub struct TestRepo {
    dir: tempfile::TempDir,
    clock: std::cell::Cell<i64>,
}

impl TestRepo {
    /// `git init -b main` in a fresh temp dir.
    pub fn new() -> TestRepo {
        let repo = TestRepo {
            dir: tempfile::tempdir().expect("temp dir"),
            clock: std::cell::Cell::new(1_700_000_000),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn env(&self, cmd: &mut Command) {
        let t = self.clock.get();
        let date = format!("{t} +0000");
        cmd.env("GIT_AUTHOR_NAME", "A U Thor")
            .env("GIT_AUTHOR_EMAIL", "author@example.org")
            .env("GIT_COMMITTER_NAME", "C O Mitter")
            .env("GIT_COMMITTER_EMAIL", "committer@example.org")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("GITHUB_REF_NAME")
            .env_remove("CI_COMMIT_REF_NAME")
            .env_remove("BUILDKITE_BRANCH");
    }

    /// Runs git in the repository; panics with its stderr on failure.
    pub fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        cmd.args(args).current_dir(self.path());
        self.env(&mut cmd);
        let out = cmd.output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Writes a file (creating directories).
    pub fn write(&self, path: &str, text: &str) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    /// Reads a file.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.path().join(path)).expect("read")
    }

    /// Commits everything with `message` (an empty commit when nothing changed).
    pub fn commit(&self, message: &str) -> String {
        self.clock.set(self.clock.get() + 60);
        self.git(&["add", "-A"]);
        self.git(&[
            "commit",
            "-q",
            "--allow-empty",
            "--cleanup=verbatim",
            "-m",
            message,
        ]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A lightweight tag on HEAD.
    pub fn tag(&self, name: &str) {
        self.git(&["tag", name]);
    }

    /// Runs relx with `args` in the repository.
    pub fn relx(&self, args: &[&str]) -> Run {
        relx_in(self.path(), args, &[])
    }

    /// Runs the reference `cz` (from the test venv) in the repository, with
    /// the same identity relx gets.
    pub fn cz(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(venv_bin("cz"));
        cmd.args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_NAME", "A U Thor")
            .env("GIT_AUTHOR_EMAIL", "author@example.org")
            .env("GIT_COMMITTER_NAME", "C O Mitter")
            .env("GIT_COMMITTER_EMAIL", "committer@example.org");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("cz runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs relx with extra environment variables.
    pub fn relx_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        relx_in(self.path(), args, env)
    }
}

/// What a relx run printed.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// The variables `relx publish` reads credentials, URLs and the release
/// tag from, removed from every run so the machine's own never leak in.
pub const PUBLISH_ENV: [&str; 22] = [
    "RELX_PYPI_TOKEN",
    "PYPI_TOKEN",
    "UV_PUBLISH_TOKEN",
    "TWINE_PASSWORD",
    "RELX_PYPI_USERNAME",
    "TWINE_USERNAME",
    "UV_PUBLISH_USERNAME",
    "RELX_REPOSITORY_URL",
    "TWINE_REPOSITORY_URL",
    "UV_PUBLISH_URL",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITHUB_REPOSITORY",
    "GITHUB_API_URL",
    "GITHUB_REF_TYPE",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "GITLAB_TOKEN",
    "CI_JOB_TOKEN",
    "CI_PROJECT_ID",
    "CI_API_V4_URL",
    "RELX_LOG",
];

/// Runs the relx binary in `dir`.
pub fn relx_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_relx(Path::new(env!("CARGO_BIN_EXE_relx")), dir, args, env)
}

/// Runs the relx binary `bin` (another build of relx) in `dir`, with the
/// same environment as [`relx_in`].
pub fn run_relx(bin: &Path, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "A U Thor")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "C O Mitter")
        .env("GIT_COMMITTER_EMAIL", "committer@example.org")
        .env_remove("GITHUB_REF_NAME")
        .env_remove("CI_COMMIT_REF_NAME")
        .env_remove("BUILDKITE_BRANCH")
        .env_remove("SOURCE_DATE_EPOCH");
    // What `relx publish` reads: the test says what it wants.
    for name in PUBLISH_ENV {
        cmd.env_remove(name);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out: Output = cmd.output().expect("relx runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The venv made by tests/venv.sh, with the reference tools.
pub fn venv_bin(tool: &str) -> PathBuf {
    let venv = std::env::var_os("RELX_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv"));
    // A venv keeps its programs in bin/, or Scripts/ (with .exe) on Windows.
    let bin = if cfg!(windows) {
        venv.join("Scripts").join(format!("{tool}.exe"))
    } else {
        venv.join("bin").join(tool)
    };
    assert!(
        bin.exists(),
        "{} is missing: run tests/venv.sh first (it installs the reference tools)",
        bin.display()
    );
    bin
}

/// Everything a writing command could touch in a repository: HEAD (and
/// where it points), every ref, the index's bytes, and every path of the
/// work tree outside `.git` — untracked and ignored ones included — with
/// its bytes, permission bits, or symlink target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    /// `git symbolic-ref -q HEAD` and `git rev-parse HEAD`.
    pub head: String,
    /// `git for-each-ref`: every ref and its id.
    pub refs: String,
    /// The index file's bytes.
    pub index: Vec<u8>,
    /// Each path: `file MODE <bytes as text>`, `link -> TARGET` or `dir`.
    pub tree: std::collections::BTreeMap<PathBuf, String>,
}

impl World {
    /// Reads the whole state of `repo`.
    pub fn of(repo: &TestRepo) -> World {
        let mut tree = std::collections::BTreeMap::new();
        let mut stack = vec![repo.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
                let path = entry.path();
                if entry.file_name() == ".git" {
                    continue;
                }
                let rel = path
                    .strip_prefix(repo.path())
                    .expect("inside")
                    .to_path_buf();
                let meta = std::fs::symlink_metadata(&path).expect("metadata");
                let shown = if meta.file_type().is_symlink() {
                    format!(
                        "link -> {}",
                        std::fs::read_link(&path).expect("link").display()
                    )
                } else if meta.is_dir() {
                    stack.push(path);
                    "dir".to_string()
                } else if meta.is_file() {
                    format!(
                        "file {:o} {:?}",
                        mode_bits(&meta),
                        String::from_utf8_lossy(&std::fs::read(&path).expect("read"))
                    )
                } else {
                    "special".to_string()
                };
                tree.insert(rel, shown);
            }
        }
        let head = format!(
            "{} {}",
            git_quiet(repo, &["symbolic-ref", "-q", "HEAD"]),
            git_quiet(repo, &["rev-parse", "HEAD"])
        );
        World {
            head,
            refs: repo.git(&["for-each-ref", "--format=%(refname) %(objectname)"]),
            index: std::fs::read(repo.path().join(".git/index")).unwrap_or_default(),
            tree,
        }
    }
}

impl World {
    /// What differs between `self` (before) and `now`, one readable line
    /// per difference: HEAD, each ref, the index, each path. Empty when the
    /// two are the same.
    pub fn diff(&self, now: &World) -> Vec<String> {
        let mut lines = Vec::new();
        if self.head != now.head {
            lines.push(format!("HEAD: {} -> {}", self.head, now.head));
        }
        let refs = |w: &World| -> std::collections::BTreeMap<String, String> {
            w.refs
                .lines()
                .filter_map(|l| l.split_once(' '))
                .map(|(name, id)| (name.to_string(), id.to_string()))
                .collect()
        };
        let (old_refs, new_refs) = (refs(self), refs(now));
        for (name, id) in &old_refs {
            match new_refs.get(name) {
                None => lines.push(format!("ref {name}: removed (was {id})")),
                Some(new) if new != id => lines.push(format!("ref {name}: {id} -> {new}")),
                Some(_) => {}
            }
        }
        for (name, id) in &new_refs {
            if !old_refs.contains_key(name) {
                lines.push(format!("ref {name}: added ({id})"));
            }
        }
        if self.index != now.index {
            lines.push(format!(
                "the index changed ({} -> {} bytes)",
                self.index.len(),
                now.index.len()
            ));
        }
        for (path, old) in &self.tree {
            match now.tree.get(path) {
                None => lines.push(format!("{}: removed (was {old})", path.display())),
                Some(new) if new != old => {
                    lines.push(format!("{}: {old}\n    -> {new}", path.display()))
                }
                Some(_) => {}
            }
        }
        for (path, new) in &now.tree {
            if !self.tree.contains_key(path) {
                lines.push(format!("{}: added ({new})", path.display()));
            }
        }
        lines
    }
}

/// Requires that `repo` is as `before` recorded it (HEAD, refs, index and
/// every path); a failure lists each difference.
#[track_caller]
pub fn assert_unchanged(before: &World, repo: &TestRepo) {
    let changes = before.diff(&World::of(repo));
    assert!(
        changes.is_empty(),
        "the repository changed:\n  {}",
        changes.join("\n  ")
    );
}

#[cfg(unix)]
fn mode_bits(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_bits(meta: &std::fs::Metadata) -> u32 {
    u32::from(meta.permissions().readonly())
}

fn git_quiet(repo: &TestRepo, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(repo.path())
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

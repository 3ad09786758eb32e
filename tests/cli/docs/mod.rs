//! `relx docs` against the real mike 2.2 and mkdocs 1.6 (pinned in
//! tests/requirements.txt): the same commands run by mike and by relx on
//! twin repositories must leave the same branch trees, and each tool reads
//! and extends what the other wrote.

mod browser;
mod errors;
mod interop;
mod policy;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{venv_bin, Run, TestRepo};

/// A fixed build date, so two builds of the same docs are the same bytes.
const EPOCH: &str = "1700000000";

/// The directory holding the venv's tools (mike, mkdocs, python).
fn venv_dir() -> PathBuf {
    venv_bin("mike")
        .parent()
        .expect("venv bin dir")
        .to_path_buf()
}

/// PATH with the venv first, as a user with mike installed has it.
fn tool_path() -> String {
    let system = std::env::var("PATH").unwrap_or_default();
    format!("{}:{system}", venv_dir().display())
}

/// The environment both tools run with: fixed identity, dates and PATH.
fn tool_env(path: &str) -> Vec<(&'static str, String)> {
    vec![
        ("PATH", path.to_string()),
        ("SOURCE_DATE_EPOCH", EPOCH.to_string()),
        ("GIT_COMMITTER_NAME", "C O Mitter".to_string()),
        ("GIT_COMMITTER_EMAIL", "committer@example.org".to_string()),
        ("GIT_COMMITTER_DATE", format!("{EPOCH} +0000")),
        ("GIT_AUTHOR_NAME", "A U Thor".to_string()),
        ("GIT_AUTHOR_EMAIL", "author@example.org".to_string()),
        ("GIT_AUTHOR_DATE", format!("{EPOCH} +0000")),
        ("GIT_CONFIG_NOSYSTEM", "1".to_string()),
        ("GIT_CONFIG_GLOBAL", "/dev/null".to_string()),
    ]
}

/// Runs `relx docs ARGS` in the repository with the venv on PATH.
fn relx(repo: &TestRepo, args: &[&str]) -> Run {
    relx_with_path(repo, args, &tool_path())
}

/// Runs relx with a given PATH.
fn relx_with_path(repo: &TestRepo, args: &[&str], path: &str) -> Run {
    let env = tool_env(path);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut full = vec!["docs"];
    full.extend_from_slice(args);
    repo.relx_env(&full, &env)
}

/// Runs relx and requires success.
fn relx_ok(repo: &TestRepo, args: &[&str]) -> Run {
    let run = relx(repo, args);
    assert_eq!(run.code, 0, "relx docs {args:?}: {run:?}");
    run
}

/// Runs the real mike in the repository.
fn mike(repo: &TestRepo, args: &[&str]) -> Run {
    let mut cmd = Command::new(venv_bin("mike"));
    cmd.args(args).current_dir(repo.path());
    for (k, v) in tool_env(&tool_path()) {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("mike runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs mike and requires success.
fn mike_ok(repo: &TestRepo, args: &[&str]) -> Run {
    let run = mike(repo, args);
    assert_eq!(run.code, 0, "mike {args:?}: {run:?}");
    run
}

/// A project with MkDocs docs (`docs/index.md` says `marker`) and a
/// version in pyproject.toml.
fn project(extra_mkdocs: &str, marker: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("mkdocs.yml", &format!("site_name: Demo\n{extra_mkdocs}"));
    repo.write("docs/index.md", &format!("# Demo\n\n{marker}\n"));
    repo.write("docs/guide/setup.md", "# Setup\n\nInstall it.\n");
    repo.write("pyproject.toml", "[tool.relx]\nversion = \"0.1.0\"\n");
    repo.write(".gitignore", "site/\n");
    repo.commit("feat: docs");
    repo
}

/// Changes the docs text and commits, so the next build differs.
fn edit_docs(repo: &TestRepo, marker: &str) {
    repo.write("docs/index.md", &format!("# Demo\n\n{marker}\n"));
    repo.commit("docs: new text");
}

/// `git ls-tree -r` of a branch: `mode type id\tpath` lines (None when the
/// branch does not exist).
fn tree(repo: &TestRepo, branch: &str) -> Option<String> {
    let out = Command::new("git")
        .args(["ls-tree", "-r", "--full-tree"])
        .arg(format!("refs/heads/{branch}"))
        .current_dir(repo.path())
        .output()
        .expect("git runs");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The commit a branch names, or None.
fn tip(repo: &TestRepo, branch: &str) -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "--verify", "-q"])
        .arg(format!("refs/heads/{branch}"))
        .current_dir(repo.path())
        .output()
        .expect("git runs");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A file of a branch.
fn show(repo: &TestRepo, branch: &str, path: &str) -> String {
    repo.git(&["show", &format!("refs/heads/{branch}:{path}")])
}

/// Asserts two branches hold the same files, modes and bytes.
fn assert_same_tree(a: &TestRepo, b: &TestRepo, branch: &str, step: &str) {
    let (ta, tb) = (tree(a, branch), tree(b, branch));
    assert!(ta.is_some(), "{step}: no {branch} branch");
    if ta != tb {
        let (ta, tb) = (ta.unwrap_or_default(), tb.unwrap_or_default());
        let only_a: Vec<&str> = ta.lines().filter(|l| !tb.contains(l)).collect();
        let only_b: Vec<&str> = tb.lines().filter(|l| !ta.contains(l)).collect();
        panic!("{step}: trees differ\nrelx only: {only_a:#?}\nmike only: {only_b:#?}");
    }
}

/// The work tree has nothing new (relx leaves no `site/` or temp config).
fn assert_clean(repo: &TestRepo) {
    let status = repo.git(&["status", "--porcelain", "--ignored"]);
    assert_eq!(status, "", "files left behind");
}

/// The path of a temp dir as a string.
fn display(path: &Path) -> String {
    path.display().to_string()
}

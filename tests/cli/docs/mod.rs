//! `relx docs` against the real mike 2.2 and mkdocs 1.6 (pinned in
//! tests/requirements.txt): the same commands run by mike and by relx on
//! twin repositories must leave the same branch trees, and each tool reads
//! and extends what the other wrote.

mod errors;
mod interop;
mod policy;
pub(crate) mod site;

use std::path::Path;
use std::process::Command;

use crate::support::{venv_bin, Run, TestRepo};
use site::*;

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

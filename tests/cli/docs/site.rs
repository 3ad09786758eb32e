//! What the docs tests share with the browser test (tests/tools/, a binary
//! of its own): a project with MkDocs docs, and relx run with the venv's
//! mkdocs on PATH and a fixed identity and clock.

#![allow(dead_code)]

use std::path::PathBuf;

use crate::support::{venv_bin, Run, TestRepo};

/// A fixed build date, so two builds of the same docs are the same bytes.
pub const EPOCH: &str = "1700000000";

/// The directory holding the venv's tools (mike, mkdocs, python).
pub fn venv_dir() -> PathBuf {
    venv_bin("mike")
        .parent()
        .expect("venv bin dir")
        .to_path_buf()
}

/// PATH with the venv first, as a user with mike installed has it.
pub fn tool_path() -> String {
    let system = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(venv_dir()).chain(std::env::split_paths(&system));
    let joined = std::env::join_paths(dirs).expect("PATH entries join");
    joined.to_string_lossy().into_owned()
}

/// The environment both tools run with: fixed identity, dates and PATH.
pub fn tool_env(path: &str) -> Vec<(&'static str, String)> {
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
pub fn relx(repo: &TestRepo, args: &[&str]) -> Run {
    relx_with_path(repo, args, &tool_path())
}

/// Runs relx with a given PATH.
pub fn relx_with_path(repo: &TestRepo, args: &[&str], path: &str) -> Run {
    let env = tool_env(path);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut full = vec!["docs"];
    full.extend_from_slice(args);
    repo.relx_env(&full, &env)
}

/// Runs relx and requires success.
pub fn relx_ok(repo: &TestRepo, args: &[&str]) -> Run {
    let run = relx(repo, args);
    assert_eq!(run.code, 0, "relx docs {args:?}: {run:?}");
    run
}

/// A project with MkDocs docs (`docs/index.md` says `marker`) and a
/// version in pyproject.toml.
pub fn project(extra_mkdocs: &str, marker: &str) -> TestRepo {
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
pub fn edit_docs(repo: &TestRepo, marker: &str) {
    repo.write("docs/index.md", &format!("# Demo\n\n{marker}\n"));
    repo.commit("docs: new text");
}

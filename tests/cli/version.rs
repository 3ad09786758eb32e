//! `relx version`: the plan, `--short`, `--json`, FORCE words, exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{venv_bin, Run, TestRepo};

mod bad_input;
mod history;
mod many_tags;
mod options;

fn project(version: &str, tag_format: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        &format!("[tool.commitizen]\nversion = \"{version}\"\ntag_format = \"{tag_format}\"\n"),
    );
    repo.commit("chore: init");
    repo
}

#[test]
fn plan_shows_version_tag_increment_and_commits() {
    let repo = project("1.0.0", "v$version");
    repo.tag("v1.0.0");
    repo.commit("feat(api): add x");
    repo.commit("docs: y");
    let run = repo.relx(&["version"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "bump: version 1.0.0 → 1.1.0");
    assert_eq!(lines[1], "tag to create: v1.1.0");
    assert_eq!(lines[2], "increment detected: MINOR");
    assert!(run.stdout.contains("branch: main"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("docs: y  (type does not bump the version)"),
        "{}",
        run.stdout
    );
}

// Shared by the submodules.

/// Every file under the repository (`.git` included) with its bytes: if a
/// run changes a ref, the index, a config or a work-tree file, this changes.
fn state(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.push((path.strip_prefix(dir).expect("inside").to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}

/// Runs relx and requires that it changed nothing in the repository.
fn relx_writes_nothing(repo: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> Run {
    let before = state(repo.path());
    let run = repo.relx_env(args, env);
    assert!(
        state(repo.path()) == before,
        "relx {args:?} changed the repository"
    );
    run
}

/// The failure as the user sees it: exit code, then stderr, with the
/// repository's path written `[REPO]`. stdout must be empty.
fn failure(repo: &TestRepo, run: &Run) -> String {
    assert_eq!(run.stdout, "", "a failure prints no result");
    let mut text = run.stderr.clone();
    for path in [
        repo.path().canonicalize().expect("canonical"),
        repo.path().to_path_buf(),
    ] {
        text = text.replace(&path.display().to_string(), "[REPO]");
    }
    format!("exit {}\n{text}", run.code)
}

/// A repository with `pyproject.toml` holding `config`, one commit, tagged
/// `tag` when given.
pub(crate) fn configured(config: &str, tag: Option<&str>) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", config);
    repo.commit("chore: init");
    if let Some(t) = tag {
        repo.tag(t);
    }
    repo
}

pub(crate) const CZ_1_0_0: &str =
    "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\n";

/// `cz bump --get-next --yes ARGS` in the repository: its answer.
fn cz_next(repo: &TestRepo, args: &[&str]) -> String {
    let out = Command::new(venv_bin("cz"))
        .args(["bump", "--get-next", "--yes"])
        .args(args)
        .current_dir(repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("cz runs");
    assert!(
        out.status.success(),
        "cz {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// A released 1.0.0 (`v1.0.0`), then a feature on `branch`.
fn feature_on(branch: &str, config: &str) -> TestRepo {
    let repo = configured(config, Some("v1.0.0"));
    repo.git(&["checkout", "-q", "-B", branch]);
    repo.commit("feat: x");
    repo.commit("docs: y");
    repo
}

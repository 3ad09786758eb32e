//! The snapshots that run Python: a real build with hatchling, the dry run
//! of an upload to a local stand-in index, and docs deployed with mkdocs.
//! They reuse the build, publish and docs modules' setups.

use super::{shown, touched_env, unchanged_env};
use crate::build::{files_in, hatchling_project, relx as relx_build, Tools};
use crate::docs::site::{project as docs_project, tool_env, tool_path};
use crate::publish::{publish, released as published, Server, TOKEN};
use crate::support::{assert_unchanged, TestRepo, World};

#[test]
fn build_makes_the_sdist_the_wheel_and_their_sums() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.2.0");
    let args = ["build", "--no-isolation"];
    let run = relx_build(&repo, &Tools::python(), &args);
    let dist = repo.path().join("dist");
    let mut text = shown(&args, &run);
    text.push_str(&format!(
        "----- dist/ -----\n{}\n",
        files_in(&dist).join("\n")
    ));
    text.push_str(&format!(
        "----- dist/SHA256SUMS -----\n{}",
        std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap_or_default()
    ));
    assert_shown!(repo.path(), text);
}

#[test]
fn publish_dry_run_checks_and_uploads_nothing() {
    let server = Server::recorder(&[]);
    let (repo, _) = published("1.0.0");
    let before = World::of(&repo);
    let url = server.url("/legacy/");
    let args = ["--repository-url", url.as_str(), "--dry-run"];
    let run = publish(&repo, &args, &[("RELX_PYPI_TOKEN", TOKEN)]);
    assert!(server.log().is_empty(), "a dry run sends nothing");
    // `publish` gives relx a HOME of its own under the repository.
    let mut now = World::of(&repo);
    now.tree.retain(|path, _| !path.starts_with(".home"));
    assert_eq!(before.diff(&now), Vec::<String>::new());
    let mut full = vec!["publish"];
    full.extend_from_slice(&args);
    assert_shown!(repo.path(), shown(&full, &run));
}

fn docs_env() -> Vec<(&'static str, String)> {
    tool_env(&tool_path())
}

#[test]
fn docs_deploy_dry_run_builds_and_commits_nothing() {
    let repo = docs_project("", "first");
    let env = docs_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_shown!(
        repo.path(),
        unchanged_env(
            &repo,
            &["docs", "deploy", "--dry-run", "0.1", "latest"],
            &env
        )
    );
}

#[test]
fn docs_deploy_commits_the_version_to_the_branch_and_list_shows_it() {
    let repo = docs_project("", "first");
    let env = docs_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut text = touched_env(&repo, &["docs", "deploy", "0.1", "latest"], &env);
    text.push_str(&format!(
        "----- gh-pages files -----\n{}",
        repo.git(&["ls-tree", "-r", "--name-only", "gh-pages"])
    ));
    text.push_str(&format!(
        "----- gh-pages:versions.json -----\n{}\n",
        repo.git(&["show", "gh-pages:versions.json"])
    ));
    let before = World::of(&repo);
    let list = repo.relx_env(&["docs", "list"], &env);
    assert_unchanged(&before, &repo);
    text.push_str(&shown(&["docs", "list"], &list));
    assert_shown!(repo.path(), text);
}

//! The GitLab release, against tests/servers/gitlab.py (GitLab cannot run
//! here), linking the files as a real pypiserver serves them.

use std::process::Command;

use serde_json::{json, Value};

use super::{assert_never_printed, calls, error_lines, publish, released, Server, TOKEN};
use crate::support::{venv_bin, Run, TestRepo};

const GL_TOKEN: &str = "glpat-test-token";

fn run_with(
    repo: &TestRepo,
    index: &Server,
    gitlab: &Server,
    args: &[&str],
    env: &[(&str, &str)],
) -> Run {
    let url = index.url("/");
    let api = gitlab.url("/api/v4");
    let mut all = vec!["--repository-url", url.as_str()];
    all.extend_from_slice(args);
    let mut vars = vec![("RELX_PYPI_TOKEN", TOKEN), ("CI_API_V4_URL", api.as_str())];
    vars.extend_from_slice(env);
    publish(repo, &all, &vars)
}

fn download(url: &str) -> Vec<u8> {
    let out = Command::new(venv_bin("python"))
        .args([
            "-c",
            "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())",
            url,
        ])
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn creates_the_release_with_links_to_the_files_on_the_index() {
    let index = Server::pypiserver();
    let gitlab = Server::start("gitlab.py", &[], &[]);
    let (repo, files) = released("1.0.0");
    super::with_changelog(
        &repo,
        "v1.0.0",
        "## v1.0.0 (2026-12-01)\n\n### Feat\n\n- greet\n",
    );
    let run = run_with(
        &repo,
        &index,
        &gitlab,
        &["--gitlab-project", "group/demo-pub"],
        &[("GITLAB_TOKEN", GL_TOKEN)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(
            "GitLab release v1.0.0: https://gitlab.example.org/group/demo-pub/-/releases/v1.0.0 (2 links added, 0 there already)"
        ),
        "{run:?}"
    );
    let log = gitlab.log();
    let calls = calls(&gitlab);
    assert_eq!(
        calls,
        [
            "GET /api/v4/projects/group%2Fdemo-pub/releases/v1.0.0",
            "POST /api/v4/projects/group%2Fdemo-pub/releases",
        ]
    );
    assert!(log
        .iter()
        .all(|e| e["private_token"] == GL_TOKEN && e["job_token"].is_null()));
    let created = &log[1]["json"];
    assert_eq!(created["tag_name"], "v1.0.0");
    assert_eq!(created["name"], "v1.0.0");
    assert_eq!(created["description"], "### Feat\n\n- greet\n");
    let links = created["assets"]["links"].as_array().expect("links");
    let names: Vec<&str> = links
        .iter()
        .map(|l| l["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, files.iter().map(String::as_str).collect::<Vec<_>>());
    for (link, name) in links.iter().zip(&files) {
        assert_eq!(link["link_type"], "package");
        let url = link["url"].as_str().expect("url");
        assert!(url.starts_with(&index.url("/")), "{url}");
        // The link is the file itself, as the index serves it.
        let local = std::fs::read(repo.path().join("dist").join(name)).expect("file");
        assert!(download(url) == local, "{url} is not {name}");
    }
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_rerun_updates_the_release_and_adds_only_missing_links() {
    let index = Server::recorder(&[]);
    let (repo, files) = released("1.0.0");
    let gitlab = Server::start(
        "gitlab.py",
        &["--existing-release", "v1.0.0", "--existing-link", &files[0]],
        &[],
    );
    repo.git(&[
        "remote",
        "add",
        "origin",
        "git@gitlab.example.org:group/demo-pub.git",
    ]);
    let run = run_with(
        &repo,
        &index,
        &gitlab,
        &["--json"],
        &[("CI_JOB_TOKEN", GL_TOKEN)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let log = gitlab.log();
    let calls = calls(&gitlab);
    assert_eq!(
        calls,
        [
            "GET /api/v4/projects/group%2Fdemo-pub/releases/v1.0.0",
            "PUT /api/v4/projects/group%2Fdemo-pub/releases/v1.0.0",
            "POST /api/v4/projects/group%2Fdemo-pub/releases/v1.0.0/assets/links",
        ]
    );
    assert!(log
        .iter()
        .all(|e| e["job_token"] == GL_TOKEN && e["private_token"].is_null()));
    assert_eq!(log[2]["json"]["name"], Value::from(files[1].as_str()));
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        report["gitlab"]["links"],
        json!([
            {"name": files[0], "outcome": "skipped"},
            {"name": files[1], "outcome": "added"},
        ])
    );
    assert!(report["github"].is_null());
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_refused_gitlab_token_fails_clearly_and_a_github_token_wins() {
    let index = Server::recorder(&[]);
    let gitlab = Server::start("gitlab.py", &["--token", "another"], &[]);
    let (repo, _) = released("1.0.0");
    let run = run_with(
        &repo,
        &index,
        &gitlab,
        &["--gitlab-project", "7"],
        &[("GITLAB_TOKEN", GL_TOKEN)],
    );
    assert_eq!(run.code, 78, "{run:?}");
    assert_eq!(
        error_lines(&run),
        ["error: GitLab: looking up the release: HTTP 401: 401 Unauthorized (the token is not valid)"]
    );
    assert!(
        run.stderr.contains("on the index; run relx publish again"),
        "{run:?}"
    );
    assert_never_printed(&run, GL_TOKEN);

    // With a GitHub token too, the release is GitHub's; --no-gitlab-release
    // alone leaves no release at all.
    let before = gitlab.log().len();
    let github = Server::github(&[]);
    let api = github.url("");
    let run = run_with(
        &repo,
        &index,
        &gitlab,
        &[
            "--gitlab-project",
            "7",
            "--github-api-url",
            &api,
            "--github-repo",
            "octo/demo-pub",
            "--skip-existing",
        ],
        &[
            ("GITLAB_TOKEN", GL_TOKEN),
            ("GITHUB_TOKEN", "ghs_test_token"),
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(gitlab.log().len(), before);
    assert!(!github.log().is_empty());
    let run = run_with(
        &repo,
        &index,
        &gitlab,
        &[
            "--gitlab-project",
            "7",
            "--no-gitlab-release",
            "--skip-existing",
        ],
        &[("GITLAB_TOKEN", GL_TOKEN)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(gitlab.log().len(), before);
}

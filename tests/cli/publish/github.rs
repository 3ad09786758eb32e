//! The GitHub Release, against tests/servers/github.py (GitHub cannot run
//! here): the exact requests, a re-run that finishes the job, the
//! repository from the `origin` remote, pre-releases, refused tokens.

use serde_json::{json, Value};

use super::{assert_never_printed, calls, error_lines, publish, released, Server, TOKEN};

const GH_TOKEN: &str = "ghs_test_token";

/// Publishes `repo` to a recording index and `github`, with extra args.
fn run_with(
    repo: &crate::support::TestRepo,
    index: &Server,
    github: &Server,
    args: &[&str],
    env: &[(&str, &str)],
) -> crate::support::Run {
    let api = github.url("");
    let url = index.url("/");
    let mut all = vec![
        "--repository-url",
        url.as_str(),
        "--github-api-url",
        api.as_str(),
    ];
    all.extend_from_slice(args);
    let mut vars = vec![("RELX_PYPI_TOKEN", TOKEN)];
    vars.extend_from_slice(env);
    publish(repo, &all, &vars)
}

/// The request that created the release on octo/demo-pub.
fn created_release(github: &Server) -> Value {
    github
        .log()
        .into_iter()
        .find(|e| e["method"] == "POST" && e["path"] == "/repos/octo/demo-pub/releases")
        .expect("a release was created on octo/demo-pub")
}

fn changelog(repo: &crate::support::TestRepo) {
    super::with_changelog(
        repo,
        "v1.0.0",
        "## v1.0.0 (2026-12-01)\n\n### Feat\n\n- **demo**: greet the world\n\n## v0.9.0 (2026-11-01)\n\n### Fix\n\n- older\n",
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn creates_the_release_with_the_notes_and_every_asset() {
    let index = Server::recorder(&[]);
    let github = Server::github(&[]);
    let (repo, files) = released("1.0.0");
    changelog(&repo);
    let run = run_with(
        &repo,
        &index,
        &github,
        &["--github-repo", "octo/demo-pub"],
        &[("GITHUB_TOKEN", GH_TOKEN)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(
            "GitHub release v1.0.0: https://github.com/octo/demo-pub/releases/tag/v1.0.0 (3 assets attached, 0 there already)"
        ),
        "{run:?}"
    );
    let log = github.log();
    for entry in &log {
        assert_eq!(entry["accept"], "application/vnd.github+json");
        assert_eq!(entry["api_version"], "2022-11-28");
        assert_eq!(entry["authorization"], format!("Bearer {GH_TOKEN}"));
        assert!(entry["user_agent"]
            .as_str()
            .unwrap_or("")
            .starts_with("relx/"));
    }
    let calls: Vec<(String, String)> = log
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap_or("").to_string(),
                format!(
                    "{}?{}",
                    e["path"].as_str().unwrap_or(""),
                    e["query"].as_str().unwrap_or("")
                ),
            )
        })
        .collect();
    let mut expected = vec![
        (
            "GET".to_string(),
            "/repos/octo/demo-pub/releases/tags/v1.0.0?".to_string(),
        ),
        (
            "POST".to_string(),
            "/repos/octo/demo-pub/releases?".to_string(),
        ),
    ];
    for name in files
        .iter()
        .chain(std::iter::once(&"SHA256SUMS".to_string()))
    {
        expected.push((
            "POST".to_string(),
            format!("/uploads/repos/octo/demo-pub/releases/1000/assets?name={name}"),
        ));
    }
    assert_eq!(calls, expected);
    assert_eq!(
        log[1]["json"],
        json!({
            "tag_name": "v1.0.0",
            "name": "v1.0.0",
            "body": "### Feat\n\n- **demo**: greet the world\n",
            "prerelease": false,
            "make_latest": "true",
        })
    );
    let dist = repo.path().join("dist");
    for (entry, name) in log[2..].iter().zip(files.iter()) {
        let bytes = std::fs::read(dist.join(name)).expect("file");
        assert_eq!(entry["size"], bytes.len());
        assert_eq!(entry["content_type"], "application/octet-stream");
    }
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn notes_body_is_exactly_the_changelog_section() {
    // The body must be `relx changelog --notes` for the version.
    let index = Server::recorder(&[]);
    let github = Server::github(&[]);
    let (repo, _) = released("1.0.0");
    changelog(&repo);
    let notes = repo.relx(&["changelog", "--notes", "1.0.0"]);
    assert_eq!(notes.code, 0, "{notes:?}");
    let run = run_with(
        &repo,
        &index,
        &github,
        &["--github-repo", "octo/demo-pub"],
        &[("GH_TOKEN", GH_TOKEN)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let created = created_release(&github);
    assert_eq!(created["json"]["body"], Value::from(notes.stdout));
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_rerun_updates_the_release_and_skips_assets_already_there() {
    let index = Server::recorder(&[]);
    let (repo, files) = released("1.0.0");
    let sdist = files
        .iter()
        .find(|f| f.ends_with(".tar.gz"))
        .expect("sdist");
    let size = std::fs::metadata(repo.path().join("dist").join(sdist))
        .expect("size")
        .len();
    let wheel = files.iter().find(|f| f.ends_with(".whl")).expect("wheel");
    let github = Server::github(&[
        "--existing-release",
        "v1.0.0",
        "--existing-asset",
        &format!("{sdist}:{size}"),
        "--existing-asset",
        &format!("{wheel}:3"),
    ]);
    let run = run_with(
        &repo,
        &index,
        &github,
        &[],
        &[
            ("GITHUB_TOKEN", GH_TOKEN),
            ("GITHUB_REPOSITORY", "octo/demo-pub"),
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let calls = calls(&github);
    assert_eq!(
        calls,
        [
            "GET /repos/octo/demo-pub/releases/tags/v1.0.0",
            "PATCH /repos/octo/demo-pub/releases/1000",
            // The wheel there has another size: replaced.
            "DELETE /repos/octo/demo-pub/releases/assets/1002",
            "POST /uploads/repos/octo/demo-pub/releases/1000/assets",
            "POST /uploads/repos/octo/demo-pub/releases/1000/assets",
        ]
    );
    assert!(
        run.stdout.contains("(2 assets attached, 1 there already)"),
        "{run:?}"
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn the_repository_comes_from_the_origin_remote_and_prereleases_are_marked() {
    let index = Server::recorder(&[]);
    let github = Server::github(&[]);
    let (repo, _) = released("1.1.0rc1");
    repo.git(&[
        "remote",
        "add",
        "origin",
        "git@github.com:octo/demo-pub.git",
    ]);
    let run = run_with(
        &repo,
        &index,
        &github,
        &["--tag-pattern", "v$major.$minor.$patch$prerelease"],
        &[("GITHUB_TOKEN", GH_TOKEN)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let created = created_release(&github);
    assert_eq!(created["json"]["prerelease"], true);
    assert_eq!(created["json"]["make_latest"], "false");
    assert_eq!(created["json"]["name"], "v1.1.0rc1");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_token_without_rights_fails_clearly_after_the_upload() {
    let index = Server::recorder(&[]);
    let github = Server::github(&["--fail-create", "403"]);
    let (repo, files) = released("1.0.0");
    let run = run_with(
        &repo,
        &index,
        &github,
        &["--github-repo", "octo/demo-pub"],
        &[("GITHUB_TOKEN", GH_TOKEN)],
    );
    assert_eq!(run.code, 78, "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(
        errors,
        ["error: GitHub: creating the release: HTTP 403: Resource not accessible by integration (the token may lack `contents: write` on this repository)"]
    );
    assert!(
        run.stderr.contains(&format!(
            "{} on the index; run relx publish again",
            files.join(", ")
        )),
        "{run:?}"
    );
    assert_never_printed(&run, GH_TOKEN);

    // A token GitHub does not know: 401.
    let github = Server::github(&["--token", "another"]);
    let run = run_with(
        &repo,
        &index,
        &github,
        &["--github-repo", "octo/demo-pub"],
        &[("GITHUB_TOKEN", GH_TOKEN)],
    );
    assert_eq!(run.code, 78, "{run:?}");
    assert!(
        error_lines(&run)[0].contains("Bad credentials (the token is not valid)"),
        "{run:?}"
    );
    assert_never_printed(&run, GH_TOKEN);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn no_github_token_means_no_release_and_no_repository_is_an_error_before_upload() {
    let index = Server::recorder(&[]);
    let github = Server::github(&[]);
    let (repo, _) = released("1.0.0");
    let run = run_with(&repo, &index, &github, &[], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("no GITHUB_TOKEN or GH_TOKEN"),
        "{run:?}"
    );
    assert!(github.log().is_empty());

    let before = index.log().len();
    let run = run_with(&repo, &index, &github, &[], &[("GITHUB_TOKEN", GH_TOKEN)]);
    assert_eq!(run.code, 78, "{run:?}");
    assert!(
        error_lines(&run)[0].contains("cannot tell the GitHub repository"),
        "{run:?}"
    );
    assert_eq!(index.log().len(), before, "nothing may be uploaded");
}

#[test]
fn a_token_github_echoes_back_is_hidden_in_every_form() {
    let index = Server::recorder(&[]);
    let github = Server::github(&["--echo"]);
    let (repo, _) = released("1.0.0");
    let secret = "ghs_Echo/Token+With=Symbols0123456789";
    for verbosity in ["-v", "-vvv"] {
        let run = run_with(
            &repo,
            &index,
            &github,
            &[verbosity, "--github-repo", "octo/demo-pub"],
            &[("GITHUB_TOKEN", secret)],
        );
        assert_eq!(run.code, 78, "{run:?}");
        let errors = error_lines(&run);
        assert_eq!(errors.len(), 1, "{run:?}");
        assert!(errors[0].contains("Bad credentials: ***"), "{run:?}");
        let echoed = github
            .log()
            .into_iter()
            .find_map(|e| e["echoed"].as_array().cloned())
            .expect("GitHub echoed the token");
        let printed = format!("{}{}", run.stdout, run.stderr);
        for form in echoed.iter().filter_map(Value::as_str).chain([secret]) {
            let chars: Vec<char> = form.chars().collect();
            for window in chars.windows(8) {
                let window: String = window.iter().collect();
                assert!(!printed.contains(&window), "{window} of {form}: {run:?}");
            }
        }
    }
}

//! Bad input: one clear line and its exit code (docs/exit-codes.md), checked
//! before anything is sent.

use super::{error_lines, publish, released, Server, TOKEN};
use crate::support::TestRepo;

fn one_error(run: &crate::support::Run, code: i32, needle: &str) {
    assert_eq!(run.code, code, "{run:?}");
    let errors = error_lines(run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains(needle), "wanted {needle:?}: {run:?}");
}

fn token() -> [(&'static str, &'static str); 1] {
    [("RELX_PYPI_TOKEN", TOKEN)]
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn bad_release_input_fails_before_anything_is_sent() {
    let server = Server::recorder(&[]);
    let url = server.url("/");
    let base = ["--repository-url", url.as_str(), "--no-github-release"];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let run_in = |repo: &TestRepo, extra: &[&str], env: &[(&str, &str)]| {
        let args = with(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        publish(repo, &args, env)
    };

    // No dist/ at all, and an empty one.
    let (repo, files) = released("1.0.0");
    std::fs::rename(repo.path().join("dist"), repo.path().join("kept")).expect("move");
    one_error(
        &run_in(&repo, &[], &token()),
        70,
        "dist: no sdist or wheel to publish",
    );
    std::fs::create_dir(repo.path().join("dist")).expect("dist");
    one_error(
        &run_in(&repo, &[], &token()),
        70,
        "dist: no sdist or wheel to publish",
    );
    std::fs::remove_dir(repo.path().join("dist")).expect("rm");
    std::fs::rename(repo.path().join("kept"), repo.path().join("dist")).expect("back");

    // Files of two versions.
    let (other, other_files) = released("1.1.0");
    for name in &other_files {
        std::fs::copy(
            other.path().join("dist").join(name),
            repo.path().join("dist").join(name),
        )
        .expect("copy");
    }
    one_error(
        &run_in(&repo, &[], &token()),
        71,
        "the files are not one release of one project",
    );
    for name in &other_files {
        std::fs::remove_file(repo.path().join("dist").join(name)).expect("rm");
    }

    // A tag that names another version, a tag that does not exist, and no
    // tag for the version at all.
    repo.tag("v1.1.0");
    one_error(
        &run_in(&repo, &["--tag", "v1.1.0"], &token()),
        72,
        "tag v1.1.0 is version 1.1.0, but the files are version 1.0.0",
    );
    one_error(
        &run_in(&repo, &["--tag", "v9.9.9"], &token()),
        72,
        "tag v9.9.9 does not exist",
    );
    // GitHub Actions' tag build names the tag the same way.
    let run = run_in(
        &repo,
        &[],
        &[
            ("RELX_PYPI_TOKEN", TOKEN),
            ("GITHUB_REF_TYPE", "tag"),
            ("GITHUB_REF_NAME", "v1.1.0"),
        ],
    );
    one_error(&run, 72, "tag v1.1.0 is version 1.1.0");
    repo.git(&["tag", "-d", "v1.0.0"]);
    one_error(
        &run_in(&repo, &[], &token()),
        72,
        "no release tag for version 1.0.0: tag v1.0.0 does not exist",
    );
    repo.tag("v1.0.0");

    // A tag outside the release tag pattern.
    repo.tag("release-1.0.0");
    one_error(
        &run_in(&repo, &["--tag", "release-1.0.0"], &token()),
        73,
        "tag release-1.0.0 does not match the release tag pattern `v$major.$minor.$patch`",
    );

    // No credentials anywhere.
    let run = run_in(&repo, &[], &[]);
    one_error(&run, 74, "no credentials for");
    assert!(run.stderr.contains("hint: set RELX_PYPI_TOKEN"), "{run:?}");

    // An index URL that is not http(s).
    let run = publish(
        &repo,
        &[
            "--repository-url",
            "ftp://example.org/legacy/",
            "--no-github-release",
        ],
        &token(),
    );
    one_error(&run, 77, "ftp://example.org/legacy/: not an http(s) URL");

    // Credentials inside the URL: refused, and never shown.
    let secret = "pypi-in-the-url-secret";
    let with_creds = format!("https://__token__:{secret}@upload.example.org/legacy/");
    for flags in [
        vec!["--repository-url", with_creds.as_str()],
        vec![
            "--repository-url",
            url.as_str(),
            "--check-url",
            with_creds.as_str(),
        ],
    ] {
        let mut args = flags.clone();
        args.push("--no-github-release");
        let run = publish(&repo, &args, &token());
        one_error(
            &run,
            74,
            "https://***@upload.example.org/…: the URL holds credentials",
        );
        super::assert_never_printed(&run, secret);
    }

    // A file that fails the check: a wheel whose name says another version.
    let wheel = files.iter().find(|f| f.ends_with(".whl")).expect("wheel");
    std::fs::copy(
        repo.path().join("dist").join(wheel),
        repo.path()
            .join("dist")
            .join(wheel.replace("1.0.0", "1.0.1")),
    )
    .expect("copy");
    let run = run_in(&repo, &[], &token());
    assert_eq!(run.code, 47, "{run:?}");
    assert!(error_lines(&run)[0].contains("1.0.1"), "{run:?}");

    assert!(server.log().is_empty(), "nothing may reach the index");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn pypirc_sections_give_the_url_and_the_credentials() {
    let server = Server::recorder(&[]);
    let (repo, _) = released("1.0.0");
    let home = tempfile::tempdir().expect("home");
    std::fs::write(
        home.path().join(".pypirc"),
        format!(
            "[distutils]\nindex-servers =\n    private\n\n[private]\nrepository = {}\nusername = alice\npassword = {TOKEN}\n",
            server.url("/")
        ),
    )
    .expect("pypirc");
    let home_dir = home.path().display().to_string();
    let run = publish(
        &repo,
        &["--repository", "private", "--no-github-release"],
        &[("HOME", home_dir.as_str())],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("as alice (~/.pypirc [private])"),
        "{run:?}"
    );
    let up = server
        .log()
        .into_iter()
        .find(|e| e["request"] == "upload")
        .expect("an upload");
    assert_eq!(up["user"], "alice");
    assert_eq!(up["password"], TOKEN);

    let run = publish(
        &repo,
        &["--repository", "missing", "--no-github-release"],
        &[("HOME", home_dir.as_str())],
    );
    one_error(&run, 74, "~/.pypirc has no repository URL for [missing]");
}

#[test]
fn credentials_inside_forge_and_oidc_urls_are_refused_unprinted() {
    let server = Server::recorder(&[]);
    let (repo, _) = released("1.0.0");
    let index = server.url("/");
    let secret = "ghs-in-the-url-secret";
    // A closed port on 127.0.0.1: were the URL used, nothing would answer.
    let with_creds = format!("http://x-access-token:{secret}@127.0.0.1:9/api");
    let github = [
        ("RELX_PYPI_TOKEN", TOKEN),
        ("GITHUB_TOKEN", "ghs_a_token"),
        ("GITHUB_REPOSITORY", "acme/demo"),
    ];
    let gitlab = [
        ("RELX_PYPI_TOKEN", TOKEN),
        ("GITLAB_TOKEN", "glpat-a-token"),
        ("CI_PROJECT_ID", "7"),
    ];
    let oidc = [
        ("ACTIONS_ID_TOKEN_REQUEST_URL", with_creds.as_str()),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "actions-request-token"),
    ];
    // Where the URL comes from, the flags, the environment.
    type Case<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            "GITHUB_API_URL",
            vec![],
            [&github[..], &[("GITHUB_API_URL", with_creds.as_str())]].concat(),
        ),
        (
            "--github-api-url",
            vec!["--github-api-url", with_creds.as_str()],
            github.to_vec(),
        ),
        (
            "CI_API_V4_URL",
            vec![],
            [&gitlab[..], &[("CI_API_V4_URL", with_creds.as_str())]].concat(),
        ),
        (
            "--gitlab-api-url",
            vec!["--gitlab-api-url", with_creds.as_str()],
            gitlab.to_vec(),
        ),
        (
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            vec!["--trusted-publishing", "always"],
            oidc.to_vec(),
        ),
        ("ACTIONS_ID_TOKEN_REQUEST_URL", vec![], oidc.to_vec()),
    ];
    for (what, flags, env) in cases {
        let mut args = vec!["--repository-url", index.as_str()];
        args.extend(flags);
        let run = publish(&repo, &args, &env);
        one_error(
            &run,
            74,
            &format!("{what}: http://***@127.0.0.1:9/…: the URL holds credentials"),
        );
        super::assert_never_printed(&run, secret);
        super::assert_never_printed(&run, "x-access-token");
    }
    assert!(
        server.log().is_empty(),
        "nothing may be sent: {:?}",
        server.log()
    );
}

//! The upload form as the real twine sends it (recorded by
//! tests/servers/index.py), the index's "already exists" answers, its HTML
//! errors, and trusted publishing, each request checked.

use std::process::Command;

use serde_json::Value;

use super::{assert_never_printed, error_lines, publish, released, Server, TOKEN};
use crate::support::venv_bin;

fn uploads(server: &Server) -> Vec<Value> {
    server
        .log()
        .into_iter()
        .filter(|e| e["request"] == "upload")
        .collect()
}

/// One upload: the file name, its form fields sorted (names repeat), and
/// the user, password and file as received.
type Form = (String, Vec<(String, String)>, Value);

/// The form of each upload, by file name.
fn forms(entries: &[Value]) -> Vec<Form> {
    let mut out: Vec<Form> = entries
        .iter()
        .map(|e| {
            let mut fields: Vec<(String, String)> = e["fields"]
                .as_array()
                .expect("fields")
                .iter()
                .map(|f| {
                    (
                        f[0].as_str().expect("name").to_string(),
                        f[1].as_str().expect("value").to_string(),
                    )
                })
                .collect();
            fields.sort();
            let file = e["file"].clone();
            (
                file["filename"].as_str().expect("filename").to_string(),
                fields,
                serde_json::json!([e["user"], e["password"], file]),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn the_form_is_what_twine_sends() {
    let (repo, files) = released("1.0.0");
    let twine_server = Server::recorder(&[]);
    let dist = repo.path().join("dist");
    let twine = Command::new(venv_bin("twine"))
        .args(["upload", "--disable-progress-bar", "--non-interactive"])
        .args(["--repository-url", &twine_server.url("/")])
        .args(files.iter().map(|f| dist.join(f)))
        .env("TWINE_USERNAME", "__token__")
        .env("TWINE_PASSWORD", TOKEN)
        .output()
        .expect("twine runs");
    assert!(
        twine.status.success(),
        "{}",
        String::from_utf8_lossy(&twine.stderr)
    );
    let relx_server = Server::recorder(&[]);
    let run = publish(
        &repo,
        &[
            "--repository-url",
            &relx_server.url("/"),
            "--no-github-release",
        ],
        &[("TWINE_PASSWORD", TOKEN)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let theirs = forms(&uploads(&twine_server));
    let ours = forms(&uploads(&relx_server));
    assert_eq!(theirs.len(), files.len());
    assert_eq!(ours, theirs);
    // The fields the upload API needs are among them.
    let names: Vec<&str> = ours[0].1.iter().map(|(n, _)| n.as_str()).collect();
    for needed in [
        ":action",
        "protocol_version",
        "sha256_digest",
        "blake2_256_digest",
        "filetype",
        "pyversion",
        "metadata_version",
        "name",
        "version",
    ] {
        assert!(names.contains(&needed), "{needed} missing: {names:?}");
    }
    // Sent with a Content-Length, not chunked.
    assert!(uploads(&relx_server).iter().all(|e| e["chunked"] == false));
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn exists_answers_are_errors_unless_skip_existing() {
    for (status, text) in [
        ("409", "Conflict"),
        (
            "400",
            "File already exists. See https://pypi.org/help/#file-name-reuse",
        ),
    ] {
        let server = Server::recorder(&["--status", status, "--status-text", text]);
        let (repo, files) = released("1.0.0");
        let url = server.url("/");
        let env = [("RELX_PYPI_TOKEN", TOKEN)];
        let run = publish(
            &repo,
            &["--repository-url", &url, "--no-github-release"],
            &env,
        );
        assert_eq!(run.code, 76, "{status}: {run:?}");
        let errors = error_lines(&run);
        assert_eq!(errors.len(), 1, "{run:?}");
        assert!(errors[0].contains(&files[0]), "{run:?}");
        assert!(errors[0].contains("--skip-existing"), "{run:?}");
        let run = publish(
            &repo,
            &[
                "--repository-url",
                &url,
                "--no-github-release",
                "--skip-existing",
            ],
            &env,
        );
        assert_eq!(run.code, 0, "{status}: {run:?}");
        for name in &files {
            assert!(
                run.stdout.contains(&format!(
                    "skipped {name}: the index has it already (--skip-existing)"
                )),
                "{run:?}"
            );
        }
    }
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn an_html_error_page_becomes_one_line_and_says_what_went() {
    let page = "<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1><p>Invalid distribution metadata.</p></body></html>";
    let server = Server::recorder(&["--status", "400", "--status-text", page]);
    let (repo, files) = released("1.0.0");
    let run = publish(
        &repo,
        &["--repository-url", &server.url("/"), "--no-github-release"],
        &[("RELX_PYPI_TOKEN", TOKEN)],
    );
    assert_eq!(run.code, 77, "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(
        errors,
        [format!(
            "error: {}: HTTP 400: 400 Bad Request: Bad Request Invalid distribution metadata.",
            files[0]
        )
        .as_str()]
    );
    assert!(!run.stderr.contains("<html"), "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "on the index now: none; not uploaded: {}",
            files.join(", ")
        )),
        "{run:?}"
    );
}

/// `relx publish` to SERVER's /legacy/ as on GitHub Actions: the OIDC
/// request URL at PATH on the same server, with REQUEST_TOKEN.
fn trusted(
    repo: &crate::support::TestRepo,
    server: &Server,
    path: &str,
    request_token: &str,
    args: &[&str],
) -> crate::support::Run {
    let url = server.url("/legacy/");
    let mut all = vec!["--repository-url", url.as_str(), "--no-github-release"];
    all.extend_from_slice(args);
    let request_url = server.url(path);
    publish(
        repo,
        &all,
        &[
            ("ACTIONS_ID_TOKEN_REQUEST_URL", request_url.as_str()),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", request_token),
        ],
    )
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn trusted_publishing_exchanges_the_oidc_token_for_an_upload_token() {
    let server = Server::recorder(&[]);
    let (repo, files) = released("1.0.0");
    let run = trusted(
        &repo,
        &server,
        "/oidc-token?api-version=2.0",
        "actions-request-token",
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("with trusted publishing"), "{run:?}");
    let log = server.log();
    let requests: Vec<&str> = log
        .iter()
        .map(|e| e["request"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        requests[..3],
        ["audience", "oidc-token", "mint-token"],
        "{log:?}"
    );
    assert_eq!(log[1]["audience"], "pypi-test");
    assert_eq!(log[1]["authorization"], "Bearer actions-request-token");
    assert_eq!(
        log[2]["json"],
        serde_json::json!({"token": "oidc-jwt-from-github"})
    );
    let ups = uploads(&server);
    assert_eq!(ups.len(), files.len());
    for up in &ups {
        assert_eq!(up["user"], "__token__");
        assert_eq!(up["password"], "pypi-minted-short-lived-token");
        assert_eq!(up["path"], "/legacy/");
    }
    for secret in [
        "actions-request-token",
        "oidc-jwt-from-github",
        "pypi-minted-short-lived-token",
    ] {
        assert_never_printed(&run, secret);
    }
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_refused_exchange_fails_without_printing_any_token() {
    // The stand-in expects another request token: GitHub says 401.
    let server = Server::recorder(&["--request-token", "the-right-one"]);
    let (repo, _) = released("1.0.0");
    let run = trusted(&repo, &server, "/oidc-token", "a-wrong-request-token", &[]);
    assert_eq!(run.code, 79, "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains("id-token: write"), "{run:?}");
    assert_never_printed(&run, "a-wrong-request-token");
    assert!(uploads(&server).is_empty());

    // Outside GitHub Actions, --trusted-publishing always says why it cannot.
    let run = publish(
        &repo,
        &[
            "--repository-url",
            &server.url("/legacy/"),
            "--trusted-publishing",
            "always",
        ],
        &[],
    );
    assert_eq!(run.code, 79, "{run:?}");
    assert!(
        run.stderr.contains("ACTIONS_ID_TOKEN_REQUEST_URL"),
        "{run:?}"
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn no_failure_prints_the_token_even_in_trace_logs() {
    // An index that echoes the credentials back in its error page.
    let echo = format!("<html><body><p>bad credentials __token__:{TOKEN}</p></body></html>");
    let server = Server::recorder(&["--status", "403", "--status-text", &echo]);
    let (repo, _) = released("1.0.0");
    for verbosity in ["-q", "-v", "-vvv"] {
        let asked = uploads(&server).len();
        let run = publish(
            &repo,
            &[
                verbosity,
                "--repository-url",
                &server.url("/"),
                "--no-github-release",
            ],
            &[("RELX_PYPI_TOKEN", TOKEN)],
        );
        assert_eq!(run.code, 75, "{verbosity}: {run:?}");
        // An upload reached the index, so its echo was there to leak.
        assert!(
            uploads(&server).len() > asked,
            "{verbosity}: nothing was uploaded: {run:?}"
        );
        assert_never_printed(&run, TOKEN);
    }
    let sent = uploads(&server);
    // The token travelled, only in the Authorization header.
    assert!(sent.iter().all(|e| e["password"] == TOKEN), "{sent:?}");
}

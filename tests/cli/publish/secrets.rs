//! Secrets in every form a server can echo them in: an index that refuses
//! the upload with the password it received, percent-encoded,
//! JSON-escaped, in base64, split by tags or lines, or where the message
//! is cut; a redirect to a URL with credentials and the password in its
//! query. Nothing relx prints, at any verbosity, may hold any of them.

use super::{error_lines, publish, released, Server};
use crate::support::Run;

/// A password with characters every encoder treats in its own way (its
/// base64 holds `+`, which URL-safe base64 writes `-`).
const SECRET: &str = "pypi-AgE/Ic+Hlw=aS5 vcmc:CJDk0~~~test_secret";

/// The forms tests/servers/index.py echoes (its `echoes`).
const FORMS: [&str; 18] = [
    "raw",
    "percent-every-byte",
    "percent-every-byte-lower",
    "quote",
    "quote-lower",
    "form",
    "json",
    "json-escaped-slash",
    "json-unicode",
    "html-references",
    "basic-header",
    "base64",
    "base64url",
    "br",
    "wbr",
    "lines",
    "tags",
    "cut",
];

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether what `run` printed holds `MIN` characters in a row of `secret`
/// (or all of a shorter one), once whitespace is removed from both.
fn shows(run: &Run, secret: &str, min: usize) -> Option<String> {
    let printed = without_whitespace(&format!("{}\n{}", run.stdout, run.stderr));
    let secret: Vec<char> = without_whitespace(secret).chars().collect();
    secret
        .windows(min.min(secret.len()))
        .map(|w| w.iter().collect::<String>())
        .find(|w| printed.contains(w.as_str()))
}

#[test]
fn no_echoed_form_of_the_password_is_printed() {
    let server = Server::recorder(&[]);
    let (repo, _) = released("1.0.0");
    for form in FORMS {
        for verbosity in ["-v", "-vvv"] {
            let url = server.url(&format!("/echo/{form}/"));
            let run = publish(
                &repo,
                &[verbosity, "--repository-url", &url, "--no-github-release"],
                &[("RELX_PYPI_TOKEN", SECRET)],
            );
            let what = format!("{form} at {verbosity}: {run:?}");
            assert_eq!(run.code, 75, "{what}");
            let errors = error_lines(&run);
            assert_eq!(errors.len(), 1, "{what}");
            // The echo reached the message, hidden.
            assert!(errors[0].contains("***"), "{what}");
            assert_eq!(shows(&run, SECRET, 8), None, "{what}");
            let entry = server
                .log()
                .into_iter()
                .rfind(|e| e["path"] == format!("/echo/{form}/"))
                .expect("the upload reached the index");
            // The form itself, as the server wrote it (the cut leaves
            // only 7 characters: those, whole).
            let echoed = entry["echoed"].as_str().expect("echoed").to_string();
            let min = if form == "cut" { 7 } else { 8 };
            assert_eq!(shows(&run, &echoed, min), None, "{what}");
        }
    }
}

#[test]
fn a_redirect_is_shown_without_its_credentials_or_query() {
    let server = Server::recorder(&[]);
    let (repo, _) = released("1.0.0");
    for verbosity in ["-v", "-vvv"] {
        let run = publish(
            &repo,
            &[
                verbosity,
                "--repository-url",
                &server.url("/redirect/"),
                "--no-github-release",
            ],
            &[("RELX_PYPI_TOKEN", SECRET)],
        );
        assert_eq!(run.code, 77, "{run:?}");
        let errors = error_lines(&run);
        assert_eq!(errors.len(), 1, "{run:?}");
        let shown = format!("redirected the upload to {};", server.url("/elsewhere/"));
        assert!(errors[0].contains(&shown), "{run:?}");
        for part in ["X-Signature", "__token__:", "?", "#"] {
            assert!(!errors[0].contains(part), "{part}: {run:?}");
        }
        assert_eq!(shows(&run, SECRET, 8), None, "{run:?}");
    }
}

//! Against a real pypiserver: upload, install with pip from it, idempotent
//! re-runs, a refused token, a file name reused with other content, a
//! stopped server.

use std::process::Command;

use super::{assert_never_printed, error_lines, publish, released, Server, TOKEN};
use crate::support::venv_bin;

fn token_env() -> Vec<(&'static str, &'static str)> {
    vec![("RELX_PYPI_TOKEN", TOKEN)]
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn uploads_to_pypiserver_and_pip_installs_it_from_there() {
    let server = Server::pypiserver();
    let (repo, files) = released("1.0.0");
    let url = server.url("/");
    let run = publish(
        &repo,
        &["--repository-url", &url, "--no-github-release"],
        &token_env(),
    );
    assert_eq!(run.code, 0, "{run:?}");
    for name in &files {
        assert!(
            run.stdout.contains(&format!("uploaded {name} (")),
            "{name}: {run:?}"
        );
        let on_index = std::fs::read(server.packages().join(name)).expect("on the index");
        let local = std::fs::read(repo.path().join("dist").join(name)).expect("local");
        assert!(on_index == local, "{name} arrived changed");
    }
    assert_never_printed(&run, TOKEN);

    // A fresh venv installs it from the index alone and imports it.
    let venv = tempfile::tempdir().expect("temp dir");
    let made = Command::new(venv_bin("python"))
        .args(["-m", "venv"])
        .arg(venv.path().join("v"))
        .status()
        .expect("venv");
    assert!(made.success());
    let bin = venv.path().join("v/bin");
    let install = Command::new(bin.join("pip"))
        .args([
            "install",
            "--disable-pip-version-check",
            "--no-cache-dir",
            "--index-url",
            &server.url("/simple/"),
            "demo-pub==1.0.0",
        ])
        .output()
        .expect("pip runs");
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    let import = Command::new(bin.join("python"))
        .args(["-c", "import demo_pkg; print(demo_pkg.GREETING)"])
        .output()
        .expect("python runs");
    assert_eq!(
        String::from_utf8_lossy(&import.stdout).trim(),
        "hello from demo-pub"
    );

    // A second run finds both files there with the same sha256.
    let again = publish(
        &repo,
        &["--repository-url", &url, "--no-github-release", "--json"],
        &token_env(),
    );
    assert_eq!(again.code, 0, "{again:?}");
    let report: serde_json::Value = serde_json::from_str(&again.stdout).expect("JSON");
    let outcomes: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["outcome"].as_str().expect("outcome"))
        .collect();
    assert_eq!(outcomes, ["already-uploaded", "already-uploaded"]);
    assert_eq!(report["tag"], "v1.0.0");
    assert_eq!(report["version"], "1.0.0");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_wrong_token_is_refused_in_one_line_without_the_token() {
    let server = Server::pypiserver();
    let (repo, files) = released("1.0.0");
    let wrong = "pypi-wrong-token-that-must-not-print";
    let run = publish(
        &repo,
        &["--repository-url", &server.url("/"), "--no-github-release"],
        &[("RELX_PYPI_TOKEN", wrong)],
    );
    assert_eq!(run.code, 75, "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains(&files[0]), "{run:?}");
    assert!(errors[0].contains("RELX_PYPI_TOKEN"), "{run:?}");
    assert!(errors[0].contains("403"), "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "on the index now: none; not uploaded: {}",
            files.join(", ")
        )),
        "{run:?}"
    );
    assert_never_printed(&run, wrong);
    assert!(std::fs::read_dir(server.packages())
        .expect("packages")
        .next()
        .is_none());
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_file_name_reused_with_other_content_stops_before_any_upload() {
    let server = Server::pypiserver();
    let (repo, files) = released("1.0.0");
    let url = server.url("/");
    // The index has a wheel of that name with other bytes.
    let wheel = files.iter().find(|f| f.ends_with(".whl")).expect("a wheel");
    let mut other = std::fs::read(repo.path().join("dist").join(wheel)).expect("wheel");
    other.extend_from_slice(b"\0");
    std::fs::write(server.packages().join(wheel), other).expect("plant");
    let run = publish(
        &repo,
        &["--repository-url", &url, "--no-github-release"],
        &token_env(),
    );
    assert_eq!(run.code, 76, "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains(wheel.as_str()), "{run:?}");
    assert!(errors[0].contains("different file"), "{run:?}");
    for name in files.iter().filter(|f| *f != wheel) {
        assert!(
            !server.packages().join(name).exists(),
            "{name} must not have been sent"
        );
    }
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_stopped_server_fails_after_the_retries() {
    let mut server = Server::pypiserver();
    let (repo, _) = released("1.0.0");
    let url = server.url("/");
    server.stop();
    let run = publish(
        &repo,
        &[
            "--repository-url",
            &url,
            "--no-github-release",
            "--retries",
            "2",
        ],
        &token_env(),
    );
    assert_eq!(run.code, 77, "{run:?}");
    assert!(run.stderr.contains("retry 1 of 2"), "{run:?}");
    assert!(run.stderr.contains("retry 2 of 2"), "{run:?}");
    assert!(!run.stderr.contains("retry 3"), "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(
        errors[0].contains(&format!("127.0.0.1:{}", server.port)),
        "{run:?}"
    );
    assert!(run.stderr.contains("nothing was uploaded"), "{run:?}");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_dry_run_checks_and_sends_nothing() {
    let server = Server::pypiserver();
    let (repo, files) = released("1.0.0");
    let run = publish(
        &repo,
        &["--repository-url", &server.url("/"), "--dry-run"],
        &token_env(),
    );
    assert_eq!(run.code, 0, "{run:?}");
    for name in &files {
        assert!(
            run.stdout.contains(&format!("would upload {name}")),
            "{run:?}"
        );
    }
    assert!(
        run.stdout.contains("Dry run: nothing was uploaded"),
        "{run:?}"
    );
    assert!(std::fs::read_dir(server.packages())
        .expect("packages")
        .next()
        .is_none());
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Linux: util-linux `script` gives relx a terminal"
)]
fn a_progress_bar_per_file_on_a_terminal_and_plain_lines_elsewhere() {
    let server = Server::recorder(&[]);
    let (repo, files) = released("1.0.0");
    let url = server.url("/");
    let sdist_size = std::fs::metadata(repo.path().join("dist").join(&files[0]))
        .expect("sdist")
        .len();
    let tools = crate::build::Tools::python();
    let command = format!(
        "{} publish --repository-url {url} --no-github-release",
        env!("CARGO_BIN_EXE_relx")
    );
    let shown = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo.path())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("PATH", tools.path())
        .env("HOME", repo.path())
        .env("RELX_PYPI_TOKEN", TOKEN)
        .output()
        .expect("script (util-linux) runs");
    let shown = String::from_utf8_lossy(&shown.stdout);
    // A bar per file, labelled with its name and sized in bytes (how far it
    // got before it was cleared depends on the drawing rate).
    for name in &files {
        assert!(shown.contains(&format!("{name} [")), "{shown}");
    }
    assert!(shown.contains(&format!("B/{sdist_size} B")), "{shown}");
    assert!(
        shown.contains(&format!("uploaded {} (", files[0])),
        "{shown}"
    );
    assert!(!shown.contains(TOKEN));

    // Not on a terminal: only the summary lines.
    let plain = publish(
        &repo,
        &[
            "--repository-url",
            &url,
            "--no-github-release",
            "--skip-existing",
        ],
        &token_env(),
    );
    assert_eq!(plain.code, 0, "{plain:?}");
    assert!(!plain.stderr.contains("[="), "{plain:?}");
    assert!(!plain.stderr.contains('\x1b'), "{plain:?}");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn an_index_that_never_answers_times_out() {
    // Connections are taken (the kernel's backlog) but never answered.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/", silent.local_addr().expect("address"));
    let (repo, _) = released("1.0.0");
    let run = publish(
        &repo,
        &[
            "--repository-url",
            &url,
            "--no-github-release",
            "--timeout",
            "1",
            "--retries",
            "0",
        ],
        &token_env(),
    );
    assert_eq!(run.code, 77, "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(errors[0].contains("timed out"), "{run:?}");
    drop(silent);
}

//! The fully static Linux binary (`task static`, the musl target): no ELF
//! interpreter and no shared library, checked with `readelf`; it plans a
//! release in a real repository and publishes to a local index reached by
//! the name `localhost` (name resolution is where static builds break).
//!
//! A musl release build takes minutes, so these tests take the binary from
//! `RELX_STATIC_BIN` and are ignored otherwise; run them with
//! `RELX_STATIC_BIN=$(task static) cargo test --test cli static_binary -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::Tools;
use crate::publish::{released, Server, TOKEN};
use crate::support::{run_relx, TestRepo};

const IGNORED: &str = "needs RELX_STATIC_BIN, a static build (task static)";

/// The static binary under test; a missing one is a failure, not a pass.
fn static_bin() -> PathBuf {
    let bin = std::env::var_os("RELX_STATIC_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{IGNORED}"));
    assert!(
        bin.is_file(),
        "RELX_STATIC_BIN={} is no file",
        bin.display()
    );
    bin
}

fn readelf(flag: &str, bin: &Path) -> String {
    let out = Command::new("readelf")
        .args([flag, "--wide"])
        .arg(bin)
        .output()
        .expect("readelf runs (binutils)");
    assert!(out.status.success(), "readelf {flag}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs RELX_STATIC_BIN, a static build (task static)"]
fn static_binary_has_no_interpreter_and_no_shared_library() {
    let bin = static_bin();
    let headers = readelf("--program-headers", &bin);
    assert!(headers.contains("LOAD"), "not an ELF program: {headers}");
    assert!(!headers.contains("INTERP"), "an ELF interpreter: {headers}");
    let dynamic = readelf("--dynamic", &bin);
    assert!(!dynamic.contains("(NEEDED)"), "shared libraries: {dynamic}");
}

#[test]
#[ignore = "needs RELX_STATIC_BIN, a static build (task static)"]
fn static_binary_plans_a_release() {
    let bin = static_bin();
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.4.0\"\ntag_format = \"v$version\"\n",
    );
    repo.commit("chore: start");
    repo.tag("v1.4.0");
    repo.commit("feat(api): new endpoint");
    repo.commit("fix: off by one");
    let run = run_relx(&bin, repo.path(), &["version", "--short"], &[]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.5.0\n"), "{run:?}");
    let plan = run_relx(&bin, repo.path(), &["version"], &[]);
    assert!(
        plan.stdout.starts_with("bump: version 1.4.0 → 1.5.0\n"),
        "{plan:?}"
    );
}

#[test]
#[ignore = "needs RELX_STATIC_BIN, a static build (task static)"]
fn static_binary_publishes_to_an_index_named_localhost() {
    let bin = static_bin();
    let server = Server::pypiserver();
    let (repo, files) = released("1.0.0");
    let url = format!("http://localhost:{}/", server.port);
    let tools = Tools::python();
    let mut env: Vec<(String, String)> = tools.env();
    env.push(("RELX_PYPI_TOKEN".into(), TOKEN.into()));
    env.push(("HOME".into(), repo.path().display().to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let run = run_relx(
        &bin,
        repo.path(),
        &["publish", "--repository-url", &url, "--no-github-release"],
        &env,
    );
    assert_eq!(run.code, 0, "{run:?}");
    for name in &files {
        assert!(
            server.packages().join(name).is_file(),
            "{name} not on the index: {run:?}"
        );
    }
}

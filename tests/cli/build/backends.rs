//! Building real projects with each backend and frontend.

use std::process::Command;

use serde_json::Value;

use super::{
    assert_tracked_unchanged, files_in, flit_project, hatchling_project, relx, setuptools_project,
    twine_passes, Tools,
};
use crate::support::TestRepo;

/// Builds with `python3 -m build --no-isolation`, then checks what the
/// reference tools say about the result.
fn build_and_verify(repo: &TestRepo, sdist: &str, wheel: &str) -> Value {
    let tools = Tools::python();
    let run = relx(repo, &tools, &["build", "--no-isolation", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains(
            "INFO: building with `python3 -m build --outdir dist/.relx-staging --no-isolation`"
        ),
        "{}",
        run.stderr
    );
    let dist = repo.path().join("dist");
    let mut want = vec![
        "SHA256SUMS".to_string(),
        wheel.to_string(),
        sdist.to_string(),
    ];
    want.sort();
    assert_eq!(files_in(&dist), want);
    // twine agrees the files are fine.
    assert!(twine_passes(&dist.join(sdist)), "twine fails {sdist}");
    assert!(twine_passes(&dist.join(wheel)), "twine fails {wheel}");
    // The checksums verify with the real sha256sum.
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dist)
        .output()
        .expect("sha256sum runs");
    assert!(check.status.success(), "{check:?}");
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains(&format!("{sdist}: OK")) && said.contains(&format!("{wheel}: OK")),
        "{said}"
    );
    assert_tracked_unchanged(repo);
    serde_json::from_str(&run.stdout).expect("JSON summary")
}

/// The JSON summary's sizes and digests are the files' own (sha256sum's).
fn assert_summary_matches_files(repo: &TestRepo, summary: &Value) {
    for file in summary["files"].as_array().expect("files") {
        let path = repo.path().join(file["path"].as_str().expect("path"));
        let size = std::fs::metadata(&path).expect("built file").len();
        assert_eq!(file["size"], size);
        let digest = Command::new("sha256sum")
            .arg(&path)
            .output()
            .expect("sha256sum");
        let digest = String::from_utf8_lossy(&digest.stdout);
        assert_eq!(file["sha256"].as_str(), digest.split_whitespace().next());
        assert_eq!(file["passed"], true);
        assert_eq!(file["problems"], serde_json::json!([]));
    }
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn hatchling_project_builds_and_passes() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.2.0");
    let summary = build_and_verify(
        &repo,
        "demo_pkg-1.2.0.tar.gz",
        "demo_pkg-1.2.0-py3-none-any.whl",
    );
    assert_eq!(summary["name"], "Demo.Pkg");
    assert_eq!(summary["version"], "1.2.0");
    assert_eq!(summary["sha256sums"], "dist/SHA256SUMS");
    assert_eq!(summary["files"][0]["description"], "markdown");
    assert_summary_matches_files(&repo, &summary);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn setuptools_project_builds_and_its_rst_renders() {
    let repo = TestRepo::new();
    setuptools_project(&repo, "0.3.0", "Demo\n====\n\nA *demo* package.\n");
    let summary = build_and_verify(
        &repo,
        "demo_setuptools-0.3.0.tar.gz",
        "demo_setuptools-0.3.0-py3-none-any.whl",
    );
    let kinds: Vec<&str> = summary["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["description"].as_str().expect("description"))
        .collect();
    assert_eq!(kinds, vec!["rendered", "rendered"]);
    assert_summary_matches_files(&repo, &summary);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn flit_project_builds_and_passes() {
    let repo = TestRepo::new();
    flit_project(&repo, "2.0.0rc1");
    let summary = build_and_verify(
        &repo,
        "demo_flit-2.0.0rc1.tar.gz",
        "demo_flit-2.0.0rc1-py3-none-any.whl",
    );
    assert_eq!(summary["version"], "2.0.0rc1");
    assert_summary_matches_files(&repo, &summary);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn uv_is_used_when_it_is_on_path() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.0.0");
    let tools = Tools::with_uv();
    let run = relx(&repo, &tools, &["build", "--no-isolation", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let summary: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        summary["command"],
        "uv build --out-dir dist/.relx-staging --no-build-isolation"
    );
    // uv's own output reached stderr.
    assert!(
        run.stderr.contains("Building source distribution"),
        "{}",
        run.stderr
    );
    assert!(twine_passes(
        &repo.path().join("dist/demo_pkg-1.0.0-py3-none-any.whl")
    ));
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn isolation_can_be_switched_off_in_the_config() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.0.0");
    repo.write(
        ".relx.toml",
        "version_provider = \"pep621\"\nbuild_isolation = false\n",
    );
    repo.commit("chore: relx config");
    let run = relx(&repo, &Tools::python(), &["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("--no-isolation`"), "{}", run.stderr);
    // The text result lists the files with size and digest.
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "built Demo.Pkg 1.0.0 with `python3 -m build --outdir dist/.relx-staging --no-isolation`"
    );
    assert!(
        lines[1].starts_with("  dist/demo_pkg-1.0.0-py3-none-any.whl  "),
        "{}",
        run.stdout
    );
    assert!(lines[1].ends_with("  check passed"));
    assert_eq!(lines[3], "  dist/SHA256SUMS");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn build_command_writes_into_relx_dist_dir() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.0.0");
    repo.write(
        ".relx.toml",
        "version_provider = \"pep621\"\nbuild_command = \"cd src && python3 -m build --no-isolation --outdir \\\"$RELX_DIST_DIR\\\" ..\"\n",
    );
    repo.commit("chore: relx config");
    let run = relx(&repo, &Tools::python(), &["build", "--dist-dir", "out"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        files_in(&repo.path().join("out")),
        vec![
            "SHA256SUMS",
            "demo_pkg-1.0.0-py3-none-any.whl",
            "demo_pkg-1.0.0.tar.gz"
        ]
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn build_command_may_write_into_dist_itself() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.0.0");
    repo.write(
        ".relx.toml",
        "version_provider = \"pep621\"\nbuild_command = \"python3 -m build --no-isolation --wheel\"\n",
    );
    repo.commit("chore: relx config");
    let run = relx(&repo, &Tools::python(), &["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        files_in(&repo.path().join("dist")),
        vec!["SHA256SUMS", "demo_pkg-1.0.0-py3-none-any.whl"]
    );
    assert!(repo
        .read("dist/SHA256SUMS")
        .ends_with("  demo_pkg-1.0.0-py3-none-any.whl\n"));
}

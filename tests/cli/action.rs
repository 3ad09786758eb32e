//! The repository's GitHub Action (action.yml): its install script, run
//! here as the action runs it, against a local release archive (file://,
//! no network): the archive for the runner is picked, unpacked, put on
//! $GITHUB_PATH and runs. actionlint checks action.yml's inputs through
//! .github/workflows/action.yml (see `ecosystem::workflows_pass_actionlint`).

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A releases folder laid out like GitHub's: `download/vVERSION/ARCHIVE`,
/// the archive packed as `task binary` packs it, holding a `relx` that
/// answers `--version` as the release would (the debug build is too big
/// to pack for each test).
fn releases(version: &str, target: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let tag = dir.path().join("download").join(format!("v{version}"));
    std::fs::create_dir_all(&tag).expect("mkdir");
    let build = dir.path().join("build");
    std::fs::create_dir(&build).expect("mkdir");
    let bin = build.join("relx");
    std::fs::write(&bin, format!("#!/bin/sh\necho \"relx {version}\"\n")).expect("write");
    let mut perms = std::fs::metadata(&bin).expect("relx").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&bin, perms).expect("chmod");
    let archive = tag.join(format!("relx-{version}-{target}.tar.gz"));
    let status = Command::new("tar")
        .arg("-C")
        .arg(&build)
        .arg("-czf")
        .arg(&archive)
        .arg("relx")
        .status()
        .expect("tar runs");
    assert!(status.success());
    dir
}

/// Runs the action's install script with `env`, as the action's first step.
fn install(releases: &Path, home: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(root().join(".github/action/install.sh"))
        .env("RELX_RELEASES", format!("file://{}", releases.display()))
        .env("HOME", home)
        .env("GITHUB_PATH", home.join("github_path"))
        .env_remove("RELX_VERSION")
        .env_remove("RELX_ACTION_REF")
        .env_remove("RELX_INSTALL")
        .env_remove("RUNNER_TOOL_CACHE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("bash runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn action_install_script_puts_the_runners_release_binary_on_path() {
    let releases = releases("9.9.9", "x86_64-unknown-linux-musl");
    let home = tempfile::tempdir().expect("temp dir");
    let cache = home.path().join("toolcache");
    let out = install(
        releases.path(),
        home.path(),
        &[
            ("RELX_VERSION", "9.9.9"),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "X64"),
            ("RUNNER_TOOL_CACHE", cache.to_str().expect("utf-8")),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let dir = PathBuf::from(stdout(&out));
    assert_eq!(dir, cache.join("relx/9.9.9/x86_64-unknown-linux-musl"));
    let on_path = std::fs::read_to_string(home.path().join("github_path")).expect("GITHUB_PATH");
    assert_eq!(on_path, format!("{}\n", dir.display()));
    let version = Command::new(dir.join("relx"))
        .arg("--version")
        .output()
        .expect("the installed relx runs");
    assert_eq!(String::from_utf8_lossy(&version.stdout), "relx 9.9.9\n");
}

#[test]
fn action_install_script_takes_the_version_from_the_actions_release_tag() {
    let releases = releases("2.3.4", "aarch64-apple-darwin");
    let home = tempfile::tempdir().expect("temp dir");
    let out = install(
        releases.path(),
        home.path(),
        &[
            ("RELX_ACTION_REF", "v2.3.4"),
            ("RUNNER_OS", "macOS"),
            ("RUNNER_ARCH", "ARM64"),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("relx 2.3.4 for aarch64-apple-darwin: file://"),
        "{out:?}"
    );
    assert!(home.path().join(".relx/bin/relx").is_file(), "{out:?}");
    assert!(stderr.ends_with("relx 2.3.4\n"), "{stderr}");
}

#[test]
fn action_install_script_names_the_missing_archive() {
    let releases = releases("1.0.0", "x86_64-unknown-linux-musl");
    let home = tempfile::tempdir().expect("temp dir");
    let out = install(
        releases.path(),
        home.path(),
        &[
            ("RELX_VERSION", "v1.0.1"),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "X64"),
        ],
    );
    assert!(!out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("download/v1.0.1/relx-1.0.1-x86_64-unknown-linux-musl.tar.gz"),
        "{stderr}"
    );
    assert!(!home.path().join("github_path").exists(), "{out:?}");

    let odd = install(
        releases.path(),
        home.path(),
        &[("RUNNER_OS", "Plan9"), ("RUNNER_ARCH", "X64")],
    );
    assert!(!odd.status.success(), "{odd:?}");
    assert!(
        String::from_utf8_lossy(&odd.stderr)
            .contains("error: relx has no release binary for the system Plan9"),
        "{odd:?}"
    );
}

#[test]
fn action_runs_its_install_script_and_then_relx() {
    let action = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    let doc: serde_norway::Value = serde_norway::from_str(&action).expect("YAML");
    assert_eq!(doc["runs"]["using"].as_str(), Some("composite"));
    let steps = doc["runs"]["steps"].as_sequence().expect("steps");
    let install = steps[0]["run"].as_str().expect("a run step");
    assert!(
        install.contains("\"$GITHUB_ACTION_PATH/.github/action/install.sh\""),
        "{install}"
    );
    // The command goes through the environment, never into the script.
    let command = steps[1]["run"].as_str().expect("a run step");
    assert!(!command.contains("${{"), "{command}");
    assert_eq!(
        steps[1]["env"]["RELX_COMMAND"].as_str(),
        Some("${{ inputs.command }}")
    );
}

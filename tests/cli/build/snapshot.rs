//! `relx build --snapshot`: the snapshot version (SPEC §2: the next
//! version, `.devN` with N the commits since the last tag, or `.devYYYYMMDD`)
//! is in the version files for the build only; they are restored byte for
//! byte after a success, a failure and Ctrl-C.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{files_in, relx, setuptools_project, twine_passes, Tools};
use crate::support::TestRepo;

/// A hatchling project whose pyproject.toml has formatting worth keeping,
/// released as 1.2.0, then a feature and a fix (next version: 1.3.0).
fn released_project() -> (TestRepo, Vec<u8>) {
    let repo = TestRepo::new();
    let pyproject = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n\
                     [project]\nname = \"demo-pkg\"\nversion   =   '1.2.0'   # the release\ndescription = \"A demo package\"\n\
                     readme = \"README.md\"\nrequires-python = \">=3.8\"\n\n[tool.hatch.build.targets.wheel]\npackages = [\"src/demo_pkg\"]\n";
    repo.write("pyproject.toml", pyproject);
    repo.write("README.md", "# Demo\n");
    repo.write("src/demo_pkg/__init__.py", "");
    repo.commit("feat: demo package");
    repo.tag("1.2.0");
    repo.commit("feat: more");
    repo.commit("fix: less");
    (repo, pyproject.as_bytes().to_vec())
}

fn pyproject_bytes(repo: &TestRepo) -> Vec<u8> {
    std::fs::read(repo.path().join("pyproject.toml")).expect("pyproject")
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn snapshot_builds_the_dev_version_and_restores_the_files() {
    let (repo, before) = released_project();
    let run = relx(
        &repo,
        &Tools::python(),
        &["build", "--snapshot", "--no-isolation", "--json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let summary: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(summary["version"], "1.3.0.dev2");
    assert_eq!(
        files_in(&repo.path().join("dist")),
        vec![
            "SHA256SUMS",
            "demo_pkg-1.3.0.dev2-py3-none-any.whl",
            "demo_pkg-1.3.0.dev2.tar.gz"
        ]
    );
    assert!(twine_passes(
        &repo.path().join("dist/demo_pkg-1.3.0.dev2.tar.gz")
    ));
    assert!(
        run.stderr
            .contains("INFO: pyproject.toml: 1.3.0.dev2 for the build (restored afterwards)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        pyproject_bytes(&repo),
        before,
        "pyproject.toml restored byte for byte"
    );
    assert_eq!(
        repo.git(&["status", "--porcelain", "--untracked-files=no"]),
        ""
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn snapshot_by_date() {
    let (repo, before) = released_project();
    // 2026-11-22T12:00:00Z
    let tools = Tools::python();
    let mut env = tools.env();
    env.push(("SOURCE_DATE_EPOCH".into(), "1795348800".into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let run = repo.relx_env(&["build", "--snapshot=date", "--no-isolation"], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        repo.path()
            .join("dist/demo_pkg-1.3.0.dev20261122.tar.gz")
            .is_file(),
        "{}",
        run.stdout
    );
    assert_eq!(pyproject_bytes(&repo), before);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn snapshot_with_a_version_from_git_reaches_setuptools_scm() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[build-system]\nrequires = [\"setuptools\", \"setuptools-scm\"]\nbuild-backend = \"setuptools.build_meta\"\n\n\
         [project]\nname = \"demo-scm\"\ndynamic = [\"version\"]\ndescription = \"d\"\nreadme = \"README.md\"\n\n\
         [tool.setuptools]\npackages = [\"demo_scm\"]\n\n[tool.setuptools_scm]\n\n[tool.relx]\nversion_provider = \"scm\"\n",
    );
    repo.write("README.md", "# demo\n");
    repo.write("demo_scm/__init__.py", "");
    repo.commit("feat: demo");
    repo.tag("1.0.0");
    repo.commit("fix: a fix");
    let run = relx(
        &repo,
        &Tools::python(),
        &["build", "--snapshot", "--no-isolation"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        repo.path()
            .join("dist/demo_scm-1.0.1.dev1.tar.gz")
            .is_file(),
        "{}",
        run.stdout
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_failed_snapshot_build_restores_the_files() {
    let repo = TestRepo::new();
    setuptools_project(&repo, "1.0.0", "Demo\n====\n");
    repo.write("setup.py", "raise SystemExit('broken on purpose')\n");
    repo.commit("fix: break setup.py");
    let before = pyproject_bytes(&repo);
    let run = relx(
        &repo,
        &Tools::python(),
        &["build", "--snapshot", "--no-isolation"],
    );
    assert_eq!(run.code, 45, "{run:?}");
    assert_eq!(pyproject_bytes(&repo), before);
    assert!(!repo.path().join("dist").exists());
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn ctrl_c_during_a_snapshot_build_restores_the_files() {
    let (repo, before) = released_project();
    // The build waits after proving it saw the snapshot version.
    repo.write(
        ".relx.toml",
        "version_provider = \"pep621\"\nbuild_command = \"grep -q 1.3.0.dev pyproject.toml && touch seen && sleep 60\"\n",
    );
    let tools = Tools::python();
    let mut command = Command::new(env!("CARGO_BIN_EXE_relx"));
    command
        .args(["build", "--snapshot"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in tools.env() {
        command.env(k, v);
    }
    // Its own process group, as a terminal's foreground job.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command.spawn().expect("relx starts");
    let seen = repo.path().join("seen");
    let start = Instant::now();
    while !seen.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the build never started"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_ne!(
        pyproject_bytes(&repo),
        before,
        "the snapshot version is in place"
    );
    // sh's own kill signals the group, as a terminal would.
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -INT -{}", child.id())])
        .status()
        .expect("kill");
    assert!(kill.success());
    let out = child.wait_with_output().expect("relx ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("error: interrupted; the build was stopped"),
        "{stderr}"
    );
    assert_eq!(
        pyproject_bytes(&repo),
        before,
        "pyproject.toml restored byte for byte"
    );
    assert!(!repo.path().join("dist").exists());
}

/// relx killed while the snapshot version is in the files: the journal
/// says so to the next command, and `relx recover --exec` puts the files
/// back. See: the journal issue ("SIGKILL, a crash or power loss").
#[test]
#[cfg(unix)]
fn a_killed_snapshot_build_is_reported_and_recovered() {
    let (repo, before) = released_project();
    repo.write(
        ".relx.toml",
        "version_provider = \"pep621\"\nbuild_command = \"grep -q 1.3.0.dev pyproject.toml && touch seen && sleep 1\"\n",
    );
    let tools = Tools::python();
    let mut command = Command::new(env!("CARGO_BIN_EXE_relx"));
    command
        .args(["build", "--snapshot"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in tools.env() {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("relx starts");
    let seen = repo.path().join("seen");
    let start = Instant::now();
    while !seen.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the build never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill");
    child.wait().expect("reaped");
    // The backend (a `sleep 1`) ends by itself.
    std::thread::sleep(Duration::from_millis(1500));
    assert_ne!(
        pyproject_bytes(&repo),
        before,
        "killed with the snapshot version in place"
    );
    let next = relx(&repo, &tools, &["build"]);
    assert_eq!(next.code, 82, "{next:?}");
    assert!(next.stderr.contains("`relx build`"), "{}", next.stderr);
    let fix = relx(&repo, &tools, &["recover", "--exec"]);
    assert_eq!(fix.code, 0, "{fix:?}");
    assert_eq!(pyproject_bytes(&repo), before, "put back byte for byte");
    assert!(!repo.path().join(".git/relx/journal").exists());
    assert!(!repo.path().join(".git/relx/lock").exists());
}

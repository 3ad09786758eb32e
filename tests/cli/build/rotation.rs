//! `--keep N`: the N newest versions stay, by PEP 440 order, not file time.

use std::fs::File;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::{files_in, hatchling_project, relx, Tools};
use crate::support::TestRepo;

fn old_file(repo: &TestRepo, name: &str, age_days: u64) {
    repo.write(&format!("dist/{name}"), "an old build");
    let when = SystemTime::now() - Duration::from_secs(age_days * 86_400);
    File::options()
        .write(true)
        .open(repo.path().join("dist").join(name))
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn keep_removes_all_but_the_newest_versions_by_pep440_order() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "2.0.0");
    // By time, 1.9.0 is the newest and 1.10.0 the oldest; by version,
    // 1.10.0 is the newest before 2.0.0.
    old_file(&repo, "demo_pkg-1.9.0.tar.gz", 1);
    old_file(&repo, "demo_pkg-1.2.0.tar.gz", 5);
    old_file(&repo, "demo_pkg-1.10.0-py3-none-any.whl", 30);
    old_file(&repo, "other_pkg-0.1.tar.gz", 40);
    repo.write("dist/notes.txt", "kept");
    let run = relx(
        &repo,
        &Tools::python(),
        &["build", "--no-isolation", "--keep", "2", "--json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        files_in(&repo.path().join("dist")),
        vec![
            "SHA256SUMS",
            "demo_pkg-1.10.0-py3-none-any.whl",
            "demo_pkg-2.0.0-py3-none-any.whl",
            "demo_pkg-2.0.0.tar.gz",
            "notes.txt",
            "other_pkg-0.1.tar.gz",
        ]
    );
    assert!(
        run.stderr
            .contains("INFO: removed (--keep 2): demo_pkg-1.2.0.tar.gz, demo_pkg-1.9.0.tar.gz"),
        "{}",
        run.stderr
    );
    let summary: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        summary["removed"],
        serde_json::json!(["dist/demo_pkg-1.2.0.tar.gz", "dist/demo_pkg-1.9.0.tar.gz"])
    );
    // SHA256SUMS covers this release's files only.
    let sums = repo.read("dist/SHA256SUMS");
    assert_eq!(sums.lines().count(), 2, "{sums}");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn keep_one_leaves_only_the_version_just_built() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.0.1");
    old_file(&repo, "demo_pkg-3.0.0.tar.gz", 1);
    let run = relx(
        &repo,
        &Tools::python(),
        &["build", "--no-isolation", "--keep", "1"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("removed dist/demo_pkg-3.0.0.tar.gz"),
        "{}",
        run.stdout
    );
    assert_eq!(
        files_in(&repo.path().join("dist")),
        vec![
            "SHA256SUMS",
            "demo_pkg-1.0.1-py3-none-any.whl",
            "demo_pkg-1.0.1.tar.gz"
        ]
    );
}

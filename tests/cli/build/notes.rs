//! The changelog in dist/: `CHANGELOG.md` as it is and this version's
//! section as `RELEASE_NOTES.md` (docs/changelog.md: the section under the
//! version's heading, without the heading and the surrounding blank lines,
//! up to the next heading of the same level), both in `SHA256SUMS`.

use std::process::Command;

use serde_json::Value;

use super::{files_in, hatchling_project, relx, Tools};
use crate::support::TestRepo;

const CHANGELOG: &str = "# Changelog\n\n## 1.2.0 (2026-01-02)\n\nA hand-written line.\n\n### Feat\n\n- **api**: add x\n\n\
                         ## 1.1.0 (2026-01-01)\n\n### Fix\n\n- y\n";

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn changelog_and_this_versions_notes_go_into_dist() {
    let repo = TestRepo::new();
    repo.write("CHANGELOG.md", CHANGELOG);
    hatchling_project(&repo, "1.2.0");
    let run = relx(
        &repo,
        &Tools::python(),
        &["build", "--no-isolation", "--json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let dist = repo.path().join("dist");
    assert_eq!(
        files_in(&dist),
        vec![
            "CHANGELOG.md",
            "RELEASE_NOTES.md",
            "SHA256SUMS",
            "demo_pkg-1.2.0-py3-none-any.whl",
            "demo_pkg-1.2.0.tar.gz"
        ]
    );
    assert_eq!(repo.read("dist/CHANGELOG.md"), CHANGELOG);
    assert_eq!(
        repo.read("dist/RELEASE_NOTES.md"),
        "A hand-written line.\n\n### Feat\n\n- **api**: add x\n"
    );
    let summary: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(summary["changelog"], "dist/CHANGELOG.md");
    assert_eq!(summary["release_notes"], "dist/RELEASE_NOTES.md");
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dist)
        .output()
        .expect("sha256sum runs");
    assert!(check.status.success(), "{check:?}");
    assert_eq!(String::from_utf8_lossy(&check.stdout).lines().count(), 4);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn no_section_for_the_version_leaves_no_release_notes() {
    let repo = TestRepo::new();
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## 1.1.0 (2026-01-01)\n\n- y\n",
    );
    hatchling_project(&repo, "1.2.0");
    // Left by an earlier build: it would describe another version.
    repo.write("dist/RELEASE_NOTES.md", "old notes\n");
    let run = relx(&repo, &Tools::python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("warning: CHANGELOG.md has no section for 1.2.0: no RELEASE_NOTES.md"),
        "{}",
        run.stderr
    );
    let dist = files_in(&repo.path().join("dist"));
    assert!(dist.contains(&"CHANGELOG.md".to_string()), "{dist:?}");
    assert!(!dist.contains(&"RELEASE_NOTES.md".to_string()), "{dist:?}");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn no_changelog_file_is_no_error() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.2.0");
    let run = relx(&repo, &Tools::python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("INFO: no CHANGELOG.md: no changelog in the dist directory"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read("dist/SHA256SUMS").lines().count(), 2);
}

//! `relx version`: the plan and its forms, FORCE words, and the refusals.
//! It never writes, so every run here checks the repository did not change.

use super::{released, shown, unchanged};
use crate::support::{relx_in, TestRepo};
use crate::version::{configured, CZ_1_0_0};

#[test]
fn version_shows_the_plan() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["version"]));
}

#[test]
fn version_short_prints_only_the_version() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["version", "--short"]));
}

#[test]
fn version_json_is_the_whole_plan() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["version", "--json"]));
}

#[test]
fn version_force_major() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["version", "major"]));
}

#[test]
fn version_prerelease_words() {
    let repo = released();
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["version", "minor", "beta", "3"])
    );
}

#[test]
fn version_manual_version() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["version", "2.0.0"]));
}

#[test]
fn version_no_commits_since_the_tag_exits_3() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    assert_shown!(repo.path(), unchanged(&repo, &["version"]));
}

#[test]
fn version_commits_that_bump_nothing_exit_21() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("docs: a typo");
    repo.commit("chore: tidy");
    assert_shown!(repo.path(), unchanged(&repo, &["version"]));
}

#[test]
fn version_outside_a_repository_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["version"];
    let run = relx_in(dir.path(), &args, &[]);
    assert_shown!(dir.path(), shown(&args, &run));
}

#[test]
fn version_current_works_outside_a_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["version", "--current", "1.4.2", "--increment", "minor"];
    let run = relx_in(dir.path(), &args, &[]);
    assert_shown!(dir.path(), shown(&args, &run));
}

#[test]
fn version_unparsable_config_exits_19() {
    let repo = configured(
        "[tool.commitizen]\nversion = \"1.0.0\ntag_format = 3\n",
        None,
    );
    repo.commit("feat: x");
    assert_shown!(repo.path(), unchanged(&repo, &["version"]));
}

#[test]
fn version_unknown_word_exits_24() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["version", "2.0.x"]));
}

#[test]
fn version_manual_version_with_increment_exits_20() {
    let repo = released();
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["version", "2.0.0", "--increment", "major"])
    );
}

#[test]
fn version_empty_repository_exits_23() {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", CZ_1_0_0);
    assert_shown!(repo.path(), unchanged(&repo, &["version"]));
}

#[test]
fn version_unknown_option_exits_18() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["version", "--bogus"]));
}

//! `relx changelog`: the preview, the file written (whole and incremental),
//! one version's notes, a range, and what it refuses.

use super::{touched, unchanged};
use crate::support::TestRepo;

/// Three releases (1.0.0, 1.0.1, 1.1.0) and unreleased work after them.
fn history() -> TestRepo {
    let repo = crate::bump::simple_repo();
    repo.git(&["tag", "v1.1.0"]);
    repo.commit("fix(parser): keep CRLF line endings");
    repo.git(&["tag", "v1.1.1"]);
    repo.commit("feat(cli)!: drop --old\n\nBREAKING CHANGE: use --new instead");
    repo.commit("perf: cache the tags");
    repo
}

#[test]
fn changelog_dry_run_prints_and_writes_nothing() {
    let repo = history();
    assert_shown!(repo.path(), unchanged(&repo, &["changelog", "--dry-run"]));
}

#[test]
fn changelog_writes_the_file() {
    let repo = history();
    assert_shown!(repo.path(), touched(&repo, &["changelog"]));
}

#[test]
fn changelog_incremental_keeps_hand_edits() {
    let repo = crate::bump::simple_repo();
    repo.git(&["tag", "v1.1.0"]);
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\nHand-written intro.\n\n## v1.1.0 (2023-11-14)\n\n### Feat\n\n- more (edited by hand)\n",
    );
    repo.commit("docs: changelog");
    repo.commit("fix: a bug");
    assert_shown!(repo.path(), touched(&repo, &["changelog", "--incremental"]));
}

#[test]
fn changelog_unreleased_version_names_the_next_release() {
    let repo = history();
    assert_shown!(
        repo.path(),
        unchanged(
            &repo,
            &["changelog", "--dry-run", "--unreleased-version", "v2.0.0"]
        )
    );
}

#[test]
fn changelog_range_of_versions_is_printed() {
    let repo = history();
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["changelog", "1.0.0..1.1.1"])
    );
}

#[test]
fn changelog_notes_print_one_section() {
    let repo = history();
    assert_eq!(repo.relx(&["changelog"]).code, 0);
    repo.commit("docs: changelog");
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["changelog", "--notes", "1.1.1"])
    );
}

#[test]
fn changelog_notes_for_a_version_without_a_section_exit_3() {
    let repo = history();
    assert_eq!(repo.relx(&["changelog"]).code, 0);
    repo.commit("docs: changelog");
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["changelog", "--notes", "0.9.0"])
    );
}

#[test]
fn changelog_extra_without_key_value_exits_18() {
    let repo = history();
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["changelog", "--dry-run", "--extra", "oops"])
    );
}

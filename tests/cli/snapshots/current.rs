//! `relx current`: plain, `--short`, `--json`; it never writes.

use super::{released, unchanged};

#[test]
fn current_shows_version_tag_and_commits_since() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["current"]));
}

#[test]
fn current_short_prints_only_the_version() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["current", "--short"]));
}

#[test]
fn current_json() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["current", "--json"]));
}

//! `relx check`: a message, a range of commits, and `--consistency`; it
//! never writes.

use super::{released, unchanged};

#[test]
fn check_message_that_follows_the_rules() {
    let repo = released();
    assert_shown!(
        repo.path(),
        unchanged(
            &repo,
            &["check", "--message", "feat(api): add the endpoint"]
        )
    );
}

#[test]
fn check_message_that_does_not_exits_14() {
    let repo = released();
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["check", "--message", "Added the endpoint"])
    );
}

#[test]
fn check_message_too_long_exits_32() {
    let repo = released();
    assert_shown!(
        repo.path(),
        unchanged(
            &repo,
            &[
                "check",
                "-l",
                "20",
                "--message",
                "feat: a subject far too long"
            ]
        )
    );
}

#[test]
fn check_rev_range_names_the_offending_commit() {
    let repo = released();
    repo.commit("WIP");
    repo.commit("fix: after the wip");
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["check", "--rev-range", "v1.0.0..HEAD"])
    );
}

#[test]
fn check_two_sources_exit_13() {
    let repo = released();
    assert_shown!(
        repo.path(),
        unchanged(&repo, &["check", "--message", "feat: x", "--consistency"])
    );
}

#[test]
fn check_consistency_when_every_place_agrees() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["check", "--consistency"]));
}

#[test]
fn check_consistency_names_the_place_that_disagrees_with_17() {
    let repo = released();
    repo.write("src/demo/_version.py", "VERSION = \"0.9.0\"\n");
    repo.commit("chore: drift");
    assert_shown!(repo.path(), unchanged(&repo, &["check", "--consistency"]));
}

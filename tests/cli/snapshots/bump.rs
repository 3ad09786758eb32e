//! `relx bump`: the dry run, `--exec` and the files it leaves, `--json`,
//! `--changelog`, `--version-files-only`, and the refusals (each of which
//! leaves the repository as it was).

use super::{released, touched, unchanged};

#[test]
fn bump_dry_run_shows_the_plan_and_writes_nothing() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["bump"]));
}

#[test]
fn bump_exec_edits_commits_and_tags() {
    let repo = released();
    assert_shown!(repo.path(), touched(&repo, &["bump", "--exec"]));
}

#[test]
fn bump_exec_json_reports_what_was_done() {
    let repo = released();
    assert_shown!(repo.path(), touched(&repo, &["bump", "--exec", "--json"]));
}

#[test]
fn bump_exec_short_prints_the_version() {
    let repo = released();
    assert_shown!(repo.path(), touched(&repo, &["bump", "--exec", "--short"]));
}

#[test]
fn bump_changelog_dry_run_shows_the_changelog() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["bump", "--changelog"]));
}

#[test]
fn bump_exec_changelog_writes_it_into_the_commit() {
    let repo = released();
    assert_shown!(
        repo.path(),
        touched(&repo, &["bump", "--exec", "--changelog"])
    );
}

#[test]
fn bump_version_files_only_neither_commits_nor_tags() {
    let repo = released();
    assert_shown!(
        repo.path(),
        touched(&repo, &["bump", "--exec", "--version-files-only"])
    );
}

#[test]
fn bump_prerelease_exec() {
    let repo = released();
    assert_shown!(repo.path(), touched(&repo, &["bump", "--exec", "rc"]));
}

#[test]
fn bump_dirty_tree_is_refused_with_41() {
    let repo = released();
    repo.write("notes.txt", "tracked\n");
    repo.commit("docs: notes");
    repo.write("notes.txt", "tracked, edited\n");
    assert_shown!(repo.path(), unchanged(&repo, &["bump", "--exec"]));
}

#[test]
fn bump_existing_tag_is_refused_with_7() {
    let repo = released();
    repo.git(&["tag", "v1.1.0", "HEAD~1"]);
    assert_shown!(repo.path(), unchanged(&repo, &["bump", "--exec"]));
}

#[test]
fn bump_dry_run_reports_every_problem() {
    let repo = released();
    repo.git(&["tag", "v1.1.0", "HEAD~1"]);
    repo.write(
        "pyproject.toml",
        &(repo.read("pyproject.toml") + "# edited\n"),
    );
    assert_shown!(repo.path(), unchanged(&repo, &["bump"]));
}

#[test]
fn bump_version_file_without_the_version_is_refused_with_17() {
    let repo = released();
    repo.write("src/demo/_version.py", "VERSION = \"0.9.0\"\n");
    repo.commit("chore: drift");
    assert_shown!(repo.path(), unchanged(&repo, &["bump", "--exec"]));
}

#[test]
fn bump_failing_hook_is_undone_with_26() {
    let repo = released();
    let text = repo.read("pyproject.toml") + "pre_bump_hooks = [\"echo no >&2; exit 3\"]\n";
    repo.write("pyproject.toml", &text);
    repo.commit("chore: a hook");
    assert_shown!(repo.path(), unchanged(&repo, &["bump", "--exec"]));
}

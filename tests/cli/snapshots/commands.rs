//! The other commands, on their paths that need no Python: `init`,
//! `config`, `recover`, `docs` (list and its refusals), `build` (checks and
//! refusals), `publish` with nothing to upload, and command lines relx
//! cannot read.

use super::{released, shown, touched, unchanged, unchanged_env};
use crate::support::{relx_in, TestRepo};

#[test]
fn init_without_a_terminal_shows_and_writes_nothing() {
    let repo = crate::init::python_project();
    assert_shown!(repo.path(), unchanged(&repo, &["init"]));
}

#[test]
fn init_yes_writes_the_starter_configuration_and_the_hook() {
    let repo = crate::init::python_project();
    let mut text = touched(&repo, &["init", "--yes", "--hook"]);
    let hook = repo.path().join(".git/hooks/commit-msg");
    text.push_str(&format!(
        "----- .git/hooks/commit-msg -----\n{}",
        std::fs::read_to_string(hook).expect("the hook")
    ));
    assert_shown!(repo.path(), text);
}

#[test]
fn init_with_a_configuration_already_there_writes_nothing() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["init", "--yes"]));
}

#[test]
fn init_twice_is_refused_with_60() {
    let repo = crate::init::python_project();
    assert_eq!(repo.relx(&["init", "--yes"]).code, 0);
    repo.commit("chore: relx");
    assert_shown!(repo.path(), unchanged(&repo, &["init", "--yes"]));
}

#[test]
fn init_without_a_project_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = ["init", "--yes"];
    let run = relx_in(dir.path(), &args, &[]);
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    assert_shown!(dir.path(), shown(&args, &run));
}

#[test]
fn config_show_marks_where_each_value_came_from() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["config", "show"]));
}

#[test]
fn config_show_of_a_bad_file_exits_19() {
    let repo = released();
    repo.write(
        "pyproject.toml",
        &(repo.read("pyproject.toml") + "major_version_zero = \"yes\"\n"),
    );
    repo.commit("chore: a bad value");
    assert_shown!(repo.path(), unchanged(&repo, &["config", "show"]));
}

#[test]
fn recover_with_nothing_to_recover() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["recover"]));
}

#[test]
fn recover_json_with_nothing_to_recover() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["recover", "--json"]));
}

#[test]
fn recover_exec_with_nothing_to_recover() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["recover", "--exec"]));
}

#[test]
fn docs_list_before_any_deploy() {
    let repo = crate::docs::site::project("", "first");
    assert_shown!(repo.path(), unchanged(&repo, &["docs", "list"]));
}

#[test]
fn docs_list_json_before_any_deploy() {
    let repo = crate::docs::site::project("", "first");
    assert_shown!(repo.path(), unchanged(&repo, &["docs", "list", "--json"]));
}

#[test]
fn docs_deploy_of_a_bad_name_exits_50() {
    let repo = crate::docs::site::project("", "first");
    assert_shown!(repo.path(), unchanged(&repo, &["docs", "deploy", "a/b"]));
}

#[test]
fn docs_delete_of_what_is_not_deployed_exits_52() {
    let repo = crate::docs::site::project("", "first");
    assert_shown!(repo.path(), unchanged(&repo, &["docs", "delete", "1.0"]));
}

#[test]
fn build_check_only_of_a_broken_wheel_exits_47() {
    let repo = released();
    repo.write("demo-1.0.0-py3-none-any.whl", "not a zip\n");
    assert_shown!(
        repo.path(),
        unchanged(
            &repo,
            &["build", "--check-only", "demo-1.0.0-py3-none-any.whl"]
        )
    );
}

#[test]
fn build_without_a_project_exits_43() {
    let repo = TestRepo::new();
    repo.write("README.md", "# Not a Python project\n");
    repo.commit("docs: readme");
    assert_shown!(repo.path(), unchanged(&repo, &["build"]));
}

#[test]
fn publish_with_nothing_built_exits_70() {
    let repo = released();
    let home = tempfile::tempdir().expect("home");
    let home = home.path().display().to_string();
    assert_shown!(
        repo.path(),
        unchanged_env(&repo, &["publish", "--dry-run"], &[("HOME", &home)])
    );
}

#[test]
fn completions_for_an_unknown_shell_exit_18() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["completions", "nosh"]));
}

#[test]
fn an_unknown_command_exits_18() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["frobnicate"]));
}

#[test]
fn version_flag_prints_relx_and_its_version() {
    let repo = released();
    assert_shown!(repo.path(), unchanged(&repo, &["--version"]));
}

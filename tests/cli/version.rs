//! `relx version`: the plan, `--short`, `--json`, FORCE words, exit codes.

use crate::support::TestRepo;

fn project(version: &str, tag_format: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        &format!("[tool.commitizen]\nversion = \"{version}\"\ntag_format = \"{tag_format}\"\n"),
    );
    repo.commit("chore: init");
    repo
}

#[test]
fn plan_shows_version_tag_increment_and_commits() {
    let repo = project("1.0.0", "v$version");
    repo.tag("v1.0.0");
    repo.commit("feat(api): add x");
    repo.commit("docs: y");
    let run = repo.relx(&["version"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "bump: version 1.0.0 → 1.1.0");
    assert_eq!(lines[1], "tag to create: v1.1.0");
    assert_eq!(lines[2], "increment detected: MINOR");
    assert!(run.stdout.contains("branch: main"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("docs: y  (type does not bump the version)"),
        "{}",
        run.stdout
    );
}

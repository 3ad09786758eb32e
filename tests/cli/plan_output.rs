//! What the plan says about its commits and its edge cases: reasons for
//! ignoring a commit, the plan when nothing bumps, commitizen's flags, and
//! tags that almost match the format.

use crate::support::TestRepo;

// See: issue 19, item 5: with a custom `bump_pattern`, `docs(readme): x` was
// shown as "(not a conventional commit)" while --json gave its type.
#[test]
fn a_type_a_custom_pattern_skips_does_not_bump() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        r#"[tool.commitizen]
version = "1.0.0"
tag_format = "$version"
bump_pattern = "^(feat|fix)"
bump_map = { feat = "MINOR", fix = "PATCH" }
"#,
    );
    repo.commit("chore: start");
    repo.tag("1.0.0");
    repo.commit("docs(readme): polish");
    repo.commit("update stuff");
    repo.commit("feat: parser");
    let run = repo.relx(&["version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = |needle: &str| {
        run.stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle}:\n{}", run.stdout))
            .to_string()
    };
    assert!(
        line("polish").ends_with("(type does not bump the version)"),
        "{}",
        run.stdout
    );
    assert!(
        line("update stuff").ends_with("(not a conventional commit)"),
        "{}",
        run.stdout
    );
    let json = repo.relx(&["version", "--json"]);
    let plan: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let docs = plan["commits"]
        .as_array()
        .expect("commits")
        .iter()
        .find(|c| c["subject"] == "polish")
        .expect("the docs commit");
    assert_eq!(docs["type"], "docs");
    assert_eq!(docs["ignored"], "no-bump-type");
}

//! `relx current`: the version `cz version --project` prints, its tag, and
//! the commits since as git counts them.

use crate::support::TestRepo;

fn project(version: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        &format!("[tool.commitizen]\nversion = \"{version}\"\ntag_format = \"v$version\"\n"),
    );
    repo.commit("feat: start");
    repo
}

// See: issue 19, item 8.
#[test]
fn current_prints_version_tag_and_commits_since() {
    let repo = project("1.2.0rc1");
    repo.tag("v1.2.0rc1");
    repo.commit("docs: a");
    repo.commit("fix: b");
    let want = repo.cz(&["version", "--project"], &[]);
    assert_eq!(want.code, 0, "{}", want.stderr);
    let count = repo.git(&["rev-list", "--count", "v1.2.0rc1..HEAD"]);

    let short = repo.relx(&["current", "--short"]);
    assert_eq!(
        (short.code, short.stdout.clone()),
        (0, want.stdout.clone()),
        "{}",
        short.stderr
    );

    let json = repo.relx(&["current", "--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let got: serde_json::Value = serde_json::from_str(&json.stdout).expect("one JSON object");
    assert_eq!(got["version"], want.stdout.trim());
    assert_eq!(got["tag"], "v1.2.0rc1");
    assert_eq!(got["commits_since"].to_string(), count.trim());

    let text = repo.relx(&["current"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains(&format!("version: {}", want.stdout.trim())),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("tag: v1.2.0rc1"), "{}", text.stdout);
}

#[test]
fn current_exits_0_with_nothing_to_release() {
    let repo = project("0.4.0");
    repo.tag("v0.4.0");
    // `relx version` has nothing to release here (exit 3, as cz bump).
    assert_eq!(repo.relx(&["version"]).code, 3);
    let run = repo.relx(&["current", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(got["commits_since"], 0);
    // Before the first release: no tag, the whole history counts.
    let fresh = project("0.1.0");
    fresh.commit("fix: x");
    let run = fresh.relx(&["current", "--json"]);
    let got: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(got["tag"], serde_json::Value::Null);
    assert_eq!(got["commits_since"], 2);
}

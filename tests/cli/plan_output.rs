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

/// Tagged 1.0.0 with a fix after it.
fn fixed_project() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\n",
    );
    repo.commit("chore: start");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    repo
}

// See: issue 19, item 7: each of these exited 18 with clap's tip.
#[test]
fn cz_bump_flags_scripts_pass_are_accepted() {
    let repo = fixed_project();
    let want = repo.cz(&["bump", "--get-next"], &[]);
    assert_eq!(want.code, 0, "{}", want.stderr);
    let run = repo.relx(&["bump", "--get-next"]);
    assert_eq!(
        (run.code, run.stdout.clone()),
        (0, want.stdout.clone()),
        "{}",
        run.stderr
    );
    let run = repo.relx(&["version", "--get-next"]);
    assert_eq!(run.stdout, want.stdout, "{}", run.stderr);
    let tags = repo.git(&["tag"]);
    for flags in [
        &["--dry-run"][..],
        &["--yes"],
        &["--check-consistency"],
        &["--dry-run", "--yes"],
    ] {
        let mut args = vec!["bump"];
        args.extend_from_slice(flags);
        let run = repo.relx(&args);
        assert_eq!(run.code, 0, "relx {args:?}: {}", run.stderr);
        assert!(
            run.stdout.starts_with("bump: version 1.0.0 → 1.0.1\n"),
            "{}",
            run.stdout
        );
        assert_eq!(repo.git(&["tag"]), tags, "relx {args:?} tagged");
    }
    // --yes with --exec releases, as `cz bump --yes` does.
    let run = repo.relx(&["bump", "--exec", "--yes", "--check-consistency"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(repo.git(&["tag", "--points-at", "HEAD"]).trim(), "v1.0.1");
}

// See: issue 19, item 6: `--json` printed nothing on an error.
#[test]
fn json_is_one_object_even_for_an_error() {
    let repo = fixed_project();
    repo.commit("docs: only docs since");
    repo.git(&["tag", "v1.0.1"]);
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.0.1\"\ntag_format = \"v$version\"\n",
    );
    repo.commit("docs: more docs");
    // cz's exit code for the same situation.
    let want = repo.cz(&["bump", "--dry-run", "--yes"], &[]).code;
    assert_eq!(want, 21);
    for command in ["version", "bump"] {
        let run = repo.relx(&[command, "--json"]);
        assert_eq!(run.code, want, "{command}: {}", run.stderr);
        let got: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{command}: not one JSON object ({e}): {}", run.stdout));
        assert_eq!(got["error"]["code"], want, "{command}: {got}");
        assert!(got["error"]["kind"].is_string(), "{got}");
        assert!(
            got["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{got}"
        );
    }
    let outside = tempfile::tempdir().expect("dir");
    let run = crate::support::relx_in(outside.path(), &["current", "--json"], &[]);
    let got: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(got["error"]["code"], run.code);
}

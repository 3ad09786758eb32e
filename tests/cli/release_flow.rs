//! Release flows over several `relx bump --exec` runs: every tag relx makes
//! is read back as the version it was made from, and the changelog goes on
//! from it.

use crate::support::TestRepo;

const PYPROJECT: &str = r#"[project]
name = "demo"

[tool.commitizen]
version = "0.3.0b0"
tag_format = "v$version"
update_changelog_on_bump = true
"#;

/// A project at 0.3.0b0, tagged, with only non-bumping commits before the
/// tag, so every later range bumps PATCH whichever tag a tool finds.
fn beta_project() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", PYPROJECT);
    repo.commit("chore: start");
    repo.tag("v0.3.0b0");
    repo
}

/// What `cz bump --get-next` answers for these flags on the repository as it is.
fn cz_next(repo: &TestRepo, flags: &[&str]) -> String {
    let mut args = vec!["bump", "--get-next", "--yes"];
    args.extend_from_slice(flags);
    let run = repo.cz(&args, &[]);
    assert_eq!(run.code, 0, "cz {args:?}: {}{}", run.stdout, run.stderr);
    run.stdout.trim().to_string()
}

// See: issue 19, item 1. `relx bump --exec beta 10` tagged v0.3.0b1.dev10;
// from then on every command warned that the tag matches no format and
// the next bump stopped: "CHANGELOG.md names v0.3.0b1, and no tag matches it".
#[test]
fn dev_beta_rc_final_flow_reads_back_every_tag() {
    let repo = beta_project();
    // (relx words, the same request as cz flags)
    let steps: [(&[&str], &[&str]); 6] = [
        (
            &["beta", "10"],
            &["--prerelease", "beta", "--devrelease", "10"],
        ),
        (&["beta"], &["--prerelease", "beta"]),
        (&["rc"], &["--prerelease", "rc"]),
        (&[], &[]),
        (&["5"], &["--devrelease", "5"]),
        (&[], &[]),
    ];
    let mut released = Vec::new();
    for (n, (words, flags)) in steps.iter().enumerate() {
        repo.commit(&format!("fix: change {n}"));
        let want = cz_next(&repo, flags);
        let mut args = vec!["bump", "--exec"];
        args.extend_from_slice(words);
        let run = repo.relx(&args);
        assert_eq!(run.code, 0, "relx {args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            !run.stderr.contains("warning"),
            "relx {args:?} warned: {}",
            run.stderr
        );
        let tag = format!("v{want}");
        assert_eq!(repo.git(&["tag", "--points-at", "HEAD"]).trim(), tag);
        // The tag reads back: the current version is the one just made and
        // nothing is left to release.
        let current = repo.relx(&["version", "--short", "--increment", "patch"]);
        assert_eq!(current.code, 0, "{}", current.stderr);
        assert!(!current.stderr.contains("warning"), "{}", current.stderr);
        let plan = repo.relx(&["version", "--json", "--increment", "patch"]);
        let json: serde_json::Value = serde_json::from_str(&plan.stdout).expect("json");
        assert_eq!(json["current_version"], want.as_str());
        assert_eq!(json["current_tag"], tag.as_str());
        released.push((tag, format!("- change {n}")));
    }
    // Newest first, each section with its own fix only.
    let changelog = repo.read("CHANGELOG.md");
    let mut rest = changelog.as_str();
    for (tag, line) in released.iter().rev() {
        let heading = format!("## {tag} (");
        let at = rest
            .find(&heading)
            .unwrap_or_else(|| panic!("no heading {heading} in order:\n{changelog}"));
        rest = &rest[at + heading.len()..];
        let section = rest.split("\n## ").next().unwrap_or_default();
        assert_eq!(
            section
                .lines()
                .filter(|l| l.starts_with("- "))
                .collect::<Vec<_>>(),
            vec![line.as_str()],
            "section {tag}:\n{changelog}"
        );
    }
}

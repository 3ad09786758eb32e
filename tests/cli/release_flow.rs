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

/// Tags 1.0.0 and, on HEAD, 1.1.0 with its changelog section, while the
/// config still says 1.0.0: the bump range (from 1.0.0) bumps MAJOR, the
/// changelog's newest section already covers every commit.
fn covered_project(repo: &TestRepo) {
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"$version\"\nupdate_changelog_on_bump = true\n",
    );
    repo.commit("feat: start");
    repo.tag("1.0.0");
    repo.commit("feat!: drop the old api");
    repo.write(
        "CHANGELOG.md",
        "## 1.1.0 (2026-01-01)\n\n### Feat\n\n- drop the old api\n\n## 1.0.0 (2026-01-01)\n\n### Feat\n\n- start\n",
    );
    repo.commit("docs: changelog");
    repo.tag("1.1.0");
}

fn snapshot(repo: &TestRepo) -> (String, String, String) {
    (
        repo.git(&["rev-parse", "HEAD"]),
        repo.git(&["tag"]),
        repo.git(&["status", "--porcelain"])
            + &repo.read("CHANGELOG.md")
            + &repo.read("pyproject.toml"),
    )
}

// See: issue 19, item 2: relx released 2.0.0 with an empty section where
// `cz bump` stops with "No commits found".
#[test]
fn bump_with_nothing_for_the_changelog_stops_as_cz_does() {
    let cz = TestRepo::new();
    covered_project(&cz);
    let want = cz.cz(&["bump", "--yes"], &[]);
    let relx = TestRepo::new();
    covered_project(&relx);
    let before = snapshot(&relx);
    for args in [&["bump"][..], &["bump", "--exec"]] {
        let run = relx.relx(args);
        assert_eq!(
            run.code, want.code,
            "relx {args:?}: {}{}",
            run.stdout, run.stderr
        );
        assert!(run.stderr.contains("No commits found"), "{}", run.stderr);
        assert_eq!(
            snapshot(&relx),
            before,
            "relx {args:?} changed the repository"
        );
    }
    // And the changelog command, asked for the same unreleased version
    // (incremental: relx's default, `--incremental` in commitizen).
    let want = cz.cz(
        &[
            "changelog",
            "--incremental",
            "--unreleased-version",
            "2.0.0",
        ],
        &[],
    );
    for args in [
        &["changelog", "--unreleased-version", "2.0.0"][..],
        &[
            "changelog",
            "--incremental",
            "--unreleased-version",
            "2.0.0",
        ],
    ] {
        let run = relx.relx(args);
        assert_eq!(
            run.code, want.code,
            "relx {args:?}: {}{}",
            run.stdout, run.stderr
        );
        assert!(run.stderr.contains("No commits found"), "{}", run.stderr);
        assert_eq!(snapshot(&relx), before);
    }
}

// See: issue 19, item 3: `relx bump` exited 41 naming the paths outside the
// sparse cone while `git status` was clean.
#[test]
fn a_sparse_checkout_is_not_a_dirty_tree() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"$version\"\n",
    );
    repo.write("docs/guide.md", "guide\n");
    repo.write("docs/deep/page.md", "page\n");
    repo.commit("feat: start");
    repo.tag("1.0.0");
    repo.commit("fix: a bug");
    repo.git(&["sparse-checkout", "set", "--no-cone", "/pyproject.toml"]);
    assert!(!repo.path().join("docs/guide.md").exists(), "sparse");
    // The oracle: git itself says the tree is clean.
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(repo.git(&["tag", "--points-at", "HEAD"]).trim(), "1.0.1");
    // A staged change outside the work tree still counts.
    repo.commit("fix: another");
    repo.git(&["rm", "-q", "--cached", "--sparse", "docs/guide.md"]);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 41, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("docs/guide.md"), "{}", run.stderr);
}

//! `relx changelog` with a project's own rules, modes and options, against
//! commitizen 4.19.3 where it has the same feature: `cz_customize` parsers and
//! maps, a top-level `change_type_order`, an `Unreleased` block replaced in
//! place, legacy and ignored tag formats, a final release after pre-releases
//! (`cz bump --changelog`), templates and extras; and relx's own: `--notes`,
//! the `skip` policy, the Recent Changes heading, `merge_duplicates` and
//! `split_squash`.

use std::process::Command;

use crate::changelog::cz;
use crate::support::TestRepo;

fn commits(repo: &TestRepo) {
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("[ADD] search box");
    repo.commit("[FIX] crash on start\n\n[ADD] a body entry\n\nplain text");
    repo.commit("docs: words");
    repo.tag("old-1.1.0");
    repo.commit("feat(ui): new look");
    repo.commit("fix: small thing\n\nBREAKING CHANGE: and a big one");
    repo.tag("ci-build-7");
    repo.commit("perf: faster");
    repo.tag("v1.2.0");
    repo.commit("refactor(core): tidy");
}

/// Both tools succeed with `args` and print the same bytes.
fn same(repo: &TestRepo, args: &[&str]) -> String {
    let want = cz(repo.path(), args);
    assert_eq!(want.code, 0, "cz {args:?}: {}", want.stderr);
    assert!(!want.stdout.is_empty(), "cz {args:?} printed nothing");
    let got = repo.relx(args);
    assert_eq!(
        (got.code, &got.stdout),
        (want.code, &want.stdout),
        "{args:?}\nrelx: {}\ncz: {}",
        got.stderr,
        want.stderr
    );
    got.stdout
}

#[test]
fn customized_rules_match_cz() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        r#"[tool.commitizen]
name = "cz_customize"
version = "1.2.0"
tag_format = "v$version"
legacy_tag_formats = ["old-$version"]
ignored_tag_formats = ["ci-*"]

[tool.commitizen.customize]
changelog_pattern = '^(\[(ADD|FIX)\]|feat|fix|perf)'
commit_parser = '^(\[(?P<change_type>ADD|FIX)\]|(?P<kind>feat|fix|perf)(\((?P<scope>[^()]*)\))?:) (?P<message>.*)'
change_type_map = { ADD = "Added", FIX = "Fixed" }
change_type_order = ["Fixed", "Added"]
"#,
    );
    repo.commit("chore: init");
    commits(&repo);
    let text = same(&repo, &["changelog", "--dry-run"]);
    for part in [
        "### Fixed\n\n- crash on start",
        "### Added",
        "- a body entry",
        "## old-1.1.0",
    ] {
        assert!(text.contains(part), "{part:?} missing from\n{text}");
    }
    assert!(!text.contains("ci-build-7"), "{text}");
    same(&repo, &["changelog", "--dry-run", "v1.2.0"]);
}

#[test]
fn top_level_order_and_unreleased_block_match_cz() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.2.0\"\ntag_format = \"v$version\"\nlegacy_tag_formats = [\"old-$version\"]\nignored_tag_formats = [\"ci-*\"]\nchange_type_order = [\"Perf\", \"Fix\"]\n",
    );
    repo.commit("chore: init");
    commits(&repo);
    let text = same(&repo, &["changelog", "--dry-run"]);
    assert!(text.contains("### Perf\n\n- faster\n\n### Fix"), "{text}");
    let text = "# Changelog\n\n## Unreleased\n\n- stale entry\n\n## v1.1.0 (2020-01-01)\n\n- kept by hand\n";
    // The file names 1.1.0 as the current format would (no such tag: cz's
    // similarity match finds none, exit 16) and as the legacy tag.
    for (tag_in_file, code) in [("v1.1.0", 16), ("old-1.1.0", 0)] {
        let text = text.replace("v1.1.0", tag_in_file);
        repo.write("CHANGELOG.md", &text);
        let want = cz(repo.path(), &["changelog", "--incremental"]);
        assert_eq!(want.code, code, "{}", want.stderr);
        let want = repo.read("CHANGELOG.md");
        repo.write("CHANGELOG.md", &text);
        let got = repo.relx(&["changelog"]);
        assert_eq!(got.code, code, "{}", got.stderr);
        assert_eq!(repo.read("CHANGELOG.md"), want, "{tag_in_file}");
    }
}

#[test]
fn skipped_prereleases_leave_the_file_alone_until_the_final_release() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion = \"1.0.0\"\nchangelog_prereleases = \"skip\"\n",
    );
    repo.commit("feat: first");
    repo.tag("1.0.0");
    repo.write("CHANGELOG.md", "## 1.0.0 (2020-01-01)\n\n- first\n");
    repo.commit("fix: one");
    repo.tag("1.0.1a0");
    repo.commit("feat: two");
    let env = [("SOURCE_DATE_EPOCH", "1709251200")];
    let run = repo.relx_env(&["changelog", "--unreleased-version", "1.1.0a0"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read("CHANGELOG.md"),
        "## 1.0.0 (2020-01-01)\n\n- first\n"
    );
    let run = repo.relx_env(&["changelog", "--unreleased-version", "1.1.0"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read("CHANGELOG.md"),
        "## 1.1.0 (2024-03-01)\n\n### Feat\n\n- two\n\n### Fix\n\n- one\n\n## 1.0.0 (2020-01-01)\n\n- first\n"
    );
}

/// A copy of a repository (work tree and .git) in a new temp dir.
fn copy_of(repo: &TestRepo) -> TestRepo {
    let copy = TestRepo::new();
    std::fs::remove_dir_all(copy.path().join(".git")).expect("remove .git");
    let status = Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", repo.path().display()))
        .arg(copy.path())
        .status()
        .expect("cp runs");
    assert!(status.success());
    copy
}

/// What `cz bump --changelog` writes for a final release after
/// pre-releases, with and without `changelog_merge_prerelease`, is what
/// `relx changelog --unreleased-version` writes (the entry point
/// `bump --changelog` uses).
#[test]
fn a_final_release_after_prereleases_matches_cz_bump() {
    for merge in [false, true] {
        let repo = TestRepo::new();
        repo.write(
            "pyproject.toml",
            &format!(
                "[tool.commitizen]\nversion = \"1.0.0\"\nchangelog_merge_prerelease = {merge}\n"
            ),
        );
        repo.commit("feat: first");
        repo.tag("1.0.0");
        repo.commit("fix: one");
        let run = cz(repo.path(), &["changelog"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        repo.commit("feat: two");
        let run = cz(
            repo.path(),
            &["bump", "--prerelease", "alpha", "--changelog", "--yes"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        repo.commit("fix(api): three");
        let run = cz(
            repo.path(),
            &["bump", "--prerelease", "alpha", "--changelog", "--yes"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        repo.commit("perf: four");
        let ours = copy_of(&repo);
        let run = cz(repo.path(), &["bump", "--changelog", "--yes"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let want = repo.read("CHANGELOG.md");
        assert_eq!(want.contains("1.1.0a1"), !merge, "{want}");
        let run = ours.relx(&["changelog", "--unreleased-version", "1.1.0"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(ours.read("CHANGELOG.md"), want, "merge = {merge}");
    }
}

#[test]
fn notes_print_one_section_with_its_hand_edits() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\n",
    );
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## v1.1.0 (2024-02-01)\n\nBy hand.\n\n### Feat\n\n- x\n\n## v1.0.0 (2024-01-01)\n\n- y\n",
    );
    repo.commit("chore: init");
    let run = repo.relx(&["changelog", "--notes", "1.1.0"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "By hand.\n\n### Feat\n\n- x\n"),
        "{}",
        run.stderr
    );
    let run = repo.relx(&["changelog", "--notes", "v1.0.0"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "- y\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn templates_extras_and_the_unreleased_part() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.0.0\"\n[tool.commitizen.extras]\nproject = \"demo\"\n",
    );
    repo.commit("feat: first");
    repo.tag("1.0.0");
    repo.commit("fix(io): second");
    repo.write(
        "notes.j2",
        "{{ project }} {{ who }}\n{% for r in tree %}{{ r.version }}:{% for k, v in r.changes.items() %} {{ k }}={{ v|length }}{% endfor %}\n{% endfor %}",
    );
    let args = [
        "changelog",
        "--dry-run",
        "--template",
        "notes.j2",
        "--extra",
        "who='me'",
    ];
    let want = cz(repo.path(), &args);
    assert_eq!(want.code, 0, "{}", want.stderr);
    let got = repo.relx(&args);
    assert_eq!(
        (got.code, &got.stdout),
        (want.code, &want.stdout),
        "{}",
        got.stderr
    );
    // The config's extras and the --extra value (quotes stripped) arrive.
    assert!(
        got.stdout.starts_with("demo me\nUnreleased: Fix=1"),
        "{}",
        got.stdout
    );
    let run = repo.relx(&["changelog", "--dry-run", "--unreleased"]);
    assert_eq!(
        run.stdout,
        "## Unreleased\n\n### Fix\n\n- **io**: second\n\n"
    );
}

#[test]
fn merge_duplicates_and_split_squash() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion = \"1.0.0\"\nmerge_duplicates = true\nsplit_squash = true\n",
    );
    repo.commit("chore: init");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit("feat(api): add the endpoint");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("chore: tick");
    repo.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "feat(api): add the endpoint (#12)",
        "topic",
    ]);
    repo.commit("feat: squashed (#13)\n\n* feat: part one\n\n* fix: part two\n\n* chore: tidy");
    let run = repo.relx(&["changelog", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "## Unreleased\n\n### Feat\n\n- squashed (#13)\n- part one\n- **api**: add the endpoint (#12)\n\n### Fix\n\n- part two\n\n"
    );
}

#[test]
fn recent_changes_mode_renames_the_hand_written_heading() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\nchangelog_unreleased_heading = \"Recent Changes\"\n",
    );
    repo.write("CHANGELOG.md", "# Changelog\n\n### Recent Changes\n\n* Faster start-up.\n\n### v1.0.0 (2024-01-01)\n\n* First.\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("perf: start faster");
    // Without a release, the hand-written section is left alone.
    let run = repo.relx(&["changelog"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo
        .read("CHANGELOG.md")
        .contains("### Recent Changes\n\n* Faster start-up.\n\n### v1.0.0"));
    let run = repo.relx_env(
        &["changelog", "--unreleased-version", "v1.1.0"],
        &[("SOURCE_DATE_EPOCH", "1709251200")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.read("CHANGELOG.md"),
        "# Changelog\n\n### Recent Changes\n\n### v1.1.0 (2024-03-01)\n\n* Faster start-up.\n\n### Perf\n\n- start faster\n\n### v1.0.0 (2024-01-01)\n\n* First.\n"
    );
}

//! `relx check` against `cz check` (commitizen 4.19.3 from .venv): the same
//! verdict and exit code on the same messages, files and ranges; and
//! `relx check --consistency`.

use crate::changelog::cz;
use crate::support::TestRepo;

const MESSAGES: [&str; 34] = [
    "feat: add x",
    "feat(api): add x",
    "feat(api)!: drop x",
    "feat!: drop x",
    "fix: x\n\nbody paragraph",
    "fix: x\nbody without a blank line",
    "fix: x\n\n",
    "fix:x",
    "fix : x",
    "Fix: x",
    "feature: x",
    "feat(): x",
    "feat(a b): x",
    "feat(a)(b): x",
    "bump: version 1.0.0 → 1.1.0",
    "revert: feat: x",
    "style: x",
    "build(deps): x",
    "Merge branch 'main' into topic",
    "Merge pull request #12 from a/b",
    "Revert \"feat: x\"",
    "Pull request #3: x",
    "fixup! feat: x",
    "squash! fix: y",
    "amend! fix: y",
    "update stuff",
    "WIP",
    "",
    "   ",
    "feat: x\n\nBREAKING CHANGE: y",
    "docs: ünïcödé ✓",
    "chore(ci): x (y)!: z",
    "feat: \u{2028}odd",
    "# only a comment",
];

#[test]
fn message_verdicts_match_cz() {
    let repo = TestRepo::new();
    for message in MESSAGES {
        let want = cz(repo.path(), &["check", "--message", message]);
        let got = repo.relx(&["check", "--message", message]);
        assert_eq!(
            got.code, want.code,
            "{message:?}\nrelx: {}\ncz: {}",
            got.stderr, want.stderr
        );
    }
}

#[test]
fn length_limit_matches_cz() {
    let repo = TestRepo::new();
    for message in [
        "feat: short",
        "feat: a subject that is far too long",
        "Merge a very long branch name here",
    ] {
        let want = cz(repo.path(), &["check", "-l", "20", "--message", message]);
        let got = repo.relx(&["check", "-l", "20", "--message", message]);
        assert_eq!(
            got.code, want.code,
            "{message:?}\nrelx: {}\ncz: {}",
            got.stderr, want.stderr
        );
    }
}

#[test]
fn commit_msg_files_ignore_comments_as_git_does() {
    let repo = TestRepo::new();
    let files = [
        "feat: x\n# Please enter the commit message\n",
        "# comment first\nfix(cli): y\n\nbody\n",
        "update\n# comment\n",
        "feat: z\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n",
        "# only comments\n# here\n",
    ];
    for text in files {
        repo.write("MSG", text);
        let want = cz(repo.path(), &["check", "--commit-msg-file", "MSG"]);
        let got = repo.relx(&["check", "--commit-msg-file", "MSG"]);
        assert_eq!(
            got.code, want.code,
            "{text:?}\nrelx: {}\ncz: {}",
            got.stderr, want.stderr
        );
    }
}

#[test]
fn rev_ranges_match_cz_and_name_the_offending_commit() {
    let repo = TestRepo::new();
    repo.commit("chore: init");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.commit("feat: good");
    let good = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    let bad = repo.commit("bad message");
    repo.commit("fix: good again");
    for range in [
        format!("{base}..{good}"),
        format!("{base}..HEAD"),
        "HEAD..HEAD".to_string(),
    ] {
        let want = cz(repo.path(), &["check", "--rev-range", &range]);
        let got = repo.relx(&["check", "--rev-range", &range]);
        assert_eq!(
            got.code, want.code,
            "{range}\nrelx: {}\ncz: {}",
            got.stderr, want.stderr
        );
    }
    let got = repo.relx(&["check", "--rev-range", &format!("{base}..HEAD")]);
    assert_eq!(got.code, 14);
    assert!(
        got.stderr
            .contains(&format!("commit {} \"bad message\"", &bad[..7])),
        "{}",
        got.stderr
    );
}

#[test]
fn more_than_one_source_is_exit_13_as_cz() {
    let repo = TestRepo::new();
    let args = ["check", "--message", "feat: x", "--rev-range", "HEAD"];
    let want = cz(repo.path(), &args);
    let got = repo.relx(&args);
    // cz's argparse refuses the pair; cz turns every usage error into 13.
    assert_eq!((got.code, want.code), (13, 13), "{}", got.stderr);
}

fn project(version: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        &format!(
            "[project]\nname = \"x\"\nversion = \"{version}\"\n\n[tool.commitizen]\nversion_provider = \"pep621\"\ntag_format = \"v$version\"\nversion_files = [\"src/x/__init__.py\", \"README.md:^Version\"]\n"
        ),
    );
    repo.write(
        "src/x/__init__.py",
        &format!("__version__ = \"{version}\"\n"),
    );
    repo.write("README.md", &format!("# x\n\nVersion {version}\n"));
    repo.commit("chore: init");
    repo
}

#[test]
fn consistency_passes_when_every_place_agrees() {
    let repo = project("1.2.0");
    repo.tag("v1.2.0");
    let run = repo.relx(&["check", "--consistency"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.ends_with("Version consistency: successful!\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn consistency_names_each_place_that_disagrees() {
    let repo = project("1.2.0");
    repo.tag("v1.1.0");
    repo.write("README.md", "# x\n\nVersion 1.1.0\n");
    repo.commit("docs: stale readme");
    let run = repo.relx(&["check", "--consistency"]);
    assert_eq!(run.code, 17, "{}", run.stderr);
    let line = run.stderr.lines().next().unwrap_or_default();
    assert!(
        line.contains("no tag names 1.2.0 (expected v1.2.0)"),
        "{line}"
    );
    assert!(
        line.contains("README.md: no line matching '^Version' contains 1.2.0"),
        "{line}"
    );
    assert!(!line.contains("__init__.py"), "{line}");
}

/// The current tag is `relx version`'s: the tag of the current version,
/// not the highest version tag (here an abandoned release candidate).
/// See: issue 19, item 4.
#[test]
fn consistency_checks_the_current_tag_relx_version_uses() {
    let repo = project("1.9.0");
    repo.tag("v1.9.0");
    repo.write(
        "pyproject.toml",
        &repo.read("pyproject.toml").replace("1.9.0", "2.0.0rc1"),
    );
    repo.write("src/x/__init__.py", "__version__ = \"2.0.0rc1\"\n");
    repo.write("README.md", "# x\n\nVersion 2.0.0rc1\n");
    repo.commit("feat!: try 2.0");
    repo.tag("v2.0.0rc1");
    repo.write(
        "pyproject.toml",
        &repo.read("pyproject.toml").replace("2.0.0rc1", "1.9.1"),
    );
    repo.write("src/x/__init__.py", "__version__ = \"1.9.1\"\n");
    repo.write("README.md", "# x\n\nVersion 1.9.1\n");
    repo.commit("fix: back to 1.9");
    repo.tag("v1.9.1");
    repo.commit("fix: y");
    // commitizen starts from the tag of the current version too.
    let want = cz(repo.path(), &["bump", "--get-next", "--yes"]);
    let plan = repo.relx(&["version"]);
    assert!(
        plan.stdout.contains("current tag: v1.9.1\n"),
        "{}",
        plan.stdout
    );
    assert_eq!(repo.relx(&["version", "--short"]).stdout, want.stdout);
    let run = repo.relx(&["check", "--consistency"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("current tag: v1.9.1\n"),
        "{}",
        run.stdout
    );
}

/// The message names the current tag. See: issue 19, item 4.
#[test]
fn consistency_names_the_current_tag_when_a_file_disagrees() {
    let repo = project("1.2.0");
    repo.tag("v1.2.0");
    repo.write("README.md", "# x\n\nVersion 1.1.0\n");
    repo.commit("docs: stale readme");
    let run = repo.relx(&["check", "--consistency"]);
    assert_eq!(run.code, 17, "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().next().unwrap_or_default(),
        "error: [CURRENT_VERSION_NOT_FOUND] the current version is 1.2.0 (pyproject.toml [project].version, current tag v1.2.0), but README.md: no line matching '^Version' contains 1.2.0"
    );
}

/// Each file once, relative to the project. See: issue 19, item 4.
#[test]
fn consistency_lists_each_file_once_and_relative() {
    let repo = project("1.2.0");
    repo.tag("v1.2.0");
    let run = repo.relx(&["check", "--consistency"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "pyproject.toml [project].version: 1.2.0\n\
         current tag: v1.2.0\n\
         src/x/__init__.py: 1.2.0\n\
         README.md: 1.2.0\n\
         Version consistency: successful!\n"
    );
}

/// Before the first release there is no tag to check. See: issue 19, item 4.
#[test]
fn consistency_passes_before_the_first_release() {
    let repo = TestRepo::new();
    repo.write(
        ".cz.toml",
        "[tool.commitizen]\nversion = \"0.1.0\"\ntag_format = \"v$version\"\nversion_files = [\"src/x/__init__.py\"]\n",
    );
    repo.write("src/x/__init__.py", "__version__ = \"0.1.0\"\n");
    repo.commit("feat: start");
    let run = repo.relx(&["check", "--consistency"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        ".cz.toml [tool.commitizen]: 0.1.0\n\
         current tag: none (before the first release)\n\
         src/x/__init__.py: 0.1.0\n\
         Version consistency: successful!\n"
    );
}

//! `relx changelog` with a project's own rules against `cz changelog`
//! (commitizen 4.19.3): `cz_customize` parsers and maps, a top-level
//! `change_type_order`, an `Unreleased` block replaced in place, legacy and
//! ignored tag formats; and the `skip` pre-release policy.

use std::path::Path;
use std::process::Command;

use crate::support::{venv_bin, Run, TestRepo};

fn cz(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(venv_bin("cz"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("cz runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

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

fn same(repo: &TestRepo, args: &[&str]) -> String {
    let want = cz(repo.path(), args);
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

//! Bad input: one clear line on stderr (plus an optional `hint:`), the
//! exit code of SPEC §1.1, nothing on stdout, and nothing written.

use std::process::Command;

use serde_json::Value;

use super::{configured, failure, relx_writes_nothing, CZ_1_0_0};
use crate::support::{relx_in, venv_bin, TestRepo};

/// Where Python's tomllib (the standard library's TOML reader) places a
/// syntax error: `(line, column)`.
fn tomllib_position(text: &str) -> (usize, usize) {
    let out = Command::new(venv_bin("python"))
        .args([
            "-c",
            "import re, sys, tomllib\n\
             try:\n    tomllib.loads(sys.stdin.read())\n\
             except tomllib.TOMLDecodeError as e:\n\
             \x20   print(*re.search(r'line (\\d+), column (\\d+)', str(e)).groups())",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .expect("python runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut numbers = text.split_whitespace().map(|n| n.parse().expect("number"));
    (
        numbers.next().expect("a line"),
        numbers.next().expect("a column"),
    )
}

#[test]
fn unparsable_toml_names_file_line_and_column() {
    let broken = [
        // (config, whether relx points where tomllib does, or at the key)
        (
            "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"v$version\n",
            true,
        ),
        ("[tool.commitizen]\nversion = \n", true),
        ("[tool.commitizen\nversion = \"1.0.0\"\n", true),
        (
            "[tool.commitizen]\nversion = \"1.0.0\"\nmajor_version_zero = yes\n",
            true,
        ),
        // A duplicate key: tomllib points at the second value, relx at the
        // duplicate key itself (column 1); the line is the same.
        (
            "[tool.commitizen]\nversion = \"1\"\nversion = \"2\"\n",
            false,
        ),
    ];
    for (config, same_column) in broken {
        let repo = configured(CZ_1_0_0, Some("v1.0.0"));
        repo.write("pyproject.toml", config);
        let run = relx_writes_nothing(&repo, &["version"], &[]);
        let seen = failure(&repo, &run);
        let (line, column) = tomllib_position(config);
        let prefix = if same_column {
            format!("exit 19\nerror: [REPO]/pyproject.toml:{line}:{column}: ")
        } else {
            format!("exit 19\nerror: [REPO]/pyproject.toml:{line}:1: ")
        };
        assert!(
            seen.starts_with(&prefix),
            "{config:?}: {seen:?} should start with {prefix:?}"
        );
        assert_eq!(seen.lines().count(), 2, "one error line: {seen:?}");
    }
}

#[test]
fn version_that_is_not_pep440_in_the_config() {
    let repo = configured("[tool.commitizen]\nversion = \"1.0.x\"\n", Some("1.0.0"));
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 19\nerror: [REPO]/pyproject.toml [tool.commitizen]: '1.0.x' is not a valid version\n"
    );
}

#[test]
fn version_that_is_not_pep440_in_pep621() {
    let repo = configured(
        "[project]\nname = \"x\"\nversion = \"one\"\n[tool.commitizen]\nversion_provider = \"pep621\"\n",
        None,
    );
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 19\nerror: [REPO]/pyproject.toml [project].version: 'one' is not a valid version\n"
    );
}

/// A tag that matches `tag_format` but is not a version (`1.1.0foo`) is
/// skipped with a warning naming it, never taken as the latest.
/// (commitizen 4.19.3 stops with a Python traceback here.)
#[test]
fn tag_that_is_not_a_version_is_skipped_with_a_warning() {
    let repo = configured(
        "[tool.commitizen]\nversion_provider = \"scm\"\n",
        Some("1.0.0"),
    );
    repo.commit("fix: x");
    repo.tag("1.1.0foo");
    repo.commit("feat: y");
    let run = relx_writes_nothing(&repo, &["version", "--short"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    // 1.0.0 + feat, as `cz bump --get-next` answers on the same history
    // without the extra tag.
    assert_eq!(run.stdout, "1.1.0\n");
    assert_eq!(
        run.stderr,
        "warning: tag 1.1.0foo is not a version under tag_format '$version'; skipped\n"
    );
}

#[test]
fn current_that_is_not_pep440() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version", "--current", "1.x"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 24\nerror: [INVALID_MANUAL_VERSION] --current: '1.x' is not a valid version\n"
    );
}

/// commitizen reads any positional word as MANUAL_VERSION: `cz bump
/// banana1` exits 24. A word relx does not know is the same mistake.
#[test]
fn unknown_word_is_an_invalid_manual_version() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version", "minr"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 24\nerror: [INVALID_MANUAL_VERSION] MANUAL_VERSION: 'minr' is not a valid version\n\
         hint: FORCE words are major, minor, patch, alpha, beta, rc, release, a dev number, or a whole version such as 2.0.0\n"
    );
    // And it is checked after the combinations, as commitizen does.
    let run = relx_writes_nothing(&repo, &["version", "minr", "--increment", "minor"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 20\nerror: [NOT_ALLOWED] --increment cannot be combined with MANUAL_VERSION\n"
    );
}

#[test]
fn tag_format_without_version() {
    let repo = configured(
        "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"release\"\n",
        None,
    );
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 19\nerror: [REPO]/pyproject.toml: `tag_format`: tag format 'release' has no $version (or $major, $minor, $patch)\n"
    );
}

#[test]
fn unknown_scheme_exits_28() {
    let repo = configured(
        "[tool.commitizen]\nversion = \"1.0.0\"\nversion_scheme = \"calver\"\n",
        Some("1.0.0"),
    );
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 28\nerror: [REPO]/pyproject.toml: `version_scheme`: Version scheme \"calver\" unknown (known: pep440, semver, semver2)\n"
    );
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version", "--version-scheme", "Semver"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 28\nerror: --version-scheme: Version scheme \"Semver\" unknown (known: pep440, semver, semver2)\n"
    );
}

#[test]
fn unknown_provider_exits_27() {
    let repo = configured(
        "[tool.commitizen]\nversion = \"1.0.0\"\nversion_provider = \"maven\"\n",
        Some("1.0.0"),
    );
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 27\nerror: [REPO]/pyproject.toml: `version_provider`: Version Provider \"maven\" unknown (known: commitizen, pep621, poetry, uv, cargo, npm, composer, scm)\n"
    );
}

#[test]
fn manual_version_with_increment_exits_20() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version", "2.0.0", "--increment", "MINOR"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 20\nerror: [NOT_ALLOWED] --increment cannot be combined with MANUAL_VERSION\n"
    );
}

#[test]
fn not_a_repository_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("pyproject.toml"), CZ_1_0_0).expect("write");
    let run = relx_in(dir.path(), &["version"], &[]);
    let path = dir.path().canonicalize().expect("canonical");
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: not a git repository (or any parent up to the mount point): {}\n",
            path.display()
        )
    );
}

#[test]
fn empty_repository_exits_23() {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", CZ_1_0_0);
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 23\nerror: the repository is empty: branch main has no commits yet\nhint: commit something first\n"
    );
}

#[test]
fn detached_head_exits_23_unless_ci_names_the_branch() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("feat: x");
    let head = repo.git(&["rev-parse", "--short=7", "HEAD"]);
    repo.git(&["checkout", "-q", "--detach", "HEAD"]);
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        format!(
            "exit 23\nerror: HEAD is detached at {}: relx needs to know the branch\n\
             hint: check out the branch (git switch <branch>), or set GITHUB_REF_NAME\n",
            head.trim()
        )
    );
    for var in ["GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BUILDKITE_BRANCH"] {
        let run = relx_writes_nothing(&repo, &["version", "--json"], &[(var, "release/1.x")]);
        assert_eq!(run.code, 0, "{var}: {run:?}");
        let plan: Value = serde_json::from_str(&run.stdout).expect("json");
        assert_eq!(plan["branch"], "release/1.x", "{var}");
        assert_eq!(plan["next_version"], "1.1.0", "{var}");
    }
}

#[test]
fn shallow_clone_without_the_tag_exits_23() {
    let origin = configured(CZ_1_0_0, Some("v1.0.0"));
    for i in 0..4 {
        origin.commit(&format!("fix: {i}"));
    }
    let clone = TestRepo::new();
    let url = format!("file://{}", origin.path().display());
    std::fs::remove_dir_all(clone.path().join(".git")).expect("empty the dir");
    clone.git(&["clone", "-q", "--depth", "2", &url, "."]);
    assert!(
        clone.git(&["tag"]).trim().is_empty(),
        "the clone lacks v1.0.0"
    );
    let run = relx_writes_nothing(&clone, &["version"], &[]);
    let seen = failure(&clone, &run);
    let boundary = clone.git(&["rev-parse", "HEAD~1"]);
    assert_eq!(
        seen,
        format!(
            "exit 23\nerror: this is a shallow clone and the whole history is cut off at commit {}\n\
             hint: fetch the full history: git fetch --unshallow --tags (actions/checkout: fetch-depth: 0)\n",
            boundary.trim()
        )
    );
}

#[test]
fn no_commits_since_the_tag_exits_3() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 3\nerror: [NO_COMMITS_FOUND] No new commits found since v1.0.0\n\
         hint: force a bump with `relx bump patch` or `--allow-no-commit`\n"
    );
}

#[test]
fn commits_that_bump_nothing_exit_21() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("docs: x");
    repo.commit("chore: y");
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 21\nerror: [NO_COMMITS_TO_BUMP] The commits found are not eligible to be bumped\n"
    );
}

#[test]
fn prerelease_on_commits_that_bump_nothing_exits_3() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("docs: x");
    let run = relx_writes_nothing(&repo, &["version", "beta"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 3\nerror: [NO_COMMITS_FOUND] No commits found to generate a pre-release\n\
         hint: name the increment too, e.g. `relx version minor alpha`\n"
    );
}

#[test]
fn missing_or_empty_config_file_exit_30_and_31() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("fix: x");
    let run = relx_writes_nothing(&repo, &["version", "--config", "nope.toml"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 30\nerror: [REPO]/nope.toml: --config: no such file\n"
    );
    repo.write("other.toml", "[tool.black]\nline-length = 100\n");
    let run = relx_writes_nothing(&repo, &["version", "--config", "other.toml"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 31\nerror: [REPO]/other.toml: --config: the file has no [tool.relx] or [tool.commitizen] section\n"
    );
}

#[test]
fn dry_runs_write_nothing() {
    let repo = configured(
        "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\nversion_files = [\"src/x.py\"]\nupdate_changelog_on_bump = true\n",
        Some("v1.0.0"),
    );
    repo.write("src/x.py", "__version__ = \"1.0.0\"\n");
    repo.commit("feat: x");
    for args in [
        &["version"][..],
        &["version", "--json"],
        &["version", "--short", "major", "rc", "4"],
        &["bump"],
        &["bump", "minor"],
        &["bump", "--json"],
    ] {
        let run = relx_writes_nothing(&repo, args, &[]);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
    }
}

/// A file larger than relx reads (64 MiB): one line naming it, exit 89,
/// nothing read past the cap, nothing changed. A sparse file costs no disk.
fn oversized(repo: &TestRepo, path: &str) {
    let file = std::fs::File::create(repo.path().join(path)).expect("create");
    file.set_len(64 * 1024 * 1024 + 1).expect("sparse file");
}

#[test]
fn an_oversized_provider_file_is_refused_naming_it() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.write(
        ".cz.toml",
        "[tool.commitizen]\nversion_provider = \"npm\"\ntag_format = \"v$version\"\n",
    );
    std::fs::remove_file(repo.path().join("pyproject.toml")).expect("rm");
    repo.commit("chore: npm");
    oversized(&repo, "package.json");
    let run = relx_writes_nothing(&repo, &["version"], &[]);
    assert_eq!(
        failure(&repo, &run),
        "exit 89\nerror: [REPO]/package.json: larger than 64 MiB, the most relx reads from one file\nhint: check the path in the configuration: a changelog, template or version file is not this large\n"
    );
}

#[test]
fn an_oversized_changelog_is_refused_naming_it() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.commit("feat: x");
    oversized(&repo, "CHANGELOG.md");
    let run = relx_writes_nothing(&repo, &["changelog"], &[]);
    assert_eq!(run.code, 89, "{run:?}");
    assert!(
        run.stderr.starts_with("error: ")
            && run
                .stderr
                .lines()
                .next()
                .unwrap_or_default()
                .ends_with("CHANGELOG.md: larger than 64 MiB, the most relx reads from one file"),
        "{}",
        run.stderr
    );
}

//! Bad input: one clear error line, relx's own exit code (docs/exit-codes.md),
//! nothing left in dist/ and the project's files unchanged.

use super::{
    assert_tracked_unchanged, files_in, hatchling_project, relx, setuptools_project, Tools,
};
use crate::support::TestRepo;

/// The `error: …` line of a run.
fn error_line(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line in {stderr}"))
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn no_pyproject_exits_43_and_creates_nothing() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n");
    repo.commit("chore: init");
    let run = relx(&repo, &Tools::python(), &["build"]);
    assert_eq!(run.code, 43, "{run:?}");
    assert!(
        error_line(&run.stderr).ends_with("no pyproject.toml or setup.py here, nothing to build"),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("dist").exists());
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn no_frontend_exits_44() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.0.0");
    let run = relx(&repo, &Tools::bare_python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 44, "{run:?}");
    assert!(
        error_line(&run.stderr).contains("uv is not on PATH and")
            && run.stderr.contains("has no `build` module"),
        "{}",
        run.stderr
    );
    assert!(files_in(&repo.path().join("dist")).is_empty());
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn backend_not_installed_exits_45_with_the_backends_last_line() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[build-system]\nrequires = [\"poetry-core>=1\"]\nbuild-backend = \"poetry.core.masonry.api\"\n\n[project]\nname = \"demo\"\nversion = \"1.0.0\"\n",
    );
    repo.commit("feat: demo");
    let run = relx(&repo, &Tools::python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 45, "{run:?}");
    let line = error_line(&run.stderr);
    assert!(
        line.starts_with("error: `python3 -m build --outdir dist/.relx-staging --no-isolation` failed (exit status 1): "),
        "{line}"
    );
    assert!(
        line.ends_with("ERROR Backend 'poetry.core.masonry.api' is not available."),
        "{line}"
    );
    assert!(files_in(&repo.path().join("dist")).is_empty());
    assert_tracked_unchanged(&repo);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn failing_backend_exits_45_and_its_output_is_streamed() {
    let repo = TestRepo::new();
    setuptools_project(&repo, "1.0.0", "Demo\n====\n");
    repo.write(
        "setup.py",
        "import sys\nprint('this setup.py fails on purpose', file=sys.stderr)\nsys.exit(3)\n",
    );
    repo.commit("chore: a broken setup.py");
    let run = relx(&repo, &Tools::python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 45, "{run:?}");
    // The backend's own output was streamed before relx's error.
    let said = run
        .stderr
        .find("this setup.py fails on purpose")
        .expect("streamed");
    let error = run.stderr.find("error: ").expect("error line");
    assert!(said < error, "{}", run.stderr);
    assert!(files_in(&repo.path().join("dist")).is_empty());
    // Under --quiet nothing streams, so the last lines come with the error.
    let run = relx(&repo, &Tools::python(), &["-q", "build", "--no-isolation"]);
    assert_eq!(run.code, 45);
    assert!(!run.stderr.contains("INFO:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("this setup.py fails on purpose"),
        "{}",
        run.stderr
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn dist_with_other_versions_exits_48_before_building() {
    let repo = TestRepo::new();
    hatchling_project(&repo, "1.1.0");
    repo.write("dist/demo_pkg-1.0.0.tar.gz", "old");
    repo.write("dist/notes.txt", "not a distribution");
    repo.write("dist/other_project-0.1.tar.gz", "another project's");
    let run = relx(&repo, &Tools::python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 48, "{run:?}");
    assert_eq!(
        error_line(&run.stderr),
        "error: dist: holds distributions of other versions: demo_pkg-1.0.0.tar.gz"
    );
    assert!(run
        .stderr
        .contains("hint: remove them, or keep the newest with --keep N"));
    assert!(!run.stderr.contains("building with"), "nothing was built");
    assert_eq!(
        files_in(&repo.path().join("dist")),
        vec![
            "demo_pkg-1.0.0.tar.gz",
            "notes.txt",
            "other_project-0.1.tar.gz"
        ]
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn unrenderable_readme_exits_47_and_leaves_dist_as_it_was() {
    let repo = TestRepo::new();
    setuptools_project(
        &repo,
        "1.0.0",
        "Title\n===\n\n* a list\nwithout a blank line\n\n.. unknown-directive::\n",
    );
    repo.write("dist/keep.txt", "x");
    let run = relx(&repo, &Tools::python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 47, "{run:?}");
    let line = error_line(&run.stderr);
    assert!(
        line.starts_with("error: dist/demo_setuptools-1.0.0"),
        "{line}"
    );
    assert!(line.contains("would not be rendered on PyPI"), "{line}");
    assert!(
        line.ends_with("(and 1 more files failed the check)"),
        "{line}"
    );
    assert_eq!(files_in(&repo.path().join("dist")), vec!["keep.txt"]);
    assert_tracked_unchanged(&repo);
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn a_version_that_differs_from_head_exits_46_naming_both() {
    // A setuptools-scm project cloned shallow: the tag is not there, so the
    // backend makes up 0.1.dev1 while the project says 1.0.0.
    let origin = TestRepo::new();
    origin.write(
        "pyproject.toml",
        r#"[build-system]
requires = ["setuptools", "setuptools-scm"]
build-backend = "setuptools.build_meta"

[project]
name = "demo-scm"
dynamic = ["version"]
description = "A demo package"
readme = "README.md"

[tool.setuptools]
packages = ["demo_scm"]

[tool.setuptools_scm]

[tool.commitizen]
version = "1.0.0"
"#,
    );
    origin.write("README.md", "# demo\n");
    origin.write("demo_scm/__init__.py", "");
    origin.commit("feat: demo");
    origin.tag("1.0.0");
    let clone = TestRepo::new();
    std::fs::remove_dir_all(clone.path().join(".git")).expect("rm .git");
    let url = format!("file://{}", origin.path().display());
    clone.git(&["clone", "-q", "--depth", "1", "--no-tags", &url, "."]);
    let run = relx(&clone, &Tools::python(), &["build", "--no-isolation"]);
    assert_eq!(run.code, 46, "{run:?}");
    let line = error_line(&run.stderr);
    assert!(line.contains("built version 0.1.dev1"), "{line}");
    assert!(
        line.ends_with("but the project's version at HEAD is 1.0.0"),
        "{line}"
    );
    assert!(
        run.stderr.contains("hint: a version taken from git"),
        "{}",
        run.stderr
    );
    assert!(files_in(&clone.path().join("dist")).is_empty());
    assert_tracked_unchanged(&clone);
}

//! `relx init`: the starter configuration (format-preserving append, or
//! `.relx.toml`), what it reads from commitizen, semantic-release and
//! bump-my-version configurations, the commit-msg hook, and the refusals
//! that leave every file as it was.

use std::process::Command;

use crate::support::{relx_in, venv_bin, TestRepo};

const PYPROJECT: &str = "# A project.\n[project]\nname = \"demo\"\nversion = \"0.3.1\"\n\n[tool.black]\nline-length = 100  # keep\n";

pub(crate) fn python_project() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", PYPROJECT);
    repo.write("src/demo/__init__.py", "__version__ = \"0.3.1\"\n");
    repo.write("CHANGES.md", "# Changes\n");
    repo.commit("chore: start");
    repo.tag("v0.3.0");
    repo.git(&["branch", "develop"]);
    repo
}

#[test]
fn appends_a_commented_section_keeping_the_file_byte_for_byte() {
    let repo = python_project();
    let run = repo.relx(&["init", "--yes"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = repo.read("pyproject.toml");
    let added = text
        .strip_prefix(PYPROJECT)
        .expect("the old text is kept as it was");
    assert!(added.starts_with("\n[tool.relx]\n# "), "{added}");
    assert_eq!(run.stdout, &added[1..], "stdout shows what was written");
    assert!(run.stderr.contains("INFO: wrote "), "{run:?}");
    for line in [
        "version_provider = \"pep621\"\n",
        "tag_format = \"v$version\"\n",
        "major_version_zero = true\n",
        "version_files = [\"src/demo/__init__.py:^__version__\"]\n",
        "changelog_file = \"CHANGES.md\"\n",
        "devel_branches = [\"develop\"]\n",
        "# update_changelog_on_bump = true\n",
    ] {
        assert!(added.contains(line), "{line:?} missing:\n{added}");
    }
}

/// commitizen is the oracle: the written keys, read as `[tool.commitizen]`,
/// give cz the same next version as they give relx.
#[test]
fn written_configuration_means_to_commitizen_what_it_means_to_relx() {
    let make = |pyproject: &str| {
        let repo = TestRepo::new();
        repo.write("pyproject.toml", pyproject);
        repo.write("src/demo/__init__.py", "__version__ = \"0.3.1\"\n");
        repo.commit("chore: start");
        repo.tag("v0.3.1");
        repo.commit("feat: something new");
        repo
    };
    let ours = make(PYPROJECT);
    assert_eq!(ours.relx(&["init", "--yes"]).code, 0);
    let text = ours.read("pyproject.toml");
    let theirs = make(&text.replace("[tool.relx]", "[tool.commitizen]"));
    let cz = Command::new(venv_bin("cz"))
        .args(["bump", "--get-next", "--yes"])
        .current_dir(theirs.path())
        .output()
        .unwrap();
    assert!(
        cz.status.success(),
        "{}",
        String::from_utf8_lossy(&cz.stderr)
    );
    let run = ours.relx(&["version", "--short"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, String::from_utf8_lossy(&cz.stdout));
}

#[test]
fn crlf_file_gets_crlf_lines() {
    let repo = TestRepo::new();
    let original = "[project]\r\nname = \"demo\"\r\nversion = \"1.0.0\"";
    repo.write("pyproject.toml", original);
    repo.commit("chore: start");
    assert_eq!(repo.relx(&["init", "--yes"]).code, 0);
    let text = repo.read("pyproject.toml");
    let added = text.strip_prefix(original).unwrap();
    assert!(added.starts_with("\r\n\r\n[tool.relx]\r\n"), "{added:?}");
    assert!(
        !added.replace("\r\n", "").contains('\n'),
        "a bare LF in {added:?}"
    );
}

#[test]
fn without_pyproject_writes_relx_toml() {
    let repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"demo\"\nversion = \"2.1.0\"\n",
    );
    repo.commit("chore: start");
    repo.tag("demo-v2.1.0");
    repo.commit("fix: y");
    let run = repo.relx(&["init", "--yes"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = repo.read(".relx.toml");
    assert!(text.contains("version_provider = \"cargo\"\n"), "{text}");
    assert!(text.contains("tag_format = \"demo-v$version\"\n"), "{text}");
    assert!(!text.contains("major_version_zero"), "{text}");
    let plan = repo.relx(&["version"]);
    assert!(
        plan.stdout
            .starts_with("bump: version 2.1.0 → 2.1.1\ntag to create: demo-v2.1.1\n"),
        "{plan:?}"
    );
    assert!(plan.stdout.contains("current tag: demo-v2.1.0"), "{plan:?}");
}

/// The bytes of every file in the work tree, `.git/hooks` included.
fn snapshot(repo: &TestRepo) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                if name == ".git" {
                    walk(&path.join("hooks"), base, out);
                } else {
                    walk(&path, base, out);
                }
            } else {
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(repo.path(), repo.path(), &mut out);
    out.sort();
    out
}

#[test]
fn twice_is_refused_and_changes_nothing() {
    let repo = python_project();
    assert_eq!(repo.relx(&["init", "--yes"]).code, 0);
    let before = snapshot(&repo);
    let run = repo.relx(&["init", "--yes"]);
    assert_eq!(run.code, 60, "{run:?}");
    let first = run.stderr.lines().next().unwrap();
    assert!(
        first.starts_with("error: ")
            && first.ends_with(
                "pyproject.toml: relx is configured already ([tool.relx]); nothing was changed"
            ),
        "{first}"
    );
    assert_eq!(snapshot(&repo), before);
}

#[test]
fn read_only_pyproject_is_refused() {
    let repo = python_project();
    let path = repo.path().join("pyproject.toml");
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let before = snapshot(&repo);
    let run = repo.relx(&["init", "--yes", "--hook"]);
    assert_eq!(run.code, 40, "{run:?}");
    assert!(
        run.stderr.starts_with("error: ")
            && run.stderr.contains(
                "pyproject.toml: cannot write: the file is read-only; nothing was changed\n"
            ),
        "{run:?}"
    );
    assert_eq!(snapshot(&repo), before, "not even the hook");
}

#[test]
fn no_project_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = relx_in(dir.path(), &["init", "--yes"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with("error: ") && run.stderr.contains("no project here"),
        "{run:?}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn without_yes_and_without_a_terminal_nothing_is_written() {
    let repo = python_project();
    let before = snapshot(&repo);
    let run = repo.relx(&["init"]);
    assert_eq!(run.code, 62, "{run:?}");
    assert!(
        run.stdout.starts_with("[tool.relx]\n"),
        "the proposal is shown: {run:?}"
    );
    assert!(run.stderr.contains("stdin is not a terminal"), "{run:?}");
    assert_eq!(snapshot(&repo), before);
}

#[test]
fn commitizen_configuration_is_read_as_it_is() {
    let repo = TestRepo::new();
    let cz = "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\nupdate_changelog_on_bump = true\n";
    repo.write(".cz.toml", cz);
    repo.commit("chore: start");
    let before = snapshot(&repo);
    let run = repo.relx(&["init", "--yes"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "relx reads the commitizen configuration in .cz.toml [tool.commitizen] as it is; nothing to write.\n  version = \"1.0.0\"\n  tag_format = \"v$version\"\n  update_changelog_on_bump = true\n"
    );
    assert_eq!(snapshot(&repo), before);
}

#[test]
fn semantic_release_configuration_is_translated() {
    let repo = TestRepo::new();
    let text = "[project]\nname = \"demo\"\nversion = \"1.2.0\"\n\n[tool.semantic_release]\nversion_toml = [\"pyproject.toml:project.version\"]\nversion_variables = [\"demo.py:__version__\"]\ntag_format = \"release-{version}\"\nmajor_on_zero = false\nbuild_command = \"python -m build\"\n\n[tool.semantic_release.branches.beta]\nmatch = \"beta\"\nprerelease = true\nprerelease_token = \"beta\"\n";
    repo.write("pyproject.toml", text);
    repo.write("demo.py", "__version__ = \"1.2.0\"\n");
    repo.commit("chore: start");
    repo.tag("release-1.2.0");
    repo.commit("feat: z");
    let run = repo.relx(&["init", "--yes"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains(
            "found a semantic-release configuration in pyproject.toml [tool.semantic_release]"
        ),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("warning: not carried over: build_command"),
        "{run:?}"
    );
    let written = repo.read("pyproject.toml");
    for line in [
        "version_provider = \"pep621\"\n",
        "tag_format = \"release-$version\"\n",
        "major_version_zero = true\n",
        "branch_prereleases = { beta = \"beta\" }\n",
    ] {
        assert!(written.contains(line), "{line:?} missing:\n{written}");
    }
    let bump = repo.relx(&["bump", "--allow-dirty"]);
    assert_eq!(bump.code, 0, "{bump:?}");
    assert!(
        bump.stdout
            .starts_with("bump: version 1.2.0 → 1.3.0\ntag to create: release-1.3.0\n"),
        "{bump:?}"
    );
    assert!(
        bump.stdout.contains("  demo.py ("),
        "the version variable is a version file: {bump:?}"
    );
}

#[test]
fn bumpversion_cfg_is_translated() {
    let repo = TestRepo::new();
    repo.write(
        "setup.py",
        "from setuptools import setup\nsetup(name=\"demo\", version=\"0.9.0\")\n",
    );
    repo.write(
        ".bumpversion.cfg",
        "[bumpversion]\ncurrent_version = 0.9.0\ncommit = True\ntag = True\n\n[bumpversion:file:setup.py]\nsearch = version=\"{current_version}\"\n",
    );
    repo.commit("chore: start");
    repo.tag("v0.9.0");
    repo.commit("fix: a");
    let run = repo.relx(&["init", "--yes"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = repo.read(".relx.toml");
    assert!(text.contains("version = \"0.9.0\"\n"), "{text}");
    assert!(text.contains("tag_format = \"v$version\"\n"), "{text}");
    assert!(
        text.contains("version_files = [\"setup.py:version=\\\"\"]\n"),
        "{text}"
    );
    let bump = repo.relx(&["bump", "--allow-dirty"]);
    assert_eq!(bump.code, 0, "{bump:?}");
    assert!(
        bump.stdout
            .starts_with("bump: version 0.9.0 → 0.9.1\ntag to create: v0.9.1\n"),
        "{bump:?}"
    );
    assert!(bump.stdout.contains("  setup.py ("), "{bump:?}");
}

#[test]
fn hook_is_installed_once_and_never_overwritten() {
    let repo = python_project();
    let run = repo.relx(&["init", "--yes", "--hook"]);
    assert_eq!(run.code, 0, "{run:?}");
    let hook = repo.path().join(".git/hooks/commit-msg");
    let text = std::fs::read_to_string(&hook).unwrap();
    assert!(text.starts_with("#!/bin/sh\n"));
    assert!(text.contains("check --commit-msg-file \"$1\""), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "executable");
    }
    // Configured already, the hook there: nothing to do, nothing changed.
    let before = snapshot(&repo);
    let again = repo.relx(&["init", "--yes", "--hook"]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(
        again.stderr.contains("the hook is installed already"),
        "{again:?}"
    );
    assert_eq!(snapshot(&repo), before);
    // Somebody else's hook is never replaced.
    std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    let before = snapshot(&repo);
    let other = repo.relx(&["init", "--yes", "--hook"]);
    assert_eq!(other.code, 61, "{other:?}");
    assert!(
        other
            .stderr
            .contains("commit-msg: exists already; relx init does not overwrite it"),
        "{other:?}"
    );
    assert_eq!(snapshot(&repo), before);
}

#[test]
fn hook_goes_where_core_hooks_path_says() {
    let repo = python_project();
    repo.git(&["config", "core.hooksPath", "githooks"]);
    let run = repo.relx(&["init", "--yes", "--hook"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.path().join("githooks/commit-msg").is_file());
    assert!(!repo.path().join(".git/hooks/commit-msg").exists());
}

/// Runs `relx init` on a pseudo-terminal (util-linux `script`), typing
/// `answer` at its question.
fn init_on_a_terminal(repo: &TestRepo, answer: &str) -> String {
    let command = format!("{} init", env!("CARGO_BIN_EXE_relx"));
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(answer.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Linux: util-linux `script` gives relx a terminal"
)]
fn on_a_terminal_it_asks_first() {
    let repo = python_project();
    let before = snapshot(&repo);
    let screen = init_on_a_terminal(&repo, "n\n");
    assert!(
        screen.contains("Write this to pyproject.toml? [y/N]"),
        "{screen:?}"
    );
    assert!(screen.contains("INFO: nothing written"), "{screen:?}");
    assert_eq!(snapshot(&repo), before);
    let screen = init_on_a_terminal(&repo, "y\n");
    assert!(screen.contains("INFO: wrote pyproject.toml"), "{screen:?}");
    assert!(repo.read("pyproject.toml").contains("\n[tool.relx]\n"));
}

//! `relx bump --exec`: golden edits, the transaction and its undo, pre-flight
//! checks, hooks, push, and the comparison with `cz bump`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{relx_in, TestRepo};

const PLACEHOLDER: &str = "{{VERSION}}";

/// Every file of the work tree (outside .git) with its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

/// File bytes, printed as text when a comparison fails.
#[derive(PartialEq)]
struct Bytes(Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

/// Everything that must be identical after a failed or dry run.
#[derive(Debug, PartialEq)]
struct State {
    head: String,
    refs: String,
    index: Bytes,
    files: BTreeMap<PathBuf, Bytes>,
}

fn state(repo: &TestRepo) -> State {
    State {
        head: repo.git(&["rev-parse", "HEAD"]),
        refs: repo.git(&["for-each-ref", "--format=%(refname) %(objectname)"]),
        index: Bytes(std::fs::read(repo.path().join(".git/index")).unwrap()),
        files: tree(repo.path())
            .into_iter()
            .map(|(p, b)| (p, Bytes(b)))
            .collect(),
    }
}

/// Copies a fixture with the version placeholder filled in.
fn render_fixture(case: &str, version: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bump")
        .join(case);
    tree(&root)
        .into_iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).expect("fixtures are UTF-8");
            (path, text.replace(PLACEHOLDER, version).into_bytes())
        })
        .collect()
}

fn repo_from_fixture(case: &str, tag: &str) -> TestRepo {
    let repo = TestRepo::new();
    for (path, bytes) in render_fixture(case, "1.0.0") {
        let full = repo.path().join(&path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    repo.commit("chore: start");
    repo.tag(tag);
    repo.commit("fix: a bug");
    repo
}

/// The golden cases: the files after the bump are the fixture with 1.0.1,
/// byte for byte, and the bump commit holds exactly the files that changed.
#[test]
fn golden_edits_change_only_the_version() {
    let cases = [
        ("pep621_crlf_bom", "v1.0.0", "v1.0.1"),
        ("poetry", "1.0.0", "1.0.1"),
        ("cz_toml", "1.0.0", "1.0.1"),
        ("relx_toml", "release-1.0.0", "release-1.0.1"),
        ("cz_json", "v1.0.0", "v1.0.1"),
        ("cz_yaml", "1.0.0", "1.0.1"),
        ("uv", "1.0.0", "1.0.1"),
        ("cargo", "1.0.0", "1.0.1"),
        ("npm", "1.0.0", "1.0.1"),
        ("tool_relx", "v1.0.0", "v1.0.1"),
    ];
    for (case, old_tag, new_tag) in cases {
        let repo = repo_from_fixture(case, old_tag);
        let before = render_fixture(case, "1.0.0");
        let run = repo.relx(&["bump", "--exec"]);
        assert_eq!(run.code, 0, "{case}: {run:?}");
        let expected = render_fixture(case, "1.0.1");
        let actual = tree(repo.path());
        for (path, want) in &expected {
            let got = actual
                .get(path)
                .unwrap_or_else(|| panic!("{case}: {} missing", path.display()));
            assert_eq!(
                String::from_utf8_lossy(got),
                String::from_utf8_lossy(want),
                "{case}: {} differs",
                path.display()
            );
            assert_eq!(got, want, "{case}: {} bytes differ", path.display());
        }
        assert_eq!(
            repo.git(&["tag", "--points-at", "HEAD"]).trim(),
            new_tag,
            "{case}"
        );
        let committed: Vec<String> = repo
            .git(&["show", "--name-only", "--format=", "HEAD"])
            .lines()
            .map(str::to_string)
            .collect();
        let changed: Vec<String> = expected
            .iter()
            .filter(|(p, b)| before.get(*p) != Some(b))
            .map(|(p, _)| p.display().to_string())
            .collect();
        let mut committed_sorted = committed.clone();
        committed_sorted.sort();
        assert_eq!(
            committed_sorted, changed,
            "{case}: the commit holds exactly the changed files"
        );
        assert_eq!(
            repo.git(&["log", "-1", "--format=%s"]).trim(),
            "bump: version 1.0.0 → 1.0.1",
            "{case}"
        );
    }
}

pub(crate) fn simple_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"demo\"\nversion = \"1.0.0\"\n\n[tool.commitizen]\nversion_provider = \"pep621\"\ntag_format = \"v$version\"\nversion_files = [\"src/demo/__init__.py\", \"src/demo/_version.py\"]\n",
    );
    repo.write("src/demo/__init__.py", "__version__ = \"1.0.0\"\n");
    repo.write("src/demo/_version.py", "VERSION = \"1.0.0\"\n");
    repo.write(".gitignore", "ignored.txt\n");
    repo.commit("feat: start");
    repo.tag("v1.0.0");
    repo.commit("feat: more");
    repo
}

fn add_config(repo: &TestRepo, extra: &str) {
    let text = repo.read("pyproject.toml") + extra;
    repo.write("pyproject.toml", &text);
    repo.commit("chore: configure");
}

#[test]
fn dry_run_writes_nothing() {
    let repo = simple_repo();
    repo.write("untracked.txt", "x");
    let before = state(&repo);
    let run = repo.relx(&["bump"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("INFO: Dry mode enabled, use with --exec to run changes"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("src/demo/__init__.py"),
        "{}",
        run.stdout
    );
    assert_eq!(state(&repo), before);
}

/// Each step made to fail in turn: relx undoes its own effects, and only
/// those. What a hook did stays (see: the journal issue, "anything a hook
/// did stays as it is"); a file a hook changed after relx wrote it is left
/// and named.
#[test]
fn every_failing_step_undoes_only_relx() {
    struct Case {
        name: &'static str,
        setup: fn(&TestRepo),
        code: i32,
        message: &'static str,
        /// What the hooks did, on top of the state before.
        hooks_did: fn(&mut State),
    }
    fn nothing(_: &mut State) {}
    let cases = [
        Case {
            name: "pre-bump hook fails",
            setup: |r| {
                add_config(r, "pre_bump_hooks = [\"echo changed > src/demo/__init__.py; touch new-file; exit 3\"]\n")
            },
            code: 26,
            message: "Running hook",
            hooks_did: |s| {
                s.files
                    .insert("src/demo/__init__.py".into(), Bytes(b"changed\n".to_vec()));
                s.files.insert("new-file".into(), Bytes(Vec::new()));
            },
        },
        Case {
            name: "commit-msg hook rejects",
            setup: |r| {
                r.write(
                    ".git/hooks/commit-msg",
                    "#!/bin/sh\necho 'no bumps today' >&2\nexit 1\n",
                );
                make_executable(&r.path().join(".git/hooks/commit-msg"));
            },
            code: 6,
            message: "git commit failed",
            hooks_did: nothing,
        },
        Case {
            name: "pre-commit hook edits a file relx wrote and fails",
            setup: |r| {
                r.write(
                    ".git/hooks/pre-commit",
                    "#!/bin/sh\necho reformatted >> src/demo/_version.py\nexit 1\n",
                );
                make_executable(&r.path().join(".git/hooks/pre-commit"));
            },
            code: 6,
            message: "_version.py: changed since relx wrote it; left as it is",
            hooks_did: |s| {
                s.files.insert(
                    "src/demo/_version.py".into(),
                    Bytes(b"VERSION = \"1.1.0\"\nreformatted\n".to_vec()),
                );
            },
        },
        Case {
            name: "a pre-bump hook creates the tag",
            setup: |r| add_config(r, "pre_bump_hooks = [\"git tag v1.1.0\"]\n"),
            code: 7,
            message: "v1.1.0",
            hooks_did: |s| {
                let line = format!("refs/tags/v1.1.0 {}", s.head);
                s.refs.push_str(&line);
            },
        },
        Case {
            name: "a version file is read-only",
            setup: |r| {
                let path = r.path().join("src/demo/_version.py");
                let mut p = std::fs::metadata(&path).unwrap().permissions();
                p.set_readonly(true);
                std::fs::set_permissions(&path, p).unwrap();
            },
            code: 40,
            message: "read-only",
            hooks_did: nothing,
        },
        Case {
            name: "post-bump hook fails",
            setup: |r| add_config(r, "post_bump_hooks = [\"exit 9\"]\n"),
            code: 26,
            message: "Running hook 'exit 9' failed",
            hooks_did: nothing,
        },
    ];
    for case in cases {
        let repo = simple_repo();
        (case.setup)(&repo);
        repo.write("untracked.txt", "keep me");
        repo.write("ignored.txt", "ignored");
        let mut expected = state(&repo);
        (case.hooks_did)(&mut expected);
        let run = repo.relx(&["bump", "--exec"]);
        assert_eq!(run.code, case.code, "{}: {run:?}", case.name);
        assert!(
            run.stderr.contains(case.message),
            "{}: {}",
            case.name,
            run.stderr
        );
        assert!(
            !run.stderr.contains("restored"),
            "{}: never says restored: {}",
            case.name,
            run.stderr
        );
        let after = state(&repo);
        assert_eq!(after.head, expected.head, "{}: HEAD", case.name);
        assert_eq!(after.refs, expected.refs, "{}: refs and tags", case.name);
        assert_eq!(after.index, expected.index, "{}: index", case.name);
        assert_eq!(after.files, expected.files, "{}: files", case.name);
        assert!(
            !repo.path().join(".git/relx/journal").exists(),
            "{}: no journal left",
            case.name
        );
        assert!(
            !repo.path().join(".git/relx/lock").exists(),
            "{}: no lock left",
            case.name
        );
    }
}

fn make_executable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut p = std::fs::metadata(path).unwrap().permissions();
        p.set_mode(0o755);
        std::fs::set_permissions(path, p).unwrap();
    }
    // Git for Windows runs a hook whatever its mode.
    #[cfg(not(unix))]
    let _ = path;
}

#[test]
fn dirty_tree_is_refused_and_allow_dirty_keeps_changes_out() {
    let repo = simple_repo();
    repo.write("notes.txt", "tracked\n");
    repo.commit("docs: notes");
    repo.write("notes.txt", "tracked, edited\n");
    let before = state(&repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 41, "{run:?}");
    assert!(run.stderr.contains("notes.txt"), "{}", run.stderr);
    assert_eq!(state(&repo), before);

    let run = repo.relx(&["bump", "--exec", "--allow-dirty"]);
    assert_eq!(run.code, 0, "{run:?}");
    let committed = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(!committed.contains("notes.txt"), "{committed}");
    assert_eq!(repo.read("notes.txt"), "tracked, edited\n");
    assert!(repo
        .git(&["status", "--porcelain"])
        .contains(" M notes.txt"));
}

#[test]
fn preflight_failures_change_nothing() {
    // tag exists already
    let repo = simple_repo();
    repo.git(&["tag", "v1.1.0", "HEAD~1"]);
    let before = state(&repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 7, "{run:?}");
    assert!(
        run.stderr.contains("tag v1.1.0 already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(state(&repo), before);

    // a version file without the version
    let repo = simple_repo();
    repo.write("src/demo/_version.py", "VERSION = \"0.9.0\"\n");
    repo.commit("chore: drift");
    let before = state(&repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 17, "{run:?}");
    assert!(
        run.stderr
            .contains("src/demo/_version.py: does not contain the current version 1.0.0"),
        "{}",
        run.stderr
    );
    assert_eq!(state(&repo), before);

    // a version file that is missing, and one that is not UTF-8
    let repo = simple_repo();
    std::fs::remove_file(repo.path().join("src/demo/_version.py")).unwrap();
    repo.commit("chore: remove");
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 17, "{run:?}");
    assert!(
        run.stderr.contains("_version.py: no such file"),
        "{}",
        run.stderr
    );
    let repo = simple_repo();
    std::fs::write(
        repo.path().join("src/demo/_version.py"),
        b"VERSION = '1.0.0' \xff\n",
    )
    .unwrap();
    repo.commit("chore: latin-1");
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 17, "{run:?}");
    assert!(run.stderr.contains("is not UTF-8"), "{}", run.stderr);

    // detached HEAD (even with the CI variable that `relx version` accepts)
    let repo = simple_repo();
    repo.git(&["checkout", "-q", "--detach"]);
    let before = state(&repo);
    let run = repo.relx_env(&["bump", "--exec"], &[("GITHUB_REF_NAME", "main")]);
    assert_eq!(run.code, 23, "{run:?}");
    assert!(run.stderr.contains("HEAD is detached"), "{}", run.stderr);
    assert_eq!(state(&repo), before);

    // a merge in progress
    let repo = simple_repo();
    repo.git(&["checkout", "-q", "-b", "side", "HEAD~1"]);
    repo.write("src/demo/_version.py", "VERSION = \"1.0.0\"  # side\n");
    repo.commit("fix: side");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("src/demo/_version.py", "VERSION = \"1.0.0\"  # main\n");
    repo.commit("fix: main");
    let merge = std::process::Command::new("git")
        .args(["merge", "side"])
        .current_dir(repo.path())
        .env("GIT_AUTHOR_NAME", "A")
        .env("GIT_AUTHOR_EMAIL", "a@b")
        .env("GIT_COMMITTER_NAME", "A")
        .env("GIT_COMMITTER_EMAIL", "a@b")
        .output()
        .unwrap();
    assert!(!merge.status.success(), "the merge must conflict");
    let run = repo.relx(&["bump", "--exec", "--allow-dirty"]);
    assert_eq!(run.code, 23, "{run:?}");
    assert!(
        run.stderr.contains("in the middle of a merge"),
        "{}",
        run.stderr
    );
}

#[test]
fn dry_run_reports_every_problem() {
    let repo = simple_repo();
    repo.git(&["tag", "v1.1.0", "HEAD~1"]);
    repo.write(
        "pyproject.toml",
        &(repo.read("pyproject.toml") + "# edited\n"),
    );
    let run = repo.relx(&["bump"]);
    assert_eq!(run.code, 41, "{run:?}");
    assert!(
        run.stderr.contains("uncommitted changes: pyproject.toml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("tag v1.1.0 already exists"),
        "{}",
        run.stderr
    );
}

/// The hooks get commitizen's variables with commitizen's values, and the
/// same values as RELX_*. The oracle is `cz bump --yes` on a copy.
#[test]
fn hooks_get_commitizens_environment() {
    let dump = "env | grep -E '^(CZ|RELX)_(PRE|POST)_' | sort > \\\"$HOME_DIR/{}.env\\\"";
    let config = format!(
        "pre_bump_hooks = [\"{}\"]\npost_bump_hooks = [\"{}\"]\n",
        dump.replace("{}", "pre"),
        dump.replace("{}", "post")
    );
    let relx_repo = simple_repo();
    add_config(&relx_repo, &config);
    let cz_repo = simple_repo();
    add_config(&cz_repo, &config);
    let relx_out = tempfile::tempdir().unwrap();
    let cz_out = tempfile::tempdir().unwrap();

    let run = relx_repo.relx_env(
        &["bump", "--exec"],
        &[("HOME_DIR", relx_out.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let cz = cz_repo.cz(
        &["bump", "--yes"],
        &[("HOME_DIR", cz_out.path().to_str().unwrap())],
    );
    assert!(cz.code == 0, "{}", cz.stderr);
    for stage in ["pre", "post"] {
        let relx_env =
            std::fs::read_to_string(relx_out.path().join(format!("{stage}.env"))).unwrap();
        let cz_env = std::fs::read_to_string(cz_out.path().join(format!("{stage}.env"))).unwrap();
        let relx_cz: Vec<&str> = relx_env.lines().filter(|l| l.starts_with("CZ_")).collect();
        let cz_lines: Vec<&str> = cz_env.lines().collect();
        assert_eq!(relx_cz, cz_lines, "{stage} hook environment");
        let relx_own: Vec<String> = relx_env
            .lines()
            .filter(|l| l.starts_with("RELX_"))
            .map(|l| l.replacen("RELX_", "CZ_", 1))
            .collect();
        assert_eq!(relx_own, cz_lines, "{stage}: RELX_* mirror CZ_*");
    }
}

#[test]
fn push_sends_commit_and_tag_to_upstream() {
    let repo = simple_repo();
    let remote = bare_upstream(&repo);
    let run = repo.relx(&["bump", "--exec", "--push"]);
    assert_eq!(run.code, 0, "{run:?}");
    let remote_git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(remote.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(
        remote_git(&["rev-parse", "main"]),
        repo.git(&["rev-parse", "HEAD"]).trim()
    );
    assert_eq!(remote_git(&["tag"]), "v1.1.0", "only the new tag is pushed");
}

/// A bare repository as `origin`, with `main` pushed and tracked.
fn bare_upstream(repo: &TestRepo) -> tempfile::TempDir {
    let remote = tempfile::tempdir().unwrap();
    std::process::Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(remote.path())
        .status()
        .unwrap();
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    repo.git(&["push", "-q", "-u", "origin", "main"]);
    remote
}

/// A push the remote refuses (a hook that rejects everything) is the last
/// step of the bump: relx undoes its commit and tag, and the repository is
/// as it was (`git push --atomic`: nothing reached the remote).
#[test]
fn a_refused_push_undoes_the_bump() {
    let repo = simple_repo();
    let remote = bare_upstream(&repo);
    let hook = remote.path().join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'releases are frozen' >&2\nexit 1\n").unwrap();
    make_executable(&hook);
    let before = crate::support::World::of(&repo);
    let run = repo.relx(&["bump", "--exec", "--push"]);
    assert_ne!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("undone"), "{}", run.stderr);
    assert_eq!(crate::support::World::of(&repo), before, "{}", run.stderr);
}

/// The dry run shows the steps around the files that are not the default:
/// the hooks, the tag kind and message, the push; `--json` has them too.
#[test]
fn dry_run_shows_hooks_tag_kind_and_push() {
    let repo = simple_repo();
    add_config(
        &repo,
        "pre_bump_hooks = [\"echo before\"]\npost_bump_hooks = [\"echo after\"]\nannotated_tag = true\n",
    );
    let run = repo.relx(&["bump", "--push", "--annotated-tag-message", "Release it"]);
    assert_eq!(run.code, 0, "{run:?}");
    let steps = run.stdout.split("\nsteps:\n").nth(1).unwrap_or_default();
    assert_eq!(
        steps,
        "  hook before the files: echo before\n  annotated tag v1.1.0: Release it\n  hook after the tag: echo after\n  push: main and v1.1.0 to the branch's upstream\n",
        "{}",
        run.stdout
    );
    let plain = simple_repo().relx(&["bump"]);
    assert!(!plain.stdout.contains("steps:"), "{}", plain.stdout);

    let run = repo.relx(&["bump", "--push", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["exec"]["pre_bump_hooks"][0], "echo before");
    assert_eq!(json["exec"]["tag_kind"], "annotated");
    assert_eq!(json["exec"]["tag_message"], "v1.1.0");
    assert_eq!(json["exec"]["push"], "main");
}

#[test]
fn annotated_and_signed_tags() {
    let repo = simple_repo();
    let run = repo.relx(&["bump", "--exec", "--annotated-tag-message", "Release 1.1.0"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.git(&["cat-file", "-t", "v1.1.0"]).trim(), "tag");
    assert_eq!(
        repo.git(&["tag", "-l", "--format=%(contents:subject)", "v1.1.0"])
            .trim(),
        "Release 1.1.0"
    );

    // SSH signing, configured the way git documents it.
    let repo = simple_repo();
    let key = repo.path().join(".git/signing_key");
    let keygen = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen is needed for the signed-tag test (openssh-client)");
    assert!(keygen.success());
    repo.git(&["config", "gpg.format", "ssh"]);
    repo.git(&["config", "user.signingkey", key.to_str().unwrap()]);
    repo.git(&["config", "tag.gpgSign", "true"]);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 0, "{run:?}");
    let tag = repo.git(&["cat-file", "-p", "v1.1.0"]);
    assert!(tag.contains("-----BEGIN SSH SIGNATURE-----"), "{tag}");
}

#[test]
fn version_files_only_writes_files_without_commit() {
    let repo = simple_repo();
    let head = repo.git(&["rev-parse", "HEAD"]);
    let run = repo.relx(&["bump", "--exec", "--version-files-only"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(
        repo.read("src/demo/__init__.py"),
        "__version__ = \"1.1.0\"\n"
    );
    assert!(!repo.git(&["tag"]).contains("v1.1.0"));
}

#[test]
fn json_reports_plan_files_and_what_was_done() {
    let repo = simple_repo();
    let run = repo.relx(&["bump", "--exec", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("stdout is one JSON object");
    assert_eq!(v["next_version"], "1.1.0");
    assert_eq!(v["next_tag"], "v1.1.0");
    assert_eq!(v["done"]["tag"], "v1.1.0");
    assert_eq!(v["done"]["commit"], repo.git(&["rev-parse", "HEAD"]).trim());
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
}

#[test]
fn bump_message_keeps_unknown_variables() {
    let repo = simple_repo();
    add_config(
        &repo,
        "bump_message = \"release $new_version ($unknown) from $current_version\"\n",
    );
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]).trim(),
        "release 1.1.0 ($unknown) from 1.0.0"
    );
}

/// The same repositories bumped by `cz bump --yes` and `relx bump --exec`
/// end with the same version in every file, the same tag and the same commit
/// message. The fixtures are LF, BOM-free files where commitizen preserves
/// formatting; the files where relx deliberately differs (CRLF, BOM, pins
/// and longer versions in version_files) are covered by the golden test.
#[test]
fn same_result_as_commitizen() {
    type Setup = (&'static str, &'static str, fn(&TestRepo));
    let setups: [Setup; 4] = [
        ("pep621 + version_files", "v0.3.0", |r| {
            r.write(
                "pyproject.toml",
                "[project]\nname = \"demo\"\nversion = \"0.3.0\"\n\n[tool.commitizen]\nversion_provider = \"pep621\"\ntag_format = \"v$version\"\nversion_files = [\"src/demo/__init__.py:__version__\"]\n",
            );
            r.write("src/demo/__init__.py", "__version__ = \"0.3.0\"\n");
        }),
        ("commitizen provider in .cz.toml", "0.3.0", |r| {
            r.write("setup.cfg", "[metadata]\nversion = 0.3.0\n");
            r.write(
                ".cz.toml",
                "[tool.commitizen]\nversion = \"0.3.0\"\nversion_files = [\"setup.cfg\"]\n",
            );
        }),
        ("pre-release current version", "v0.3.0a1", |r| {
            r.write(
                ".cz.toml",
                "[tool.commitizen]\nversion = \"0.3.0a1\"\ntag_format = \"v$version\"\n",
            );
        }),
        ("semver scheme", "v0.3.0", |r| {
            r.write(
                ".cz.toml",
                "[tool.commitizen]\nversion = \"0.3.0\"\nversion_scheme = \"semver\"\ntag_format = \"v$version\"\n",
            );
        }),
    ];
    for (name, first_tag, setup) in setups {
        let make = || {
            let repo = TestRepo::new();
            setup(&repo);
            repo.commit("feat: start");
            repo.tag(first_tag);
            repo.commit("feat(api): add an endpoint");
            repo.commit("fix: handle errors\n\nBody text.");
            repo
        };
        let relx_repo = make();
        let cz_repo = make();
        let run = relx_repo.relx(&["bump", "--exec"]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let cz = cz_repo.cz(&["bump", "--yes"], &[]);
        assert!(cz.code == 0, "{name}: {}", cz.stdout);
        assert_eq!(
            tree(relx_repo.path()),
            tree(cz_repo.path()),
            "{name}: files"
        );
        assert_eq!(
            relx_repo.git(&["tag", "--points-at", "HEAD"]),
            cz_repo.git(&["tag", "--points-at", "HEAD"]),
            "{name}: tag"
        );
        assert_eq!(
            relx_repo.git(&["log", "-1", "--format=%B"]),
            cz_repo.git(&["log", "-1", "--format=%B"]),
            "{name}: commit message"
        );
        assert_eq!(
            relx_repo.git(&["show", "--name-only", "--format=", "HEAD"]),
            cz_repo.git(&["show", "--name-only", "--format=", "HEAD"]),
            "{name}: committed files"
        );
    }
}

#[test]
fn outside_a_repository_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = relx_in(dir.path(), &["bump"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
}

/// `bump --changelog` writes the changelog inside the transaction: the same
/// file `cz bump --changelog --yes` writes, in the bump commit, and gone
/// again when a later step fails.
#[test]
fn changelog_is_written_inside_the_bump() {
    let make = || {
        let repo = TestRepo::new();
        repo.write(
            ".cz.toml",
            "[tool.commitizen]\nversion = \"0.3.0\"\ntag_format = \"v$version\"\n",
        );
        repo.commit("feat: start");
        repo.tag("v0.3.0");
        repo.commit("feat(api): add an endpoint");
        repo.commit("fix: handle errors\n\nBREAKING CHANGE: the old handler is gone");
        repo.commit("docs: explain");
        repo
    };
    let relx_repo = make();
    let dry = relx_repo.relx(&["bump", "--changelog"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(
        dry.stdout.contains("changelog:\n  ## v1.0.0 ("),
        "{}",
        dry.stdout
    );
    assert!(
        !relx_repo.path().join("CHANGELOG.md").exists(),
        "a dry run writes nothing"
    );

    let run = relx_repo.relx(&["bump", "--changelog", "--exec"]);
    assert_eq!(run.code, 0, "{run:?}");
    let cz_repo = make();
    let cz = cz_repo.cz(&["bump", "--changelog", "--yes"], &[]);
    assert!(cz.code == 0, "{}", cz.stderr);
    assert_eq!(relx_repo.read("CHANGELOG.md"), cz_repo.read("CHANGELOG.md"));
    assert_eq!(
        relx_repo.git(&["show", "--name-only", "--format=", "HEAD"]),
        cz_repo.git(&["show", "--name-only", "--format=", "HEAD"])
    );

    // A failing post-bump hook takes the changelog back out with everything else.
    let failing = make();
    add_config_cz(&failing, "post_bump_hooks = [\"exit 4\"]\n");
    let before = state(&failing);
    let run = failing.relx(&["bump", "--changelog", "--exec"]);
    assert_eq!(run.code, 26, "{run:?}");
    assert_eq!(state(&failing), before);
}

fn add_config_cz(repo: &TestRepo, extra: &str) {
    let text = repo.read(".cz.toml") + extra;
    repo.write(".cz.toml", &text);
    repo.commit("chore: configure");
}

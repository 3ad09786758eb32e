//! The journal of relx's own effects: a failed, interrupted or killed
//! `bump --exec` undoes only what relx did, a second writer is kept out by
//! the lock, and the next run reports what a killed one left. Each test
//! compares the whole state (refs, HEAD, index bytes, every file with its
//! mode or symlink target) before and after, and what a user does
//! meanwhile is part of the test.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{assert_unchanged, TestRepo, World};

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut p = std::fs::metadata(path).unwrap().permissions();
    p.set_mode(0o755);
    std::fs::set_permissions(path, p).unwrap();
}

fn hook(repo: &TestRepo, name: &str, body: &str) {
    let path = format!(".git/hooks/{name}");
    repo.write(&path, &format!("#!/bin/sh\n{body}\n"));
    make_executable(&repo.path().join(path));
}

/// A project at v1.0.0 with one feat since: the bump is 1.0.0 → 1.1.0.
fn project(extra: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        &format!(
            "[project]\nname = \"demo\"\nversion = \"1.0.0\"\n\n[tool.commitizen]\nversion_provider = \"pep621\"\ntag_format = \"v$version\"\nversion_files = [\"src/demo/__init__.py\"]\n{extra}"
        ),
    );
    repo.write("src/demo/__init__.py", "__version__ = \"1.0.0\"\n");
    repo.write("notes.txt", "notes\n");
    repo.write(".gitignore", "ignored.txt\n");
    repo.commit("feat: start");
    repo.tag("v1.0.0");
    repo.commit("feat: more");
    repo.write("ignored.txt", "ignored");
    repo.write("untracked.txt", "keep me");
    repo
}

/// relx with the test identity, as a child process.
fn spawn(repo: &TestRepo, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_relx"))
        .args(args)
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "A U Thor")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "C O Mitter")
        .env("GIT_COMMITTER_EMAIL", "committer@example.org")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("relx starts")
}

/// Waits until no process works in `dir` (Linux: /proc/PID/cwd).
fn wait_for_orphans(dir: &Path) {
    let dir = std::fs::canonicalize(dir).unwrap();
    let start = Instant::now();
    loop {
        let busy = std::fs::read_dir("/proc")
            .map(|entries| {
                entries.flatten().any(|e| {
                    std::fs::read_link(e.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(&dir))
                })
            })
            .unwrap_or(false);
        if !busy || start.elapsed() > Duration::from_secs(20) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("relx ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn completed(repo: &TestRepo) -> bool {
    let tag = Command::new("git")
        .args(["rev-parse", "-q", "--verify", "v1.1.0^{commit}"])
        .current_dir(repo.path())
        .output()
        .expect("git");
    let head = repo.git(&["rev-parse", "HEAD"]);
    tag.status.success()
        && String::from_utf8_lossy(&tag.stdout) == head
        && repo.git(&["log", "-1", "--format=%s"]).trim() == "bump: version 1.0.0 → 1.1.0"
        && repo.read("src/demo/__init__.py") == "__version__ = \"1.1.0\"\n"
        && repo
            .git(&["status", "--porcelain", "--untracked-files=no"])
            .is_empty()
}

#[test]
fn an_untracked_version_file_survives_a_rejected_commit() {
    let repo = project("");
    repo.write("src/demo/_version.py", "VERSION = \"1.0.0\"\n");
    let text = repo.read("pyproject.toml").replace(
        "version_files = [\"src/demo/__init__.py\"]",
        "version_files = [\"src/demo/__init__.py\", \"src/demo/_version.py\"]",
    );
    repo.write("pyproject.toml", &text);
    repo.commit("chore: config");
    // _version.py is not committed: untracked, as a user may keep it.
    repo.git(&["rm", "-q", "--cached", "src/demo/_version.py"]);
    repo.commit("chore: untrack");
    hook(&repo, "commit-msg", "exit 1");
    let before = World::of(&repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 6, "{run:?}");
    assert_unchanged(&before, &repo);
    assert_eq!(repo.read("src/demo/_version.py"), "VERSION = \"1.0.0\"\n");
}

#[test]
fn the_users_work_during_a_slow_hook_stays() {
    let repo = project("");
    hook(
        &repo,
        "pre-commit",
        "touch .git/started\nwhile [ ! -f .git/go ]; do sleep 0.05; done\nexit 1",
    );
    let child = spawn(&repo, &["bump", "--exec"]);
    wait_for(&repo.path().join(".git/started"));
    // Meanwhile the user saves a file, edits and commits a tracked one, tags.
    repo.write("mine.txt", "my new file\n");
    repo.write("notes.txt", "notes, edited\n");
    repo.git(&["add", "notes.txt"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "docs: my edit"]);
    let users_commit = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["tag", "mine"]);
    repo.write("notes.txt", "notes, edited again\n");
    repo.write(".git/go", "");
    let (code, stderr) = finish(child);
    assert_eq!(code, 6, "{stderr}");
    assert_eq!(repo.read("mine.txt"), "my new file\n");
    assert_eq!(repo.read("notes.txt"), "notes, edited again\n");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), users_commit);
    assert_eq!(repo.git(&["rev-parse", "mine"]), users_commit);
    assert_eq!(
        repo.read("src/demo/__init__.py"),
        "__version__ = \"1.0.0\"\n"
    );
    assert!(repo.git(&["tag", "-l", "v1.1.0"]).is_empty());
    assert_eq!(repo.read("untracked.txt"), "keep me");
}

#[test]
fn two_bumps_at_once_make_one_release() {
    for round in 0..20 {
        let repo = project("pre_bump_hooks = [\"sleep 0.2\"]\n");
        let first = spawn(&repo, &["bump", "--exec"]);
        let second = spawn(&repo, &["bump", "--exec"]);
        let (a, a_err) = finish(first);
        let (b, b_err) = finish(second);
        let codes = [a, b];
        assert_eq!(
            codes.iter().filter(|c| **c == 0).count(),
            1,
            "round {round}: exactly one wins: {a} {a_err} / {b} {b_err}"
        );
        let (loser, loser_err) = if a == 0 { (b, &b_err) } else { (a, &a_err) };
        // The loser either met the lock, or came after the winner and found
        // nothing left to release.
        match loser {
            80 => assert!(
                loser_err.contains(".git/relx/lock") && loser_err.contains("another relx (pid"),
                "round {round}: {loser_err}"
            ),
            3 | 21 => {}
            other => panic!("round {round}: loser exit {other}: {loser_err}"),
        }
        assert!(completed(&repo), "round {round}: one complete bump");
        assert_eq!(
            repo.git(&["tag", "-l"]),
            "v1.0.0\nv1.1.0\n",
            "round {round}"
        );
    }
}

#[test]
fn a_signal_during_any_step_undoes_and_exits_with_its_code() {
    let steps: [(&str, &str); 3] = [
        ("pre_bump_hooks", "touch .git/started; sleep 1"),
        ("pre-commit", "touch .git/started; sleep 1"),
        ("post_bump_hooks", "touch .git/started; sleep 1"),
    ];
    for (step, body) in steps {
        for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
            let repo = if step == "pre-commit" {
                let repo = project("");
                hook(&repo, "pre-commit", body);
                repo
            } else {
                project(&format!("{step} = [\"{body}\"]\n"))
            };
            let before = World::of(&repo);
            let child = spawn(&repo, &["bump", "--exec"]);
            wait_for(&repo.path().join(".git/started"));
            // The signal goes to relx only: the hook runs on, relx waits.
            let sent = Command::new("kill")
                .args([&format!("-{signal}"), &child.id().to_string()])
                .status()
                .expect("kill");
            assert!(sent.success());
            let (exit, stderr) = finish(child);
            assert_eq!(exit, code, "{step} SIG{signal}: {stderr}");
            std::fs::remove_file(repo.path().join(".git/started")).unwrap();
            assert_eq!(World::of(&repo), before, "{step} SIG{signal}: {stderr}");
            assert!(!repo.path().join(".git/relx/lock").exists());
            assert!(!repo.path().join(".git/relx/journal").exists());
        }
    }
}

#[test]
fn sigkill_at_any_moment_is_untouched_complete_or_reported() {
    let hooks = "pre_bump_hooks = [\"sleep 0.03\"]\npost_bump_hooks = [\"sleep 0.03\"]\n";
    // How long a whole bump takes here, to spread the kills over it.
    let probe = project(hooks);
    let start = Instant::now();
    let (code, stderr) = finish(spawn(&probe, &["bump", "--exec"]));
    assert_eq!(code, 0, "{stderr}");
    let span = start.elapsed().as_micros() as u64 * 6 / 5 + 1;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut untouched, mut complete, mut reported) = (0, 0, 0);
    for round in 0..60 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let delay = Duration::from_micros((seed >> 33) % span);
        let repo = project(hooks);
        let before = World::of(&repo);
        let mut child = spawn(&repo, &["bump", "--exec"]);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        // A git or a hook relx had started goes on alone: let it end, as
        // it would before anyone looks at the repository again.
        wait_for_orphans(repo.path());
        if repo.path().join(".git/relx/journal").exists() {
            // The next command, read-only or not, says so and points at the fix.
            let next = repo.relx(&["version"]);
            assert_eq!(next.code, 82, "round {round}: {next:?}");
            assert!(
                next.stderr.contains("relx recover"),
                "round {round}: {next:?}"
            );
            let fix = repo.relx(&["recover", "--exec"]);
            assert_eq!(fix.code, 0, "round {round}: {fix:?}");
            assert_eq!(World::of(&repo), before, "round {round}: recovered");
            reported += 1;
        } else if World::of(&repo) == before {
            untouched += 1;
        } else {
            assert!(
                completed(&repo),
                "round {round}: neither untouched nor complete"
            );
            complete += 1;
        }
        if repo.path().join(".git/relx/lock").exists() {
            let next = repo.relx(&["bump", "--exec"]);
            assert_eq!(next.code, 81, "round {round}: the stale lock is reported");
            assert_eq!(repo.relx(&["recover", "--exec"]).code, 0);
        }
        assert!(!repo.path().join(".git/relx/lock").exists());
    }
    assert_eq!(untouched + complete + reported, 60);
}

#[test]
fn paths_outside_the_work_tree_or_not_regular_files_are_refused() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("x"), "1.0.0\n").unwrap();
    let outside = outer.path().join("x").display().to_string();
    let cases = [
        ("../x".to_string(), "parent directory"),
        (outside.clone(), "absolute path"),
        ("linked/x".to_string(), "through a symlinked directory"),
        ("fifo".to_string(), "a FIFO"),
        ("src".to_string(), "a directory"),
    ];
    for (entry, why) in cases {
        let repo = project("");
        let parent = repo.path().parent().unwrap().join("x");
        std::fs::write(&parent, "1.0.0\n").unwrap();
        std::os::unix::fs::symlink(outer.path(), repo.path().join("linked")).unwrap();
        assert!(Command::new("mkfifo")
            .arg(repo.path().join("fifo"))
            .status()
            .unwrap()
            .success());
        let text = repo.read("pyproject.toml").replace(
            "version_files = [\"src/demo/__init__.py\"]",
            &format!("version_files = [\"src/demo/__init__.py\", {entry:?}]"),
        );
        repo.write("pyproject.toml", &text);
        repo.commit("chore: config");
        let before = World::of(&repo);
        let run = repo.relx(&["bump", "--exec"]);
        assert_eq!(run.code, 85, "{why}: {run:?}");
        assert_eq!(
            run.stderr.matches("error:").count(),
            1,
            "{why}: {}",
            run.stderr
        );
        assert_eq!(World::of(&repo), before, "{why}");
        assert_eq!(
            std::fs::read_to_string(outer.path().join("x")).unwrap(),
            "1.0.0\n"
        );
        assert_eq!(std::fs::read_to_string(&parent).unwrap(), "1.0.0\n");
        std::fs::remove_file(parent).unwrap();
    }
}

#[test]
fn a_symlinked_version_file_stays_a_symlink() {
    let repo = project("");
    repo.write("src/demo/VERSION.txt", "1.0.0\n");
    std::os::unix::fs::symlink("src/demo/VERSION.txt", repo.path().join("VERSION")).unwrap();
    let text = repo.read("pyproject.toml").replace(
        "version_files = [\"src/demo/__init__.py\"]",
        "version_files = [\"src/demo/__init__.py\", \"VERSION\"]",
    );
    repo.write("pyproject.toml", &text);
    repo.commit("chore: version file");
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 0, "{run:?}");
    let meta = std::fs::symlink_metadata(repo.path().join("VERSION")).unwrap();
    assert!(meta.file_type().is_symlink());
    assert_eq!(repo.read("src/demo/VERSION.txt"), "1.1.0\n");
    assert_eq!(repo.git(&["show", "HEAD:src/demo/VERSION.txt"]), "1.1.0\n");
    assert_eq!(repo.git(&["show", "HEAD:VERSION"]), "src/demo/VERSION.txt");
    assert!(completed(&repo));
}

#[test]
fn crlf_files_keep_their_bytes_through_a_failure_and_a_success() {
    let repo = project("");
    repo.write(".gitattributes", "* text eol=crlf\n");
    repo.write("src/demo/__init__.py", "__version__ = \"1.0.0\"\r\n# x\r\n");
    repo.commit("chore: crlf");
    repo.git(&["rm", "-q", "--cached", "-r", "."]);
    repo.git(&["reset", "-q", "--hard"]);
    let before = World::of(&repo);
    hook(&repo, "commit-msg", "exit 1");
    let before_with_hook = World::of(&repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 6, "{run:?}");
    assert_eq!(World::of(&repo), before_with_hook);
    std::fs::remove_file(repo.path().join(".git/hooks/commit-msg")).unwrap();
    assert_unchanged(&before, &repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        std::fs::read(repo.path().join("src/demo/__init__.py")).unwrap(),
        b"__version__ = \"1.1.0\"\r\n# x\r\n"
    );
    assert_eq!(
        repo.git(&["show", "HEAD:src/demo/__init__.py"]),
        "__version__ = \"1.1.0\"\n# x\n"
    );
    assert!(repo
        .git(&["status", "--porcelain"])
        .lines()
        .all(|l| l.starts_with("??")));
}

#[test]
fn allow_dirty_commits_only_the_version_change() {
    let repo = project("");
    let committed = repo.read("pyproject.toml");
    let edited = committed.replace("[project]\n", "[project]\n# my local note\n");
    repo.write("pyproject.toml", &edited);
    let run = repo.relx(&["bump", "--exec", "--allow-dirty"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        repo.git(&["show", "HEAD:pyproject.toml"]),
        committed.replace("version = \"1.0.0\"", "version = \"1.1.0\"")
    );
    assert_eq!(
        repo.read("pyproject.toml"),
        edited.replace("version = \"1.0.0\"", "version = \"1.1.0\"")
    );
    let diff = repo.git(&["diff", "HEAD", "--", "pyproject.toml"]);
    assert!(diff.contains("+# my local note"), "{diff}");
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        ["+# my local note"],
        "only the note is uncommitted: {diff}"
    );
    assert_eq!(
        repo.git(&["rev-parse", "v1.1.0^{commit}"]),
        repo.git(&["rev-parse", "HEAD"])
    );
}

#[test]
fn a_tag_name_git_would_read_as_an_option_is_refused() {
    for format in ["--format=$version", "v$version..x", "v$version.lock"] {
        let repo = project("");
        let text = repo.read("pyproject.toml").replace(
            "tag_format = \"v$version\"",
            &format!("tag_format = \"{format}\""),
        );
        repo.write("pyproject.toml", &text);
        repo.commit("chore: config");
        let before = World::of(&repo);
        let run = repo.relx(&["bump", "--exec", "--allow-no-commit"]);
        assert_eq!(run.code, 86, "{format}: {run:?}");
        assert!(
            run.stderr.contains("is not a valid tag name"),
            "{format}: {}",
            run.stderr
        );
        assert_eq!(World::of(&repo), before, "{format}");
    }
}

#[test]
fn a_report_that_cannot_be_written_still_says_the_bump_was_made() {
    let repo = project("");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_relx"))
        .args(["bump", "--exec", "--json"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(completed(&repo), "{stderr}");
    assert!(stderr.contains("the bump was made (commit"), "{stderr}");
    assert!(stderr.contains("tag v1.1.0"), "{stderr}");
}

/// A journal left on disk as a killed relx would leave it: header and log.
fn leave_journal(repo: &TestRepo, header: &str, log: &str) {
    repo.write(".git/relx/journal/header.json", header);
    repo.write(".git/relx/journal/log", log);
}

fn header_for(repo: &TestRepo, format: u32) -> String {
    let git_dir = std::fs::canonicalize(repo.path().join(".git")).unwrap();
    serde_json::json!({
        "format": format, "relx": "9.9.9", "command": "relx bump --exec",
        "git_dir": git_dir, "started": "2026-01-01T00:00:00Z", "pid": 999_999_999u32,
    })
    .to_string()
}

#[test]
fn bad_journals_and_locks_get_one_line_and_change_nothing() {
    // corrupt log
    let repo = project("");
    leave_journal(&repo, &header_for(&repo, 1), "{not json}\n{\"also\": 1}\n");
    let before = World::of(&repo);
    for args in [
        &["version"][..],
        &["bump", "--exec"],
        &["recover", "--exec"],
    ] {
        let run = repo.relx(args);
        assert_eq!(run.code, 83, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains(".git/relx/journal/log"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    }
    assert_unchanged(&before, &repo);

    // another repository's journal
    let other = project("");
    leave_journal(&repo, &header_for(&other, 1), "");
    let run = repo.relx(&["version"]);
    assert_eq!(run.code, 83, "{run:?}");
    assert!(run.stderr.contains("another repository"), "{}", run.stderr);

    // a newer relx's journal
    leave_journal(&repo, &header_for(&repo, 7), "");
    let run = repo.relx(&["recover", "--exec"]);
    assert_eq!(run.code, 84, "{run:?}");
    assert!(run.stderr.contains("9.9.9"), "{}", run.stderr);
    assert_unchanged(&before, &repo);

    // a lock held by a live process
    let repo = project("");
    let mut holder = Command::new("sleep").arg("30").spawn().unwrap();
    repo.write(
        ".git/relx/lock",
        &serde_json::json!({"pid": holder.id(), "command": "relx bump --exec", "started": "now"})
            .to_string(),
    );
    let before = World::of(&repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 80, "{run:?}");
    assert!(
        run.stderr.contains(&format!("pid {}", holder.id())),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(".git/relx/lock"), "{}", run.stderr);
    let run = repo.relx(&["recover", "--exec"]);
    assert_eq!(run.code, 80, "recover does not take a live lock: {run:?}");
    holder.kill().unwrap();
    holder.wait().unwrap();
    // ... and once its process is gone, the lock is reported, not stolen.
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, 81, "{run:?}");
    assert!(run.stderr.contains("no longer running"), "{}", run.stderr);
    assert_unchanged(&before, &repo);
    assert_eq!(repo.relx(&["recover", "--exec"]).code, 0);
    assert_eq!(repo.relx(&["bump", "--exec"]).code, 0);
}

#[test]
fn a_bump_commit_left_without_its_tag_is_recognised_and_undone() {
    // git's post-commit hook kills relx with SIGKILL: the commit is made,
    // the tag is not, and relx had no chance to record the commit's id.
    let repo = project("");
    let before = World::of(&repo);
    hook(
        &repo,
        "post-commit",
        "kill -9 $(sed 's/.*\"pid\":\\([0-9]*\\).*/\\1/' .git/relx/lock)",
    );
    let with_hook = World::of(&repo);
    let run = repo.relx(&["bump", "--exec"]);
    assert_eq!(run.code, -1, "killed: {run:?}");
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]).trim(),
        "bump: version 1.0.0 → 1.1.0"
    );
    assert!(repo.git(&["tag", "-l", "v1.1.0"]).is_empty());
    for args in [&["version"][..], &["changelog", "--dry-run"], &["bump"]] {
        let next = repo.relx(args);
        assert_eq!(
            next.code, 82,
            "never a version from a half-done bump: {next:?}"
        );
        assert!(
            next.stderr.contains("relx recover --exec"),
            "{}",
            next.stderr
        );
    }
    let shown = repo.relx(&["recover"]);
    assert_eq!(shown.code, 0, "{shown:?}");
    assert!(
        shown.stdout.contains("unfinished: `relx bump --exec`"),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains("set refs/heads/main (maybe)"),
        "{}",
        shown.stdout
    );
    let run = repo.relx(&["recover", "--exec"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(World::of(&repo), with_hook);
    std::fs::remove_file(repo.path().join(".git/hooks/post-commit")).unwrap();
    assert_unchanged(&before, &repo);
    let again = repo.relx(&["bump", "--exec"]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(completed(&repo));
}

#[test]
fn every_writing_command_waits_for_no_one_while_another_relx_writes() {
    let repo = project("");
    let plain = TestRepo::new();
    plain.write(
        "pyproject.toml",
        "[project]\nname = \"plain\"\nversion = \"0.1.0\"\n",
    );
    plain.commit("feat: start");
    let mut holder = Command::new("sleep").arg("30").spawn().unwrap();
    let lock =
        serde_json::json!({"pid": holder.id(), "command": "relx bump --exec", "started": "now"})
            .to_string();
    repo.write(".git/relx/lock", &lock);
    plain.write(".git/relx/lock", &lock);
    let runs: [(&TestRepo, &[&str]); 3] = [
        (&repo, &["bump", "--exec"]),
        (&repo, &["changelog"]),
        (&plain, &["init", "--yes"]),
    ];
    for (repo, args) in runs {
        let before = World::of(repo);
        let run = repo.relx(args);
        assert_eq!(run.code, 80, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains(&format!("pid {}", holder.id())),
            "{}",
            run.stderr
        );
        assert_eq!(World::of(repo), before, "{args:?}");
    }
    holder.kill().unwrap();
    holder.wait().unwrap();
    std::fs::remove_file(plain.path().join(".git/relx/lock")).unwrap();
    let run = plain.relx(&["init", "--yes"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!plain.path().join(".git/relx/journal").exists());
    assert!(!plain.path().join(".git/relx/lock").exists());
}

//! Bad input: one clear line, relx's exit code (docs/exit-codes.md), the
//! docs branch unchanged and nothing left in the work tree. mike refuses
//! the same input (with its single exit code 1), which the tests check too.

use super::*;

/// A project whose gh-pages branch holds 1.0 with the alias `latest`.
fn deployed() -> TestRepo {
    let repo = project("", "One");
    relx_ok(&repo, &["deploy", "1.0", "latest"]);
    repo
}

/// Runs relx, expects `code` and an `error:` line naming `needle`, and the
/// branch as it was; then checks that mike refuses the same command.
fn refused(repo: &TestRepo, args: &[&str], code: i32, needle: &str) {
    let before = tip(repo, "gh-pages");
    let run = relx(repo, args);
    assert_eq!(run.code, code, "relx docs {args:?}: {run:?}");
    // Exactly one error line from relx (mkdocs' own messages may precede it).
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert!(
        errors.len() == 1 && errors[0].contains(needle),
        "relx docs {args:?}: {}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(tip(repo, "gh-pages"), before, "{args:?} moved the branch");
    assert_clean(repo);
    let theirs = mike(repo, args);
    assert_ne!(theirs.code, 0, "mike accepts {args:?}");
    assert_eq!(
        tip(repo, "gh-pages"),
        before,
        "mike {args:?} moved the branch"
    );
    std::fs::remove_dir_all(repo.path().join("site")).ok();
}

#[test]
fn invalid_version_and_alias_names_exit_50() {
    let repo = deployed();
    for name in ["", ".", "..", "a/b", "a\\b"] {
        refused(
            &repo,
            &["deploy", name],
            50,
            &format!("'{name}' is not a valid docs version"),
        );
        refused(
            &repo,
            &["deploy", "2.0", name],
            50,
            &format!("'{name}' is not a valid docs alias"),
        );
        refused(
            &repo,
            &["alias", "1.0", name],
            50,
            &format!("'{name}' is not a valid docs alias"),
        );
    }
}

#[test]
fn alias_of_another_version_needs_update_aliases_exit_51() {
    let repo = deployed();
    refused(
        &repo,
        &["deploy", "2.0", "latest"],
        51,
        "alias 'latest' already exists for version '1.0'",
    );
    refused(
        &repo,
        &["deploy", "2.0", "1.0"],
        51,
        "alias '1.0' already specified as a version",
    );
    let run = relx(&repo, &["deploy", "2.0", "latest"]);
    assert_eq!(
        run.stderr.lines().nth(1),
        Some("hint: move it with --update-aliases")
    );
}

#[test]
fn deleting_what_does_not_exist_exits_52() {
    let repo = deployed();
    refused(
        &repo,
        &["delete", "0.9"],
        52,
        "gh-pages: no docs version or alias '0.9'",
    );
    refused(&repo, &["retitle", "0.9", "x"], 52, "'0.9'");
    refused(&repo, &["alias", "0.9", "x"], 52, "'0.9'");
    refused(&repo, &["set-default", "0.9"], 52, "'0.9'");
}

#[test]
fn invalid_versions_json_exits_53() {
    let repo = deployed();
    // Replace versions.json on the branch with text that is not a list.
    let blob = {
        let mut child = Command::new("git")
            .args(["hash-object", "-w", "--stdin"])
            .current_dir(repo.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"{\"version\": \"1.0\"\n")
            .unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let listing = repo.git(&["ls-tree", "refs/heads/gh-pages"]);
    let listing: String = listing
        .lines()
        .map(|l| {
            if l.ends_with("\tversions.json") {
                format!("100644 blob {}\tversions.json\n", blob.trim())
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let mut mktree = Command::new("git")
        .arg("mktree")
        .current_dir(repo.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        mktree
            .stdin
            .take()
            .unwrap()
            .write_all(listing.as_bytes())
            .unwrap();
    }
    let tree = String::from_utf8(mktree.wait_with_output().unwrap().stdout).unwrap();
    let commit = repo.git(&[
        "commit-tree",
        tree.trim(),
        "-p",
        "refs/heads/gh-pages",
        "-m",
        "break versions.json",
    ]);
    repo.git(&["update-ref", "refs/heads/gh-pages", commit.trim()]);

    refused(
        &repo,
        &["deploy", "2.0"],
        53,
        "gh-pages:versions.json: invalid versions.json",
    );
    refused(&repo, &["delete", "1.0"], 53, "gh-pages:versions.json");
    let listed = relx(&repo, &["list"]);
    assert_eq!(listed.code, 53, "{listed:?}");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: a PATH made of a symlink to git")]
fn missing_mkdocs_exits_54() {
    let repo = deployed();
    // A PATH with git only: no mkdocs, no python3.
    let bin = tempfile::tempdir().unwrap();
    let git = Command::new("sh")
        .args(["-c", "command -v git"])
        .output()
        .unwrap();
    let git = String::from_utf8(git.stdout).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(git.trim(), bin.path().join("git")).unwrap();
    #[cfg(not(unix))]
    let _ = git;
    let before = tip(&repo, "gh-pages");
    let run = relx_with_path(&repo, &["deploy", "2.0"], &display(bin.path()));
    assert_eq!(run.code, 54, "{run:?}");
    assert!(
        run.stderr.starts_with("error: mkdocs is not installed"),
        "{run:?}"
    );
    assert_eq!(tip(&repo, "gh-pages"), before);
    assert_clean(&repo);

    // No mkdocs.yml at all.
    let bare = TestRepo::new();
    bare.write("README.md", "x\n");
    bare.commit("chore: init");
    let run = relx(&bare, &["deploy", "1.0"]);
    assert_eq!(run.code, 54, "{run:?}");
    assert!(run.stderr.contains("no mkdocs.yml"), "{run:?}");
    assert_eq!(tip(&bare, "gh-pages"), None);
}

#[test]
fn failed_build_exits_55_and_leaves_no_temporary_config() {
    let repo = project("theme: no-such-theme\n", "One");
    refused(&repo, &["deploy", "1.0"], 55, "mkdocs build failed for ");
    assert_eq!(tip(&repo, "gh-pages"), None);
}

#[test]
fn missing_identity_is_a_git_error_and_never_a_panic() {
    let repo = project("", "One");
    let env = [
        ("PATH", tool_path()),
        ("GIT_CONFIG_GLOBAL", "/dev/null".to_string()),
        ("GIT_CONFIG_NOSYSTEM", "1".to_string()),
        ("HOME", display(repo.path())),
        ("GIT_COMMITTER_NAME", String::new()),
        ("GIT_COMMITTER_EMAIL", String::new()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = repo.relx_env(&["docs", "deploy", "1.0", "--site-dir", "docs"], &env);
    assert_eq!(run.code, 23, "{run:?}");
    assert!(run.stderr.contains("user.name"), "{run:?}");
    assert_eq!(tip(&repo, "gh-pages"), None);
}

/// Names of the files the branch keeps beside the versions are refused
/// (mike would overwrite `versions.json` with a folder), and so is a docs
/// branch git cannot name. See: the journal issue, pre-flight refusals.
#[test]
fn names_that_collide_with_the_branch_or_git_are_refused() {
    let repo = deployed();
    let before = tip(&repo, "gh-pages");
    for name in ["versions.json", "index.html", ".nojekyll", "404.html"] {
        for args in [
            &["deploy", name][..],
            &["deploy", "2.0", name],
            &["alias", "1.0", name],
        ] {
            let run = relx(&repo, args);
            assert_eq!(run.code, 50, "{args:?}: {run:?}");
            assert!(
                run.stderr
                    .contains(&format!("'{name}' is not a valid docs")),
                "{}",
                run.stderr
            );
            assert_eq!(tip(&repo, "gh-pages"), before, "{args:?}");
            assert_clean(&repo);
        }
    }
    for branch in ["HEAD", "-x", "a..b", "x.lock"] {
        let flag = format!("--branch={branch}");
        let run = relx(&repo, &["deploy", &flag, "2.0"]);
        assert_eq!(run.code, 86, "{branch}: {run:?}");
        assert!(
            run.stderr.contains("is not a valid docs branch name"),
            "{}",
            run.stderr
        );
        assert_eq!(tip(&repo, "gh-pages"), before, "{branch}");
        assert_clean(&repo);
    }
}

/// While another relx writes the repository, a deploy builds nothing into
/// the branch: it stops on the lock, naming its process.
#[cfg(unix)]
#[test]
fn a_deploy_waits_for_no_one_while_another_relx_writes() {
    let repo = deployed();
    let before = tip(&repo, "gh-pages");
    let mut holder = Command::new("sleep").arg("30").spawn().unwrap();
    repo.write(
        ".git/relx/lock",
        &format!(
            "{{\"pid\": {}, \"command\": \"relx bump --exec\", \"started\": \"now\"}}",
            holder.id()
        ),
    );
    let run = relx(&repo, &["deploy", "2.0"]);
    assert_eq!(run.code, 80, "{run:?}");
    assert!(
        run.stderr.contains(&format!("pid {}", holder.id())),
        "{}",
        run.stderr
    );
    assert_eq!(tip(&repo, "gh-pages"), before);
    holder.kill().unwrap();
    holder.wait().unwrap();
    std::fs::remove_file(repo.path().join(".git/relx/lock")).unwrap();
    let run = relx(&repo, &["deploy", "2.0"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_ne!(tip(&repo, "gh-pages"), before);
    assert!(!repo.path().join(".git/relx/journal").exists());
    assert!(!repo.path().join(".git/relx/lock").exists());
}

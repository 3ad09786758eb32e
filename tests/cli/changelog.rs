//! `relx changelog` against `cz changelog` (commitizen 4.19.3 from .venv):
//! generated histories with several tags, and incremental updates of files
//! with hand edits. The expected bytes are whatever cz prints or writes on
//! the same repository; the deliberate differences are listed in
//! `differences_from_commitizen`.

use std::path::Path;
use std::process::Command;

use crate::support::{venv_bin, Run, TestRepo};

/// Runs `cz` (commitizen from .venv) in `dir` with the environment relx
/// runs with, and a fixed identity for the commits `cz bump` makes. The
/// changelog and check tests share it.
pub(crate) fn cz(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(venv_bin("cz"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "A U Thor")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "C O Mitter")
        .env("GIT_COMMITTER_EMAIL", "committer@example.org")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("cz runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A small deterministic generator (an LCG), so histories vary but every
/// run builds the same ones.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

const MESSAGES: [&str; 24] = [
    "feat: add the parser",
    "feat(api): expose the model",
    "fix: handle empty input",
    "fix(cli): exit 3 on no commits",
    "refactor(core): split the walker",
    "perf: cache tag lookups",
    "docs: explain incremental mode",
    "chore(deps): bump regex",
    "feat(api)!: drop the v1 endpoints",
    "fix: keep CRLF\n\nThe file kept its line endings before the rewrite.",
    "feat: paragraphs\n\nSome context first.\n\nfix(core): a fix told in the body\nwith a second line",
    "refactor: rename\n\nBREAKING CHANGE: `old` is now `new`\nand `older` is gone",
    "feat(config): breaking footer\n\nBREAKING-CHANGE: hyphenated footer",
    "docs!: rewrite the guide",
    "Update README.md",
    "WIP",
    "fix typo",
    "feat(): empty scope",
    "feat(ui) : spaced colon",
    "perf(io): faster reads (#41)",
    "fix: trailing spaces   ",
    "feat(i18n): prise en charge de l’unicode ✓",
    "ci: run the matrix\n\nRefs: #12",
    "fix(parser): nested (parens) in subject\n\nfeat: second feature in body\n\nCloses #9",
];

/// Builds a history of `n` commits with tags every few commits: versions
/// from `1.0.0`, some pre-releases, annotated and lightweight tags, merges.
fn history(repo: &TestRepo, seed: u64, n: usize, tag_format: &str) {
    let mut dice = Dice(seed);
    repo.write(
        "pyproject.toml",
        &format!("[tool.commitizen]\nversion = \"0.1.0\"\ntag_format = \"{tag_format}\"\n"),
    );
    repo.commit("chore: init");
    let mut minor = 0;
    let mut pre = 0;
    for i in 0..n {
        if dice.next(6) == 0 {
            // A side branch of one or two commits, merged with --no-ff.
            let branch = format!("topic-{i}");
            repo.git(&["checkout", "-q", "-b", &branch]);
            for _ in 0..=dice.next(2) {
                repo.commit(dice.pick(&MESSAGES));
            }
            repo.git(&["checkout", "-q", "main"]);
            repo.commit(dice.pick(&MESSAGES));
            let message = if dice.next(2) == 0 {
                format!("Merge branch '{branch}'")
            } else {
                "feat: merged topic (#77)".to_string()
            };
            repo.commit_merge(&branch, &message);
        } else {
            repo.commit(dice.pick(&MESSAGES));
        }
        if i % 4 == 3 && i + 1 < n {
            let version = if dice.next(3) == 0 {
                pre += 1;
                format!("1.{}.0a{pre}", minor + 1)
            } else {
                minor += 1;
                pre = 0;
                format!("1.{minor}.0")
            };
            let tag = tag_format.replace("$version", &version);
            if dice.next(2) == 0 {
                repo.tag_annotated(&tag);
            } else {
                repo.tag(&tag);
            }
        }
    }
}

trait RepoExt {
    fn commit_merge(&self, branch: &str, message: &str);
    fn tag_annotated(&self, name: &str);
}

impl RepoExt for TestRepo {
    fn commit_merge(&self, branch: &str, message: &str) {
        self.commit("chore: tick");
        self.git(&["merge", "-q", "--no-ff", "-m", message, branch]);
    }

    /// An annotated tag whose tagger date is a day after the commit's.
    fn tag_annotated(&self, name: &str) {
        let date = "1800000000 +0200";
        let out = Command::new("git")
            .args(["tag", "-a", name, "-m", &format!("release {name}")])
            .current_dir(self.path())
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("git tag runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Both tools succeed on the same repository and print the same bytes.
fn assert_same(repo: &TestRepo, cz_args: &[&str], relx_args: &[&str]) {
    assert_same_exit(repo, cz_args, relx_args, 0);
}

/// Both tools exit with `code` and print the same bytes on stdout: a
/// comparison of two failures only counts when the failure is the one meant.
fn assert_same_exit(repo: &TestRepo, cz_args: &[&str], relx_args: &[&str], code: i32) {
    let want = cz(repo.path(), cz_args);
    assert_eq!(
        want.code, code,
        "cz {cz_args:?}: {}\n{}",
        want.stderr, want.stdout
    );
    if code == 0 {
        assert!(!want.stdout.is_empty(), "cz {cz_args:?} printed nothing");
    }
    let got = repo.relx(relx_args);
    assert_eq!(
        (got.code, &got.stdout),
        (want.code, &want.stdout),
        "relx {relx_args:?} vs cz {cz_args:?}\nrelx stderr: {}\ncz stderr: {}\nlog:\n{}",
        got.stderr,
        want.stderr,
        repo.git(&["log", "--graph", "--oneline", "--decorate"])
    );
}

#[test]
fn dry_run_prints_what_cz_prints_on_generated_histories() {
    let mut seen = String::new();
    for (seed, tag_format) in [
        (1, "$version"),
        (2, "v$version"),
        (3, "$version"),
        (4, "release-$version"),
    ] {
        let repo = TestRepo::new();
        history(&repo, seed, 18, tag_format);
        assert_same(
            &repo,
            &["changelog", "--dry-run"],
            &["changelog", "--dry-run"],
        );
        let text = repo.relx(&["changelog", "--dry-run"]).stdout;
        if std::env::var_os("RELX_SHOW").is_some() {
            eprintln!("{text}");
        }
        seen.push_str(&text);
        assert_same(
            &repo,
            &["changelog", "--dry-run", "--merge-prerelease"],
            &["changelog", "--dry-run", "--merge-prerelease"],
        );
    }
    // The histories exercise what the comparison is about: untagged work,
    // pre-releases, both tag kinds' dates, breaking changes, scopes, body
    // paragraphs with continuation lines, entries without a type.
    let parts = [
        "## Unreleased",
        "a1 (",
        "(2027-01-15)",
        "(2023-11-1",
        "### BREAKING CHANGE",
        "- **api**: ",
        "with a second line",
        "\n\n\n- rewrite the guide",
    ];
    for part in parts {
        assert!(seen.contains(part), "{part:?} missing from\n{seen}");
    }
}

#[test]
fn ranges_and_single_versions_match_cz() {
    let repo = TestRepo::new();
    history(&repo, 7, 20, "$version");
    let tags = repo.git(&["tag", "--sort=-creatordate"]);
    let tags: Vec<&str> = tags.lines().collect();
    assert!(tags.len() >= 3, "{tags:?}");
    // Every single version, and a range. A version whose own range is empty
    // is exit 3 ("No commits found") for cz; such a case must be exit 3 for
    // relx too, and most cases must be real changelogs.
    let mut revs: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    revs.push(format!("{}..{}", tags[2], tags[0]));
    let mut written = 0;
    for rev in &revs {
        let args = ["changelog", "--dry-run", rev.as_str()];
        let code = if cz(repo.path(), &args).code == 3 {
            3
        } else {
            0
        };
        assert_same_exit(&repo, &args, &args, code);
        written += usize::from(code == 0);
    }
    assert!(
        written * 2 > revs.len(),
        "{written} of {revs:?} have a changelog"
    );
    // A version without a tag: no range, exit 3 as cz.
    assert_same_exit(
        &repo,
        &["changelog", "--dry-run", "9.9.9"],
        &["changelog", "--dry-run", "9.9.9"],
        3,
    );
}

#[test]
fn restructuredtext_and_unreleased_version_match_cz() {
    let repo = TestRepo::new();
    history(&repo, 11, 10, "v$version");
    assert_same(
        &repo,
        &["changelog", "--dry-run", "--file-name", "CHANGES.rst"],
        &["changelog", "--dry-run", "--file-name", "CHANGES.rst"],
    );
    assert_same(
        &repo,
        &["changelog", "--dry-run", "--unreleased-version", "v9.0.0"],
        &["changelog", "--dry-run", "--unreleased-version", "v9.0.0"],
    );
    assert_same(
        &repo,
        &["changelog", "--dry-run", "--file-name", "CHANGES.adoc"],
        &["changelog", "--dry-run", "--file-name", "CHANGES.adoc"],
    );
}

/// Writes a changelog with cz, edits it by hand, adds commits and tags, then
/// lets both tools update a copy of it.
#[test]
fn incremental_updates_keep_hand_edits_as_cz_does() {
    let repo = TestRepo::new();
    history(&repo, 5, 9, "v$version");
    let first = cz(repo.path(), &["changelog"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let generated = repo.read("CHANGELOG.md");
    let edited = format!(
        "# Changelog\n\nAll notable changes, by hand and by cz.\n\n{}\n<!-- a note kept as it is -->\n",
        generated.replacen("\n\n", "\n\nA hand-written line under the first release.\n\n", 1)
    );
    repo.write("CHANGELOG.md", &edited);
    repo.commit("docs: edit the changelog");
    repo.commit("feat(api): one more feature");
    repo.tag("v7.0.0");
    repo.commit("fix: after the tag");
    repo.commit("feat: unreleased work\n\nBREAKING CHANGE: and it breaks");

    let dry = cz(repo.path(), &["changelog", "--incremental", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let ours = repo.relx(&["changelog", "--dry-run"]);
    assert_eq!(
        (ours.code, &ours.stdout),
        (dry.code, &dry.stdout),
        "{}",
        ours.stderr
    );

    let written = cz(repo.path(), &["changelog", "--incremental"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let want = repo.read("CHANGELOG.md");
    repo.write("CHANGELOG.md", &edited);
    let run = repo.relx(&["changelog"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(repo.read("CHANGELOG.md"), want);
    // Nothing new: the file stays as it is.
    let again = repo.relx(&["changelog"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(repo.read("CHANGELOG.md"), want);
}

/// Each case where relx deliberately differs from cz, with its reason.
#[test]
fn differences_from_commitizen() {
    // 1. Line endings: cz reads the file with universal newlines and writes
    //    it back with LF, rewriting every line of a CRLF file. relx keeps the
    //    file's CRLF and writes the new section with CRLF too.
    let repo = TestRepo::new();
    history(&repo, 5, 5, "$version");
    repo.tag("1.0.0");
    let crlf = "# Changelog\r\n\r\nHand edit.\r\n\r\n## 1.0.0 (2020-01-01)\r\n\r\n- old\r\n";
    repo.write("CHANGELOG.md", crlf);
    repo.commit("feat: new");
    repo.tag("2.0.0");
    let want_lf = {
        let out = cz(repo.path(), &["changelog", "--incremental"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        repo.read("CHANGELOG.md")
    };
    assert!(!want_lf.contains('\r'), "cz rewrote the file with LF");
    repo.write("CHANGELOG.md", crlf);
    let run = repo.relx(&["changelog"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(repo.read("CHANGELOG.md"), want_lf.replace('\n', "\r\n"));

    // 2. Incremental by default: `cz changelog` without --incremental
    //    replaces the whole file; relx only adds what the file lacks (SPEC
    //    §5), so a file with hand edits keeps them.
    let repo = TestRepo::new();
    history(&repo, 6, 5, "$version");
    repo.write("CHANGELOG.md", "# Mine\n\nKeep me.\n");
    let run = repo.relx(&["changelog"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = repo.read("CHANGELOG.md");
    assert!(text.starts_with("# Mine\n\nKeep me.\n\n## "), "{text}");

    // 3. A version range without --dry-run: cz overwrites the changelog with
    //    that range alone; relx prints it and writes nothing unless
    //    --file-name names where to write it.
    let before = repo.read("CHANGELOG.md");
    let tag = repo.git(&["tag", "--sort=-creatordate"]);
    let tag = tag.lines().next().expect("a tag");
    let run = repo.relx(&["changelog", tag]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!("## {tag} (")),
        "{}",
        run.stdout
    );
    assert_eq!(repo.read("CHANGELOG.md"), before);
}

#[test]
fn a_version_without_a_tag_is_exit_16_as_cz_and_writes_nothing() {
    let repo = TestRepo::new();
    history(&repo, 8, 6, "v$version");
    let text = "# Changelog\n\n## v0.0.9 (2020-01-01)\n\n- old\n";
    repo.write("CHANGELOG.md", text);
    let want = cz(repo.path(), &["changelog", "--incremental"]);
    repo.write("CHANGELOG.md", text);
    let got = repo.relx(&["changelog"]);
    assert_eq!((got.code, want.code), (16, 16), "{}", got.stderr);
    assert_eq!(got.stderr.lines().count(), 1, "{}", got.stderr);
    assert!(
        got.stderr.contains("CHANGELOG.md names v0.0.9"),
        "{}",
        got.stderr
    );
    assert_eq!(repo.read("CHANGELOG.md"), text);
}

#[test]
fn bad_input_gets_one_line_and_changes_nothing() {
    let repo = TestRepo::new();
    history(&repo, 9, 6, "$version");
    // Not UTF-8.
    std::fs::write(repo.path().join("CHANGELOG.md"), b"# Changelog\n\xff\xfe\n").unwrap();
    let run = repo.relx(&["changelog"]);
    assert_eq!(run.code, 22, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error: {}: is not valid UTF-8 (byte 12)\n",
            repo.path().join("CHANGELOG.md").display()
        )
    );
    std::fs::remove_file(repo.path().join("CHANGELOG.md")).unwrap();
    // A template with a syntax error: its line and column.
    repo.write(
        "tpl.j2",
        "{% for r in tree %}\n{{ r.version }\n{% endfor %}\n",
    );
    let run = repo.relx(&["changelog", "--template", "tpl.j2"]);
    assert_eq!(run.code, 19, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: tpl.j2:2:"), "{}", run.stderr);
    assert!(!repo.path().join("CHANGELOG.md").exists());
    // An empty range: no commits, exit 3 as cz.
    let head = repo.git(&["tag", "--sort=-creatordate"]);
    let head = head.lines().next().unwrap().to_string();
    repo.git(&["checkout", "-q", &head]);
    repo.write("CHANGELOG.md", &format!("## {head} (2020-01-01)\n"));
    let want = cz(repo.path(), &["changelog", "--incremental"]);
    repo.write("CHANGELOG.md", &format!("## {head} (2020-01-01)\n"));
    let run = repo.relx_env(&["changelog"], &[("GITHUB_REF_NAME", "main")]);
    assert_eq!((run.code, want.code), (3, 3), "{}", run.stderr);
    assert_eq!(
        repo.read("CHANGELOG.md"),
        format!("## {head} (2020-01-01)\n")
    );
    // An unknown --notes version.
    let run = repo.relx(&["changelog", "--notes", "8.8.8"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn a_file_without_version_headings_gets_the_whole_history_as_cz() {
    let repo = TestRepo::new();
    history(&repo, 12, 8, "$version");
    let text = "# Changelog\n\nWritten by hand, no release yet.\n";
    repo.write("CHANGELOG.md", text);
    let want = cz(repo.path(), &["changelog", "--incremental"]);
    assert_eq!(want.code, 0, "{}", want.stderr);
    let want = repo.read("CHANGELOG.md");
    repo.write("CHANGELOG.md", text);
    let run = repo.relx(&["changelog"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: CHANGELOG.md has no version heading: the whole history is added after its text\n"
    );
    assert_eq!(repo.read("CHANGELOG.md"), want);
}

#[test]
fn history_is_read_in_git_log_topo_order() {
    let repo = TestRepo::new();
    history(&repo, 21, 30, "$version");
    let opened = relx::git::Repo::discover(repo.path()).expect("a repository");
    let tags = repo.git(&["tag", "--sort=creatordate"]);
    let oldest = tags.lines().next().expect("a tag").to_string();
    for (start, range) in [
        (None, "HEAD".to_string()),
        (Some(oldest.as_str()), format!("{oldest}..HEAD")),
    ] {
        let want = repo.git(&["log", "--topo-order", "--format=%H", &range]);
        let got: Vec<String> = opened
            .topo_history(start, None)
            .expect("a history")
            .into_iter()
            .map(|c| c.sha)
            .collect();
        assert_eq!(got, want.lines().collect::<Vec<_>>(), "{range}");
    }
}

//! Many tags: the scm provider and `relx check --consistency` decide which
//! tags HEAD reaches in one walk of the graph; their answers must be git's
//! (`git tag --merged HEAD`) and commitizen's on a history with a few
//! hundred tags, merges and tags on a branch that is never merged.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::changelog::cz;
use crate::support::TestRepo;

/// Tags on `main`, one per commit.
const MAIN_TAGS: usize = 300;

/// A repository made in one `git fast-import`: `main` with a tag `v0.N.0`
/// on each of its first [`MAIN_TAGS`] commits, a `maint` branch off commit
/// 100 with tags `v0.100.K` merged back into `main` at commit 200, a
/// `future` branch off commit 250 with higher tags (`v7.K.0`) that is never
/// merged, and two commits after the last tag (`fix`, then `feat`).
fn many_tags() -> TestRepo {
    let repo = TestRepo::new();
    let config = "[tool.commitizen]\nversion_provider = \"scm\"\ntag_format = \"v$version\"\n";
    let mut s = String::new();
    let data = |s: &mut String, text: &str| s.push_str(&format!("data {}\n{text}\n", text.len()));
    let mut mark = 0;
    let mut commit =
        |s: &mut String, branch: &str, message: &str, from: Option<usize>, merge: Option<usize>| {
            mark += 1;
            s.push_str(&format!("commit refs/heads/{branch}\nmark :{mark}\n"));
            s.push_str(&format!(
                "committer C O Mitter <c@example.org> {} +0000\n",
                1_700_000_000 + mark * 60
            ));
            data(s, message);
            if let Some(from) = from {
                s.push_str(&format!("from :{from}\n"));
            }
            if let Some(merge) = merge {
                s.push_str(&format!("merge :{merge}\n"));
            }
            if mark == 1 {
                s.push_str("M 100644 inline pyproject.toml\n");
                data(s, config);
            }
            s.push_str(&format!("M 100644 inline f{mark}.txt\n"));
            data(s, &format!("{mark}\n"));
            s.push('\n');
            mark
        };
    let tag = |s: &mut String, name: &str, at: usize| {
        s.push_str(&format!("reset refs/tags/{name}\nfrom :{at}\n\n"));
    };
    let mut main_marks = Vec::new();
    let mut maint_tip = None;
    for n in 1..=MAIN_TAGS {
        let merge = (n == 200).then(|| maint_tip.expect("maint is made first"));
        let at = commit(&mut s, "main", &format!("fix: change {n}\n"), None, merge);
        main_marks.push(at);
        tag(&mut s, &format!("v0.{n}.0"), at);
        if n == 100 {
            let mut from = at;
            for k in 1..=5 {
                from = commit(
                    &mut s,
                    "maint",
                    &format!("fix: maint {k}\n"),
                    Some(from),
                    None,
                );
                tag(&mut s, &format!("v0.100.{k}"), from);
            }
            maint_tip = Some(from);
        }
        if n == 250 {
            let mut from = at;
            for k in 1..=20 {
                from = commit(
                    &mut s,
                    "future",
                    &format!("feat: future {k}\n"),
                    Some(from),
                    None,
                );
                tag(&mut s, &format!("v7.{k}.0"), from);
            }
        }
    }
    commit(
        &mut s,
        "main",
        "fix: after the last tag\n",
        Some(main_marks[MAIN_TAGS - 1]),
        None,
    );
    commit(&mut s, "main", "feat: and a feature\n", None, None);
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(repo.path())
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(s.as_bytes())
        .expect("stream written");
    assert!(child.wait().expect("fast-import ends").success());
    repo.git(&["checkout", "-q", "-f", "main"]);
    repo
}

#[test]
fn scm_version_and_consistency_agree_with_git_and_cz_on_hundreds_of_tags() {
    let repo = many_tags();
    // git's own answer: the tags HEAD reaches, highest version first.
    let merged = repo.git(&["tag", "--merged", "HEAD", "--sort=-v:refname"]);
    let merged: Vec<&str> = merged.lines().collect();
    assert_eq!(merged.len(), MAIN_TAGS + 5, "{merged:?}");
    assert_eq!(merged[0], "v0.300.0");
    assert!(!merged.iter().any(|t| t.starts_with("v7.")));
    let total = repo.git(&["tag"]).lines().count();
    assert_eq!(total, MAIN_TAGS + 5 + 20);

    let check = repo.relx(&["check", "--consistency"]);
    assert_eq!(check.code, 0, "{check:?}");
    assert_eq!(
        check.stdout,
        format!(
            "current tag: {}\nVersion consistency: successful!\n",
            merged[0]
        )
    );

    // commitizen's scm provider reads the same tags.
    let want = cz(repo.path(), &["bump", "--get-next", "--yes"]);
    assert_eq!(want.code, 0, "{want:?}");
    let got = repo.relx(&["version", "--short"]);
    assert_eq!(got.code, 0, "{got:?}");
    assert_eq!(got.stdout, want.stdout);
    assert_eq!(got.stdout, "0.301.0\n");
    let plan = repo.relx(&["version"]);
    assert!(
        plan.stdout.contains("current tag: v0.300.0\n"),
        "{}",
        plan.stdout
    );
}

#[test]
fn scm_version_skips_higher_tags_head_does_not_reach() {
    let repo = many_tags();
    // HEAD on the never-merged branch: its own tags count there.
    repo.git(&["checkout", "-q", "future"]);
    let merged = repo.git(&["tag", "--merged", "HEAD", "--sort=-v:refname"]);
    assert_eq!(merged.lines().next(), Some("v7.20.0"));
    repo.commit("fix: on the future branch");
    let want = cz(repo.path(), &["bump", "--get-next", "--yes"]);
    assert_eq!(want.code, 0, "{want:?}");
    let got = repo.relx(&["version", "--short"]);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{got:?}");
    assert_eq!(got.stdout, "7.20.1\n");
    let check = repo.relx(&["check", "--consistency"]);
    assert_eq!(check.code, 0, "{check:?}");
    assert!(
        check.stdout.starts_with("current tag: v7.20.0\n"),
        "{}",
        check.stdout
    );
}

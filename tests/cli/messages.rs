//! Commit messages, one by one, against commitizen: thousands of generated
//! messages are committed to one real repository; commitizen's own
//! `git.get_commits()` and `VersionIncrement.from_message`
//! (`tests/oracle/messages.py`) say what each commit's title, body and
//! increment are, and relx's history walk (`relx::git::Repo::history`,
//! which rebuilds git's `%s` / `%b` from the raw objects) and bump rules
//! must say the same for every commit. The command-line comparison sees
//! only the highest increment of a range; this sees each message.

use std::process::Command;

use relx::commits::{BumpRules, Commit};
use relx::git::Repo;
use relx::version::Increment;

use crate::compat::history::{message, Stream, GIT_ENV};
use crate::oracle::{Mismatches, Rng};
use crate::support::venv_bin;

/// How many commits the repository gets.
const COUNT: usize = 4_000;

/// Lines for messages that are not shaped like commits at all.
const RAW_LINES: [&str; 22] = [
    "",
    " ",
    "\t",
    "   feat: indented",
    "feat: x\r",
    "fix(a):\ty",
    "BREAKING CHANGE:x",
    "BREAKING-CHANGE :x",
    "\u{3000}feat: ideographic space",
    "feat: trailing \u{a0}",
    "\u{b}fix: after a vertical tab",
    "docs: x\u{85}feat: y",
    "refactor!: z\u{2029}",
    "perf(\u{e9}): accent",
    "chore: a\u{c}\u{c}",
    "feat(scope)!: subject: with colon",
    "fix: \u{1f600}",
    "Merge branch 'x'",
    "feat()!: empty scope",
    "x: \u{1c}feat: y",
    "feat!: \u{2028}",
    "\r",
];

fn raw_message(rng: &mut Rng) -> String {
    let lines = rng.range(1, 6);
    let mut m = String::new();
    for i in 0..lines {
        if i > 0 {
            m.push_str(rng.pick::<&str>(&["\n", "\n", "\n\n", "\r\n", "\n\n\n"]));
        }
        m.push_str(rng.pick::<&str>(&RAW_LINES));
    }
    m
}

fn increment_name(i: Option<Increment>) -> String {
    i.map_or("NONE".to_string(), |i| i.to_string())
}

#[test]
fn every_commit_reads_as_in_commitizen() {
    let mut rng = Rng::new(0x3E55_A9E5);
    let mut stream = Stream::new();
    stream.commit("main", None, "chore: init", &[("README", "x\n")], None);
    for i in 0..COUNT {
        let text = if rng.percent(60) {
            message(&mut rng)
        } else {
            raw_message(&mut rng)
        };
        // Now and then a merge of a one-commit side branch.
        if i % 97 == 0 {
            let base = stream.head("main");
            let side = format!("side{i}");
            let tip = stream.commit(&side, Some(base), &message(&mut rng), &[], None);
            stream.commit("main", None, &text, &[], Some(tip));
        } else {
            stream.commit("main", None, &text, &[], None);
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    stream.write_to(dir.path());

    let out = Command::new(venv_bin("python"))
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/oracle/messages.py"
        ))
        .current_dir(dir.path())
        .envs(GIT_ENV)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();

    let repo = Repo::discover(dir.path()).expect("the repository opens");
    let logged = repo.history(None).expect("the history reads");
    assert_eq!(logged.len(), answers.len(), "same commits");
    let rules = BumpRules::conventional(false);
    let zero = BumpRules::conventional(true);
    let mut mismatches = Mismatches::new("commit reading vs commitizen");
    for (c, want) in logged.iter().zip(&answers) {
        let r = &c.raw;
        let commit =
            Commit::from_log_fields(&c.sha, &r.parents, &r.subject, &r.author, &r.email, &r.body);
        let got = [
            ("rev", commit.sha.clone()),
            ("title", commit.title.clone()),
            ("body", commit.body.clone()),
            ("parents", commit.parents.to_string()),
            (
                "increment",
                increment_name(rules.message_increment(&commit.message())),
            ),
            (
                "increment_zero",
                increment_name(zero.message_increment(&commit.message())),
            ),
        ];
        for (key, value) in got {
            let expected = match &want[key] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if value != expected {
                mismatches.push(format!(
                    "{}: {key} relx {value:?}, commitizen {expected:?}",
                    c.sha
                ));
            }
        }
    }
    mismatches.assert_none(answers.len());
}

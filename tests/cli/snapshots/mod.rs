//! What the user sees, as insta snapshots: for the main paths of every
//! command, the command line, the exit code, stdout and stderr in one text,
//! and after an `--exec` the refs and files it touched. Temp paths, commit
//! ids, dates, durations, pids, ports and relx's own version are filtered
//! (see [`settings`]), so a snapshot changes only when what a user reads
//! changes. Every dry run and refusal also checks that the repository did
//! not change ([`crate::support::assert_unchanged`]).
//!
//! The snapshots that run Python (a real build, an upload, an mkdocs site)
//! live in `snapshots::python`, which the quick test loop skips.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{assert_unchanged, Run, TestRepo, World};

/// Asserts `text` against the snapshot named after the test, with the
/// filters of [`settings`] for `dir`.
macro_rules! assert_shown {
    ($dir:expr, $text:expr) => {{
        let text: String = $text;
        $crate::snapshots::settings($dir).bind(|| insta::assert_snapshot!(text));
    }};
}

mod bump;
mod changelog;
mod check;
mod commands;
mod current;
mod python;
mod version;

/// The insta settings every snapshot here uses: its filters replace what
/// differs from one run or machine to the next.
///
/// - `dir` (as given and canonical) → `[REPO]`; other temp dirs → `[TMP]`
/// - sha256 digests → `[SHA256]`; full and abbreviated commit ids → `[SHA]`
/// - dates → `[DATE]`, times of day → `[TIME]`, durations → `[DURATION]`
/// - file sizes → `[SIZE]` (they follow the backends' versions)
/// - pids → `[PID]`, local ports → `[PORT]`, relx's version → `[RELX_VERSION]`
pub fn settings(dir: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_omit_expression(true);
    let mut dirs = vec![dir.display().to_string()];
    if let Ok(canonical) = dir.canonicalize() {
        dirs.insert(0, canonical.display().to_string());
    }
    for shown in dirs {
        settings.add_filter(&regex::escape(&shown), "[REPO]");
    }
    let mut temps = vec![std::env::temp_dir().display().to_string()];
    if let Ok(canonical) = std::env::temp_dir().canonicalize() {
        temps.insert(0, canonical.display().to_string());
    }
    for temp in temps {
        let temp = regex::escape(temp.trim_end_matches('/'));
        settings.add_filter(&format!(r"{temp}/[.\w-]+"), "[TMP]");
    }
    settings.add_filter(r"\b[0-9a-f]{64}\b", "[SHA256]");
    settings.add_filter(r"\b[0-9a-f]{40}\b", "[SHA]");
    settings.add_filter(r"\b[0-9a-f]{7,12}\b", "[SHA]");
    settings.add_filter(r"\b\d{4}-\d{2}-\d{2}\b", "[DATE]");
    settings.add_filter(r"\b\d{2}:\d{2}:\d{2}(\.\d+)?\b", "[TIME]");
    settings.add_filter(
        r"\b\d+(\.\d+)?(ms|µs|s)\b|\b\d+(\.\d+)? seconds\b",
        "[DURATION]",
    );
    settings.add_filter(r"\b\d+(\.\d+)? (bytes|B|KiB|MiB)\b", "[SIZE]");
    settings.add_filter(r"\bpid:? \d+", "pid [PID]");
    settings.add_filter(r"(127\.0\.0\.1|localhost):\d+", "$1:[PORT]");
    settings.add_filter(
        &format!(
            r"\brelx([ /]v?){}\b",
            regex::escape(env!("CARGO_PKG_VERSION"))
        ),
        "relx${1}[RELX_VERSION]",
    );
    settings
}

/// One text for a run: the command line, the exit code, stdout, stderr.
pub fn shown(args: &[&str], run: &Run) -> String {
    let line: Vec<String> = args.iter().map(|a| quoted(a)).collect();
    format!(
        "$ relx {}\nexit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        line.join(" "),
        run.code,
        ended(&run.stdout),
        ended(&run.stderr)
    )
}

/// An argument as a shell would need it written.
fn quoted(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=./:,@+".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// `text` with a final newline (none when empty), so sections line up.
fn ended(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n[no newline at the end]\n")
    }
}

/// Runs relx in `repo` and requires that it changed nothing; the text
/// of [`shown`].
pub fn unchanged(repo: &TestRepo, args: &[&str]) -> String {
    unchanged_env(repo, args, &[])
}

/// [`unchanged`] with extra environment variables.
pub fn unchanged_env(repo: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> String {
    let before = World::of(repo);
    let run = repo.relx_env(args, env);
    assert_unchanged(&before, repo);
    shown(args, &run)
}

/// Runs relx in `repo` and shows the run, then what it changed: the refs
/// it added, moved or removed, the new commit's message, and each path it
/// added, changed or removed with its bytes now.
pub fn touched(repo: &TestRepo, args: &[&str]) -> String {
    touched_env(repo, args, &[])
}

/// [`touched`] with extra environment variables.
pub fn touched_env(repo: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> String {
    let before = World::of(repo);
    let run = repo.relx_env(args, env);
    let text = shown(args, &run);
    text + &changes(repo, &before)
}

/// What changed in `repo` since `before`, as [`touched`] shows it.
pub fn changes(repo: &TestRepo, before: &World) -> String {
    let now = World::of(repo);
    let mut text = String::from("----- refs -----\n");
    let refs = |w: &World| -> BTreeMap<String, String> {
        w.refs
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(name, id)| (name.to_string(), id.to_string()))
            .collect()
    };
    let (old, new) = (refs(before), refs(&now));
    for (name, id) in &new {
        match old.get(name) {
            None => text.push_str(&format!("added {name} {id}\n")),
            Some(was) if was != id => text.push_str(&format!("moved {name} {was} -> {id}\n")),
            Some(_) => {}
        }
    }
    for (name, id) in old.iter().filter(|(name, _)| !new.contains_key(*name)) {
        text.push_str(&format!("removed {name} {id}\n"));
    }
    if before.head != now.head {
        text.push_str("----- HEAD commit -----\n");
        text.push_str(&ended(&repo.git(&["log", "-1", "--format=%B"])));
    }
    for (path, entry) in &now.tree {
        if before.tree.get(path) == Some(entry) || entry == "dir" {
            continue;
        }
        let what = if before.tree.contains_key(path) {
            "changed"
        } else {
            "added"
        };
        let bytes = std::fs::read(repo.path().join(path)).unwrap_or_default();
        text.push_str(&format!(
            "----- {} ({what}) -----\n{}",
            path.display(),
            ended(&String::from_utf8_lossy(&bytes))
        ));
    }
    for path in before.tree.keys().filter(|p| !now.tree.contains_key(*p)) {
        text.push_str(&format!("----- {} (removed) -----\n", path.display()));
    }
    text
}

/// A project released as 1.0.0 (`v1.0.0`, PEP 621 version and two version
/// files), then a feature, a fix and a docs commit: the next version is
/// 1.1.0.
pub fn released() -> TestRepo {
    let repo = crate::bump::simple_repo();
    repo.commit("fix(cli): exit 3 when nothing changed");
    repo.commit("docs: explain the flags");
    repo
}

/// The helper's own failure: each difference on a line of its own.
#[test]
fn a_changed_repository_is_reported_difference_by_difference() {
    let repo = released();
    let before = World::of(&repo);
    repo.write("src/demo/_version.py", "VERSION = \"1.1.0\"\n");
    repo.write("notes.txt", "new\n");
    std::fs::remove_file(repo.path().join(".gitignore")).expect("remove");
    repo.tag("v1.1.0");
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert_unchanged(&before, &repo)
    }))
    .expect_err("the repository changed");
    let message = failed.downcast_ref::<String>().cloned().unwrap_or_default();
    assert_shown!(repo.path(), message);
}

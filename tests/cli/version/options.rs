//! Channels, snapshots, `--json`, `-C`, `--config` and `--current`: the
//! expected versions come from the real `cz bump --get-next` with the
//! equivalent flags.

use std::process::Command;

use serde_json::{json, Value};

use super::{configured, cz_next, failure, feature_on, relx_writes_nothing, CZ_1_0_0};
use crate::support::{relx_in, venv_bin};

#[test]
fn devel_branches_default_to_alpha() {
    for branch in ["develop", "devel", "dev"] {
        let repo = feature_on(branch, CZ_1_0_0);
        let run = relx_writes_nothing(&repo, &["version", "--short"], &[]);
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(
            run.stdout,
            cz_next(&repo, &["--prerelease", "alpha"]),
            "{branch}"
        );
        assert_eq!(run.stderr, "INFO: Detecting devel branch\n", "{branch}");
        let plan = repo.relx(&["version"]);
        assert!(
            plan.stdout.contains(&format!(
                "branch: {branch} (devel branch: alpha by default)"
            )),
            "{}",
            plan.stdout
        );
    }
}

#[test]
fn release_word_and_explicit_phase_override_the_channel() {
    let repo = feature_on("develop", CZ_1_0_0);
    let run = relx_writes_nothing(&repo, &["version", "--short", "release"], &[]);
    assert_eq!(run.stdout, cz_next(&repo, &[]));
    assert_eq!(run.stderr, "", "no channel, no INFO line");
    let run = repo.relx(&["version", "--short", "rc"]);
    assert_eq!(run.stdout, cz_next(&repo, &["--prerelease", "rc"]));
    let run = repo.relx(&["version", "--short", "release", "beta"]);
    assert_eq!(
        failure(&repo, &run),
        "exit 20\nerror: [NOT_ALLOWED] `release` cannot be combined with a pre-release\n"
    );
}

#[test]
fn channels_are_configurable() {
    let config = "[tool.commitizen]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\n\
                  devel_branches = [\"next\"]\n\
                  branch_prereleases = { \"release/*\" = \"rc\", \"beta\" = \"beta\" }\n";
    for (branch, phase) in [
        ("next", Some("alpha")),
        ("release/2.x", Some("rc")),
        ("beta", Some("beta")),
        ("develop", None),
    ] {
        let repo = feature_on(branch, config);
        let run = repo.relx(&["version", "--short"]);
        let want = match phase {
            Some(p) => cz_next(&repo, &["--prerelease", p]),
            None => cz_next(&repo, &[]),
        };
        assert_eq!(run.stdout, want, "{branch}");
    }
}

#[test]
fn snapshots_are_dev_releases_of_the_next_version() {
    let repo = feature_on("main", CZ_1_0_0);
    repo.commit("fix: z");
    let distance = repo.git(&["rev-list", "--count", "v1.0.0..HEAD"]);
    let distance = distance.trim();
    let sha = repo.git(&["rev-parse", "--short=7", "HEAD"]);
    let local = format!("g{}", sha.trim());

    let run = relx_writes_nothing(&repo, &["version", "--short", "--snapshot"], &[]);
    assert_eq!(run.stdout, cz_next(&repo, &["--devrelease", distance]));

    // 1700000000 is 2023-11-14 (UTC).
    let epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let run = relx_writes_nothing(&repo, &["version", "--short", "--snapshot=date"], &epoch);
    assert_eq!(run.stdout, cz_next(&repo, &["--devrelease", "20231114"]));

    let run = repo.relx(&["version", "--short", "--snapshot", "--snapshot-local"]);
    assert_eq!(
        run.stdout,
        cz_next(
            &repo,
            &["--devrelease", distance, "--build-metadata", &local]
        )
    );

    // Nothing that bumps: a snapshot of the next patch release.
    let quiet = configured(CZ_1_0_0, Some("v1.0.0"));
    quiet.commit("docs: x");
    let run = quiet.relx(&["version", "--short", "--snapshot"]);
    assert_eq!(
        run.stdout,
        cz_next(&quiet, &["--allow-no-commit", "--devrelease", "1"])
    );
}

#[test]
fn snapshot_options_that_do_not_fit() {
    let repo = feature_on("main", CZ_1_0_0);
    let run = repo.relx(&["version", "--snapshot-local"]);
    assert_eq!(
        failure(&repo, &run),
        "exit 20\nerror: [NOT_ALLOWED] --snapshot-local needs --snapshot\n"
    );
    let run = repo.relx(&["version", "--snapshot", "3"]);
    assert_eq!(
        failure(&repo, &run),
        "exit 20\nerror: [NOT_ALLOWED] --snapshot cannot be combined with --devrelease\n"
    );
}

#[test]
fn json_has_the_keys_of_the_spec() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    let fix = repo.commit("fix(cli): handle x");
    let feat = repo.commit("feat(api)!: drop y\n\nBREAKING CHANGE: gone");
    let docs = repo.commit("docs: z");
    let run = relx_writes_nothing(&repo, &["version", "--json"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let plan: Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(plan["current_version"], "1.0.0");
    assert_eq!(
        format!("{}\n", plan["next_version"].as_str().unwrap()),
        cz_next(&repo, &[])
    );
    assert_eq!(plan["current_tag"], "v1.0.0");
    assert_eq!(plan["next_tag"], "v2.0.0");
    assert_eq!(plan["increment"], "MAJOR");
    assert_eq!(plan["branch"], "main");
    assert_eq!(plan["is_initial"], false);
    assert!(plan.get("changelog").is_some(), "changelog key");
    let commits = plan["commits"].as_array().expect("commits");
    let shas: Vec<&str> = commits.iter().map(|c| c["sha"].as_str().unwrap()).collect();
    assert_eq!(
        shas,
        [docs.as_str(), feat.as_str(), fix.as_str()],
        "git log order"
    );
    let expect = [
        ("docs", Value::Null, false, "z", Value::Null),
        ("feat", json!("api"), true, "drop y", json!("MAJOR")),
        ("fix", json!("cli"), false, "handle x", json!("PATCH")),
    ];
    for (c, (kind, scope, breaking, subject, increment)) in commits.iter().zip(expect) {
        assert_eq!(c["type"], kind);
        assert_eq!(c["scope"], scope);
        assert_eq!(c["breaking"], breaking);
        assert_eq!(c["subject"], subject);
        assert_eq!(c["increment"], increment);
    }
    // No tag: the whole history is the first release.
    let first = configured(CZ_1_0_0, None);
    first.commit("feat: x");
    let plan: Value =
        serde_json::from_str(&first.relx(&["version", "--json"]).stdout).expect("json");
    assert_eq!(plan["is_initial"], true);
    assert_eq!(plan["current_tag"], Value::Null);
    assert_eq!(plan["commits"].as_array().map(Vec::len), Some(2));
}

#[test]
fn dash_c_runs_as_if_started_in_dir() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.write("src/pkg/__init__.py", "");
    repo.commit("feat: x");
    let want = cz_next(&repo, &[]);
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let dir = repo.path().display().to_string();
    let run = relx_in(elsewhere.path(), &["-C", &dir, "version", "--short"], &[]);
    assert_eq!(run.stdout, want);
    // From a subdirectory the configuration at the top is found.
    let sub = repo.path().join("src/pkg").display().to_string();
    let run = relx_in(elsewhere.path(), &["version", "--short", "-C", &sub], &[]);
    assert_eq!(run.stdout, want);
    let run = relx_in(
        elsewhere.path(),
        &["-C", "/nonexistent/dir", "version"],
        &[],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "error: /nonexistent/dir: no such directory\n");
}

#[test]
fn config_file_option_uses_that_file_only() {
    let repo = configured(CZ_1_0_0, Some("v1.0.0"));
    repo.write(
        "release/settings.toml",
        "[tool.commitizen]\nversion = \"2.0.0\"\ntag_format = \"rel-$version\"\n",
    );
    repo.commit("fix: x");
    repo.tag("rel-2.0.0");
    repo.commit("feat: y");
    let run = repo.relx(&["version", "--config", "release/settings.toml"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "bump: version 2.0.0 → 2.1.0",
            "tag to create: rel-2.1.0",
            "increment detected: MINOR"
        ]
    );
    // cz agrees on the same file.
    let out = Command::new(venv_bin("cz"))
        .args([
            "--config",
            "release/settings.toml",
            "bump",
            "--get-next",
            "--yes",
        ])
        .current_dir(repo.path())
        .output()
        .expect("cz runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2.1.0\n");
}

#[test]
fn current_works_outside_a_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Expected: commitizen's Pep440("1.2.3").bump("MINOR", prerelease="beta").
    let run = relx_in(
        dir.path(),
        &["version", "--short", "--current", "1.2.3", "minor", "beta"],
        &[],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.3.0b0\n"), "{run:?}");
    // Without an increment there are no commits to read: exit 3.
    let run = relx_in(dir.path(), &["version", "--current", "1.2.3"], &[]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(run.stdout, "");
}

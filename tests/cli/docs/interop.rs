//! Both directions: relx writes and mike reads and extends, mike writes and
//! relx reads and extends; the trees equal what mike alone makes.

use super::*;

#[test]
fn relx_deploys_and_mike_reads_and_extends() {
    // With site_url, the mike plugin puts the version (MIKE_DOCS_VERSION)
    // into canonical links and the sitemap.
    let config = "site_url: https://example.org/demo/\n";
    let (ours, theirs) = (
        project(config, "Version one"),
        project(config, "Version one"),
    );
    relx_ok(&ours, &["deploy", "1.0", "latest"]);
    mike_ok(&theirs, &["deploy", "1.0", "latest"]);
    assert_same_tree(&ours, &theirs, "gh-pages", "deploy 1.0 latest");
    assert_clean(&ours);
    let page = show(&ours, "gh-pages", "1.0/guide/setup/index.html");
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/demo/1.0/guide/setup/\">"
        ),
        "{page}"
    );
    assert!(show(&ours, "gh-pages", "1.0/js/version-select.js").contains("versions.json"));

    // mike reads what relx wrote.
    let listed = mike_ok(&ours, &["list", "--json"]).stdout;
    assert_eq!(listed, mike_ok(&theirs, &["list", "--json"]).stdout);
    assert!(listed.contains("\"latest\""), "{listed}");

    // mike extends what relx wrote; the result is what mike alone makes.
    edit_docs(&ours, "Version two");
    edit_docs(&theirs, "Version two");
    mike_ok(&ours, &["deploy", "2.0", "latest", "--update-aliases"]);
    mike_ok(&theirs, &["deploy", "2.0", "latest", "--update-aliases"]);
    mike_ok(&ours, &["set-default", "latest"]);
    mike_ok(&theirs, &["set-default", "latest"]);
    assert_same_tree(&ours, &theirs, "gh-pages", "mike on top of relx");
    let log = ours.git(&["log", "--format=%s", "refs/heads/gh-pages"]);
    let rev = ours.git(&["rev-parse", "--short", "HEAD~1"]);
    assert!(
        log.ends_with(&format!(
            "Deployed {} to 1.0 with MkDocs 1.6.1 and relx {}\n",
            rev.trim(),
            env!("CARGO_PKG_VERSION")
        )),
        "{log}"
    );
}

#[test]
fn mike_deploys_and_relx_reads_and_extends() {
    let (ours, theirs) = (project("", "Version one"), project("", "Version one"));
    for repo in [&ours, &theirs] {
        mike_ok(repo, &["deploy", "1.0", "latest"]);
        mike_ok(repo, &["deploy", "dev", "--title", "Development"]);
    }
    // mike leaves its build in site/; relx must leave nothing of its own.
    std::fs::remove_dir_all(ours.path().join("site")).unwrap();
    // relx reads what mike wrote, and prints it as mike does.
    assert_eq!(
        relx_ok(&ours, &["list", "--json"]).stdout,
        mike_ok(&ours, &["list", "--json"]).stdout
    );
    assert_eq!(
        relx_ok(&ours, &["list"]).stdout,
        mike_ok(&ours, &["list"]).stdout
    );
    assert_eq!(
        relx_ok(&ours, &["list", "latest"]).stdout,
        mike_ok(&ours, &["list", "latest"]).stdout
    );

    edit_docs(&ours, "Version two");
    edit_docs(&theirs, "Version two");
    // The same commands, relx on one side and mike on the other.
    let steps: [&[&str]; 7] = [
        &["deploy", "1.1", "latest", "-u", "--alias-type", "redirect"],
        &["alias", "1.0", "old", "--alias-type", "copy"],
        &["alias", "dev", "nightly"],
        &["set-default", "latest"],
        &["retitle", "1.0", "Version 1.0 (old)"],
        &["delete", "nightly"],
        &["delete", "dev"],
    ];
    // (At most one alias per version: with more, mike's alias order in
    // versions.json is random; see several_aliases_differ_only_in_alias_order.)
    for step in steps {
        relx_ok(&ours, step);
        mike_ok(&theirs, step);
        assert_same_tree(&ours, &theirs, "gh-pages", &step.join(" "));
    }
    assert_clean(&ours);
    // And mike still reads the result.
    assert_eq!(
        mike_ok(&ours, &["list"]).stdout,
        "1.1 [latest]\n\"Version 1.0 (old)\" (1.0) [old]\n"
    );
}

#[test]
fn deploy_prefix_and_redirect_aliases_from_the_mike_plugin() {
    // alias_type and deploy_prefix come from mkdocs.yml, as mike reads them.
    let config = "plugins:\n  - search\n  - mike:\n      alias_type: redirect\n      deploy_prefix: site-docs\nuse_directory_urls: false\n";
    let (ours, theirs) = (project(config, "One"), project(config, "One"));
    for step in [
        &["deploy", "1.0", "latest"][..],
        &["set-default", "latest"],
        &["delete", "--all"],
        &["deploy", "2.0", "latest"],
    ] {
        relx_ok(&ours, step);
        mike_ok(&theirs, step);
        assert_same_tree(&ours, &theirs, "gh-pages", &step.join(" "));
    }
    let page = show(&ours, "gh-pages", "site-docs/latest/guide/setup.html");
    assert!(page.contains("url=../../2.0/guide/setup.html"), "{page}");
}

#[test]
fn several_aliases_differ_only_in_alias_order() {
    // Deliberate difference: mike keeps a version's aliases in a Python set,
    // so their order in versions.json changes from run to run (hash
    // randomisation); relx keeps them in the order given. Everything else,
    // and the aliases as a set, must be equal.
    let (ours, theirs) = (project("", "One"), project("", "One"));
    relx_ok(&ours, &["deploy", "1.0", "latest", "stable", "current"]);
    mike_ok(&theirs, &["deploy", "1.0", "latest", "stable", "current"]);
    let strip = |t: Option<String>| -> String {
        t.unwrap_or_default()
            .lines()
            .filter(|l| !l.ends_with("\tversions.json"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(tree(&ours, "gh-pages")),
        strip(tree(&theirs, "gh-pages"))
    );
    let aliases = |repo: &TestRepo| -> Vec<String> {
        let text = show(repo, "gh-pages", "versions.json");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut list: Vec<String> = value[0]["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect();
        list.sort();
        list
    };
    assert_eq!(aliases(&ours), aliases(&theirs));
    assert!(show(&ours, "gh-pages", "versions.json").contains(
        "\"aliases\": [\n      \"latest\",\n      \"stable\",\n      \"current\"\n    ]"
    ));
}

#[test]
fn branch_named_docs_next_to_a_docs_folder() {
    // mike 2.2 cannot write a branch named like a folder of the work tree:
    // `git rev-parse docs` is ambiguous there and its fast-import fails
    // ("Can't create a branch from itself: docs"). relx names the ref in
    // full. The tree relx makes equals what mike makes on a branch it can
    // handle, and mike reads relx's `docs` branch.
    let config = "remote_branch: docs\n";
    let ours = project(config, "One");
    let theirs = project(config, "One");
    let broken = mike(&theirs, &["deploy", "1.0", "latest"]);
    assert_ne!(broken.code, 0, "mike deploys to docs: {broken:?}");
    assert_eq!(tip(&theirs, "docs"), None);

    relx_ok(&ours, &["deploy", "1.0", "latest"]);
    relx_ok(&ours, &["set-default", "latest"]);
    mike_ok(&theirs, &["deploy", "1.0", "latest", "-b", "gh-pages"]);
    mike_ok(&theirs, &["set-default", "latest", "-b", "gh-pages"]);
    assert_eq!(tree(&ours, "docs"), tree(&theirs, "gh-pages"));
    assert_eq!(
        mike_ok(&ours, &["list", "--json"]).stdout,
        mike_ok(&theirs, &["list", "--json", "-b", "gh-pages"]).stdout
    );
    // The work tree's docs/ folder is untouched.
    assert_eq!(ours.read("docs/index.md"), "# Demo\n\nOne\n");
    assert_clean(&ours);
}

#[test]
fn remote_ahead_is_fast_forwarded_and_diverged_is_refused() {
    let (ours, theirs) = (project("", "One"), project("", "One"));
    for (repo, tool) in [(&ours, "relx"), (&theirs, "mike")] {
        let run = |args: &[&str]| {
            if tool == "relx" {
                relx_ok(repo, args);
            } else {
                mike_ok(repo, args);
            }
        };
        run(&["deploy", "1.0"]);
        let first = tip(repo, "gh-pages").unwrap();
        run(&["deploy", "1.1"]);
        let second = tip(repo, "gh-pages").unwrap();
        // The remote is ahead: the local branch is fast-forwarded first.
        repo.git(&["update-ref", "refs/remotes/origin/gh-pages", &second]);
        repo.git(&["update-ref", "refs/heads/gh-pages", &first]);
        run(&["deploy", "1.2"]);
        assert_eq!(
            repo.git(&["rev-parse", "gh-pages~1"]).trim(),
            second,
            "{tool}"
        );
    }
    assert_same_tree(&ours, &theirs, "gh-pages", "after the fast-forward");

    // Diverged: the local branch gets a commit the remote lacks, and the
    // remote one the local lacks.
    let base = tip(&ours, "gh-pages").unwrap();
    relx_ok(&ours, &["retitle", "1.0", "Local"]);
    let local = tip(&ours, "gh-pages").unwrap();
    ours.git(&["update-ref", "refs/heads/gh-pages", &base]);
    relx_ok(&ours, &["retitle", "1.0", "Remote"]);
    let remote = tip(&ours, "gh-pages").unwrap();
    ours.git(&["update-ref", "refs/remotes/origin/gh-pages", &remote]);
    ours.git(&["update-ref", "refs/heads/gh-pages", &local]);

    let refused = relx(&ours, &["deploy", "1.3"]);
    assert_eq!(refused.code, 56, "{refused:?}");
    assert_eq!(
        refused.stderr.lines().next().unwrap(),
        "error: gh-pages has diverged from origin/gh-pages"
    );
    assert_eq!(tip(&ours, "gh-pages").unwrap(), local);
    assert_ne!(mike(&ours, &["deploy", "1.3"]).code, 0, "mike refuses too");
    assert_eq!(tip(&ours, "gh-pages").unwrap(), local);

    // `list` warns and reads the local branch; --ignore-remote-status writes.
    let listed = relx(&ours, &["list"]);
    assert_eq!(listed.code, 0, "{listed:?}");
    assert!(listed.stderr.contains("diverged"), "{listed:?}");
    relx_ok(&ours, &["deploy", "1.3", "--ignore-remote-status"]);
    assert_eq!(ours.git(&["rev-parse", "gh-pages~1"]).trim(), local);
}

#[test]
fn push_sends_the_branch_and_a_failed_push_says_why() {
    let repo = project("", "One");
    let remote = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(remote.path())
        .status()
        .unwrap();
    assert!(status.success());
    repo.git(&["remote", "add", "origin", &display(remote.path())]);
    let run = relx_ok(&repo, &["deploy", "1.0", "--push"]);
    assert!(run.stdout.starts_with("[gh-pages "), "{run:?}");
    let pushed = Command::new("git")
        .args(["rev-parse", "refs/heads/gh-pages"])
        .current_dir(remote.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&pushed.stdout).trim(),
        tip(&repo, "gh-pages").unwrap()
    );

    let failed = relx(
        &repo,
        &["retitle", "1.0", "One", "--push", "--remote", "nowhere"],
    );
    assert_eq!(failed.code, 57, "{failed:?}");
    assert!(
        failed
            .stderr
            .starts_with("error: failed to push branch gh-pages to nowhere: "),
        "{failed:?}"
    );
}

#[test]
fn nothing_changed_makes_no_commit_and_dry_run_writes_nothing() {
    let repo = project("", "One");
    relx_ok(&repo, &["set-default", "1.0", "--allow-undefined"]);
    let before = tip(&repo, "gh-pages");
    let again = relx_ok(&repo, &["set-default", "1.0", "--allow-undefined"]);
    assert!(again.stderr.contains("nothing changed"), "{again:?}");
    assert_eq!(tip(&repo, "gh-pages"), before);
    // mike warns the same way and makes no commit either.
    let theirs = mike_ok(&repo, &["set-default", "1.0", "--allow-undefined"]);
    assert!(theirs.stderr.contains("nothing changed"), "{theirs:?}");
    assert_eq!(tip(&repo, "gh-pages"), before);

    let objects = |r: &TestRepo| r.git(&["count-objects", "-v"]);
    let counted = objects(&repo);
    let dry = relx_ok(&repo, &["deploy", "2.0", "latest", "--dry-run"]);
    assert!(
        dry.stdout
            .starts_with("would commit to gh-pages: Deployed "),
        "{dry:?}"
    );
    assert!(dry.stdout.contains("  A 2.0/index.html\n"), "{dry:?}");
    assert!(dry.stdout.contains("  A latest\n"), "{dry:?}");
    assert_eq!(tip(&repo, "gh-pages"), before);
    assert_eq!(objects(&repo), counted, "a dry run writes no objects");
    assert_clean(&repo);
}

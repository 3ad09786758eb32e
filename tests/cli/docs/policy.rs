//! The release-series policy (`relx docs deploy` without VERSION), checked
//! against the mike commands a maintainer would type for the same release.

use super::*;

const CONFIG: &str = "docs_aliases = [\"latest\"]\ndocs_default = \"latest\"\n";

fn set_version(repo: &TestRepo, version: &str, extra: &str) {
    repo.write(
        "pyproject.toml",
        &format!("[tool.relx]\nversion = \"{version}\"\n{CONFIG}{extra}"),
    );
    repo.commit(&format!("bump: version {version}"));
}

#[test]
fn series_aliases_and_default_follow_the_release() {
    let (ours, theirs) = (project("", "One"), project("", "One"));
    // (project version, what a maintainer runs with mike)
    let releases: [(&str, &[&[&str]]); 4] = [
        (
            "0.7.0",
            &[
                &["deploy", "0.7", "latest", "-u"],
                &["set-default", "latest"],
            ],
        ),
        ("0.7.3", &[&["deploy", "0.7", "latest", "-u"]]),
        ("1.0.0", &[&["deploy", "1.0", "latest", "-u"]]),
        // A fix to the old series: `latest` stays on 1.0.
        ("0.7.4", &[&["deploy", "0.7"]]),
    ];
    for (i, (version, mike_steps)) in releases.iter().enumerate() {
        let marker = format!("Release {version}");
        for repo in [&ours, &theirs] {
            set_version(repo, version, "");
            edit_docs(repo, &marker);
        }
        let run = relx_ok(&ours, &["deploy"]);
        assert!(
            run.stderr
                .contains(&format!("project version {version}: docs version ")),
            "{run:?}"
        );
        for step in *mike_steps {
            mike_ok(&theirs, step);
        }
        assert_same_tree(
            &ours,
            &theirs,
            "gh-pages",
            &format!("release {i}: {version}"),
        );
    }
    assert_eq!(relx_ok(&ours, &["list"]).stdout, "1.0 [latest]\n0.7\n",);
}

#[test]
fn prereleases_are_skipped_or_go_to_their_docs_version() {
    let repo = project("", "One");
    set_version(&repo, "1.0.0rc1", "");
    let run = relx_ok(&repo, &["deploy"]);
    assert!(run.stderr.contains("is a pre-release"), "{run:?}");
    assert_eq!(tip(&repo, "gh-pages"), None);

    let theirs = project("", "One");
    set_version(&repo, "1.0.0rc1", "docs_prerelease = \"dev\"\n");
    set_version(&theirs, "1.0.0rc1", "docs_prerelease = \"dev\"\n");
    relx_ok(&repo, &["deploy"]);
    mike_ok(&theirs, &["deploy", "dev"]);
    assert_same_tree(&repo, &theirs, "gh-pages", "pre-release to dev");
}

#[test]
fn delete_then_deploy_an_earlier_tag_restores_a_series() {
    // The documented rollback: 0.7.5 shipped broken docs; delete the series
    // and deploy the last good release's docs again.
    let repo = project("", "Good docs");
    set_version(&repo, "0.7.4", "");
    repo.tag("v0.7.4");
    relx_ok(&repo, &["deploy"]);
    let good = repo.git(&["rev-parse", "refs/heads/gh-pages:0.7"]);

    edit_docs(&repo, "Broken docs");
    set_version(&repo, "0.7.5", "");
    relx_ok(&repo, &["deploy"]);
    assert_ne!(repo.git(&["rev-parse", "refs/heads/gh-pages:0.7"]), good);

    relx_ok(&repo, &["delete", "0.7"]);
    assert!(relx_ok(&repo, &["list"]).stdout.is_empty());
    repo.git(&["checkout", "-q", "v0.7.4"]);
    relx_ok(&repo, &["deploy"]);
    assert_eq!(repo.git(&["rev-parse", "refs/heads/gh-pages:0.7"]), good);
    assert_eq!(relx_ok(&repo, &["list"]).stdout, "0.7 [latest]\n");
}

#[test]
fn scm_versions_come_from_tags_as_relx_version_reads_them() {
    let repo = TestRepo::new();
    repo.write("mkdocs.yml", "site_name: Demo\n");
    repo.write("docs/index.md", "# Demo\n");
    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion_provider = \"scm\"\ntag_format = \"v$version\"\ndocs_version_format = \"v$major\"\n",
    );
    repo.commit("feat: docs");
    repo.tag("v2.3.1");
    let run = relx_ok(&repo, &["deploy"]);
    assert!(
        run.stderr
            .contains("project version 2.3.1: docs version v2"),
        "{run:?}"
    );
    assert_eq!(relx_ok(&repo, &["list"]).stdout, "v2\n");

    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion = \"1.0\"\ndocs_version_format = \"$series\"\n",
    );
    repo.commit("chore: bad format");
    let bad = relx(&repo, &["deploy"]);
    assert_eq!(bad.code, 19, "{bad:?}");
    assert!(bad.stderr.contains("`docs_version_format`"), "{bad:?}");
}

//! The decisions of `plan::version`, as plain function calls. Expected
//! outcomes are commitizen 4.19.3's for the same inputs (SPEC §1.1, §3);
//! a refusal is named by commitizen's exception (`NO_COMMITS_FOUND`, exit
//! 3), and `crate::error` keeps the code of each.

use super::*;
use crate::version::Scheme;

fn commit(title: &str) -> Commit {
    Commit::from_log_fields("0123456789abcdef", &[], title, "A", "a@x", "")
}

struct Fixture {
    rules: TagRules,
    bump_rules: BumpRules,
    channels: Channels,
}

impl Fixture {
    fn new(tag_format: &str, legacy: &[&str]) -> Fixture {
        let legacy: Vec<String> = legacy.iter().map(|s| s.to_string()).collect();
        Fixture {
            rules: TagRules::new(Scheme::Pep440, tag_format, &legacy, &[]).unwrap(),
            bump_rules: BumpRules::conventional(false),
            channels: Channels {
                devel_branches: vec!["develop".to_string()],
                branch_prereleases: vec![("release/*".to_string(), Phase::Rc)],
            },
        }
    }

    fn plan(
        &self,
        current: &str,
        tag: Option<&str>,
        titles: &[&str],
        branch: &str,
        request: &Request,
    ) -> Result<Plan, PlanError> {
        let inputs = Inputs {
            current: Scheme::Pep440.parse(current).unwrap(),
            current_tag: tag.map(str::to_string),
            commits: Some(titles.iter().map(|t| commit(t)).collect()),
            branch: Some(branch.to_string()),
            head: Some("abcdef0123".to_string()),
            tag_rules: &self.rules,
            bump_rules: &self.bump_rules,
            channels: &self.channels,
            bump_message: "bump: version $current_version → $new_version",
        };
        version(request, &inputs)
    }
}

#[test]
fn no_commits_is_no_commits_found_and_no_bump_is_no_commits_to_bump() {
    let f = Fixture::new("v$version", &[]);
    let none = f.plan("1.0.0", Some("v1.0.0"), &[], "main", &Request::default());
    assert!(matches!(
        none.unwrap_err(),
        PlanError::NoCommits { since: Some(tag) } if tag == "v1.0.0"
    ));
    let docs = f.plan(
        "1.0.0",
        Some("v1.0.0"),
        &["docs: x"],
        "main",
        &Request::default(),
    );
    assert!(matches!(docs.unwrap_err(), PlanError::NoIncrement));
}

#[test]
fn prerelease_on_commits_that_bump_nothing_is_no_commits_found() {
    let f = Fixture::new("v$version", &[]);
    let request = Request {
        prerelease: Some(Phase::Beta),
        ..Request::default()
    };
    let err = f
        .plan("1.0.0", Some("v1.0.0"), &["docs: x"], "main", &request)
        .unwrap_err();
    assert!(matches!(err, PlanError::NoCommitsForPrerelease));
}

#[test]
fn a_pending_prerelease_without_commits_is_finalised() {
    // commitizen: bump(None) of 1.0.0a1 is 1.0.0; no exit 3 for a pre-release.
    let f = Fixture::new("$version", &[]);
    let plan = f
        .plan("1.0.0a1", Some("1.0.0a1"), &[], "main", &Request::default())
        .unwrap();
    assert_eq!(plan.next_version.to_string(), "1.0.0");
    assert_eq!(plan.increment, None);
}

#[test]
fn legacy_tag_with_nothing_to_bump_retags_in_the_current_format() {
    // SPEC §3: found only through legacy_tag_formats, nothing bumps → the
    // same version, exit 0, with the tag in the current format.
    let f = Fixture::new("v$version", &["$version"]);
    let plan = f
        .plan(
            "1.0.0",
            Some("1.0.0"),
            &["docs: x"],
            "main",
            &Request::default(),
        )
        .unwrap();
    assert_eq!(plan.next_version.to_string(), "1.0.0");
    assert_eq!(plan.next_tag, "v1.0.0");
}

#[test]
fn devel_branches_default_to_alpha_and_release_overrides() {
    let f = Fixture::new("$version", &[]);
    let plan = f
        .plan(
            "1.0.0",
            Some("1.0.0"),
            &["feat: x"],
            "develop",
            &Request::default(),
        )
        .unwrap();
    assert_eq!(plan.next_version.to_string(), "1.1.0a0");
    assert_eq!(plan.channel, Some(Phase::Alpha));
    let plan = f
        .plan(
            "1.0.0",
            Some("1.0.0"),
            &["feat: x"],
            "release/2.0",
            &Request::default(),
        )
        .unwrap();
    assert_eq!(plan.next_version.to_string(), "1.1.0rc0");
    let release = Request {
        release: true,
        ..Request::default()
    };
    let plan = f
        .plan("1.0.0", Some("1.0.0"), &["feat: x"], "develop", &release)
        .unwrap();
    assert_eq!(plan.next_version.to_string(), "1.1.0");
}

#[test]
fn snapshots_count_commits_and_add_the_sha() {
    let f = Fixture::new("$version", &[]);
    let request = Request {
        snapshot: Some(Snapshot::Distance),
        snapshot_local: true,
        ..Request::default()
    };
    let plan = f
        .plan(
            "1.2.0",
            Some("1.2.0"),
            &["docs: a", "chore: b", "feat: c"],
            "main",
            &request,
        )
        .unwrap();
    assert_eq!(plan.next_version.to_string(), "1.3.0.dev3+gabcdef0");
    let dated = Request {
        snapshot: Some(Snapshot::Date("20261122".to_string())),
        ..Request::default()
    };
    let plan = f
        .plan("1.2.0", Some("1.2.0"), &["docs: a"], "main", &dated)
        .unwrap();
    assert_eq!(plan.next_version.to_string(), "1.2.1.dev20261122");
}

#[test]
fn manual_version_cannot_be_combined_or_lower() {
    let f = Fixture::new("$version", &[]);
    let combined = Request {
        manual: Some("2.0.0".to_string()),
        increment: Some(Increment::Minor),
        ..Request::default()
    };
    assert!(matches!(
        f.plan("1.0.0", None, &[], "main", &combined).unwrap_err(),
        PlanError::NotAllowed(_)
    ));
    let lower = Request {
        manual: Some("0.9.0".to_string()),
        ..Request::default()
    };
    assert!(matches!(
        f.plan("1.0.0", None, &[], "main", &lower).unwrap_err(),
        PlanError::NotHigher { .. }
    ));
    let invalid = Request {
        manual: Some("2.0.x".to_string()),
        ..Request::default()
    };
    assert!(matches!(
        f.plan("1.0.0", None, &[], "main", &invalid).unwrap_err(),
        PlanError::InvalidManualVersion(v) if v == "2.0.x"
    ));
}

#[test]
fn major_version_zero_flag_is_refused_after_1_0() {
    let f = Fixture::new("$version", &[]);
    let request = Request {
        major_version_zero_flag: true,
        major_version_zero: true,
        ..Request::default()
    };
    let err = f
        .plan("1.0.0", Some("1.0.0"), &["feat: x"], "main", &request)
        .unwrap_err();
    assert!(matches!(err, PlanError::NotAllowed(_)));
}

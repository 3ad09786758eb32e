//! `for_release`: what a release writes, in each mode.

use super::*;
use crate::commits::Commit;
use crate::version::Scheme;

fn settings() -> Settings {
    Settings {
        file: PathBuf::from("CHANGELOG.md"),
        format: Format::Markdown,
        rules: Rules::conventional(),
        tag_rules: TagRules::new(Scheme::Pep440, "v$version", &[], &[]).unwrap(),
        prereleases: Prereleases::Keep,
        template: Format::Markdown.template_name().to_string(),
        templates: Templates::default(),
        extras: Map::new(),
        unreleased_heading: None,
        generate: true,
    }
}

fn commit(sha: &str, subject: &str) -> LogCommit {
    LogCommit {
        commit: Commit::from_log_fields(sha, &[], subject, "A", "a@x", ""),
        parents: Vec::new(),
        author: "A".into(),
        author_email: "a@x".into(),
    }
}

fn tag(name: &str, sha: &str, prerelease: bool) -> ReleaseTag {
    ReleaseTag {
        name: name.into(),
        sha: sha.into(),
        date: "2024-01-01".into(),
        prerelease,
    }
}

/// Runs a release of `v2.0.0` (or `next`) on `before` with the commits
/// since the range's start (`all` lists them newest first, with the tag
/// each starts after).
fn release(
    settings: &Settings,
    before: &str,
    all: &[LogCommit],
    tags: &[ReleaseTag],
    next: &str,
) -> ChangelogUpdate {
    let prerelease = settings.tag_rules.version_of(next).unwrap().is_prerelease();
    let range = release_range(Some(before), tags, settings, prerelease).unwrap();
    let since = match &range.start {
        Some(start) => {
            let sha = &tags.iter().find(|t| &t.name == start).unwrap().sha;
            let end = all.iter().position(|c| &c.commit.sha == sha).unwrap();
            &all[..end]
        }
        None => all,
    };
    let input = ReleaseInput {
        before: Some(before),
        commits: since,
        tags,
        range: &range,
        next_tag: next,
        today: "2024-03-01",
        prerelease,
    };
    for_release(settings, &input).unwrap()
}

const FILE: &str = "# Changelog\n\n## v1.0.0 (2024-01-01)\n\n- old\n";

#[test]
fn a_release_goes_above_the_latest_one() {
    let all = [
        commit("c", "feat: c"),
        commit("b", "fix: b"),
        commit("a", "chore: a"),
    ];
    let tags = [tag("v1.0.0", "a", false)];
    let update = release(&settings(), FILE, &all, &tags, "v2.0.0");
    assert_eq!(
        update.after,
        "# Changelog\n\n## v2.0.0 (2024-03-01)\n\n### Feat\n\n- c\n\n### Fix\n\n- b\n\n## v1.0.0 (2024-01-01)\n\n- old\n"
    );
    assert_eq!(update.section, "### Feat\n\n- c\n\n### Fix\n\n- b\n");
    assert_eq!(update.before.as_deref(), Some(FILE));
}

#[test]
fn recent_changes_are_renamed_with_or_without_generated_entries() {
    let mut s = settings();
    s.unreleased_heading = Some("Recent Changes".into());
    let file = "# Changelog\n\n## Recent Changes\n\nBig news, by hand.\n\n## v1.0.0 (2024-01-01)\n\n- old\n";
    let all = [commit("c", "feat: c"), commit("a", "chore: a")];
    let tags = [tag("v1.0.0", "a", false)];
    let update = release(&s, file, &all, &tags, "v2.0.0");
    assert_eq!(
        update.after,
        "# Changelog\n\n## Recent Changes\n\n## v2.0.0 (2024-03-01)\n\nBig news, by hand.\n\n### Feat\n\n- c\n\n## v1.0.0 (2024-01-01)\n\n- old\n"
    );
    assert_eq!(update.section, "Big news, by hand.\n\n### Feat\n\n- c\n");
    s.generate = false;
    let update = release(&s, file, &all, &tags, "v2.0.0");
    assert_eq!(
        update.after,
        "# Changelog\n\n## Recent Changes\n\n## v2.0.0 (2024-03-01)\n\nBig news, by hand.\n\n## v1.0.0 (2024-01-01)\n\n- old\n"
    );
}

#[test]
fn prereleases_merge_into_the_final_release_or_are_skipped() {
    let file = "# Changelog\n\n## v2.0.0a1 (2024-02-01)\n\n### Fix\n\n- b\n\n## v1.0.0 (2024-01-01)\n\n- old\n";
    let all = [
        commit("c", "feat: c"),
        commit("b", "fix: b"),
        commit("a", "chore: a"),
    ];
    let tags = [tag("v2.0.0a1", "b", true), tag("v1.0.0", "a", false)];
    // keep: the final release lists what came after the pre-release.
    let update = release(&settings(), file, &all, &tags, "v2.0.0");
    assert!(
        update
            .after
            .starts_with("# Changelog\n\n## v2.0.0 (2024-03-01)\n\n### Feat\n\n- c\n\n## v2.0.0a1"),
        "{}",
        update.after
    );
    // merge: one section since v1.0.0 replaces the pre-release's.
    let mut s = settings();
    s.prereleases = Prereleases::Merge;
    let update = release(&s, file, &all, &tags, "v2.0.0");
    assert_eq!(
        update.after,
        "# Changelog\n\n## v2.0.0 (2024-03-01)\n\n### Feat\n\n- c\n\n### Fix\n\n- b\n\n## v1.0.0 (2024-01-01)\n\n- old\n"
    );
    // skip: a pre-release writes nothing; the final release covers it.
    s.prereleases = Prereleases::Skip;
    let update = release(&s, FILE, &all[1..], &tags[1..], "v2.0.0a1");
    assert_eq!(update.after, FILE);
    let update = release(&s, FILE, &all, &tags, "v2.0.0");
    assert_eq!(
        update.after,
        "# Changelog\n\n## v2.0.0 (2024-03-01)\n\n### Feat\n\n- c\n\n### Fix\n\n- b\n\n## v1.0.0 (2024-01-01)\n\n- old\n"
    );
}

mod properties {
    use proptest::prelude::*;

    use super::super::{format, merge, notes, similarity};
    use super::*;

    /// Changelog-like text: headings of every markup, version-like words,
    /// blank lines, CRLF, and arbitrary characters.
    fn texts() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("# Changelog".to_string()),
            Just("## Unreleased".to_string()),
            Just("## v1.2.0 (2024-01-01)".to_string()),
            Just("h2. 1.0.0".to_string()),
            Just("== 2.0.0a1".to_string()),
            Just("=====".to_string()),
            Just("-----".to_string()),
            Just(String::new()),
            "\\PC{0,12}",
        ];
        (prop::collection::vec(line, 0..12), any::<bool>())
            .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
    }

    proptest! {
        #[test]
        fn scanning_never_panics(text in texts(), version in "\\PC{0,8}") {
            let rules = settings().tag_rules;
            for f in [Format::Markdown, Format::RestructuredText, Format::Asciidoc, Format::Textile] {
                let meta = format::metadata(&text, f, &rules);
                let _ = format::headings(&text, f);
                let _ = format::latest_final(&text, f, &rules);
                let _ = notes::section(&text, f, &rules, &version);
                let _ = merge::recent_changes(&text, f, "Unreleased", "v9.9.9 (x)", Some("- y\n"));
                let _ = merge::incremental("## new\n", &text, &meta);
            }
            let _ = similarity::ratio(&text, &version);
        }

        /// Without an Unreleased block, the merge only inserts: the old text
        /// is still there, byte for byte, around the new part.
        #[test]
        fn the_merge_keeps_everything_else(text in texts()) {
            let rules = settings().tag_rules;
            let meta = format::metadata(&text, Format::Markdown, &rules);
            prop_assume!(meta.unreleased_start.is_none());
            let merged = merge::incremental("## v9.9.9\n\n- y\n", &text, &meta);
            let newline = merge::newline_of(&text);
            let new = merge::with_newlines("## v9.9.9\n\n- y\n", newline);
            match meta.latest_version_position {
                Some(line) => {
                    let at: usize = format::lines_of(&text)[..line].iter().map(|l| l.len()).sum();
                    prop_assert_eq!(merged, format!("{}{new}{newline}{}", &text[..at], &text[at..]));
                }
                None => {
                    prop_assert!(merged.starts_with(&text));
                    prop_assert!(merged.ends_with(&new));
                }
            }
        }
    }
}

//! The translations of semantic-release and bump-my-version settings.

use super::*;

fn keys(t: &Translation) -> Vec<(&str, &Value)> {
    t.entries
        .iter()
        .map(|e| (e.key.as_str(), &e.value))
        .collect()
}

fn find<'a>(t: &'a Translation, key: &str) -> Option<&'a Value> {
    t.entries.iter().find(|e| e.key == key).map(|e| &e.value)
}

#[test]
fn semantic_release_keys() {
    let table: Value = serde_json::json!({
        "version_toml": ["pyproject.toml:project.version"],
        "version_variables": ["src/demo/__init__.py:__version__"],
        "tag_format": "v{version}",
        "major_on_zero": false,
        "branches": {
            "main": {"match": "(main|master)", "prerelease": false},
            "beta": {"match": "^beta$", "prerelease": true, "prerelease_token": "beta"},
            "feat": {"match": "feat/.+", "prerelease": true, "prerelease_token": "alpha"},
            "odd": {"match": "(a|b)", "prerelease": true}
        },
        "changelog": {"default_templates": {"changelog_file": "HISTORY.md"}},
        "build_command": "python -m build"
    });
    let t = semantic_release(table.as_object().unwrap(), true);
    assert_eq!(find(&t, "version_provider"), Some(&Value::from("pep621")));
    assert_eq!(find(&t, "tag_format"), Some(&Value::from("v$version")));
    assert_eq!(find(&t, "major_version_zero"), Some(&Value::Bool(true)));
    assert_eq!(find(&t, "changelog_file"), Some(&Value::from("HISTORY.md")));
    assert_eq!(
        find(&t, "version_files"),
        Some(&serde_json::json!([
            "src/demo/__init__.py:^\\s*__version__\\b"
        ]))
    );
    assert_eq!(
        find(&t, "branch_prereleases"),
        Some(&serde_json::json!({"beta": "beta", "feat/*": "alpha"}))
    );
    assert!(
        t.skipped.iter().any(|s| s.starts_with("branches.odd")),
        "{:?}",
        t.skipped
    );
    assert!(
        t.skipped.iter().any(|s| s.starts_with("build_command")),
        "{:?}",
        t.skipped
    );
    assert!(!keys(&t).is_empty());
}

#[test]
fn semantic_release_without_static_version_reads_tags() {
    let table: Value = serde_json::json!({"version_toml": ["pyproject.toml:project.version"]});
    let t = semantic_release(table.as_object().unwrap(), false);
    assert_eq!(find(&t, "version_provider"), Some(&Value::from("scm")));
    assert_eq!(
        find(&t, "version_files"),
        Some(&serde_json::json!(["pyproject.toml:^version\\s*="]))
    );
}

#[test]
fn bumpversion_ini_and_toml_agree() {
    let ini = "[bumpversion]\ncurrent_version = 1.4.2\ncommit = True\ntag = True\ntag_name = release-{new_version}\nmessage = Bump version: {current_version} → {new_version}\n\n[bumpversion:file:setup.py]\nsearch = version=\"{current_version}\"\n\n[bumpversion:file:README.md]\n";
    let from_ini = bumpversion_ini(ini).unwrap();
    let toml: Value = serde_json::json!({
        "current_version": "1.4.2",
        "commit": true,
        "tag": true,
        "tag_name": "release-{new_version}",
        "message": "Bump version: {current_version} → {new_version}",
        "files": [{"filename": "setup.py", "search": "version=\"{current_version}\""}, {"filename": "README.md"}]
    });
    let a = bumpversion(&from_ini, None);
    let b = bumpversion(toml.as_object().unwrap(), None);
    assert_eq!(a, b);
    assert_eq!(find(&a, "version"), Some(&Value::from("1.4.2")));
    assert_eq!(
        find(&a, "tag_format"),
        Some(&Value::from("release-$version"))
    );
    assert_eq!(
        find(&a, "bump_message"),
        Some(&Value::from(
            "Bump version: $current_version → $new_version"
        ))
    );
    assert_eq!(
        find(&a, "version_files"),
        Some(&serde_json::json!(["setup.py:version=\"", "README.md"]))
    );
}

#[test]
fn bumpversion_same_as_pep621_uses_the_provider() {
    let toml: Value = serde_json::json!({"current_version": "0.2.0"});
    let t = bumpversion(toml.as_object().unwrap(), Some("0.2.0"));
    assert_eq!(find(&t, "version_provider"), Some(&Value::from("pep621")));
    assert_eq!(find(&t, "tag_format"), Some(&Value::from("v$version")));
}

#[test]
fn ini_without_the_section_is_none() {
    assert!(bumpversion_ini("[metadata]\nname = x\n").is_none());
}

#[test]
fn branch_globs() {
    assert_eq!(branch_glob("^develop$").as_deref(), Some("develop"));
    assert_eq!(branch_glob("release/.*").as_deref(), Some("release/*"));
    assert_eq!(branch_glob("(main|master)"), None);
}

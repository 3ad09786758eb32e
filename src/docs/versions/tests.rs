//! Expected texts and refusals are what mike 2.2's `Versions` gives for the
//! same calls (run in the test venv; the script is in each comment).

use super::*;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn sample() -> Versions {
    // v = Versions(); v.add('1.0', aliases=['latest']); v.add('0.9', title='Old'); v.add('dev')
    let mut v = Versions::default();
    v.add("1.0", None, &names(&["latest"]), false).unwrap();
    v.add("0.9", Some("Old"), &[], false).unwrap();
    v.add("dev", None, &[], false).unwrap();
    v
}

#[test]
fn file_text_is_mikes() {
    // repr(v.dumps() + '\n')
    let want = "[\n  {\n    \"version\": \"dev\",\n    \"title\": \"dev\",\n    \"aliases\": []\n  },\n  {\n    \"version\": \"1.0\",\n    \"title\": \"1.0\",\n    \"aliases\": [\n      \"latest\"\n    ]\n  },\n  {\n    \"version\": \"0.9\",\n    \"title\": \"Old\",\n    \"aliases\": []\n  }\n]\n";
    assert_eq!(sample().to_file(), want);
    assert_eq!(Versions::parse(want).unwrap().to_file(), want);
}

#[test]
fn refusals_are_mikes() {
    let cases: [(&str, &[&str], Problem); 6] = [
        // ValueError alias 'latest' already exists for version '1.0'
        (
            "1.1",
            &["latest"],
            Problem::AliasTaken {
                alias: "latest".into(),
                version: "1.0".into(),
            },
        ),
        // ValueError alias '0.9' already specified as a version
        (
            "1.1",
            &["0.9"],
            Problem::AliasIsVersion {
                alias: "0.9".into(),
            },
        ),
        // ValueError version 'latest' already exists
        (
            "latest",
            &[],
            Problem::VersionIsAlias {
                version: "latest".into(),
                of: "1.0".into(),
            },
        ),
        // ValueError 'a/b' is not a valid version
        (
            "a/b",
            &[],
            Problem::InvalidName {
                kind: NameKind::Version,
                name: "a/b".into(),
            },
        ),
        // ValueError '..' is not a valid alias
        (
            "x",
            &[".."],
            Problem::InvalidName {
                kind: NameKind::Alias,
                name: "..".into(),
            },
        ),
        // ValueError duplicated version and alias
        ("x", &["x"], Problem::SameAsVersion { name: "x".into() }),
    ];
    for (version, aliases, want) in cases {
        let mut v = sample();
        let got = v.add(version, None, &names(aliases), false).unwrap_err();
        assert_eq!(got, want, "{version} {aliases:?}");
        assert_eq!(v, sample(), "a refused add changes nothing");
    }
    for bad in ["", ".", "..", "a\\b", "/"] {
        assert!(check_name(bad, NameKind::Version).is_err(), "{bad:?}");
    }
}

#[test]
fn update_aliases_moves_and_delete_takes_aliases() {
    let mut v = sample();
    v.add("1.1", None, &names(&["latest"]), true).unwrap();
    // v2.difference_update(['dev', 'latest']) after the move
    let removed = v.remove(&names(&["dev", "latest"])).unwrap();
    assert!(matches!(&removed[0], Removed::Version(e) if e.version == "dev"));
    assert_eq!(removed[1], Removed::Alias("latest".into()));
    let want = "[\n  {\n    \"version\": \"1.1\",\n    \"title\": \"1.1\",\n    \"aliases\": []\n  },\n  {\n    \"version\": \"1.0\",\n    \"title\": \"1.0\",\n    \"aliases\": []\n  },\n  {\n    \"version\": \"0.9\",\n    \"title\": \"Old\",\n    \"aliases\": []\n  }\n]\n";
    assert_eq!(v.to_file(), want);
    assert_eq!(
        v.remove(&names(&["nope"])).unwrap_err(),
        Problem::NotFound {
            identifier: "nope".into()
        }
    );
}

#[test]
fn null_title_and_empty_properties_are_dropped() {
    // Versions.loads('[{"version":"2.0","title":null,"aliases":[],"properties":{}}]').dumps()
    let v = Versions::parse(r#"[{"version":"2.0","title":null,"aliases":[],"properties":{}}]"#)
        .unwrap();
    assert_eq!(
        v.dumps(),
        "[\n  {\n    \"version\": \"2.0\",\n    \"title\": \"2.0\",\n    \"aliases\": []\n  }\n]"
    );
}

#[test]
fn invalid_files_are_refused() {
    for text in [
        "",
        "{}",
        "[1]",
        r#"[{"version":"1.0"}]"#,
        r#"[{"version":"1.0","title":"1.0","aliases":"latest"}]"#,
        r#"[{"version":"..","title":"x","aliases":[]}]"#,
        r#"[{"version":"1.0","title":"1.0","aliases":["x"]},{"version":"2.0","title":"2.0","aliases":["x"]}]"#,
    ] {
        assert!(Versions::parse(text).is_err(), "{text}");
    }
}

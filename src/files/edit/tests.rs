use super::*;

#[test]
fn toml_keeps_everything_but_the_version() {
    let text = "\u{feff}# top\r\n[project]\r\nname = 'x'\r\nversion = '1.2.3'  # keep\r\n\r\n[tool.x]\r\na = { version = \"1.2.3\" }";
    let out = set_toml(text, TomlPlace::Key(&["project", "version"]), "1.3.0").unwrap();
    assert_eq!(out, text.replace("'1.2.3'", "'1.3.0'"));
}

#[test]
fn toml_reports_missing_and_wrong_type() {
    assert_eq!(
        set_toml(
            "[project]\nname='x'\n",
            TomlPlace::Key(&["project", "version"]),
            "1"
        ),
        Err(EditError::Missing("project.version".to_string()))
    );
    assert_eq!(
        set_toml(
            "[project]\nversion=1\n",
            TomlPlace::Key(&["project", "version"]),
            "1"
        ),
        Err(EditError::NotAString("project.version".to_string()))
    );
}

#[test]
fn lock_file_package_entry() {
    let lock = "version = 1\n\n[[package]]\nname = \"dep\"\nversion = \"1.2.3\"\n\n[[package]]\nname = \"mine\"\nversion = \"1.2.3\"\nsource = { editable = \".\" }\n";
    let out = set_toml(lock, TomlPlace::Package("mine"), "2.0.0").unwrap();
    assert_eq!(
        out,
        lock.replacen(
            "name = \"mine\"\nversion = \"1.2.3\"",
            "name = \"mine\"\nversion = \"2.0.0\"",
            1
        )
    );
}

#[test]
fn cargo_workspace_package() {
    let text = "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.1.0\"\n";
    let out = set_toml(text, TomlPlace::Cargo, "0.2.0").unwrap();
    assert_eq!(out, text.replace("0.1.0", "0.2.0"));
}

#[test]
fn json_keeps_indentation() {
    let text = "{\n    \"name\": \"x\",\n    \"version\":   \"1.0.0\"\n}";
    assert_eq!(
        set_json(text, &["version"], "1.1.0").unwrap(),
        text.replace("1.0.0", "1.1.0")
    );
}

#[test]
fn yaml_plain_and_quoted() {
    let text = "---\ncommitizen:\n  name: cz_conventional_commits\n  version: 0.1.0  # current\n  tag_format: v$version\n";
    let out = set_yaml_commitizen_version(text, "0.2.0").unwrap();
    assert_eq!(out, text.replace("0.1.0", "0.2.0"));
    let quoted = "commitizen:\n  version: \"0.1.0\"\n";
    assert_eq!(
        set_yaml_commitizen_version(quoted, "0.2.0").unwrap(),
        "commitizen:\n  version: \"0.2.0\"\n"
    );
}

#[test]
fn replaces_whole_tokens_only() {
    // The two failures the whole-token rule exists for: a longer version that
    // contains the current one, and a dependency pin.
    let text = "__version__ = \"1.2.3\"\nOTHER = \"11.2.30\"\ndeps = [\"foo==1.2.3\", \"bar>= 1.2.3\"]\nv1.2.3 and 1.2.3.\n1.2.3a1 1.2.3+x 1.2.3.4\r\n";
    let (out, n) = replace_version(text, None, "1.2.3", "1.3.0");
    assert_eq!(
        out,
        "__version__ = \"1.3.0\"\nOTHER = \"11.2.30\"\ndeps = [\"foo==1.2.3\", \"bar>= 1.2.3\"]\nv1.3.0 and 1.3.0.\n1.2.3a1 1.2.3+x 1.2.3.4\r\n"
    );
    assert_eq!(n, 3);
}

#[test]
fn regex_selects_lines() {
    let re = crate::pyre::search("^__version__").unwrap();
    let text = "__version__ = '1.0'\nOLD = '1.0'\n";
    let (out, n) = replace_version(text, Some(&re), "1.0", "1.1");
    assert_eq!(out, "__version__ = '1.1'\nOLD = '1.0'\n");
    assert_eq!(n, 1);
}

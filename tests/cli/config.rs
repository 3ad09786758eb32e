//! `relx config show` (every value and where it came from) and `relx config
//! schema`, checked by Python's jsonschema (Draft 2020-12): the schema is
//! valid, and it accepts and refuses the same `[tool.relx]` values relx does.

use std::process::Command;

use crate::support::{relx_in, venv_bin, TestRepo};

#[test]
fn show_marks_each_value_with_its_origin() {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\nmajor_version_zero = true\ntypo_key = 1\n",
    );
    repo.commit("chore: start");
    let run = repo.relx(&["config", "show"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "# configuration: pyproject.toml [tool.relx]");
    for line in [
        "version = \"1.0.0\"  # pyproject.toml [tool.relx]",
        "tag_format = \"v$version\"  # pyproject.toml [tool.relx]",
        "major_version_zero = true  # pyproject.toml [tool.relx]",
        "changelog_file = \"CHANGELOG.md\"  # default",
        "devel_branches = [\"develop\", \"devel\", \"dev\"]  # default",
        "# version_provider is unset  # default",
        "# typo_key: not a relx key, ignored",
    ] {
        assert!(lines.contains(&line), "{line:?} missing:\n{}", run.stdout);
    }
    let json = repo.relx(&["config", "show", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["section"], "tool.relx");
    assert_eq!(value["values"]["tag_format"]["value"], "v$version");
    assert_eq!(value["values"]["tag_format"]["from"], "file");
    assert_eq!(value["values"]["encoding"]["from"], "default");
    assert_eq!(value["unknown_keys"], serde_json::json!(["typo_key"]));
}

#[test]
fn show_without_a_file_is_all_defaults_and_a_bad_file_is_exit_19() {
    let dir = tempfile::tempdir().unwrap();
    let run = relx_in(dir.path(), &["config", "show"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run
        .stdout
        .starts_with("# configuration: none found, relx's defaults\n"));
    assert!(!run.stdout.contains("# pyproject.toml"), "{run:?}");
    std::fs::write(dir.path().join(".relx.toml"), "tag_format = [\n").unwrap();
    let bad = relx_in(dir.path(), &["config", "show"], &[]);
    assert_eq!(bad.code, 19, "{bad:?}");
    assert!(
        bad.stderr.starts_with("error: ") && bad.stderr.contains(".relx.toml:"),
        "{bad:?}"
    );
}

/// Validates `[tool.relx]` of each TOML text against the schema with
/// jsonschema; returns one verdict per text.
fn jsonschema_verdicts(schema: &str, tomls: &[&str]) -> Vec<bool> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    for (i, text) in tomls.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i}.toml")), text).unwrap();
    }
    let program = format!(
        "import json, sys, tomllib, jsonschema\n\
         schema = json.load(open('schema.json'))\n\
         jsonschema.Draft202012Validator.check_schema(schema)\n\
         v = jsonschema.Draft202012Validator(schema)\n\
         for i in range({}):\n\
         \x20   table = tomllib.load(open(f'{{i}}.toml', 'rb'))['tool']['relx']\n\
         \x20   print('valid' if v.is_valid(table) else 'invalid')\n",
        tomls.len()
    );
    let out = Command::new(venv_bin("python"))
        .args(["-c", &program])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l == "valid")
        .collect()
}

#[test]
fn schema_judges_like_relx_does() {
    let dir = tempfile::tempdir().unwrap();
    let schema = relx_in(dir.path(), &["config", "schema"], &[]);
    assert_eq!(schema.code, 0, "{schema:?}");
    // (config, valid?): the verdict comes from the rules the schema states
    // (types, enums), not from either program's answer.
    let cases = [
        ("[tool.relx]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\nversion_files = [\"a.py:^v\"]\nmajor_version_zero = true\n", true),
        ("[tool.relx]\nversion_provider = \"pep621\"\nbranch_prereleases = { \"release/*\" = \"rc\" }\n[tool.relx.customize]\nbump_pattern = \"^feat\"\n", true),
        ("[tool.relx]\ntag_format = 1\n", false),
        ("[tool.relx]\nversion_files = \"a.py\"\n", false),
        ("[tool.relx]\nmajor_version_zero = \"yes\"\n", false),
        ("[tool.relx]\nversion_provider = \"setuptools\"\n", false),
    ];
    let texts: Vec<&str> = cases.iter().map(|(text, _)| *text).collect();
    let verdicts = jsonschema_verdicts(&schema.stdout, &texts);
    assert_eq!(verdicts.len(), cases.len(), "one verdict per case");
    for ((case, want), valid) in cases.iter().zip(verdicts) {
        assert_eq!(valid, *want, "jsonschema on {case}");
        let repo = TestRepo::new();
        repo.write("pyproject.toml", case);
        repo.commit("chore: start");
        let run = repo.relx(&["version", "--allow-no-commit"]);
        // relx refuses a bad value (19) or an unknown provider (27).
        let relx_valid = ![19, 27].contains(&run.code);
        assert_eq!(relx_valid, *want, "relx on {case}\n{run:?}");
    }
}

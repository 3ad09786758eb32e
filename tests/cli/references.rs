//! The reference tools are the ones the contract names: the venv holds the
//! versions pinned in tests/requirements.txt, and the tables computed from
//! them (tests/data/) are what their oracle scripts compute today.

use std::path::Path;
use std::process::Command;

use crate::support::venv_bin;

/// `name==version` pins of a requirements file.
fn pins(file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
        .expect("requirements file");
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, version) = line
                .split_once("==")
                .unwrap_or_else(|| panic!("{file}: {line:?} is not pinned with =="));
            (name.trim().to_string(), version.trim().to_string())
        })
        .collect()
}

#[test]
fn venv_holds_the_pinned_reference_versions() {
    let pinned = pins("tests/requirements.txt");
    for named in ["commitizen", "packaging", "twine", "mike", "mkdocs"] {
        assert!(
            pinned.iter().any(|(name, _)| name == named),
            "{named} is not pinned: {pinned:?}"
        );
    }
    let names: Vec<&str> = pinned.iter().map(|(name, _)| name.as_str()).collect();
    let out = Command::new(venv_bin("python"))
        .args([
            "-c",
            "import sys\nfrom importlib.metadata import version\nfor name in sys.argv[1:]:\n    print(name, version(name))\n",
        ])
        .args(&names)
        .output()
        .expect("the venv's python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = String::from_utf8_lossy(&out.stdout);
    let installed: Vec<(&str, &str)> = installed
        .lines()
        .map(|l| l.split_once(' ').expect("name version"))
        .collect();
    assert_eq!(installed.len(), pinned.len(), "{installed:?}");
    let wrong: Vec<String> = pinned
        .iter()
        .zip(&installed)
        .filter(|((_, want), (_, have))| want != have)
        .map(|((name, want), (_, have))| format!("{name}: pinned {want}, installed {have}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "the venv is not what tests/requirements.txt pins (run tests/venv.sh):\n{}",
        wrong.join("\n")
    );
}

/// Runs `tests/oracle/SCRIPT OUT` with the venv's python and compares OUT
/// with the committed `tests/data/TABLE`, line by line.
fn regenerates(script: &str, table: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = dir.path().join(table);
    let out = Command::new(venv_bin("python"))
        .arg(root.join("tests/oracle").join(script))
        .arg(&fresh)
        .env("PYTHONUTF8", "1")
        .output()
        .expect("the venv's python runs");
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = std::fs::read_to_string(&fresh).expect("the script wrote its table");
    let committed =
        std::fs::read_to_string(root.join("tests/data").join(table)).expect("committed table");
    // A checkout may have turned LF into CRLF; the rows are what counts.
    let committed = committed.replace("\r\n", "\n");
    let (fresh_rows, committed_rows): (Vec<&str>, Vec<&str>) =
        (fresh.lines().collect(), committed.lines().collect());
    let differ: Vec<String> = fresh_rows
        .iter()
        .zip(&committed_rows)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .take(10)
        .map(|(i, (a, b))| format!("line {}: computed {a:?}, committed {b:?}", i + 1))
        .collect();
    assert!(
        differ.is_empty() && fresh_rows.len() == committed_rows.len(),
        "tests/data/{table} is not what tests/oracle/{script} computes ({} vs {} lines):\n{}",
        fresh_rows.len(),
        committed_rows.len(),
        differ.join("\n")
    );
    assert_eq!(
        fresh, committed,
        "tests/data/{table}: same rows, other bytes"
    );
}

#[test]
fn bump_table_is_what_commitizen_computes() {
    regenerates("bump_table.py", "bump_table.tsv");
}

#[test]
fn metadata_fields_are_what_packaging_computes() {
    regenerates("metadata_fields.py", "metadata_fields.tsv");
}

//! Every arrow points down (STYLE §1, §3):
//!
//! - the pure core, src/{version,commits,config,changelog,plan,pkg} with
//!   pyre and pystr, reaches for no git, project files, file system,
//!   environment or other processes, and raises its own errors instead of
//!   `crate::error`'s; the shell reads bytes and hands them in;
//! - src/error/ depends on no git library (git2's errors are converted in
//!   src/git);
//! - src/build and src/publish leave package metadata to src/pkg: they
//!   neither define it again nor reach for `crate::project` to get it;
//! - no source file is over 600 lines.

use std::path::{Path, PathBuf};

use regex::Regex;

/// The pure core: folders and single files, relative to src/.
const CORE: [&str; 8] = [
    "version",
    "commits",
    "config",
    "changelog",
    "plan",
    "pkg",
    "pyre.rs",
    "pystr.rs",
];

/// The shell modules that read and upload distributions, relative to src/:
/// what the files mean is `pkg`'s.
const PKG_USERS: [&str; 2] = ["build", "publish"];

/// The modules of `pkg`, which must not exist again under build or publish.
const PKG_MODULES: [&str; 6] = [
    "metadata",
    "requirement",
    "license",
    "filename",
    "layout",
    "name",
];

/// The most lines a source file has (STYLE §1).
const MAX_LINES: usize = 600;

/// Files over [`MAX_LINES`] today, relative to src/: to split. Remove an
/// entry once its file is split; nothing may join the list.
const TOO_LONG: [&str; 0] = [];

/// What the core must not import.
fn forbidden() -> Vec<(Regex, &'static str)> {
    [
        (r"\bcrate\s*::\s*git\b", "crate::git"),
        (r"\bcrate\s*::\s*files\b", "crate::files"),
        (r"\bstd\s*::\s*fs\b", "std::fs"),
        (r"\bstd\s*::\s*env\b", "std::env"),
        (r"\bstd\s*::\s*process\b", "std::process"),
        (r"\bgit2\s*::", "git2"),
        // The core raises its own errors; `crate::error` wraps them.
        (r"\bcrate\s*::\s*error\b", "crate::error"),
        // Grouped imports: `use crate::{git, …}`, `use std::{fs, …}`.
        (
            r"\buse\s+crate\s*::\s*\{[^}]*\b(git|files)\b",
            "crate::{git|files}",
        ),
        (r"\buse\s+crate\s*::\s*\{[^}]*\berror\b", "crate::{error}"),
        (
            r"\buse\s+std\s*::\s*\{[^}]*\b(fs|env|process)\b",
            "std::{fs|env|process}",
        ),
    ]
    .into_iter()
    .map(|(re, name)| (Regex::new(re).expect("valid pattern"), name))
    .collect()
}

/// What build and publish must leave to `pkg`: the project module (for a
/// name's normal form, say), and the definitions and licence list `pkg`
/// holds.
fn pkg_owned() -> Vec<(Regex, &'static str)> {
    [
        (r"\bcrate\s*::\s*project\b", "crate::project"),
        (
            r"\buse\s+crate\s*::\s*\{[^}]*\bproject\b",
            "crate::{project}",
        ),
        (
            r"\bfn\s+(canonical_name|normalize_name|check_requirement|check_specifier_set|check_expression|check_content_type|check_name|sdist_root|wheel_metadata_candidates)\b",
            "a definition that is pkg's",
        ),
        (r"\bspdx\s*::", "spdx (licences are pkg's)"),
    ]
    .into_iter()
    .map(|(re, name)| (Regex::new(re).expect("valid pattern"), name))
    .collect()
}

/// The source without comments, so that a doc comment may talk about
/// `git::history` without tripping the check.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The forbidden imports in one file's text.
fn violations(text: &str) -> Vec<&'static str> {
    let code = code_only(text);
    forbidden()
        .into_iter()
        .filter(|(re, _)| re.is_match(&code))
        .map(|(_, name)| name)
        .collect()
}

/// What build or publish takes from `pkg`'s room, in one file's text.
fn pkg_violations(text: &str) -> Vec<&'static str> {
    let code = code_only(text);
    pkg_owned()
        .into_iter()
        .filter(|(re, _)| re.is_match(&code))
        .map(|(_, name)| name)
        .collect()
}

/// Whether code (not a comment) names git2.
fn mentions_git2(text: &str) -> bool {
    Regex::new(r"\bgit2\b")
        .expect("valid pattern")
        .is_match(&code_only(text))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `file` relative to src/, with `/` between parts.
fn shown(file: &Path) -> String {
    let parts: Vec<String> = file
        .strip_prefix(src())
        .expect("under src")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read dir") {
            rust_files(&entry.expect("entry").path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn the_scanner_sees_imports_and_ignores_comments() {
    assert_eq!(violations("use std::fs;"), ["std::fs"]);
    assert_eq!(
        violations("use std::{io, fs::File};"),
        ["std::{fs|env|process}"]
    );
    assert_eq!(violations("let x = std::env::var(\"A\");"), ["std::env"]);
    assert_eq!(violations("use crate::git::Repo;"), ["crate::git"]);
    assert_eq!(
        violations("use crate::{files, version};"),
        ["crate::{git|files}"]
    );
    assert_eq!(
        violations("std::process::Command::new(\"git\")"),
        ["std::process"]
    );
    assert!(violations("//! `git::history` reads; std::fs is the shell's").is_empty());
    assert!(violations("use crate::gitignore; use std::fmt;").is_empty());
    assert_eq!(violations("use crate::error::Error;"), ["crate::error"]);
    assert_eq!(
        violations("use crate::{error::Error, version};"),
        ["crate::{error}"]
    );
    assert!(violations("use crate::errors; // crate::error wraps it").is_empty());
}

#[test]
fn the_scanner_sees_what_belongs_to_pkg() {
    assert_eq!(
        pkg_violations("let n = crate::project::canonical_name(x);"),
        ["crate::project"]
    );
    assert_eq!(
        pkg_violations("use crate::{error::Error, project};"),
        ["crate::{project}"]
    );
    assert_eq!(
        pkg_violations("pub fn canonical_name(name: &str) -> String {"),
        ["a definition that is pkg's"]
    );
    assert_eq!(
        pkg_violations("spdx::identifiers::LICENSES.iter()"),
        ["spdx (licences are pkg's)"]
    );
    assert!(pkg_violations("use crate::pkg::name::canonical_name;").is_empty());
    assert!(pkg_violations("let n = canonical_name(x); // was crate::project's").is_empty());
    assert!(pkg_violations("use crate::projection; fn check_names() {}").is_empty());
    assert!(mentions_git2("impl From<git2::Error> for Error {"));
    assert!(!mentions_git2("//! git2's errors are converted in src/git"));
    assert!(!mentions_git2("let gitlab2 = 1;"));
}

#[test]
fn the_pure_core_imports_no_effects() {
    let src = src();
    let mut files = Vec::new();
    for part in CORE {
        rust_files(&src.join(part), &mut files);
    }
    assert!(
        files.len() >= 10,
        "the core should be found under src/: {files:?}"
    );
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read source");
        for name in violations(&text) {
            found.push(format!("{}: {name}", shown(file)));
        }
    }
    assert!(
        found.is_empty(),
        "the pure core reaches outside:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_app_error_knows_no_git_library() {
    let mut files = Vec::new();
    rust_files(&src().join("error"), &mut files);
    assert!(
        files.len() >= 2,
        "src/error/ holds the app error: {files:?}"
    );
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read src/error/");
        assert!(
            !mentions_git2(&text),
            "{} names git2: convert git2's errors in src/git",
            file.display()
        );
    }
}

#[test]
fn build_and_publish_leave_package_metadata_to_pkg() {
    let src = src();
    let mut found = Vec::new();
    for part in PKG_USERS {
        for module in PKG_MODULES {
            let dir = src.join(part).join(module);
            let file = src.join(part).join(format!("{module}.rs"));
            for path in [dir, file] {
                if path.exists() {
                    found.push(format!("{}: pkg::{module} lives in src/pkg", shown(&path)));
                }
            }
        }
        let mut files = Vec::new();
        rust_files(&src.join(part), &mut files);
        assert!(!files.is_empty(), "src/{part} should hold sources");
        for file in &files {
            let text = std::fs::read_to_string(file).expect("read source");
            for name in pkg_violations(&text) {
                found.push(format!("{}: {name}", shown(file)));
            }
        }
    }
    assert!(
        found.is_empty(),
        "build or publish does pkg's work:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long = Vec::new();
    let mut split = Vec::new();
    for file in &files {
        let lines = std::fs::read_to_string(file)
            .expect("read source")
            .lines()
            .count();
        let name = shown(file);
        match (lines > MAX_LINES, TOO_LONG.contains(&name.as_str())) {
            (true, false) => long.push(format!("{name}: {lines} lines")),
            (false, true) => split.push(name),
            _ => {}
        }
    }
    for name in TOO_LONG {
        assert!(
            src().join(name).is_file(),
            "src/{name} is gone: remove it from TOO_LONG"
        );
    }
    assert!(
        long.is_empty(),
        "split these by concept (STYLE §1):\n{}",
        long.join("\n")
    );
    assert!(
        split.is_empty(),
        "these are {MAX_LINES} lines or fewer now: remove them from TOO_LONG: {split:?}"
    );
}

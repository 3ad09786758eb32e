//! The pure core stays pure (STYLE §1): no module under
//! src/{version,commits,config,changelog} (nor plan, pyre, pystr) reaches
//! for git, the project's files, the file system, the environment or other
//! processes. The shell reads bytes and hands them in.

use std::path::{Path, PathBuf};

use regex::Regex;

/// The pure core: folders and single files, relative to src/.
const CORE: [&str; 7] = [
    "version",
    "commits",
    "config",
    "changelog",
    "plan",
    "pyre.rs",
    "pystr.rs",
];

/// What the core must not import.
fn forbidden() -> Vec<(Regex, &'static str)> {
    [
        (r"\bcrate\s*::\s*git\b", "crate::git"),
        (r"\bcrate\s*::\s*files\b", "crate::files"),
        (r"\bstd\s*::\s*fs\b", "std::fs"),
        (r"\bstd\s*::\s*env\b", "std::env"),
        (r"\bstd\s*::\s*process\b", "std::process"),
        (r"\bgit2\s*::", "git2"),
        // Grouped imports: `use crate::{git, …}`, `use std::{fs, …}`.
        (
            r"\buse\s+crate\s*::\s*\{[^}]*\b(git|files)\b",
            "crate::{git|files}",
        ),
        (
            r"\buse\s+std\s*::\s*\{[^}]*\b(fs|env|process)\b",
            "std::{fs|env|process}",
        ),
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
}

#[test]
fn the_pure_core_imports_no_effects() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
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
            found.push(format!(
                "{}: {name}",
                file.strip_prefix(&src).expect("under src").display()
            ));
        }
    }
    assert!(
        found.is_empty(),
        "the pure core reaches outside:\n{}",
        found.join("\n")
    );
}

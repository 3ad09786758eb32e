//! The rooms of the house (docs/architecture.md) and the arrows between
//! them, read from the source: every arrow points down. The face (`cli`)
//! is only clap, rendering, progress, logs and exit codes; commands never
//! call each other; git2 lives in `git` (and the docs branch's store);
//! flags are resolved once, in `settings`; functions stay small (files:
//! `layout.rs`).

use std::path::{Path, PathBuf};

use regex::Regex;

/// Longest function, in lines.
const MAX_FN_LINES: usize = 100;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            rust_files(&entry, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// Every source file, relative to src/ with `/`, and its text.
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files
        .into_iter()
        .map(|f| {
            let name = f
                .strip_prefix(src())
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read_to_string(&f).expect("read source"))
        })
        .collect()
}

/// The code without comments and without the text of string literals, so
/// that neither a doc comment nor a message trips a check.
fn code_only(text: &str) -> String {
    let chars = Regex::new(r"'(\\.|[^'\\])'").expect("valid pattern");
    let strings = Regex::new(r#""(\\.|[^"\\])*""#).expect("valid pattern");
    text.lines()
        .map(|line| {
            let line = chars.replace_all(line, "' '");
            let line = strings.replace_all(&line, "\"\"");
            match line.find("//") {
                Some(i) => line[..i].to_string(),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code before its `#[cfg(test)]` module: tests may reach anywhere.
fn non_test(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// `file: what` for each file outside `allowed` whose code matches.
fn offenders(pattern: &str, allowed: impl Fn(&str) -> bool) -> Vec<String> {
    let re = Regex::new(pattern).expect("valid pattern");
    sources()
        .into_iter()
        .filter(|(name, _)| !allowed(name))
        .filter_map(|(name, text)| {
            let code = code_only(non_test(&text));
            re.find(&code).map(|m| format!("{name}: {}", m.as_str()))
        })
        .collect()
}

fn assert_none(found: Vec<String>, what: &str) {
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

#[test]
fn the_scanner_skips_comments_strings_and_tests() {
    assert_eq!(
        code_only("let a = \"crate::cli\"; // crate::cli"),
        "let a = \"\"; "
    );
    assert_eq!(
        code_only("if c == '{' || c == '\"' {"),
        "if c == ' ' || c == ' ' {"
    );
    assert_eq!(
        non_test("fn a() {}\n#[cfg(test)]\nmod tests {}"),
        "fn a() {}\n"
    );
    assert_eq!(
        function_lengths("fn a() {\n    if x { y }\n}\nfn b() { }\n"),
        [("a".to_string(), 3), ("b".to_string(), 1)]
    );
}

#[test]
fn nothing_below_the_face_imports_it() {
    assert_none(
        offenders(r"\bcrate\s*::\s*cli\b", |f| {
            f.starts_with("cli/") || f == "main.rs"
        }),
        "imports the face (crate::cli) from below",
    );
}

#[test]
fn the_shell_and_the_core_know_no_command_line() {
    let above = |f: &str| {
        ["cli/", "commands/", "settings/", "flags/"]
            .iter()
            .any(|room| f.starts_with(room))
            || f == "main.rs"
            || f == "lib.rs"
    };
    assert_none(
        offenders(r"crate\s*::\s*(commands|settings|flags)", above),
        "the shell or the core imports the commands, settings or flags",
    );
}

#[test]
fn git2_lives_in_the_git_room() {
    assert_none(
        offenders(r"\bgit2\s*::", |f| {
            f.starts_with("git/") || f.starts_with("docs/")
        }),
        "uses git2 outside src/git and src/docs",
    );
}

#[test]
fn flags_are_resolved_once_in_settings() {
    assert_none(
        offenders(r"\b[A-Z][A-Za-z]*Args\s*::\s*default\s*\(", |f| {
            f.starts_with("flags/")
        }),
        "builds a fake *Args::default() instead of resolving settings",
    );
}

#[test]
fn the_face_touches_nothing_but_the_terminal() {
    let forbidden = [
        r"\bstd\s*::\s*fs\b",
        r"\bstd\s*::\s*process\s*::\s*Command\b",
        r"\bgit2\s*::",
        r"\bcrate\s*::\s*git\b",
        r"\bureq\s*::",
        r"\bstd\s*::\s*env\s*::\s*(var|vars|var_os|current_dir|set_var)\b",
    ];
    let mut found = Vec::new();
    for pattern in forbidden {
        found.extend(offenders(pattern, |f| !f.starts_with("cli/")));
    }
    assert_none(found, "the face reaches the world");
}

#[test]
fn commands_never_call_each_other() {
    let names: Vec<String> = sources()
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("commands/"))
        .map(|rest| {
            rest.trim_end_matches(".rs")
                .split('/')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .filter(|n| n != "mod")
        .collect();
    assert!(names.len() >= 3, "commands found: {names:?}");
    let mut found = Vec::new();
    for (file, text) in sources() {
        let Some(rest) = file.strip_prefix("commands/") else {
            continue;
        };
        let own = rest
            .trim_end_matches(".rs")
            .split('/')
            .next()
            .unwrap_or_default();
        let code = code_only(non_test(&text));
        for other in names.iter().filter(|n| *n != own) {
            let re = Regex::new(&format!(
                r"\b(crate\s*::\s*commands|super)\s*::\s*{other}\b"
            ))
            .expect("valid pattern");
            if re.is_match(&code) {
                found.push(format!("{file} → commands::{other}"));
            }
        }
    }
    assert_none(found, "a command calls another command");
}

/// Each `fn` of the code and its length in lines, from its `fn` line to
/// the line of its closing brace.
fn function_lengths(code: &str) -> Vec<(String, usize)> {
    let start =
        Regex::new(r"^\s*(pub(\([a-z]+\))?\s+)?(const\s+)?(unsafe\s+)?fn\s+([A-Za-z0-9_]+)")
            .expect("valid pattern");
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = start.captures(line) else {
            continue;
        };
        let name = m[5].to_string();
        let mut depth = 0i64;
        let mut opened = false;
        for (j, text) in lines.iter().enumerate().skip(i) {
            for c in text.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    // A declaration without a body (a trait's).
                    ';' if !opened && depth == 0 => break,
                    _ => {}
                }
            }
            if (opened && depth == 0) || (!opened && text.trim_end().ends_with(';')) {
                if opened {
                    out.push((name.clone(), j - i + 1));
                }
                break;
            }
        }
    }
    out
}

#[test]
fn functions_stay_under_100_lines() {
    let mut found = Vec::new();
    for (file, text) in sources() {
        for (name, lines) in function_lengths(&code_only(non_test(&text))) {
            if lines > MAX_FN_LINES {
                found.push(format!("{file}: fn {name}: {lines} lines"));
            }
        }
    }
    assert_none(found, "functions over 100 lines");
}

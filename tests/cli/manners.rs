//! The command line as a whole: `--help` examples on every command, shell
//! completions checked by the real bash, the man page checked by groff,
//! colour (`--color`, `NO_COLOR`, a real terminal through `script`), and
//! the `-q`/`-v`/`RELX_LOG` levels. The walks over `Cli::command()` cover
//! every command, including ones added later.

use std::process::Command;

use clap::CommandFactory;
use relx::cli::Cli;

use crate::support::{relx_in, TestRepo};

/// Every command path (`["config", "show"]`), the built-in `help` left out.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_command_help_shows_an_example() {
    let paths = command_paths();
    assert!(paths.len() >= 6, "{paths:?}");
    let dir = tempfile::tempdir().unwrap();
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let run = relx_in(dir.path(), &args, &[]);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
        assert!(
            run.stdout.contains("Example"),
            "`relx {}` has no example in its --help:\n{}",
            path.join(" "),
            run.stdout
        );
    }
}

fn top_level_commands() -> Vec<String> {
    command_paths()
        .into_iter()
        .filter(|p| p.len() == 1)
        .map(|p| p[0].clone())
        .collect()
}

#[test]
fn completions_for_every_shell_name_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = relx_in(dir.path(), &["completions", shell], &[]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        let words = whole_words(&run.stdout);
        for command in top_level_commands() {
            assert!(
                words.contains(&command.as_str()),
                "{shell}: {command} missing"
            );
        }
    }
}

/// The words of a script: runs of letters, digits, `_` and `-`, so `man`
/// is not found inside `command` nor `check` inside `--check`.
fn whole_words(text: &str) -> std::collections::BTreeSet<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Sources the bash script and asks it what follows `words`, as bash's
/// programmable completion does on TAB.
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relx.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n_relx relx '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Linux: bash 4+, groff and util-linux `script`"
)]
fn bash_completes_commands_subcommands_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = relx_in(dir.path(), &["completions", "bash"], &[]).stdout;
    let words = bash_complete(&script, &["relx", ""]);
    for command in top_level_commands() {
        assert!(words.contains(&command), "{command} not offered: {words:?}");
    }
    let words = bash_complete(&script, &["relx", "config", ""]);
    assert!(
        words.contains(&"show".to_string()) && words.contains(&"schema".to_string()),
        "{words:?}"
    );
    let words = bash_complete(&script, &["relx", "--color", ""]);
    assert_eq!(words, ["auto", "always", "never"]);
}

#[test]
fn unknown_shell_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = relx_in(dir.path(), &["completions", "tcsh"], &[]);
    assert_eq!(run.code, 18, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: unknown shell 'tcsh': relx completes bash, zsh, fish, powershell and elvish\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Linux: bash 4+, groff and util-linux `script`"
)]
fn man_page_renders_cleanly_with_groff() {
    let dir = tempfile::tempdir().unwrap();
    let run = relx_in(dir.path(), &["man"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &run.stdout[..80]
    );
    let page = dir.path().join("relx.1");
    std::fs::write(&page, &run.stdout).unwrap();
    // -ww: every warning; -z: no output, so stderr holds only problems.
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
        .expect("groff runs (Debian package groff-base)");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warnings");
    let text = Command::new("groff")
        .args(["-man", "-Tutf8"])
        .arg(&page)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    // Each command has its entry in SUBCOMMANDS, as man pages name pages.
    for command in top_level_commands() {
        assert!(
            text.contains(&format!("\n       relx-{command}(1)\n")),
            "{command} missing from the man page"
        );
    }
}

#[test]
fn man_out_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let run = relx_in(dir.path(), &["man", "--out-dir", "man1"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let mut want = vec!["relx.1".to_string()];
    want.extend(
        command_paths()
            .iter()
            .map(|p| format!("relx-{}.1", p.join("-"))),
    );
    let mut have: Vec<String> = std::fs::read_dir(dir.path().join("man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    have.sort();
    want.sort();
    assert_eq!(have, want);
}

const RED_ERROR: &str = "\x1b[1;31merror\x1b[0m";

/// A run that fails with an error line, in a fresh directory.
fn failing(args: &[&str], env: &[(&str, &str)]) -> crate::support::Run {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["version", "--current", "not-a-version"];
    all.extend_from_slice(args);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relx"));
    cmd.args(&all)
        .current_dir(dir.path())
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn colour_off_a_terminal_only_when_forced() {
    let plain = failing(&[], &[]);
    assert_eq!(plain.code, 24);
    assert!(plain.stderr.starts_with("error: "), "{plain:?}");
    let forced = failing(&["--color", "always"], &[]);
    assert!(forced.stderr.starts_with(RED_ERROR), "{forced:?}");
    // An explicit flag wins over NO_COLOR (no-color.org).
    let forced = failing(&["--color=always"], &[("NO_COLOR", "1")]);
    assert!(forced.stderr.starts_with(RED_ERROR), "{forced:?}");
}

/// Runs relx under a pseudo-terminal (util-linux `script`), so stderr is a
/// terminal; returns what the terminal showed.
fn on_a_terminal(args: &str, no_color: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_relx"));
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().expect("script (util-linux) runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Linux: bash 4+, groff and util-linux `script`"
)]
fn colour_on_a_terminal_unless_no_color_or_never() {
    let args = "version --current not-a-version";
    assert!(on_a_terminal(args, false).contains(RED_ERROR));
    let no_color = on_a_terminal(args, true);
    assert!(
        no_color.contains("error: [INVALID_MANUAL_VERSION]"),
        "{no_color:?}"
    );
    assert!(!no_color.contains('\x1b'), "{no_color:?}");
    let never = on_a_terminal(&format!("--color never {args}"), false);
    assert!(
        never.contains("error: [INVALID_MANUAL_VERSION]") && !never.contains('\x1b'),
        "{never:?}"
    );
}

fn project() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\nnot_a_key = 1\n",
    );
    repo.commit("chore: init");
    repo.tag("v1.0.0");
    repo.commit("feat: x");
    repo
}

#[test]
fn verbosity_levels_and_relx_log() {
    let repo = project();
    let normal = repo.relx(&["version", "--short"]);
    assert_eq!(normal.stdout, "1.1.0\n");
    assert!(normal.stderr.contains("warning: "), "{normal:?}");
    assert!(!normal.stderr.contains("DEBUG"), "{normal:?}");

    let quiet = repo.relx(&["-q", "version", "--short"]);
    assert_eq!(quiet.stdout, "1.1.0\n");
    assert_eq!(quiet.stderr, "", "-q keeps errors only");

    let verbose = repo.relx(&["-v", "version", "--short"]);
    assert_eq!(verbose.stdout, "1.1.0\n", "logs never reach stdout");
    assert!(
        verbose
            .stderr
            .contains("DEBUG relx::project: configuration found"),
        "{}",
        verbose.stderr
    );
    assert!(!verbose.stderr.contains("TRACE"), "{}", verbose.stderr);

    let logged = repo.relx_env(
        &["version", "--short"],
        &[("RELX_LOG", "relx::project=debug")],
    );
    assert!(logged.stderr.contains("DEBUG relx::project:"), "{logged:?}");
    let other = repo.relx_env(&["version", "--short"], &[("RELX_LOG", "relx::git=debug")]);
    assert!(!other.stderr.contains("relx::project"), "{other:?}");

    let bad = repo.relx_env(&["version", "--short"], &[("RELX_LOG", "relx=loud")]);
    assert_eq!(bad.code, 0);
    assert!(
        bad.stderr
            .contains("warning: RELX_LOG: 'relx=loud' is not a log filter"),
        "{bad:?}"
    );

    let both = repo.relx(&["-q", "-v", "version"]);
    assert_eq!(both.code, 18, "{both:?}");
    assert!(both.stderr.contains("cannot be used with"), "{both:?}");
}

//! `relx completions SHELL` (clap_complete) and `relx man` (clap_mangen):
//! both are generated from the same clap definition as `--help`, so every
//! command and flag, including ones added later, is covered.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell;

use super::args::Cli;
use super::printer::Printer;
use crate::env::Env;
use crate::error::Error;
use crate::flags::ColorChoice;

/// The shells `relx completions` knows, as users type them.
pub const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

/// `--help` examples of `relx completions`.
pub const EXAMPLES: &str = "\
Examples:
  relx completions bash > ~/.local/share/bash-completion/completions/relx
  relx completions zsh > \"${fpath[1]}/_relx\"
  relx completions fish > ~/.config/fish/completions/relx.fish
  relx completions powershell >> $PROFILE";

/// `--help` examples of `relx man`.
pub const MAN_EXAMPLES: &str = "\
Examples:
  relx man | man -l -
  relx man --out-dir ~/.local/share/man/man1";

/// `relx completions`.
#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish (default: the shell in $SHELL).
    #[arg(value_name = "SHELL")]
    pub shell: Option<String>,
}

/// `relx man`.
#[derive(Debug, Args, Clone)]
pub struct ManArgs {
    /// Write relx.1 and one relx-COMMAND.1 per command into DIR instead of
    /// printing relx.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

fn stdout_error(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

/// The shell named by `name`, or the one `$SHELL` names.
fn shell(name: Option<&str>, env: &Env) -> Result<Shell, Error> {
    match name {
        Some(name) => {
            Shell::from_str(name, true).map_err(|_| Error::UnknownShell(name.to_string()))
        }
        None => env
            .get_os("SHELL")
            .and_then(Shell::from_shell_path)
            .ok_or_else(|| {
                Error::UnknownShell(
                    env.get("SHELL")
                        .unwrap_or_else(|| "(SHELL is not set)".to_string()),
                )
            }),
    }
}

/// `relx completions SHELL`: the script on stdout.
pub fn run(args: &CompletionsArgs, env: &Env, out: &mut Printer) -> Result<(), Error> {
    let shell = shell(args.shell.as_deref(), env)?;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "relx", &mut script);
    out.out().write_all(&script).map_err(stdout_error)
}

/// Every man page: `relx.1`, then `relx-COMMAND.1` (and deeper levels,
/// `relx-config-show.1`), as (file name, roff text).
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>, std::io::Error> {
    let mut command = Cli::command();
    // Building names the subcommands `relx-version`, `relx-config-show`, …
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages)?;
    Ok(pages)
}

fn collect(
    command: &clap::Command,
    pages: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), std::io::Error> {
    let man = clap_mangen::Man::new(command.clone());
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    pages.push((man.get_filename(), roff));
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        collect(sub, pages)?;
    }
    Ok(())
}

/// `relx man`: `relx.1` on stdout, or every page into `--out-dir`.
pub fn man(args: &ManArgs, out: &mut Printer) -> Result<(), Error> {
    let pages = man_pages().map_err(stdout_error)?;
    match &args.out_dir {
        None => {
            let (_, roff) = &pages[0];
            out.out().write_all(roff).map_err(stdout_error)
        }
        Some(dir) => {
            for path in crate::files::write::write_generated(dir, &pages)? {
                writeln!(out.out(), "{}", path.display()).map_err(stdout_error)?;
            }
            Ok(())
        }
    }
}

/// The `--color` value on a command line, read before clap parses it so that
/// clap's own help and errors follow it too (the last one wins, as clap does).
pub fn color_choice_in(args: &[OsString]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = if let Some(value) = word.strip_prefix("--color=") {
            Some(value.to_string())
        } else if word == "--color" {
            words.next().map(|v| v.into_owned())
        } else {
            None
        };
        if let Some(value) = value.and_then(|v| ColorChoice::from_str(&v, true).ok()) {
            choice = value;
        }
    }
    choice
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        std::iter::once("relx")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn color_flag_is_found_before_parsing() {
        assert_eq!(color_choice_in(&args(&["version"])), ColorChoice::Auto);
        assert_eq!(
            color_choice_in(&args(&["--color", "never", "-h"])),
            ColorChoice::Never
        );
        assert_eq!(
            color_choice_in(&args(&["version", "--color=always"])),
            ColorChoice::Always
        );
        assert_eq!(
            color_choice_in(&args(&["--color=always", "--color", "never"])),
            ColorChoice::Never
        );
        assert_eq!(
            color_choice_in(&args(&["--", "--color=always"])),
            ColorChoice::Auto
        );
    }

    #[test]
    fn shells_parse_case_insensitively_and_others_are_refused() {
        let none = Env::default();
        for name in SHELLS {
            assert!(shell(Some(name), &none).is_ok(), "{name}");
            assert!(shell(Some(&name.to_uppercase()), &none).is_ok(), "{name}");
        }
        let err = shell(Some("tcsh"), &none).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::USAGE_EXIT_CODE);
        // Without a name, the shell is the one $SHELL names.
        let zsh = Env::of([("SHELL", "/usr/bin/zsh")]);
        assert_eq!(shell(None, &zsh).unwrap(), Shell::Zsh);
        let err = shell(None, &none).unwrap_err();
        assert!(err.to_string().contains("SHELL is not set"), "{err}");
    }

    #[test]
    fn one_man_page_per_command() {
        let pages = man_pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "relx.1");
        for sub in Cli::command().get_subcommands() {
            let want = format!("relx-{}.1", sub.get_name());
            assert!(
                names.contains(&want.as_str()),
                "{want} missing from {names:?}"
            );
        }
    }
}

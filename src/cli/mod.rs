//! The command line: clap arguments, settings, and one function per command.

pub mod args;
pub mod build;
pub mod bump;
pub mod changelog;
pub mod check;
pub mod completions;
pub mod config;
pub mod current;
pub mod docs;
pub mod init;
pub mod log;
mod printer;
pub mod progress;
pub mod publish;
pub mod recover;

pub mod version;

use std::io::ErrorKind;

use clap::{CommandFactory, FromArgMatches};

pub use args::Cli;
pub use printer::{Printer, Verbosity};

use crate::error::Error;
use args::Command;

/// Parses the process arguments, runs the command and returns the exit code.
pub fn main() -> u8 {
    if is_version_probe(std::env::args_os()) {
        return print_version();
    }
    let env = crate::env::Env::capture();
    let cli = parse_args(&env);
    let mut out = Printer::stdio(cli.global.color, cli.global.quiet, &env);
    out.set_verbosity(Verbosity::from_flags(cli.global.quiet, cli.global.verbose));
    log::install(&mut out, cli.global.verbose, &env);
    let result = run(&cli, env, &mut out);
    let code = match result {
        Ok(()) => 0,
        Err(Error::Io { source, .. }) if source.kind() == ErrorKind::BrokenPipe => 0,
        Err(e) => {
            if json_asked(&cli.command) {
                let text =
                    serde_json::to_string_pretty(&json_error(&e)).expect("an error serialises");
                std::io::Write::write_all(out.out(), format!("{text}\n").as_bytes()).ok();
            }
            out.error(&e.to_string(), e.hint().as_deref()).ok();
            e.exit_code()
        }
    };
    out.flush().ok();
    // A signal noted while a writing command held the lock, and not obeyed
    // at a step (nothing was left to undo), still ends the run as a signal.
    match crate::journal::signal::received() {
        Some(signal) if code == 0 => u8::try_from(128 + signal).unwrap_or(130),
        _ => code,
    }
}

/// True for the commands whose `--json` output holds their errors too
/// (`relx bump` writes its own report, errors included).
fn json_asked(command: &Command) -> bool {
    match command {
        Command::Version(args) => args.json,
        Command::Current(args) => args.json,
        _ => false,
    }
}

/// The JSON object an error is under `--json`: `{"error": {"code", "kind",
/// "message"}}`. `kind` is commitizen's name when the message starts with
/// one (`NO_COMMITS_FOUND`), else relx's own for the error.
pub fn json_error(e: &Error) -> serde_json::Value {
    let message = e.to_string();
    let kind = message
        .strip_prefix('[')
        .and_then(|m| m.split_once(']'))
        .map(|(k, _)| k.to_string())
        .unwrap_or_else(|| {
            let debug = format!("{e:?}");
            debug
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or_default()
                .to_string()
        });
    serde_json::json!({
        "error": {"code": e.exit_code(), "kind": kind, "message": message}
    })
}

/// `relx --version` (or `-V`) alone: what installers, the action and
/// scripts run to probe relx. Answered before clap builds the whole command
/// tree, which is most of the time such a run takes; the text is clap's.
fn is_version_probe(mut args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    let _program = args.next();
    matches!(args.next(), Some(flag) if flag == "--version" || flag == "-V")
        && args.next().is_none()
}

/// Prints `relx VERSION` as clap's `--version` does.
fn print_version() -> u8 {
    use std::io::Write;
    match std::io::stdout()
        .lock()
        .write_all(version_line().as_bytes())
    {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => 1,
        _ => 0,
    }
}

fn version_line() -> String {
    format!("relx {}\n", env!("CARGO_PKG_VERSION"))
}

/// Runs one parsed command line.
pub fn run(cli: &Cli, env: crate::env::Env, out: &mut Printer) -> Result<(), Error> {
    match &cli.command {
        Command::Version(args) => version::run(&cli.global, args, env, out),
        Command::Current(args) => current::run(&cli.global, args, env, out),
        Command::Build(args) => build::run(&cli.global, args, env, out),
        Command::Changelog(args) => changelog::run(&cli.global, args, env, out),
        Command::Check(args) => check::run(&cli.global, args, env, out),
        Command::Bump(args) => bump::run(&cli.global, args, env, out),
        Command::Docs(args) => docs::run(&cli.global, args, env, out),
        Command::Publish(args) => publish::run(&cli.global, args, env, out),
        Command::Init(args) => init::run(&cli.global, args, out),
        Command::Config(args) => config::run(&cli.global, args, out),
        Command::Completions(args) => completions::run(args, &env, out),
        Command::Man(args) => completions::man(args, out),
        Command::Recover(args) => recover::run(&cli.global, args, out),
    }
}

/// Parses the process arguments; clap's own help and errors follow
/// `--color` and `NO_COLOR` like the rest of relx's output.
fn parse_args(env: &crate::env::Env) -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let choice = completions::color_choice_in(&args);
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let color = if printer::use_color(choice, env.get_os("NO_COLOR"), terminal) {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    };
    let matches = Cli::command()
        .color(color)
        .try_get_matches_from(&args)
        .unwrap_or_else(|e| usage_exit(e));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| usage_exit(e))
}

/// `--help` and `--version` exit 0; a command line relx cannot read exits
/// with commitizen's code for invalid arguments, not clap's 2 (which is
/// "not a git repository" here).
fn usage_exit(e: clap::Error) -> ! {
    if e.use_stderr() {
        let _ = e.print();
        std::process::exit(crate::error::USAGE_EXIT_CODE.into())
    }
    e.exit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_probe_prints_what_clap_prints() {
        assert_eq!(version_line(), Cli::command().render_version());
        let probe = |args: &[&str]| is_version_probe(args.iter().map(std::ffi::OsString::from));
        assert!(probe(&["relx", "--version"]));
        assert!(probe(&["relx", "-V"]));
        // Anything more is clap's to read (and refuse).
        assert!(!probe(&["relx", "--version", "x"]));
        assert!(!probe(&["relx", "version"]));
        assert!(!probe(&["relx"]));
    }
}

//! The command line: clap arguments, settings, and one function per command.

pub mod args;
pub mod bump;
pub mod changelog;
pub mod check;
mod consistency;
mod printer;
pub mod settings;
pub mod version;

use std::io::ErrorKind;

use clap::Parser;

pub use args::Cli;
pub use printer::Printer;

use crate::error::Error;
use args::Command;

/// Parses the process arguments, runs the command and returns the exit code.
pub fn main() -> u8 {
    let cli = Cli::parse();
    let mut out = Printer::stdio(cli.global.color, cli.global.quiet);
    let result = run(&cli, &mut out);
    let code = match result {
        Ok(()) => 0,
        Err(Error::Io { source, .. }) if source.kind() == ErrorKind::BrokenPipe => 0,
        Err(e) => {
            out.error(&e.to_string(), e.hint().as_deref()).ok();
            e.exit_code()
        }
    };
    out.flush().ok();
    code
}

/// Runs one parsed command line.
pub fn run(cli: &Cli, out: &mut Printer) -> Result<(), Error> {
    match &cli.command {
        Command::Version(args) => version::run(&cli.global, args, out),
        Command::Changelog(args) => changelog::run(&cli.global, args, out),
        Command::Check(args) => check::run(&cli.global, args, out),
        Command::Bump(args) => bump::run(&cli.global, args, out),
    }
}

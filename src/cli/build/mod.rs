//! `relx build`: shows the build's progress (the plan is made and carried
//! out by `crate::commands::build`) and prints the result: the files, or
//! the JSON summary with `--json` (`output`); `--check-only FILES…` prints
//! the check report.
//!
//! A progress line per step goes to stderr; the result to stdout.

use std::path::PathBuf;

mod output;

pub use output::{print_report, print_summary};

use super::printer::{Printer, Verbosity};
use crate::commands::build::{self as command, Console};
use crate::env::Env;
use crate::error::Error;
use crate::flags::{BuildArgs, GlobalArgs};

impl Console for Printer {
    fn passthrough(&mut self, line: &str) {
        Printer::passthrough(self, line).ok();
    }
    fn quiet(&self) -> bool {
        self.verbosity() < Verbosity::Normal
    }
}

/// `relx build`.
pub fn run(
    global: &GlobalArgs,
    args: &BuildArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    if let Some(files) = &args.check_only {
        return report_files(global, files, args.json, &env, out);
    }
    let prepared = command::prepare(global, args, env, out)?;
    let json = prepared.settings.json;
    let summary = command::apply(prepared, out)?;
    print_summary(&summary, json, out)
}

/// `relx check --dist FILES…`: `relx build --check-only` without `--json`.
pub fn check_files(
    global: &GlobalArgs,
    files: &[PathBuf],
    json: bool,
    out: &mut Printer,
) -> Result<(), Error> {
    report_files(global, files, json, &Env::capture(), out)
}

/// Checks the files, prints the report, and fails with exit 47 when one of
/// them fails.
fn report_files(
    global: &GlobalArgs,
    files: &[PathBuf],
    json: bool,
    env: &Env,
    out: &mut Printer,
) -> Result<(), Error> {
    let report = command::check_files(global, files, env)?;
    print_report(&report, json, out)?;
    match crate::build::failure(&report) {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

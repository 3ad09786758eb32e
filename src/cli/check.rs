//! `relx check`: renders what `commands::check` found: the success line of
//! the message lint, the places `--consistency` looked at, or the report
//! of `--dist` (exit 47 when a file fails).

use super::printer::Printer;
use crate::commands::check::{self, Checked};
use crate::error::Error;
use crate::flags::{CheckArgs, GlobalArgs};
use crate::settings::Env;

/// `relx check`.
pub fn run(
    global: &GlobalArgs,
    args: &CheckArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: "<stdout>".into(),
        source,
    };
    match check::run(global, args, env, out)? {
        Checked::Messages => writeln!(out.out(), "Commit validation: successful!").map_err(io),
        Checked::Consistency { checked } => {
            for line in checked {
                writeln!(out.out(), "{line}").map_err(io)?;
            }
            writeln!(out.out(), "Version consistency: successful!").map_err(io)
        }
        Checked::Dist { report } => {
            super::build::print_report(&report, false, out)?;
            match crate::build::failure(&report) {
                Some(err) => Err(err),
                None => Ok(()),
            }
        }
    }
}

//! `relx changelog`: prints the plan's text (`--dry-run`, a range,
//! `--notes`) or has the plan's edit written (`commands::changelog`).

use super::printer::Printer;
use crate::commands::changelog::{self, ChangelogPlan, Prepared};
use crate::error::Error;
use crate::flags::{ChangelogArgs, GlobalArgs};
use crate::settings::Env;

/// `relx changelog`.
pub fn run(
    global: &GlobalArgs,
    args: &ChangelogArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    let Prepared {
        settings,
        lock,
        plan,
    } = changelog::prepare(global, args, env, out)?;
    match &plan {
        ChangelogPlan::Print { text } => {
            out.out()
                .write_all(text.as_bytes())
                .map_err(|source| Error::Io {
                    path: "<stdout>".into(),
                    source,
                })
        }
        ChangelogPlan::Write { .. } => changelog::apply(&plan, &settings, lock),
        ChangelogPlan::Nothing => Ok(()),
    }
}

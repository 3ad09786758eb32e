//! `relx current`: the current version, its tag and the commits since.

use crate::error::Error;
use crate::flags::{CurrentArgs, GlobalArgs};
use crate::project::current::{self, Current};
use crate::settings::{Env, Output, Workspace};
use crate::talk::Talk;

/// `relx current`'s answer, and how to print it.
pub fn run(
    global: &GlobalArgs,
    args: &CurrentArgs,
    _env: Env,
    talk: &mut dyn Talk,
) -> Result<(Current, Output), Error> {
    let CurrentArgs {
        short,
        json,
        version_scheme,
        tag_format,
    } = args;
    let workspace = Workspace::open(global, false)?;
    let rules = workspace.tag_rules(version_scheme.as_deref(), tag_format.as_deref())?;
    let found = current::current(&workspace, &rules, talk)?;
    Ok((found, Output::of(*short, *json)))
}

//! `relx current`: the project's current version, its tag and the commits
//! since, as `cz version --project` and `uv version` print it.

use super::printer::Printer;
use crate::commands;
use crate::error::Error;
use crate::flags::{CurrentArgs, GlobalArgs};
use crate::settings::{Env, Output};

/// `relx current`.
pub fn run(
    global: &GlobalArgs,
    args: &CurrentArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    let (current, output) = commands::current::run(global, args, env, out)?;
    let io = |e: std::io::Error| Error::Io {
        path: "<stdout>".into(),
        source: e,
    };
    let w = out.out();
    match output {
        Output::Short => writeln!(w, "{}", current.version).map_err(io)?,
        Output::Json => {
            let text = serde_json::to_string_pretty(&current).expect("a version serialises");
            writeln!(w, "{text}").map_err(io)?;
        }
        Output::Text => {
            writeln!(w, "version: {}", current.version).map_err(io)?;
            match &current.tag {
                Some(tag) => writeln!(w, "tag: {tag}").map_err(io)?,
                None => writeln!(w, "tag: none (not released yet)").map_err(io)?,
            }
            let since = current.tag.as_deref().unwrap_or("the first commit");
            writeln!(w, "commits since {since}: {}", current.commits_since).map_err(io)?;
        }
    }
    Ok(())
}

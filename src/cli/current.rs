//! `relx current`: the project's current version, its tag and the commits
//! since, as `cz version --project` and `uv version` print it. The reading
//! is `relx version`'s own ([`super::version::current`]).

use super::printer::Printer;
use super::version;
use crate::error::Error;
use crate::flags::{CurrentArgs, GlobalArgs, VersionArgs};

/// `relx current`.
pub fn run(global: &GlobalArgs, args: &CurrentArgs, out: &mut Printer) -> Result<(), Error> {
    let as_version = VersionArgs {
        version_scheme: args.version_scheme.clone(),
        tag_format: args.tag_format.clone(),
        ..VersionArgs::default()
    };
    let current = version::current(global, &as_version, out)?;
    let io = |e: std::io::Error| Error::Io {
        path: "<stdout>".into(),
        source: e,
    };
    let w = out.out();
    if args.short {
        writeln!(w, "{}", current.version).map_err(io)?;
    } else if args.json {
        let text = serde_json::to_string_pretty(&current).expect("a version serialises");
        writeln!(w, "{text}").map_err(io)?;
    } else {
        writeln!(w, "version: {}", current.version).map_err(io)?;
        match &current.tag {
            Some(tag) => writeln!(w, "tag: {tag}").map_err(io)?,
            None => writeln!(w, "tag: none (not released yet)").map_err(io)?,
        }
        let since = current.tag.as_deref().unwrap_or("the first commit");
        writeln!(w, "commits since {since}: {}", current.commits_since).map_err(io)?;
    }
    Ok(())
}

//! `relx version`: the next release's plan, printed as text, `--short` or
//! `--json`; the text is also the first half of `relx bump`'s.

use std::io::Write;

use super::printer::Printer;
use crate::commands;
use crate::error::Error;
use crate::flags::{GlobalArgs, VersionArgs};
use crate::plan::Plan;
use crate::settings::{Env, Output, VersionSettings};

/// Prints the plan: the lines `cz bump --dry-run` prints, then relx's detail.
pub fn render(plan: &Plan, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", plan.commit_message)?;
    writeln!(out, "tag to create: {}", plan.next_tag)?;
    if let Some(increment) = plan.increment {
        writeln!(out, "increment detected: {increment}")?;
    }
    writeln!(out)?;
    if let Some(branch) = &plan.branch {
        match plan.channel {
            Some(phase) => writeln!(
                out,
                "branch: {branch} (devel branch: {} by default)",
                phase.name()
            )?,
            None => writeln!(out, "branch: {branch}")?,
        }
    }
    match &plan.current_tag {
        Some(tag) => writeln!(out, "current tag: {tag}")?,
        None => writeln!(
            out,
            "current tag: none (first release: the whole history counts)"
        )?,
    }
    if plan.commits.is_empty() {
        return Ok(());
    }
    let since = plan.current_tag.as_deref().unwrap_or("the first commit");
    writeln!(out, "commits since {since}: {}", plan.commits.len())?;
    for c in &plan.commits {
        let increment = c.increment.map_or("-".to_string(), |i| i.to_string());
        let title = match (&c.kind, &c.scope) {
            (Some(kind), Some(scope)) => format!(
                "{kind}({scope}){}: {}",
                if c.breaking { "!" } else { "" },
                c.subject
            ),
            (Some(kind), None) => {
                format!("{kind}{}: {}", if c.breaking { "!" } else { "" }, c.subject)
            }
            _ => c.subject.clone(),
        };
        match c.ignored {
            Some(reason) => writeln!(
                out,
                "  {increment:<5}  {}  {title}  ({})",
                &c.sha[..7.min(c.sha.len())],
                reason.describe()
            )?,
            None => writeln!(
                out,
                "  {increment:<5}  {}  {title}",
                &c.sha[..7.min(c.sha.len())]
            )?,
        }
    }
    Ok(())
}

/// `relx version`.
pub fn run(
    global: &GlobalArgs,
    args: &VersionArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    let settings = VersionSettings::resolve(global, args, env)?;
    let plan = commands::version::plan(&settings, out)?;
    print_plan(&plan, settings.output, out)
}

/// Prints a plan in the form the flags ask for.
pub fn print_plan(plan: &Plan, output: Output, out: &mut Printer) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: "<stdout>".into(),
        source: e,
    };
    match output {
        Output::Short => writeln!(out.out(), "{}", plan.next_version).map_err(io)?,
        Output::Json => {
            let text = serde_json::to_string_pretty(plan).expect("a plan serialises");
            writeln!(out.out(), "{text}").map_err(io)?;
        }
        Output::Text => render(plan, out.out()).map_err(io)?,
    }
    Ok(())
}

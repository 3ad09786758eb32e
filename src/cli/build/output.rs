//! What `relx build` prints: the built files or the JSON summary, and the
//! check report of `--check-only` (and `relx check --dist`).

use std::path::PathBuf;

use serde::Serialize;

use super::{check_failure, project_dir};
use crate::build::backend;
use crate::build::check::{self, FileReport, Report};
use crate::cli::printer::Printer;
use crate::error::Error;
use crate::flags::GlobalArgs;

/// What `relx build --json` prints.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The project's name, from the metadata.
    pub name: Option<String>,
    /// The version the files carry (the project's version at HEAD).
    pub version: String,
    /// The command that built them.
    pub command: String,
    /// The dist directory.
    pub dist_dir: PathBuf,
    /// The files built, each with its check.
    pub files: Vec<Built>,
    /// The changelog copied into the dist directory.
    pub changelog: Option<PathBuf>,
    /// This version's section of it.
    pub release_notes: Option<PathBuf>,
    /// The checksum file.
    pub sha256sums: PathBuf,
    /// Files `--keep` removed.
    pub removed: Vec<PathBuf>,
}

/// One built file in the summary.
#[derive(Debug, Serialize)]
pub struct Built {
    /// Its check (path, kind, name, version, size, sha256, findings).
    #[serde(flatten)]
    pub report: FileReport,
    /// True when nothing failed it.
    pub passed: bool,
}

fn io_out(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

pub fn print_summary(summary: &Summary, json: bool, out: &mut Printer) -> Result<(), Error> {
    if json {
        let text = serde_json::to_string_pretty(summary).expect("a summary serialises");
        return writeln!(out.out(), "{text}").map_err(io_out);
    }
    let w = out.out();
    writeln!(
        w,
        "built {} {} with `{}`",
        summary.name.as_deref().unwrap_or("the project"),
        summary.version,
        summary.command
    )
    .map_err(io_out)?;
    for file in &summary.files {
        let r = &file.report;
        writeln!(
            w,
            "  {}  {} bytes  sha256 {}  check passed",
            r.path.display(),
            r.size.unwrap_or(0),
            r.sha256.as_deref().unwrap_or("-")
        )
        .map_err(io_out)?;
    }
    for path in summary.changelog.iter().chain(&summary.release_notes) {
        writeln!(w, "  {}", path.display()).map_err(io_out)?;
    }
    writeln!(w, "  {}", summary.sha256sums.display()).map_err(io_out)?;
    for path in &summary.removed {
        writeln!(w, "removed {}", path.display()).map_err(io_out)?;
    }
    Ok(())
}

/// `relx build --check-only FILES…`: checks the files (relative to `-C`
/// or the current directory), prints the report, and fails with exit 47
/// when one of them fails. `relx check --dist FILES…` is this same call.
pub fn check_files(
    global: &GlobalArgs,
    files: &[PathBuf],
    json: bool,
    out: &mut Printer,
) -> Result<(), Error> {
    let base = project_dir(global)?;
    let python = backend::python3(std::env::var_os("PATH").as_deref());
    let renderer = check::Python::new(&python);
    let mut report = Report::default();
    for file in files {
        let mut one = check::check_file(&base.join(file), &renderer);
        one.path = file.clone();
        report.files.push(one);
    }
    print_report(&report, json, out)?;
    match check_failure(&report) {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

/// Prints a check report: twine's `Checking FILE: PASSED` lines with the
/// problems under each, or the report as JSON.
pub fn print_report(report: &Report, json: bool, out: &mut Printer) -> Result<(), Error> {
    if json {
        let files: Vec<serde_json::Value> = report
            .files
            .iter()
            .map(|f| {
                let mut value = serde_json::to_value(f).expect("a report serialises");
                value["passed"] = f.passed().into();
                value
            })
            .collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "passed": report.passed(),
            "files": files,
        }))
        .expect("a report serialises");
        return writeln!(out.out(), "{text}").map_err(io_out);
    }
    for file in &report.files {
        let verdict = match (file.passed(), file.warnings.is_empty()) {
            (false, _) => "FAILED",
            (true, true) => "PASSED",
            (true, false) => "PASSED with warnings",
        };
        writeln!(out.out(), "Checking {}: {verdict}", file.path.display()).map_err(io_out)?;
        for problem in &file.problems {
            writeln!(out.out(), "  - {problem}").map_err(io_out)?;
        }
        for warning in &file.warnings {
            writeln!(out.out(), "  warning: {warning}").map_err(io_out)?;
        }
    }
    Ok(())
}

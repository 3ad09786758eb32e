//! What `relx build` prints: the built files or the JSON summary, and the
//! check report of `--check-only` (and `relx check --dist`).

use crate::build::check::Report;
use crate::cli::printer::Printer;
use crate::commands::build::Summary;
use crate::error::Error;

fn io_out(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

/// Prints the built files (or the summary as JSON).
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

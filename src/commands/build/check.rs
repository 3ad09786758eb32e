//! The checks of `relx build` that decide from names and reports alone:
//! which files are distributions, which carry another version, the error
//! for a failed report; and `--check-only FILES…` (also `relx check
//! --dist`), which checks files and builds nothing.

use std::path::PathBuf;

use crate::build::backend;
use crate::build::check::{self, Report};
use crate::error::Error;
use crate::flags::GlobalArgs;
use crate::pkg::filename;
use crate::settings::{run_dir, Env};
use crate::version::{Pep440, Version};

/// `--check-only FILES…`: the report on the files (relative to `-C` or the
/// current directory), each shown as given. [`crate::build::failure`] says whether
/// it fails.
pub fn check_files(global: &GlobalArgs, files: &[PathBuf], env: &Env) -> Result<Report, Error> {
    let base = run_dir(global)?;
    let python = backend::python3(env.get_os("PATH"));
    let renderer = check::Python::new(&python);
    let mut report = Report::default();
    for file in files {
        let mut one = check::check_file(&base.join(file), &renderer);
        one.path = file.clone();
        report.files.push(one);
    }
    Ok(report)
}

/// The distribution files among `names`.
pub(super) fn distributions<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    names
        .filter(|n| filename::kind_of(n).is_some())
        .cloned()
        .collect()
}

/// Distribution files whose version is not `expected`; only the project's
/// own files when its name is known (`[project].name`).
pub(super) fn other_versions<'a>(
    names: impl Iterator<Item = &'a String>,
    project: Option<&str>,
    expected: &Pep440,
) -> Vec<String> {
    let project = project.map(filename::normalize_name);
    names
        .filter(|name| {
            let Ok(parsed) = filename::parse(name) else {
                return false;
            };
            let ours = project
                .as_ref()
                .is_none_or(|p| *p == filename::normalize_name(&parsed.name));
            ours && Pep440::parse(&parsed.version)
                .is_ok_and(|v| v.to_string() != expected.to_string())
        })
        .cloned()
        .collect()
}

/// The same version, in PEP 440 normal form (so `1.0.0-a1` under the semver
/// scheme matches the `1.0.0a1` a backend writes).
pub(super) fn same_version(built: &str, expected: &Version) -> bool {
    Pep440::parse(built).is_ok_and(|v| v.to_string() == expected.pep.to_string())
}

//! Checking distribution files before they are uploaded: what `twine check
//! --strict` checks (the archive, the core metadata, the long description)
//! plus the file-name rules twine leaves to PyPI. One report per file.
//! Shell: reads the files and may ask Python to render reStructuredText;
//! what the bytes mean and which rules they break is `pkg`'s.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::readme::{self, Rendered};
use super::sums;
use crate::pkg::filename::{self, Kind};
use crate::pkg::{layout, metadata};

/// What happened to the long description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Description {
    /// Markdown: PyPI renders any Markdown.
    Markdown,
    /// Plain text: shown as it is.
    Plain,
    /// reStructuredText that renders.
    Rendered,
    /// reStructuredText that does not render (a problem).
    Failed,
    /// reStructuredText that could not be rendered here (a warning).
    NotRendered,
    /// No long description (a problem, as under `twine check --strict`).
    Missing,
    /// Not looked at: the metadata could not be read.
    Unchecked,
}

/// The verdict on one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The file as given.
    pub path: PathBuf,
    /// Sdist or wheel, from the suffix.
    pub kind: Option<Kind>,
    /// `Name` from the metadata.
    pub name: Option<String>,
    /// `Version` from the metadata.
    pub version: Option<String>,
    /// Size in bytes.
    pub size: Option<u64>,
    /// SHA-256, hex.
    pub sha256: Option<String>,
    /// What happened to the long description.
    pub description: Description,
    /// Everything that makes the file fail.
    pub problems: Vec<String>,
    /// Things worth knowing that do not fail it.
    pub warnings: Vec<String>,
}

impl FileReport {
    /// True when nothing fails the file.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The verdicts on a set of files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// One per file, in the order given.
    pub files: Vec<FileReport>,
}

impl Report {
    /// True when every file passed.
    pub fn passed(&self) -> bool {
        self.files.iter().all(FileReport::passed)
    }

    /// The files that failed.
    pub fn failures(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|f| !f.passed())
    }
}

/// How reStructuredText gets rendered (a Python interpreter, or a stand-in
/// in tests).
pub trait RstRenderer {
    /// Renders `text`.
    fn render(&self, text: &str) -> Rendered;
}

/// Renders with a Python interpreter's `readme_renderer`, once per distinct
/// text (an sdist and its wheel carry the same description, and starting
/// Python with docutils is the slow part of a check).
pub struct Python<'a> {
    python: &'a OsStr,
    seen: RefCell<HashMap<String, Rendered>>,
}

impl<'a> Python<'a> {
    /// Renders with `python`.
    pub fn new(python: &'a OsStr) -> Python<'a> {
        Python {
            python,
            seen: RefCell::new(HashMap::new()),
        }
    }
}

impl RstRenderer for Python<'_> {
    fn render(&self, text: &str) -> Rendered {
        if let Some(done) = self.seen.borrow().get(text) {
            return done.clone();
        }
        let rendered = readme::render_rst(self.python, text);
        self.seen
            .borrow_mut()
            .insert(text.to_string(), rendered.clone());
        rendered
    }
}

fn size_and_digest(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, sums::hex(&hasher.finalize())))
}

/// Checks one file.
pub fn check_file(path: &Path, rst: &dyn RstRenderer) -> FileReport {
    check_hashed(path, rst, size_and_digest(path))
}

/// Checks one file whose size and sha256 were read already (`relx
/// publish` hashes it once for the check and the upload form).
pub fn check_hashed(
    path: &Path,
    rst: &dyn RstRenderer,
    hashed: std::io::Result<(u64, String)>,
) -> FileReport {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut report = FileReport {
        path: path.to_path_buf(),
        kind: filename::kind_of(&file_name),
        name: None,
        version: None,
        size: None,
        sha256: None,
        description: Description::Unchecked,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    match hashed {
        Ok((size, digest)) => {
            report.size = Some(size);
            report.sha256 = Some(digest);
        }
        Err(e) => {
            report.problems.push(format!("cannot read the file: {e}"));
            return report;
        }
    }
    let Some(kind) = report.kind else {
        report
            .problems
            .extend(filename::check(&file_name, None, None));
        return report;
    };
    let contents = match super::archive::read(path, kind) {
        Ok(c) => c,
        Err(e) => {
            report.problems.push(e);
            report
                .problems
                .extend(filename::check(&file_name, None, None));
            return report;
        }
    };
    let meta = metadata::parse(&contents.metadata);
    report.name = meta.name().map(str::to_string);
    report.version = meta.version().map(str::to_string);
    for problem in metadata::validate(&meta) {
        report
            .problems
            .push(format!("{}: {problem}", contents.metadata_path));
    }
    report
        .problems
        .extend(filename::check(&file_name, meta.name(), meta.version()));
    if let Some(root) = &contents.root {
        report
            .problems
            .extend(layout::root_problem(&file_name, root));
    }
    check_description(&meta, rst, &mut report);
    report
}

/// twine's `_check_file`: no content type means reStructuredText (a
/// warning, so a failure under `--strict`); no description, or `UNKNOWN`,
/// is a warning too; reStructuredText must render.
fn check_description(
    meta: &metadata::CoreMetadata,
    rst: &dyn RstRenderer,
    report: &mut FileReport,
) {
    let content_type = match meta.description_content_type() {
        Some(ct) => ct
            .split(';')
            .next()
            .map(|t| crate::pystr::strip(t).to_ascii_lowercase())
            .unwrap_or_default(),
        None => {
            report.problems.push(
                "Description-Content-Type is missing: PyPI then reads the description as reStructuredText \
                 (`twine check --strict` fails; set readme / long_description_content_type)"
                    .to_string(),
            );
            "text/x-rst".to_string()
        }
    };
    let description = meta.description().unwrap_or("");
    if description.is_empty() || description.trim_end() == "UNKNOWN" {
        report.description = Description::Missing;
        report.problems.push(
            "the long description (Description) is missing: PyPI would show an empty project page \
             (`twine check --strict` fails)"
                .to_string(),
        );
        return;
    }
    report.description = match content_type.as_str() {
        "text/plain" => Description::Plain,
        "text/markdown" => Description::Markdown,
        _ => match rst.render(description) {
            Rendered::Ok => Description::Rendered,
            Rendered::Failed(messages) => {
                report.problems.push(format!(
                    "the long description has syntax errors in reStructuredText markup and would not be rendered on PyPI{}",
                    if messages.is_empty() { String::new() } else { format!(": {}", messages.join("; ")) }
                ));
                Description::Failed
            }
            Rendered::Unavailable(why) => {
                report.warnings.push(format!(
                    "the reStructuredText long description was not rendered: {why} (install readme_renderer to check it)"
                ));
                Description::NotRendered
            }
        },
    };
}

/// Checks every file (`relx check --dist FILES…`, `relx build
/// --check-only FILES…`), rendering reStructuredText with `python`.
pub fn check_dists(paths: &[PathBuf], python: &OsStr) -> Report {
    let renderer = Python::new(python);
    Report {
        files: paths.iter().map(|p| check_file(p, &renderer)).collect(),
    }
}

/// The error for a check report with failures (exit 47), naming the first.
pub fn failure(report: &Report) -> Option<crate::error::Error> {
    let failed: Vec<&FileReport> = report.failures().collect();
    let first = failed.first()?;
    Some(crate::error::Error::DistCheckFailed {
        failed: failed.len(),
        first: format!(
            "{}: {}",
            first.path.display(),
            first
                .problems
                .first()
                .map(String::as_str)
                .unwrap_or("failed")
        ),
    })
}

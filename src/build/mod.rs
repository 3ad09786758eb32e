//! `relx build`: making the distributions and proving they are right before
//! anything is uploaded.
//!
//! What the files mean (core metadata, field syntax, file names, the
//! archive layout) is `pkg`'s: this module reads the bytes and hands them
//! in. Pure parts: `sums` (`SHA256SUMS` text), `rotate` (which old versions
//! `--keep N` removes). Shell parts: `archive` (reading `METADATA` /
//! `PKG-INFO` out of the files), `readme` (rendering
//! reStructuredText through Python's `readme_renderer`), `check` (the
//! verdict per file), `backend` (running `uv build`, `python3 -m build` or
//! the configured command), `dist` (writing into the dist directory) and
//! `snapshot` (the snapshot version in the version files, for the build
//! only).
//! The command itself is `commands::build`.

pub mod archive;
pub mod backend;
pub mod check;
pub mod dist;
pub mod readme;
pub mod rotate;
pub mod snapshot;
pub mod sums;

pub use check::{check_dists, check_file, failure, Description, FileReport, Report};

/// The checksum file `relx build` writes in the dist directory.
pub const SHA256SUMS: &str = "SHA256SUMS";

/// The base name of the release-notes file `relx build` writes in the
/// dist directory (`RELEASE_NOTES.md` for a Markdown changelog, `.rst`
/// for reStructuredText, …); `relx publish` reads it.
pub const RELEASE_NOTES: &str = "RELEASE_NOTES";

/// A path's file name, for messages.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

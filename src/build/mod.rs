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
//! The command itself is `cli::build`.

pub mod archive;
pub mod backend;
pub mod check;
pub mod dist;
pub mod readme;
pub mod rotate;
pub mod snapshot;
pub mod sums;

pub use check::{check_dists, check_file, Description, FileReport, Report};

//! `relx build`: making the distributions and proving they are right before
//! anything is uploaded.
//!
//! Pure parts (values in, values out): `metadata` (core-metadata parsing and
//! validation), `requirement` and `license` (field syntax), `filename`
//! (wheel and sdist name rules), `sums` (`SHA256SUMS` text), `rotate`
//! (which old versions `--keep N` removes). Shell parts: `archive` (reading
//! `METADATA` / `PKG-INFO` out of the files), `readme` (rendering
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
pub mod filename;
pub mod license;
pub mod metadata;
pub mod readme;
pub mod requirement;
pub mod rotate;
pub mod snapshot;
pub mod sums;

pub use check::{check_dists, check_file, Description, FileReport, Report};

/// Undoes Python's `unicode_escape` (the oracle tables' encoding).
#[cfg(test)]
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| {
            let digits: String = chars.take(n).collect();
            char::from_u32(u32::from_str_radix(&digits, 16).expect("hex")).expect("a char")
        };
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('x') => out.push(hex(2, &mut chars)),
            Some('u') => out.push(hex(4, &mut chars)),
            Some('U') => out.push(hex(8, &mut chars)),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    proptest! {
        /// The readers of untrusted text never panic.
        #[test]
        fn parsers_never_panic(text in "\\PC{0,60}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = super::requirement::check_requirement(&text);
            let _ = super::requirement::check_specifier_set(&text);
            let _ = super::license::check_expression(&text);
            let _ = super::metadata::check_content_type(&text);
            let _ = super::filename::check(&text, Some(&text), Some(&text));
            let meta = super::metadata::parse(&bytes);
            let _ = super::metadata::validate(&meta);
            let meta = super::metadata::parse(text.as_bytes());
            let _ = super::metadata::validate(&meta);
        }

        /// Metadata made of arbitrary field names and values never panics.
        #[test]
        fn metadata_fields_never_panic(values in proptest::collection::vec(("[A-Za-z-]{1,20}", "[ -~]{0,30}"), 0..8)) {
            let mut text = String::from("Metadata-Version: 2.4\nName: x\nVersion: 1.0\n");
            for (name, value) in &values {
                text.push_str(&format!("{name}: {value}\n"));
            }
            let meta = super::metadata::parse(text.as_bytes());
            let _ = super::metadata::validate(&meta);
        }
    }
}

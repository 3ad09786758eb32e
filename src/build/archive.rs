//! Reading the metadata file out of a distribution: `METADATA` from a wheel
//! (a zip), `PKG-INFO` from an sdist (a tar.gz, or a legacy zip), found the
//! way twine finds them. Shell: reads files; which member is the metadata
//! is `pkg::layout`'s rule.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::pkg::filename::Kind;
use crate::pkg::layout::{self, holds_metadata};

/// Metadata files larger than this are refused (a real one is kilobytes).
const MAX_METADATA: u64 = 64 * 1024 * 1024;

/// What was read from an archive.
#[derive(Debug, Clone)]
pub struct Contents {
    /// The metadata file's bytes.
    pub metadata: Vec<u8>,
    /// Its path inside the archive.
    pub metadata_path: String,
    /// An sdist's top-level directory.
    pub root: Option<String>,
}

/// Reads the metadata of the distribution at `path`; `Err` says what is
/// wrong with the archive, in one line.
pub fn read(path: &Path, kind: Kind) -> Result<Contents, String> {
    let name = path.to_string_lossy();
    match kind {
        Kind::Wheel => read_wheel(path),
        Kind::Sdist if name.ends_with(".zip") => read_zip_sdist(path),
        Kind::Sdist => read_tar_sdist(path),
    }
}

fn open(path: &Path) -> Result<File, String> {
    File::open(path).map_err(|e| format!("cannot open: {e}"))
}

fn read_limited(reader: impl Read, what: &str) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    reader
        .take(MAX_METADATA + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if data.len() as u64 > MAX_METADATA {
        return Err(format!("{what} is larger than 64 MiB"));
    }
    Ok(data)
}

/// twine's wheel reader: the first candidate that holds
/// `Metadata-Version` wins.
fn read_wheel(path: &Path) -> Result<Contents, String> {
    let mut zip = zip::ZipArchive::new(open(path)?)
        .map_err(|e| format!("not a valid wheel (zip) archive: {e}"))?;
    let candidates = layout::wheel_metadata_candidates(zip.file_names());
    let mut searched = Vec::new();
    for member in candidates {
        let file = zip
            .by_name(&member)
            .map_err(|e| format!("cannot read {member}: {e}"))?;
        let data = read_limited(file, &member)?;
        if holds_metadata(&data) {
            return Ok(Contents {
                metadata: data,
                metadata_path: member,
                root: None,
            });
        }
        searched.push(member);
    }
    Err(format!(
        "no METADATA holding Metadata-Version in the wheel (searched: {})",
        if searched.is_empty() {
            "nothing".to_string()
        } else {
            searched.join(", ")
        }
    ))
}

fn read_tar_sdist(path: &Path) -> Result<Contents, String> {
    let bad = |e: std::io::Error| format!("not a valid sdist (tar.gz) archive: {e}");
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(open(path)?));
    let mut names = Vec::new();
    // Every regular PKG-INFO, by member path; the one under the root is used.
    let mut pkg_infos: Vec<(String, Option<Vec<u8>>)> = Vec::new();
    for entry in archive.entries().map_err(bad)? {
        let entry = entry.map_err(bad)?;
        let name = String::from_utf8_lossy(&entry.path_bytes())
            .trim_end_matches('/')
            .to_string();
        if name.rsplit('/').next() == Some(layout::PKG_INFO) {
            let data = if entry.header().entry_type().is_file() {
                Some(read_limited(entry, &name)?)
            } else {
                None
            };
            pkg_infos.retain(|(n, _)| *n != name);
            pkg_infos.push((name.clone(), data));
        }
        names.push(name);
    }
    let root = layout::sdist_root(&names)?;
    let member = layout::pkg_info_path(&root);
    match pkg_infos.into_iter().find(|(n, _)| *n == member) {
        Some((_, None)) => Err(format!("{member} is not a regular file")),
        Some((_, Some(data))) if holds_metadata(&data) => Ok(Contents {
            metadata: data,
            metadata_path: member,
            root: Some(root),
        }),
        _ => Err(format!("no {member} holding Metadata-Version in the sdist")),
    }
}

fn read_zip_sdist(path: &Path) -> Result<Contents, String> {
    let mut zip = zip::ZipArchive::new(open(path)?)
        .map_err(|e| format!("not a valid sdist (zip) archive: {e}"))?;
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.trim_end_matches('/').to_string())
        .collect();
    let root = layout::sdist_root(&names)?;
    let member = layout::pkg_info_path(&root);
    let data = match zip.by_name(&member) {
        Ok(file) => read_limited(file, &member)?,
        Err(_) => Vec::new(),
    };
    if !holds_metadata(&data) {
        return Err(format!("no {member} holding Metadata-Version in the sdist"));
    }
    Ok(Contents {
        metadata: data,
        metadata_path: member,
        root: Some(root),
    })
}

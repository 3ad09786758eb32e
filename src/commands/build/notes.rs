//! The changelog in dist/: the project's changelog file as it is, and this
//! version's section of it as `RELEASE_NOTES` (what the GitHub Release
//! shows and attaches). Read before the build (so a changelog that cannot
//! be read stops it early), written once the files have passed the checks.

use std::path::Path;

use crate::changelog;
use crate::error::Error;
use crate::files::write::atomic_write;
use crate::settings::changelog::{self as changelog_settings, Overrides};
use crate::settings::Workspace;
use crate::talk::Talk;
use crate::version::Version;

pub use crate::build::RELEASE_NOTES;

/// Files for the dist directory.
#[derive(Debug, Default, Clone)]
pub struct Notes {
    /// The changelog file's name and bytes.
    pub changelog: Option<(String, Vec<u8>)>,
    /// `RELEASE_NOTES.<ext>` and its text.
    pub release_notes: Option<(String, Vec<u8>)>,
}

impl Notes {
    /// The files, changelog first.
    pub fn files(&self) -> impl Iterator<Item = &(String, Vec<u8>)> {
        self.changelog.iter().chain(self.release_notes.iter())
    }
}

/// Reads the changelog (`changelog_file`) and this version's section. No
/// changelog file, or a snapshot (which has no section yet), gives fewer
/// files, with a line saying so.
pub fn gather(
    workspace: &Workspace,
    version: &Version,
    snapshot: bool,
    talk: &mut dyn Talk,
) -> Result<Notes, Error> {
    let file = &workspace.config().changelog_file;
    if !workspace.loaded.dir.join(file).is_file() {
        talk.info(&format!("no {file}: no changelog in the dist directory"));
        return Ok(Notes::default());
    }
    let (settings, path) = changelog_settings::resolve(workspace, &Overrides::default())?;
    let Some(text) = crate::project::changelog::read_text(&path)? else {
        return Ok(Notes::default());
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "md".to_string());
    let release_notes = if snapshot {
        talk.info(&format!(
            "a snapshot has no section in {name}: no {RELEASE_NOTES}.{extension}"
        ));
        None
    } else {
        match changelog::notes::section(
            &text,
            settings.format,
            &settings.tag_rules,
            &version.to_string(),
        ) {
            Some(section) => Some((format!("{RELEASE_NOTES}.{extension}"), section.into_bytes())),
            None => {
                talk.warn(&format!(
                    "{name} has no section for {version}: no {RELEASE_NOTES}.{extension} (run relx changelog first)"
                ));
                None
            }
        }
    };
    Ok(Notes {
        changelog: Some((name, text.into_bytes())),
        release_notes,
    })
}

/// Writes the files into `dist_dir`, and removes a `RELEASE_NOTES.*` left
/// by an earlier build that this one does not replace (it would describe
/// another version).
pub fn write(notes: &Notes, dist_dir: &Path, listing: &[String]) -> Result<(), Error> {
    for (name, bytes) in notes.files() {
        atomic_write(&dist_dir.join(name), bytes).map_err(|e| Error::Io {
            path: e.path,
            source: std::io::Error::other(e.reason),
        })?;
    }
    let kept = notes.release_notes.as_ref().map(|(n, _)| n.as_str());
    for name in listing {
        let stale = name
            .strip_prefix(RELEASE_NOTES)
            .is_some_and(|rest| rest.starts_with('.'))
            && Some(name.as_str()) != kept;
        if stale {
            let path = dist_dir.join(name);
            std::fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
        }
    }
    Ok(())
}

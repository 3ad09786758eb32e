//! `relx config show`: the effective configuration, each value with where
//! it came from, gathered as one [`ConfigShow`] for the face to render as
//! text or JSON. (`relx config schema` is pure: `crate::config::reference`.)

use crate::config::{self, show, Origin, Section};
use crate::error::Error;
use crate::flags::GlobalArgs;
use crate::project::format_of;
use crate::settings::Workspace;

/// The configuration in effect and where it was read.
pub struct ConfigShow {
    /// Every setting with its value and source.
    pub entries: Vec<show::Entry>,
    /// The file relative to the project and its section (`pyproject.toml
    /// [tool.relx]`); `None` when relx runs on its defaults.
    pub label: Option<String>,
    /// The file as found.
    pub file: Option<String>,
    /// The section's name (`tool.relx`, `""` for a whole file).
    pub section: Option<&'static str>,
    /// Keys relx does not use.
    pub unknown_keys: Vec<String>,
}

/// The keys the configuration file has in its section.
fn file_keys(origin: &Origin) -> Result<Vec<String>, Error> {
    let text = std::fs::read_to_string(&origin.path).map_err(|source| Error::Io {
        path: origin.path.clone(),
        source,
    })?;
    Ok(
        config::keys(&text, &origin.path, format_of(&origin.path), origin.section)?
            .unwrap_or_default(),
    )
}

fn section_name(section: Section) -> &'static str {
    match section {
        Section::ToolRelx => "tool.relx",
        Section::WholeFile => "",
        Section::ToolCommitizen => "tool.commitizen",
        Section::CommitizenKey => "commitizen",
    }
}

/// Finds and reads the configuration.
pub fn show(global: &GlobalArgs) -> Result<ConfigShow, Error> {
    let workspace = Workspace::open(global, true)?;
    let loaded = &workspace.loaded;
    let keys = match &loaded.origin {
        Some(origin) => file_keys(origin)?,
        None => Vec::new(),
    };
    let label = loaded.origin.as_ref().map(|o| {
        let shown = o.path.strip_prefix(&workspace.dir).unwrap_or(&o.path);
        format!("{} {}", shown.display(), o.section.describe())
    });
    tracing::debug!(file = ?label, keys = keys.len(), "configuration read");
    Ok(ConfigShow {
        entries: show::entries(&loaded.config, &keys),
        label,
        file: loaded.origin.as_ref().map(|o| o.path.display().to_string()),
        section: loaded.origin.as_ref().map(|o| section_name(o.section)),
        unknown_keys: loaded.unknown_keys.clone(),
    })
}

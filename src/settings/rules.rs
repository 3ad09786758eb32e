//! The typed parts every command resolves from the configuration: the
//! version scheme and tag rules, the bump rules, the branch channels.

use serde_json::{Map, Value};

use crate::commits::BumpRules;
use crate::error::Error;
use crate::plan::Channels;
use crate::project::Workspace;
use crate::version::{Increment, Phase, Scheme, TagRules};

/// commitizen's `BUMP_MESSAGE`.
pub const BUMP_MESSAGE: &str = "bump: version $current_version → $new_version";

impl Workspace {
    /// The version scheme and tag rules: `--version-scheme` and
    /// `--tag-format` where a command has them, else the configuration.
    pub fn tag_rules(
        &self,
        version_scheme: Option<&str>,
        tag_format: Option<&str>,
    ) -> Result<TagRules, Error> {
        let config = self.config();
        let (name, key) = match (version_scheme, &config.version_scheme) {
            (Some(flag), _) => (Some(flag), "--version-scheme".to_string()),
            (None, Some(key)) => (Some(key.as_str()), self.place("version_scheme")),
            (None, None) => (config.version_type.as_deref(), self.place("version_type")),
        };
        let scheme = match name {
            None => Scheme::Pep440,
            Some(name) => Scheme::from_name(name).ok_or_else(|| {
                Error::UnknownScheme(format!(
                    "{key}: Version scheme \"{name}\" unknown (known: {})",
                    Scheme::NAMES.join(", ")
                ))
            })?,
        };
        let format = tag_format.unwrap_or(&config.tag_format);
        TagRules::new(
            scheme,
            format,
            &config.legacy_tag_formats,
            &config.ignored_tag_formats,
        )
        .map_err(|e| self.invalid(format!("`tag_format`: {e}")))
    }

    /// The bump rules for the configured commit rules (commitizen's
    /// `cz_conventional_commits` or `cz_customize`; relx also reads the
    /// three keys at the top level of its own section).
    pub fn bump_rules(&self, major_version_zero: bool) -> Result<BumpRules, Error> {
        let config = self.config();
        let (pattern, map, map_zero) = match config.name.as_str() {
            "cz_conventional_commits" => (
                config.bump_pattern.clone(),
                config.bump_map.clone(),
                config.bump_map_major_version_zero.clone(),
            ),
            "cz_customize" => {
                let custom = config.customize.clone().ok_or(Error::MissingCustomize)?;
                (
                    custom.bump_pattern,
                    custom.bump_map,
                    custom.bump_map_major_version_zero,
                )
            }
            "cz_jira" => return Err(Error::NoPatternMap(config.name.clone())),
            other => return Err(Error::UnknownRules(other.to_string())),
        };
        let (pattern, map, map_zero) = (
            pattern.filter(|p| !p.is_empty()),
            map.filter(|m| !m.is_empty()),
            map_zero.filter(|m| !m.is_empty()),
        );
        if pattern.is_none() && map.is_none() && map_zero.is_none() {
            return Ok(BumpRules::conventional(major_version_zero));
        }
        let pattern = pattern.unwrap_or_else(|| crate::commits::BUMP_PATTERN.to_string());
        let defaults = |table: &[(&str, Option<Increment>)]| -> Vec<(String, Option<Increment>)> {
            table.iter().map(|(k, i)| (k.to_string(), *i)).collect()
        };
        let chosen = if major_version_zero {
            match (map_zero, map) {
                (Some(zero), _) => self.bump_map(&zero, "bump_map_major_version_zero")?,
                // commitizen (#1728): a custom map without a zero map is
                // demoted, MAJOR → MINOR.
                (None, Some(map)) => self
                    .bump_map(&map, "bump_map")?
                    .into_iter()
                    .map(|(k, i)| (k, i.map(|i| i.min(Increment::Minor))))
                    .collect(),
                (None, None) => defaults(&crate::commits::BUMP_MAP_MAJOR_VERSION_ZERO),
            }
        } else {
            match map {
                Some(map) => self.bump_map(&map, "bump_map")?,
                None => defaults(&crate::commits::BUMP_MAP),
            }
        };
        BumpRules::new(&pattern, &chosen)
            .map_err(|e| self.invalid(format!("`bump_pattern` / `bump_map`: {e}")))
    }

    fn bump_map(
        &self,
        map: &Map<String, Value>,
        key: &str,
    ) -> Result<Vec<(String, Option<Increment>)>, Error> {
        map.iter()
            .map(|(pattern, value)| {
                let increment = match value {
                    Value::Null => None,
                    Value::String(s) => Some(
                        Increment::from_name(s)
                            .filter(|_| s == &s.to_uppercase())
                            .ok_or_else(|| {
                                self.invalid(format!(
                                    "`{key}`: '{pattern}' maps to '{s}', not MAJOR, MINOR or PATCH"
                                ))
                            })?,
                    ),
                    other => {
                        return Err(self.invalid(format!(
                            "`{key}`: '{pattern}' maps to {other}, not a string"
                        )))
                    }
                };
                Ok((pattern.clone(), increment))
            })
            .collect()
    }

    /// Branch channels from `devel_branches` and `branch_prereleases`.
    pub fn channels(&self) -> Result<Channels, Error> {
        let config = self.config();
        let mut branch_prereleases = Vec::new();
        for (pattern, value) in &config.branch_prereleases {
            let phase = value.as_str().and_then(Phase::from_name).ok_or_else(|| {
                self.invalid(format!(
                    "`branch_prereleases`: '{pattern}' must map to alpha, beta or rc"
                ))
            })?;
            branch_prereleases.push((pattern.clone(), phase));
        }
        Ok(Channels {
            devel_branches: config.devel_branches.clone(),
            branch_prereleases,
        })
    }
}

//! The release-series policy: which docs version a release deploys to, and
//! which aliases and default go with it, when `relx docs deploy` is run
//! without a VERSION. Pure: the shell supplies the project's current version
//! and the versions already on the branch.
//!
//! With the default `docs_version_format = "$major.$minor"`, 0.7.0 and 0.7.3
//! both deploy to `0.7` (a patch release replaces its series' docs) and 1.0.0
//! to `1.0`. The configured aliases (`docs_aliases`, e.g. `latest`) and
//! default (`docs_default`) follow the newest series only: deploying a fix to
//! an older series leaves them where they are. A pre-release is skipped, or
//! deployed under the name `docs_prerelease` gives (e.g. `dev`).

use super::loose;
use super::versions::Versions;
use crate::version::Version;

/// The policy's settings, from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `docs_version_format`: `$major`, `$minor`, `$patch`, `$version`.
    pub format: String,
    /// `docs_aliases`: moved to the newest series on each deploy.
    pub aliases: Vec<String>,
    /// `docs_default`: what the site root redirects to after a deploy.
    pub default: Option<String>,
    /// `docs_prerelease`: `skip`, or the docs version pre-releases deploy to.
    pub prerelease: Option<String>,
}

/// What a policy deploy does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Deploy to `version` with `aliases` (moved from other versions), then
    /// point the root at `default`.
    Deploy {
        /// The docs version name.
        version: String,
        /// Aliases to give it (taken from other versions).
        aliases: Vec<String>,
        /// The new default, if any.
        default: Option<String>,
        /// Why aliases or default were left alone, for an info line.
        note: Option<String>,
    },
    /// Nothing to deploy, and why.
    Skip(String),
}

/// Fills `docs_version_format` from a version: `$major`, `$minor`,
/// `$patch` (missing parts are 0) and `$version` (the whole version), also
/// spelled `${major}` and so on; `$$` is a dollar sign.
pub fn format_version(format: &str, version: &Version) -> Result<String, String> {
    let part = |n: usize| version.pep.release_part(n).to_string();
    let mut out = String::new();
    let mut rest = format;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        let (name, tail) = if let Some(braced) = after.strip_prefix('{') {
            let end = braced
                .find('}')
                .ok_or_else(|| format!("'{format}': unclosed '${{'"))?;
            (&braced[..end], &braced[end + 1..])
        } else {
            let end = after
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        let value = match name {
            "major" => part(0),
            "minor" => part(1),
            "patch" => part(2),
            "version" => version.to_string(),
            other => {
                return Err(format!(
                    "'{format}': unknown placeholder '${other}' (use $major, $minor, $patch or $version)"
                ))
            }
        };
        out.push_str(&value);
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

/// Decides where `current` deploys, given what `deployed` already holds.
pub fn target(policy: &Policy, current: &Version, deployed: &Versions) -> Result<Target, String> {
    if current.is_prerelease() {
        return Ok(match &policy.prerelease {
            None => Target::Skip(format!(
                "{current} is a pre-release and docs_prerelease is \"skip\": no docs deployed"
            )),
            Some(name) => Target::Deploy {
                version: name.clone(),
                aliases: Vec::new(),
                default: None,
                note: None,
            },
        });
    }
    let version = format_version(&policy.format, current)?;
    let newer: Vec<&str> = deployed
        .sorted()
        .into_iter()
        .map(|e| e.version.as_str())
        .filter(|v| loose::is_release_name(v) && *v != version)
        .filter(|v| loose::key(v) > loose::key(&version))
        .collect();
    if let Some(newest) = newer.first() {
        let moved = !policy.aliases.is_empty() || policy.default.is_some();
        return Ok(Target::Deploy {
            version,
            aliases: Vec::new(),
            default: None,
            note: moved.then(|| {
                format!("{newest} is newer: docs_aliases and docs_default stay where they are")
            }),
        });
    }
    Ok(Target::Deploy {
        version,
        aliases: policy.aliases.clone(),
        default: policy.default.clone(),
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Scheme;

    fn v(text: &str) -> Version {
        Scheme::Pep440.parse(text).unwrap()
    }

    fn policy() -> Policy {
        Policy {
            format: "$major.$minor".into(),
            aliases: vec!["latest".into()],
            default: Some("latest".into()),
            prerelease: None,
        }
    }

    #[test]
    fn series_from_the_issue() {
        // Issue 10: 0.7.0 and 0.7.3 both deploy to 0.7, 1.0.0 to 1.0.
        for (version, want) in [
            ("0.7.0", "0.7"),
            ("0.7.3", "0.7"),
            ("1.0.0", "1.0"),
            ("2", "2.0"),
        ] {
            assert_eq!(format_version("$major.$minor", &v(version)).unwrap(), want);
        }
        assert_eq!(
            format_version("v${major}.x-$patch$$", &v("3.1.4")).unwrap(),
            "v3.x-4$"
        );
        assert!(format_version("$series", &v("1.0")).is_err());
    }

    #[test]
    fn aliases_follow_the_newest_series_only() {
        let mut deployed = Versions::default();
        deployed
            .add("0.8", None, &["latest".into()], false)
            .unwrap();
        match target(&policy(), &v("0.7.4"), &deployed).unwrap() {
            Target::Deploy {
                version,
                aliases,
                default,
                note,
            } => {
                assert_eq!(version, "0.7");
                assert!(aliases.is_empty() && default.is_none());
                assert!(note.unwrap().starts_with("0.8 is newer"));
            }
            other => panic!("{other:?}"),
        }
        match target(&policy(), &v("0.8.1"), &deployed).unwrap() {
            Target::Deploy {
                version, aliases, ..
            } => {
                assert_eq!(version, "0.8");
                assert_eq!(aliases, ["latest"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn prereleases_skip_or_go_to_their_name() {
        let none = Versions::default();
        assert!(matches!(
            target(&policy(), &v("1.0.0rc1"), &none).unwrap(),
            Target::Skip(_)
        ));
        let dev = Policy {
            prerelease: Some("dev".into()),
            ..policy()
        };
        assert!(matches!(
            target(&dev, &v("1.0.0.dev3"), &none).unwrap(),
            Target::Deploy { version, .. } if version == "dev"
        ));
    }
}

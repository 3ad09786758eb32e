//! Version schemes: how a version is spelled (`pep440`, `semver`, `semver2`).
//!
//! All three read a version with PEP 440's grammar, as commitizen's schemes
//! do (they subclass `packaging.version.Version`); they differ only in how the
//! version is written back and how its pre-release part is named.

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;

use super::pep440::{InvalidVersion, Pep440, Phase};

/// A version scheme, as commitizen's `version_scheme` setting names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// PEP 440 normal form (`1.0.0a1.dev2`): the default for Python projects.
    #[default]
    Pep440,
    /// SemVer 1.0 spelling (`1.0.0-a1-dev2`).
    Semver,
    /// SemVer 2.0 spelling (`1.0.0-alpha.1.dev.2`).
    Semver2,
}

impl Scheme {
    /// Every scheme name relx accepts.
    pub const NAMES: [&'static str; 3] = ["pep440", "semver", "semver2"];

    /// The scheme called `name`, or `None`.
    pub fn from_name(name: &str) -> Option<Scheme> {
        match name {
            "pep440" => Some(Scheme::Pep440),
            "semver" => Some(Scheme::Semver),
            "semver2" => Some(Scheme::Semver2),
            _ => None,
        }
    }

    /// The scheme's configuration name.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Pep440 => "pep440",
            Scheme::Semver => "semver",
            Scheme::Semver2 => "semver2",
        }
    }

    /// Reads `text` as a version of this scheme.
    pub fn parse(self, text: &str) -> Result<Version, InvalidVersion> {
        Ok(Version {
            scheme: self,
            pep: Pep440::parse(text)?,
        })
    }
}

/// A version and the scheme it is written in.
#[derive(Clone, Debug)]
pub struct Version {
    /// How the version is spelled.
    pub scheme: Scheme,
    /// What the version is.
    pub pep: Pep440,
}

impl Version {
    /// packaging's `is_prerelease`: a pre-release or a dev release.
    pub fn is_prerelease(&self) -> bool {
        self.pep.is_prerelease()
    }

    /// The pre-release part as the scheme names it (`a0`, or `alpha.0` in
    /// semver2), commitizen's `prerelease` property.
    pub fn prerelease(&self) -> Option<String> {
        let (phase, n) = self.pep.pre.as_ref()?;
        Some(match (self.scheme, phase) {
            (Scheme::Semver2, Phase::Alpha | Phase::Beta) => format!("{}.{n}", phase.name()),
            (Scheme::Semver2, Phase::Rc) => format!("rc.{n}"),
            _ => format!("{}{n}", phase.letter()),
        })
    }

    /// The version without its local part, in the scheme's spelling.
    pub fn public(&self) -> String {
        let text = self.to_string();
        match text.split_once('+') {
            Some((public, _)) => public.to_string(),
            None => text,
        }
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Version) -> bool {
        self.pep == other.pep
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Version) -> Ordering {
        self.pep.cmp(&other.pep)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pep = &self.pep;
        if self.scheme == Scheme::Pep440 {
            return write!(f, "{pep}");
        }
        if !pep.epoch.is_zero() {
            write!(f, "{}!", pep.epoch)?;
        }
        f.write_str(&pep.release_string())?;
        let prerelease = self.prerelease();
        if self.scheme == Scheme::Semver {
            if let Some(pre) = prerelease {
                write!(f, "-{pre}")?;
            }
            if let Some(n) = &pep.post {
                write!(f, "-post{n}")?;
            }
            if let Some(n) = &pep.dev {
                write!(f, "-dev{n}")?;
            }
        } else {
            let mut parts = Vec::new();
            parts.extend(prerelease);
            parts.extend(pep.post.as_ref().map(|n| format!("post.{n}")));
            parts.extend(pep.dev.as_ref().map(|n| format!("dev.{n}")));
            if !parts.is_empty() {
                write!(f, "-{}", parts.join("."))?;
            }
        }
        if let Some(label) = pep.local_label() {
            write!(f, "+{label}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected spellings from commitizen 4.19.3's SemVer / SemVer2 classes.
    #[test]
    fn schemes_spell_versions_as_commitizen() {
        let rows = [
            (Scheme::Semver, "1.0.0a0.dev3", "1.0.0-a0-dev3"),
            (Scheme::Semver2, "1.0.0a0.dev3", "1.0.0-alpha.0.dev.3"),
            (Scheme::Semver2, "1.0.0rc1.post2", "1.0.0-rc.1.post.2"),
            (Scheme::Semver, "1.0.0rc1.post2+x", "1.0.0-rc1-post2+x"),
            (Scheme::Pep440, "1.0.0-alpha.0.dev.3", "1.0.0a0.dev3"),
            (Scheme::Semver2, "1!1.0b2", "1!1.0-beta.2"),
        ];
        for (scheme, input, want) in rows {
            assert_eq!(scheme.parse(input).unwrap().to_string(), want, "{input}");
        }
    }
}

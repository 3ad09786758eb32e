//! The environment, read once at the start of a run and passed down as a
//! value: commands and tests never read the process environment behind the
//! settings' back, and a test can hand in exactly the variables it means.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};

/// The process environment as it was when relx started.
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<OsString, OsString>,
}

impl std::fmt::Debug for Env {
    /// Names only: values may be tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl Env {
    /// The process environment, read now.
    pub fn capture() -> Env {
        Env {
            vars: std::env::vars_os().collect(),
        }
    }

    /// Exactly these variables (tests, probes).
    pub fn of<K: Into<OsString>, V: Into<OsString>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Env {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// A variable as text; `None` when unset or not UTF-8.
    pub fn get(&self, name: &str) -> Option<String> {
        self.vars
            .get(OsStr::new(name))
            .and_then(|v| v.to_str())
            .map(str::to_string)
    }

    /// A variable as set, UTF-8 or not (`PATH`, `HOME`).
    pub fn get_os(&self, name: &str) -> Option<&OsStr> {
        self.vars.get(OsStr::new(name)).map(OsString::as_os_str)
    }

    /// A variable that is set and not empty.
    pub fn non_empty(&self, name: &str) -> Option<String> {
        self.get(name).filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_names_not_values() {
        let env = Env::of([("PYPI_TOKEN", "pypi-secret")]);
        assert_eq!(format!("{env:?}"), "{\"PYPI_TOKEN\"}");
        assert_eq!(env.get("PYPI_TOKEN").as_deref(), Some("pypi-secret"));
        assert_eq!(env.non_empty("MISSING"), None);
    }
}

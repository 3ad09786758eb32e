//! The bump rules: which commit lines raise which increment.
//!
//! commitizen's `cz_conventional_commits` searches `bump_pattern` on every
//! line of a message, takes its first group, and looks that up in `bump_map`
//! (first key that matches at the start wins). Projects that use
//! `cz_customize` replace the pattern and maps; relx reads both.

use regex::Regex;

use crate::pyre::{self, PatternError};
use crate::version::Increment;

/// commitizen's `BUMP_PATTERN`.
pub const BUMP_PATTERN: &str = r"^((BREAKING[\-\ ]CHANGE|\w+)(\(.+\))?!?):";

/// commitizen's `BUMP_MAP`.
pub const BUMP_MAP: [(&str, Option<Increment>); 6] = [
    (r"^.+!$", Some(Increment::Major)),
    (r"^BREAKING[\-\ ]CHANGE", Some(Increment::Major)),
    (r"^feat", Some(Increment::Minor)),
    (r"^fix", Some(Increment::Patch)),
    (r"^refactor", Some(Increment::Patch)),
    (r"^perf", Some(Increment::Patch)),
];

/// commitizen's `BUMP_MAP_MAJOR_VERSION_ZERO`.
pub const BUMP_MAP_MAJOR_VERSION_ZERO: [(&str, Option<Increment>); 6] = [
    (r"^.+!$", Some(Increment::Minor)),
    (r"^BREAKING[\-\ ]CHANGE", Some(Increment::Minor)),
    (r"^feat", Some(Increment::Minor)),
    (r"^fix", Some(Increment::Patch)),
    (r"^refactor", Some(Increment::Patch)),
    (r"^perf", Some(Increment::Patch)),
];

/// One `bump_map` entry: a key matched at the start of the captured text.
#[derive(Debug, Clone)]
pub struct MapEntry {
    /// The key as configured.
    pub key: String,
    regex: Regex,
    /// What a match gives; `None` for "no bump".
    pub increment: Option<Increment>,
}

/// The compiled rules for one run.
#[derive(Debug, Clone)]
pub struct BumpRules {
    pattern: Regex,
    map: Vec<MapEntry>,
}

impl BumpRules {
    /// Compiles a pattern and an ordered map.
    pub fn new(
        pattern: &str,
        map: &[(String, Option<Increment>)],
    ) -> Result<BumpRules, PatternError> {
        let map = map
            .iter()
            .map(|(key, increment)| {
                Ok(MapEntry {
                    key: key.clone(),
                    regex: pyre::at_start(key)?,
                    increment: *increment,
                })
            })
            .collect::<Result<_, PatternError>>()?;
        Ok(BumpRules {
            pattern: pyre::search(pattern)?,
            map,
        })
    }

    /// commitizen's defaults, with or without `major_version_zero`.
    pub fn conventional(major_version_zero: bool) -> BumpRules {
        let map = if major_version_zero {
            BUMP_MAP_MAJOR_VERSION_ZERO
        } else {
            BUMP_MAP
        };
        let map: Vec<(String, Option<Increment>)> =
            map.iter().map(|(k, i)| (k.to_string(), *i)).collect();
        BumpRules::new(BUMP_PATTERN, &map).expect("the built-in bump rules compile")
    }

    /// The increment one line gives, if the pattern finds something in it.
    /// `None` when the pattern does not match; `Some(None)` when it matches
    /// but the map gives no bump.
    pub fn line_increment(&self, line: &str) -> Option<Option<Increment>> {
        let caps = self.pattern.captures(line)?;
        let found = caps.get(1).map_or("", |m| m.as_str());
        Some(
            self.map
                .iter()
                .find(|entry| entry.regex.is_match(found))
                .and_then(|entry| entry.increment),
        )
    }

    /// `VersionIncrement.from_message`: the highest increment over the
    /// message's lines (split on `\n` only, as commitizen does).
    pub fn message_increment(&self, message: &str) -> Option<Increment> {
        let mut best = None;
        for line in message.split('\n') {
            if let Some(Some(inc)) = self.line_increment(line) {
                best = best.max(Some(inc));
                if inc == Increment::Major {
                    break;
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected increments: commitizen 4.19.3's VersionIncrement.from_message
    // with its default BUMP_PATTERN / BUMP_MAP.
    #[test]
    fn conventional_lines() {
        let rules = BumpRules::conventional(false);
        let rows = [
            ("feat: x", Some(Increment::Minor)),
            ("fix(cli): x", Some(Increment::Patch)),
            ("fixtures: x", Some(Increment::Patch)),
            ("Feat: x", None),
            ("feat(): x", None),
            ("feat : x", None),
            ("docs: x", None),
            ("chore(ci): x (y)!: z", Some(Increment::Major)),
            ("refactor!: drop", Some(Increment::Major)),
            ("docs: x\n\nBREAKING CHANGE: y", Some(Increment::Major)),
            ("docs: x\n\nBREAKING-CHANGE: y", Some(Increment::Major)),
            ("docs: x\n\nBREAKING CHANGES: y", None),
            ("docs: x\n\nfixes: #12", Some(Increment::Patch)),
            ("perf: x", Some(Increment::Patch)),
        ];
        for (message, want) in rows {
            assert_eq!(rules.message_increment(message), want, "{message:?}");
        }
    }

    #[test]
    fn major_version_zero_caps_at_minor() {
        let rules = BumpRules::conventional(true);
        assert_eq!(rules.message_increment("feat!: x"), Some(Increment::Minor));
        assert_eq!(rules.message_increment("fix: x"), Some(Increment::Patch));
    }
}

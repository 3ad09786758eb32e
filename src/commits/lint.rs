//! Commit message linting: commitizen 4.19.3's `cz check` verdicts.
//!
//! A message passes when it starts with an allowed prefix (`Merge`,
//! `Revert`, `fixup!`, …), or matches the commit rules' schema pattern
//! (for conventional commits: a known type, an optional scope without
//! spaces, `!`, `: `, a subject, and a body after a blank line). A first
//! line longer than `message_length_limit` fails on its own.

use regex::Regex;

use crate::pyre::{self, PatternError};
use crate::pystr;

/// The types `cz_conventional_commits` accepts.
pub const TYPES: [&str; 12] = [
    "build", "bump", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert", "style",
    "test",
];

/// commitizen's `ConventionalCommitsCz.schema_pattern()`.
pub fn conventional_schema() -> String {
    format!(
        r"(?s)({})(\(\S+\))?!?: ([^\n\r]+)((\n\n.*)|(\s*))?$",
        TYPES.join("|")
    )
}

/// The line git's `commit --verbose` puts above the diff.
const SCISSORS: &str = "# ------------------------ >8 ------------------------";

/// A message as a commit-msg hook gets it, without comment lines and
/// without what follows git's scissors line (commitizen's `_filter_comments`).
pub fn without_comments(message: &str) -> String {
    let mut lines = Vec::new();
    for line in message.split('\n') {
        if line.contains(SCISSORS) {
            break;
        }
        if !line.starts_with('#') {
            lines.push(line);
        }
    }
    lines.join("\n")
}

/// The linting rules of one project.
#[derive(Debug, Clone)]
pub struct Lint {
    schema: Regex,
    /// The schema pattern as configured, for messages.
    pub schema_text: String,
    /// Prefixes that pass as they are.
    pub allowed_prefixes: Vec<String>,
    /// Longest first line (0: no limit).
    pub max_length: u64,
    /// An empty message passes.
    pub allow_abort: bool,
}

/// Why a message fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It passes.
    Valid,
    /// It is empty.
    Empty,
    /// It does not match the schema.
    NoMatch,
    /// Its first line is too long: (length, limit).
    TooLong(usize, u64),
}

impl Lint {
    /// Compiles a schema pattern (a Python regex, matched at the start).
    pub fn new(
        schema: &str,
        allowed_prefixes: Vec<String>,
        max_length: u64,
        allow_abort: bool,
    ) -> Result<Lint, PatternError> {
        // Python's `$` also matches before a final line break.
        let pattern = match schema.strip_suffix('$') {
            Some(head) if !head.ends_with('\\') => format!(r"{head}\n?\z"),
            _ => schema.to_string(),
        };
        Ok(Lint {
            schema: pyre::at_start(&pattern)?,
            schema_text: schema.to_string(),
            allowed_prefixes,
            max_length,
            allow_abort,
        })
    }

    /// commitizen's `validate_commit_message` on a whole message (title,
    /// blank line, body, stripped).
    pub fn check(&self, message: &str) -> Verdict {
        if message.is_empty() {
            return if self.allow_abort {
                Verdict::Valid
            } else {
                Verdict::Empty
            };
        }
        if self
            .allowed_prefixes
            .iter()
            .any(|p| message.starts_with(p.as_str()))
        {
            return Verdict::Valid;
        }
        if self.max_length > 0 {
            let first = message.split('\n').next().unwrap_or_default();
            let length = pystr::strip(first).chars().count();
            if length as u64 > self.max_length {
                return Verdict::TooLong(length, self.max_length);
            }
        }
        if self.schema.is_match(message) {
            Verdict::Valid
        } else {
            Verdict::NoMatch
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint() -> Lint {
        let prefixes = [
            "Merge",
            "Revert",
            "Pull request",
            "fixup!",
            "squash!",
            "amend!",
        ];
        Lint::new(
            &conventional_schema(),
            prefixes.map(String::from).to_vec(),
            0,
            false,
        )
        .unwrap()
    }

    // Expected verdicts: commitizen 4.19.3's `cz check --message`.
    #[test]
    fn verdicts_match_commitizen() {
        let rows = [
            ("feat: x", Verdict::Valid),
            ("feat(api)!: x", Verdict::Valid),
            ("feat(a b): x", Verdict::NoMatch),
            ("feat:x", Verdict::NoMatch),
            ("feature: x", Verdict::NoMatch),
            ("fix: x\n\nbody", Verdict::Valid),
            ("fix: x\nbody", Verdict::NoMatch),
            ("fix: x\n", Verdict::Valid),
            ("Merge branch 'x'", Verdict::Valid),
            ("fixup! feat: x", Verdict::Valid),
            ("", Verdict::Empty),
        ];
        for (message, want) in rows {
            assert_eq!(lint().check(message), want, "{message:?}");
        }
    }

    #[test]
    fn comments_and_scissors_are_dropped() {
        let text = "feat: x\n# Please enter\n\nbody\n# ------------------------ >8 ------------------------\ndiff";
        assert_eq!(without_comments(text), "feat: x\n\nbody");
    }

    #[test]
    fn long_first_lines_fail() {
        let mut l = lint();
        l.max_length = 10;
        assert_eq!(l.check("feat: a longer subject"), Verdict::TooLong(22, 10));
    }
}

//! Python `re` patterns, run with Rust's `regex`.
//!
//! commitizen's settings hold Python regular expressions (`bump_pattern`,
//! `bump_map` keys, the tag-format regexes). Their syntax is close enough to
//! `regex`'s that a small translation gives the same matches: Python's `\w`
//! and `\s` are wider than Rust's, and `re.fullmatch` / `re.match` anchor
//! where Rust needs explicit anchors. Look-around and back-references do not
//! exist in `regex`; such a pattern is reported as invalid, naming it.

use regex::Regex;

/// Python's `\w` for `str` patterns: letters, numbers and `_`.
const WORD: &str = r"\p{L}\p{N}_";
/// Python's `\s`: Unicode White_Space plus U+001C..U+001F.
const SPACE: &str = r"\s\x1C-\x1F";

/// Rewrites a Python pattern into the `regex` crate's dialect.
pub fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match (next, in_class) {
                    ('w', false) => out.push_str(&format!("[{WORD}]")),
                    ('w', true) => out.push_str(WORD),
                    ('W', false) => out.push_str(&format!("[^{WORD}]")),
                    ('s', false) => out.push_str(&format!("[{SPACE}]")),
                    ('s', true) => out.push_str(SPACE),
                    ('S', false) => out.push_str(&format!("[^{SPACE}]")),
                    ('Z', _) => out.push_str(r"\z"),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // `[]...]` and `[^]...]`: a leading `]` is a literal in Python.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str(r"\]");
                    chars.next();
                }
            }
            '[' if in_class => out.push_str(r"\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The pattern is not one relx can run.
#[derive(Debug, Clone, thiserror::Error)]
#[error("invalid regular expression '{pattern}': {reason}")]
pub struct PatternError {
    /// The pattern as the user wrote it.
    pub pattern: String,
    /// What the regex engine said.
    pub reason: String,
}

fn build(pattern: &str, wrapped: String) -> Result<Regex, PatternError> {
    Regex::new(&wrapped).map_err(|e| PatternError {
        pattern: pattern.to_string(),
        reason: e
            .to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_string(),
    })
}

/// For `re.search`: matches anywhere.
pub fn search(pattern: &str) -> Result<Regex, PatternError> {
    build(pattern, translate(pattern))
}

/// For `re.match`: matches at the start only.
pub fn at_start(pattern: &str) -> Result<Regex, PatternError> {
    build(pattern, format!(r"\A(?:{})", translate(pattern)))
}

/// For `re.match` with Python flags given inline (`(?m)` for
/// `re.MULTILINE`, `(?ms)` for `re.MULTILINE | re.DOTALL`).
pub fn at_start_with(pattern: &str, flags: &str) -> Result<Regex, PatternError> {
    build(pattern, format!(r"{flags}\A(?:{})", translate(pattern)))
}

/// For `re.fullmatch`: matches the whole text.
pub fn full(pattern: &str) -> Result<Regex, PatternError> {
    build(pattern, format!(r"\A(?:{})\z", translate(pattern)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_is_pythons() {
        let re = full(r"\w+").unwrap();
        assert!(re.is_match("feat_1"));
        // Python: re.fullmatch(r"\w", "½") matches (isalnum), Rust's \w does not.
        assert!(re.is_match("½"));
        assert!(!re.is_match("a-b"));
    }

    #[test]
    fn classes_keep_their_meaning() {
        let re = search(r"^((BREAKING[\-\ ]CHANGE|\w+)(\(.+\))?!?):").unwrap();
        let caps = re.captures("BREAKING-CHANGE: x").unwrap();
        assert_eq!(&caps[1], "BREAKING-CHANGE");
        assert!(full(r"[]a]+").unwrap().is_match("]a"));
    }

    #[test]
    fn lookaround_is_reported() {
        let err = search(r"(?=feat)").unwrap_err();
        assert_eq!(err.pattern, "(?=feat)");
    }
}

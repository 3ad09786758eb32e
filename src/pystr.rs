//! Python's string rules that commitizen's answers depend on.
//!
//! commitizen reads commit messages with `str.splitlines()` and `str.strip()`,
//! and `packaging` trims versions with the regex `\s`. Their notions of
//! "whitespace" and "line break" are wider than Rust's, so relx reproduces
//! them here instead of using `str::lines` or `str::trim`.

/// Python's `str.isspace()` (also what `re`'s `\s` matches in a `str` pattern):
/// Unicode White_Space plus the information separators U+001C..U+001F.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` without arguments.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// The characters at which Python's `str.splitlines()` breaks a line
/// (`\r\n` counts once).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Python's `str.splitlines()`: no empty last item after a final line break.
pub fn splitlines(s: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_line_break(c) {
            lines.push(&s[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    end = j + 1;
                }
            }
            start = end;
        }
    }
    if start < s.len() {
        lines.push(&s[start..]);
    }
    lines
}

/// Python's `\w` in a `str` pattern: `str.isalnum()` or `_`.
pub fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitlines_matches_python() {
        // Expected values from CPython 3.11: "a\r\nb\rc\x0cd\u2028e\n".splitlines()
        assert_eq!(
            splitlines("a\r\nb\rc\x0cd\u{2028}e\n"),
            vec!["a", "b", "c", "d", "e"]
        );
        // "\n\nx".splitlines() == ['', '', 'x']
        assert_eq!(splitlines("\n\nx"), vec!["", "", "x"]);
        // "".splitlines() == []
        assert!(splitlines("").is_empty());
        // "x\n\n".splitlines() == ['x', '']
        assert_eq!(splitlines("x\n\n"), vec!["x", ""]);
    }

    #[test]
    fn strip_matches_python() {
        // "\x1c\u00a0 x \u3000".strip() == "x"
        assert_eq!(strip("\u{1c}\u{a0} x \u{3000}"), "x");
        // "\u200bx".strip() == "\u200bx" (zero width space is not whitespace)
        assert_eq!(strip("\u{200b}x"), "\u{200b}x");
    }
}

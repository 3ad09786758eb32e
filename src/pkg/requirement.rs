//! Syntax of dependency specifiers (PEP 508: `Requires-Dist`), version
//! specifiers (PEP 440: `Requires-Python`) and environment markers, checked
//! the way the `packaging` library reads them (the library twine validates
//! metadata with). Pure: text in, verdict out.
//!
//! Only validity is decided here; nothing is evaluated.

use std::sync::LazyLock;

use regex::Regex;

use crate::pystr;

/// One version specifier (`>=1.0`, `==2.*`, `===foo`), PEP 440's grammar:
/// `==`/`!=` allow a `.*` prefix match or a local label, `~=` needs two
/// release numbers, the ordered comparisons allow neither.
static SPECIFIER: LazyLock<Regex> = LazyLock::new(|| {
    let pre = r"(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
    let post = r"(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
    let dev = r"(?:[-_.]?dev[-_.]?[0-9]*)?";
    let local = r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";
    let head = r"v?(?:[0-9]+!)?[0-9]+";
    let pattern = format!(
        r"(?i)^(?:===\s*[^\s;)]+|(?:==|!=)\s*{head}(?:\.[0-9]+)*(?:\.\*|{pre}{post}{dev}{local})|~=\s*{head}(?:\.[0-9]+)+{pre}{post}{dev}|(?:<=|>=|<|>)\s*{head}(?:\.[0-9]+)*{pre}{post}{dev})"
    );
    Regex::new(&pattern).expect("the specifier pattern compiles")
});

/// Marker variables `packaging` knows (`os.name` may be spelled `os_name`).
static VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b",
    )
    .expect("the variable pattern compiles")
});

/// Checks a `Requires-Python` value: a comma-separated list of specifiers
/// (empty items are skipped, as `packaging.specifiers.SpecifierSet` does).
pub fn check_specifier_set(text: &str) -> Result<(), String> {
    for item in text.split(',') {
        let item = pystr::strip(item);
        if item.is_empty() {
            continue;
        }
        match SPECIFIER.find(item) {
            Some(m) if m.end() == item.len() => {}
            _ => return Err(format!("invalid specifier: '{item}'")),
        }
    }
    Ok(())
}

/// Checks a `Requires-Dist` value (a PEP 508 dependency specifier).
pub fn check_requirement(text: &str) -> Result<(), String> {
    let mut p = Parser { src: text, pos: 0 };
    p.requirement()
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

fn is_word_at(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(pystr::is_word)
}

fn is_word_before(s: &str, i: usize) -> bool {
    s[..i].chars().next_back().is_some_and(pystr::is_word)
}

/// Python's `\b` at byte offset `i`.
fn boundary(s: &str, i: usize) -> bool {
    is_word_before(s, i) != is_word_at(s, i)
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn fail<T>(&self, expected: &str) -> Result<T, String> {
        Err(format!("expected {expected} at column {}", self.pos + 1))
    }

    fn ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start_matches([' ', '\t']).len();
        self.pos += n;
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn at_end(&self) -> bool {
        self.pos == self.src.len()
    }

    /// A keyword between word boundaries (`and`, `or`, `in`, `not`).
    fn keyword(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        if self.rest().starts_with(word) && boundary(self.src, self.pos) && boundary(self.src, end)
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// `\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b`: greedy, then back to a boundary.
    fn identifier(&mut self) -> Option<&str> {
        let start = self.pos;
        if !boundary(self.src, start) {
            return None;
        }
        let bytes = self.src.as_bytes();
        if !bytes.get(start).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut end = start + 1;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            end += 1;
        }
        while end > start && !boundary(self.src, end) {
            end -= 1;
        }
        if end == start {
            return None;
        }
        self.pos = end;
        Some(&self.src[start..end])
    }

    fn requirement(&mut self) -> Result<(), String> {
        self.ws();
        if self.identifier().is_none() {
            return self.fail("package name at the start of dependency specifier");
        }
        self.ws();
        self.extras()?;
        self.details()?;
        if !self.at_end() {
            return self.fail("end of dependency specifier");
        }
        Ok(())
    }

    fn extras(&mut self) -> Result<(), String> {
        if !self.eat("[") {
            return Ok(());
        }
        self.ws();
        if self.identifier().is_some() {
            loop {
                self.ws();
                if self.identifier().is_some() {
                    return self.fail("comma between extra names");
                }
                if !self.eat(",") {
                    break;
                }
                self.ws();
                if self.identifier().is_none() {
                    return self.fail("extra name after comma");
                }
            }
        }
        self.ws();
        if !self.eat("]") {
            return self.fail("matching ] for [, after extras");
        }
        self.ws();
        Ok(())
    }

    fn details(&mut self) -> Result<(), String> {
        if self.eat("@") {
            self.ws();
            let url_len = self
                .rest()
                .find(|c: char| pystr::is_space(c))
                .unwrap_or(self.rest().len());
            if url_len == 0 {
                return self.fail("URL after @");
            }
            self.pos += url_len;
            if self.at_end() {
                return Ok(());
            }
            let before = self.pos;
            self.ws();
            if self.pos == before {
                return self.fail("whitespace after URL");
            }
            if self.at_end() {
                return Ok(());
            }
            return self.marker_after(";");
        }
        if self.eat("(") {
            self.ws();
            self.version_many()?;
            if !self.eat(")") {
                return self.fail("matching ) for (, after version specifier");
            }
            self.ws();
        } else {
            self.version_many()?;
        }
        if self.at_end() {
            return Ok(());
        }
        self.marker_after(";")
    }

    fn marker_after(&mut self, semicolon: &str) -> Result<(), String> {
        if !self.eat(semicolon) {
            return self.fail("semicolon (before the marker) or end");
        }
        self.marker(0)
    }

    /// `version_many = (SPECIFIER (WS? COMMA WS? SPECIFIER)*)?`
    fn version_many(&mut self) -> Result<(), String> {
        while let Some(m) = SPECIFIER.find(self.rest()) {
            self.pos += m.end();
            if self.rest().starts_with(".*") {
                return self.fail("no .* suffix (only `==` and `!=` take one, on a release)");
            }
            if self.rest().starts_with('+') {
                return self.fail("no local version label (only `==` and `!=` take one)");
            }
            self.ws();
            if !self.eat(",") {
                break;
            }
            self.ws();
        }
        Ok(())
    }

    fn marker(&mut self, depth: usize) -> Result<(), String> {
        self.marker_atom(depth)?;
        while self.keyword("and") || self.keyword("or") {
            self.marker_atom(depth)?;
        }
        Ok(())
    }

    fn marker_atom(&mut self, depth: usize) -> Result<(), String> {
        self.ws();
        if self.eat("(") {
            if depth >= 200 {
                return self.fail("a marker nested at most 200 levels deep");
            }
            self.marker(depth + 1)?;
            if !self.eat(")") {
                return self.fail("matching ) for (, after marker expression");
            }
        } else {
            self.marker_var()?;
            self.ws();
            self.marker_op()?;
            self.ws();
            self.marker_var()?;
        }
        self.ws();
        Ok(())
    }

    fn marker_var(&mut self) -> Result<(), String> {
        // `find_at` sees the text before `pos`, so `\b` is judged in context.
        if let Some(m) = VARIABLE.find_at(self.src, self.pos) {
            if m.start() == self.pos {
                self.pos = m.end();
                return Ok(());
            }
        }
        let rest = self.rest();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') {
            if let Some(len) = rest[1..].find(quote) {
                let body = &rest[1..1 + len];
                if !python_string_ok(body) {
                    return self.fail("a valid quoted string");
                }
                self.pos += len + 2;
                return Ok(());
            }
        }
        self.fail("a marker variable or quoted string")
    }

    fn marker_op(&mut self) -> Result<(), String> {
        if self.keyword("in") {
            return Ok(());
        }
        if self.keyword("not") {
            let before = self.pos;
            self.ws();
            if self.pos == before {
                return self.fail("whitespace after 'not'");
            }
            if !self.keyword("in") {
                return self.fail("'in' after 'not'");
            }
            return Ok(());
        }
        for op in ["===", "==", "~=", "!=", "<=", ">=", "<", ">"] {
            if self.eat(op) {
                return Ok(());
            }
        }
        self.fail("marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in")
    }
}

/// Whether a quoted marker value is a valid Python string literal body
/// (`ast.literal_eval` runs on it when it holds a backslash or a character
/// that is not printable): no line break, and every `\x`, `\u`, `\U`, `\N`
/// escape complete.
fn python_string_ok(body: &str) -> bool {
    if body.contains(['\n', '\r', '\0']) {
        return false;
    }
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        let hex = |n: usize, chars: &mut std::str::Chars<'_>| {
            (0..n).all(|_| chars.next().is_some_and(|h| h.is_ascii_hexdigit()))
        };
        let ok = match chars.next() {
            None => false,
            Some('x') => hex(2, &mut chars),
            Some('u') => hex(4, &mut chars),
            Some('U') => {
                let digits: String = chars.clone().take(8).collect();
                hex(8, &mut chars)
                    && u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .is_some()
            }
            Some('N') => {
                chars.next() == Some('{') && {
                    let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    !name.is_empty()
                }
            }
            Some(_) => true,
        };
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Verdicts of packaging 26.4 (`Requirement(s)`, `SpecifierSet(s)`), from
    /// tests/oracle/metadata_fields.py (tests/data/metadata_fields.tsv).
    #[test]
    fn requirements_and_specifiers_agree_with_packaging() {
        let table = include_str!("../../tests/data/metadata_fields.tsv");
        let mut seen = 0;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (field, value, want) = (cols[0], crate::pkg::unescape(cols[1]), cols[2]);
            let got = match field {
                "requires-dist" => check_requirement(&value),
                "requires-python" => check_specifier_set(&value),
                _ => continue,
            };
            seen += 1;
            assert_eq!(got.is_ok(), want == "ok", "{field} {value:?}: {got:?}");
        }
        assert!(seen > 40, "the table holds requirement rows");
    }

    #[test]
    fn never_panics() {
        for s in [
            "",
            "(",
            "a[",
            "a @",
            "a;",
            "a ; (",
            "é",
            "a>=1;python_version<'",
            "a;'\\",
        ] {
            let _ = check_requirement(s);
            let _ = check_specifier_set(s);
        }
    }
}

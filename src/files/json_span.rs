//! Finds the byte range of one string value in a JSON text, so that it can
//! be replaced without re-serialising (and re-indenting) the document.

use std::ops::Range;

struct Scanner<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && matches!(self.s[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.pos).copied()
    }

    /// A string starting at `pos`: its decoded text and its full range.
    fn string(&mut self) -> Option<(String, Range<usize>)> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.s.len() {
            match self.s[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    let raw = std::str::from_utf8(&self.s[start..=self.pos]).ok()?;
                    let text: String = serde_json::from_str(raw).ok()?;
                    self.pos += 1;
                    return Some((text, start..self.pos));
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    /// Skips any value; returns its range.
    fn value(&mut self, path: &[&str]) -> Option<Result<Range<usize>, Range<usize>>> {
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                let start = self.pos - 1;
                loop {
                    if self.peek()? == b'}' {
                        self.pos += 1;
                        return Some(Err(start..self.pos));
                    }
                    let (key, _) = self.string()?;
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.pos += 1;
                    let wanted = path.first() == Some(&key.as_str());
                    let rest = if wanted { &path[1..] } else { &[][..] };
                    match self.value(rest)? {
                        Ok(found) if wanted => return Some(Ok(found)),
                        _ => {}
                    }
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'}' => {}
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let start = self.pos - 1;
                loop {
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(Err(start..self.pos));
                    }
                    let _ = self.value(&[])?;
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b']' => {}
                        _ => return None,
                    }
                }
            }
            b'"' => {
                let (_, range) = self.string()?;
                Some(if path.is_empty() {
                    Ok(range)
                } else {
                    Err(range)
                })
            }
            _ => {
                let start = self.pos;
                while self.pos < self.s.len()
                    && !matches!(
                        self.s[self.pos],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.pos += 1;
                }
                Some(Err(start..self.pos))
            }
        }
    }
}

/// The range (quotes included) of the string at `path` in `json`.
pub fn find(json: &str, path: &[&str]) -> Option<Range<usize>> {
    let mut scanner = Scanner {
        s: json.as_bytes(),
        pos: 0,
    };
    if path.is_empty() {
        return None;
    }
    scanner.value(path)?.ok()
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_nested_values() {
        let json = r#"{"name": "x", "version" :"1.0.0", "packages": {"": {"version": "1.0.0"}, "node_modules/a": {"version": "9"}}}"#;
        let r = find(json, &["version"]).unwrap();
        assert_eq!(&json[r], "\"1.0.0\"");
        let r = find(json, &["packages", "", "version"]).unwrap();
        assert_eq!(&json[r.clone()], "\"1.0.0\"");
        assert!(r.start > 40);
        assert!(find(json, &["nope"]).is_none());
    }

    #[test]
    fn skips_escapes_and_arrays() {
        let json = "{\"a\": [1, {\"version\": \"no\"}], \"b\\\"\": \"x\", \"version\": \"2\"}";
        let r = find(json, &["version"]).unwrap();
        assert_eq!(&json[r], "\"2\"");
    }
}

//! Core metadata files (`METADATA`, `PKG-INFO`) are email messages: header
//! fields, a blank line, then the long description as the body. This reads
//! them the way Python's `email.parser` does with its `compat32` policy,
//! which is what `packaging.metadata.parse_email` (and so twine) uses:
//!
//! - lines end at `\r\n`, `\r` or `\n`;
//! - the header block ends at the first line that is neither `Name:` nor a
//!   continuation (a line starting with a space or tab); a blank line there
//!   is the separator and is dropped, any other line starts the body;
//! - a field's value is the rest of its first line with leading spaces and
//!   tabs removed, followed verbatim by its continuation lines, with the
//!   final line break removed (folded values keep their inner breaks).
//!
//! Pure: bytes in, fields out.

/// One header field as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The name as written (compare with `eq_ignore_ascii_case`).
    pub name: String,
    /// The value bytes (UTF-8 is checked by the caller).
    pub value: Vec<u8>,
}

/// A parsed message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// The header fields, in order.
    pub fields: Vec<Field>,
    /// The body bytes (empty when there is none).
    pub body: Vec<u8>,
}

/// Splits `data` into lines that keep their line break.
fn lines(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'\n' => {
                out.push(&data[start..=i]);
                start = i + 1;
            }
            b'\r' => {
                let end = if data.get(i + 1) == Some(&b'\n') {
                    i + 1
                } else {
                    i
                };
                out.push(&data[start..=end]);
                start = end + 1;
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    if start < data.len() {
        out.push(&data[start..]);
    }
    out
}

/// `email.feedparser.headerRE`: `From `, a (possibly empty) run of printable
/// ASCII other than `:` followed by `:`, or a leading space or tab.
fn is_header_line(line: &[u8]) -> bool {
    if line.starts_with(b"From ") || line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        return true;
    }
    for &b in line {
        match b {
            b':' => return true,
            0x21..=0x7e => {}
            _ => return false,
        }
    }
    false
}

/// compat32's `header_source_parse`: value = first line after the colon,
/// left-stripped of spaces and tabs, plus the continuation lines; trailing
/// `\r` and `\n` removed.
fn field_of(lines: &[&[u8]]) -> Field {
    let first = lines[0];
    let colon = first
        .iter()
        .position(|b| *b == b':')
        .expect("a header line has a colon");
    let name = String::from_utf8_lossy(&first[..colon]).into_owned();
    let mut value: Vec<u8> = first[colon + 1..]
        .iter()
        .copied()
        .skip_while(|b| *b == b' ' || *b == b'\t')
        .collect();
    for line in &lines[1..] {
        value.extend_from_slice(line);
    }
    while matches!(value.last(), Some(b'\r' | b'\n')) {
        value.pop();
    }
    Field { name, value }
}

/// Parses a metadata file.
pub fn parse(data: &[u8]) -> Message {
    let all = lines(data);
    let mut header_lines: Vec<&[u8]> = Vec::new();
    let mut body_start = all.len();
    for (i, line) in all.iter().enumerate() {
        if !is_header_line(line) {
            // A blank separator line is dropped; anything else is body.
            let blank = line.first().is_some_and(|b| *b == b'\n' || *b == b'\r');
            body_start = if blank { i + 1 } else { i };
            break;
        }
        header_lines.push(line);
    }
    let body: Vec<u8> = all[body_start.min(all.len())..].concat();

    let mut fields = Vec::new();
    let mut current: Vec<&[u8]> = Vec::new();
    for line in header_lines {
        if line[0] == b' ' || line[0] == b'\t' {
            // A continuation; one before any field is dropped (a defect).
            if !current.is_empty() {
                current.push(line);
            }
            continue;
        }
        if !current.is_empty() {
            fields.push(field_of(&current));
            current.clear();
        }
        if line.starts_with(b"From ") {
            // An mbox envelope line: not a field (the parser keeps it as
            // the "unix from" or drops it as a defect).
            continue;
        }
        if line[0] == b':' {
            // "Missing header name": skipped.
            continue;
        }
        current.push(line);
    }
    if !current.is_empty() {
        fields.push(field_of(&current));
    }
    Message { fields, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(m: &Message) -> Vec<(String, String)> {
        m.fields
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    String::from_utf8_lossy(&f.value).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn fields_then_body_after_blank_line() {
        let m = parse(b"Metadata-Version: 2.1\nName: demo\n\n# Title\n\nText\n");
        assert_eq!(
            values(&m),
            vec![
                ("Metadata-Version".into(), "2.1".into()),
                ("Name".into(), "demo".into())
            ]
        );
        assert_eq!(m.body, b"# Title\n\nText\n");
    }

    #[test]
    fn folded_values_keep_their_inner_breaks() {
        // Python: email.message_from_string("Summary: a\n  b\n\n")["Summary"] == "a\n  b"
        let m = parse(b"Summary: a\n  b\nName:\tx  \n\n");
        assert_eq!(
            values(&m),
            vec![
                ("Summary".into(), "a\n  b".into()),
                ("Name".into(), "x  ".into())
            ]
        );
        assert!(m.body.is_empty());
    }

    #[test]
    fn a_line_without_colon_starts_the_body() {
        let m = parse(b"Name: x\nnot a header\nVersion: 1\n");
        assert_eq!(values(&m), vec![("Name".into(), "x".into())]);
        assert_eq!(m.body, b"not a header\nVersion: 1\n");
    }

    #[test]
    fn crlf_and_cr_end_lines() {
        let m = parse(b"Name: x\r\nVersion: 1\r\rbody\r\n");
        assert_eq!(
            values(&m),
            vec![("Name".into(), "x".into()), ("Version".into(), "1".into())]
        );
        assert_eq!(m.body, b"body\r\n");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for data in [
            &b""[..],
            b"\n",
            b":x\n",
            b" lead\nName: y",
            b"From x\nName: y\n",
            b"\xff\xfe:",
        ] {
            let _ = parse(data);
        }
    }
}

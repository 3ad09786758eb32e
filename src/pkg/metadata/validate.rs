//! Field syntax, as `packaging.metadata.Metadata.from_raw` checks it (the
//! check twine runs before `check` or `upload` accept a file). Messages
//! follow packaging's wording, so a user who knows twine's output
//! recognises them.

use super::fields::{self, FIELDS};
use super::{CoreMetadata, MalformedReason, Value};
use crate::pkg::{license, requirement};
use crate::version::Pep440;

/// Python's `repr()` of a string, for messages.
fn repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{}\"", s.escape_debug())
    } else {
        format!("'{}'", s.escape_debug().to_string().replace("\\\"", "\""))
    }
}

/// A valid project (or extra) name: ASCII letters and digits, with `.`, `_`
/// and `-` inside (`packaging.utils.canonicalize_name(validate=True)`).
pub fn check_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    edge(bytes.first())
        && edge(bytes.last())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The line boundaries `str.splitlines()` knows (a summary must have none).
fn has_line_boundary(s: &str) -> bool {
    s.contains([
        '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
    ])
}

/// RFC 2045 token characters, less `'` and `*` (which Python's parser
/// reads as RFC 2231 syntax).
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?='*".contains(&b))
}

/// Splits at `;` outside double quotes; `None` on an unclosed quote.
fn split_params(s: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return None;
    }
    parts.push(&s[start..]);
    Some(parts)
}

/// Checks `Description-Content-Type`: `text/plain`, `text/x-rst` or
/// `text/markdown`, parameters `name=value`, charset UTF-8 only, Markdown
/// variant `GFM` or `CommonMark`.
pub fn check_content_type(value: &str) -> Result<(), String> {
    let field = "'description-content-type'";
    let not_valid = || {
        Err(format!(
            "{} is not a valid content type for {field}",
            repr(value)
        ))
    };
    let not_one_of = || {
        Err(format!(
            "{field} must be one of ['text/markdown', 'text/x-rst', 'text/plain'], not {}",
            repr(value)
        ))
    };
    let Some(parts) = split_params(value) else {
        return not_valid();
    };
    let kind = crate::pystr::strip(parts[0]);
    let Some((main, sub)) = kind.split_once('/') else {
        return if kind.contains(char::is_whitespace) {
            not_valid()
        } else {
            not_one_of()
        };
    };
    if !is_token(main) || !is_token(sub) {
        let trailing = sub.contains(['/', ',', ' ']) && is_token(main);
        return if trailing { not_valid() } else { not_one_of() };
    }
    let kind = kind.to_ascii_lowercase();
    if !["text/plain", "text/x-rst", "text/markdown"].contains(&kind.as_str()) {
        return not_one_of();
    }
    let (mut charset, mut variant) = ("UTF-8".to_string(), "GFM".to_string());
    let count = parts.len();
    for (i, param) in parts.into_iter().enumerate().skip(1) {
        let param = crate::pystr::strip(param);
        if param.is_empty() {
            if i == count - 1 {
                continue;
            }
            return not_valid();
        }
        let Some((name, raw)) = param.split_once('=') else {
            return not_valid();
        };
        let (name, raw) = (crate::pystr::strip(name), crate::pystr::strip(raw));
        let text = if let Some(inner) = raw.strip_prefix('"') {
            match inner.strip_suffix('"') {
                Some(inner) => inner.replace("\\\"", "\""),
                None => return not_valid(),
            }
        } else if is_token(raw) {
            raw.to_string()
        } else {
            return not_valid();
        };
        if !is_token(name) {
            return not_valid();
        }
        match name.to_ascii_lowercase().as_str() {
            "charset" => charset = text,
            "variant" => variant = text,
            _ => {}
        }
    }
    if !charset.eq_ignore_ascii_case("utf-8") {
        return Err(format!(
            "{field} can only specify the UTF-8 charset, not {}",
            repr(&charset)
        ));
    }
    if kind == "text/markdown" && variant != "GFM" && variant != "CommonMark" {
        return Err(format!(
            "valid Markdown variants for {field} are ['GFM', 'CommonMark'], not {}",
            repr(&variant)
        ));
    }
    Ok(())
}

/// Python's hard keywords (`keyword.kwlist`): not allowed in import names.
const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Python's `str.isidentifier()`.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
        && chars.all(unicode_ident::is_xid_continue)
}

fn check_import_name(field: &str, value: &str) -> Result<(), String> {
    let (name, private) = match value.split_once(';') {
        Some((name, private)) => (name, Some(private)),
        None => (value, None),
    };
    let name = name.trim_end_matches(crate::pystr::is_space);
    for identifier in name.split('.') {
        if !is_identifier(identifier) {
            return Err(format!(
                "{} is invalid for '{field}'; {} is not a valid identifier",
                repr(name),
                repr(identifier)
            ));
        }
        if KEYWORDS.contains(&identifier) {
            return Err(format!(
                "{} is invalid for '{field}'; {} is a keyword",
                repr(name),
                repr(identifier)
            ));
        }
    }
    if private.is_some_and(|p| p.trim_start_matches(crate::pystr::is_space) != "private") {
        return Err(format!(
            "{} is invalid for '{field}'; the only valid option is 'private'",
            repr(value)
        ));
    }
    Ok(())
}

fn check_license_file(path: &str) -> Result<(), String> {
    let bad = |why: &str| {
        Err(format!(
            "{} is invalid for 'license-file', {why}",
            repr(path)
        ))
    };
    let drive =
        path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    if path.contains("..") {
        bad("parent directory indicators are not allowed")
    } else if path.contains('*') {
        bad("paths must be resolved")
    } else if path.starts_with(['/', '\\']) || drive {
        bad("paths must be relative")
    } else if path.contains('\\') {
        bad("paths must use '/' delimiter")
    } else {
        Ok(())
    }
}

fn each(value: &Value) -> Vec<&str> {
    match value {
        Value::Text(t) => vec![t.as_str()],
        Value::List(items) => items.iter().map(String::as_str).collect(),
        Value::Urls(_) => Vec::new(),
    }
}

/// Checks one known field's value.
fn check_field(name: &str, value: Option<&Value>) -> Result<(), String> {
    let invalid = |v: &str| Err(format!("{} is invalid for '{name}'", repr(v)));
    let text = match value {
        Some(Value::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    match name {
        "name" => match text.filter(|t| !t.is_empty()) {
            None => Err("'name' is a required field".to_string()),
            Some(t) if !check_name(t) => invalid(t),
            Some(_) => Ok(()),
        },
        "version" => match text.filter(|t| !t.is_empty()) {
            None => Err("'version' is a required field".to_string()),
            Some(t) if Pep440::parse(t).is_err() => invalid(t),
            Some(_) => Ok(()),
        },
        "summary" if text.is_some_and(has_line_boundary) => {
            Err("'summary' must be a single line".to_string())
        }
        "description-content-type" => text.map_or(Ok(()), check_content_type),
        "requires-python" => match text {
            Some(t) if requirement::check_specifier_set(t).is_err() => invalid(t),
            _ => Ok(()),
        },
        "license-expression" => match text {
            Some(t) if license::check_expression(t).is_err() => invalid(t),
            _ => Ok(()),
        },
        _ => {
            let Some(value) = value else { return Ok(()) };
            for item in each(value) {
                match name {
                    "requires-dist" if requirement::check_requirement(item).is_err() => {
                        return invalid(item)
                    }
                    "provides-extra" if !check_name(item) => return invalid(item),
                    "dynamic" => {
                        let lower = item.to_lowercase();
                        if ["name", "version", "metadata-version"].contains(&lower.as_str()) {
                            return Err(format!(
                                "{} is not allowed as a dynamic field",
                                repr(&lower)
                            ));
                        }
                        if !FIELDS.iter().any(|f| f.name == lower) {
                            return Err(format!("{} is not a valid dynamic field", repr(&lower)));
                        }
                    }
                    "license-file" => check_license_file(item)?,
                    "import-name" | "import-namespace" => check_import_name(name, item)?,
                    _ => {}
                }
            }
            Ok(())
        }
    }
}

/// Every problem twine would report for these fields (the unreadable ones
/// first), in the order of the specification.
pub fn validate(meta: &CoreMetadata) -> Vec<String> {
    let mut problems = Vec::new();
    let metadata_version = meta.metadata_version();
    // twine drops License-File below metadata 2.4: setuptools wrote it
    // early, with another meaning (twine's package.py).
    let before_2_4 = match metadata_version.map(Pep440::parse) {
        None => true,
        Some(Ok(v)) => v < Pep440::parse("2.4").expect("2.4 is a version"),
        Some(Err(_)) => false,
    };
    let dropped = |field: &str| before_2_4 && field == "license-file";
    for bad in &meta.malformed {
        if dropped(&bad.field) {
            continue;
        }
        let what = match bad.reason {
            MalformedReason::Unknown => "unrecognized field",
            MalformedReason::Encoding => "field not in UTF-8",
            MalformedReason::Repeated => "malformed field (repeated)",
        };
        problems.push(format!("{what} {}", repr(&bad.field)));
    }
    let age = match metadata_version {
        Some(v) => match fields::age(v) {
            Some(age) => Some(age),
            None => {
                problems.push(format!("{} is not a valid metadata version", repr(v)));
                None
            }
        },
        None => {
            problems.push("'metadata-version' is a required field".to_string());
            None
        }
    };
    for spec in FIELDS.iter().skip(1) {
        let value = meta.fields.get(spec.name);
        let required = spec.name == "name" || spec.name == "version";
        if (value.is_none() && !required) || dropped(spec.name) {
            continue;
        }
        if let (Some(age), Some(_)) = (age, value) {
            if fields::age(spec.added).is_some_and(|added| added > age) {
                problems.push(format!(
                    "{} introduced in metadata version {}, not {}",
                    spec.name,
                    spec.added,
                    metadata_version.unwrap_or_default()
                ));
                continue;
            }
        }
        if let Err(message) = check_field(spec.name, value) {
            problems.push(message);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each value alone in otherwise valid 2.5 metadata; verdicts of
    /// packaging 26.4 (tests/data/metadata_fields.tsv).
    #[test]
    fn field_verdicts_agree_with_packaging() {
        let table = include_str!("../../../tests/data/metadata_fields.tsv");
        let mut seen = 0;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (field, value, want) = (cols[0], crate::pkg::unescape(cols[1]), cols[2]);
            let mut meta = CoreMetadata::default();
            for (k, v) in [
                ("metadata-version", "2.5"),
                ("name", "x"),
                ("version", "1.0"),
            ] {
                meta.fields.insert(k.into(), Value::Text(v.into()));
            }
            let spec = FIELDS
                .iter()
                .find(|f| f.name == field)
                .expect("known field");
            let v = match spec.kind {
                super::super::Kind::Text => Value::Text(value.clone()),
                _ => Value::List(vec![value.clone()]),
            };
            meta.fields.insert(field.to_string(), v);
            let problems = validate(&meta);
            seen += 1;
            assert_eq!(
                problems.is_empty(),
                want == "ok",
                "{field} {value:?}: {problems:?}"
            );
        }
        assert!(seen > 200);
    }

    #[test]
    fn required_fields_and_versions() {
        let mut meta = super::super::parse(
            b"Metadata-Version: 2.1\nLicense-Expression: MIT\nDynamic: license\n",
        );
        let problems = validate(&meta);
        assert_eq!(
            problems,
            vec![
                "'name' is a required field",
                "'version' is a required field",
                "dynamic introduced in metadata version 2.2, not 2.1",
                "license-expression introduced in metadata version 2.4, not 2.1",
            ]
        );
        meta.fields.remove("metadata-version");
        assert!(validate(&meta).contains(&"'metadata-version' is a required field".to_string()));
    }

    #[test]
    fn license_file_is_ignored_before_2_4() {
        let meta = super::super::parse(
            b"Metadata-Version: 2.1\nName: x\nVersion: 1\nLicense-File: ../L\n",
        );
        assert!(validate(&meta).is_empty());
        let meta = super::super::parse(
            b"Metadata-Version: 2.4\nName: x\nVersion: 1\nLicense-File: ../L\n",
        );
        assert_eq!(validate(&meta).len(), 1);
    }
}

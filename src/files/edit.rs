//! Format-preserving version edits: only the version's characters change.
//!
//! Each writer finds the exact byte range of the version value (TOML through
//! toml_edit's spans, JSON and YAML through small scanners) and splices the
//! new version in with the same quotes. Comments, key order, quoting style,
//! blank lines, line endings, a UTF-8 BOM and the final newline stay byte for
//! byte, which commitizen's tomlkit / json.dumps round trips do not promise.

use std::ops::Range;

use regex::Regex;

/// A version could not be written into a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text does not parse.
    #[error("does not parse: {0}")]
    Syntax(String),
    /// The key is not there.
    #[error("has no {0}")]
    Missing(String),
    /// The key holds something other than a string.
    #[error("{0} is not a string")]
    NotAString(String),
}

const BOM: &str = "\u{feff}";

/// Replaces `range` of `text` (a string value with its quotes) by `new`,
/// keeping the quotes.
fn splice_quoted(
    text: &str,
    range: Range<usize>,
    new: &str,
    what: &str,
) -> Result<String, EditError> {
    let raw = &text[range.clone()];
    let quote = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q))
        .ok_or_else(|| EditError::NotAString(what.to_string()))?;
    let inner = range.start + quote.len()..range.end - quote.len();
    Ok(format!(
        "{}{new}{}",
        &text[..inner.start],
        &text[inner.end..]
    ))
}

/// Applies `edit` to the text after a BOM, and puts the BOM back.
fn keeping_bom(
    text: &str,
    edit: impl FnOnce(&str) -> Result<String, EditError>,
) -> Result<String, EditError> {
    match text.strip_prefix(BOM) {
        Some(rest) => Ok(format!("{BOM}{}", edit(rest)?)),
        None => edit(text),
    }
}

/// Where a version lives in a TOML file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TomlPlace<'a> {
    /// A key path of tables, e.g. `["project", "version"]`.
    Key(&'a [&'a str]),
    /// The `version` of the `[[package]]` entry named `name` (lock files).
    Package(&'a str),
    /// `[package].version`, or `[workspace.package].version` when the file
    /// has a `[workspace]` table (commitizen's cargo provider).
    Cargo,
}

impl TomlPlace<'_> {
    fn describe(&self) -> String {
        match self {
            TomlPlace::Key(path) => path.join("."),
            TomlPlace::Package(name) => format!("[[package]] {name}"),
            TomlPlace::Cargo => "[package].version".to_string(),
        }
    }
}

/// The span of the version value at `place`.
fn toml_span(
    doc: &toml_edit::Document<&str>,
    place: TomlPlace<'_>,
) -> Result<Range<usize>, EditError> {
    let missing = || EditError::Missing(place.describe());
    let item = match place {
        TomlPlace::Key(path) => {
            let mut item = doc.as_item();
            for key in path {
                item = item.get(key).ok_or_else(missing)?;
            }
            item
        }
        TomlPlace::Cargo => {
            let table = match doc.get("workspace") {
                Some(ws) => ws.get("package"),
                None => doc.get("package"),
            };
            table.and_then(|t| t.get("version")).ok_or_else(missing)?
        }
        TomlPlace::Package(name) => doc
            .get("package")
            .and_then(|p| p.as_array_of_tables())
            .and_then(|packages| {
                packages
                    .iter()
                    .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(name))
            })
            .and_then(|t| t.get("version"))
            .ok_or_else(missing)?,
    };
    if !item.is_str() {
        return Err(EditError::NotAString(place.describe()));
    }
    item.span().ok_or_else(missing)
}

/// Sets the string at `place` of a TOML text to `new`, changing nothing else.
pub fn set_toml(text: &str, place: TomlPlace<'_>, new: &str) -> Result<String, EditError> {
    keeping_bom(text, |body| {
        let doc = toml_edit::Document::parse(body)
            .map_err(|e| EditError::Syntax(e.message().trim().to_string()))?;
        let span = toml_span(&doc, place)?;
        splice_quoted(body, span, new, &place.describe())
    })
}

/// Sets the string at `path` of a JSON text to `new`, changing nothing else.
pub fn set_json(text: &str, path: &[&str], new: &str) -> Result<String, EditError> {
    keeping_bom(text, |body| {
        serde_json::from_str::<serde_json::Value>(body)
            .map_err(|e| EditError::Syntax(e.to_string()))?;
        let span =
            super::json_span::find(body, path).ok_or_else(|| EditError::Missing(path.join(".")))?;
        splice_quoted(body, span, new, &path.join("."))
    })
}

/// Sets `commitizen.version` in a `.cz.yaml` text, changing nothing else.
pub fn set_yaml_commitizen_version(text: &str, new: &str) -> Result<String, EditError> {
    keeping_bom(text, |body| {
        let mut offset = 0;
        let mut in_section = false;
        for line in body.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start().len();
            let trimmed = content.trim_start();
            if indent == 0 && !trimmed.is_empty() && !trimmed.starts_with('#') {
                in_section = trimmed.starts_with("commitizen:");
            } else if in_section && trimmed.starts_with("version:") {
                let value_start = offset + indent + "version:".len();
                let rest = &body[value_start..offset + content.len()];
                let value = rest.split(" #").next().unwrap_or(rest).trim();
                if value.is_empty() {
                    return Err(EditError::NotAString("commitizen.version".to_string()));
                }
                let start = value_start + rest.find(value).expect("value is inside rest");
                let range = start..start + value.len();
                let edited = if value.starts_with(['"', '\'']) {
                    splice_quoted(body, range, new, "commitizen.version")?
                } else {
                    format!("{}{new}{}", &body[..range.start], &body[range.end..])
                };
                let check: serde_json::Value = serde_norway::from_str(&edited)
                    .map_err(|e| EditError::Syntax(e.to_string()))?;
                if check
                    .pointer("/commitizen/version")
                    .and_then(|v| v.as_str())
                    != Some(new)
                {
                    return Err(EditError::NotAString("commitizen.version".to_string()));
                }
                return Ok(edited);
            }
            offset += line.len();
        }
        Err(EditError::Missing("commitizen.version".to_string()))
    })
}

/// True when `text[start..end]` (an occurrence of the current version) is the
/// version itself and not part of a longer version or a dependency pin.
fn whole_token(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        None => {}
        Some(c) if c.is_ascii_digit() || c == '.' => return false,
        Some('v' | 'V') if before.next().is_some_and(|c| c.is_alphanumeric()) => return false,
        Some('v' | 'V') => {}
        Some(c) if c.is_alphanumeric() => return false,
        Some(_) => {}
    }
    // A comparison right before the version makes it a pin (`foo==1.2.3`).
    let lead = text[..start].trim_end_matches([' ', '\t']);
    if ["==", ">=", "<=", "~=", "!=", ">", "<"]
        .iter()
        .any(|op| lead.ends_with(op))
    {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('.' | '+') => !after.next().is_some_and(|c| c.is_alphanumeric()),
        Some(_) => true,
    }
}

/// Replaces the current version by the new one on the lines `line_regex`
/// selects (every line when `None`), as whole tokens only. Returns the text
/// and the number of replacements. Line endings are kept as they are.
pub fn replace_version(
    text: &str,
    line_regex: Option<&Regex>,
    current: &str,
    new: &str,
) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if line_regex.is_some_and(|re| !re.is_match(content)) || current.is_empty() {
            out.push_str(line);
            continue;
        }
        let mut last = 0;
        let mut search = 0;
        while let Some(found) = line[search..].find(current) {
            let start = search + found;
            let end = start + current.len();
            if whole_token(line, start, end) {
                out.push_str(&line[last..start]);
                out.push_str(new);
                last = end;
                count += 1;
            }
            search = start + current.len().max(1);
        }
        out.push_str(&line[last..]);
    }
    (out, count)
}

#[cfg(test)]
mod tests;

//! New release notes → the existing changelog text.
//!
//! [`incremental`] is commitizen 4.19.3's `incremental_build`: the old
//! "Unreleased" block is dropped and the new text goes above the latest
//! release. Everything else stays byte for byte; unlike commitizen, which
//! rewrites a CRLF file with LF, the inserted text takes the file's line
//! endings and the rest keeps its own.
//!
//! [`recent_changes`] is the hand-written mode: a `## Recent Changes` heading
//! (any text, any level) is renamed to the release's heading, a fresh empty
//! one goes above it, and the generated entries (if any) are added at the
//! end of its section.

use super::format::{headings, lines_of, Format, Metadata};
use crate::pystr;

/// The line ending a text uses: its first line's.
pub fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// `text` with its `\n` line endings written as `newline`.
pub fn with_newlines(text: &str, newline: &str) -> String {
    if newline == "\n" {
        text.to_string()
    } else {
        text.replace("\r\n", "\n").replace('\n', newline)
    }
}

/// commitizen's `incremental_build`: `new_content` merged into `existing`.
pub fn incremental(new_content: &str, existing: &str, meta: &Metadata) -> String {
    let newline = newline_of(existing);
    let new_content = with_newlines(new_content, newline);
    let lines = lines_of(existing);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 2);
    let mut skip = false;
    for (index, line) in lines.iter().enumerate() {
        if Some(index) == meta.unreleased_start {
            skip = true;
        } else if Some(index) == meta.unreleased_end {
            skip = false;
            if meta
                .latest_version_position
                .is_none_or(|p| Some(p) > meta.unreleased_end)
            {
                continue;
            }
        }
        if skip {
            continue;
        }
        if Some(index) == meta.latest_version_position {
            out.push(&new_content);
            out.push(newline);
        }
        out.push(line);
    }
    if meta.latest_version_position.is_none() {
        if out.last().is_some_and(|l| !pystr::strip(l).is_empty()) {
            out.push(newline);
        }
        out.push(&new_content);
    }
    out.concat()
}

/// The first heading whose text is `heading` (compared stripped and
/// case-insensitively).
pub fn find_heading(text: &str, format: Format, heading: &str) -> Option<super::format::Heading> {
    let wanted = pystr::strip(heading).to_lowercase();
    headings(text, format)
        .into_iter()
        .find(|h| pystr::strip(&h.title) == wanted)
}

/// The markup of a heading of `format` at `level` with `title`, as lines
/// (without line endings).
fn heading_lines(
    format: Format,
    level: usize,
    title: &str,
    underline: Option<char>,
) -> Vec<String> {
    match format {
        Format::Markdown => vec![format!("{} {title}", "#".repeat(level))],
        Format::Asciidoc => vec![format!("{} {title}", "=".repeat(level))],
        Format::Textile => vec![format!("h{level}. {title}")],
        Format::RestructuredText => {
            let mark = underline.unwrap_or('=');
            vec![
                title.to_string(),
                mark.to_string().repeat(title.chars().count()),
            ]
        }
    }
}

/// The original (not lower-cased) text of the heading at `line`.
fn heading_text(format: Format, line: &str) -> String {
    let line = pystr::strip(line);
    match format {
        Format::Markdown => line.trim_start_matches('#').trim_start().to_string(),
        Format::Asciidoc => line.trim_start_matches('=').trim_start().to_string(),
        Format::Textile => line
            .split_once(". ")
            .map_or(line.to_string(), |(_, t)| t.to_string()),
        Format::RestructuredText => line.to_string(),
    }
}

/// The title the template gives a release heading: the text of the first
/// heading in `rendered`.
pub fn release_title(rendered: &str, format: Format) -> Option<String> {
    let lines = lines_of(rendered);
    let first = headings(rendered, format).into_iter().next()?;
    Some(heading_text(format, lines[first.line]))
}

/// Renames the hand-written heading to the release's `title`, puts a fresh
/// copy of the heading above it, and appends `generated` (the release's
/// sections, `\n` line endings) at the end of its section. `None` when the
/// text has no such heading.
pub fn recent_changes(
    existing: &str,
    format: Format,
    heading: &str,
    title: &str,
    generated: Option<&str>,
) -> Option<String> {
    let found = find_heading(existing, format, heading)?;
    let newline = newline_of(existing);
    let lines = lines_of(existing);
    let original = heading_text(format, lines[found.line + usize::from(found.span == 3)]);
    let underline = match format {
        Format::RestructuredText => pystr::strip(lines[found.line + found.span - 1])
            .chars()
            .next(),
        _ => None,
    };
    let end = headings(existing, format)
        .into_iter()
        .find(|h| h.line > found.line && h.level <= found.level)
        .map_or(lines.len(), |h| h.line);
    let mut out = String::with_capacity(existing.len() + 256);
    out.push_str(&lines[..found.line].concat());
    let overline = |text: &str| -> String {
        let mark = pystr::strip(lines[found.line])
            .chars()
            .next()
            .unwrap_or('=');
        mark.to_string().repeat(text.chars().count())
    };
    for (text, blank_after) in [(original.as_str(), true), (title, false)] {
        if found.span == 3 {
            out.push_str(&overline(text));
            out.push_str(newline);
        }
        for l in heading_lines(format, found.level, text, underline) {
            out.push_str(&l);
            out.push_str(newline);
        }
        if blank_after {
            out.push_str(newline);
        }
    }
    let body = &lines[found.line + found.span..end];
    let last = body.iter().rposition(|l| !pystr::strip(l).is_empty());
    match (generated.filter(|g| !pystr::strip(g).is_empty()), last) {
        (Some(generated), Some(last)) => {
            out.push_str(&body[..=last].concat());
            if !body[last].ends_with('\n') {
                out.push_str(newline);
            }
            out.push_str(newline);
            out.push_str(&with_newlines(generated.trim_start_matches('\n'), newline));
            let rest = &body[last + 1..];
            if end < lines.len() && !rest.iter().any(|l| pystr::strip(l).is_empty()) {
                out.push_str(newline);
            }
            out.push_str(&rest.concat());
        }
        (Some(generated), None) => {
            out.push_str(newline);
            out.push_str(&with_newlines(generated.trim_start_matches('\n'), newline));
            if end < lines.len() {
                out.push_str(newline);
            }
        }
        (None, _) => out.push_str(&body.concat()),
    }
    out.push_str(&lines[end..].concat());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changelog::format::metadata;
    use crate::version::{Scheme, TagRules};

    fn rules() -> TagRules {
        TagRules::new(Scheme::Pep440, "$version", &[], &[]).unwrap()
    }

    // Expected text: commitizen 4.19.3's incremental_build on the same lines
    // and metadata.
    #[test]
    fn new_content_goes_above_the_latest_release() {
        let old = "# Changelog\n\n## Unreleased\n\n- old\n\n## 1.0.0 (2024-01-01)\n\n- x\n";
        let meta = metadata(old, Format::Markdown, &rules());
        let new = "## 1.1.0 (2024-02-01)\n\n### Feat\n\n- y\n";
        assert_eq!(
            incremental(new, old, &meta),
            "# Changelog\n\n## 1.1.0 (2024-02-01)\n\n### Feat\n\n- y\n\n## 1.0.0 (2024-01-01)\n\n- x\n"
        );
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let old = "# Changelog\r\n\r\n## 1.0.0 (2024-01-01)\r\n\r\n- x\r\n";
        let meta = metadata(old, Format::Markdown, &rules());
        let merged = incremental("## 1.1.0\n\n- y\n", old, &meta);
        assert_eq!(
            merged,
            "# Changelog\r\n\r\n## 1.1.0\r\n\r\n- y\r\n\r\n## 1.0.0 (2024-01-01)\r\n\r\n- x\r\n"
        );
    }

    #[test]
    fn without_a_release_the_notes_are_appended() {
        let old = "# Changelog";
        let meta = metadata(old, Format::Markdown, &rules());
        assert_eq!(
            incremental("## 1.0.0\n", old, &meta),
            "# Changelog\n## 1.0.0\n"
        );
    }

    #[test]
    fn recent_changes_heading_is_renamed() {
        let old = "# Changelog\n\n## Recent Changes\n\nBig news.\n\n## 1.0.0 (2024-01-01)\n\n- x\n";
        let new = recent_changes(
            old,
            Format::Markdown,
            "Recent Changes",
            "1.1.0 (2024-02-01)",
            None,
        );
        assert_eq!(
            new.unwrap(),
            "# Changelog\n\n## Recent Changes\n\n## 1.1.0 (2024-02-01)\n\nBig news.\n\n## 1.0.0 (2024-01-01)\n\n- x\n"
        );
        let new = recent_changes(
            old,
            Format::Markdown,
            "recent changes",
            "1.1.0 (2024-02-01)",
            Some("### Feat\n\n- y\n"),
        );
        assert_eq!(
            new.unwrap(),
            "# Changelog\n\n## Recent Changes\n\n## 1.1.0 (2024-02-01)\n\nBig news.\n\n### Feat\n\n- y\n\n## 1.0.0 (2024-01-01)\n\n- x\n"
        );
        assert!(recent_changes(old, Format::Markdown, "Next", "x", None).is_none());
    }
}

//! One version's section of a changelog: the release notes that
//! `relx changelog --notes VERSION`, the build step's RELEASE_NOTES.md and
//! the GitHub Release body use.
//!
//! The section is everything under the heading that names the version, up to
//! the next heading of the same or a higher level, hand edits included, with
//! its surrounding blank lines removed. The heading itself is left out: the
//! release already carries the version as its title.

use super::format::{headings, lines_of, Format};
use crate::pystr;
use crate::version::TagRules;

/// The notes of `version` in `text`, or `None` when no heading names it.
///
/// `version` may be written as a version (`1.2.0`) or as a tag (`v1.2.0`);
/// a heading matches when it names the same version under the project's
/// tag formats (`## v1.2.0 (2026-01-31)`, `## 1.2.0`). The result keeps
/// the file's line endings and ends with one line break (it is empty for a
/// heading with nothing under it).
pub fn section(text: &str, format: Format, rules: &TagRules, version: &str) -> Option<String> {
    let wanted = rules
        .version_of(version.trim())
        .or_else(|_| rules.scheme.parse(version.trim()))
        .ok()?;
    let lines = lines_of(text);
    let all = headings(text, format);
    let (index, heading) = all.iter().enumerate().find(|(_, h)| {
        let found = match format {
            Format::Textile => {
                rules.search_version(&pystr::strip(lines[h.line]).to_lowercase(), false)
            }
            Format::Asciidoc => rules.search_version(&h.title, true),
            _ => rules.search_version(&h.title, false),
        };
        found.is_some_and(|f| {
            rules
                .version_of(&f.tag)
                .or_else(|_| rules.scheme.parse(&f.version))
                .is_ok_and(|v| v == wanted)
        })
    })?;
    let start = heading.line + heading.span;
    let end = all[index + 1..]
        .iter()
        .find(|h| h.level <= heading.level)
        .map_or(lines.len(), |h| h.line);
    let body = &lines[start.min(end)..end];
    let blank = |l: &&str| pystr::strip(l).is_empty();
    let first = body.iter().position(|l| !blank(l));
    let last = body.iter().rposition(|l| !blank(l));
    let (Some(first), Some(last)) = (first, last) else {
        return Some(String::new());
    };
    let mut out: String = body[first..=last].concat();
    if !out.ends_with('\n') {
        out.push_str(if text.contains("\r\n") { "\r\n" } else { "\n" });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Scheme;

    fn rules() -> TagRules {
        TagRules::new(Scheme::Pep440, "v$version", &[], &[]).unwrap()
    }

    const TEXT: &str = "# Changelog\n\n## v1.1.0 (2024-02-01)\n\nHand-written intro.\n\n### Feat\n\n- **api**: add x\n\n## v1.0.0 (2024-01-01)\n\n### Fix\n\n- y\n";

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level() {
        let notes = section(TEXT, Format::Markdown, &rules(), "1.1.0").unwrap();
        assert_eq!(
            notes,
            "Hand-written intro.\n\n### Feat\n\n- **api**: add x\n"
        );
        let notes = section(TEXT, Format::Markdown, &rules(), "v1.0.0").unwrap();
        assert_eq!(notes, "### Fix\n\n- y\n");
        assert_eq!(section(TEXT, Format::Markdown, &rules(), "0.9.0"), None);
        assert_eq!(
            section(TEXT, Format::Markdown, &rules(), "not a version"),
            None
        );
    }

    #[test]
    fn line_endings_are_kept() {
        let crlf = TEXT.replace('\n', "\r\n");
        let notes = section(&crlf, Format::Markdown, &rules(), "1.0.0").unwrap();
        assert_eq!(notes, "### Fix\r\n\r\n- y\r\n");
    }

    #[test]
    fn restructuredtext_sections() {
        let text = "v1.1.0 (2024-02-01)\n===================\n\nFeat\n----\n\n- x\n\nv1.0.0 (2024-01-01)\n===================\n\n- y\n";
        let notes = section(text, Format::RestructuredText, &rules(), "1.1.0").unwrap();
        assert_eq!(notes, "Feat\n----\n\n- x\n");
    }
}

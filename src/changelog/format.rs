//! Changelog file formats: which one a file is written in, what its
//! headings look like, and where its latest release starts.
//!
//! The scanning rules are commitizen 4.19.3's `changelog_formats`: every line
//! is stripped and lower-cased, a heading is recognised by its markup, and a
//! heading that names a version (through the tag formats) marks the latest
//! release. A heading containing "unreleased" opens the block a new release
//! replaces.

use crate::pystr;
use crate::version::{FoundVersion, TagRules};

/// A changelog markup language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `CHANGELOG.md`: `## 1.2.0 (2026-01-31)`.
    Markdown,
    /// `CHANGELOG.rst`: titles underlined with `=` and `-`.
    RestructuredText,
    /// `CHANGELOG.adoc`: `== 1.2.0 (2026-01-31)`.
    Asciidoc,
    /// `CHANGELOG.textile`: `h2. 1.2.0 (2026-01-31)`.
    Textile,
}

impl Format {
    /// Every format name relx accepts for `changelog_format`.
    pub const NAMES: [&'static str; 4] = ["markdown", "restructuredtext", "asciidoc", "textile"];

    /// The format called `name` (commitizen's names).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "markdown" => Format::Markdown,
            "restructuredtext" => Format::RestructuredText,
            "asciidoc" => Format::Asciidoc,
            "textile" => Format::Textile,
            _ => return None,
        })
    }

    /// The format a file name's extension says (commitizen's guess).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let formats = [
            (Format::Markdown, &["md", "markdown", "mkd"][..]),
            (Format::Textile, &["textile"][..]),
            (Format::Asciidoc, &["adoc"][..]),
            (Format::RestructuredText, &["rst"][..]),
        ];
        formats
            .iter()
            .find(|(_, exts)| exts.iter().any(|e| name.ends_with(&format!(".{e}"))))
            .map(|(f, _)| *f)
    }

    /// The built-in template's name (`CHANGELOG.md.j2`, …).
    pub fn template_name(self) -> &'static str {
        match self {
            Format::Markdown => "CHANGELOG.md.j2",
            Format::RestructuredText => "CHANGELOG.rst.j2",
            Format::Asciidoc => "CHANGELOG.adoc.j2",
            Format::Textile => "CHANGELOG.textile.j2",
        }
    }

    /// The heading level of a stripped line, for the one-line formats.
    fn title_level(self, line: &str) -> Option<(usize, &str)> {
        match self {
            Format::Markdown | Format::Asciidoc => {
                let mark = if self == Format::Markdown { '#' } else { '=' };
                let level = line.chars().take_while(|&c| c == mark).count();
                let title = line[level..].strip_prefix(' ')?;
                (level > 0).then_some((level, title))
            }
            Format::Textile => {
                let rest = line.strip_prefix('h')?;
                let digit = rest.chars().next().filter(|c| c.is_ascii_digit())?;
                let title = rest[1..].strip_prefix(". ")?;
                Some((digit.to_digit(10)? as usize, title))
            }
            Format::RestructuredText => None,
        }
    }

    /// The version a stripped, lower-cased title line names.
    fn version_in_title(self, line: &str, rules: &TagRules) -> Option<FoundVersion> {
        let (_, title) = self.title_level(line)?;
        match self {
            Format::Markdown => rules.search_version(title, false),
            // AsciiDoc puts URL labels after the version: the last one counts.
            Format::Asciidoc => rules.search_version(title, true),
            Format::Textile => rules.search_version(line, false),
            Format::RestructuredText => None,
        }
    }
}

/// Where the latest release and the "Unreleased" block are in a file
/// (0-based line numbers), commitizen's `Metadata`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// First line of the "Unreleased" block.
    pub unreleased_start: Option<usize>,
    /// The line that ends it.
    pub unreleased_end: Option<usize>,
    /// The latest version heading, if any.
    pub latest_version: Option<FoundVersion>,
    /// Its line.
    pub latest_version_position: Option<usize>,
}

/// The latest final (not pre-release) version heading of a file:
/// commitizen's `IncrementalMergeInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LatestFinal {
    /// The heading's version text as a tag would spell it.
    pub name: Option<String>,
    /// Its line, or the last line of the file when there is none.
    pub index: Option<usize>,
}

/// Splits a text into lines that keep their line endings.
pub fn lines_of(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn clean(line: &str) -> String {
    pystr::strip(line).to_lowercase()
}

/// Scans a changelog for its latest release and its "Unreleased" block.
pub fn metadata(text: &str, format: Format, rules: &TagRules) -> Metadata {
    let lines = lines_of(text);
    if format == Format::RestructuredText {
        return rst_metadata(&lines, rules);
    }
    let mut meta = Metadata::default();
    let mut unreleased_level = None;
    let mut index = 0;
    for (i, raw) in lines.iter().enumerate() {
        index = i;
        let line = clean(raw);
        let level = format.title_level(&line).map(|(l, _)| l);
        if line.contains("unreleased") && level.is_some() {
            meta.unreleased_start = Some(i);
            unreleased_level = level;
            continue;
        } else if unreleased_level.is_some() && level == unreleased_level {
            meta.unreleased_end = Some(i);
        }
        if let Some(found) = format.version_in_title(&line, rules) {
            meta.latest_version = Some(found);
            meta.latest_version_position = Some(i);
            break;
        }
    }
    if meta.unreleased_start.is_some() && meta.unreleased_end.is_none() {
        meta.unreleased_end = Some(index);
    }
    meta
}

/// An RST title at `first` (underlined) or `first`..`third` (overlined).
fn rst_underlined(first: &str, second: &str) -> bool {
    let mut chars = second.chars();
    let Some(mark) = chars.next() else {
        return false;
    };
    second.chars().count() >= first.chars().count()
        && !second.chars().all(char::is_alphanumeric)
        && chars.all(|c| c == mark)
}

fn rst_overlined(first: &str, second: &str, third: &str) -> bool {
    let Some(mark) = first.chars().next() else {
        return false;
    };
    let len = first.chars().count();
    len == third.chars().count()
        && len >= second.chars().count()
        && third.starts_with(mark)
        && first.chars().all(|c| c == mark)
        && rst_underlined(second, third)
}

/// An RST title: its line, text and adornment (overline, underline).
struct RstTitle {
    line: usize,
    title: String,
    kind: (Option<char>, char),
}

/// The titles of an RST text, by commitizen's scan: a line underlined by a
/// run of one punctuation character at least as long, or overlined too.
fn rst_titles(lines: &[String]) -> Vec<RstTitle> {
    let get = |i: usize| lines.get(i).map_or("", String::as_str);
    let mut titles = Vec::new();
    let mut overlined = false;
    for index in 0..lines.len() {
        let (first, second, third) = (get(index), get(index + 1), get(index + 2));
        if rst_overlined(first, second, third) {
            if let (Some(over), Some(under)) = (first.chars().next(), third.chars().next()) {
                if !second.is_empty() {
                    titles.push(RstTitle {
                        line: index,
                        title: second.to_string(),
                        kind: (Some(over), under),
                    });
                }
            }
            overlined = true;
        } else if !overlined && rst_underlined(first, second) {
            if let Some(under) = second.chars().next() {
                if !first.is_empty() {
                    titles.push(RstTitle {
                        line: index,
                        title: first.to_string(),
                        kind: (None, under),
                    });
                }
            }
        } else {
            overlined = false;
        }
    }
    titles
}

fn rst_metadata(lines: &[&str], rules: &TagRules) -> Metadata {
    let cleaned: Vec<String> = lines.iter().map(|l| clean(l)).collect();
    let mut meta = Metadata::default();
    let mut unreleased_kind = None;
    for RstTitle { line, title, kind } in rst_titles(&cleaned) {
        if title.contains("unreleased") {
            unreleased_kind = Some(kind);
            meta.unreleased_start = Some(line);
            continue;
        }
        if unreleased_kind == Some(kind) {
            meta.unreleased_end = Some(line);
        }
        if let Some(found) = rules.search_version(&title, false) {
            meta.latest_version = Some(found);
            meta.latest_version_position = Some(line);
            break;
        }
    }
    if meta.unreleased_start.is_some() && meta.unreleased_end.is_none() {
        meta.unreleased_end = Some(match meta.latest_version {
            Some(_) => meta.latest_version_position.unwrap_or(cleaned.len()),
            None => cleaned.len(),
        });
    }
    meta
}

/// A heading of any format: its line, how many lines it spans, its level
/// (for RST, the order in which its underline kind first appeared) and its
/// text, stripped and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// First line of the heading.
    pub line: usize,
    /// Lines it takes (2 or 3 in RST).
    pub span: usize,
    /// Its level: 1 is the top.
    pub level: usize,
    /// Its text, stripped and lower-cased.
    pub title: String,
}

/// Every heading of a text, in order.
pub fn headings(text: &str, format: Format) -> Vec<Heading> {
    let lines = lines_of(text);
    let cleaned: Vec<String> = lines.iter().map(|l| clean(l)).collect();
    if format != Format::RestructuredText {
        return cleaned
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let (level, title) = format.title_level(line)?;
                Some(Heading {
                    line: i,
                    span: 1,
                    level,
                    title: title.to_string(),
                })
            })
            .collect();
    }
    let mut kinds: Vec<(Option<char>, char)> = Vec::new();
    let mut out = Vec::new();
    for RstTitle { line, title, kind } in rst_titles(&cleaned) {
        let level = match kinds.iter().position(|k| *k == kind) {
            Some(p) => p + 1,
            None => {
                kinds.push(kind);
                kinds.len()
            }
        };
        out.push(Heading {
            line,
            span: if kind.0.is_some() { 3 } else { 2 },
            level,
            title,
        });
    }
    out
}

/// The latest heading naming a final release (commitizen's
/// `get_latest_full_release`).
pub fn latest_final(text: &str, format: Format, rules: &TagRules) -> LatestFinal {
    let lines = lines_of(text);
    if lines.is_empty() {
        return LatestFinal::default();
    }
    for heading in headings(text, format) {
        let found = match format {
            Format::RestructuredText => rules.search_version(&heading.title, false),
            _ => format.version_in_title(&clean(lines[heading.line]), rules),
        };
        if let Some(found) = found {
            let prerelease = rules
                .version_of(&found.tag)
                .map(|v| v.is_prerelease())
                .unwrap_or(false);
            if !prerelease {
                return LatestFinal {
                    name: Some(found.tag),
                    index: Some(heading.line),
                };
            }
        }
    }
    LatestFinal {
        name: None,
        index: Some(lines.len() - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::Scheme;

    fn rules() -> TagRules {
        TagRules::new(Scheme::Pep440, "v$version", &[], &[]).unwrap()
    }

    #[test]
    fn formats_from_names_and_files() {
        assert_eq!(
            Format::from_file_name("docs/CHANGES.rst"),
            Some(Format::RestructuredText)
        );
        assert_eq!(
            Format::from_file_name("NEWS.markdown"),
            Some(Format::Markdown)
        );
        assert_eq!(Format::from_file_name("CHANGELOG"), None);
        assert_eq!(Format::from_name("textile"), Some(Format::Textile));
    }

    // Expected positions: commitizen 4.19.3's Markdown().get_metadata_from_file.
    #[test]
    fn markdown_metadata() {
        let text = "# Changelog\n\n## Unreleased\n\n- x\n\n## v1.2.0 (2024-01-01)\n\n- y\n";
        let meta = metadata(text, Format::Markdown, &rules());
        assert_eq!(meta.unreleased_start, Some(2));
        assert_eq!(meta.unreleased_end, Some(6));
        assert_eq!(meta.latest_version_position, Some(6));
        let found = meta.latest_version.unwrap();
        assert_eq!(
            (found.version.as_str(), found.tag.as_str()),
            ("1.2.0", "v1.2.0")
        );
    }

    #[test]
    fn rst_metadata_reads_underlined_titles() {
        let text =
            "Changelog\n=========\n\nv1.0.0 (2024-01-01)\n===================\n\nFeat\n----\n";
        let meta = metadata(text, Format::RestructuredText, &rules());
        assert_eq!(meta.latest_version_position, Some(3));
        let heads = headings(text, Format::RestructuredText);
        assert_eq!(heads.len(), 3);
        assert_eq!((heads[1].level, heads[2].level), (1, 2));
    }

    #[test]
    fn latest_final_skips_prereleases() {
        let text = "## v1.1.0a1 (x)\n\n- a\n\n## v1.0.0 (y)\n";
        let info = latest_final(text, Format::Markdown, &rules());
        assert_eq!(info.name.as_deref(), Some("v1.0.0"));
        assert_eq!(info.index, Some(4));
    }
}

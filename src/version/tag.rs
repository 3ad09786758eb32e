//! Tag names ↔ versions, as commitizen's `TagRules` maps them.
//!
//! `tag_format` is a Python `string.Template` (`v$version`, `${major}.${minor}`)
//! for writing a tag, and, with each placeholder replaced by a regex, the
//! pattern that recognises one. `legacy_tag_formats` are read but never
//! written; `ignored_tag_formats` (with `*` wildcards) are skipped silently.

use regex::Regex;

use super::pep440::InvalidVersion;
use super::scheme::{Scheme, Version};
use crate::pyre;

/// What `$version` matches in a tag: commitizen's `_DEFAULT_VERSION_PARSER`,
/// widened so that every version relx writes reads back. cz's pattern stops
/// before an epoch (`1!2.0`), a fourth release number, a `.devN` or
/// `.postN` after a pre-release (`0.3.0b1.dev10`, which `cz bump 10
/// --prerelease beta` tags itself) and a local part after one; it then
/// warns that its own tag is invalid, and its changelog reads the heading
/// `v0.3.0b1.dev10` as `0.3.0b1`. The extra groups only ever lengthen a
/// match cz makes, so every tag cz reads means the same version here.
const VERSION_REGEX: &str = r"v?(?P<version>(?:[0-9]+!)?([0-9]+)\.([0-9]+)(?:\.([0-9]+))?(?:\.[0-9]+)*(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.]+)?(\w+)?(?:\.\w+)*(?:\+[0-9A-Za-z.]+)?)";

/// Placeholders and their regexes, in commitizen's replacement order.
const PLACEHOLDERS: [(&str, &str); 6] = [
    ("version", VERSION_REGEX),
    ("major", r"(?P<major>\d+)"),
    ("minor", r"(?P<minor>\d+)"),
    ("patch", r"(?P<patch>\d+)"),
    ("prerelease", r"(?P<prerelease>\w+(?:\.\w+)*)?"),
    ("devrelease", r"(?P<devrelease>\.?dev\d+)?"),
];

/// A tag format that cannot work.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TagFormatError {
    /// Neither `$version` nor `$major` appears.
    #[error("tag format '{0}' has no $version (or $major, $minor, $patch)")]
    NoVersion(String),
    /// The format does not give a usable regex.
    #[error("tag format '{format}' cannot be matched: {reason}")]
    BadPattern {
        /// The format as configured.
        format: String,
        /// Why its regex does not compile.
        reason: String,
    },
}

/// The tag rules of a project: how tags are written and recognised.
#[derive(Debug, Clone)]
pub struct TagRules {
    /// The scheme versions are written in.
    pub scheme: Scheme,
    /// The format new tags get.
    pub tag_format: String,
    /// Older formats still recognised.
    pub legacy_tag_formats: Vec<String>,
    version_regexes: Vec<Regex>,
    search_regexes: Vec<Regex>,
    ignored_regexes: Vec<Regex>,
}

/// A version found in a text (a changelog heading), with the text that
/// named it (commitizen's `VersionTag`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundVersion {
    /// The version as written in the text (`1.2.0`).
    pub version: String,
    /// The whole match, as a tag would spell it (`v1.2.0`).
    pub tag: String,
}

impl TagRules {
    /// Checks and compiles the formats.
    pub fn new(
        scheme: Scheme,
        tag_format: &str,
        legacy_tag_formats: &[String],
        ignored_tag_formats: &[String],
    ) -> Result<TagRules, TagFormatError> {
        let formats =
            std::iter::once(tag_format).chain(legacy_tag_formats.iter().map(String::as_str));
        let mut version_regexes = Vec::new();
        let mut search_regexes = Vec::new();
        for format in formats {
            if !has_version(format) {
                return Err(TagFormatError::NoVersion(format.to_string()));
            }
            version_regexes.push(format_regex(format, false)?);
            search_regexes.push(format_search_regex(format)?);
        }
        let ignored_regexes = ignored_tag_formats
            .iter()
            .map(|f| format_regex(f, true))
            .collect::<Result<_, _>>()?;
        Ok(TagRules {
            scheme,
            tag_format: tag_format.to_string(),
            legacy_tag_formats: legacy_tag_formats.to_vec(),
            version_regexes,
            search_regexes,
            ignored_regexes,
        })
    }

    /// The tag `version` gets with the current `tag_format`.
    pub fn tag_for(&self, version: &Version) -> String {
        render(&self.tag_format, version)
    }

    /// Every name a tag of `version` may have: current format first, then the
    /// legacy ones (commitizen's `find_tag_for` candidates).
    pub fn candidate_tags(&self, version: &Version) -> Vec<String> {
        let mut names = vec![self.tag_for(version)];
        for format in &self.legacy_tag_formats {
            let name = render(format, version);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// True for a tag that matches `ignored_tag_formats`.
    pub fn is_ignored(&self, tag: &str) -> bool {
        self.ignored_regexes.iter().any(|re| re.is_match(tag))
    }

    /// True for a tag that matches a tag format and is not ignored.
    pub fn is_version_tag(&self, tag: &str) -> bool {
        !self.is_ignored(tag) && self.version_regexes.iter().any(|re| re.is_match(tag))
    }

    /// The version a tag names (`extract_version`).
    pub fn version_of(&self, tag: &str) -> Result<Version, InvalidVersion> {
        let caps = self
            .version_regexes
            .iter()
            .find_map(|re| re.captures(tag))
            .ok_or_else(|| InvalidVersion(tag.to_string()))?;
        if let Some(v) = caps.name("version").filter(|m| !m.is_empty()) {
            return self.scheme.parse(v.as_str());
        }
        self.scheme.parse(&parts_text(&caps))
    }
}

impl TagRules {
    /// commitizen's `search_version`: the first (or last) place in `text`
    /// where a tag format matches, trying the formats in order and taking
    /// the first that matches anywhere.
    pub fn search_version(&self, text: &str, last: bool) -> Option<FoundVersion> {
        let regex = self.search_regexes.iter().find(|re| re.is_match(text))?;
        let caps = if last {
            regex.captures_iter(text).last()?
        } else {
            regex.captures(text)?
        };
        let whole = caps.get(0).map_or("", |m| m.as_str()).to_string();
        if let Some(v) = caps.name("version").filter(|m| !m.is_empty()) {
            return Some(FoundVersion {
                version: v.as_str().to_string(),
                tag: whole,
            });
        }
        let names: Vec<&str> = regex.capture_names().flatten().collect();
        if !["major", "minor", "patch"]
            .iter()
            .all(|n| names.contains(n))
        {
            return None;
        }
        Some(FoundVersion {
            version: parts_text(&caps),
            tag: whole,
        })
    }
}

fn format_search_regex(format: &str) -> Result<Regex, TagFormatError> {
    pyre::search(&placeholders_replaced(format, false)).map_err(|e| TagFormatError::BadPattern {
        format: format.to_string(),
        reason: e.reason,
    })
}

/// `_extract_version`: a version text from `$major`, `$minor`, … groups.
fn parts_text(caps: &regex::Captures<'_>) -> String {
    let group = |name: &str| {
        caps.name(name)
            .map(|m| m.as_str())
            .filter(|s| !s.is_empty())
    };
    let mut text = group("major").unwrap_or_default().to_string();
    for (name, prefix) in [
        ("minor", "."),
        ("patch", "."),
        ("prerelease", "-"),
        ("devrelease", ""),
    ] {
        if let Some(value) = group(name) {
            text.push_str(prefix);
            text.push_str(value);
        }
    }
    text
}

fn has_version(format: &str) -> bool {
    ["$version", "${version}", "$major", "${major}"]
        .iter()
        .any(|p| format.contains(p))
}

/// `_format_regex`: the format with each placeholder replaced by its regex.
/// The rest of the format is used as a regex as it stands, as commitizen does.
fn format_regex(format: &str, star: bool) -> Result<Regex, TagFormatError> {
    pyre::full(&placeholders_replaced(format, star)).map_err(|e| TagFormatError::BadPattern {
        format: format.to_string(),
        reason: e.reason,
    })
}

fn placeholders_replaced(format: &str, star: bool) -> String {
    let mut pattern = if star {
        format.replace('*', "(?:.*?)")
    } else {
        format.to_string()
    };
    for braced in [false, true] {
        for (name, regex) in PLACEHOLDERS {
            let placeholder = if braced {
                format!("${{{name}}}")
            } else {
                format!("${name}")
            };
            pattern = pattern.replace(&placeholder, regex);
        }
    }
    pattern
}

/// `normalize_tag`: Python's `Template(format).safe_substitute(...)` with
/// the version's parts. relx also fills `$devrelease` (commitizen leaves it
/// in the tag verbatim, SPEC §3).
pub fn render(format: &str, version: &Version) -> String {
    let pep = &version.pep;
    let value = |name: &str| -> Option<String> {
        Some(match name {
            "version" => version.to_string(),
            "major" => pep.release_part(0).to_string(),
            "minor" => pep.release_part(1).to_string(),
            "patch" => pep.release_part(2).to_string(),
            "prerelease" => version.prerelease().unwrap_or_default(),
            "devrelease" => pep
                .dev
                .as_ref()
                .map(|n| format!(".dev{n}"))
                .unwrap_or_default(),
            _ => return None,
        })
    };
    safe_substitute(format, value)
}

/// Python's `string.Template.safe_substitute`: `$$` is `$`, `$name` and
/// `${name}` are replaced when known and kept verbatim otherwise.
pub fn safe_substitute(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let is_start = |c: u8| c == b'_' || c.is_ascii_alphabetic();
    let is_rest = |c: u8| c == b'_' || c.is_ascii_alphanumeric();
    let bytes = template.as_bytes();
    let mut out = String::with_capacity(template.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            let next = template[i..].find('$').map_or(bytes.len(), |n| i + n);
            out.push_str(&template[i..next]);
            i = next;
            continue;
        }
        let rest = &bytes[i + 1..];
        if rest.first() == Some(&b'$') {
            out.push('$');
            i += 2;
        } else if rest.first().is_some_and(|&c| is_start(c)) {
            let len = rest.iter().take_while(|&&c| is_rest(c)).count();
            let name = &template[i + 1..i + 1 + len];
            match value(name) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&template[i..i + 1 + len]),
            }
            i += 1 + len;
        } else if rest.first() == Some(&b'{')
            && rest.get(1).is_some_and(|&c| is_start(c))
            && rest[1..]
                .iter()
                .position(|&c| !is_rest(c))
                .is_some_and(|p| rest[1 + p] == b'}')
        {
            let len = rest[1..].iter().take_while(|&&c| is_rest(c)).count();
            let name = &template[i + 2..i + 2 + len];
            match value(name) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&template[i..i + 3 + len]),
            }
            i += 3 + len;
        } else {
            out.push('$');
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(format: &str, legacy: &[&str]) -> TagRules {
        let legacy: Vec<String> = legacy.iter().map(|s| s.to_string()).collect();
        TagRules::new(Scheme::Pep440, format, &legacy, &[]).unwrap()
    }

    fn v(s: &str) -> Version {
        Scheme::Pep440.parse(s).unwrap()
    }

    // Expected values: commitizen 4.19.3 TagRules.normalize_tag.
    #[test]
    fn tags_are_written_as_commitizen_writes_them() {
        assert_eq!(rules("v$version", &[]).tag_for(&v("1.0.0a1")), "v1.0.0a1");
        assert_eq!(
            rules("$major.$minor.$patch$prerelease", &[]).tag_for(&v("1.0.0a1")),
            "1.0.0a1"
        );
        assert_eq!(rules("${version}-x", &[]).tag_for(&v("2.0")), "2.0-x");
        assert_eq!(
            rules("$$v$version$foo", &[]).tag_for(&v("1.2.3")),
            "$v1.2.3$foo"
        );
        assert_eq!(rules("v$major.$minor", &[]).tag_for(&v("1")), "v1.0");
    }

    #[test]
    fn tags_are_read_back() {
        let r = rules("v$version", &["release-$major.$minor.$patch$prerelease"]);
        assert_eq!(r.version_of("v1.2.3").unwrap(), v("1.2.3"));
        assert_eq!(r.version_of("release-1.2.3rc1").unwrap(), v("1.2.3rc1"));
        assert!(r.is_version_tag("v1.2.3"));
        assert!(!r.is_version_tag("latest"));
        assert_eq!(
            r.candidate_tags(&v("1.2.3")),
            vec!["v1.2.3", "release-1.2.3"]
        );
    }

    #[test]
    fn a_format_needs_a_version() {
        assert!(TagRules::new(Scheme::Pep440, "release", &[], &[]).is_err());
    }

    #[test]
    fn ignored_formats_use_wildcards() {
        let r = TagRules::new(Scheme::Pep440, "$version", &[], &["ci-*".to_string()]).unwrap();
        assert!(r.is_ignored("ci-1.0.0"));
        assert!(!r.is_version_tag("ci-1.0.0"));
    }
}

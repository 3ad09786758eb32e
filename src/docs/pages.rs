//! What each docs command writes into the branch, as a list of edits: the
//! same files, modes and order as mike 2.2's `commands.py` feeds to
//! `git fast-import` (deletes first, then the version's files, its aliases,
//! `versions.json` and `.nojekyll`). Pure: the shell reads the built site and
//! the branch, and applies the edits.

use std::sync::Arc;

use super::versions::{Entry, Removed};

/// A regular file.
pub const MODE_FILE: u32 = 0o100644;
/// An executable file.
pub const MODE_EXEC: u32 = 0o100755;
/// A symbolic link (how mike makes `symlink` aliases).
pub const MODE_LINK: u32 = 0o120000;

/// The bytes of a file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// New bytes.
    Data(Arc<[u8]>),
    /// An object already in the repository (hex id), e.g. a copied page.
    Blob(String),
}

/// A file in the branch, its mode and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path from the branch root (or, for site files, from the site root).
    pub path: String,
    /// git file mode.
    pub mode: u32,
    /// What it holds.
    pub content: Content,
}

impl File {
    /// A regular file holding `text`.
    pub fn text(path: String, text: &str) -> File {
        File {
            path,
            mode: MODE_FILE,
            content: Content::Data(Arc::from(text.as_bytes())),
        }
    }
}

/// One step of a commit, applied in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Remove everything (`mike delete --all` without a prefix).
    DeleteAll,
    /// Remove a file or a whole folder (nothing when it does not exist).
    Delete(String),
    /// Write a file, replacing whatever is at that path.
    Put(File),
}

/// How aliases are made (mike's `--alias-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AliasType {
    /// A symbolic link to the version's folder (mike's default).
    #[default]
    Symlink,
    /// One small HTML page per page of the version, redirecting to it.
    Redirect,
    /// A full copy of the version's files.
    Copy,
}

impl AliasType {
    /// The type called `name` (`symlink`, `redirect`, `copy`).
    pub fn from_name(name: &str) -> Option<AliasType> {
        match name {
            "symlink" => Some(AliasType::Symlink),
            "redirect" => Some(AliasType::Redirect),
            "copy" => Some(AliasType::Copy),
            _ => None,
        }
    }
}

/// `posixpath.normpath` for the relative paths used in the branch; `None`
/// for an absolute path or one that leaves the root.
pub fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `os.path.join(prefix, name)`, normalised as mike's `git_path` does.
pub fn join(prefix: &str, name: &str) -> String {
    let joined = if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    };
    normalize(&joined).unwrap_or(joined)
}

/// `os.path.relpath(dst, start)` for normalised relative paths.
fn relpath(dst: &str, start: &str) -> String {
    let split = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (dst, start) = (split(dst), split(start));
    let common = dst.iter().zip(&start).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); start.len() - common];
    parts.extend(dst[common..].iter().cloned());
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

fn dirname(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// markupsafe's escape, which Jinja's autoescape applies to `{{href}}`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The redirect page mike writes for aliases and `set-default` (its
/// `templates/redirect.html`, rendered with `href`).
pub fn redirect_page(href: &str) -> String {
    let href = escape(href);
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n  <meta charset=\"utf-8\">\n  <title>Redirecting</title>\n  <noscript>\n    <meta http-equiv=\"refresh\" content=\"1; url={href}\" />\n  </noscript>\n  <script>\n    window.location.replace(\n      \"{href}\" + window.location.search + window.location.hash\n    );\n  </script>\n</head>\n<body>\n  Redirecting to <a href=\"{href}\">{href}</a>...\n</body>\n</html>\n"
    )
}

/// mike's `_add_redirect_to_commit`: for an HTML page of an alias, a page
/// redirecting to the same page of the version; `None` for other files.
fn redirect_for(alias_path: &str, version_path: &str, directory_urls: bool) -> Option<File> {
    if !alias_path.ends_with(".html") || alias_path.rsplit('/').next() == Some(".html") {
        return None;
    }
    let mut href = relpath(version_path, dirname(alias_path));
    if directory_urls && href.rsplit('/').next() == Some("index.html") {
        href = format!("{}/", dirname(&href));
    }
    Some(File::text(alias_path.to_string(), &redirect_page(&href)))
}

/// How aliases and pages are laid out.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    /// `--deploy-prefix` (normalised; empty for the root).
    pub prefix: &'a str,
    /// `--alias-type`.
    pub alias_type: AliasType,
    /// mkdocs' `use_directory_urls`, for redirect targets.
    pub directory_urls: bool,
}

/// The alias files for `version`'s files, in mike's order.
fn alias_files(
    layout: Layout<'_>,
    version: &str,
    files: &[File],
    aliases: &[String],
    edits: &mut Vec<Edit>,
) {
    let version_dir = join(layout.prefix, version);
    for file in files {
        let version_path = join(&version_dir, &file.path);
        for alias in aliases {
            let alias_path = join(&join(layout.prefix, alias), &file.path);
            match layout.alias_type {
                AliasType::Redirect => {
                    if let Some(page) =
                        redirect_for(&alias_path, &version_path, layout.directory_urls)
                    {
                        edits.push(Edit::Put(page));
                    }
                }
                AliasType::Copy => edits.push(Edit::Put(File {
                    path: alias_path,
                    ..file.clone()
                })),
                AliasType::Symlink => {}
            }
        }
    }
    if layout.alias_type == AliasType::Symlink {
        for alias in aliases {
            // os.path.relpath(version_dir, alias_dir/..) is the version name.
            edits.push(Edit::Put(File {
                path: join(layout.prefix, alias),
                mode: MODE_LINK,
                content: Content::Data(Arc::from(version.as_bytes())),
            }));
        }
    }
}

/// `mike deploy`: the version's folder and every alias it has are replaced
/// by the built `site` (paths relative to the site root).
pub fn deploy(layout: Layout<'_>, entry: &Entry, site: &[File], versions_file: &str) -> Vec<Edit> {
    let mut edits = vec![Edit::Delete(join(layout.prefix, &entry.version))];
    edits.extend(
        entry
            .aliases
            .iter()
            .map(|a| Edit::Delete(join(layout.prefix, a))),
    );
    let version_dir = join(layout.prefix, &entry.version);
    for file in site {
        edits.push(Edit::Put(File {
            path: join(&version_dir, &file.path),
            ..file.clone()
        }));
    }
    // Aliases of site files: same loop as mike, after the version's files.
    alias_files(layout, &entry.version, site, &entry.aliases, &mut edits);
    edits.push(Edit::Put(File::text(
        join(layout.prefix, "versions.json"),
        versions_file,
    )));
    edits.push(Edit::Put(File::text(".nojekyll".to_string(), "")));
    edits
}

/// `mike alias`: the new aliases of `version`, from the files already in
/// its folder (`files`, paths relative to that folder).
pub fn alias(
    layout: Layout<'_>,
    version: &str,
    new_aliases: &[String],
    files: &[File],
    versions_file: &str,
) -> Vec<Edit> {
    let mut edits: Vec<Edit> = new_aliases
        .iter()
        .map(|a| Edit::Delete(join(layout.prefix, a)))
        .collect();
    alias_files(layout, version, files, new_aliases, &mut edits);
    edits.push(Edit::Put(File::text(
        join(layout.prefix, "versions.json"),
        versions_file,
    )));
    edits
}

/// `mike delete IDENTIFIER…`: the folders of what was removed, and the new
/// `versions.json`.
pub fn delete(prefix: &str, removed: &[Removed], versions_file: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for item in removed {
        match item {
            Removed::Alias(alias) => edits.push(Edit::Delete(join(prefix, alias))),
            Removed::Version(entry) => {
                edits.push(Edit::Delete(join(prefix, &entry.version)));
                edits.extend(entry.aliases.iter().map(|a| Edit::Delete(join(prefix, a))));
            }
        }
    }
    edits.push(Edit::Put(File::text(
        join(prefix, "versions.json"),
        versions_file,
    )));
    edits
}

/// `mike delete --all`.
pub fn delete_all(prefix: &str) -> Vec<Edit> {
    if prefix.is_empty() {
        vec![Edit::DeleteAll]
    } else {
        vec![Edit::Delete(prefix.to_string())]
    }
}

/// `mike retitle` (and any change to `versions.json` alone).
pub fn versions_only(prefix: &str, versions_file: &str) -> Vec<Edit> {
    vec![Edit::Put(File::text(
        join(prefix, "versions.json"),
        versions_file,
    ))]
}

/// `mike set-default`: the root `index.html` redirecting to `identifier/`.
pub fn set_default(prefix: &str, identifier: &str) -> Vec<Edit> {
    vec![Edit::Put(File::text(
        join(prefix, "index.html"),
        &redirect_page(&format!("{identifier}/")),
    ))]
}

/// mike's ` in PREFIX` part of commit messages.
fn in_prefix(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!(" in {prefix}")
    }
}

/// Commit messages: mike's wording, naming relx.
pub mod message {
    use super::in_prefix;

    /// `Deployed <rev> to <version> with MkDocs <x> and relx <y>`.
    pub fn deploy(rev: &str, version: &str, prefix: &str, mkdocs: Option<&str>) -> String {
        let relx = env!("CARGO_PKG_VERSION");
        match mkdocs {
            Some(m) => format!(
                "Deployed {rev} to {version}{} with MkDocs {m} and relx {relx}",
                in_prefix(prefix)
            ),
            None => format!(
                "Deployed {rev} to {version}{} with relx {relx}",
                in_prefix(prefix)
            ),
        }
    }

    /// `Removed <ids> with relx <y>`.
    pub fn delete(identifiers: &[String], all: bool, prefix: &str) -> String {
        let what = if all {
            "everything".to_string()
        } else {
            identifiers.join(", ")
        };
        format!(
            "Removed {what}{} with relx {}",
            in_prefix(prefix),
            env!("CARGO_PKG_VERSION")
        )
    }

    /// `Copied <version> to <aliases> with relx <y>`.
    pub fn alias(version: &str, aliases: &[String], prefix: &str) -> String {
        format!(
            "Copied {version} to {}{} with relx {}",
            aliases.join(", "),
            in_prefix(prefix),
            env!("CARGO_PKG_VERSION")
        )
    }

    /// `Set title of <id> to <title> with relx <y>`.
    pub fn retitle(identifier: &str, title: &str, prefix: &str) -> String {
        format!(
            "Set title of {identifier} to {title}{} with relx {}",
            in_prefix(prefix),
            env!("CARGO_PKG_VERSION")
        )
    }

    /// `Set default version to <id> with relx <y>`.
    pub fn set_default(identifier: &str, prefix: &str) -> String {
        format!(
            "Set default version to {identifier}{} with relx {}",
            in_prefix(prefix),
            env!("CARGO_PKG_VERSION")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relpaths_are_pythons() {
        // os.path.relpath(a, b)
        assert_eq!(relpath("1.0/index.html", "latest"), "../1.0/index.html");
        assert_eq!(
            relpath("p/1.0/a/b.html", "p/latest/a"),
            "../../1.0/a/b.html"
        );
        assert_eq!(relpath("1.0", "1.0"), ".");
    }

    #[test]
    fn redirects_follow_directory_urls() {
        let page = redirect_for("latest/a/index.html", "1.0/a/index.html", true).unwrap();
        assert!(String::from_utf8_lossy(match &page.content {
            Content::Data(d) => d,
            Content::Blob(_) => unreachable!(),
        })
        .contains("url=../../1.0/a/\""));
        assert!(redirect_for("latest/a.css", "1.0/a.css", true).is_none());
        let flat = redirect_for("latest/index.html", "1.0/index.html", false).unwrap();
        assert!(
            matches!(flat.content, Content::Data(d) if String::from_utf8_lossy(&d).contains("url=../1.0/index.html\""))
        );
    }

    #[test]
    fn href_is_escaped_as_markupsafe() {
        // Template('{{href}}', autoescape=True).render(href='a&"<\'') == 'a&amp;&#34;&lt;&#39;'
        assert_eq!(escape("a&\"<'"), "a&amp;&#34;&lt;&#39;");
    }

    #[test]
    fn prefixes_normalise() {
        assert_eq!(join("", "1.0"), "1.0");
        assert_eq!(join("./docs/", "1.0"), "docs/1.0");
        assert_eq!(normalize("../x"), None);
        assert_eq!(normalize("/x"), None);
    }
}

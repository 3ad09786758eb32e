//! What the index already holds: the simple API's file list for a project
//! (PEP 691 JSON, or PEP 503 HTML with `#sha256=` fragments), so a re-run
//! skips files that are there with the same hash and refuses ones that
//! differ.

use serde_json::Value;

/// One file the index lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The file name.
    pub filename: String,
    /// Its sha256, when the index gives one.
    pub sha256: Option<String>,
    /// Its URL as the page writes it (maybe relative), without fragment.
    pub href: String,
}

/// `href` resolved against the page it is on (`../../packages/x` on
/// `http://h/simple/demo/` is `http://h/packages/x`).
pub fn resolve(page: &str, href: &str) -> String {
    if href.contains("://") {
        return href.to_string();
    }
    let Some((scheme, rest)) = page.split_once("://") else {
        return href.to_string();
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if let Some(absolute) = href.strip_prefix("//") {
        return format!("{scheme}://{absolute}");
    }
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = path.split('/').collect();
        dir.pop();
        dir
    };
    for segment in href.trim_start_matches('/').split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    format!("{scheme}://{host}/{}", parts.join("/"))
}

/// The simple-API URL for an upload URL, when not given: PyPI and TestPyPI
/// have their own; elsewhere `…/legacy/` becomes `…/simple/`, and an upload
/// URL at the server's root gets `simple/` (pypiserver).
pub fn simple_url_for(upload_url: &str) -> String {
    let url = upload_url.trim_end_matches('/');
    if url.starts_with("https://upload.pypi.org") {
        return "https://pypi.org/simple/".to_string();
    }
    if url.starts_with("https://test.pypi.org") {
        return "https://test.pypi.org/simple/".to_string();
    }
    match url.strip_suffix("/legacy") {
        Some(base) => format!("{base}/simple/"),
        None => format!("{url}/simple/"),
    }
}

/// The files of a project page: JSON (PEP 691) or HTML (PEP 503).
pub fn parse_listing(content_type: &str, body: &str) -> Vec<Listed> {
    if content_type.contains("json") {
        let Ok(value) = serde_json::from_str::<Value>(body) else {
            return Vec::new();
        };
        return value
            .get("files")
            .and_then(Value::as_array)
            .map(|files| {
                files
                    .iter()
                    .filter_map(|f| {
                        Some(Listed {
                            filename: f.get("filename")?.as_str()?.to_string(),
                            href: f
                                .get("url")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_string(),
                            sha256: f
                                .get("hashes")
                                .and_then(|h| h.get("sha256"))
                                .and_then(Value::as_str)
                                .map(str::to_string),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
    }
    let mut listed = Vec::new();
    let lower = body.to_ascii_lowercase();
    let mut rest = 0;
    while let Some(start) = lower[rest..].find("<a ") {
        let start = rest + start;
        let Some(tag_end) = body[start..].find('>').map(|e| start + e) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</a>").map(|e| tag_end + e) else {
            break;
        };
        let tag = &body[start..tag_end];
        let text = body[tag_end + 1..close].trim();
        let href = attribute(tag, "href").unwrap_or_default();
        let sha256 = href.split_once("#sha256=").map(|(_, h)| h.to_string());
        let filename = if text.is_empty() {
            href.split('#')
                .next()
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        } else {
            text.to_string()
        };
        let href = href.split('#').next().unwrap_or_default().to_string();
        listed.push(Listed {
            filename,
            sha256,
            href,
        });
        rest = close + 4;
    }
    listed
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest.split([' ', '>']).next()?,
    };
    Some(value.replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_urls() {
        assert_eq!(
            simple_url_for("https://upload.pypi.org/legacy/"),
            "https://pypi.org/simple/"
        );
        assert_eq!(
            simple_url_for("http://127.0.0.1:8080/"),
            "http://127.0.0.1:8080/simple/"
        );
        assert_eq!(
            simple_url_for("https://x.org/repo/legacy/"),
            "https://x.org/repo/simple/"
        );
    }

    #[test]
    fn html_and_json_listings() {
        let html = "<html><body><h1>Links for demo</h1>\n<a href=\"/packages/demo-1.0.tar.gz#sha256=abc\">demo-1.0.tar.gz</a><br>\n<a href='../../packages/demo-1.0-py3-none-any.whl#sha256=def'>demo-1.0-py3-none-any.whl</a></body></html>";
        assert_eq!(
            parse_listing("text/html", html),
            vec![
                Listed {
                    filename: "demo-1.0.tar.gz".into(),
                    sha256: Some("abc".into()),
                    href: "/packages/demo-1.0.tar.gz".into(),
                },
                Listed {
                    filename: "demo-1.0-py3-none-any.whl".into(),
                    sha256: Some("def".into()),
                    href: "../../packages/demo-1.0-py3-none-any.whl".into(),
                },
            ]
        );
        let json = r#"{"meta": {"api-version": "1.1"}, "name": "demo", "files": [{"filename": "demo-1.0.tar.gz", "url": "x", "hashes": {"sha256": "abc"}}]}"#;
        assert_eq!(
            parse_listing("application/vnd.pypi.simple.v1+json", json),
            vec![Listed {
                filename: "demo-1.0.tar.gz".into(),
                sha256: Some("abc".into()),
                href: "x".into(),
            }]
        );
    }

    #[test]
    fn hrefs_resolve_against_the_page() {
        let page = "http://127.0.0.1:8080/simple/demo/";
        assert_eq!(
            resolve(page, "../../packages/demo-1.0.tar.gz"),
            "http://127.0.0.1:8080/packages/demo-1.0.tar.gz"
        );
        assert_eq!(
            resolve(page, "/packages/demo-1.0.tar.gz"),
            "http://127.0.0.1:8080/packages/demo-1.0.tar.gz"
        );
        assert_eq!(
            resolve(page, "demo-1.0.tar.gz"),
            "http://127.0.0.1:8080/simple/demo/demo-1.0.tar.gz"
        );
        assert_eq!(
            resolve(page, "https://files.example/p/demo-1.0.tar.gz"),
            "https://files.example/p/demo-1.0.tar.gz"
        );
        assert_eq!(
            resolve(
                "https://pypi.org/simple/demo/",
                "//files.pythonhosted.org/x"
            ),
            "https://files.pythonhosted.org/x"
        );
    }
}

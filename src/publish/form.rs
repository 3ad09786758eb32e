//! The upload form: a distribution's core metadata as the fields of the
//! upload API's multipart POST, named and shaped the way twine sends them
//! (warehouse's `parse_form_metadata` in reverse).

/// A distribution as the upload form describes it.
#[derive(Debug, Clone)]
pub struct Dist {
    /// The file name (`demo-1.0.0-py3-none-any.whl`).
    pub filename: String,
    /// `bdist_wheel` or `sdist`.
    pub filetype: &'static str,
    /// The wheel's Python tag (`py3`), `source` for an sdist.
    pub pyversion: String,
    /// The metadata headers in file order, names as written (`Requires-Dist`).
    pub headers: Vec<(String, String)>,
    /// The message body (the long description), when present.
    pub body: Option<String>,
    /// Hex sha256 of the file.
    pub sha256: String,
    /// Hex blake2b-256 of the file.
    pub blake2_256: String,
}

/// Core-metadata header → upload field; `true` for fields that may repeat.
fn field_for(header: &str) -> Option<(&'static str, bool)> {
    Some(match header {
        "metadata-version" => ("metadata_version", false),
        "name" => ("name", false),
        "version" => ("version", false),
        "platform" => ("platform", true),
        "supported-platform" => ("supported_platform", true),
        "summary" => ("summary", false),
        "description" => ("description", false),
        "description-content-type" => ("description_content_type", false),
        "keywords" => ("keywords", false),
        "home-page" => ("home_page", false),
        "download-url" => ("download_url", false),
        "author" => ("author", false),
        "author-email" => ("author_email", false),
        "maintainer" => ("maintainer", false),
        "maintainer-email" => ("maintainer_email", false),
        "license" => ("license", false),
        "license-expression" => ("license_expression", false),
        "license-file" => ("license_file", true),
        "classifier" => ("classifiers", true),
        "requires" => ("requires", true),
        "provides" => ("provides", true),
        "obsoletes" => ("obsoletes", true),
        "requires-dist" => ("requires_dist", true),
        "provides-dist" => ("provides_dist", true),
        "obsoletes-dist" => ("obsoletes_dist", true),
        "requires-python" => ("requires_python", false),
        "requires-external" => ("requires_external", true),
        "project-url" => ("project_urls", true),
        "provides-extra" => ("provides_extra", true),
        "dynamic" => ("dynamic", true),
        _ => return None,
    })
}

/// twine's `safe_name`: runs of characters other than letters, digits and
/// `.` become one `-`.
pub fn safe_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('-');
            in_run = true;
        }
    }
    out
}

/// True when a Metadata-Version is at least 2.4 (License-File is sent only
/// from there on, as twine does).
fn at_least_2_4(version: &str) -> bool {
    let mut parts = version
        .trim()
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= (2, 4)
}

/// The form fields for `dist`, without the file itself: metadata, then
/// `pyversion`, `filetype`, the digests, `:action` and `protocol_version`.
pub fn fields(dist: &Dist) -> Vec<(String, String)> {
    let metadata_version = dist
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("metadata-version"))
        .map(|(_, v)| v.as_str())
        .unwrap_or("0");
    let mut out: Vec<(String, String)> = Vec::new();
    let mut has_description = false;
    for (header, value) in &dist.headers {
        let lower = header.to_ascii_lowercase();
        let Some((field, _)) = field_for(&lower) else {
            continue;
        };
        let value = match field {
            "name" => safe_name(value),
            // packaging splits Keywords on commas; twine joins them again.
            "keywords" => value
                .split(',')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(", "),
            // "label, url" is split and re-joined with one space.
            "project_urls" => {
                let mut parts = value.splitn(2, ',').map(str::trim);
                let label = parts.next().unwrap_or_default();
                let url = parts.next().unwrap_or_default();
                format!("{label}, {url}")
            }
            "license_file" if !at_least_2_4(metadata_version) => continue,
            _ => value.clone(),
        };
        has_description |= field == "description";
        out.push((field.to_string(), value));
    }
    if !has_description {
        if let Some(body) = dist.body.as_ref().filter(|b| !b.is_empty()) {
            out.push(("description".to_string(), body.clone()));
        }
    }
    for (name, value) in [
        ("pyversion", dist.pyversion.clone()),
        ("filetype", dist.filetype.to_string()),
        ("sha256_digest", dist.sha256.clone()),
        ("blake2_256_digest", dist.blake2_256.clone()),
        (":action", "file_upload".to_string()),
        ("protocol_version", "1".to_string()),
    ] {
        out.push((name.to_string(), value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_as_twine() {
        assert_eq!(safe_name("my_pkg"), "my-pkg");
        assert_eq!(safe_name("My__Pkg.x"), "My-Pkg.x");
    }

    #[test]
    fn fields_are_shaped_like_twines() {
        let dist = Dist {
            filename: "demo-1.0-py3-none-any.whl".to_string(),
            filetype: "bdist_wheel",
            pyversion: "py3".to_string(),
            headers: vec![
                ("Metadata-Version".into(), "2.1".into()),
                ("Name".into(), "my_demo".into()),
                ("Version".into(), "1.0".into()),
                ("Keywords".into(), "a,b , c".into()),
                ("Project-URL".into(), "Home,https://x.org".into()),
                ("Classifier".into(), "A".into()),
                ("Classifier".into(), "B".into()),
                ("License-File".into(), "LICENSE".into()),
                ("Import-Name".into(), "demo".into()),
            ],
            body: Some("# Demo\n".to_string()),
            sha256: "aa".into(),
            blake2_256: "bb".into(),
        };
        let f = fields(&dist);
        let get = |n: &str| {
            f.iter()
                .filter(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("name"), vec!["my-demo"]);
        assert_eq!(get("keywords"), vec!["a, b, c"]);
        assert_eq!(get("project_urls"), vec!["Home, https://x.org"]);
        assert_eq!(get("classifiers"), vec!["A", "B"]);
        assert!(
            get("license_file").is_empty(),
            "dropped before Metadata-Version 2.4"
        );
        assert!(get("import_name").is_empty());
        assert_eq!(get("description"), vec!["# Demo\n"]);
        assert_eq!(get(":action"), vec!["file_upload"]);
    }
}

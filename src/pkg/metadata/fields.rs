//! The core-metadata fields (packaging.python.org, "Core metadata
//! specifications"): each field's name, how often it may appear, and the
//! metadata version that introduced it. Pure data.

/// How a field's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Appears at most once.
    Text,
    /// May appear many times.
    List,
    /// Once, a comma-separated list (`Keywords`).
    Keywords,
    /// Many times, `label, URL` each (`Project-URL`).
    Urls,
}

/// One core-metadata field.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The email name, lower case.
    pub name: &'static str,
    /// How its values are read.
    pub kind: Kind,
    /// The metadata version that introduced it.
    pub added: &'static str,
}

/// Every metadata version twine 7.0 (packaging 26.4) accepts, oldest first.
pub const METADATA_VERSIONS: [&str; 9] = [
    "1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
];

const fn spec(name: &'static str, kind: Kind, added: &'static str) -> Spec {
    Spec { name, kind, added }
}

/// Every field, in the order of the specification.
pub const FIELDS: [Spec; 32] = [
    spec("metadata-version", Kind::Text, "1.0"),
    spec("name", Kind::Text, "1.0"),
    spec("version", Kind::Text, "1.0"),
    spec("dynamic", Kind::List, "2.2"),
    spec("platform", Kind::List, "1.0"),
    spec("supported-platform", Kind::List, "1.1"),
    spec("summary", Kind::Text, "1.0"),
    spec("description", Kind::Text, "1.0"),
    spec("description-content-type", Kind::Text, "2.1"),
    spec("keywords", Kind::Keywords, "1.0"),
    spec("home-page", Kind::Text, "1.0"),
    spec("download-url", Kind::Text, "1.1"),
    spec("author", Kind::Text, "1.0"),
    spec("author-email", Kind::Text, "1.0"),
    spec("maintainer", Kind::Text, "1.2"),
    spec("maintainer-email", Kind::Text, "1.2"),
    spec("license", Kind::Text, "1.0"),
    spec("license-expression", Kind::Text, "2.4"),
    spec("license-file", Kind::List, "2.4"),
    spec("classifier", Kind::List, "1.1"),
    spec("requires-dist", Kind::List, "1.2"),
    spec("requires-python", Kind::Text, "1.2"),
    spec("requires-external", Kind::List, "1.2"),
    spec("project-url", Kind::Urls, "1.2"),
    spec("provides-extra", Kind::List, "2.1"),
    spec("provides-dist", Kind::List, "1.2"),
    spec("obsoletes-dist", Kind::List, "1.2"),
    spec("import-name", Kind::List, "2.5"),
    spec("import-namespace", Kind::List, "2.5"),
    spec("requires", Kind::List, "1.1"),
    spec("provides", Kind::List, "1.1"),
    spec("obsoletes", Kind::List, "1.1"),
];

/// The position of a metadata version in [`METADATA_VERSIONS`].
pub fn age(version: &str) -> Option<usize> {
    METADATA_VERSIONS.iter().position(|v| *v == version)
}

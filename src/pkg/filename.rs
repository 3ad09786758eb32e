//! Distribution file names, per the binary distribution format
//! (`{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`) and the
//! source distribution format (`{name}-{version}.tar.gz`), both with the
//! name normalised (lower case, runs of `-_.` as one `_`) and the version in
//! PEP 440 normal form. twine never looks at file names; PyPI and installers
//! do, so relx checks them. Pure.

use crate::version::Pep440;

/// What kind of distribution a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A source distribution (`.tar.gz`, or the legacy `.zip`).
    Sdist,
    /// A wheel (`.whl`).
    Wheel,
}

/// A distribution file name taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistName {
    /// Sdist or wheel.
    pub kind: Kind,
    /// The name part as written.
    pub name: String,
    /// The version part as written.
    pub version: String,
    /// A wheel's build tag.
    pub build: Option<String>,
    /// A wheel's `python-abi-platform` tags.
    pub tags: Option<String>,
    /// The archive suffix (`.whl`, `.tar.gz`, `.zip`).
    pub suffix: &'static str,
}

/// The kind of distribution a file name says, from its suffix alone.
pub fn kind_of(file_name: &str) -> Option<Kind> {
    if file_name.ends_with(".whl") {
        Some(Kind::Wheel)
    } else if file_name.ends_with(".tar.gz") || file_name.ends_with(".zip") {
        Some(Kind::Sdist)
    } else {
        None
    }
}

/// A project name as it appears in file names: lower case, every run of
/// `-`, `_` and `.` as one `_`.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('_');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// Takes a file name apart; `Err` says why it is not a distribution name.
pub fn parse(file_name: &str) -> Result<DistName, String> {
    if let Some(stem) = file_name.strip_suffix(".whl") {
        let parts: Vec<&str> = stem.split('-').collect();
        let (name, version, build, tags) = match parts.as_slice() {
            [n, v, py, abi, plat] => (n, v, None, [py, abi, plat]),
            [n, v, b, py, abi, plat] => (n, v, Some(b.to_string()), [py, abi, plat]),
            _ => {
                return Err(format!(
                    "{file_name}: a wheel is named NAME-VERSION(-BUILD)-PYTHON-ABI-PLATFORM.whl"
                ))
            }
        };
        return Ok(DistName {
            kind: Kind::Wheel,
            name: name.to_string(),
            version: version.to_string(),
            build,
            tags: Some(tags.map(|t| t.to_string()).join("-")),
            suffix: ".whl",
        });
    }
    let (stem, suffix) = if let Some(stem) = file_name.strip_suffix(".tar.gz") {
        (stem, ".tar.gz")
    } else if let Some(stem) = file_name.strip_suffix(".zip") {
        (stem, ".zip")
    } else {
        return Err(format!(
            "{file_name}: not a distribution (.whl, .tar.gz or .zip)"
        ));
    };
    let Some((name, version)) = stem.rsplit_once('-') else {
        return Err(format!(
            "{file_name}: an sdist is named NAME-VERSION.tar.gz"
        ));
    };
    Ok(DistName {
        kind: Kind::Sdist,
        name: name.to_string(),
        version: version.to_string(),
        build: None,
        tags: None,
        suffix,
    })
}

fn tag_ok(tag: &str) -> bool {
    !tag.is_empty()
        && tag
            .split('.')
            .all(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// Problems with a file name by itself and against the metadata's `Name` and
/// `Version` (when they were readable).
pub fn check(file_name: &str, name: Option<&str>, version: Option<&str>) -> Vec<String> {
    let parsed = match parse(file_name) {
        Ok(p) => p,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    if parsed.suffix == ".zip" {
        problems.push(format!(
            "{file_name}: an sdist must be a .tar.gz (source distribution format; PyPI refuses .zip)"
        ));
    }
    let normal = normalize_name(&parsed.name);
    if parsed.name != normal || parsed.name.is_empty() {
        problems.push(format!(
            "{file_name}: the name part '{}' is not normalised (expected '{normal}')",
            parsed.name
        ));
    }
    match Pep440::parse(&parsed.version) {
        Err(_) => problems.push(format!(
            "{file_name}: '{}' is not a valid PEP 440 version",
            parsed.version
        )),
        Ok(v) if v.to_string() != parsed.version => problems.push(format!(
            "{file_name}: the version part '{}' is not in normal form (expected '{v}')",
            parsed.version
        )),
        Ok(_) => {}
    }
    if let Some(build) = &parsed.build {
        if !build.starts_with(|c: char| c.is_ascii_digit()) {
            problems.push(format!(
                "{file_name}: the build tag '{build}' must start with a digit"
            ));
        }
    }
    if let Some(tags) = &parsed.tags {
        if !tags.split('-').all(tag_ok) {
            problems.push(format!(
                "{file_name}: the tags '{tags}' are not valid compatibility tags"
            ));
        }
    }
    if let Some(name) = name {
        if normalize_name(name) != normal {
            problems.push(format!(
                "{file_name}: the file name says '{}' but the metadata Name is '{name}'",
                parsed.name
            ));
        }
    }
    if let Some(version) = version {
        let same = match (Pep440::parse(version), Pep440::parse(&parsed.version)) {
            (Ok(a), Ok(b)) => a.to_string() == b.to_string(),
            _ => true, // reported above or by the metadata check
        };
        if !same {
            problems.push(format!(
                "{file_name}: the file name says version '{}' but the metadata Version is '{version}'",
                parsed.version
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_names_as_the_specs_say() {
        // Examples from the binary distribution format specification.
        assert_eq!(normalize_name("Demo.Pkg"), "demo_pkg");
        assert_eq!(normalize_name("a-_-b"), "a_b");
        assert_eq!(normalize_name("zope.interface"), "zope_interface");
    }

    #[test]
    fn good_names_pass() {
        for f in [
            "demo_pkg-1.2.0.tar.gz",
            "demo_pkg-1.2.0-py3-none-any.whl",
            "demo_pkg-1.2.0-1-py2.py3-none-any.whl",
            "demo-1.0a1.dev2+g1a2b3c4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        ] {
            assert_eq!(check(f, None, None), Vec::<String>::new(), "{f}");
        }
        assert!(check("demo_pkg-1.2.0.tar.gz", Some("Demo.Pkg"), Some("1.2")).len() == 1);
        assert!(check("demo_pkg-1.2.0.tar.gz", Some("Demo.Pkg"), Some("1.2.0")).is_empty());
    }

    #[test]
    fn bad_names_are_named() {
        let cases = [
            ("Demo.Pkg-1.2.0.tar.gz", "not normalised"),
            ("demo-1.2.0.zip", "must be a .tar.gz"),
            ("demo-1.02.tar.gz", "not in normal form"),
            ("demo-one.tar.gz", "not a valid PEP 440 version"),
            ("demo-1.0-x1-py3-none-any.whl", "must start with a digit"),
            (
                "demo-1.0-py3-any.whl",
                "NAME-VERSION(-BUILD)-PYTHON-ABI-PLATFORM.whl",
            ),
            ("demo-1.0-py3-none-.whl", "not valid compatibility tags"),
            ("demo.tar.gz", "NAME-VERSION.tar.gz"),
            ("demo-1.0.egg", "not a distribution"),
        ];
        for (file, want) in cases {
            let problems = check(file, None, None);
            assert!(
                problems.iter().any(|p| p.contains(want)),
                "{file}: {problems:?}"
            );
        }
        let problems = check("demo-1.0.tar.gz", Some("other"), Some("2.0"));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}

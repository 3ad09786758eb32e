//! Where a distribution keeps its metadata, found the way twine finds it: a
//! wheel's `METADATA` (the shallowest member holding `Metadata-Version`), an
//! sdist's `PKG-INFO` under its one top directory, `NAME-VERSION/`. Pure:
//! member names and bytes in, the choice out; `build::archive` opens the
//! archives and reads the members.

use super::filename;

/// The metadata file's name inside an sdist's top directory.
pub const PKG_INFO: &str = "PKG-INFO";

/// Whether a member's bytes are a metadata file (twine looks for this
/// field's name anywhere in them).
pub fn holds_metadata(data: &[u8]) -> bool {
    let needle = b"Metadata-Version";
    data.windows(needle.len()).any(|w| w == needle)
}

/// The members of a wheel that may be its `METADATA`, in the order twine
/// tries them: every member whose path contains `METADATA`, shallowest
/// first, then by path.
pub fn wheel_metadata_candidates<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut candidates: Vec<Vec<&str>> = names
        .into_iter()
        .filter(|n| n.contains("METADATA"))
        .map(|n| n.split('/').collect())
        .collect();
    candidates.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    candidates
        .into_iter()
        .map(|parts| parts.join("/"))
        .collect()
}

/// Python's `os.path.commonpath` over archive member names.
fn common_path(names: &[String]) -> String {
    let split: Vec<Vec<&str>> = names
        .iter()
        .map(|n| {
            n.split('/')
                .filter(|p| !p.is_empty() && *p != ".")
                .collect()
        })
        .collect();
    let Some(first) = split.first() else {
        return String::new();
    };
    let mut common = first.len();
    for parts in &split[1..] {
        common = common.min(first.iter().zip(parts).take_while(|(a, b)| a == b).count());
    }
    first[..common].join("/")
}

/// An sdist's top directory, from its member names; `Err` says why there
/// is not exactly one.
pub fn sdist_root(names: &[String]) -> Result<String, String> {
    if names.is_empty() {
        return Err("the sdist archive is empty".to_string());
    }
    let root = common_path(names);
    if root.is_empty() || names.iter().any(|n| n.starts_with('/')) {
        return Err("the sdist holds more than one top-level member (it must hold one directory, NAME-VERSION/)".to_string());
    }
    Ok(root)
}

/// The path of an sdist's `PKG-INFO` under its top directory.
pub fn pkg_info_path(root: &str) -> String {
    format!("{root}/{PKG_INFO}")
}

/// The problem with an sdist's top directory, when it is not the
/// `NAME-VERSION/` its file name says.
pub fn root_problem(file_name: &str, root: &str) -> Option<String> {
    let parsed = filename::parse(file_name).ok()?;
    let stem = format!("{}-{}", parsed.name, parsed.version);
    (root != stem).then(|| {
        format!(
            "{file_name}: the top directory is '{root}/', the source distribution format wants '{stem}/'"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_path_is_by_components() {
        let names = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_path(&names(&["a-1/PKG-INFO", "a-1/src/x.py", "a-1"])),
            "a-1"
        );
        assert_eq!(common_path(&names(&["a-1/x", "a-10/y"])), "");
        assert_eq!(common_path(&names(&["./a/x", "a/y"])), "a");
    }
}

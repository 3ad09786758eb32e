//! `--keep N` (setuptools' `rotate`): which distribution files of a project
//! to remove so that only the N newest versions stay. Newest means highest
//! by PEP 440 order, not file time; the version just built always stays
//! and counts as one of the N. Files of other projects and files that are
//! not distributions are never touched. Pure.

use crate::pkg::filename::{self, normalize_name};
use crate::version::Pep440;

/// The file names to remove from `files` (names in the dist directory) so
/// that `keep` versions of `project` stay, `current` among them.
pub fn choose(files: &[String], project: &str, current: &Pep440, keep: usize) -> Vec<String> {
    let project = normalize_name(project);
    let mut versions: Vec<(Pep440, &String)> = files
        .iter()
        .filter_map(|f| {
            let parsed = filename::parse(f).ok()?;
            if normalize_name(&parsed.name) != project {
                return None;
            }
            Some((Pep440::parse(&parsed.version).ok()?, f))
        })
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    let mut kept: Vec<&Pep440> = vec![current];
    for (version, _) in &versions {
        if kept.len() >= keep.max(1) {
            break;
        }
        if !kept.contains(&version) {
            kept.push(version);
        }
    }
    let mut remove: Vec<String> = versions
        .iter()
        .filter(|(v, _)| !kept.contains(&v))
        .map(|(_, f)| (*f).clone())
        .collect();
    remove.sort();
    remove
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Pep440 {
        Pep440::parse(s).unwrap()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keeps_the_highest_versions_by_pep440_order() {
        // 1.10.0 > 1.9.0 > 1.9.0rc1 > 1.2.0 (string order would differ).
        let files = names(&[
            "demo-1.2.0.tar.gz",
            "demo-1.2.0-py3-none-any.whl",
            "demo-1.9.0rc1.tar.gz",
            "demo-1.9.0.tar.gz",
            "demo-1.10.0.tar.gz",
            "demo-1.10.0-py3-none-any.whl",
            "other-0.1.tar.gz",
            "SHA256SUMS",
        ]);
        assert_eq!(
            choose(&files, "Demo", &v("1.10.0"), 2),
            names(&[
                "demo-1.2.0-py3-none-any.whl",
                "demo-1.2.0.tar.gz",
                "demo-1.9.0rc1.tar.gz"
            ])
        );
    }

    #[test]
    fn the_version_just_built_always_stays() {
        let files = names(&[
            "demo-2.0.0.tar.gz",
            "demo-1.0.1.tar.gz",
            "demo-1.0.0.tar.gz",
        ]);
        assert_eq!(
            choose(&files, "demo", &v("1.0.1"), 1),
            names(&["demo-1.0.0.tar.gz", "demo-2.0.0.tar.gz"])
        );
        assert_eq!(
            choose(&files, "demo", &v("1.0.1"), 2),
            names(&["demo-1.0.0.tar.gz"])
        );
    }
}

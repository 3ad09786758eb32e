//! Project names in PEP 503's normal form, the spelling an index's simple
//! API and uv.lock use. File names spell them their own way
//! (`filename::normalize_name`); whether a name is valid at all is
//! `metadata::check_name`. Pure.

/// PEP 503 normalised name: lower case, runs of `-`, `_`, `.` become `-`
/// (how uv.lock spells the project's name).
pub fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
        } else {
            if separator && !out.is_empty() {
                out.push('-');
            }
            separator = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_as_pep_503_says() {
        // `re.sub(r"[-_.]+", "-", name).lower()`, PEP 503's own function.
        let rows = [
            ("Django", "django"),
            ("zope.interface", "zope-interface"),
            ("Foo__Bar", "foo-bar"),
            ("a-_.b", "a-b"),
        ];
        for (name, want) in rows {
            assert_eq!(canonical_name(name), want, "{name}");
        }
    }
}

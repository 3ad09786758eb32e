//! `SHA256SUMS`: one line per file in the format `sha256sum` writes and
//! `sha256sum -c` reads (`<hex>  <name>`; a name holding a backslash or a
//! line break is escaped and its line starts with `\`, as GNU coreutils
//! does). Pure.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest.
pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file's text for `(file name, sha256 hex)` pairs, sorted by name.
pub fn render(entries: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for (name, digest) in sorted {
        if name.contains(['\\', '\n', '\r']) {
            let escaped = name
                .replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\r', "\\r");
            out.push_str(&format!("\\{digest}  {escaped}\n"));
        } else {
            out.push_str(&format!("{digest}  {name}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_of_known_input() {
        // FIPS 180-2 test vector.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn lines_are_sorted_and_escaped() {
        let text = render(&[
            ("b.whl".into(), "22".into()),
            ("a\\b.tar.gz".into(), "11".into()),
        ]);
        assert_eq!(text, "\\11  a\\\\b.tar.gz\n22  b.whl\n");
    }
}

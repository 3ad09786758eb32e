//! mike's sort order for `versions.json`: the key of `verspec`'s
//! `LooseVersion` (the pre-packaging `pkg_resources.parse_version` scheme),
//! with names that do not start with a digit (`dev`, `main`) sorted first.

use std::cmp::Ordering;

/// `LooseVersion`'s comparison key: numeric runs padded to eight digits,
/// words prefixed with `*`, `pre`/`preview`/`rc` read as `c`, `dev` as `@`,
/// trailing zeros dropped, and `*final` closing every series.
pub fn key(version: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in pieces(&version.to_lowercase()) {
        if part.starts_with('*') {
            if part.as_str() < "*final" {
                while parts.last().is_some_and(|p| p == "*final-") {
                    parts.pop();
                }
            }
            while parts.last().is_some_and(|p| p == "00000000") {
                parts.pop();
            }
        }
        parts.push(part);
    }
    parts
}

/// Splits like `re.split(r'(\d+|[a-z]+|\.|-)')`, keeping the text between
/// matches, then maps each piece as `_parse_version_parts` does.
fn pieces(text: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let mut between = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let flush = |between: &mut String, raw: &mut Vec<String>| {
        if !between.is_empty() {
            raw.push(std::mem::take(between));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let run = |pred: fn(char) -> bool| {
            let mut j = i;
            while j < chars.len() && pred(chars[j]) {
                j += 1;
            }
            j
        };
        if c.is_ascii_digit() {
            flush(&mut between, &mut raw);
            let j = run(|c| c.is_ascii_digit());
            raw.push(chars[i..j].iter().collect());
            i = j;
        } else if c.is_ascii_lowercase() {
            flush(&mut between, &mut raw);
            let j = run(|c| c.is_ascii_lowercase());
            raw.push(chars[i..j].iter().collect());
            i = j;
        } else if c == '.' || c == '-' {
            flush(&mut between, &mut raw);
            raw.push(c.to_string());
            i += 1;
        } else {
            between.push(c);
            i += 1;
        }
    }
    flush(&mut between, &mut raw);

    let mut out = Vec::with_capacity(raw.len() + 1);
    for piece in raw {
        let piece = match piece.as_str() {
            "pre" | "preview" | "rc" => "c".to_string(),
            "-" => "final-".to_string(),
            "dev" => "@".to_string(),
            _ => piece,
        };
        if piece.is_empty() || piece == "." {
            continue;
        }
        if piece.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(format!("{piece:0>8}"));
        } else {
            out.push(format!("*{piece}"));
        }
    }
    out.push("*final".to_string());
    out
}

/// True for names mike treats as releases (`re.match(r'v?\d', name)`).
pub fn is_release_name(name: &str) -> bool {
    let rest = name.strip_prefix('v').unwrap_or(name);
    rest.chars().next().is_some_and(|c| c.is_numeric())
}

/// mike's order: development names first, then releases, each newest first.
pub fn newest_first(a: &str, b: &str) -> Ordering {
    let rank = |n: &str| (!is_release_name(n), key(n));
    rank(b).cmp(&rank(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_loose_version() {
        // Values printed by inversion.loose._loose_cmpkey (verspec 0.2.1).
        let rows: [(&str, &[&str]); 6] = [
            ("1.0", &["00000001", "*final"]),
            ("1.0.0", &["00000001", "*final"]),
            ("2.0rc1", &["00000002", "*c", "00000001", "*final"]),
            ("1.0-dev", &["00000001", "*@", "*final"]),
            ("v1.10", &["*v", "00000001", "00000010", "*final"]),
            ("Main_x", &["*main", "*_", "*x", "*final"]),
        ];
        for (input, want) in rows {
            assert_eq!(key(input), want, "{input}");
        }
    }

    #[test]
    fn development_names_sort_first() {
        let mut names = vec!["0.9", "1.0", "dev", "0.10", "main", "1.0rc1"];
        names.sort_by(|a, b| newest_first(a, b));
        assert_eq!(names, ["main", "dev", "1.0", "1.0rc1", "0.10", "0.9"]);
    }
}

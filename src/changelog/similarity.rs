//! Python's `difflib.SequenceMatcher(None, a, b).ratio()`, which commitizen
//! uses to match the latest version named in a changelog to a git tag.
//!
//! The matching blocks are found as difflib finds them (longest match
//! first, earliest on ties, then recursively left and right). difflib's
//! "autojunk" heuristic only applies to texts of 200 characters or more;
//! tag names are shorter, and relx leaves it out.

use std::collections::HashMap;

/// The similarity of two texts in `0.0..=1.0`: twice the matched characters
/// over the total length.
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut b2j: HashMap<char, Vec<usize>> = HashMap::new();
    for (j, c) in b.iter().enumerate() {
        b2j.entry(*c).or_default().push(j);
    }
    let mut matches = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(&a, &b2j, alo, ahi, blo, bhi);
        if k > 0 {
            matches += k;
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    2.0 * matches as f64 / total as f64
}

/// difflib's `find_longest_match` without junk.
fn longest_match(
    a: &[char],
    b2j: &HashMap<char, Vec<usize>>,
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best) = (alo, blo, 0);
    let mut lengths: HashMap<usize, usize> = HashMap::new();
    for (i, c) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut next = HashMap::new();
        for &j in b2j.get(c).map_or(&[][..], Vec::as_slice) {
            if j < blo {
                continue;
            }
            if j >= bhi {
                break;
            }
            let k = j
                .checked_sub(1)
                .and_then(|p| lengths.get(&p))
                .copied()
                .unwrap_or(0)
                + 1;
            next.insert(j, k);
            if k > best {
                (best_i, best_j, best) = (i + 1 - k, j + 1 - k, k);
            }
        }
        lengths = next;
    }
    (best_i, best_j, best)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values: CPython 3.11 difflib.SequenceMatcher(None, a, b).ratio().
    #[test]
    fn ratios_match_difflib() {
        let rows = [
            ("v1.0.0", "1.0.0", 0.9090909090909091),
            ("1.0.0", "1.0.0a1", 0.8333333333333334),
            ("1.10.0", "1.1.0", 0.9090909090909091),
            ("abcd", "bcda", 0.75),
            ("", "", 1.0),
            ("release-2.0.0", "v2.0.0", 0.5263157894736842),
        ];
        for (a, b, want) in rows {
            assert_eq!(ratio(a, b), want, "{a} vs {b}");
        }
    }
}

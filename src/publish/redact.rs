//! Finding secrets in text the way a server can echo them back: raw,
//! percent- or form-encoded, JSON-escaped, as HTML character references,
//! split by whitespace or tags, or inside base64 (an echoed
//! `Authorization: Basic …` header). Pure: text in, text out;
//! [`super::token::Token::redact`] is the way in.
//!
//! The text is read as a stream of *units*, each one character once
//! decoded (`%2F`, `%2f`, `\/`, `\u002F`, `&#47;` and `/` are all `/`);
//! whitespace, tags (`<br>`, `<wbr>`, `<span>`) and zero-width characters
//! are skipped. Any run of [`MIN_RUN`] or more units that spells
//! consecutive characters of a secret (all of it, for a shorter secret) is
//! replaced by [`MASK`], with whatever markup lies inside the run. The
//! text is read once; the cost is a hash look-up per character.

use std::collections::HashMap;

use base64::Engine;

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// The shortest run of a secret's characters that is hidden; a secret
/// shorter than this is hidden only whole.
pub const MIN_RUN: usize = 8;

/// Secrets shorter than this are left alone: they would hide common words.
pub const MIN_SECRET: usize = 4;

/// One character of the decoded text.
struct Unit {
    /// Byte range in the original text.
    start: usize,
    end: usize,
    /// The decoded character.
    ch: char,
    /// A `+`, which form encoding writes for a space.
    plus: bool,
}

/// The decoded character at `i` (or `None` for something to skip), and
/// where the next unit starts.
fn unit_at(text: &str, i: usize) -> (Option<Unit>, usize) {
    let rest = &text[i..];
    let first = rest.chars().next().expect("i is on a char boundary");
    // Only a `+` written as such can stand for a space (`%2B` cannot).
    let literal = |ch: char, len: usize, plus: bool| {
        let unit = (!skipped(ch)).then_some(Unit {
            start: i,
            end: i + len,
            ch,
            plus,
        });
        (unit, i + len)
    };
    let decoded = match first {
        '<' => tag_len(rest).map(|len| (None, len)),
        '%' => percent(rest).map(|(ch, len)| (Some(ch), len)),
        '\\' => escape(rest),
        '&' => reference(rest),
        _ => None,
    };
    match decoded {
        Some((Some(ch), len)) => literal(ch, len, false),
        Some((None, len)) => (None, i + len),
        None => literal(first, first.len_utf8(), first == '+'),
    }
}

/// Whitespace, and characters that show as nothing.
fn skipped(ch: char) -> bool {
    ch.is_whitespace()
        || matches!(
            ch,
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// The length of a tag or comment at the start of `text` (`<br>`, `</p>`,
/// `<!-- … -->`); `None` for a `<` that starts none.
fn tag_len(text: &str) -> Option<usize> {
    let next = text[1..].chars().next()?;
    if !(next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?')) {
        return None;
    }
    // Bounded, so that many `<` without `>` stay linear; a longer tag is
    // read as text, which hides more, not less.
    let window = &text[..floor_boundary(text, TAG_LIMIT)];
    if window.starts_with("<!--") {
        return window.find("-->").map(|j| j + 3);
    }
    window.find('>').map(|j| j + 1)
}

/// The longest tag or comment skipped as markup.
const TAG_LIMIT: usize = 4096;

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn hex_value(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(text, 16).ok())
        .flatten()
}

/// `%XX`, or the `%XX` sequence of one UTF-8 character, any hex case.
fn percent(text: &str) -> Option<(char, usize)> {
    let byte = |k: usize| -> Option<u8> {
        let at = text.get(3 * k..3 * k + 3)?;
        let value = hex_value(at.strip_prefix('%')?)?;
        u8::try_from(value).ok()
    };
    let lead = byte(0)?;
    let len = match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    let bytes: Vec<u8> = (0..len).map(byte).collect::<Option<_>>()?;
    let ch = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    Some((ch, 3 * len))
}

/// A JSON (or Python/JavaScript) escape: `\/`, `\"`, `\\`, `\uXXXX` with
/// surrogate pairs, `\xXX`; `\n`, `\t` and the like are whitespace.
fn escape(text: &str) -> Option<(Option<char>, usize)> {
    let next = text[1..].chars().next()?;
    let simple = match next {
        '/' | '\\' | '"' | '\'' => Some(Some(next)),
        'n' | 'r' | 't' | 'b' | 'f' => Some(None),
        _ => None,
    };
    if let Some(ch) = simple {
        return Some((ch, 2));
    }
    let code = |at: usize, digits: usize| hex_value(text.get(at..at + digits)?);
    match next {
        'x' => Some((char::from_u32(code(2, 2)?), 4)),
        'u' => {
            let high = code(2, 4)?;
            if (0xD800..0xDC00).contains(&high) {
                let low = text
                    .get(6..8)
                    .filter(|s| *s == "\\u")
                    .and_then(|_| code(8, 4))
                    .filter(|low| (0xDC00..0xE000).contains(low))?;
                let ch = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
                Some((Some(ch), 12))
            } else {
                Some((Some(char::from_u32(high)?), 6))
            }
        }
        _ => None,
    }
}

/// Named references for the characters tokens are made of.
const NAMED: [(&str, char); 20] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("shy", '\u{00AD}'),
    ("sol", '/'),
    ("plus", '+'),
    ("equals", '='),
    ("lowbar", '_'),
    ("UnderBar", '_'),
    ("hyphen", '-'),
    ("dash", '-'),
    ("period", '.'),
    ("colon", ':'),
    ("tilde", '~'),
    ("commat", '@'),
    ("percnt", '%'),
    ("num", '#'),
];

/// An HTML character reference: `&#47;`, `&#x2F;`, `&sol;`.
fn reference(text: &str) -> Option<(Option<char>, usize)> {
    let end = text[..floor_boundary(text, 34)].find(';')?;
    let name = &text[1..end];
    let ch = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        char::from_u32(hex_value(hex)?)?
    } else if let Some(dec) = name.strip_prefix('#') {
        char::from_u32(dec.parse().ok()?)?
    } else {
        NAMED.iter().find(|(n, _)| *n == name)?.1
    };
    Some(((!skipped(ch)).then_some(ch), end + 1))
}

/// The runs of characters to hide, as windows: every [`MIN_RUN`]
/// characters in a row of each needle (the whole needle when it is
/// shorter). A run of the text spelling `MIN_RUN` or more consecutive
/// characters of a needle is exactly a chain of overlapping windows, so
/// the text is read once, with one look-up per character and window size.
struct Windows {
    /// The window size.
    size: usize,
    /// Hashes of the windows, sorted, for the look-up; and a bit per
    /// hash's low 16 bits, which answers most look-ups at once.
    hashes: Vec<u64>,
    bits: Vec<u64>,
    /// The windows themselves (a hash can collide), and whether one comes
    /// from base64 (the masked span then grows over the whole base64 word).
    exact: HashMap<Vec<char>, bool>,
}

fn hash(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0xcbf2_9ce4_8422_2325, |h, c| {
        (h ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The needles for one secret: its characters (whitespace left out, as in
/// the text), and the part of its base64 that does not depend on what
/// comes before or after it, for each of the three alignments and both
/// alphabets; `true` marks base64.
fn needles(secret: &str) -> Vec<(Vec<char>, bool)> {
    let plain: Vec<char> = secret.chars().filter(|c| !skipped(*c)).collect();
    let mut out = vec![(plain, false)];
    let bytes = secret.as_bytes();
    let engines = [
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    for engine in engines {
        for offset in 0..3 {
            let mut shifted = vec![0u8; offset];
            shifted.extend_from_slice(bytes);
            let encoded = engine.encode(&shifted);
            // Characters made only of the secret's bits.
            let first = (8 * offset).div_ceil(6);
            let last = 8 * (offset + bytes.len()) / 6;
            let core: Vec<char> = encoded
                .get(first..last)
                .unwrap_or_default()
                .chars()
                .collect();
            if core.len() >= MIN_RUN {
                out.push((core, true));
            }
        }
    }
    out
}

/// The windows of every needle of every secret, one set per size.
fn windows(secrets: &[&str]) -> Vec<Windows> {
    let mut sets: Vec<Windows> = Vec::new();
    for secret in secrets.iter().filter(|s| s.chars().count() >= MIN_SECRET) {
        for (chars, base64) in needles(secret) {
            let size = chars.len().min(MIN_RUN);
            if size == 0 {
                continue;
            }
            let set = match sets.iter().position(|w| w.size == size) {
                Some(k) => &mut sets[k],
                None => {
                    sets.push(Windows {
                        size,
                        hashes: Vec::new(),
                        bits: vec![0; 1 << 10],
                        exact: HashMap::new(),
                    });
                    sets.last_mut().expect("just pushed")
                }
            };
            for window in chars.windows(size) {
                let h = hash(window.iter().copied());
                set.bits[(h as usize >> 6) & 0x3ff] |= 1 << (h & 63);
                set.hashes.push(h);
                *set.exact.entry(window.to_vec()).or_default() |= base64;
            }
        }
    }
    for set in &mut sets {
        set.hashes.sort_unstable();
        set.hashes.dedup();
    }
    sets
}

/// The last units of the text: character, first byte, number.
struct Lane {
    /// Reads `+` as a space (skipped), as form encoding writes it.
    plus_is_space: bool,
    recent: std::collections::VecDeque<(char, usize, usize)>,
}

fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')
}

/// `text` with every form of each secret replaced by [`MASK`].
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let sets = windows(secrets);
    if sets.is_empty() || text.is_empty() {
        return text.to_string();
    }
    // A `+` is a `+`, or a space in form encoding: with a secret holding
    // whitespace, the text is read both ways.
    let spaced = secrets.iter().any(|s| s.chars().any(skipped));
    let mut lanes: Vec<Lane> = [false, true]
        .into_iter()
        .filter(|plus_is_space| !plus_is_space || spaced)
        .map(|plus_is_space| Lane {
            plus_is_space,
            recent: std::collections::VecDeque::with_capacity(MIN_RUN + 1),
        })
        .collect();
    // Byte ranges to mask, with the unit numbers they span.
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut n = 0;
    while i < text.len() {
        let (unit, next) = unit_at(text, i);
        i = next;
        let Some(unit) = unit else { continue };
        for lane in &mut lanes {
            if unit.plus && lane.plus_is_space {
                continue;
            }
            lane.recent.push_back((unit.ch, unit.start, n));
            if lane.recent.len() > MIN_RUN {
                lane.recent.pop_front();
            }
            for set in &sets {
                let Some(from) = lane.recent.len().checked_sub(set.size) else {
                    continue;
                };
                let window = lane.recent.range(from..).map(|(c, _, _)| *c);
                let h = hash(window.clone());
                if set.bits[(h as usize >> 6) & 0x3ff] & (1 << (h & 63)) == 0
                    || set.hashes.binary_search(&h).is_err()
                {
                    continue;
                }
                let Some(&base64) = set.exact.get(&window.collect::<Vec<char>>()) else {
                    continue;
                };
                let (_, mut start, first) = lane.recent[from];
                let mut end = unit.end;
                if base64 {
                    while start > 0 && is_base64_byte(bytes[start - 1]) {
                        start -= 1;
                    }
                    while end < bytes.len() && is_base64_byte(bytes[end]) {
                        end += 1;
                    }
                }
                spans.push((start, end, first, n));
            }
        }
        n += 1;
    }
    if spans.is_empty() {
        return text.to_string();
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize, usize, usize)> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            // Overlapping, or only skipped text between them.
            Some(last) if span.0 <= last.1 || span.2 <= last.3 + 1 => {
                last.1 = last.1.max(span.1);
                last.3 = last.3.max(span.3);
            }
            _ => merged.push(span),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, _, _) in merged {
        out.push_str(&text[at..start.max(at)]);
        out.push_str(MASK);
        at = at.max(end);
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_decode_each_escape() {
        let decode = |text: &str| -> String {
            let mut out = String::new();
            let mut i = 0;
            while i < text.len() {
                let (unit, next) = unit_at(text, i);
                out.extend(unit.map(|u| u.ch));
                i = next;
            }
            out
        };
        assert_eq!(decode("a%2Fb%2fc"), "a/b/c");
        assert_eq!(decode("%C3%A9"), "é");
        assert_eq!(decode(r"a\/b\u002Fc\u002fd\x2fe"), "a/b/c/d/e");
        assert_eq!(decode(r"\ud83d\ude00"), "😀");
        assert_eq!(decode("&#47;&#x2F;&sol;&amp;"), "///&");
        assert_eq!(
            decode("a<br>b<wbr/>c\nd <!-- x -->e\u{200B}f&shy;g"),
            "abcdefg"
        );
        assert_eq!(decode("a < b & c; 100%"), "a<b&c;100%");
    }
}

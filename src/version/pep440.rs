//! PEP 440 versions exactly as `packaging.version.Version` (26.x) reads,
//! normalises and orders them.
//!
//! The parser walks the string the way packaging's regex does: its possessive
//! quantifiers never give back what they matched, which is what a greedy
//! hand-written scanner does too. Numbers have no upper bound (see
//! [`Number`]).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::number::Number;
use crate::pystr;

/// The pre-release phase, in PEP 440 order: `a` < `b` < `rc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// `a`, also spelled `alpha`.
    Alpha,
    /// `b`, also spelled `beta`.
    Beta,
    /// `rc`, also spelled `c`, `pre`, `preview`.
    Rc,
}

impl Phase {
    /// The normalised letter: `a`, `b` or `rc`.
    pub fn letter(self) -> &'static str {
        match self {
            Phase::Alpha => "a",
            Phase::Beta => "b",
            Phase::Rc => "rc",
        }
    }

    /// The long name commitizen uses on its command line: `alpha`, `beta`, `rc`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Alpha => "alpha",
            Phase::Beta => "beta",
            Phase::Rc => "rc",
        }
    }

    /// Reads `alpha`, `beta`, `rc` (any case) and their short letters.
    pub fn from_name(name: &str) -> Option<Phase> {
        match name.to_ascii_lowercase().as_str() {
            "alpha" | "a" => Some(Phase::Alpha),
            "beta" | "b" => Some(Phase::Beta),
            "rc" | "c" | "pre" | "preview" => Some(Phase::Rc),
            _ => None,
        }
    }
}

/// One part of a local version label: `ubuntu` or `1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LocalPart {
    /// A part that is all digits (compared as a number).
    Number(Number),
    /// Any other part, lower-cased.
    Text(String),
}

impl Ord for LocalPart {
    /// PEP 440: text parts sort before numbers.
    fn cmp(&self, other: &LocalPart) -> Ordering {
        match (self, other) {
            (LocalPart::Number(a), LocalPart::Number(b)) => a.cmp(b),
            (LocalPart::Text(a), LocalPart::Text(b)) => a.cmp(b),
            (LocalPart::Text(_), LocalPart::Number(_)) => Ordering::Less,
            (LocalPart::Number(_), LocalPart::Text(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for LocalPart {
    fn partial_cmp(&self, other: &LocalPart) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for LocalPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalPart::Number(n) => write!(f, "{n}"),
            LocalPart::Text(t) => f.write_str(t),
        }
    }
}

/// A PEP 440 version. Equality and order are packaging's (`1.0 == 1.0.0`).
#[derive(Clone, Debug)]
pub struct Pep440 {
    /// `N!` before the release; 0 when absent.
    pub epoch: Number,
    /// The release numbers, never empty.
    pub release: Vec<Number>,
    /// Pre-release phase and number.
    pub pre: Option<(Phase, Number)>,
    /// Post-release number.
    pub post: Option<Number>,
    /// Dev-release number.
    pub dev: Option<Number>,
    /// Local version label parts (after `+`).
    pub local: Option<Vec<LocalPart>>,
}

/// The string is not a PEP 440 version.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Invalid version: '{0}'")]
pub struct InvalidVersion(pub String);

impl Pep440 {
    /// A plain release such as `1.2.3`.
    pub fn from_release(release: Vec<Number>) -> Pep440 {
        assert!(!release.is_empty(), "a release has at least one number");
        Pep440 {
            epoch: Number::zero(),
            release,
            pre: None,
            post: None,
            dev: None,
            local: None,
        }
    }

    /// Parses any string `packaging.version.Version` accepts.
    pub fn parse(input: &str) -> Result<Pep440, InvalidVersion> {
        Scanner::new(input)
            .version()
            .ok_or_else(|| InvalidVersion(input.to_string()))
    }

    /// packaging's `is_prerelease`: a pre-release or a dev release.
    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    /// The `n`th release number, 0 when the release is shorter.
    pub fn release_part(&self, n: usize) -> Number {
        self.release.get(n).cloned().unwrap_or_else(Number::zero)
    }

    /// The local label as packaging prints it (`ubuntu.1`).
    pub fn local_label(&self) -> Option<String> {
        self.local.as_ref().map(|parts| {
            parts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(".")
        })
    }

    /// The version without its local label, as packaging's `public`.
    pub fn public(&self) -> Pep440 {
        Pep440 {
            local: None,
            ..self.clone()
        }
    }

    /// The release joined with dots (`1.2.3`), without epoch.
    pub fn release_string(&self) -> String {
        self.release
            .iter()
            .map(Number::as_str)
            .collect::<Vec<_>>()
            .join(".")
    }

    /// packaging's `_cmpkey`, as a sortable value.
    fn key(&self) -> Key<'_> {
        let mut trimmed = self.release.as_slice();
        while let [rest @ .., last] = trimmed {
            if last.is_zero() {
                trimmed = rest;
            } else {
                break;
            }
        }
        let zero = Number::zero();
        let (pre_rank, pre_n) = match (&self.pre, &self.post, &self.dev) {
            (None, None, Some(_)) => (-1, zero.clone()),
            (None, _, _) => (3, zero.clone()),
            (Some((phase, n)), _, _) => (*phase as i8, n.clone()),
        };
        Key {
            epoch: &self.epoch,
            release: trimmed,
            pre: (pre_rank, pre_n),
            post: match &self.post {
                None => (0, zero.clone()),
                Some(n) => (1, n.clone()),
            },
            dev: match &self.dev {
                None => (1, zero),
                Some(n) => (0, n.clone()),
            },
            local: self.local.as_deref(),
        }
    }
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Key<'a> {
    epoch: &'a Number,
    release: &'a [Number],
    pre: (i8, Number),
    post: (i8, Number),
    dev: (i8, Number),
    // `None` sorts before `Some`, as packaging's 3-tuple before its 4-tuple.
    local: Option<&'a [LocalPart]>,
}

impl PartialEq for Pep440 {
    fn eq(&self, other: &Pep440) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Pep440 {}

impl Ord for Pep440 {
    fn cmp(&self, other: &Pep440) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Pep440 {
    fn partial_cmp(&self, other: &Pep440) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Pep440 {
    type Err = InvalidVersion;

    fn from_str(s: &str) -> Result<Pep440, InvalidVersion> {
        Pep440::parse(s)
    }
}

impl fmt::Display for Pep440 {
    /// packaging's normal form: `1!2.0rc1.post2.dev3+local.7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.epoch.is_zero() {
            write!(f, "{}!", self.epoch)?;
        }
        f.write_str(&self.release_string())?;
        if let Some((phase, n)) = &self.pre {
            write!(f, "{}{n}", phase.letter())?;
        }
        if let Some(n) = &self.post {
            write!(f, ".post{n}")?;
        }
        if let Some(n) = &self.dev {
            write!(f, ".dev{n}")?;
        }
        if let Some(label) = self.local_label() {
            write!(f, "+{label}")?;
        }
        Ok(())
    }
}

/// A cursor over the input, following packaging's `VERSION_PATTERN`.
struct Scanner<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(s: &'a str) -> Scanner<'a> {
        Scanner { s, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    /// `[0-9]++`
    fn digits(&mut self) -> Option<Number> {
        let len = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        let n = Number::from_digits(&self.rest()[..len]);
        self.pos += len;
        n
    }

    /// `[._-]?+`
    fn separator(&mut self) {
        if matches!(self.peek(), Some(b'.' | b'_' | b'-')) {
            self.pos += 1;
        }
    }

    /// The first of `words` that starts the rest, ignoring ASCII case.
    fn word(&mut self, words: &[&'static str]) -> Option<&'static str> {
        let rest = self.rest().as_bytes();
        for w in words {
            if rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes()) {
                self.pos += w.len();
                return Some(w);
            }
        }
        None
    }

    /// A regex group that is optional and possessive: try it, keep it whole
    /// or rewind.
    fn optional<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let start = self.pos;
        let got = f(self);
        if got.is_none() {
            self.pos = start;
        }
        got
    }

    fn version(mut self) -> Option<Pep440> {
        // `\s*` around the pattern; `v?+` before it.
        let leading = self.s.len() - self.s.trim_start_matches(pystr::is_space).len();
        self.pos = leading;
        if matches!(self.peek(), Some(b'v' | b'V')) {
            self.pos += 1;
        }
        let epoch = self
            .optional(|s| {
                let n = s.digits()?;
                (s.peek() == Some(b'!')).then(|| {
                    s.pos += 1;
                    n
                })
            })
            .unwrap_or_else(Number::zero);
        let mut release = vec![self.digits()?];
        while self.peek() == Some(b'.')
            && self
                .s
                .as_bytes()
                .get(self.pos + 1)
                .is_some_and(u8::is_ascii_digit)
        {
            self.pos += 1;
            release.push(self.digits()?);
        }
        let pre = self.optional(|s| {
            s.separator();
            let word = s.word(&["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"])?;
            s.separator();
            let n = s.digits().unwrap_or_else(Number::zero);
            Some((Phase::from_name(word)?, n))
        });
        let post = self.optional(|s| {
            if s.peek() == Some(b'-') {
                let start = s.pos;
                s.pos += 1;
                if let Some(n) = s.digits() {
                    return Some(n);
                }
                s.pos = start;
            }
            s.separator();
            s.word(&["post", "rev", "r"])?;
            s.separator();
            Some(s.digits().unwrap_or_else(Number::zero))
        });
        let dev = self.optional(|s| {
            s.separator();
            s.word(&["dev"])?;
            s.separator();
            Some(s.digits().unwrap_or_else(Number::zero))
        });
        let local = self.optional(|s| {
            if s.peek() != Some(b'+') {
                return None;
            }
            s.pos += 1;
            let mut parts = vec![s.local_part()?];
            while matches!(s.peek(), Some(b'.' | b'_' | b'-'))
                && s.s
                    .as_bytes()
                    .get(s.pos + 1)
                    .is_some_and(u8::is_ascii_alphanumeric)
            {
                s.pos += 1;
                parts.push(s.local_part()?);
            }
            Some(parts)
        });
        if !self.rest().chars().all(pystr::is_space) {
            return None;
        }
        Some(Pep440 {
            epoch,
            release,
            pre,
            post,
            dev,
            local,
        })
    }

    /// `[a-z0-9]++`, lower-cased; all digits become a number.
    fn local_part(&mut self) -> Option<LocalPart> {
        let len = self
            .rest()
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if len == 0 {
            return None;
        }
        let text = &self.rest()[..len];
        self.pos += len;
        Some(match Number::from_digits(text) {
            Some(n) => LocalPart::Number(n),
            None => LocalPart::Text(text.to_ascii_lowercase()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Pep440::parse(s).unwrap().to_string()
    }

    // Expected values from packaging's own test suite (tests/test_version.py).
    #[test]
    fn normalises_like_packaging() {
        let rows = [
            ("1.0", "1.0"),
            ("v1.0", "1.0"),
            ("  1.0  ", "1.0"),
            ("1.0.dev456", "1.0.dev456"),
            ("1.0a1", "1.0a1"),
            ("1.0a2.dev456", "1.0a2.dev456"),
            ("1.0a12.dev456", "1.0a12.dev456"),
            ("1.0b1.dev456", "1.0b1.dev456"),
            ("1.0c1", "1.0rc1"),
            ("1.0.post456.dev34", "1.0.post456.dev34"),
            ("1.0-1", "1.0.post1"),
            ("1.0-r4", "1.0.post4"),
            ("1.0rev4", "1.0.post4"),
            ("1.0.post", "1.0.post0"),
            ("1.0-alpha.1", "1.0a1"),
            ("1.0-ALPHA_1", "1.0a1"),
            ("1.0pre1", "1.0rc1"),
            ("1.0preview1", "1.0rc1"),
            ("1.0a", "1.0a0"),
            ("1.0.dev", "1.0.dev0"),
            ("1!1.0", "1!1.0"),
            ("0!1.0", "1.0"),
            ("1.0+ubuntu-1", "1.0+ubuntu.1"),
            ("1.0+UBUNTU_01", "1.0+ubuntu.1"),
            ("01.02.003", "1.2.3"),
            ("2.4C1", "2.4rc1"),
            ("1.0a.", "1.0a0"),
            ("1.0_dev_", "1.0.dev0"),
            ("\u{a0}1.0\u{2003}", "1.0"),
            ("1.99999999999999999999999", "1.99999999999999999999999"),
        ];
        for (input, want) in rows {
            assert_eq!(norm(input), want, "{input:?}");
        }
    }

    #[test]
    fn rejects_what_packaging_rejects() {
        for bad in [
            "",
            "french toast",
            "1.0+",
            "1.0+_foo",
            "1..0",
            ".1",
            "1.",
            "1.0.",
            "1.0a1-",
            "1.0-",
            "1.0+foo.",
            "vv1.0",
            "1.0 a1",
            "1 .0",
            "1!",
            "!1",
        ] {
            assert!(Pep440::parse(bad).is_err(), "{bad:?} should be invalid");
        }
    }

    #[test]
    fn orders_like_packaging() {
        // packaging's VERSIONS list, already in ascending order.
        let ordered = [
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0b2-346",
            "1.0c1.dev456",
            "1.0c1",
            "1.0rc2",
            "1.0c3",
            "1.0",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.1.dev1",
            "1.2+123abc",
            "1.2+123abc456",
            "1.2+abc",
            "1.2+abc123",
            "1.2+abc123def",
            "1.2+1234.abc",
            "1.2+123456",
            "1.2.r32+123456",
            "1.2.rev33+123456",
            "1!1.0b2.post345.dev456",
            "1!1.0b2.post345",
            "1!1.0b2-346",
            "1!1.0c1.dev456",
            "1!1.0c1",
            "1!1.0rc2",
            "1!1.0c3",
            "1!1.0",
            "1!1.0.post456.dev34",
            "1!1.0.post456",
            "1!1.1.dev1",
        ];
        let parsed: Vec<Pep440> = ordered.iter().map(|s| Pep440::parse(s).unwrap()).collect();
        for pair in parsed.windows(2) {
            assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(
            Pep440::parse("1.0").unwrap(),
            Pep440::parse("1.0.0").unwrap()
        );
    }
}

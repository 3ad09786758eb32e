//! Non-negative integers of any size, as Python's `int` holds them.
//!
//! `packaging` accepts `1.99999999999999999999999` (Python integers have no
//! upper bound), so a version component cannot be a `u64`. A `Number` keeps
//! the decimal digits without leading zeros and orders by length, then digits.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative integer of any size, kept as normalised decimal digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Number(String);

impl Default for Number {
    fn default() -> Number {
        Number::zero()
    }
}

impl Number {
    /// Zero.
    pub fn zero() -> Number {
        Number("0".to_string())
    }

    /// Parses ASCII digits (leading zeros allowed, as `int("007")`).
    /// Returns `None` for an empty string or any other character.
    pub fn from_digits(digits: &str) -> Option<Number> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let trimmed = digits.trim_start_matches('0');
        Some(Number(if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        }))
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.0 == "0"
    }

    /// This number plus one.
    pub fn succ(&self) -> Number {
        let mut digits = self.0.clone().into_bytes();
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
        Number(String::from_utf8(digits).expect("ASCII digits stay ASCII"))
    }

    /// The digits, without leading zeros.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Number {
        Number(n.to_string())
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Number;

    #[test]
    fn leading_zeros_are_dropped() {
        assert_eq!(Number::from_digits("007").unwrap().as_str(), "7");
        assert_eq!(Number::from_digits("000").unwrap().as_str(), "0");
        assert!(Number::from_digits("").is_none());
        assert!(Number::from_digits("1a").is_none());
    }

    #[test]
    fn succ_carries() {
        assert_eq!(Number::from(9).succ().as_str(), "10");
        assert_eq!(Number::from(1299).succ().as_str(), "1300");
        assert_eq!(Number::zero().succ().as_str(), "1");
        let big = Number::from_digits("99999999999999999999999").unwrap();
        assert_eq!(big.succ().as_str(), "100000000000000000000000");
    }

    #[test]
    fn orders_numerically() {
        let n = |s: &str| Number::from_digits(s).unwrap();
        assert!(n("10") > n("9"));
        assert!(n("100000000000000000000") > n("99999999999999999999"));
        assert_eq!(n("0010"), n("10"));
    }
}

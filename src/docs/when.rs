//! `GIT_COMMITTER_DATE` as mike's `make_when` reads it: `<seconds> ±hhmm`
//! as is, else an ISO 8601 date (local time when it has no offset), else an
//! RFC 2822 date.

use jiff::fmt::temporal::DateTimeParser;
use jiff::tz::{Offset, TimeZone};

/// Seconds since the epoch and the UTC offset in minutes.
pub fn parse(text: &str) -> Option<(i64, i32)> {
    let text = text.trim();
    if let Some(raw) = raw(text) {
        return Some(raw);
    }
    if let Ok(pieces) = DateTimeParser::new().parse_pieces(text) {
        let datetime = pieces.date().to_datetime(pieces.time().unwrap_or_default());
        let offset: Offset = match pieces.to_numeric_offset() {
            Some(offset) => offset,
            None => {
                let zone = TimeZone::system();
                let guess = Offset::UTC.to_timestamp(datetime).ok()?;
                zone.to_offset(guess)
            }
        };
        let stamp = offset.to_timestamp(datetime).ok()?;
        return Some((stamp.as_second(), offset.seconds() / 60));
    }
    let zoned = jiff::fmt::rfc2822::parse(text).ok()?;
    Some((zoned.timestamp().as_second(), zoned.offset().seconds() / 60))
}

/// git's internal format, `1700000000 +0100`.
fn raw(text: &str) -> Option<(i64, i32)> {
    let (seconds, offset) = text.split_once(' ')?;
    if seconds.is_empty() || !seconds.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let offset = offset.get(..5)?;
    let sign = match offset.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &offset[1..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some((seconds.parse().ok()?, sign * (hours * 60 + minutes)))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_mikes_formats() {
        assert_eq!(parse("1700000000 +0000"), Some((1_700_000_000, 0)));
        assert_eq!(parse("1700000000 -0130"), Some((1_700_000_000, -90)));
        // datetime.fromisoformat('2024-01-02T03:04:05+01:00').timestamp() == 1704161045
        assert_eq!(
            parse("2024-01-02T03:04:05+01:00"),
            Some((1_704_161_045, 60))
        );
        // parsedate_to_datetime('Tue, 02 Jan 2024 03:04:05 +0100').timestamp()
        assert_eq!(
            parse("Tue, 02 Jan 2024 03:04:05 +0100"),
            Some((1_704_161_045, 60))
        );
        assert_eq!(parse("yesterday"), None);
    }
}

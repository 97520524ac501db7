//! Feed times: RFC 3339 with a zone, read strictly, and the relaxed form older fields accept.
//!
//! chrono's default deserializer accepts a relaxed format through its general parser; the feed
//! contract is strict RFC 3339, and reading it strictly is what keeps parsing a 10,000-update
//! feed within budget. The fields that always took chrono's relaxed form (an incident's start
//! and end, maintenance windows, next-update times, ...) read it through [`relaxed`], which
//! accepts exactly what chrono's `FromStr` does without its strftime parser (about 7 KB gzip
//! of every browser bundle).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Writes a time as RFC 3339 in UTC.
///
/// # Errors
/// Only the serializer's own.
pub fn serialize<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// Reads an RFC 3339 time with a zone; a time without one is refused.
///
/// # Errors
/// When the text is not RFC 3339 with a zone.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| {
            serde::de::Error::custom(format!("{text:?} is not an RFC 3339 time with a zone: {e}"))
        })
}

/// Reads an optional time from a document Herald does not control (a Statuspage page): only
/// RFC 3339 with a zone counts, and anything else (a number, a malformed or out-of-range time)
/// reads as no time. One bad field then costs that field, not the whole document, and every
/// time kept is one Herald's own strict reader accepts when the feed is written back.
///
/// # Errors
/// Only the deserializer's own (the input is not valid JSON).
pub fn lenient_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let value = crate::lenient::AnyText::deserialize(deserializer)?;
    Ok(value
        .as_deref()
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|at| at.with_timezone(&Utc)))
}

/// Reads a time as chrono's `DateTime<Utc>: FromStr` does, field by field: the date, a `T`, `t`
/// or space, the time with an optional fraction of any length (digits past the ninth are
/// dropped), then `Z`, `UTC` (any case) or an offset with or without its colon; white space may
/// stand before any number and before the zone, and second 60 is a leap second. `None` for
/// anything chrono refuses. A property test holds the two to the same answers.
pub fn parse_relaxed(text: &str) -> Option<DateTime<Utc>> {
    let mut s = text;
    let year = year(&mut s)?;
    literal(&mut s, '-')?;
    let month = number(&mut s, 2)?;
    literal(&mut s, '-')?;
    let day = number(&mut s, 2)?;
    s = s.strip_prefix(['T', 't', ' '])?;
    let hour = number(&mut s, 2)?;
    literal(&mut s, ':')?;
    let minute = number(&mut s, 2)?;
    literal(&mut s, ':')?;
    let second = number(&mut s, 2)?;
    let nano = match s.strip_prefix('.') {
        Some(fraction) => nanoseconds(fraction, &mut s)?,
        None => 0,
    };
    s = s.trim_start();
    let offset = match s.get(..3) {
        Some(utc) if utc.eq_ignore_ascii_case("UTC") => {
            s = &s[3..];
            0
        }
        _ => offset(&mut s)?,
    };
    if !s.trim_start().is_empty() {
        return None;
    }
    // A leap second reads as second 59 with a fraction past one second, as chrono holds it.
    let (second, nano) = match second {
        0..=59 => (second, nano),
        60 => (59, nano + 1_000_000_000),
        _ => return None,
    };
    let local = NaiveDate::from_ymd_opt(year, month, day)?
        .and_time(NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?);
    Some(
        local
            .checked_sub_offset(FixedOffset::east_opt(offset)?)?
            .and_utc(),
    )
}

/// Reads a time in the relaxed form chrono's own deserializer accepts ([`parse_relaxed`]).
///
/// # Errors
/// When the value is not a string, or not a time chrono would read.
pub fn relaxed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    read_relaxed(&<std::borrow::Cow<'de, str>>::deserialize(deserializer)?)
}

/// [`relaxed`] for an optional time; `null` reads as none (give the field `default` too, so a
/// missing one does).
///
/// # Errors
/// When the value is neither null nor a time chrono would read.
pub fn relaxed_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?
        .map(|text| read_relaxed(&text))
        .transpose()
}

/// [`parse_relaxed`], or an error naming the text (its first 40 characters: a hostile document
/// should not make an error of any length).
fn read_relaxed<E: serde::de::Error>(text: &str) -> Result<DateTime<Utc>, E> {
    parse_relaxed(text).ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        E::custom(format!(
            "{shown:?}{more} is not an RFC 3339 time with a zone"
        ))
    })
}

/// A year: up to four digits, or a sign and any number of them (within `i32`).
fn year(s: &mut &str) -> Option<i32> {
    *s = s.trim_start();
    let negative = s.starts_with('-');
    if let Some(rest) = s.strip_prefix(['-', '+']) {
        *s = rest;
        let magnitude = digits(s, usize::MAX)?;
        let value = if negative {
            0i64.checked_sub(magnitude)?
        } else {
            magnitude
        };
        i32::try_from(value).ok()
    } else {
        i32::try_from(digits(s, 4)?).ok()
    }
}

/// A field of one to `most` digits after optional white space.
fn number(s: &mut &str, most: usize) -> Option<u32> {
    *s = s.trim_start();
    u32::try_from(digits(s, most)?).ok()
}

/// One to `most` ASCII digits, consumed; `None` when there is none or the value overflows.
fn digits(s: &mut &str, most: usize) -> Option<i64> {
    let count = s.bytes().take(most).take_while(u8::is_ascii_digit).count();
    if count == 0 {
        return None;
    }
    let mut value = 0i64;
    for digit in s.bytes().take(count) {
        value = value
            .checked_mul(10)?
            .checked_add(i64::from(digit - b'0'))?;
    }
    *s = &s[count..];
    Some(value)
}

/// `mark` after optional white space.
fn literal(s: &mut &str, mark: char) -> Option<()> {
    *s = s.trim_start().strip_prefix(mark)?;
    Some(())
}

/// The fraction after the dot: its first nine digits as nanoseconds, the rest dropped; leaves
/// `s` after the last digit.
fn nanoseconds<'a>(fraction: &'a str, s: &mut &'a str) -> Option<u32> {
    let mut rest = fraction;
    let first = digits(&mut rest, 9)?;
    let read = fraction.len() - rest.len();
    let scale = 10i64.pow(u32::try_from(9 - read).ok()?);
    *s = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    u32::try_from(first * scale).ok()
}

/// `Z`, `z`, or a sign (`+`, `-` or `−`), two digits of hours, then colons or white space, and
/// two digits of minutes (00 to 59): the offset east of UTC in seconds.
fn offset(s: &mut &str) -> Option<i32> {
    if let Some(rest) = s.strip_prefix(['Z', 'z']) {
        *s = rest;
        return Some(0);
    }
    let (negative, rest) = if let Some(rest) = s.strip_prefix('+') {
        (false, rest)
    } else if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        (true, rest)
    } else {
        return None;
    };
    let two = |text: &str, highest: u8| match text.as_bytes() {
        [tens @ b'0'..=b'9', units @ b'0'..=b'9', ..] if *tens <= highest => {
            Some(i32::from((tens - b'0') * 10 + (units - b'0')))
        }
        _ => None,
    };
    let hours = two(rest, b'9')?;
    let rest = rest[2..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let minutes = two(rest, b'5')?;
    *s = &rest[2..];
    let seconds = hours * 3600 + minutes * 60;
    Some(if negative { -seconds } else { seconds })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::parse_relaxed;
    use chrono::{DateTime, Utc};

    fn chrono_reads(text: &str) -> Option<DateTime<Utc>> {
        text.parse::<DateTime<Utc>>().ok()
    }

    #[test]
    fn the_relaxed_reader_reads_what_chrono_reads() {
        for text in [
            "2026-12-01T10:00:00Z",
            "2026-12-01 10:00:00Z",
            "2026-12-01t10:00:00z",
            "2026-12-01T10:00:00.123456789123+01:00",
            "2026-12-01T10:00:00 UTC",
            "2026-12-01T10:00:00utc",
            "2026-12-01T10:00:00 +0530",
            "2026-12-01T10:00:00\u{2212}05:00",
            "2016-12-31T23:59:60Z",
            " 2026 - 12 - 01T 10 : 00 : 00 Z ",
            "+2026-1-1T1:2:3Z",
            "-0001-01-01T00:00:00Z",
            "2026-12-01T10:00:00+23:59",
            "2026-12-01T10:00:60Z",
        ] {
            assert_eq!(parse_relaxed(text), chrono_reads(text), "{text:?}");
            assert!(parse_relaxed(text).is_some(), "{text:?}");
        }
    }

    #[test]
    fn the_relaxed_reader_refuses_what_chrono_refuses() {
        for text in [
            "",
            "2026-12-01",
            "2026-12-01T10:00:00",
            "2026-12-01T10:00Z",
            "2026-02-30T10:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T10:00:61Z",
            "2026-12-01T10:00:00.Z",
            "2026-12-01T10:00:00+24:00",
            "2026-12-01T10:00:00+05:60",
            "2026-12-01T10:00:00+05",
            "20261-12-01T10:00:00Z",
            "2026-12-01T10:00:00Z trailing",
            "2026-12-01\u{3000}10:00:00Z",
            "+99999999999-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_relaxed(text), chrono_reads(text), "{text:?}");
            assert!(parse_relaxed(text).is_none(), "{text:?}");
        }
    }

    /// Pieces of times and of things that are nearly times, joined at random.
    fn fragments() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("2026".to_string()),
            Just("-".to_string()),
            Just(":".to_string()),
            Just("T".to_string()),
            Just("t".to_string()),
            Just(" ".to_string()),
            Just("\u{3000}".to_string()),
            Just("\t".to_string()),
            Just(".".to_string()),
            Just("Z".to_string()),
            Just("z".to_string()),
            Just("UTC".to_string()),
            Just("uTc".to_string()),
            Just("+".to_string()),
            Just("\u{2212}".to_string()),
            Just("60".to_string()),
            Just("59".to_string()),
            Just("12".to_string()),
            Just("31".to_string()),
            Just("2016-12-31".to_string()),
            Just("23:59:".to_string()),
            "[0-9]{1,12}",
        ];
        proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
    }

    /// A well-formed time with its optional parts varied, so most cases read.
    fn near_times() -> impl Strategy<Value = String> {
        (
            (
                prop_oneof![Just(""), Just("+"), Just("-")],
                0u32..10_000,
                0u32..14,
                0u32..33,
            ),
            prop_oneof![Just("T"), Just("t"), Just(" "), Just("  ")],
            (0u32..25, 0u32..61, 0u32..62),
            prop_oneof![Just(String::new()), "\\.[0-9]{0,12}"],
            prop_oneof![Just(""), Just(" "), Just("\u{a0}")],
            prop_oneof![
                Just("Z".to_string()),
                Just("utc".to_string()),
                "[+-]0[0-9]:?[0-6][0-9]",
                "\u{2212}1[0-9] [0-5][0-9]",
                "[+-]2[3-4]:[0-9]{2}",
            ],
        )
            .prop_map(|((sign, y, mo, d), sep, (h, mi, sec), fraction, space, zone)| {
                format!("{sign}{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{sec:02}{fraction}{space}{zone}")
            })
    }

    proptest! {
        #[test]
        fn the_relaxed_reader_agrees_with_chrono_on_pieces_of_times(text in fragments()) {
            prop_assert_eq!(parse_relaxed(&text), chrono_reads(&text), "{:?}", text);
        }

        #[test]
        fn the_relaxed_reader_agrees_with_chrono_on_near_times(text in near_times()) {
            prop_assert_eq!(parse_relaxed(&text), chrono_reads(&text), "{:?}", text);
        }
    }
}

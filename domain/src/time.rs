//! Feed times: RFC 3339 with a zone, read strictly.
//!
//! chrono's default deserializer accepts a relaxed format through a slower general parser;
//! the feed contract is strict RFC 3339, and reading it strictly is what keeps parsing a
//! 10,000-update feed within budget.

use chrono::{DateTime, Utc};
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
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value
        .as_ref()
        .and_then(serde_json::Value::as_str)
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|at| at.with_timezone(&Utc)))
}

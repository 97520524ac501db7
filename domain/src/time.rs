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

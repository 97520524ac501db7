//! Conditional requests: `If-None-Match` makes a poll cheap, `If-Match` makes a write safe
//! against another writer. Both headers are read here, so the feed, the public API and the
//! writes agree on what a tag in them means.

use axum::http::{header, HeaderMap, StatusCode};
use herald_domain::{parse_etag, ErrorCode};

use crate::api_error::ApiError;

/// Whether any tag in `If-None-Match` names the current version (weak comparison, as RFC 9110
/// asks for this header). It compares tags, not versions, so it serves the public documents'
/// hash tags as well as the feed's.
pub fn if_none_match_hits(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// The feed version a write's `If-Match` names; `None` when the write is unconditional.
///
/// Only one strong feed tag is understood (`"v14"`, see [`herald_domain::parse_etag`]). A
/// list or `*` would let a writer say "any of these versions", which no console needs; a
/// weak tag can never match under the strong comparison `If-Match` uses.
///
/// # Errors
/// A `400 bad_if_match` for anything else, so a writer that meant to be careful is never
/// quietly treated as one that did not.
pub fn if_match_version(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let tag = value.to_str().unwrap_or_default().trim();
    if let Some(version) = parse_etag(tag) {
        return Ok(Some(version));
    }
    let message = if tag.starts_with("W/") {
        "If-Match compares tags strongly, so a weak tag such as W/\"v14\" never matches; send the strong tag, such as \"v14\""
    } else {
        "If-Match must be a feed ETag such as \"v14\""
    };
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::BadIfMatch,
        message,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_star() {
        let none_match = |value: &str| headers(header::IF_NONE_MATCH, value);
        assert!(if_none_match_hits(&none_match("\"v3\""), "\"v3\""));
        assert!(if_none_match_hits(
            &none_match("\"v1\", W/\"v3\""),
            "\"v3\""
        ));
        assert!(if_none_match_hits(&none_match("*"), "\"v3\""));
        assert!(!if_none_match_hits(&none_match("\"v2\""), "\"v3\""));
        assert!(!if_none_match_hits(&HeaderMap::new(), "\"v3\""));
    }

    #[test]
    fn if_match_names_one_version_or_none() {
        assert_eq!(if_match_version(&HeaderMap::new()).unwrap(), None);
        let if_match = |value: &str| headers(header::IF_MATCH, value);
        assert_eq!(if_match_version(&if_match("\"v14\"")).unwrap(), Some(14));
        assert_eq!(if_match_version(&if_match(" \"v14\" ")).unwrap(), Some(14));
    }

    #[test]
    fn if_match_refuses_weak_tags_lists_and_star() {
        for value in ["W/\"v14\"", "v14", "\"v14\", \"v15\"", "*", "\"abc\""] {
            let error = if_match_version(&headers(header::IF_MATCH, value)).unwrap_err();
            assert_eq!(error.status, StatusCode::BAD_REQUEST, "{value}");
            assert_eq!(error.body.error, ErrorCode::BadIfMatch, "{value}");
        }
        let weak = if_match_version(&headers(header::IF_MATCH, "W/\"v14\"")).unwrap_err();
        assert!(
            weak.body.message.contains("strong"),
            "{}",
            weak.body.message
        );
    }
}

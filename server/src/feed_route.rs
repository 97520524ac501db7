//! `GET /api/v1/feed`: the internal feed as the console and the app poll it, whole or as the
//! changes since a version, and answered with an empty `304` when nothing changed.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use herald_domain::{ErrorCode, FeedChanges};
use serde::Deserialize;

use crate::access::CanRead;
use crate::api_error::ApiError;
use crate::conditional::if_none_match_hits;
use crate::AppState;

/// Query of `GET /api/v1/feed`.
#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    /// Only what changed after this version.
    since: Option<u64>,
}

/// `GET /api/v1/feed`: the feed document, `304` when the client already has this version, or
/// with `?since=N` only the changes after version `N`.
///
/// # Errors
/// `422 future_version` when `N` is newer than the served version; a `500` when the store
/// cannot give the older version back.
///
/// # Panics
/// Never in practice: a feed's entity tag is ASCII.
pub async fn feed(
    _: CanRead,
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let snapshot = state.current();
    let etag = HeaderValue::from_str(&snapshot.etag).expect("an etag is ASCII");
    // Clients may revalidate on every poll; no-cache makes them ask, the ETag makes asking cheap.
    let cache = HeaderValue::from_static("private, no-cache");
    if if_none_match_hits(&headers, &snapshot.etag) {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response());
    }
    let json = HeaderValue::from_static("application/json");
    let body = match query.since {
        None => snapshot.body.to_string(),
        Some(since) if since > snapshot.feed.version => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::FutureVersion,
                format!(
                    "version {since} is newer than this server's {}; fetch the whole feed",
                    snapshot.feed.version
                ),
            ))
        }
        Some(since) => match state.feed_at(since).await? {
            Some(old) => serde_json::to_string(&FeedChanges::between(&old, &snapshot.feed))
                .map_err(ApiError::internal)?,
            // Never stored here (another server's version, or 0): the whole feed is the answer.
            None => snapshot.body.to_string(),
        },
    };
    Ok((
        [
            (header::CONTENT_TYPE, json),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response())
}

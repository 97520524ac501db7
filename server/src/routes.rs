//! HTTP routes: the internal feed API, the public Statuspage-compatible API, health, and the
//! built app's files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{middleware, Json, Router};
use herald_domain::{FeedChanges, Problem};
use serde::{Deserialize, Serialize};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use crate::access::{origin_guard, CanRead};
use crate::app_config::AppConfig;
use crate::{events, public_api, writes, AppState};

/// Largest request body accepted; a real update is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// An error as every API endpoint reports it: a status, a stable code, a plain sentence, and
/// for validation errors each problem with its JSON path.
#[derive(Debug, Serialize)]
pub struct ApiError {
    /// The HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// A stable machine word (`conflict`, `invalid`).
    pub error: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// Each problem with its JSON path, for validation errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemOut>,
}

/// One validation problem, as sent.
#[derive(Debug, Serialize)]
pub struct ProblemOut {
    /// JSON path of the offending value (`$.update.text`).
    pub path: String,
    /// What is wrong with it.
    pub reason: String,
}

impl From<Problem> for ProblemOut {
    fn from(problem: Problem) -> Self {
        Self {
            path: problem.path,
            reason: problem.reason,
        }
    }
}

impl ApiError {
    /// An error without problems.
    pub fn new(status: StatusCode, error: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            error,
            message: message.into(),
            problems: Vec::new(),
        }
    }

    /// A 500 whose detail goes to the log, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed to complete the request; it has been logged",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut response = (status, Json(self)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The whole HTTP surface. `dist` is the built app; `None` serves the APIs alone (and the
/// app's `config.json`, which pages of another host may still ask for).
pub fn router(state: AppState, dist: Option<&Path>, app_config: &AppConfig) -> Router {
    let internal = Router::new()
        .route("/api/v1/feed", get(feed))
        .route("/api/v1/events", get(events::stream))
        .route("/api/v1/access", get(crate::access::check_write_token))
        .route("/api/v1/incidents", post(writes::open_incident))
        .route("/api/v1/incidents/{id}", patch(writes::change_incident))
        .route("/api/v1/incidents/{id}/updates", post(writes::add_update))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), origin_guard));
    let app = Router::new()
        .merge(internal)
        .merge(public_api::router())
        .route("/healthz", get(health))
        .merge(crate::app_config::router(dist, app_config))
        .with_state(state);
    let app = match dist {
        Some(dist) => app.fallback_service(
            ServeDir::new(dist).fallback(
                Router::new()
                    .fallback(app_route)
                    .with_state(Arc::new(dist.join("index.html"))),
            ),
        ),
        None => app,
    };
    // Requests are logged at debug (`RUST_LOG=tower_http=debug`): method, path, status and
    // latency, never headers, so tokens stay out of logs.
    app.layer(CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// A path the built app does not have: an app route gets `index.html`, so the app's own
/// routes survive a reload; a missing file (anything with an extension, `config.json` say)
/// is a 404, so the app can tell "not configured" from a page of HTML.
async fn app_route(State(index): State<Arc<PathBuf>>, uri: Uri) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    match tokio::fs::read(index.as_ref()).await {
        Ok(page) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "the app is not built").into_response(),
    }
}

/// Query of `GET /api/v1/feed`.
#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    /// Only what changed after this version.
    since: Option<u64>,
}

/// `GET /api/v1/feed`: the feed document, `304` when the client already has this version, or
/// with `?since=N` only the changes after version `N`.
async fn feed(
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
                "future_version",
                format!(
                    "version {since} is newer than this server's {}; fetch the whole feed",
                    snapshot.feed.version
                ),
            ))
        }
        Some(since) => match state.feed_at(since).await.map_err(ApiError::internal)? {
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

/// Whether any tag in `If-None-Match` names the current version (weak comparison, as RFC 9110
/// asks for this header).
pub fn if_none_match_hits(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// `GET /healthz`: liveness and the version being served, for load balancers and scripts.
async fn health(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": state.current().feed.version }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_star() {
        assert!(if_none_match_hits(&headers("\"v3\""), "\"v3\""));
        assert!(if_none_match_hits(&headers("\"v1\", W/\"v3\""), "\"v3\""));
        assert!(if_none_match_hits(&headers("*"), "\"v3\""));
        assert!(!if_none_match_hits(&headers("\"v2\""), "\"v3\""));
        assert!(!if_none_match_hits(&HeaderMap::new(), "\"v3\""));
    }
}

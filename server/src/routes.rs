//! HTTP routes: the feed API, health, and the built app's files.

use std::path::Path;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

/// The whole HTTP surface. `dist` is the built app; `None` serves the API alone.
pub fn router(state: AppState, dist: Option<&Path>) -> Router {
    let api = Router::new()
        .route("/api/v1/feed", get(feed))
        .route("/healthz", get(health))
        .with_state(state);
    let app = match dist {
        // Unknown paths get index.html so the app's own routes survive a reload.
        Some(dist) => api.fallback_service(
            ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html"))),
        ),
        None => api,
    };
    app.layer(CompressionLayer::new())
}

/// `GET /api/v1/feed`: the feed document, or `304` when the client already has this version.
async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let snapshot = state.current();
    let etag = HeaderValue::from_str(&snapshot.etag).expect("an etag is ASCII");
    // Clients may revalidate on every poll; no-cache makes them ask, the ETag makes asking cheap.
    let cache = HeaderValue::from_static("no-cache");
    if if_none_match_hits(&headers, &snapshot.etag) {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        snapshot.body.to_string(),
    )
        .into_response()
}

/// Whether any tag in `If-None-Match` names the current version (weak comparison, as RFC 9110
/// asks for this header).
fn if_none_match_hits(headers: &HeaderMap, etag: &str) -> bool {
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

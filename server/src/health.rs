//! `GET /healthz`: liveness, the version being served and the public site's state, for load
//! balancers, scripts and the console. It needs no token: it says only that the server runs,
//! which version it serves and which version of the public site is live (or why publishing
//! is failing).

use axum::extract::State;
use axum::Json;

use crate::AppState;

/// `GET /healthz`: `{"status": "ok", "version": N, "site": {"live_version": N, "published_at": …}}`.
pub async fn health(State(state): State<AppState>) -> Json<serde_json::Value> {
    let mut body = serde_json::json!({ "status": "ok", "version": state.current().feed.version });
    if let Some(site) = &state.site {
        body["site"] = serde_json::to_value(site.status()).unwrap_or_default();
    }
    Json(body)
}

//! `GET /healthz`: liveness and the version being served, for load balancers and scripts.
//! It needs no token: it says only that the server runs and which version it serves.

use axum::extract::State;
use axum::Json;

use crate::AppState;

/// `GET /healthz`: `{"status": "ok", "version": N}`.
pub async fn health(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": state.current().feed.version }))
}

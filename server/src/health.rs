//! `GET /healthz`: liveness, the version being served and the public site's state, for load
//! balancers, scripts and the console. It needs no token: it says only that the server runs,
//! which version it serves and which version of the public site is live (or why publishing
//! is failing). The body is the domain's [`Health`].

use axum::extract::State;
use axum::Json;
use herald_domain::health::Health;

use crate::AppState;

/// `GET /healthz`: `{"status": "ok", "version": N, "site": {"live_version": N, "published_at": …}}`.
pub async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: state.current().feed.version,
        site: state
            .site
            .as_ref()
            .map(crate::site_publisher::SitePublisher::status),
    })
}

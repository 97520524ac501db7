//! The route table: which path goes to which handler, behind which guard and body limit. The
//! handlers live in modules of their own; only the app's fallback for the built files is here,
//! because it exists only as part of the table.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, OriginalUri, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, patch, post};
use axum::{middleware, Router};
use herald_domain::write_api::path;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use crate::access::{check_write_token, origin_guard};
use crate::app_config::AppConfig;
use crate::feed_route::feed;
use crate::health::health;
use crate::writes::MAX_BODY_BYTES;
use crate::{events, public_api, writes, AppState};

/// How long a request body may stall between two chunks.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The whole HTTP surface. `dist` is the built app; `None` serves the APIs alone (and the
/// app's `config.json`, which pages of another host may still ask for).
pub fn router(state: AppState, dist: Option<&Path>, app_config: &AppConfig) -> Router {
    let internal = Router::new()
        .route(path::FEED, get(feed))
        .route(path::EVENTS, get(events::stream))
        .route(path::ACCESS, get(check_write_token))
        .route(path::INCIDENTS, post(writes::open_incident))
        .route(path::INCIDENT_ROUTE, patch(writes::change_incident))
        .route(path::UPDATES_ROUTE, post(writes::add_update))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), origin_guard));
    let site = state.site.as_ref().map(|site| {
        Router::new()
            .fallback_service(ServeDir::new(site.live_dir()))
            .layer(middleware::from_fn(site_cache_control))
    });
    let mut app = Router::new()
        .merge(internal)
        .merge(public_api::router())
        .merge(crate::subscription_routes::router())
        .merge(crate::webhook_routes::router())
        .route(path::HEALTH, get(health))
        .merge(crate::app_config::router(dist, app_config))
        .with_state(state);
    if let Some(site) = site {
        app = app.nest_service("/status", site);
    }
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
        // A body that stalls this long between chunks is cut off, so a client that stops
        // sending cannot hold a handler (and its descriptor) open; heads are timed by the
        // accept loop.
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            BODY_TIMEOUT,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// The public site's caching: hashed assets for a year, everything else briefly, and served
/// stale while a cache refetches or while this server is failing. `/status` without its slash
/// is sent to `/status/`, where the site's relative links resolve.
async fn site_cache_control(request: Request, next: Next) -> Response {
    let original = request
        .extensions()
        .get::<OriginalUri>()
        .map(|u| u.path().to_string());
    if original.as_deref() == Some("/status") {
        return Redirect::permanent("/status/").into_response();
    }
    let freshness = herald_site::Freshness::of(request.uri().path().trim_start_matches('/'));
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(freshness.cache_control()),
        );
    }
    response
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

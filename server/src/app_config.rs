//! `config.json` for the app this server serves: the operator's file when there is one, else
//! one the server writes from its own settings, so a page never asks for a file that is not
//! there (a 404 the browser logs on every load).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

/// What the server tells its own pages beyond the defaults they already assume.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AppConfig {
    /// Where the write token is kept, for the console's hint; only a demo server (open reads on
    /// loopback) says so, since the path is no secret to someone on the same machine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_token_file: Option<String>,
}

struct Served {
    dist: Option<PathBuf>,
    body: String,
}

/// `config.json` at the root and beside each page (`/console/config.json`): a file in the
/// built app wins, then the app's root file, then the server's own.
///
/// # Panics
/// Never: a struct of optional strings always serialises.
pub fn router<S: Clone + Send + Sync + 'static>(
    dist: Option<&Path>,
    config: &AppConfig,
) -> Router<S> {
    let served = Arc::new(Served {
        dist: dist.map(Path::to_path_buf),
        body: serde_json::to_string(config).expect("the app config serialises"),
    });
    Router::new()
        .route("/config.json", get(config_json))
        .route("/{page}/config.json", get(config_json))
        .with_state(served)
}

async fn config_json(State(served): State<Arc<Served>>, uri: Uri) -> Response {
    let json = [(header::CONTENT_TYPE, "application/json")];
    if let Some(dist) = &served.dist {
        let path = uri.path().trim_start_matches('/');
        // One folder name at most, never `..`: the file stays inside `dist`.
        let inside = !path
            .split('/')
            .any(|part| part.is_empty() || part.starts_with('.'));
        let beside = inside.then(|| dist.join(path));
        for file in beside.into_iter().chain([dist.join("config.json")]) {
            if let Ok(body) = tokio::fs::read(&file).await {
                return (json, body).into_response();
            }
        }
    }
    (json, served.body.clone()).into_response()
}

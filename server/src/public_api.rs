//! The public API: Statuspage-compatible `/api/v2/*.json` and an Atom feed of public updates.
//!
//! No token, any origin, cacheable. Every document is written from the domain's public view
//! once per feed version; its entity tag is a hash of its bytes, so an internal note (which
//! changes the feed but not these bytes) does not make every cache fetch them again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use herald_domain::{Feed, PublicFeed};
use herald_site::{Freshness, SiteFile};
use tower_http::cors::{Any, CorsLayer};

use crate::conditional::if_none_match_hits;
use crate::AppState;

/// A short freshness window: a status page must not lag an incident by much, and
/// stale-while-revalidate keeps it instant for readers while a cache refetches.
const CACHE_CONTROL: &str = "public, max-age=10, stale-while-revalidate=30";

/// One public document, ready to send.
#[derive(Debug, Clone)]
pub struct Cached {
    /// The bytes.
    pub body: Bytes,
    /// A strong entity tag derived from the bytes.
    pub etag: String,
    /// Its media type.
    pub content_type: &'static str,
}

impl Cached {
    fn new(body: Vec<u8>, content_type: &'static str) -> Self {
        let mut hasher = std::hash::DefaultHasher::new();
        body.hash(&mut hasher);
        Self {
            etag: format!("\"{:016x}\"", hasher.finish()),
            body: Bytes::from(body),
            content_type,
        }
    }
}

/// Every public document of one feed version, by its path on the site (`api/v2/summary.json`,
/// `history.zh-CN.atom`): the same files the public site publishes, served from memory.
#[derive(Debug, Clone)]
pub struct PublicDocuments {
    by_path: HashMap<String, Cached>,
    written_at: DateTime<Utc>,
}

impl PublicDocuments {
    /// Writes every public document from the public view of `feed`.
    pub fn new(feed: &Feed, written_at: DateTime<Utc>) -> Self {
        let public = PublicFeed::from_feed(feed);
        let by_path = herald_site::documents(&public, written_at)
            .into_iter()
            .map(|file| (file.path, Cached::new(file.body, file.content_type)))
            .collect();
        Self {
            by_path,
            written_at,
        }
    }

    /// When they were written.
    pub fn written_at(&self) -> DateTime<Utc> {
        self.written_at
    }

    /// The documents as files of the public site, for the publisher to write beside the pages.
    pub fn files(&self) -> Vec<SiteFile> {
        self.by_path
            .iter()
            .map(|(path, cached)| SiteFile {
                path: path.clone(),
                body: cached.body.to_vec(),
                content_type: cached.content_type,
                freshness: Freshness::of(path),
            })
            .collect()
    }

    /// The document at `path` from the site's root.
    pub fn get(&self, path: &str) -> Option<&Cached> {
        self.by_path.get(path)
    }
}

/// The public routes, open to every origin.
pub fn router() -> Router<AppState> {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH])
        .expose_headers([header::ETAG]);
    Router::new()
        .route("/api/v2/{*document}", get(api_document))
        .route("/history.atom", get(atom_feed))
        .route("/history.en.atom", get(atom_feed))
        .route("/history.zh-CN.atom", get(atom_feed))
        .layer(cors)
}

/// `GET /api/v2/{document}`: a Statuspage-compatible document.
async fn api_document(
    state: State<AppState>,
    Path(document): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve(&state, &headers, &format!("api/v2/{document}"))
}

/// `GET /history.atom` and its per-language siblings.
async fn atom_feed(state: State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    serve(&state, &headers, uri.path().trim_start_matches('/'))
}

/// Sends one public document, or `304` when the client's copy is current.
fn serve(State(state): &State<AppState>, headers: &HeaderMap, path: &str) -> Response {
    let snapshot = state.current();
    let Some(document) = snapshot.public.get(path) else {
        return (StatusCode::NOT_FOUND, "no such document").into_response();
    };
    let etag = HeaderValue::from_str(&document.etag).expect("a hex etag is ASCII");
    let cache = HeaderValue::from_static(CACHE_CONTROL);
    if if_none_match_hits(headers, &document.etag) {
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
                HeaderValue::from_static(document.content_type),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        document.body.clone(),
    )
        .into_response()
}

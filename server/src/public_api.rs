//! The public API: Statuspage-compatible `/api/v2/*.json` and an Atom feed of public updates.
//!
//! No token, any origin, cacheable. Every document is written from the domain's public view
//! once per feed version; its entity tag is a hash of its bytes, so an internal note (which
//! changes the feed but not these bytes) does not make every cache fetch them again.

use std::hash::{Hash, Hasher};

use atom_syndication::{Content, Entry, Link, Person, Text};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use herald_domain::statuspage::export::{Document, Export};
use herald_domain::translation::fallback_note;
use herald_domain::{Feed, Label, Locale, MaintenanceStatus, PublicFeed};
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
    fn new(body: String, content_type: &'static str) -> Self {
        let mut hasher = std::hash::DefaultHasher::new();
        body.hash(&mut hasher);
        Self {
            etag: format!("\"{:016x}\"", hasher.finish()),
            body: Bytes::from(body),
            content_type,
        }
    }

    fn json(document: &Document) -> Self {
        Self::new(
            serde_json::to_string(document).expect("a document serialises"),
            "application/json",
        )
    }
}

/// Every public document of one feed version.
#[derive(Debug, Clone)]
pub struct PublicDocuments {
    /// `summary.json`.
    pub summary: Cached,
    /// `status.json`.
    pub status: Cached,
    /// `components.json`.
    pub components: Cached,
    /// `incidents.json`.
    pub incidents: Cached,
    /// `incidents/unresolved.json`.
    pub unresolved: Cached,
    /// `scheduled-maintenances.json`.
    pub maintenances: Cached,
    /// `scheduled-maintenances/upcoming.json`.
    pub upcoming: Cached,
    /// `scheduled-maintenances/active.json`.
    pub active: Cached,
    /// `history.atom`, in the page's default language.
    pub atom: Cached,
    /// `history.en.atom`, for readers of English.
    pub atom_en: Cached,
    /// `history.zh-CN.atom`, for readers of Chinese.
    pub atom_zh: Cached,
}

impl PublicDocuments {
    /// Writes every public document from the public view of `feed`.
    pub fn new(feed: &Feed, written_at: DateTime<Utc>) -> Self {
        let public = PublicFeed::from_feed(feed);
        let export = Export::new(&public, written_at);
        let atom_en = atom(&public, written_at, Locale::En);
        let atom_zh = atom(&public, written_at, Locale::ZhCn);
        Self {
            summary: Cached::json(&export.summary()),
            status: Cached::json(&export.status()),
            components: Cached::json(&export.components()),
            incidents: Cached::json(&export.incidents()),
            unresolved: Cached::json(&export.unresolved()),
            maintenances: Cached::json(&export.maintenances(|_| true)),
            upcoming: Cached::json(&export.maintenances(MaintenanceStatus::is_upcoming)),
            active: Cached::json(&export.maintenances(MaintenanceStatus::is_under_way)),
            // The page's own feed is one of the two, not a third rendering.
            atom: match public.page.language() {
                Locale::En => atom_en.clone(),
                Locale::ZhCn => atom_zh.clone(),
            },
            atom_en,
            atom_zh,
        }
    }
}

/// The Atom feed of public updates for readers of `reader`, newest first, for feed readers
/// and chat integrations: each text in the reader's language where one was published, and
/// otherwise as written, after a note saying so.
fn atom(public: &PublicFeed, written_at: DateTime<Utc>, reader: Locale) -> Cached {
    Cached::new(
        atom_xml(public, written_at, reader),
        "application/atom+xml; charset=utf-8",
    )
}

fn atom_xml(public: &PublicFeed, written_at: DateTime<Utc>, reader: Locale) -> String {
    let page_language = public.page.language();
    let base = public
        .page
        .url
        .clone()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let mut entries: Vec<Entry> = public
        .incidents
        .iter()
        .flat_map(|incident| incident.updates.iter().map(move |u| (incident, u)))
        .map(|(incident, update)| {
            let mut entry = Entry::default();
            entry.set_id(format!("urn:herald:{}:{}", incident.id, update.id));
            entry.set_title(Text::plain(format!(
                "{} — {}",
                incident.title_in(reader, page_language),
                update.status.label(reader)
            )));
            entry.set_updated(update.at.fixed_offset());
            entry.set_published(Some(update.at.fixed_offset()));
            let mut content = Content::default();
            content.set_content_type(Some("text".to_string()));
            let shown = update.text_for(reader, page_language);
            content.set_value(Some(if shown.fallback {
                format!(
                    "{}\n\n{}",
                    fallback_note(reader, shown.language),
                    shown.text
                )
            } else {
                shown.text.to_string()
            }));
            content.set_lang(Some(shown.language.tag().to_string()));
            entry.set_content(Some(content));
            if !base.is_empty() {
                let mut link = Link::default();
                link.set_href(format!("{base}/incidents/{}", incident.id));
                entry.set_links(vec![link]);
            }
            entry
        })
        .collect();
    entries.sort_by(|a, b| b.updated().cmp(a.updated()));
    let mut feed = atom_syndication::Feed::default();
    let page_id: String = public
        .page
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    feed.set_id(format!("urn:herald:{page_id}"));
    feed.set_title(Text::plain(match reader {
        Locale::En => format!("{} status", public.page.name),
        Locale::ZhCn => format!("{} 服务状态", public.page.name),
    }));
    feed.set_lang(Some(reader.tag().to_string()));
    let updated = entries
        .first()
        .map_or(written_at.fixed_offset(), |e| *e.updated());
    feed.set_updated(updated);
    let mut author = Person::default();
    author.set_name(public.page.name.clone());
    feed.set_authors(vec![author]);
    if !base.is_empty() {
        let mut link = Link::default();
        link.set_href(base);
        feed.set_links(vec![link]);
    }
    feed.set_entries(entries);
    feed.to_string()
}

/// The public routes, open to every origin.
pub fn router() -> Router<AppState> {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH])
        .expose_headers([header::ETAG]);
    Router::new()
        .route(
            "/api/v2/summary.json",
            get(|s, h| serve(s, h, |d| &d.summary)),
        )
        .route(
            "/api/v2/status.json",
            get(|s, h| serve(s, h, |d| &d.status)),
        )
        .route(
            "/api/v2/components.json",
            get(|s, h| serve(s, h, |d| &d.components)),
        )
        .route(
            "/api/v2/incidents.json",
            get(|s, h| serve(s, h, |d| &d.incidents)),
        )
        .route(
            "/api/v2/incidents/unresolved.json",
            get(|s, h| serve(s, h, |d| &d.unresolved)),
        )
        .route(
            "/api/v2/scheduled-maintenances.json",
            get(|s, h| serve(s, h, |d| &d.maintenances)),
        )
        .route(
            "/api/v2/scheduled-maintenances/upcoming.json",
            get(|s, h| serve(s, h, |d| &d.upcoming)),
        )
        .route(
            "/api/v2/scheduled-maintenances/active.json",
            get(|s, h| serve(s, h, |d| &d.active)),
        )
        .route("/history.atom", get(|s, h| serve(s, h, |d| &d.atom)))
        .route("/history.en.atom", get(|s, h| serve(s, h, |d| &d.atom_en)))
        .route(
            "/history.zh-CN.atom",
            get(|s, h| serve(s, h, |d| &d.atom_zh)),
        )
        .layer(cors)
}

/// Sends one public document, or `304` when the client's copy is current.
// Axum hands extractors over by value; the document is ready, so nothing is awaited.
#[allow(clippy::needless_pass_by_value)]
fn serve(
    State(state): State<AppState>,
    headers: HeaderMap,
    pick: fn(&PublicDocuments) -> &Cached,
) -> std::future::Ready<Response> {
    let snapshot = state.current();
    let document = pick(&snapshot.public);
    let etag = HeaderValue::from_str(&document.etag).expect("a hex etag is ASCII");
    let cache = HeaderValue::from_static(CACHE_CONTROL);
    if if_none_match_hits(&headers, &document.etag) {
        return std::future::ready(
            (
                StatusCode::NOT_MODIFIED,
                [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
            )
                .into_response(),
        );
    }
    let response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(document.content_type),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        document.body.clone(),
    );
    std::future::ready(response.into_response())
}

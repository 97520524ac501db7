//! Herald's public status site as a read model: every page, JSON document, feed and badge a
//! customer reads, rendered once per change from the domain's public view into a tree of files
//! that any static host can serve. The server publishes the tree on every write; the site stays
//! up when the server does not.
//!
//! Rendering takes a [`PublicFeed`], never the feed itself, so internal notes cannot reach a
//! page by a forgotten filter: the type holds none.

pub mod assets;
pub mod atom;
pub mod badge;
pub mod bucket;
pub mod channel_post;
pub mod clock;
pub mod email;
pub mod folder;
pub mod markup;
pub mod pages;
pub mod subscription_pages;
pub mod words;

use chrono::{DateTime, Utc};
use herald_domain::statuspage::export::{Document, Export};
use herald_domain::{Locale, MaintenanceStatus, PublicFeed};

/// How a file may be cached, which decides its `Cache-Control`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Pages, JSON, feeds and the badge: short-lived, and served stale while a cache refetches
    /// or while the origin is failing, so readers are never left with nothing.
    Live,
    /// A file whose name carries its content's hash: it never changes.
    Immutable,
}

impl Freshness {
    /// How the file at `path` (from the site's root) may be cached: only the hashed assets,
    /// all under [`assets::DIR`], never change.
    pub fn of(path: &str) -> Self {
        if path.starts_with(assets::DIR) {
            Self::Immutable
        } else {
            Self::Live
        }
    }

    /// The `Cache-Control` header for files of this kind.
    pub fn cache_control(self) -> &'static str {
        match self {
            Self::Live => "public, max-age=10, stale-while-revalidate=30, stale-if-error=86400",
            Self::Immutable => "public, max-age=31536000, immutable",
        }
    }
}

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// Its path from the site's root, with `/` between segments (`incidents/x/index.html`).
    pub path: String,
    /// Its bytes.
    pub body: Vec<u8>,
    /// Its media type.
    pub content_type: &'static str,
    /// How it may be cached.
    pub freshness: Freshness,
}

impl SiteFile {
    fn live(path: impl Into<String>, body: impl Into<Vec<u8>>, content_type: &'static str) -> Self {
        Self {
            path: path.into(),
            body: body.into(),
            content_type,
            freshness: Freshness::Live,
        }
    }

    /// Where the file goes in an upload that must never show a mixed state: hashed assets
    /// first (nothing names them yet), then pages and documents, `summary.json` last (the
    /// live-refresh script and the widget read it to learn that something changed).
    pub fn upload_order(&self) -> u8 {
        match (self.freshness, self.path.as_str()) {
            (Freshness::Immutable, _) => 0,
            (_, "api/v2/summary.json") => 2,
            _ => 1,
        }
    }
}

/// The media type of HTML pages.
pub const HTML: &str = "text/html; charset=utf-8";
/// The media type of the JSON documents.
pub const JSON: &str = "application/json";
/// The media type of the Atom feeds.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// The Statuspage-compatible JSON documents and the Atom feeds, by path from the site's root:
/// what herald-server also serves from memory at the same paths.
///
/// # Panics
/// Never in practice: the documents are plain data and always serialise.
pub fn documents(public: &PublicFeed, written_at: DateTime<Utc>) -> Vec<SiteFile> {
    let export = Export::new(public, written_at);
    let json = |path: &str, document: &Document| {
        SiteFile::live(
            path,
            serde_json::to_string(document).expect("a document serialises"),
            JSON,
        )
    };
    let page_language = public.page.language();
    let mut files = vec![
        json("api/v2/summary.json", &export.summary()),
        json("api/v2/status.json", &export.status()),
        json("api/v2/components.json", &export.components()),
        json("api/v2/incidents.json", &export.incidents()),
        json("api/v2/incidents/unresolved.json", &export.unresolved()),
        json(
            "api/v2/scheduled-maintenances.json",
            &export.maintenances(|_| true),
        ),
        json(
            "api/v2/scheduled-maintenances/upcoming.json",
            &export.maintenances(MaintenanceStatus::is_upcoming),
        ),
        json(
            "api/v2/scheduled-maintenances/active.json",
            &export.maintenances(MaintenanceStatus::is_under_way),
        ),
    ];
    for reader in Locale::ALL {
        let xml = atom::atom_xml(public, written_at, reader);
        if reader == page_language {
            files.push(SiteFile::live("history.atom", xml.clone(), ATOM));
        }
        files.push(SiteFile::live(
            format!("history.{}.atom", reader.tag()),
            xml,
            ATOM,
        ));
    }
    files
}

/// The whole site for `public` as of `now`: pages in every language, documents, feeds, badges,
/// the widget and the assets.
///
/// # Errors
/// When a template fails to render, which only a bug in a template can cause.
pub fn render(public: &PublicFeed, now: DateTime<Utc>) -> Result<Vec<SiteFile>, askama::Error> {
    render_around(public, now, now, documents(public, now), None)
}

/// The same around [`documents`] already written at `written_at` (herald-server writes them
/// once per version and serves them from memory), so they are not written again and the
/// site's copies are the server's, byte for byte. With `subscribe`, the site has a subscribe
/// page whose form posts there.
///
/// # Errors
/// When a template fails to render.
pub fn render_around(
    public: &PublicFeed,
    now: DateTime<Utc>,
    written_at: DateTime<Utc>,
    documents: Vec<SiteFile>,
    subscribe: Option<&str>,
) -> Result<Vec<SiteFile>, askama::Error> {
    let mut files = assets::files();
    files.extend(documents);
    files.extend(pages::all(public, now, written_at, subscribe)?);
    Ok(files)
}

//! herald-server: the reference JSON endpoint that stores the feed and serves it with the app.

pub mod routes;
pub mod store;

use std::sync::{Arc, RwLock};

use herald_domain::Feed;

/// The demo incident the server seeds a new database with, built into the binary so the
/// server runs from any directory.
pub const DEMO_FEED: &str = include_str!("../../domain/fixtures/demo-feed.json");

/// The feed as served: parsed once per version, with its body and entity tag ready.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The feed itself.
    pub feed: Feed,
    /// The JSON body every reader of this version gets.
    pub body: Arc<str>,
    /// The strong entity tag naming this version (`"v14"`).
    pub etag: String,
}

impl Snapshot {
    /// Serialises a feed once, so reads cost no work however many clients poll.
    pub fn new(feed: Feed) -> Self {
        let body: Arc<str> = feed.to_json().into();
        let etag = format!("\"v{}\"", feed.version);
        Self { feed, body, etag }
    }
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The current feed; replaced whole on every change, never mutated in place.
    pub snapshot: Arc<RwLock<Arc<Snapshot>>>,
}

impl AppState {
    /// State serving the given feed.
    pub fn new(feed: Feed) -> Self {
        Self {
            snapshot: Arc::new(RwLock::new(Arc::new(Snapshot::new(feed)))),
        }
    }

    /// The current snapshot; cheap, and never blocks on a writer for long.
    pub fn current(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a writer panicked after the swap; the value is whole.
        self.snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

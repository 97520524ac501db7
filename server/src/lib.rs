//! herald-server: the reference JSON endpoint that stores the feed and serves it with the app.

pub mod access;
pub mod api_error;
pub mod app_config;
pub mod conditional;
pub mod delivery_queue;
pub mod delivery_worker;
pub mod events;
pub mod feed_route;
pub mod guide;
pub mod health;
pub mod mail;
pub mod maintenance_clock;
pub mod public_api;
pub mod relay;
pub mod routes;
pub mod serving;
pub mod signed_link;
pub mod site_publisher;
pub mod store;
pub mod subscribers;
pub mod subscription_routes;
pub mod token_file;
pub mod webhook_queue;
pub mod webhook_routes;
pub mod webhook_worker;
pub mod writes;

use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Utc};
use herald_domain::{etag, Feed, FeedChanges};
use tokio::sync::{broadcast, watch, Notify};

use crate::access::Access;
use crate::public_api::PublicDocuments;
use crate::site_publisher::SitePublisher;
use crate::store::Store;
use crate::subscription_routes::Subscriptions;

/// The demo incident the server seeds a new database with, built into the binary so the
/// server runs from any directory.
pub const DEMO_FEED: &str = herald_domain::demo::DEMO_JSON;

/// The demo feed parsed, for the unit tests.
#[cfg(test)]
pub(crate) use herald_domain::demo::demo_feed;

/// How many versions a slow event-stream client may fall behind before it is sent one catch-up
/// message instead of every version it missed.
const EVENT_BACKLOG: usize = 64;

/// The feed as served: parsed once per version, with its body and entity tag ready.
#[derive(Debug)]
pub struct Snapshot {
    /// The feed itself.
    pub feed: Feed,
    /// The JSON body every reader of this version gets.
    pub body: Arc<str>,
    /// The strong entity tag naming this version (`"v14"`).
    pub etag: String,
    /// The public documents of this version, written once for every reader.
    pub public: PublicDocuments,
}

impl Snapshot {
    /// Serialises a feed and its public documents once, so reads cost no work however many
    /// clients poll. `written_at` stands in for times the public documents need but the feed
    /// does not hold.
    pub fn new(feed: Feed, written_at: DateTime<Utc>) -> Self {
        let body: Arc<str> = feed.to_json().into();
        let etag = etag(feed.version);
        let public = PublicDocuments::new(&feed, written_at);
        Self {
            feed,
            body,
            etag,
            public,
        }
    }
}

/// A new version, as pushed to event-stream clients.
#[derive(Debug)]
pub struct VersionEvent {
    /// The version written.
    pub version: u64,
    /// [`FeedChanges`] from the version before, as JSON.
    pub changes: String,
}

impl VersionEvent {
    /// The event for the step from `old` to `new`.
    ///
    /// # Panics
    /// Never in practice: changes are plain data and always serialise.
    pub fn between(old: &Feed, new: &Feed) -> Self {
        let changes = FeedChanges::between(old, new);
        Self {
            version: new.version,
            changes: serde_json::to_string(&changes).expect("changes always serialise"),
        }
    }
}

/// Whether `url` names this machine (`localhost`, `127.0.0.0/8`, `::1`): the one place plain
/// text and passwords may go unencrypted.
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Runs `work` on the writers' database connection off the async threads; a refusal or a
/// panic is logged here and answered as `Err(())`, which a handler turns into its own answer.
pub(crate) async fn on_store<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut Store) -> Result<T, store::StoreError> + Send + 'static,
) -> Result<T, ()> {
    let store = state.store.clone();
    let result = tokio::task::spawn_blocking(move || {
        work(
            &mut store
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    })
    .await;
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => {
            tracing::error!(%error, "the database refused a request");
            Err(())
        }
        Err(panic) => {
            tracing::error!(%panic, "a request on the database panicked");
            Err(())
        }
    }
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The current feed; replaced whole on every change, never mutated in place.
    pub snapshot: Arc<RwLock<Arc<Snapshot>>>,
    /// The database; its lock also serialises writers, so versions are gapless and ordered.
    pub store: Arc<Mutex<Store>>,
    /// New versions, for event-stream clients.
    pub events: broadcast::Sender<Arc<VersionEvent>>,
    /// Who may read and write, and from which origins.
    pub access: Arc<Access>,
    /// Turns true when the server is shutting down, so long-lived streams end.
    pub shutdown: watch::Receiver<bool>,
    /// The latest snapshot, for the public site's publisher.
    pub versions: watch::Sender<Arc<Snapshot>>,
    /// The public site's publisher, when the server publishes one.
    pub site: Option<SitePublisher>,
    /// Email subscriptions, when a relay is configured.
    pub subscriptions: Option<Arc<Subscriptions>>,
    /// Wakes the delivery worker after a write that queued deliveries.
    pub deliveries: Arc<Notify>,
    /// Wakes the webhook worker after a write that queued posts.
    pub webhook_posts: Arc<Notify>,
    /// The webhooks' signing secret, when the server made it (so the team can read it).
    pub signing_secret_shown: Option<Arc<str>>,
}

impl AppState {
    /// State serving the store's latest feed.
    pub fn new(store: Store, feed: Feed, access: Access, shutdown: watch::Receiver<bool>) -> Self {
        let (events, _) = broadcast::channel(EVENT_BACKLOG);
        let first = Arc::new(Snapshot::new(feed, Utc::now()));
        let (versions, _) = watch::channel(first.clone());
        Self {
            snapshot: Arc::new(RwLock::new(first)),
            store: Arc::new(Mutex::new(store)),
            events,
            access: Arc::new(access),
            shutdown,
            versions,
            site: None,
            subscriptions: None,
            deliveries: Arc::new(Notify::new()),
            webhook_posts: Arc::new(Notify::new()),
            signing_secret_shown: None,
        }
    }

    /// Wakes both delivery workers: a write may have queued emails and webhook posts.
    pub fn wake_deliveries(&self) {
        self.deliveries.notify_one();
        self.webhook_posts.notify_one();
    }

    /// The same state, taking email subscriptions.
    #[must_use]
    pub fn with_subscriptions(mut self, subscriptions: Subscriptions) -> Self {
        self.deliveries = subscriptions.wake.clone();
        self.subscriptions = Some(Arc::new(subscriptions));
        self
    }

    /// The same state, publishing the public site with `publisher` on every write.
    #[must_use]
    pub fn with_site(mut self, publisher: SitePublisher) -> Self {
        self.site = Some(publisher);
        self
    }

    /// The current snapshot; cheap, and never blocks on a writer for long.
    pub fn current(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a writer panicked after the swap; the value is whole.
        self.snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Makes `snapshot` the served version. Called with the store locked, so in version order.
    pub(crate) fn publish(&self, snapshot: Snapshot) {
        let old = self.current();
        let event = VersionEvent::between(&old.feed, &snapshot.feed);
        let snapshot = Arc::new(snapshot);
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = snapshot.clone();
        self.versions.send_replace(snapshot);
        // No subscribers is not an error: nobody is listening right now.
        let _ = self.events.send(Arc::new(event));
    }

    /// The feed at an earlier version, from the store; `None` when never stored.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn feed_at(&self, version: u64) -> Result<Option<Feed>, store::StoreError> {
        let current = self.current();
        if current.feed.version == version {
            return Ok(Some(current.feed.clone()));
        }
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            store
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .at_version(version)
        })
        .await
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic.into_panic()))
    }
}

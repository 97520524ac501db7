//! Keeps the feed in a signal by polling the endpoint, holding on to the last good feed.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use herald_domain::Feed;
use leptos::prelude::*;

use crate::sync::{fetch_feed, SyncError};

/// Where to sync from and how often.
#[derive(Debug, Clone)]
pub struct UseFeedOptions {
    /// The feed endpoint (`/api/v1/feed`).
    pub url: String,
    /// Time between polls.
    pub interval: Duration,
    /// How long one request may take before it is abandoned.
    pub timeout: Duration,
}

impl Default for UseFeedOptions {
    fn default() -> Self {
        Self {
            url: "/api/v1/feed".into(),
            interval: Duration::from_secs(15),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Everything known about the sync, in one value so it changes atomically.
#[derive(Debug, Clone, Default)]
pub struct FeedState {
    /// The last feed that arrived whole and valid; an error never clears it.
    pub feed: Option<Arc<Feed>>,
    /// Why the latest attempt failed; cleared by the next success.
    pub error: Option<SyncError>,
    /// When `feed` arrived.
    pub last_synced: Option<DateTime<Utc>>,
    /// Whether a request is under way.
    pub syncing: bool,
}

impl FeedState {
    /// The feed on screen is older than the endpoint's, because the latest sync failed.
    pub fn is_stale(&self) -> bool {
        self.feed.is_some() && self.error.is_some()
    }
}

/// What [`use_feed`] gives its caller.
#[derive(Debug, Clone, Copy)]
pub struct UseFeedReturn {
    /// The sync state.
    pub state: ReadSignal<FeedState>,
    /// Syncs now instead of waiting for the next poll.
    pub refresh: Callback<()>,
    /// Poll interval, for telling the viewer when the next try is.
    pub interval: Duration,
}

/// Polls the feed endpoint, keeping the last good feed and the latest error side by side.
///
/// The interval handle is cleared and any request in flight is aborted when the owner is
/// disposed, so an unmounted view leaves no timers or requests behind.
pub fn use_feed(options: UseFeedOptions) -> UseFeedReturn {
    let (state, set_state) = signal(FeedState::default());
    let UseFeedOptions {
        url,
        interval,
        timeout,
    } = options;
    let timeout_seconds = u32::try_from(timeout.as_secs()).unwrap_or(u32::MAX);
    let current_abort: StoredValue<Option<web_sys::AbortController>, LocalStorage> =
        StoredValue::new_local(None);

    let sync_once = move || {
        if state.with_untracked(|s| s.syncing) {
            return;
        }
        set_state.update(|s| s.syncing = true);
        let url = url.clone();
        leptos::task::spawn_local(async move {
            let controller = web_sys::AbortController::new().ok();
            let signal = controller.as_ref().map(web_sys::AbortController::signal);
            current_abort.try_set_value(controller.clone());
            let timer =
                controller.and_then(|c| set_timeout_with_handle(move || c.abort(), timeout).ok());
            let result = fetch_feed(&url, signal.as_ref(), timeout_seconds).await;
            if let Some(timer) = timer {
                timer.clear();
            }
            // The owner may have been disposed while the request was out; then nobody listens.
            set_state.try_update(|s| {
                s.syncing = false;
                match result {
                    Ok(feed) => {
                        s.feed = Some(Arc::new(feed));
                        s.error = None;
                        s.last_synced = Some(Utc::now());
                    }
                    Err(error) => s.error = Some(error),
                }
            });
        });
    };

    sync_once();
    let poll = sync_once.clone();
    let handle = set_interval_with_handle(poll, interval).ok();
    on_cleanup(move || {
        if let Some(handle) = handle {
            handle.clear();
        }
        if let Some(Some(controller)) = current_abort.try_get_value() {
            controller.abort();
        }
    });

    UseFeedReturn {
        state,
        refresh: Callback::new(move |()| sync_once()),
        interval,
    }
}

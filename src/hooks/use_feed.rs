//! Keeps the feed in a signal: live through server-sent events where the source offers them,
//! otherwise by polling with `If-None-Match`, backing off on failure, and always holding on
//! to the last good feed.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use herald_domain::backoff::Backoff;
use herald_domain::{etag, Feed};
use leptos::prelude::*;

use crate::sync::{
    fetch_feed, load_source, Documents, EventStream, FeedEvent, Fetched, Source, SyncError,
    DEFAULT_POLL_SECONDS,
};

/// How the hook syncs.
#[derive(Debug, Clone)]
pub struct UseFeedOptions {
    /// The source; `None` works it out from the page address and `config.json`.
    pub source: Option<Source>,
    /// How long one request may take before it is abandoned.
    pub timeout: Duration,
    /// Waits between retries after failures.
    pub backoff: Backoff,
}

impl Default for UseFeedOptions {
    fn default() -> Self {
        Self {
            source: None,
            timeout: Duration::from_secs(10),
            backoff: Backoff::default(),
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
    /// When the endpoint last confirmed `feed` is current.
    pub last_synced: Option<DateTime<Utc>>,
    /// Whether a request is under way.
    pub syncing: bool,
    /// When the next poll or retry happens; `None` while events keep the feed live.
    pub next_try: Option<DateTime<Utc>>,
    /// Whether the event stream is connected.
    pub live: bool,
    /// The source is a Statuspage page: read-only, public updates only.
    pub statuspage: bool,
    /// Where the feed comes from, once known.
    pub source: Option<Source>,
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
    /// Syncs now instead of waiting for the next try.
    pub refresh: Callback<()>,
    /// Seconds between polls when events are off (the sync banner says so), once known.
    pub poll_seconds: Signal<u32>,
}

/// The hook's moving parts; `Copy` handles, so every closure can hold them.
#[derive(Clone, Copy)]
struct FeedSync<D: Documents> {
    state: ReadSignal<FeedState>,
    set_state: WriteSignal<FeedState>,
    source: StoredValue<Option<Source>>,
    etag: StoredValue<Option<String>>,
    failures: StoredValue<u32>,
    stream_losses: StoredValue<u32>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    stream: StoredValue<Option<EventStream>, LocalStorage>,
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    timeout: Duration,
    backoff: Backoff,
    documents: std::marker::PhantomData<D>,
}

/// Gives up on live events after this many drops without a greeting in between.
const MAX_STREAM_LOSSES: u32 = 5;

impl<D: Documents> FeedSync<D> {
    /// Runs a sync after `delay`, replacing any scheduled one.
    fn schedule(self, delay: Duration) {
        if let Some(Some(handle)) = self.timer.try_update_value(Option::take) {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.sync_once(), delay).ok();
        self.timer.try_set_value(handle);
        let at = Utc::now() + chrono::Duration::from_std(delay).unwrap_or_default();
        self.set_state.try_update(|s| s.next_try = Some(at));
    }

    fn cancel_timer(self) {
        if let Some(Some(handle)) = self.timer.try_update_value(Option::take) {
            handle.clear();
        }
        self.set_state.try_update(|s| s.next_try = None);
    }

    /// One request to the feed endpoint, then the next step: events, a poll, or a retry.
    fn sync_once(self) {
        if self.state.with_untracked(|s| s.syncing) {
            return;
        }
        let Some(source) = self.source.get_value() else {
            return;
        };
        self.set_state.update(|s| s.syncing = true);
        let etag = self.etag.get_value();
        let timeout_seconds = u32::try_from(self.timeout.as_secs()).unwrap_or(u32::MAX);
        leptos::task::spawn_local(async move {
            let controller = web_sys::AbortController::new().ok();
            let signal = controller.as_ref().map(web_sys::AbortController::signal);
            self.abort.try_set_value(controller.clone());
            let timer = controller
                .and_then(|c| set_timeout_with_handle(move || c.abort(), self.timeout).ok());
            let result = fetch_feed::<D>(
                &source.feed_url,
                etag.as_deref(),
                source.token.as_deref(),
                signal.as_ref(),
                timeout_seconds,
            )
            .await;
            if let Some(timer) = timer {
                timer.clear();
            }
            self.finish(&source, result);
        });
    }

    fn finish(self, source: &Source, result: Result<Fetched, SyncError>) {
        let ok = result.is_ok();
        // The owner may have been disposed while the request was out; then nobody listens.
        let alive = self.set_state.try_update(|s| {
            s.syncing = false;
            match result {
                Ok(Fetched::NotModified) => {
                    s.error = None;
                    s.last_synced = Some(Utc::now());
                }
                Ok(Fetched::Feed {
                    feed,
                    etag,
                    statuspage,
                }) => {
                    self.etag.set_value(etag);
                    s.feed = Some(Arc::new(feed));
                    s.statuspage = statuspage;
                    s.error = None;
                    s.last_synced = Some(Utc::now());
                }
                Ok(Fetched::Changes { changes, etag }) => {
                    if let Some(feed) = s.feed.as_mut() {
                        if changes.apply_to(Arc::make_mut(feed)).is_ok() {
                            self.etag.set_value(etag);
                        }
                    }
                    s.error = None;
                    s.last_synced = Some(Utc::now());
                }
                Err(error) => s.error = Some(error),
            }
        });
        if alive.is_none() {
            return;
        }
        if ok {
            self.failures.set_value(0);
            let live = self.state.with_untracked(|s| s.live);
            if live {
                self.cancel_timer();
                return;
            }
            if source.events_url.is_some()
                && self.stream_losses.get_value() < MAX_STREAM_LOSSES
                && self.stream.with_value(Option::is_none)
            {
                self.open_stream(source);
            }
            self.schedule(Duration::from_secs(u64::from(source.poll_seconds)));
        } else {
            let failures = self.failures.get_value() + 1;
            self.failures.set_value(failures);
            self.schedule(self.backoff.delay(failures, js_sys::Math::random()));
        }
    }

    fn open_stream(self, source: &Source) {
        let Some(url) = source.events_url.clone() else {
            return;
        };
        match EventStream::open(&url, move |event| self.on_event(event)) {
            Ok(stream) => self.stream.set_value(Some(stream)),
            Err(error) => leptos::logging::warn!("live events unavailable: {error}"),
        }
    }

    fn on_event(self, event: FeedEvent) {
        let held = self
            .state
            .with_untracked(|s| s.feed.as_ref().map(|f| f.version));
        match event {
            FeedEvent::Hello(version) => {
                self.stream_losses.set_value(0);
                self.cancel_timer();
                self.set_state.update(|s| {
                    s.live = true;
                    s.error = None;
                    s.last_synced = Some(Utc::now());
                });
                if held != Some(version) {
                    self.sync_once();
                }
            }
            FeedEvent::Changes(changes) if held == Some(changes.since) => {
                self.set_state.update(|s| {
                    if let Some(feed) = s.feed.as_mut() {
                        let mut next = Feed::clone(feed);
                        if changes.apply_to(&mut next).is_ok() {
                            *feed = Arc::new(next);
                        }
                    }
                    s.error = None;
                    s.last_synced = Some(Utc::now());
                });
                self.etag.set_value(Some(etag(changes.version)));
            }
            FeedEvent::Changes(changes) => {
                if held.is_none_or(|v| changes.version > v) {
                    self.sync_once();
                }
            }
            FeedEvent::Whole(feed) => {
                self.etag.set_value(Some(etag(feed.version)));
                self.set_state.update(|s| {
                    s.feed = Some(Arc::new(*feed));
                    s.error = None;
                    s.last_synced = Some(Utc::now());
                });
            }
            FeedEvent::Lost { .. } | FeedEvent::Unreadable(_) => {
                // Close it and poll: the poll says plainly what is wrong, and a good poll
                // opens the stream again.
                self.stream_losses.update_value(|n| *n += 1);
                // This runs inside the stream's own listener, so it is dropped a moment later
                // rather than while its closure is still executing.
                let old = self.stream.try_update_value(Option::take).flatten();
                leptos::task::spawn_local(async move { drop(old) });
                self.set_state.update(|s| s.live = false);
                self.sync_once();
            }
        }
    }
}

/// Syncs the feed from its source, keeping the last good feed and the latest error side by side.
///
/// Timers, the event stream and any request in flight are cleared when the owner is disposed,
/// so an unmounted view leaves nothing running.
pub fn use_feed<D: Documents>(options: UseFeedOptions) -> UseFeedReturn {
    let (state, set_state) = signal(FeedState::default());
    let sync = FeedSync::<D> {
        state,
        set_state,
        source: StoredValue::new(None),
        etag: StoredValue::new(None),
        failures: StoredValue::new(0),
        stream_losses: StoredValue::new(0),
        timer: StoredValue::new_local(None),
        stream: StoredValue::new_local(None),
        abort: StoredValue::new_local(None),
        timeout: options.timeout,
        backoff: options.backoff,
        documents: std::marker::PhantomData,
    };
    let start = move |source: Source| {
        sync.source.set_value(Some(source.clone()));
        set_state.update(|s| s.source = Some(source));
        sync.sync_once();
    };
    match options.source {
        Some(source) => start(source),
        None => leptos::task::spawn_local(async move {
            let (source, problem) = load_source().await;
            if let Some(problem) = problem {
                leptos::logging::warn!("{problem}; using the defaults");
            }
            start(source);
        }),
    }
    on_cleanup(move || {
        sync.cancel_timer();
        sync.stream.try_set_value(None);
        if let Some(Some(controller)) = sync.abort.try_get_value() {
            controller.abort();
        }
    });
    UseFeedReturn {
        state,
        poll_seconds: Signal::derive(move || {
            state.with(|s| {
                s.source
                    .as_ref()
                    .map_or(DEFAULT_POLL_SECONDS, |s| s.poll_seconds)
            })
        }),
        refresh: Callback::new(move |()| {
            sync.cancel_timer();
            sync.sync_once();
        }),
    }
}

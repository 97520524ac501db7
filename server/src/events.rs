//! `GET /api/v1/events`: server-sent events, one message per new feed version.
//!
//! Each message carries the changes from the version before (event `changes`, id = version),
//! so a client that holds the previous version applies it without another request. A client
//! resuming with `Last-Event-ID` first gets one message with everything it missed; one whose
//! version this server never stored gets the whole feed (event `feed`). Comments keep idle
//! connections open through proxies.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use herald_domain::FeedChanges;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::broadcast::Receiver;

use crate::access::CanRead;
use crate::{AppState, VersionEvent};

/// How often an idle stream sends a heartbeat comment.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// How long a browser waits before reconnecting after the stream drops.
const RETRY: Duration = Duration::from_secs(2);

/// What one client's stream is doing.
struct Client {
    state: AppState,
    receiver: Receiver<Arc<VersionEvent>>,
    /// The newest version this client has been sent, when known.
    sent: Option<u64>,
    /// Sent the reconnection delay yet.
    greeted: bool,
}

/// `GET /api/v1/events`.
pub async fn stream(
    _: CanRead,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // Subscribe before reading the current version, so no version falls between the two.
    let receiver = state.events.subscribe();
    let client = Client {
        state,
        receiver,
        sent: last_seen,
        greeted: false,
    };
    let events = stream::unfold(client, |mut client| async move {
        let event = client.next().await?;
        Some((Ok(event), client))
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("heartbeat"))
}

impl Client {
    /// The next event to send, or `None` when the server is shutting down.
    async fn next(&mut self) -> Option<Event> {
        if !self.greeted {
            self.greeted = true;
            if let Some(event) = self.catch_up().await {
                return Some(event.retry(RETRY));
            }
            // Tell a fresh client which version is current, so it can resume from it later.
            let version = self.state.current().feed.version;
            self.sent = Some(version);
            return Some(
                Event::default()
                    .event("hello")
                    .id(version.to_string())
                    .data(format!("{{\"version\":{version}}}"))
                    .retry(RETRY),
            );
        }
        let mut shutdown = self.state.shutdown.clone();
        loop {
            if *shutdown.borrow() {
                return None;
            }
            tokio::select! {
                received = self.receiver.recv() => match received {
                    Ok(event) if self.sent.is_some_and(|v| event.version <= v) => {}
                    Ok(event) if self.sent.is_none_or(|v| event.version == v + 1) => {
                        self.sent = Some(event.version);
                        return Some(
                            Event::default()
                                .event("changes")
                                .id(event.version.to_string())
                                .data(event.changes.as_str()),
                        );
                    }
                    // A gap (this client fell behind): one message with everything missed.
                    Ok(_) | Err(RecvError::Lagged(_)) => {
                        if let Some(event) = self.catch_up().await {
                            return Some(event);
                        }
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = shutdown.changed() => return None,
            }
        }
    }

    /// One message taking the client from the version it was last sent to the current one;
    /// `None` when it is already current or never had one.
    async fn catch_up(&mut self) -> Option<Event> {
        let from = self.sent?;
        let current = self.state.current();
        if from == current.feed.version {
            return None;
        }
        let old = if from < current.feed.version {
            match self.state.feed_at(from).await {
                Ok(old) => old,
                // A stream has no error to answer with (the client gets the whole feed
                // instead), so no `ApiError` will log this on its way out; it is logged here.
                Err(e) => {
                    tracing::error!(detail = %e, from, "catch-up failed; sending the whole feed");
                    None
                }
            }
        } else {
            None
        };
        self.sent = Some(current.feed.version);
        let id = current.feed.version.to_string();
        Some(match old {
            Some(old) => Event::default().event("changes").id(id).data(
                serde_json::to_string(&FeedChanges::between(&old, &current.feed))
                    .expect("changes serialise"),
            ),
            None => Event::default()
                .event("feed")
                .id(id)
                .data(current.body.as_ref()),
        })
    }
}

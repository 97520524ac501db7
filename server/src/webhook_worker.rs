//! The webhook worker: posts due webhook deliveries, each webhook's one at a time and many
//! webhooks at once, each post bounded by a timeout, so a receiver that hangs or fails delays
//! only itself. Statuspage-format bodies are signed (`Herald-Signature: t=…,v1=…`, HMAC-SHA256
//! over the timestamp, a dot and the body); team channels get Slack or Teams posts.

use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use herald_domain::backoff::Backoff;
use herald_domain::notice::Notice;
use herald_domain::statuspage::webhook::WebhookBody;
use herald_domain::{PublicFeed, WebhookFormat};
use herald_site::channel_post::ChannelPost;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::delivery_worker::{blocking, jitter};
use crate::store::Store;
use crate::webhook_queue::{disabled_webhook, ClaimedPost, PostOutcome};
use crate::{AppState, Snapshot};

/// Posts in flight at once, over all webhooks.
pub const IN_FLIGHT: usize = 64;

/// The longest the worker sleeps without looking at the queue.
const LOOK_AGAIN: Duration = Duration::from_secs(30);

/// The wait before a webhook that failed is tried again: 2 s, doubling, at most 10 min.
const RETRY: Backoff = Backoff {
    first: Duration::from_secs(2),
    cap: Duration::from_mins(10),
};

/// How the worker posts.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// The key of `Herald-Signature`.
    pub secret: Vec<u8>,
    /// How long a receiver has to answer (Statuspage gives 30 s; Herald 10 by default).
    pub timeout: Duration,
    /// Failures in a row that disable a webhook.
    pub disable_after: u32,
    /// The public site's root, ending in `/`, for the links in team posts.
    pub site: Option<String>,
}

/// Sends posts.
pub struct Poster {
    client: reqwest::Client,
    settings: WebhookSettings,
}

impl Poster {
    /// A poster with its connection pool.
    ///
    /// # Errors
    /// When the HTTP client cannot be made (no TLS roots on the machine).
    pub fn new(settings: WebhookSettings) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
            // Statuspage counts a 3xx as a failure; following one would post elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Herald-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot make the webhook client: {e}"))?;
        Ok(Self { client, settings })
    }

    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
    pub fn signature(&self, timestamp: i64, body: &str) -> String {
        signature(&self.settings.secret, timestamp, body)
    }

    async fn post(&self, post: &ClaimedPost, body: String, event: &str) -> Result<(), String> {
        let now = Utc::now().timestamp();
        let signature = self.signature(now, &body);
        let answer = self
            .client
            .post(&post.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Herald-Signature", signature)
            .header("Herald-Delivery", post.id.to_string())
            .header("Herald-Event", event)
            .body(body)
            .send()
            .await
            .map_err(|error| describe(&error, self.settings.timeout))?;
        let status = answer.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("answered {status}"))
        }
    }
}

/// HMAC-SHA256 signature header value for `body` sent at `timestamp`.
pub fn signature(secret: &[u8], timestamp: i64, body: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        unreachable!("HMAC takes a key of any length");
    };
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    format!("t={timestamp},v1={}", hex(&mac.finalize().into_bytes()))
}

/// Lowercase hex, as signatures and made secrets are written.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// What went wrong, never with the address (a channel's address is its secret).
fn describe(error: &reqwest::Error, timeout: Duration) -> String {
    if error.is_timeout() {
        format!("no answer within {} s", timeout.as_secs())
    } else if error.is_connect() {
        "could not connect".into()
    } else {
        format!("the request failed: {}", error_chain(error))
    }
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = String::new();
    let mut source = error.source();
    while let Some(cause) = source {
        text = cause.to_string();
        source = cause.source();
    }
    if text.is_empty() {
        "unknown".into()
    } else {
        text
    }
}

/// Works the webhook queue until the server shuts down; `wake` is notified by writes.
pub async fn run(queue: Store, state: AppState, poster: Poster, wake: Arc<Notify>) {
    let queue = Arc::new(Mutex::new(queue));
    let poster = Arc::new(poster);
    let mut shutdown = state.shutdown.clone();
    match blocking(&queue, |q| q.release_claimed_posts()).await {
        Ok(0) => {}
        Ok(released) => tracing::info!(
            released,
            "webhook posts a stop left claimed are queued again"
        ),
        Err(error) => tracing::warn!(%error, "could not release claimed webhook posts"),
    }
    let mut in_flight = JoinSet::new();
    let mut served: Option<Arc<Served>> = None;
    loop {
        if *shutdown.borrow() {
            // Posts cut short stay claimed and go again, under the same delivery id, next start.
            in_flight.abort_all();
            return;
        }
        let room = IN_FLIGHT - in_flight.len();
        let mut claimed_any = false;
        if room > 0 {
            let now = Utc::now();
            match blocking(&queue, move |q| q.claim_due_posts(now, room)).await {
                Ok(claimed) => {
                    claimed_any = !claimed.is_empty();
                    if claimed_any {
                        let served = Served::now(&mut served, &state);
                        for post in claimed {
                            in_flight.spawn(deliver(
                                queue.clone(),
                                poster.clone(),
                                served.clone(),
                                post,
                            ));
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "could not read the webhook queue"),
            }
        }
        if claimed_any {
            continue;
        }
        let next = blocking(&queue, |q| q.next_post_due()).await.ok().flatten();
        let wait = match next {
            None => LOOK_AGAIN,
            Some(at) => (at - Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(Duration::from_millis(50), LOOK_AGAIN),
        };
        tokio::select! {
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
            () = wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
            changed = shutdown.changed() => {
                if changed.is_err() {
                    in_flight.abort_all();
                    return;
                }
            }
        }
    }
}

/// The served feed and its public view, made once per version for every post written from it
/// (a fan-out to 1,000 webhooks would otherwise derive the public view 1,000 times).
struct Served {
    snapshot: Arc<Snapshot>,
    public: PublicFeed,
}

impl Served {
    /// The view of the version served now, reusing `cached` while that version is current.
    fn now(cached: &mut Option<Arc<Self>>, state: &AppState) -> Arc<Self> {
        let snapshot = state.current();
        if let Some(view) = cached
            .as_ref()
            .filter(|v| v.snapshot.feed.version == snapshot.feed.version)
        {
            return view.clone();
        }
        let view = Arc::new(Self {
            public: PublicFeed::from_feed(&snapshot.feed),
            snapshot,
        });
        *cached = Some(view.clone());
        view
    }
}

/// Posts one delivery and records how it went.
async fn deliver(
    queue: Arc<Mutex<Store>>,
    poster: Arc<Poster>,
    served: Arc<Served>,
    post: ClaimedPost,
) {
    let now = Utc::now();
    let outcome = if served.snapshot.feed.version < post.version {
        // Claimed a moment before its version was served.
        PostOutcome::NotYet(Some(now + chrono::Duration::seconds(1)))
    } else {
        match body(&queue, &poster, &post, &served).await {
            None => PostOutcome::NotYet(None),
            Some(Err(at)) => PostOutcome::NotYet(Some(at)),
            Some(Ok((body, event))) => match poster.post(&post, body, &event).await {
                Ok(()) => PostOutcome::Delivered,
                Err(reason) => PostOutcome::Failed {
                    reason,
                    retry: RETRY,
                    jitter: jitter(),
                    disable_after: poster.settings.disable_after,
                },
            },
        }
    };
    // A post left `sending` would hold its webhook until a restart: recording is tried a
    // few times before it is left for the next start to put back.
    for attempt in 1..=RECORD_TRIES {
        let (recorded, outcome) = (post.clone(), outcome.clone());
        match blocking(&queue, move |q| {
            q.record_post(&recorded, &outcome, Utc::now())
        })
        .await
        {
            Ok(disabled) => {
                if disabled {
                    tracing::warn!(
                        webhook = post.webhook,
                        failures = poster.settings.disable_after,
                        "a webhook is disabled after failing again and again; the team channels are told"
                    );
                }
                return;
            }
            Err(error) if attempt < RECORD_TRIES => {
                tracing::warn!(%error, attempt, "could not record a webhook post's outcome; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(error) => tracing::error!(
                %error,
                "could not record a webhook post's outcome; it goes again after a restart"
            ),
        }
    }
}

/// Tries at recording one post's outcome.
const RECORD_TRIES: u32 = 5;

/// The body for `post` and its event name; `None` when there is nothing to say, `Some(Err(at))`
/// when it cannot be written now and is tried again at `at`.
async fn body(
    queue: &Arc<Mutex<Store>>,
    poster: &Poster,
    post: &ClaimedPost,
    served: &Served,
) -> Option<Result<(String, String), chrono::DateTime<Utc>>> {
    let now = Utc::now();
    let site = poster.settings.site.as_deref();
    if let Some(id) = disabled_webhook(&post.notice) {
        let webhook = match blocking(queue, move |q| q.webhook(id)).await {
            // Deleted since: nobody to tell about.
            Ok(found) => found?,
            // Not withdrawn for a passing database error: it is the team's only warning.
            Err(error) => {
                tracing::warn!(%error, "could not read a disabled webhook for the team's notice; trying again");
                return Some(Err(now + chrono::Duration::seconds(5)));
            }
        };
        let text = format!(
            "Webhook {} ({}, {}) failed {} times in a row and is disabled: {}. What it had \
             waiting is given up. Enable it again with POST /api/v1/webhooks/{}/enable once \
             it answers.",
            webhook.id,
            webhook.url,
            webhook.format.as_str(),
            webhook.failures,
            webhook
                .disabled_reason
                .as_deref()
                .unwrap_or("no reason recorded"),
            webhook.id
        );
        let notice = ChannelPost::team_notice("A webhook was disabled", &text);
        return Some(Ok((
            channel(&notice, post.format)?,
            "webhook.disabled".into(),
        )));
    }
    let notice = Notice::from_key(&post.notice)?;
    let public = &served.public;
    match post.format {
        WebhookFormat::Statuspage => {
            let body = WebhookBody::for_notice(public, &notice, &post.id.to_string(), now)?;
            let event = body.meta.event.clone();
            Some(Ok((body.to_json(), event)))
        }
        format => {
            let public_post = ChannelPost::public(public, &notice, site, now);
            let post_of = match (public_post, &notice) {
                (Some(p), _) => p,
                // Only a channel that asked for notes is ever given one.
                (None, Notice::IncidentUpdate { incident, update }) if post.internal_notes => {
                    ChannelPost::internal_note(
                        &served.snapshot.feed,
                        public,
                        incident,
                        update,
                        now,
                    )?
                }
                (None, _) => return None,
            };
            let event = if post_of.internal {
                "incident.internal_note"
            } else {
                "incident.update"
            };
            Some(Ok((channel(&post_of, format)?, event.into())))
        }
    }
}

fn channel(post: &ChannelPost, format: WebhookFormat) -> Option<String> {
    match format {
        WebhookFormat::Slack => Some(post.slack()),
        WebhookFormat::Teams => Some(post.teams()),
        WebhookFormat::Statuspage => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_the_timestamp_a_dot_and_the_body() {
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        assert_eq!(
            signature(b"secret", 1_700_000_000, r#"{"a":1}"#),
            "t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
        );
    }
}

//! The delivery worker: takes due deliveries from the queue, sends them through the relay a
//! few at a time, and records each outcome as it comes. A relay that cannot be reached pauses
//! the whole worker (with backoff) instead of failing every delivery in turn; a message the
//! relay refuses for good is given up after a few tries; nothing is ever dropped silently.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use futures_util::stream::{self, StreamExt};
use herald_domain::backoff::Backoff;
use herald_domain::PublicFeed;
use tokio::sync::Notify;

use crate::delivery_queue::{Claimed, Ended};
use crate::mail::{Built, Mailer, SendFailure, RELAY_CONNECTIONS};
use crate::store::Store;
use crate::AppState;

/// How many deliveries are claimed at once; a fan-out to 10,000 is worked through in these.
const BATCH: usize = 200;

/// The longest the worker sleeps without looking at the queue, so a clock that jumped is
/// caught up within it.
const LOOK_AGAIN: Duration = Duration::from_secs(30);

/// A relay refusing a message for good is asked this many times before it is given up.
const PERMANENT_TRIES: u32 = 3;

/// A delivery still failing after this many tries is given up: with the backoff's cap of a
/// minute, about two days.
const TRANSIENT_TRIES: u32 = 3_000;

/// Retry timing for one delivery the relay answered with a refusal.
const RETRY: Backoff = Backoff {
    first: Duration::from_secs(2),
    cap: Duration::from_mins(1),
};

/// How often an unreachable relay is probed (with one delivery): often enough that mail goes
/// out within seconds of its return, rarely enough to cost nothing while it is down.
const PROBE: Backoff = Backoff {
    first: Duration::from_secs(1),
    cap: Duration::from_secs(15),
};

/// Works the queue until the server shuts down. `wake` is notified by every write that may
/// have queued something.
pub async fn run(queue: Store, state: AppState, mailer: Mailer, wake: Arc<Notify>) {
    let queue = Arc::new(Mutex::new(queue));
    let mailer = Arc::new(mailer);
    let mut shutdown = state.shutdown.clone();
    match blocking(&queue, |q| q.release_claimed()).await {
        Ok(0) => {}
        Ok(released) => tracing::info!(released, "deliveries a stop left claimed are queued again"),
        Err(error) => tracing::warn!(%error, "could not release claimed deliveries"),
    }
    let mut relay_failures = 0u32;
    loop {
        if *shutdown.borrow() {
            return;
        }
        let now = Utc::now();
        // While the relay is down, one delivery probes it; the rest wait in the queue.
        let limit = if relay_failures > 0 { 1 } else { BATCH };
        let claimed = match blocking(&queue, move |q| q.claim_due(now, limit)).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::warn!(%error, "could not read the delivery queue; trying again");
                sleep_or_stop(&mut shutdown, &wake, RETRY.first).await;
                continue;
            }
        };
        if claimed.is_empty() {
            let next = blocking(&queue, |q| q.next_due()).await.ok().flatten();
            let wait = next.map_or(LOOK_AGAIN, |at| {
                (at - Utc::now())
                    .to_std()
                    .unwrap_or(Duration::ZERO)
                    .min(LOOK_AGAIN)
            });
            if !sleep_or_stop(&mut shutdown, &wake, wait).await {
                return;
            }
            continue;
        }
        let public = Arc::new(PublicFeed::from_feed(&state.current().feed));
        let outcomes: Vec<bool> = stream::iter(claimed)
            .map(|delivery| deliver(&queue, &mailer, &public, delivery))
            .buffer_unordered(RELAY_CONNECTIONS as usize)
            .collect()
            .await;
        if outcomes.iter().any(|relay_down| *relay_down) {
            relay_failures += 1;
            let pause = PROBE.delay(relay_failures, jitter());
            tracing::warn!(
                failures = relay_failures,
                pause_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
                "the SMTP relay cannot be reached; deliveries wait in the queue"
            );
            if !sleep_or_stop(&mut shutdown, &Notify::new(), pause).await {
                return;
            }
        } else if relay_failures > 0 {
            tracing::info!("the SMTP relay is back; sending what waited");
            relay_failures = 0;
        }
    }
}

/// Sends one delivery and records how it went; whether the relay was unreachable.
async fn deliver(
    queue: &Arc<Mutex<Store>>,
    mailer: &Mailer,
    public: &PublicFeed,
    delivery: Claimed,
) -> bool {
    let now = Utc::now();
    let id = delivery.id;
    if public.version < delivery.version {
        // Claimed a moment before its version was served: wait for it rather than write
        // from an older feed that does not hold the update.
        let at = now + chrono::Duration::seconds(1);
        record(queue, move |q| {
            q.mark_retry(id, "its feed version is not served yet", at)
        })
        .await;
        return false;
    }
    let message = match mailer.build(&delivery, public, now) {
        Built::Message(message) => *message,
        Built::Nothing(reason) => {
            record(queue, move |q| q.mark_ended(id, Ended::Withdrawn, &reason)).await;
            return false;
        }
    };
    match mailer.send(message).await {
        Ok(()) => {
            record(queue, move |q| q.mark_sent(id, Utc::now())).await;
            false
        }
        Err(SendFailure {
            reason,
            permanent,
            relay_down,
        }) => {
            let tries = if permanent {
                PERMANENT_TRIES
            } else {
                TRANSIENT_TRIES
            };
            if delivery.attempts >= tries {
                tracing::warn!(delivery = id, %reason, "a delivery is given up");
                record(queue, move |q| q.mark_ended(id, Ended::Failed, &reason)).await;
            } else if relay_down {
                // Not this message's fault: it is due again as soon as the relay answers; the
                // worker's probe paces the retries meanwhile.
                let at = Utc::now();
                record(queue, move |q| q.mark_retry(id, &reason, at)).await;
            } else {
                let wait = RETRY.delay(delivery.attempts, jitter());
                let at = Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
                tracing::debug!(delivery = id, %reason, "a delivery will be tried again");
                record(queue, move |q| q.mark_retry(id, &reason, at)).await;
            }
            relay_down
        }
    }
}

/// Records an outcome; a failure to record leaves the delivery claimed, and the next start
/// sends it again under the same `Message-ID`.
async fn record(
    queue: &Arc<Mutex<Store>>,
    write: impl FnOnce(&Store) -> Result<(), crate::store::StoreError> + Send + 'static,
) {
    if let Err(error) = blocking(queue, move |q| write(q)).await {
        tracing::error!(%error, "could not record a delivery's outcome");
    }
}

/// Runs `work` on the queue's connection off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    queue: &Arc<Mutex<Store>>,
    work: impl FnOnce(&mut Store) -> Result<T, crate::store::StoreError> + Send + 'static,
) -> Result<T, crate::store::StoreError> {
    let queue = queue.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut store)
    })
    .await
    .unwrap_or_else(|panic| std::panic::resume_unwind(panic.into_panic()))
}

/// Sleeps for `wait`, or until woken; `false` when the server is stopping.
async fn sleep_or_stop(
    shutdown: &mut tokio::sync::watch::Receiver<bool>,
    wake: &Notify,
    wait: Duration,
) -> bool {
    tokio::select! {
        changed = shutdown.changed() => changed.is_ok() && !*shutdown.borrow(),
        () = wake.notified() => true,
        () = tokio::time::sleep(wait) => true,
    }
}

/// A number in `0..1` for the backoff's spread.
pub(crate) fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
}

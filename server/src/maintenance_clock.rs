//! The server's maintenance clock: when a window opens or closes, the maintenance moves on by
//! itself as a new feed version, so the public site is published again and every reader of
//! the feed, the API and the event stream sees it at the window's minute, not at the next
//! write.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::{AppState, Snapshot};

/// The longest the clock sleeps without looking again, so a clock that jumped (a suspended
/// machine) is caught up within this.
const LOOK_AGAIN: Duration = Duration::from_mins(10);

/// A moment past each boundary, so `status_at` at the wake-up is already the new status.
const PAST_THE_MINUTE: Duration = Duration::from_millis(200);

/// Moves maintenances on at their windows' edges until the server shuts down.
pub async fn run(state: AppState, mut versions: watch::Receiver<Arc<Snapshot>>) {
    let mut shutdown = state.shutdown.clone();
    loop {
        let now = Utc::now();
        let moving = state.clone();
        match tokio::task::spawn_blocking(move || move_due(&moving, now)).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not move maintenances on; trying again");
            }
            Err(panic) => tracing::error!(%panic, "the maintenance clock panicked; trying again"),
        }
        let next = versions
            .borrow_and_update()
            .feed
            .next_maintenance_change(Utc::now());
        let wait = next.map_or(LOOK_AGAIN, |at| until(at).min(LOOK_AGAIN));
        tokio::select! {
            // A write may have added or moved a window: look again at once.
            changed = versions.changed() => if changed.is_err() { return },
            _ = shutdown.changed() => return,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// How long until just past `at`.
fn until(at: DateTime<Utc>) -> Duration {
    (at - Utc::now()).to_std().unwrap_or(Duration::ZERO) + PAST_THE_MINUTE
}

/// Writes a version with every maintenance its window has moved on at `now`, if any has.
fn move_due(state: &AppState, now: DateTime<Utc>) -> Result<(), String> {
    // The clock wakes on every write: most wake-ups move nothing, and need neither the
    // writers' lock nor a copy of the feed to find that out.
    let due = |feed: &herald_domain::Feed| {
        feed.maintenances
            .iter()
            .any(|m| m.status_at(now) != m.status)
    };
    if !due(&state.current().feed) {
        return Ok(());
    }
    // The store's lock serialises this with the write API, so versions stay gapless.
    let mut store = state
        .store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let current = state.current();
    let mut feed = current.feed.clone();
    let moves = feed.move_maintenances(now);
    if moves.is_empty() {
        return Ok(());
    }
    feed.version = current.feed.version + 1;
    let owed = herald_domain::notice::Owed::between(&current.feed, &feed, now);
    store
        .append_owing(&feed, &owed)
        .map_err(|e| e.to_string())?;
    for moved in &moves {
        tracing::info!(
            version = feed.version,
            maintenance = %moved.maintenance,
            from = ?moved.from,
            to = ?moved.to,
            "maintenance moved on by its window"
        );
    }
    state.publish(Snapshot::new(feed, now));
    // After publishing: the workers write from the served feed.
    if !owed.is_empty() {
        state.wake_deliveries();
    }
    Ok(())
}

//! One clock for the whole page, ticking every second, so every countdown and "3 min ago"
//! moves together and only one timer runs.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The page's clock, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub ReadSignal<DateTime<Utc>>);

/// Starts the clock for the tree below; its timer stops when the owner is disposed.
pub fn provide_clock() -> ReadSignal<DateTime<Utc>> {
    let (now, set_now) = signal(Utc::now());
    let handle = set_interval_with_handle(
        move || {
            set_now.try_set(Utc::now());
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = handle {
            handle.clear();
        }
    });
    provide_context(Clock(now));
    now
}

/// A clock that stands at `at` and moves only through the returned setter, so a test can
/// assert exact countdowns and step time forward.
pub fn provide_clock_at(at: DateTime<Utc>) -> WriteSignal<DateTime<Utc>> {
    let (now, set_now) = signal(at);
    provide_context(Clock(now));
    set_now
}

/// The current time, ticking; a still clock (the time of the call) when none was provided.
pub fn use_clock() -> Signal<DateTime<Utc>> {
    match use_context::<Clock>() {
        Some(Clock(now)) => now.into(),
        None => Signal::stored(Utc::now()),
    }
}

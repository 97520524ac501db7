//! Says plainly whether the picture on screen is current, loading, or stale and why.

use std::time::Duration;

use leptos::prelude::*;

use super::local_time;
use crate::hooks::FeedState;

/// The sync status: loading, failed with nothing to show, stale with the reason, or quiet.
///
/// A failure is never shown as an empty page: with a last good feed it says how old that is.
#[component]
pub fn SyncBanner(
    /// The sync state from `use_feed`.
    #[prop(into)]
    state: Signal<FeedState>,
    /// Time between automatic retries, to tell the viewer when the next try is.
    interval: Duration,
    /// Called when the viewer asks to retry now.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let every = format!("Trying again every {} s.", interval.as_secs());
    move || {
        let every = every.clone();
        state.with(|s| match (&s.feed, &s.error) {
            (None, None) => view! {
                <div class="banner loading" role="status" data-testid="sync-loading">
                    "Loading the incident feed…"
                </div>
            }
            .into_any(),
            (None, Some(error)) => view! {
                <div class="banner error" role="alert" data-testid="sync-error">
                    <strong>"Could not load the incident feed. "</strong>
                    {format!("Reason: {error}. ")} {every}
                    <button type="button" on:click=move |_| on_retry.run(())>"Retry now"</button>
                </div>
            }
            .into_any(),
            (Some(_), Some(error)) => {
                let when = s.last_synced.map(local_time).unwrap_or_default();
                view! {
                    <div class="banner stale" role="alert" data-testid="sync-stale">
                        <strong>{format!("Showing the feed as of {when}; it may be out of date. ")}</strong>
                        {format!("Reason: {error}. ")} {every}
                        <button type="button" on:click=move |_| on_retry.run(())>"Retry now"</button>
                    </div>
                }
                .into_any()
            }
            (Some(_), None) => {
                let when = s.last_synced.map(local_time).unwrap_or_default();
                view! {
                    <p class="synced" data-testid="sync-ok">{format!("Live · last synced {when}")}</p>
                }
                .into_any()
            }
        })
    }
}

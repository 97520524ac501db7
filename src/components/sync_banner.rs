//! Says plainly whether the picture on screen is current, loading, or stale: why, how old it
//! is, and when the next try is.

use leptos::prelude::*;

use super::format_time;
use crate::hooks::{use_clock, FeedState};
use crate::locale::use_locale;
use crate::text::{self, text};

/// The sync status: loading, failed with nothing to show, stale with the reason, or quiet.
///
/// A failure is never shown as an empty page: with a last good feed it says how old that is.
#[component]
pub fn SyncBanner(
    /// The sync state from `use_feed`.
    #[prop(into)]
    state: Signal<FeedState>,
    /// Seconds between polls, said while events are off.
    #[prop(into)]
    poll_seconds: Signal<u32>,
    /// Called when the viewer asks to retry now.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    // The banner is rebuilt when the sync state changes; only its time words follow the clock.
    move || {
        let locale = locale.get();
        let t = text(locale);
        let next_try = move || {
            state
                .with(|s| s.next_try)
                .map(|at| text::next_try((at - now.get()).num_seconds().max(0), locale))
                .unwrap_or_default()
        };
        let age = move || {
            let now = now.get();
            let last = state.with(|s| s.last_synced).unwrap_or(now);
            (last, (now - last).num_seconds())
        };
        let retry = move || {
            view! {
                <button type="button" on:click=move |_| on_retry.run(())>{t.retry_now}</button>
            }
        };
        state.with(|s| match (&s.feed, &s.error) {
            (None, None) => view! {
                <div class="banner loading" role="status" data-testid="sync-loading">{t.loading}</div>
            }
            .into_any(),
            (None, Some(error)) => view! {
                <div class="banner error" role="alert" data-testid="sync-error">
                    <strong>{t.load_failed}</strong> " " {text::sync_error(error, locale)} " " {next_try} " " {retry()}
                </div>
            }
            .into_any(),
            (Some(_), Some(error)) => view! {
                <div class="banner stale" role="alert" data-testid="sync-stale">
                    <strong>{move || {
                        let (last, seconds) = age();
                        text::stale(&format_time(last, None, locale, false), seconds, locale)
                    }}</strong>
                    " " {text::sync_error(error, locale)} " " {next_try} " " {retry()}
                </div>
            }
            .into_any(),
            (Some(_), None) => {
                let live = s.live;
                view! {
                    <p class=if live { "synced live" } else { "synced" } data-testid="sync-ok">
                        {move || text::synced(live, age().1, u64::from(poll_seconds.get()), locale)}
                    </p>
                }
                .into_any()
            }
        })
    }
}

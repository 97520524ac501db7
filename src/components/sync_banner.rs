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
    /// Called when the viewer asks to retry now.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    move || {
        let locale = locale.get();
        let t = text(locale);
        let now = now.get();
        state.with(|s| {
            let next_try = s
                .next_try
                .map(|at| text::next_try((at - now).num_seconds().max(0), locale))
                .unwrap_or_default();
            let retry = move || view! {
                <button type="button" on:click=move |_| on_retry.run(())>{t.retry_now}</button>
            };
            match (&s.feed, &s.error) {
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
                (Some(_), Some(error)) => {
                    let last = s.last_synced.unwrap_or(now);
                    let when = format_time(last, None, locale, false);
                    view! {
                        <div class="banner stale" role="alert" data-testid="sync-stale">
                            <strong>{text::stale(&when, (now - last).num_seconds(), locale)}</strong>
                            " " {text::sync_error(error, locale)} " " {next_try} " " {retry()}
                        </div>
                    }
                    .into_any()
                }
                (Some(_), None) => {
                    let last = s.last_synced.unwrap_or(now);
                    let poll = s.source.as_ref().map_or(15, |source| source.poll_seconds);
                    view! {
                        <p class=if s.live { "synced live" } else { "synced" } data-testid="sync-ok">
                            {text::synced(s.live, (now - last).num_seconds(), u64::from(poll), locale)}
                        </p>
                    }
                    .into_any()
                }
            }
        })
    }
}

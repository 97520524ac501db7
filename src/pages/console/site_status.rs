//! One line under the console's header saying what customers see: which version of the public
//! status page is live and since when, or that it is not updating and why. The lead learns
//! that a published update has not reached customers before a customer says so.

use herald_domain::health::Health;
use herald_domain::Locale;
use leptos::prelude::*;

use super::words::words;
use chrono::{DateTime, Utc};

use crate::components::{customer_time, format_time};
use crate::hooks::{use_clock, use_interval};
use crate::locale::use_locale;
use crate::sync::fetch_health;

/// The line's clock: how often it considers asking again.
const TICK: std::time::Duration = std::time::Duration::from_secs(2);
/// Without a new feed version it asks every this many ticks (16 s)…
const EVERY_TICKS: u32 = 8;
/// …but while the site catches up with a new version it asks at every tick for this many
/// ticks after the version moved, so "live" follows a publish within seconds.
const SOON_TICKS: u32 = 10;

/// The public site's state, from the server at `base`, asked again whenever `version` moves.
#[component]
pub fn SiteStatusLine(
    /// The API root of the server, once known.
    #[prop(into)]
    base: Signal<Option<String>>,
    /// The feed version the console holds.
    #[prop(into)]
    version: Signal<Option<u64>>,
    /// The page's zone for the console's language, which every other time here is given in.
    #[prop(into)]
    zone: Signal<String>,
) -> impl IntoView {
    let locale = use_locale();
    let answer: RwSignal<Option<Result<Health, String>>> = RwSignal::new(None);
    let now = use_clock();
    // Asks made and the newest answered: with an ask every 2 s, a slow "catching up" must not
    // overwrite a newer "live".
    let asked = StoredValue::new((0_u32, 0_u32));
    // Ticks since the version last moved.
    let ticks = StoredValue::new(0_u32);
    let ask = move || {
        let Some(base) = base.get_untracked() else {
            return;
        };
        asked.update_value(|(made, _)| *made += 1);
        let ask_number = asked.get_value().0;
        leptos::task::spawn_local(async move {
            let result = fetch_health(&base).await.map_err(|e| e.to_string());
            if asked
                .try_get_value()
                .is_some_and(|(_, newest)| ask_number > newest)
            {
                asked.update_value(|(_, newest)| *newest = ask_number);
                answer.try_set(Some(result));
            }
        });
    };
    Effect::new(move |_| {
        // Asked once the server is known and again after each new version: publishing follows
        // a write within a moment.
        let _ = (base.get(), version.get());
        ticks.set_value(0);
        ask();
    });
    use_interval(
        move || {
            ticks.update_value(|n| *n += 1);
            let n = ticks.get_value();
            let behind = answer.with_untracked(|a| matches!(a, Some(Ok(h)) if catching_up(h)));
            if n.is_multiple_of(EVERY_TICKS) || (behind && n <= SOON_TICKS) {
                ask();
            }
        },
        TICK,
    );
    move || {
        let reader = locale.get();
        let w = words(reader);
        let line = match answer.get()? {
            Err(error) => (
                "site-status unknown",
                w.site_unknown.replace("{error}", &error),
            ),
            Ok(health) => describe(&health, reader, &zone.get(), now.get_untracked())?,
        };
        Some(view! {
            <p class=line.0 data-testid="site-status" role="status">
                {line.1} " " <a href="/status/" data-testid="site-link">{w.site_link}</a>
            </p>
        })
    }
}

/// The site is published without errors but not yet at the server's version.
fn catching_up(health: &Health) -> bool {
    health.site.as_ref().is_some_and(|site| {
        site.failing().is_none()
            && site
                .folder
                .live_version
                .is_none_or(|live| live < health.version)
    })
}

/// The line for `health` in `reader`'s words: its class and its text; `None` when the server
/// publishes no site.
fn describe(
    health: &Health,
    reader: Locale,
    zone: &str,
    now: DateTime<Utc>,
) -> Option<(&'static str, String)> {
    let site = health.site.as_ref()?;
    let w = words(reader);
    // As the rest of the console names the page's zone ("05:44 CET", "中欧标准时间 05:44");
    // before the feed has come there is no page zone yet: the viewer's own, named.
    let time = |at| {
        if zone.is_empty() {
            format_time(at, None, reader, true)
        } else {
            customer_time(at, zone, reader, now)
        }
    };
    if let Some((state, place)) = site.failing() {
        let error = match place {
            Some(bucket) => format!("{bucket}: {}", state.error.clone().unwrap_or_default()),
            None => state.error.clone().unwrap_or_default(),
        };
        let text = match site.folder.published_at.or(state.published_at) {
            Some(at) => w
                .site_failing
                .replace("{error}", &error)
                .replace("{time}", &time(at)),
            None => w.site_never.replace("{error}", &error),
        };
        return Some(("site-status failing", text));
    }
    match (site.folder.live_version, site.folder.published_at) {
        (Some(live), Some(at)) if live >= health.version => Some((
            "site-status live",
            w.site_live
                .replace("{version}", &live.to_string())
                .replace("{time}", &time(at)),
        )),
        _ => Some(("site-status catching-up", w.site_catching_up.to_string())),
    }
}

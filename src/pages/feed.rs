//! The internal feed for responders and late joiners.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use herald_domain::translation::choose_name;
use herald_domain::{Feed, Incident, Label, Locale, Translations};
use leptos::prelude::*;

use crate::app::LocaleSwitch;
use crate::components::{CatchUpCard, ComponentList, LiveRegion, SyncBanner, UpdateTimeline, When};
use crate::hooks::{use_feed, UseFeedOptions};
use crate::locale::use_locale;
use crate::storage;
use crate::sync::{foreign_host, AnyStatusPage};
use crate::text::{self, text};
use herald_domain::ranked::{at_rank, sort_by_rank};

/// The internal feed for responders: catch-up cards, the timeline, components.
#[component]
pub fn FeedPage() -> impl IntoView {
    let locale = use_locale();
    // Responders may follow any status page, a Statuspage one too.
    let sync = use_feed::<AnyStatusPage>(UseFeedOptions::default());
    let state = sync.state;
    // Compare by pointer: a new Arc means a new sync, and a deep comparison of a large feed on
    // every state change would cost more than re-rendering.
    let feed = Memo::new_with_compare(
        move |_| state.with(|s| s.feed.clone()),
        |old: Option<&Option<Arc<Feed>>>, new: Option<&Option<Arc<Feed>>>| match (old, new) {
            (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    );
    let source_url =
        Memo::new(move |_| state.with(|s| s.source.as_ref().map(|s| s.feed_url.clone())));

    // The last version this viewer marked read, remembered per source across reloads.
    let seen = RwSignal::new(None::<u64>);
    Effect::new(move |_| {
        if let Some(url) = source_url.get() {
            seen.set(storage::load(&storage::seen_key(&url)).and_then(|v| v.parse().ok()));
        }
    });
    let mark_read = Callback::new(move |()| {
        let (Some(url), Some(version)) = (
            source_url.get_untracked(),
            feed.with_untracked(|f| f.as_ref().map(|f| f.version)),
        ) else {
            return;
        };
        storage::save(&storage::seen_key(&url), &version.to_string());
        seen.set(Some(version));
    });

    // A link into the timeline (`?incident=…#timeline`, a resolved incident's "show its
    // updates") loads the page before the timeline exists, so the browser's own jump to the
    // anchor finds nothing and leaves the reader at the top, three screens from it on a phone:
    // jump once the first feed is drawn, and only then (later syncs must not move the reader).
    let jumped = StoredValue::new(false);
    Effect::new(move |_| {
        if feed.with(Option::is_some) && !jumped.get_value() {
            jumped.set_value(true);
            request_animation_frame(jump_to_anchor);
        }
    });

    let announcement = announcements(feed, locale);
    let t = move || text(locale.get());

    view! {
        <div class="app">
            <a class="skip-link" href="#timeline">{move || t().skip_to_timeline}</a>
            <header class="page-header">
                <div>
                    <h1 data-testid="page-name" dir="auto">
                        {move || feed.with(|f| f.as_ref().map_or_else(|| "Herald".to_string(), |f| f.page.name.clone()))}
                    </h1>
                    <p class="subtitle">
                        {move || t().subtitle} " · " <a href="/console/" data-testid="to-console">{move || t().to_console}</a>
                        {move || source_url.get().and_then(|u| foreign_host(&u)).map(|host| {
                            view! { <span class="source" data-testid="source-host">{format!(" · {}: {host}", t().source)}</span> }
                        })}
                    </p>
                </div>
                <LocaleSwitch />
            </header>
            <main>
                <SyncBanner state=state poll_seconds=sync.poll_seconds on_retry=sync.refresh />
                <LiveRegion message=announcement />
                {move || feed.get().map(|feed| {
                    let feed_signal = Signal::stored(feed.clone());
                    view! {
                        <section class="incidents" aria-label=move || t().open_incidents>
                            {open_incidents(&feed, feed_signal, seen.into(), mark_read, locale)}
                        </section>
                        {resolved_incidents(&feed, locale)}
                        <UpdateTimeline feed=feed_signal seen=seen />
                        <ComponentList components=feed.components.clone() page=feed.page.language() />
                    }
                })}
            </main>
        </div>
    }
}

/// One catch-up card per open incident, or a plain all-clear; only called with a real feed.
fn open_incidents(
    feed: &Feed,
    feed_signal: Signal<Arc<Feed>>,
    seen: Signal<Option<u64>>,
    mark_read: Callback<()>,
    locale: Signal<Locale>,
) -> AnyView {
    let open: Vec<&Incident> = feed.open_incidents();
    if open.is_empty() {
        return view! { <p class="all-clear" data-testid="all-clear">{move || text(locale.get()).all_clear}</p> }
            .into_any();
    }
    open.into_iter()
        .map(|incident| {
            view! { <CatchUpCard feed=feed_signal incident_id=incident.id.clone() seen=seen on_mark_read=mark_read /> }
        })
        .collect_view()
        .into_any()
}

/// Resolved incidents, folded away but one click (or Enter) from their story: newest first,
/// each with when it ended and a link to its updates in the timeline.
fn resolved_incidents(feed: &Feed, locale: Signal<Locale>) -> impl IntoView {
    // The title with its translations, so a change of language names it again.
    type Row = (String, (String, Translations), DateTime<Utc>);
    let page = feed.page.language();
    let mut rows: Vec<Row> = feed
        .incidents
        .iter()
        .filter(|i| !i.status().is_open())
        .map(|i| {
            (
                i.id.clone(),
                (i.title.clone(), i.title_translations.clone()),
                ended_at(i),
            )
        })
        .collect();
    sort_by_rank(&mut rows, |(_, _, ended)| -at_rank(*ended));
    let zone = Signal::stored(feed.page.time_zone.clone());
    (!rows.is_empty()).then(|| {
        let count = rows.len();
        let t = move || text(locale.get());
        view! {
            <details class="resolved" data-testid="resolved-incidents">
                <summary>{move || format!("{} ({count})", t().resolved_incidents)}</summary>
                <ul>
                    {rows.into_iter().map(|(id, (title, translations), ended)| {
                        let title = move || choose_name(locale.get(), &title, page, &translations).to_string();
                        let href = format!("?incident={}#timeline", js_sys::encode_uri_component(&id));
                        view! {
                            <li data-incident-id=id>
                                <strong dir="auto">{title}</strong> " · " {move || t().resolved_at} " " <When at=ended zone=zone />
                                " · " <a href=href data-testid="resolved-link">{move || t().show_updates}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </details>
        }
    })
}

/// Scrolls to the element the address's `#anchor` names, if it names one that is drawn.
fn jump_to_anchor() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let anchor = window.location().hash().unwrap_or_default();
    let Some(id) = anchor.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    if let Some(target) = window.document().and_then(|d| d.get_element_by_id(id)) {
        target.scroll_into_view();
    }
}

/// When a resolved incident ended: its resolution time, else its latest update.
fn ended_at(incident: &Incident) -> DateTime<Utc> {
    incident
        .resolved_at
        .or_else(|| incident.latest_update().map(|u| u.at))
        .unwrap_or(incident.started_at)
}

/// What the live region says: the updates that arrived with the latest sync. The first load
/// announces nothing; a screen reader should not read out the whole history.
fn announcements(feed: Memo<Option<Arc<Feed>>>, locale: Signal<Locale>) -> Signal<String> {
    let previous = StoredValue::new(None::<Arc<Feed>>);
    let message = Memo::new(move |last: Option<&String>| {
        let current = feed.get();
        let before = previous
            .try_update_value(|p| std::mem::replace(p, current.clone()))
            .flatten();
        let (Some(before), Some(current)) = (before, current) else {
            return String::new();
        };
        let known: HashSet<&str> = before
            .incidents
            .iter()
            .flat_map(|i| i.updates.iter().map(|u| u.id.as_str()))
            .collect();
        let locale = locale.get_untracked();
        let fresh: Vec<String> = current
            .incidents
            .iter()
            .flat_map(|i| i.updates.iter().map(move |u| (i, u)))
            .filter(|(_, u)| !known.contains(u.id.as_str()))
            .map(|(i, u)| {
                text::announce(
                    i.title_in(locale, current.page.language()),
                    u.status.label(locale),
                    u.audience == herald_domain::Audience::Internal,
                    locale,
                )
            })
            .collect();
        if fresh.is_empty() {
            last.cloned().unwrap_or_default()
        } else {
            fresh.join(" ")
        }
    });
    message.into()
}

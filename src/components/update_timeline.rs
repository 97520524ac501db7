//! Every update of every incident, newest first, filterable by audience and incident.

use std::sync::Arc;

use herald_domain::ranked::sort_by_compare;
use herald_domain::translation::choose_name;
use herald_domain::{Audience, Feed, Label, Locale, Translations, Update as FeedUpdate};
use leptos::prelude::*;

use super::{update_text, When};
use crate::locale::use_locale;
use crate::text::text;

/// How many entries are drawn at first and per "show older"; a 10,000-update feed stays quick.
pub const PAGE: usize = 50;

/// One row of the timeline.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    incident_id: String,
    /// The incident's title with its translations: the row names it in the reader's language,
    /// and keeps doing so when the language changes (rows are keyed by update, so a row is
    /// not rebuilt for a new title).
    incident_title: (String, Translations),
    update: FeedUpdate,
}

/// The timeline under the catch-up cards.
#[component]
pub fn UpdateTimeline(
    /// The feed.
    #[prop(into)]
    feed: Signal<Arc<Feed>>,
    /// The version the viewer last marked read, for the "new" markers.
    #[prop(into)]
    seen: Signal<Option<u64>>,
) -> impl IntoView {
    let locale = use_locale();
    let audience = RwSignal::new(None::<Audience>);
    // `?incident=ID` (the link from a resolved incident) opens the timeline on that incident.
    let incident = RwSignal::new(crate::sync::query_parameter("incident").unwrap_or_default());
    let shown: RwSignal<usize> = RwSignal::new(PAGE);
    let entries = Memo::new(move |_| {
        let mut entries: Vec<Entry> = feed.with(|f| {
            f.incidents
                .iter()
                .flat_map(|i| {
                    i.updates.iter().map(|u| Entry {
                        incident_id: i.id.clone(),
                        incident_title: (i.title.clone(), i.title_translations.clone()),
                        update: u.clone(),
                    })
                })
                .collect()
        });
        sort_by_compare(&mut entries, |a, b| {
            (b.update.at, &b.update.id).cmp(&(a.update.at, &a.update.id))
        });
        entries
    });
    let filtered = Memo::new(move |_| {
        let audience = audience.get();
        let incident = incident.get();
        entries.with(|all| {
            all.iter()
                .filter(|e| audience.is_none_or(|a| e.update.audience == a))
                .filter(|e| incident.is_empty() || e.incident_id == incident)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let visible =
        move || filtered.with(|f| f.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    let zone = Signal::derive(move || feed.with(|f| f.page.time_zone.clone()));
    let t = move || text(locale.get());
    let more = move || filtered.with(Vec::len) > shown.get();

    view! {
        <section class="timeline" id="timeline" data-testid="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{move || t().timeline}</h2>
            <div class="filters">
                <label>
                    {move || t().show} " "
                    <select data-testid="filter-audience" on:change=move |ev| {
                        audience.set(match event_target_value(&ev).as_str() {
                            "public" => Some(Audience::Public),
                            "internal" => Some(Audience::Internal),
                            _ => None,
                        });
                        shown.set(PAGE);
                    }>
                        <option value="all">{move || t().all_updates}</option>
                        <option value="public">{move || t().public}</option>
                        <option value="internal">{move || t().internal}</option>
                    </select>
                </label>
                <label>
                    {move || t().incident} " "
                    <select data-testid="filter-incident" prop:value=move || incident.get() on:change=move |ev| {
                        incident.set(event_target_value(&ev));
                        shown.set(PAGE);
                    }>
                        <option value="">{move || t().all_incidents}</option>
                        {move || feed.with(|f| f.incidents.iter().map(|i| view! {
                            <option value=i.id.clone() selected=incident.get_untracked() == i.id>{i.title_in(locale.get(), f.page.language()).to_string()}</option>
                        }).collect_view())}
                    </select>
                </label>
            </div>
            <Show when=move || filtered.with(Vec::is_empty)>
                <p class="quiet" data-testid="timeline-empty">{move || t().no_updates}</p>
            </Show>
            <ol class="entries">
                <For each=visible key=|e| e.update.id.clone() let:entry>
                    <TimelineEntry entry=entry seen=seen zone=zone page=feed.with_untracked(|f| f.page.language()) />
                </For>
            </ol>
            <Show when=more>
                <button type="button" data-testid="show-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {move || t().show_more}
                    {move || format!(" ({})", filtered.with(Vec::len) - shown.get())}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn TimelineEntry(
    entry: Entry,
    seen: Signal<Option<u64>>,
    zone: Signal<String>,
    page: Locale,
) -> impl IntoView {
    let locale = use_locale();
    let update = entry.update;
    let version = update.version;
    let is_new = move || herald_domain::catchup::is_new(seen.get(), version);
    let audience = update.audience;
    let (title, translations) = entry.incident_title;
    view! {
        <li
            class=move || format!("entry audience-{}{}", audience.as_str(), if is_new() { " is-new" } else { "" })
            data-testid="timeline-entry"
            data-update-id=update.id.clone()
            data-audience=audience.as_str()
        >
            <p class="meta">
                <Show when=is_new>
                    <span class="badge new" data-testid="new-marker">{move || text(locale.get()).new_marker}</span> " "
                </Show>
                <span class=format!("badge audience audience-{}", audience.as_str())>{move || audience.label(locale.get())}</span>
                " "
                <span class=format!("status-text status-{}", update.status.as_str())>{move || update.status.label(locale.get())}</span>
                " · " <When at=update.at zone=zone /> " · " <bdi>{update.author.clone()}</bdi>
                <span class="entry-incident">{move || format!(" · {}", choose_name(locale.get(), &title, page, &translations))}</span>
            </p>
            {let update = update.clone(); move || update_text(&update, locale.get(), page)}
        </li>
    }
}

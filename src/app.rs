//! The root component: syncs the feed and lays out what it shows.

use std::sync::Arc;

use herald_domain::component::names_of;
use herald_domain::{Feed, Incident, Locale};
use leptos::prelude::*;

use crate::components::{ComponentList, IncidentSummary, SyncBanner};
use crate::hooks::{use_feed, UseFeedOptions};
use crate::locale::provide_locale;

/// Herald's page: the sync banner, each open incident, and every component's status.
#[component]
pub fn App() -> impl IntoView {
    // Labels exist in both languages; the page chrome follows once it is translated too.
    provide_locale(Locale::En);
    let sync = use_feed(UseFeedOptions::default());
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

    view! {
        <div class="app">
            <header class="page-header">
                <h1 data-testid="page-name">
                    {move || feed.with(|f| f.as_ref().map_or_else(|| "Herald".to_string(), |f| f.page.name.clone()))}
                </h1>
                <p class="subtitle">"Incident status"</p>
            </header>
            <main>
                <SyncBanner state=state interval=sync.interval on_retry=sync.refresh />
                {move || feed.get().map(|feed| view! {
                    <section class="incidents" aria-label="Open incidents">
                        {open_incidents_view(&feed)}
                    </section>
                    <ComponentList components=feed.components.clone() />
                })}
            </main>
        </div>
    }
}

/// The open incidents, or a plain all-clear; only ever called with a feed that really arrived.
fn open_incidents_view(feed: &Feed) -> AnyView {
    let open: Vec<&Incident> = feed.open_incidents();
    if open.is_empty() {
        return view! { <p class="all-clear" data-testid="all-clear">"No open incidents."</p> }
            .into_any();
    }
    open.into_iter()
        .map(|incident| {
            let affected = names_of(&feed.components, &incident.components);
            view! { <IncidentSummary incident=incident.clone() affected=affected /> }
        })
        .collect_view()
        .into_any()
}

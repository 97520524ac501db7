//! Component statuses set with the update: each select shows what the update will set, a
//! resolution offers to return them to operational, and components another open incident
//! also affects are named (and left as they are unless the lead says otherwise).

use herald_domain::draft::{Action, Draft};
use herald_domain::{ComponentStatus, Label};
use leptos::prelude::*;

use super::reasons;
use super::state::ConsoleState;
use super::words::words;
use crate::locale::use_locale;
use crate::text::console_text;

const STATUSES: [ComponentStatus; 5] = [
    ComponentStatus::Operational,
    ComponentStatus::DegradedPerformance,
    ComponentStatus::PartialOutage,
    ComponentStatus::MajorOutage,
    ComponentStatus::UnderMaintenance,
];

/// The affected components with the status the update gives each.
#[component]
pub fn ComponentChanges(
    /// The console.
    console: ConsoleState,
) -> impl IntoView {
    let locale = use_locale();
    let ids = Memo::new(move |_| {
        console
            .incident
            .with(|i| i.as_ref().map(|i| i.components.clone()).unwrap_or_default())
    });
    let resolving = Memo::new(move |_| {
        let incident = console.incident.get()?;
        console
            .draft
            .with(|d| d.as_ref().map(|d| !d.effective_status(&incident).is_open()))
    });
    let shown = move |id: &str| {
        let (Some(feed), Some(incident), Some(draft)) = (
            console.feed.get(),
            console.incident.get(),
            console.draft.get(),
        ) else {
            return ComponentStatus::Unknown;
        };
        draft.component_shown(&feed, &incident, id)
    };
    let shared = move || {
        let locale = locale.get();
        let (Some(feed), Some(incident)) = (console.feed.get(), console.incident.get()) else {
            return Vec::new();
        };
        Draft::shared_components(&feed, &incident)
            .into_iter()
            .map(|(id, others)| {
                let page = feed.page.language();
                let name = feed
                    .component(&id)
                    .map_or(id.clone(), |c| c.name_in(locale, page).to_string());
                let titles: Vec<String> = others
                    .iter()
                    .map(|i| i.title_in(locale, page).to_string())
                    .collect();
                reasons::shared(&name, &titles, locale)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <fieldset class="component-changes">
            <legend>{move || console_text(locale.get()).components}</legend>
            // Keyed rows: a change rebuilds no select, so the focus stays where the lead is.
            <For each=move || ids.get() key=|id| id.clone() let:id>
                {
                    let name_id = id.clone();
                    let name = move || console.feed.with(|f| f.as_ref().and_then(|f| Some(f.component(&name_id)?.name_in(locale.get(), f.page.language()).to_string())).unwrap_or_else(|| name_id.clone()));
                    let (for_value, for_change, for_class, for_option) = (id.clone(), id.clone(), id.clone(), id.clone());
                    let current = move |id: &str| console.feed.with(|f| f.as_ref().and_then(|f| f.component(id)).map_or(ComponentStatus::Unknown, |c| c.status));
                    view! {
                        <label class="component-change" class:changed=move || shown(&for_class) != current(&for_class)>
                            {name} " "
                            <select data-testid=format!("component-{id}") prop:value=move || shown(&for_value).as_str()
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    if let Some(status) = STATUSES.into_iter().find(|s| s.as_str() == value) {
                                        console.act(Action::SetComponent(for_change.clone(), status));
                                    }
                                }>
                                {STATUSES.iter().map(|s| {
                                    let id = for_option.clone();
                                    view! { <option value=s.as_str() selected=move || shown(&id) == *s>{move || s.label(locale.get())}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                }
            </For>
            <Show when=move || resolving.get() == Some(true)>
                <label class="restore"><input type="checkbox" data-testid="restore-components"
                    prop:checked=move || console.draft.with(|d| d.as_ref().is_some_and(|d| d.restore_components))
                    on:change=move |ev| console.act(Action::SetRestoreComponents(event_target_checked(&ev))) />
                    " " {move || words(locale.get()).restore_components}</label>
            </Show>
            {move || {
                let lines = shared();
                (!lines.is_empty()).then(|| view! {
                    <ul class="shared" data-testid="shared-components" role="note">
                        {lines.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                    </ul>
                })
            }}
        </fieldset>
    }
}

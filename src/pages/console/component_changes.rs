//! Component statuses set with the update: each select shows what the update will set, a
//! resolution offers to return them to operational, and components another open incident
//! also affects are named.

use herald_domain::draft::{Action, Draft};
use herald_domain::{ComponentStatus, Label};
use leptos::prelude::*;

use super::state::ConsoleState;
use super::words::{self, words};
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
    move || {
        let locale = locale.get();
        let (Some(feed), Some(incident), Some(draft)) = (
            console.feed.get(),
            console.incident.get(),
            console.draft.get(),
        ) else {
            return ().into_any();
        };
        let resolving = !draft.effective_status(&incident).is_open();
        let shared: Vec<String> = Draft::shared_components(&feed, &incident)
            .into_iter()
            .map(|(id, others)| {
                let name = feed.component(&id).map_or(id.clone(), |c| c.name.clone());
                let titles: Vec<String> = others.iter().map(|i| i.title.clone()).collect();
                words::shared(&name, &titles, locale)
            })
            .collect();
        let rows = incident
            .components
            .iter()
            .filter_map(|id| feed.component(id).cloned())
            .map(|component| {
                let id = component.id.clone();
                let current = component.status;
                let shown = draft.component_shown(&feed, &incident, &id);
                let changed = shown != current;
                view! {
                    <label class="component-change" class:changed=changed>
                        {component.name.clone()} " "
                        <select data-testid=format!("component-{id}") prop:value=shown.as_str()
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                if let Some(status) = STATUSES.into_iter().find(|s| s.as_str() == value) {
                                    console.act(Action::SetComponent(id.clone(), status, current));
                                }
                            }>
                            {STATUSES.iter().map(|s| view! {
                                <option value=s.as_str() selected=*s == shown>{s.label(locale)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="component-changes">
                <legend>{console_text(locale).components}</legend>
                {rows}
                {resolving.then(|| view! {
                    <label class="restore"><input type="checkbox" data-testid="restore-components"
                        prop:checked=draft.restore_components
                        on:change=move |ev| console.act(Action::SetRestoreComponents(event_target_checked(&ev))) />
                        " " {words(locale).restore_components}</label>
                })}
                {(!shared.is_empty()).then(|| view! {
                    <ul class="shared" data-testid="shared-components" role="note">
                        {shared.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                    </ul>
                })}
            </fieldset>
        }
        .into_any()
    }
}

//! Which incident the console writes for: the open ones, and the one on screen even after it
//! is resolved, so publishing a resolution never moves the console to another incident.

use herald_domain::Incident;
use leptos::prelude::*;

use super::state::ConsoleState;
use super::words::words;
use crate::locale::use_locale;
use crate::text::console_text;

/// The incident select; its value is the draft's own incident.
#[component]
pub fn IncidentPicker(
    /// The console.
    console: ConsoleState,
) -> impl IntoView {
    let locale = use_locale();
    let chosen = Memo::new(move |_| {
        console
            .draft
            .with(|d| d.as_ref().map(|d| d.incident.clone()))
    });
    move || {
        let locale = locale.get();
        let w = words(locale);
        let feed = console.feed.get()?;
        let chosen_id = chosen.get();
        let mut listed: Vec<Incident> = feed.open_incidents().into_iter().cloned().collect();
        if let Some(id) = &chosen_id {
            if !listed.iter().any(|i| &i.id == id) {
                if let Some(closed) = feed.incidents.iter().find(|i| &i.id == id) {
                    listed.insert(0, closed.clone());
                }
            }
        }
        let arriving = chosen_id.is_some() && console.incident.with(Option::is_none);
        if listed.is_empty() && !arriving {
            return Some(
                view! { <p class="quiet" data-testid="no-incident">{w.no_incident}</p> }.into_any(),
            );
        }
        let options = listed
            .into_iter()
            .map(|i| {
                let title = i.title_in(locale, feed.page.language());
                let label = if i.status().is_open() {
                    title.to_string()
                } else {
                    format!("{title}{}", w.resolved_mark)
                };
                let selected = chosen_id.as_deref() == Some(i.id.as_str());
                view! { <option value=i.id.clone() selected=selected dir="auto">{label}</option> }
            })
            .collect_view();
        Some(view! {
            <label>{console_text(locale).incident} " "
                <select data-testid="incident-select" prop:value=move || chosen.get().unwrap_or_default()
                    on:change=move |ev| console.choose(event_target_value(&ev))>
                    {options}
                </select>
            </label>
            {arriving.then(|| view! { <p class="quiet" data-testid="incident-arriving" role="status">{w.arriving}</p> })}
        }.into_any())
    }
}

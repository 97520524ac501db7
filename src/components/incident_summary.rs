//! One open incident at a glance: what it is, where it stands, and what customers were told.

use herald_domain::{Audience, Incident, Label};
use leptos::prelude::*;

use super::local_time;
use crate::locale::use_locale;

/// An incident's title, status, severity, impact, affected components and latest public update.
///
/// Internal updates are never shown here: this card is what anyone may read over a shoulder.
#[component]
pub fn IncidentSummary(
    /// The incident to show.
    #[prop(into)]
    incident: Signal<Incident>,
    /// Display names of the affected components, in order.
    #[prop(into)]
    affected: Signal<Vec<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let status = move || incident.with(Incident::status);
    let latest_public = move || incident.with(|i| i.latest_update_for(Audience::Public).cloned());

    view! {
        <article class="incident" data-testid="incident" data-incident-id=move || incident.with(|i| i.id.clone())>
            <header class="incident-header">
                <h2 data-testid="incident-title">{move || incident.with(|i| i.title.clone())}</h2>
                <div class="badges">
                    <span class=move || format!("badge status status-{}", status().as_str()) data-testid="incident-status">
                        {move || status().label(locale.get())}
                    </span>
                    {move || {
                        incident
                            .with(|i| i.severity)
                            .map(|severity| view! { <span class="badge severity">{severity.label(locale.get())}</span> })
                    }}
                    <span class=move || format!("badge impact impact-{}", incident.with(|i| i.impact.as_str()))>
                        {move || incident.with(|i| i.impact.label(locale.get()))}
                    </span>
                </div>
            </header>
            <Show when=move || affected.with(|a| !a.is_empty())>
                <p class="affected">"Affected: " {move || affected.get().join(", ")}</p>
            </Show>
            {move || match latest_public() {
                Some(update) => view! {
                    <section class="latest-public" data-testid="latest-public-update">
                        <h3>"Latest public update"</h3>
                        <p class="meta">
                            <span class=format!("status-text status-{}", update.status.as_str())>{update.status.label(locale.get())}</span>
                            " · " <time datetime=update.at.to_rfc3339()>{local_time(update.at)}</time>
                            " · " {update.author.clone()}
                        </p>
                        <div class="update-text">
                            {update.text.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
                        </div>
                    </section>
                }.into_any(),
                None => view! {
                    <p class="no-public-update" data-testid="no-public-update">
                        "No public update yet: customers have not been told about this incident."
                    </p>
                }.into_any(),
            }}
        </article>
    }
}

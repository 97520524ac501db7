//! Who holds each role, and a hand-over in one step.

use herald_domain::{Incident, Label, Role};
use leptos::prelude::*;

use crate::locale::use_locale;
use crate::text::{console_text, text};

/// The three roles of the incident, each with a hand-over field.
#[component]
pub fn RoleEditor(
    /// The incident.
    #[prop(into)]
    incident: Signal<Option<Incident>>,
    /// Called with the role and its new holder.
    on_hand_over: Callback<(Role, String)>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="role-editor" data-testid="role-editor">
            <h3>{move || console_text(locale.get()).roles}</h3>
            {Role::ALL.iter().map(|role| {
                let role = *role;
                let next = RwSignal::new(String::new());
                let holder = move || {
                    incident.with(|i| i.as_ref().and_then(|i| i.holder(role)).map(|a| a.holder.clone()))
                        .unwrap_or_else(|| text(locale.get()).nobody.to_string())
                };
                view! {
                    <form class="role" data-role=role.as_str() on:submit=move |ev| {
                        ev.prevent_default();
                        let name = next.get_untracked().trim().to_string();
                        if !name.is_empty() {
                            on_hand_over.run((role, name));
                            next.set(String::new());
                        }
                    }>
                        <span>{move || role.label(locale.get())} ": " <strong>{holder}</strong></span>
                        <input type="text" data-testid=format!("role-{}", role.as_str())
                            aria-label=move || format!("{} → ", role.label(locale.get()))
                            prop:value=move || next.get() on:input=move |ev| next.set(event_target_value(&ev)) />
                        <button type="submit">{move || console_text(locale.get()).hand_over_button}</button>
                    </form>
                }
            }).collect_view()}
        </section>
    }
}

//! The status of every component, grouped as the page lists them.

use herald_domain::{Component, Label};
use leptos::prelude::*;

use crate::locale::use_locale;

/// Every component with its current status, under its group heading.
#[component]
pub fn ComponentList(
    /// Components in display order.
    #[prop(into)]
    components: Signal<Vec<Component>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="components" data-testid="components">
            <h2>"Components"</h2>
            <ul>
                <For each=move || components.get() key=|c| (c.id.clone(), c.status) let:component>
                    <li class="component" data-component-id=component.id.clone()>
                        <span class="component-name">
                            {component.group.clone().map(|g| view! { <span class="component-group">{g} " / "</span> })}
                            <bdi>{component.name.clone()}</bdi>
                        </span>
                        <span class=format!("component-status status-{}", component.status.as_str())>
                            {move || component.status.label(locale.get())}
                        </span>
                    </li>
                </For>
            </ul>
        </section>
    }
}

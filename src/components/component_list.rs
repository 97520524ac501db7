//! The status of every component, grouped as the page lists them.

use herald_domain::{Component, Label, Locale};
use leptos::prelude::*;

use crate::locale::use_locale;
use crate::text::text;

/// Every component with its current status, under its group heading.
#[component]
pub fn ComponentList(
    /// Components in display order.
    #[prop(into)]
    components: Signal<Vec<Component>>,
    /// The page's language: a name without a translation in the reader's is shown in it.
    page: Locale,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="components" data-testid="components">
            <h2>{move || text(locale.get()).components}</h2>
            <ul>
                <For each=move || components.get() key=|c| (c.id.clone(), c.status) let:component>
                    <li class="component" data-component-id=component.id.clone()>
                        <span class="component-name">
                            {component.group.is_some().then(|| {
                                let component = component.clone();
                                view! { <span class="component-group"><bdi>{move || component.group_in(locale.get(), page).map(str::to_string)}</bdi> " / "</span> }
                            })}
                            <bdi>{let component = component.clone(); move || component.name_in(locale.get(), page).to_string()}</bdi>
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

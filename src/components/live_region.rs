//! A screen-reader live region: new updates are announced as they arrive, without moving focus.

use leptos::prelude::*;

/// A polite, visually hidden region whose text is read out when it changes.
#[component]
pub fn LiveRegion(
    /// The latest announcement.
    #[prop(into)]
    message: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
            {move || message.get()}
        </div>
    }
}

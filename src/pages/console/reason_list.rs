//! Why a form cannot be sent yet, one reason a line, each with a stable word for tests.

use leptos::prelude::*;

/// Why the form cannot be sent yet, one reason a line.
#[component]
pub fn ReasonList(
    /// Each reason's stable word and its text.
    #[prop(into)]
    reasons: Signal<Vec<(String, String)>>,
    /// The line above them.
    #[prop(into)]
    heading: Signal<&'static str>,
    /// The list's test id, also its element id, so a disabled button can point at it.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="blockers" aria-live="polite">
            {move || reasons.with(|r| !r.is_empty()).then(|| view! { <p>{heading.get()}</p> })}
            <ul data-testid=testid id=testid>
                {move || reasons.get().into_iter().map(|(id, text)| view! { <li data-testid="blocker" data-blocker=id>{text}</li> }).collect_view()}
            </ul>
        </div>
    }
}

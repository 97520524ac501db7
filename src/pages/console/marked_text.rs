//! The customer text with each finding of the comms check marked where it was found.

use herald_domain::comms_check::Finding;
use leptos::prelude::*;

/// The public text with each finding marked where it was found.
#[component]
pub fn MarkedText(
    /// The text.
    #[prop(into)]
    text: Signal<String>,
    /// What the check found in it.
    #[prop(into)]
    findings: Signal<Vec<Finding>>,
) -> impl IntoView {
    move || {
        let text = text.get();
        let mut spans: Vec<(usize, usize, &'static str)> = findings.with(|f| {
            f.iter()
                .filter(|f| f.span.start < f.span.end)
                .map(|f| (f.span.start, f.span.end, f.rule.id()))
                .collect()
        });
        if spans.is_empty() {
            return ().into_any();
        }
        herald_domain::ranked::sort_by_compare(&mut spans, Ord::cmp);
        let mut pieces = Vec::new();
        let mut at = 0;
        for (start, end, rule) in spans {
            if start < at
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            pieces.push(text[at..start].to_string().into_any());
            pieces.push(
                view! { <mark data-rule=rule>{text[start..end].to_string()}</mark> }.into_any(),
            );
            at = end;
        }
        pieces.push(text[at..].to_string().into_any());
        view! { <p class="marked-text" data-testid="marked-text" aria-hidden="true">{pieces}</p> }
            .into_any()
    }
}

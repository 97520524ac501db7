//! The comms check's findings, each with why it matters and a fix to apply in one click.

use herald_domain::comms_check::{Finding, Level};
use leptos::prelude::*;

use crate::locale::use_locale;
use crate::text::{console_text, fix_preview};

/// The findings for the text being written.
#[component]
pub fn CheckFindings(
    /// The findings, in order of position.
    #[prop(into)]
    findings: Signal<Vec<Finding>>,
    /// The text they were found in.
    #[prop(into)]
    text: Signal<String>,
    /// Called with the text after a fix is applied.
    on_fix: Callback<String>,
    /// Called to show a finding in the text.
    on_select: Callback<Finding>,
    /// The section's `data-testid`: a second language's check has its own.
    #[prop(default = "check")]
    testid: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let t = console_text(locale);
        let list = findings.get();
        // Regression (comms check issue): an empty box said "the text reads well".
        if text.with(|t| t.trim().is_empty()) {
            return view! { <section class="check" data-testid=testid><h3>{t.check}</h3><p class="quiet" data-testid="check-empty">{t.check_empty}</p></section> }.into_any();
        }
        if list.is_empty() {
            return view! { <section class="check" data-testid=testid><h3>{t.check}</h3><p class="quiet" data-testid="check-clean">{t.check_clean}</p></section> }.into_any();
        }
        let items = list
            .into_iter()
            .map(|finding| {
                let level = finding.level.as_str();
                let level_word = if finding.level == Level::Error { t.error } else { t.warning };
                let found = text.with_untracked(|text| {
                    text.get(finding.span.clone()).map(str::to_string).unwrap_or_default()
                });
                let fix = finding.fix.clone();
                let preview = fix.as_ref().map(|fix| {
                    let old = text.with_untracked(|text| text.get(fix.span.clone()).unwrap_or_default().to_string());
                    fix_preview(&old, &fix.replacement, locale)
                });
                let selected = finding.clone();
                view! {
                    <li class=format!("finding level-{level}") data-testid="finding" data-rule=finding.rule.id()>
                        <p>
                            <span class=format!("badge level-{level}")>{level_word}</span> " "
                            <strong>{finding.rule.title(locale)}</strong>
                            {(!found.is_empty()).then(|| view! { " · " <q>{found}</q> })}
                        </p>
                        <p class="why">{finding.rule.why(locale)}</p>
                        // In the console's language, quoting words to write in the text's.
                        <p class="advice">{finding.advice_for(locale)}</p>
                        {preview.map(|p| view! { <p class="fix-preview" data-testid="fix-preview" dir="auto">{p}</p> })}
                        <p class="actions">
                            {fix.map(|fix| view! {
                                <button type="button" data-testid="apply-fix" on:click=move |_| {
                                    on_fix.run(text.with_untracked(|text| fix.apply(text)));
                                }>{t.apply_fix}</button>
                            })}
                            <button type="button" data-testid="show-finding" on:click=move |_| on_select.run(selected.clone())>{t.show_in_text}</button>
                        </p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="check" data-testid=testid aria-live="polite">
                <h3>{t.check}</h3>
                <ul class="findings">{items}</ul>
            </section>
        }
        .into_any()
    }
}

//! What was tried and how it went, recorded with the responders' note so the catch-up card
//! can say it and a late joiner does not try it again.

use herald_domain::draft::Action;
use herald_domain::Outcome;
use leptos::prelude::*;

use super::state::ConsoleState;
use super::words::words;
use crate::locale::use_locale;

/// What was tried, recorded with the responders' note so the catch-up card can say it.
#[component]
pub fn Attempts(
    /// The console.
    console: ConsoleState,
) -> impl IntoView {
    let locale = use_locale();
    let action = RwSignal::new(String::new());
    let outcome = RwSignal::new(Outcome::Pending);
    let outcomes = [
        Outcome::Pending,
        Outcome::Helped,
        Outcome::NoEffect,
        Outcome::MadeWorse,
    ];
    let add = move || {
        let text = action.get_untracked();
        if !text.trim().is_empty() {
            console.act(Action::AddAttempt(text, outcome.get_untracked()));
            action.set(String::new());
        }
    };
    // Rebuilt only when the page language changes, so labels are plain text; values live
    // in signals, so nothing typed is lost.
    move || {
        let locale = locale.get();
        let w = words(locale);
        view! {
        <fieldset class="attempts" data-testid="tried">
            <legend>{w.tried}</legend>
            <ul data-testid="tried-list">
                {move || console.draft.with(|d| d.as_ref().map(|d| d.tried.clone()).unwrap_or_default()).into_iter().enumerate().map(|(i, a)| view! {
                    <li data-testid="tried-item">{a.action} " · " {herald_domain::Label::label(&a.outcome, locale)} " "
                        <button type="button" class="link" on:click=move |_| console.act(Action::RemoveAttempt(i))>{w.remove}</button>
                    </li>
                }).collect_view()}
            </ul>
            <input type="text" data-testid="tried-action" aria-label=w.tried placeholder=w.tried_placeholder
                prop:value=move || action.get() on:input=move |ev| action.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add(); } />
            <select data-testid="tried-outcome" aria-label=w.tried_outcome prop:value=move || outcome.get().as_str()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(o) = outcomes.into_iter().find(|o| o.as_str() == value) { outcome.set(o); }
                }>
                {outcomes.into_iter().map(|o| view! { <option value=o.as_str() selected=move || outcome.get() == o>{herald_domain::Label::label(&o, locale)}</option> }).collect_view()}
            </select>
            <button type="button" data-testid="tried-add" on:click=move |_| add()>{w.tried_add}</button>
        </fieldset>
        }.into_any()
    }
}

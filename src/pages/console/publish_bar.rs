//! Publishing: the override when the check blocks, someone else's update first, the server's
//! reason for a refusal, every reason Publish is off, and the holding update's confirmation.

use herald_domain::comms_check::blocks_publishing;
use herald_domain::draft::Action;
use herald_domain::TemplateKind;
use leptos::prelude::*;

use super::reasons;
use super::state::ConsoleState;
use super::words::words;
use crate::locale::use_locale;
use crate::text::console_text;

/// The publish row and what goes with it.
#[component]
pub fn PublishBar(
    /// The console.
    console: ConsoleState,
    /// Set when the holding update was asked for: it goes out only after a confirmation.
    holding_armed: RwSignal<bool>,
    /// Publishes the draft.
    on_publish: Callback<()>,
    /// Publishes the holding update once confirmed.
    on_confirm_holding: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let blocked = Memo::new(move |_| console.findings.with(|f| blocks_publishing(f)));
    let draft_has = move |f: &dyn Fn(&herald_domain::draft::Draft) -> bool| {
        console.draft.with(|d| d.as_ref().is_some_and(f))
    };
    let holding = Memo::new(move |_| {
        holding_armed.get() && draft_has(&|d| d.template == Some(TemplateKind::Holding))
    });
    // The confirmation appears below the fold at 1280x900: it is brought into view, and the
    // keyboard is taken to its button.
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if holding.get() {
            if let Some(button) = confirm_button.get() {
                button.scroll_into_view();
                let _ = button.focus();
            }
        }
    });
    // Rebuilt only when the page language changes, so labels are plain text; values live
    // in signals, so nothing typed is lost.
    move || {
        let locale = locale.get();
        let w = words(locale);
        let t = console_text(locale);
        view! {
        <Show when=move || blocked.get()>
            <div class="override" data-testid="override">
                <label><input type="checkbox" data-testid="override-toggle"
                    prop:checked=move || draft_has(&|d| d.override_on)
                    on:change=move |ev| console.act(Action::SetOverride(event_target_checked(&ev))) />
                    " " {t.override_label}</label>
                <input type="text" data-testid="override-reason" placeholder=t.override_reason maxlength="500"
                    prop:value=move || console.draft.with(|d| d.as_ref().map(|d| d.override_reason.clone()).unwrap_or_default())
                    on:input=move |ev| console.act(Action::SetOverrideReason(event_target_value(&ev))) />
            </div>
        </Show>
        {move || console.draft.with(|d| d.as_ref().and_then(|d| d.refusal.clone())).map(|reason| view! {
            <p class="banner error" data-testid="refusal" role="alert">{w.refused} " " {reason}</p>
        })}
        <Show when=move || console.conflict.with(|c| !c.is_empty())>
            <div class="conflict" data-testid="conflict" role="alert">
                <p><strong>{t.conflict}</strong></p>
                <ul>
                    {move || console.conflict.get().into_iter().map(|u| view! {
                        <li><strong dir="auto">{u.author.clone()}</strong> ": " <bdi>{u.text.clone()}</bdi></li>
                    }).collect_view()}
                </ul>
                <button type="button" data-testid="send-anyway" on:click=move |_| {
                    console.accept_conflict();
                    on_publish.run(());
                }>{t.send_anyway}</button>
                <button type="button" on:click=move |_| console.conflict.set(Vec::new())>{t.keep_editing}</button>
            </div>
        </Show>
        <Show when=move || holding.get()>
            <div class="holding-confirm" data-testid="holding-confirm" role="status">
                <p>{w.holding_confirm}</p>
                <button type="button" class="publish" data-testid="holding-confirm-publish" node_ref=confirm_button
                    prop:disabled=move || !console.blockers.with(Vec::is_empty)
                    aria-describedby="publish-blockers"
                    on:click=move |_| on_confirm_holding.run(())>{w.holding_publish}</button>
                <button type="button" data-testid="holding-cancel" on:click=move |_| holding_armed.set(false)>{w.cancel}</button>
            </div>
        </Show>
        <div class="publish-row">
            <button type="button" class="publish" data-testid="publish"
                prop:disabled=move || !console.blockers.with(Vec::is_empty) || holding.get()
                aria-describedby="publish-blockers"
                on:click=move |_| on_publish.run(())>
                {t.publish} <kbd>"Ctrl+Enter"</kbd>
            </button>
            <span class="hint">{t.shortcuts}</span>
        </div>
        <ul class="blockers" id="publish-blockers" data-testid="publish-blockers" aria-live="polite">
            {move || {
                console.blockers.get().iter().map(|b| view! {
                    <li data-testid="blocker" data-blocker=reasons::blocker_id(b)>{reasons::blocker(b, locale)}</li>
                }).collect_view()
            }}
        </ul>
        }.into_any()
    }
}

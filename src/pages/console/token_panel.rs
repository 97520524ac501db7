//! The write token: entered once, checked with the server at once, with where it is kept.

use leptos::prelude::*;

use super::words::words;
use crate::components::MarkdownSummary;
use crate::hooks::{TokenState, UseWriteTokenReturn};
use crate::locale::use_locale;
use crate::text::console_text;

/// The token form, or the token in use with what the server said of it.
#[component]
pub fn TokenPanel(
    /// The write token.
    token: UseWriteTokenReturn,
    /// Where the server keeps it, when it is a demo that says so.
    kept_in: Signal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let input = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let status = move || {
        let w = words(locale.get());
        let state = token.state.get();
        let text = match &state {
            TokenState::Missing => return None,
            TokenState::Checking => w.token_checking.to_string(),
            TokenState::Valid => w.token_valid.to_string(),
            TokenState::Refused(reason) => format!("{} {reason}", w.token_refused),
            TokenState::Unreachable(reason) => format!("{} {reason}", w.token_unreachable),
        };
        let class = format!("token-status state-{}", state.as_str());
        Some(
            view! { <p class=class data-testid="token-status" data-state=state.as_str() role="status">{text}</p> },
        )
    };
    view! {
        <section class="token-panel" data-testid="token-panel">
            {move || {
                let t = console_text(locale.get());
                match token.token.get() {
                    Some(_) => view! {
                        <p>{t.token_set} " "
                            <button type="button" data-testid="forget-token" on:click=move |_| token.forget.run(())>{t.forget_token}</button>
                        </p>
                    }.into_any(),
                    None => view! {
                        <form class="token-form" on:submit=move |ev| {
                            ev.prevent_default();
                            token.enter.run((input.get_untracked(), remember.get_untracked()));
                            input.set(String::new());
                        }>
                            <label>{t.token_label} " "
                                <input type="password" data-testid="token-input" autocomplete="off"
                                    prop:value=move || input.get()
                                    on:input=move |ev| input.set(event_target_value(&ev)) />
                            </label>
                            <label class="remember"><input type="checkbox" prop:checked=move || remember.get()
                                on:change=move |ev| remember.set(event_target_checked(&ev)) /> " " {t.remember_token}</label>
                            <button type="submit" data-testid="token-save">{t.use_token}</button>
                            <p class="hint" data-testid="token-hint">{move || {
                                let w = words(locale.get());
                                // The hint's `quoted` parts (a file, a line of it) are Markdown code,
                                // rendered as every update text is; a backtick in the path would end one.
                                let hint = match kept_in.get() {
                                    Some(file) => w.token_kept_in.replace("{file}", &file.replace('`', "'")),
                                    None => w.token_hint.to_string(),
                                };
                                view! { <MarkdownSummary text=hint limit=usize::MAX /> }
                            }}</p>
                        </form>
                    }.into_any(),
                }
            }}
            {status}
        </section>
    }
}

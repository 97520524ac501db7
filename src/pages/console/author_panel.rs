//! Who is writing: asked once per tab, shown beside every publish, never assumed.

use leptos::prelude::*;

use super::kept::save_author;
use super::words::words;
use crate::locale::use_locale;

/// The writer's name, or the form that asks for it.
#[component]
pub fn AuthorPanel(
    /// The name updates are signed with.
    author: RwSignal<String>,
) -> impl IntoView {
    let locale = use_locale();
    let input = RwSignal::new(String::new());
    move || {
        let w = words(locale.get());
        let name = author.get();
        if name.trim().is_empty() {
            view! {
                <form class="author-form" data-testid="author-panel" on:submit=move |ev| {
                    ev.prevent_default();
                    let value = input.get_untracked().trim().to_string();
                    if !value.is_empty() {
                        save_author(&value);
                        author.set(value);
                    }
                }>
                    <label>{w.author_label} " "
                        <input type="text" data-testid="author-input" autocomplete="name" maxlength="120" dir="auto"
                            prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" data-testid="author-save">{w.author_save}</button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p class="author" data-testid="author-panel">{w.author_as} " " <strong data-testid="author-name" dir="auto">{name.clone()}</strong> " "
                    <button type="button" class="link" data-testid="author-change" on:click=move |_| {
                        input.set(author.get_untracked());
                        author.set(String::new());
                    }>{w.author_change}</button>
                </p>
            }
            .into_any()
        }
    }
}

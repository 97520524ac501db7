//! The root component: language, clock and which page the address asks for.

use herald_domain::Locale;
use leptos::prelude::*;

use crate::hooks::provide_clock;
use crate::locale::provide_locale;
use crate::pages::{ConsolePage, FeedPage, SupportPage};
use crate::storage;
use crate::text::text;

/// The viewer's language: their earlier choice, else the browser's first language.
fn initial_locale() -> Locale {
    if let Some(tag) = storage::load(storage::LOCALE_KEY) {
        return Locale::from_tag(&tag);
    }
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map_or(Locale::En, |tag| Locale::from_tag(&tag))
}

/// Language and clock for every page, and the document's `lang` kept in step.
fn provide_shell() {
    let locale = provide_locale(initial_locale());
    provide_clock();
    // The document's language follows the choice, for screen readers and fonts.
    Effect::new(move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", locale.get().tag());
        }
    });
}

/// Herald's internal feed for responders (the `herald` bundle).
#[component]
pub fn App() -> impl IntoView {
    provide_shell();
    view! { <FeedPage /> }
}

/// The communications lead's console (the `herald-console` bundle, served at `/console/`).
#[component]
pub fn ConsoleApp() -> impl IntoView {
    provide_shell();
    view! { <ConsolePage /> }
}

/// The support kit (the `herald-support` bundle, served at `/support/`).
#[component]
pub fn SupportApp() -> impl IntoView {
    provide_shell();
    view! { <SupportPage /> }
}

/// The button that switches between English and Chinese, remembering the choice.
#[component]
pub fn LocaleSwitch() -> impl IntoView {
    let locale = crate::locale::use_locale_signal();
    let switch = move |_| {
        let next = match locale.get_untracked() {
            Locale::En => Locale::ZhCn,
            Locale::ZhCn => Locale::En,
        };
        storage::save(storage::LOCALE_KEY, next.tag());
        locale.set(next);
    };
    view! {
        // Labelled "Page language" so it is told apart from a customer-language control on the
        // same page. The button's visible name is the other language's own name, which is also
        // its accessible name (screen readers announce what sighted users read).
        <div class="locale">
            <span class="locale-label" id="locale-label">{move || text(locale.get()).language}</span>
            <button type="button" class="locale-switch" data-testid="locale-switch"
                aria-describedby="locale-label"
                lang=move || match locale.get() { Locale::En => "zh-CN", Locale::ZhCn => "en" }
                on:click=switch>
                {move || text(locale.get()).other_language}
            </button>
        </div>
    }
}

//! The viewer's language, shared through context.

use herald_domain::Locale;
use leptos::prelude::*;

/// The language every component renders in; switching it re-renders the labels.
#[derive(Debug, Clone, Copy)]
pub struct LocaleContext(pub RwSignal<Locale>);

/// Provides the language for the tree below, starting from `initial`.
pub fn provide_locale(initial: Locale) -> RwSignal<Locale> {
    let locale = RwSignal::new(initial);
    provide_context(LocaleContext(locale));
    locale
}

/// The language to render in; English when nothing above provided one.
pub fn use_locale() -> Signal<Locale> {
    match use_context::<LocaleContext>() {
        Some(LocaleContext(locale)) => locale.into(),
        None => Signal::stored(Locale::default()),
    }
}

/// The language signal itself, for the switch that changes it.
///
/// # Panics
/// When no language was provided above, which `App` always does.
pub fn use_locale_signal() -> RwSignal<Locale> {
    use_context::<LocaleContext>()
        .map(|LocaleContext(locale)| locale)
        .expect("App provides the locale")
}

//! A published text in the reader's language: its translation when one was published, else
//! the text as written, in its own language, after a note that says so.

use herald_domain::translation::{fallback_note, Localized};
use herald_domain::{Locale, Update};
use leptos::prelude::*;

use super::MarkdownText;

/// `shown` (what [`herald_domain::Update::text_for`] chose for `reader`) as Markdown, marked
/// with its language so screen readers and fonts follow it, after the fallback note.
pub fn published_text(shown: Localized<'_>, reader: Locale) -> impl IntoView {
    let note = shown.fallback.then(|| {
        view! {
            <p class="fallback-note" data-testid="fallback-note" lang=reader.tag()>{fallback_note(reader, shown.language)}</p>
        }
    });
    view! {
        <div class="published-text" lang=shown.language.tag() dir="auto">
            {note}
            <MarkdownText text=shown.text.to_string() />
        </div>
    }
}

/// An update's text for `reader`: a public update as [`published_text`] chooses it, an
/// internal note without the fallback note, since responders write notes in one language and
/// a note on every one would drown the timeline.
pub fn update_text(update: &Update, reader: Locale, page: Locale) -> impl IntoView {
    let mut shown = update.text_for(reader, page);
    shown.fallback &= update.is_public();
    published_text(shown, reader)
}

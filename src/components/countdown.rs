//! The one live countdown to a promised update, shared by the catch-up card and the console's
//! cadence clock: the only part of either that follows the ticking clock.

use herald_domain::{CadenceClock, Due};
use leptos::prelude::*;

use crate::hooks::use_clock;
use crate::locale::use_locale;
use crate::text;

/// A `<p role="timer">` holding `children` (what is owed, when), then "due in 4 min 54 s" or
/// "overdue by 3 min"; its class gains `overdue` once the promise has passed.
#[component]
pub fn Countdown(
    /// The promise counted down to.
    clock: CadenceClock,
    /// The paragraph's class before `overdue` is added.
    class: &'static str,
    /// The paragraph's `data-testid`.
    testid: &'static str,
    /// What comes before the countdown: a label and the due time.
    children: Children,
) -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    let due = Memo::new(move |_| clock.at(now.get()));
    let class = move || match due.get() {
        Due::In(_) => class.to_owned(),
        Due::Overdue(_) => format!("{class} overdue"),
    };
    view! {
        <p class=class data-testid=testid role="timer">
            {children()} " · " {move || text::countdown(due.get(), locale.get())}
        </p>
    }
}

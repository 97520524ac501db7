//! The cadence clock for the lead: when the next public update is owed, plainly late when it
//! is, a one-click holding update, and an optional reminder shortly before.

use herald_domain::{CadenceClock, Incident};
use leptos::prelude::*;

use super::{customer_time, Countdown};
use crate::hooks::use_clock;
use crate::locale::use_locale;
use crate::text::{self, console_text};

/// Seconds before the due time at which the reminder fires.
const REMIND_BEFORE: i64 = 120;

/// The clock and the holding-update button.
#[component]
pub fn CadencePanel(
    /// The incident being written for.
    #[prop(into)]
    incident: Signal<Option<Incident>>,
    /// Fills the composer with a checked holding update.
    on_holding: Callback<()>,
    /// The zone the customer text writes its times in: the due time is shown as the text says
    /// it, zone named.
    #[prop(into, optional)]
    zone: Signal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    let notify = RwSignal::new(false);
    let reminded_for = StoredValue::new(None::<chrono::DateTime<chrono::Utc>>);
    // The browser notification is the world outside; fire it once per due time.
    Effect::new(move |_| {
        let now = now.get();
        if !notify.get() {
            return;
        }
        let Some(clock) = incident.with(|i| i.as_ref().and_then(CadenceClock::for_incident)) else {
            return;
        };
        let left = (clock.due_at - now).num_seconds();
        if (0..=REMIND_BEFORE).contains(&left) && reminded_for.get_value() != Some(clock.due_at) {
            reminded_for.set_value(Some(clock.due_at));
            let _ = web_sys::Notification::new(console_text(locale.get_untracked()).notify_text);
        }
    });
    let clock =
        Memo::new(move |_| incident.with(|i| i.as_ref().and_then(CadenceClock::for_incident)));
    // Only the clock's line follows the ticking clock; the button and the checkbox stay put, so
    // a keyboard user's focus is never taken away every second.
    let line = move || {
        let locale = locale.get();
        match clock.get() {
            Some(clock) => view! {
                <Countdown clock=clock class="clock" testid="cadence-clock">
                    <strong>{customer_time(clock.due_at, &zone.get().unwrap_or_else(|| "UTC".into()), locale, chrono::Utc::now())}</strong>
                </Countdown>
            }
            .into_any(),
            None => view! { <p class="quiet" data-testid="cadence-clock">{text::text(locale).no_update_owed}</p> }.into_any(),
        }
    };
    move || {
        let locale = locale.get();
        let t = console_text(locale);
        view! {
            <section class="cadence" data-testid="cadence">
                <h3>{t.cadence}</h3>
                {line}
                // Nothing owed (a resolved incident): no holding update and no reminder to offer.
                <Show when=move || clock.with(Option::is_some)>
                    <button type="button" data-testid="holding-update" on:click=move |_| on_holding.run(())>{t.holding}</button>
                    <label class="notify"><input type="checkbox" data-testid="notify"
                        prop:checked=move || notify.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            if on {
                                let _ = web_sys::Notification::request_permission();
                            }
                            notify.set(on);
                        } /> " " {t.notify}</label>
                </Show>
            </section>
        }
        .into_any()
    }
}

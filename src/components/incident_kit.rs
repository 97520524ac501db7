//! One incident in the support kit: the current public wording and the ready replies in the
//! customer's language, on the page's clock, so a promise that passes while the agent has the
//! page open is flagged then, not at the next feed version.

use chrono::{DateTime, Utc};
use herald_domain::support::{support_replies, Channel};
use herald_domain::{Locale, PublicFeed, PublicIncident};
use leptos::prelude::*;

use crate::components::{customer_time, published_text, When};
use crate::hooks::use_clock;
use crate::locale::use_locale;
use crate::text::{support_text, SupportText};

/// One incident's wording and replies, for a customer who reads `customer`.
#[component]
pub fn IncidentKit(
    /// The public view of the feed: a reply can never quote an internal note.
    public: PublicFeed,
    /// The incident the customer asks about.
    incident: PublicIncident,
    /// The customer's language, which may differ from the agent's.
    customer: Locale,
    /// The agent's name, which signs the email reply.
    agent: RwSignal<String>,
) -> impl IntoView {
    let locale = use_locale();
    let clock = use_clock();
    // A reply's times carry their date when they are not today: that changes at most once a
    // minute, so the replies are written again then, not every second.
    let minute = Memo::new(move |_| clock.get().timestamp() / 60);
    let page = public.page.language();
    let zone = public.page.zone_for(customer).to_string();
    let latest = incident.latest().clone();
    let title = incident.title_in(customer, page).to_string();
    let due = incident
        .next_update_due
        .filter(|_| incident.status.is_open());
    let resolved = !incident.status.is_open();
    let kit = StoredValue::new((public, incident, zone.clone()));
    // The time the customers were promised, as their language's text wrote it: never a time
    // of the kit's own.
    let page_time = move |at: DateTime<Utc>, now: DateTime<Utc>| {
        kit.with_value(|(_, _, zone)| customer_time(at, zone, customer, now))
    };
    let minute_start = move || DateTime::from_timestamp(minute.get() * 60, 0).unwrap_or_default();
    let replies = Memo::new(move |_| {
        let now = minute_start();
        agent.with(|agent| {
            kit.with_value(|(public, incident, _)| {
                support_replies(
                    public,
                    incident,
                    customer,
                    &|at| page_time(at, now),
                    Some(agent),
                )
            })
        })
    });
    let passed = Memo::new(move |_| due.is_some_and(|due| due <= clock.get()));
    let overdue = move || {
        let due = due.filter(|_| passed.get())?;
        Some(page_time(due, minute_start()))
    };
    let zone_signal = Signal::stored(zone);
    view! {
        <article class="incident support-kit" data-testid="support-incident" lang=customer.tag()>
            <h2 dir="auto">{title}</h2>
            {resolved.then(|| view! { <p class="quiet" data-testid="resolved-recently" lang=move || locale.get().tag()>{move || support_text(locale.get()).resolved_recently}</p> })}
            {move || overdue().map(|at| view! {
                <p class="warning" data-testid="promise-passed" role="alert" lang=move || locale.get().tag()>
                    {move || support_text(locale.get()).promise_passed} " " <strong>{at}</strong> " " {move || support_text(locale.get()).promise_passed_advice}
                </p>
            })}
            <section class="current-wording" data-testid="current-wording">
                <h3 lang=move || locale.get().tag()>{move || support_text(locale.get()).current_wording} " · " <When at=latest.at zone=zone_signal /></h3>
                {published_text(latest.text_for(customer, page), customer)}
            </section>
            <section class="replies">
                <h3 lang=move || locale.get().tag()>{move || support_text(locale.get()).replies}</h3>
                <div class="reply-grid">
                    {move || replies.get().into_iter().map(|reply| view! { <Reply channel=reply.channel text=reply.text /> }).collect_view()}
                </div>
            </section>
        </article>
    }
}

/// One ready reply with its copy button.
#[component]
fn Reply(channel: Channel, text: String) -> impl IntoView {
    let locale = use_locale();
    let (testid, channel_word): (_, fn(&SupportText) -> &'static str) = match channel {
        Channel::Chat => ("reply-chat", |t| t.channels.chat),
        Channel::Email => ("reply-email", |t| t.channels.email),
        Channel::Phone => ("reply-phone", |t| t.channels.phone),
    };
    let copied = RwSignal::new(false);
    let copy = text.clone();
    view! {
        <div class="reply" data-testid=testid>
            <h4 lang=move || locale.get().tag()>{move || channel_word(support_text(locale.get()))}</h4>
            <p class="reply-text" dir="auto">{text}</p>
            <button type="button" data-testid="copy" lang=move || locale.get().tag() on:click=move |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().clipboard().write_text(&copy);
                    copied.set(true);
                }
            }>{move || if copied.get() { support_text(locale.get()).copied } else { support_text(locale.get()).copy }}</button>
        </div>
    }
}

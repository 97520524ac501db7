//! The support kit: for each incident that is on, the current public wording, ready replies
//! for chat, email and phone in the customer's language with a copy button, and what not to
//! say. Built from the public view of the feed, so a reply can never quote an internal note.

use herald_domain::support::{do_not_say, support_replies, Channel};
use herald_domain::{Locale, PublicFeed, PublicIncident};
use leptos::prelude::*;

use crate::app::LocaleSwitch;
use crate::components::{customer_time, published_text, SyncBanner, When};
use crate::hooks::{use_feed, UseFeedOptions};
use crate::locale::use_locale;
use crate::text::{support_text, SupportText};

/// The support kit page.
#[component]
pub fn SupportPage() -> impl IntoView {
    let locale = use_locale();
    let sync = use_feed(UseFeedOptions::default());
    let public = Memo::new(move |_| {
        sync.state
            .with(|s| s.feed.as_ref().map(|f| PublicFeed::from_feed(f)))
    });
    // The customer's language, which may differ from the agent's.
    let reply_locale = RwSignal::new(None::<Locale>);
    let t = move || support_text(locale.get());
    view! {
        <div class="app support-page">
            <header class="page-header">
                <div>
                    <h1 data-testid="page-name" dir="auto">{move || public.with(|p| p.as_ref().map_or_else(|| "Herald".to_string(), |p| p.page.name.clone()))}</h1>
                    <p class="subtitle">{move || t().support_title}</p>
                </div>
                <div class="controls">
                    <label>{move || support_text(locale.get()).customer_language} " "
                        <select data-testid="reply-language" on:change=move |ev| {
                            reply_locale.set(Some(Locale::from_tag(&event_target_value(&ev))));
                        }>
                            <option value="en" selected=move || reply_locale.get().unwrap_or(locale.get()) == Locale::En>"English"</option>
                            <option value="zh-CN" selected=move || reply_locale.get().unwrap_or(locale.get()) == Locale::ZhCn>"简体中文"</option>
                        </select>
                    </label>
                    <LocaleSwitch />
                </div>
            </header>
            <main>
                <SyncBanner state=sync.state poll_seconds=sync.poll_seconds on_retry=sync.refresh />
                {move || public.get().map(|public| {
                    // Open incidents, and those resolved in the last day: tickets about them keep
                    // coming after the fix, and their "it is fixed" replies are what answers them.
                    let day_ago = chrono::Utc::now() - chrono::Duration::hours(24);
                    let open: Vec<PublicIncident> = public
                        .incidents
                        .iter()
                        .filter(|i| i.status.is_open() || i.resolved_at.is_some_and(|at| at > day_ago))
                        .cloned()
                        .collect();
                    let customer = reply_locale.get().unwrap_or(locale.get());
                    if open.is_empty() {
                        return view! { <p class="all-clear" data-testid="nothing-on">{t().nothing_on}</p> }.into_any();
                    }
                    open.into_iter().map(|incident| {
                        view! { <IncidentKit public=public.clone() incident=incident customer=customer /> }
                    }).collect_view().into_any()
                })}
                <section class="do-not-say" data-testid="do-not-say">
                    <h2>{move || t().do_not_say}</h2>
                    <ul>
                        {move || do_not_say(reply_locale.get().unwrap_or(locale.get())).iter().map(|item| view! {
                            <li><strong>{item.rule}</strong> <span class="why">{item.why}</span></li>
                        }).collect_view()}
                    </ul>
                </section>
            </main>
        </div>
    }
}

/// One incident's wording and replies.
#[component]
fn IncidentKit(public: PublicFeed, incident: PublicIncident, customer: Locale) -> impl IntoView {
    let locale = use_locale();
    let now = chrono::Utc::now();
    let page = public.page.language();
    let zone = public.page.zone_for(customer).to_string();
    // The time the customers were promised, as their language's text wrote it: never a time
    // of the kit's own.
    let page_time = |at| customer_time(at, &zone, customer, now);
    let replies = support_replies(&public, &incident, customer, &page_time);
    let latest = incident.latest().clone();
    let zone_signal = Signal::stored(public.page.time_zone.clone());
    let overdue = incident
        .next_update_due
        .filter(|due| *due <= now && incident.status.is_open())
        .map(&page_time);
    let resolved = !incident.status.is_open();
    view! {
        <article class="incident support-kit" data-testid="support-incident" lang=customer.tag()>
            <h2 dir="auto">{incident.title_in(customer, page).to_string()}</h2>
            {resolved.then(|| view! { <p class="quiet" data-testid="resolved-recently" lang=locale.get_untracked().tag()>{move || support_text(locale.get()).resolved_recently}</p> })}
            {overdue.map(|at| view! {
                <p class="warning" data-testid="promise-passed" role="alert" lang=locale.get_untracked().tag()>
                    {move || support_text(locale.get()).promise_passed} " " <strong>{at.clone()}</strong> " " {move || support_text(locale.get()).promise_passed_advice}
                </p>
            })}
            <section class="current-wording" data-testid="current-wording">
                <h3 lang=locale.get_untracked().tag()>{move || support_text(locale.get()).current_wording} " · " <When at=latest.at zone=zone_signal /></h3>
                {published_text(latest.text_for(customer, page), customer)}
            </section>
            <section class="replies">
                <h3>{move || support_text(locale.get()).replies}</h3>
                <div class="reply-grid">
                    {replies.into_iter().map(|reply| {
                        let (testid, channel_word): (_, fn(&SupportText) -> &'static str) = match reply.channel {
                            Channel::Chat => ("reply-chat", |t| t.channels.chat),
                            Channel::Email => ("reply-email", |t| t.channels.email),
                            Channel::Phone => ("reply-phone", |t| t.channels.phone),
                        };
                        let copied = RwSignal::new(false);
                        let text = reply.text.clone();
                        view! {
                            <div class="reply" data-testid=testid>
                                <h4>{move || channel_word(support_text(locale.get()))}</h4>
                                <p class="reply-text" dir="auto">{reply.text.clone()}</p>
                                <button type="button" data-testid="copy" on:click=move |_| {
                                    if let Some(window) = web_sys::window() {
                                        let _ = window.navigator().clipboard().write_text(&text);
                                        copied.set(true);
                                    }
                                }>{move || if copied.get() { support_text(locale.get()).copied } else { support_text(locale.get()).copy }}</button>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </section>
        </article>
    }
}

//! The support kit: for each incident that is on, the current public wording, ready replies
//! for chat, email and phone in the customer's language with a copy button, and what not to
//! say. Built from the public view of the feed, so a reply can never quote an internal note.

use herald_domain::support::do_not_say;
use herald_domain::{Locale, PublicFeed, PublicIncident};
use leptos::prelude::*;

use crate::app::LocaleSwitch;
use crate::components::{IncidentKit, SyncBanner};
use crate::hooks::{use_clock, use_feed, UseFeedOptions};
use crate::locale::use_locale;
use crate::storage;
use crate::sync::AnyStatusPage;
use crate::text::support_text;

/// The support kit page.
#[component]
pub fn SupportPage() -> impl IntoView {
    let locale = use_locale();
    // Support may answer from any status page, a Statuspage one too.
    let sync = use_feed::<AnyStatusPage>(UseFeedOptions::default());
    let public = Memo::new(move |_| {
        sync.state
            .with(|s| s.feed.as_ref().map(|f| PublicFeed::from_feed(f)))
    });
    // The customer's language, which may differ from the agent's.
    let reply_locale = RwSignal::new(None::<Locale>);
    // Remembered between visits: an agent signs every email with the same name.
    let agent = RwSignal::new(storage::load(storage::AGENT_KEY).unwrap_or_default());
    let clock = use_clock();
    // Open incidents, and those resolved in the last day: tickets about them keep coming
    // after the fix, and their "it is fixed" replies are what answers them. Held apart from
    // the clock's ticks so a kit is only built again when the list changes.
    let on = Memo::new(move |_| {
        let day_ago = clock.get() - chrono::Duration::hours(24);
        public.with(|p| {
            p.as_ref().map(|public| {
                let incidents: Vec<PublicIncident> = public
                    .incidents
                    .iter()
                    .filter(|i| i.status.is_open() || i.resolved_at.is_some_and(|at| at > day_ago))
                    .cloned()
                    .collect();
                (public.clone(), incidents)
            })
        })
    });
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
                    <label>{move || t().agent_name} " "
                        <input type="text" data-testid="agent-name" maxlength="80" autocomplete="name" value=agent.get_untracked()
                            on:change=move |ev| {
                                let name = event_target_value(&ev);
                                storage::save(storage::AGENT_KEY, &name);
                                agent.set(name);
                            } />
                    </label>
                    <LocaleSwitch />
                </div>
            </header>
            <main>
                <SyncBanner state=sync.state poll_seconds=sync.poll_seconds on_retry=sync.refresh />
                {move || on.get().map(|(public, open)| {
                    let customer = reply_locale.get().unwrap_or(locale.get());
                    if open.is_empty() {
                        return view! { <p class="all-clear" data-testid="nothing-on">{t().nothing_on}</p> }.into_any();
                    }
                    open.into_iter().map(|incident| {
                        view! { <IncidentKit public=public.clone() incident=incident customer=customer agent=agent /> }
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

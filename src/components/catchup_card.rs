//! The catch-up card: one open incident, everything a responder joining late needs to know
//! without asking anyone.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use herald_domain::catchup::Change;
use herald_domain::{Audience, CatchUp, Feed, Incident, Label, Locale, Update};
use leptos::prelude::*;

use super::{update_text, Countdown, MarkdownSummary, When};
use crate::hooks::use_clock;
use crate::locale::use_locale;
use crate::text::{self, text};

/// The card for `incident_id` in `feed`, with entries after version `seen` marked new.
// Leptos hands props over by value.
#[allow(clippy::needless_pass_by_value)]
#[component]
pub fn CatchUpCard(
    /// The feed the incident is read from (component names, the page's time zone).
    #[prop(into)]
    feed: Signal<Arc<Feed>>,
    /// Which incident.
    incident_id: String,
    /// The feed version the viewer last marked read; `None` on a first visit.
    #[prop(into)]
    seen: Signal<Option<u64>>,
    /// Called when the viewer marks everything read.
    #[prop(into)]
    on_mark_read: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let id = incident_id.clone();
    let incident =
        Memo::new(move |_| feed.with(|f| f.incidents.iter().find(|i| i.id == id).cloned()));
    let card = Memo::new(move |_| {
        incident
            .get()
            .map(|incident| feed.with(|f| CatchUp::new(f, &incident, seen.get(), locale.get())))
    });
    let zone = Signal::derive(move || feed.with(|f| f.page.time_zone.clone()));
    let t = move || text(locale.get());

    move || {
        let (Some(card), Some(incident)) = (card.get(), incident.get()) else {
            return ().into_any();
        };
        let locale_now = locale.get();
        let page = feed.with(|f| f.page.language());
        view! {
            <article class="incident catch-up" data-testid="incident" data-incident-id=card.incident_id.clone()>
                <header class="incident-header">
                    <h2 data-testid="incident-title" dir="auto">{card.title.clone()}</h2>
                    <div class="badges">
                        {card.new_to_viewer.then(|| view! {
                            <span class="badge new" data-testid="incident-new">{t().new_incident}</span>
                        })}
                        <span class=format!("badge status status-{}", card.status.as_str()) data-testid="incident-status">
                            {card.status.label(locale_now)}
                        </span>
                        {card.severity.map(|s| view! {
                            <span class="badge severity" data-testid="incident-severity">{s.label(locale_now)}</span>
                        })}
                        <span class=format!("badge impact impact-{}", card.impact.as_str()) data-testid="incident-impact">
                            {card.impact.label(locale_now)}
                        </span>
                    </div>
                </header>
                <dl class="facts">
                    <dt>{t().status}</dt>
                    <dd data-testid="status-since">{card.status.label(locale_now)} " " <StatusSince since=card.status_since /></dd>
                    <dt>{t().started}</dt>
                    <dd><When at=card.started_at zone=zone /></dd>
                    <dt>{t().affected}</dt>
                    <dd data-testid="affected">
                        {card.affected.iter().map(|c| view! {
                            <span class=format!("chip status-{}", c.status.as_str())>
                                <bdi>{c.name.clone()}</bdi> " · " {c.status.label(locale_now)}
                            </span>
                        }).collect_view()}
                    </dd>
                </dl>
                <NextUpdate card=card.clone() zone=zone />
                <section class="roles" data-testid="roles" aria-label=t().roles>
                    <h3>{t().roles}</h3>
                    <ul>
                        {card.roles.iter().map(|r| view! {
                            <li data-role=r.role.as_str()>
                                // Not `.role`: the console's role form has that class, and its
                                // flex layout put the holder on a line of its own.
                                <span class="role-name">{r.role.label(locale_now)}{t().label_colon}</span>
                                {match &r.holder {
                                    Some(holder) => view! { <strong dir="auto">{holder.clone()}</strong> }.into_any(),
                                    None => view! { <em class="gap">{t().nobody}</em> }.into_any(),
                                }}
                                {(!r.previous.is_empty()).then(|| view! {
                                    <span class="previous">{format!(" ({} {})", t().previously, r.previous.join(", "))}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
                <ChangedSince card=card.clone() incident=incident.clone() page=page zone=zone on_mark_read=on_mark_read />
                <div class="latest">
                    {latest(card.latest_public.clone(), Audience::Public, page, zone)}
                    {latest(card.latest_internal.clone(), Audience::Internal, page, zone)}
                </div>
                <section class="tried" data-testid="tried">
                    <h3>{t().tried}</h3>
                    {if card.tried.is_empty() {
                        view! { <p class="quiet">{t().nothing_tried}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {card.tried.iter().map(|tried| view! {
                                    <li class=format!("outcome-{}", tried.outcome.as_str())>
                                        {tried.action.clone()} " — " <strong>{tried.outcome.label(locale_now)}</strong>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </article>
        }
        .into_any()
    }
}

/// The cadence clock: a live countdown, or how late the update is.
#[component]
fn NextUpdate(
    card: CatchUp,
    /// The page's time zone: the promise is shown as the published text words it, beside the
    /// viewer's own time (a responder in Shanghai read "04:04" under a text saying "21:04 GMT+1").
    zone: Signal<String>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let t = text(locale);
        match card.next_update {
            Some(clock) => view! {
                <Countdown clock=clock class="next-update" testid="next-update">
                    <strong>{t.next_update} ": "</strong>
                    <When at=clock.due_at zone=zone />
                </Countdown>
            }
            .into_any(),
            None => {
                view! { <p class="next-update" data-testid="next-update">{t.no_update_owed}</p> }
                    .into_any()
            }
        }
    }
}

/// How long the status has held ("since 09:14 (35 min)"): the one line of the card's header
/// that follows the clock, so the card itself is built once per change of the feed.
#[component]
fn StatusSince(since: DateTime<Utc>) -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    move || {
        let locale = locale.get();
        text::since(
            // The reader's own clock, named, as every time they read starts with.
            &super::reader_time(since, locale, now.get()),
            (now.get() - since).num_seconds(),
            locale,
        )
    }
}

/// What changed since the viewer's last look, with a button to mark it read.
#[component]
fn ChangedSince(
    card: CatchUp,
    incident: Incident,
    /// The page's language, which a text without the viewer's is shown in.
    page: Locale,
    #[prop(into)] zone: Signal<String>,
    on_mark_read: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let t = text(locale);
        if card.changed.is_empty() {
            return view! { <p class="changed-since quiet" data-testid="changed-since">{t.nothing_new}</p> }.into_any();
        }
        let entries = card
            .changed
            .iter()
            .rev()
            .map(|change| match change {
                Change::Update(id) => {
                    let update = incident.updates.iter().find(|u| &u.id == id);
                    update.map(|u| {
                        let audience = u.audience.label(locale);
                        view! {
                            <li class=format!("audience-{}", u.audience.as_str())>
                                <span class="badge new">{t.new_marker}</span> " "
                                <span class="badge audience">{audience}</span> " "
                                <When at=u.at zone=zone /> " — " <span lang=u.text_for(locale, page).language.tag()><MarkdownSummary text=u.text_for(locale, page).text.to_string() /></span>
                            </li>
                        }
                        .into_any()
                    })
                }
                Change::HandOver { role, holder, since } => Some(
                    view! {
                        <li>
                            <span class="badge new">{t.new_marker}</span> " "
                            <When at=*since zone=zone /> " — " {text::hand_over(role.label(locale), holder, locale)}
                        </li>
                    }
                    .into_any(),
                ),
            })
            .collect_view();
        let heading = if card.first_visit {
            t.latest_changes
        } else {
            t.changed_since
        };
        let earlier = (card.earlier > 0).then(|| {
            view! {
                <p class="earlier-changes" data-testid="earlier-changes">
                    <a href="#timeline">{text::earlier_changes(card.earlier, locale)}</a>
                </p>
            }
        });
        view! {
            <section class="changed-since" data-testid="changed-since">
                <h3>{heading} <span class="count">{format!(" ({})", card.changed.len())}</span></h3>
                <ul>{entries}</ul>
                {earlier}
                <button type="button" data-testid="mark-read" on:click=move |_| on_mark_read.run(())>{t.mark_read}</button>
            </section>
        }
        .into_any()
    }
}

/// The latest update for one audience, or the plain fact that there is none.
fn latest(
    update: Option<Update>,
    audience: Audience,
    page: Locale,
    zone: Signal<String>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let t = text(locale);
        let (heading, testid, empty_testid, empty) = match audience {
            Audience::Public => (
                t.latest_public,
                "latest-public-update",
                "no-public-update",
                t.no_public_update,
            ),
            Audience::Internal => (
                t.latest_internal,
                "latest-internal-update",
                "no-internal-update",
                t.no_internal_update,
            ),
        };
        match update.clone() {
            Some(update) => view! {
                <section class=format!("latest-update audience-{}", update.audience.as_str()) data-testid=testid>
                    <h3>{heading}</h3>
                    <p class="meta">
                        <span class=format!("status-text status-{}", update.status.as_str())>{update.status.label(locale)}</span>
                        " · " <When at=update.at zone=zone /> " · " <bdi>{update.author.clone()}</bdi>
                    </p>
                    {update_text(&update, locale, page)}
                </section>
            }
            .into_any(),
            None => view! { <p class="quiet" data-testid=empty_testid>{empty}</p> }.into_any(),
        }
    }
}

//! The update as each audience will see it, side by side, before it is published.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use herald_domain::comms_check::Outlet;
use herald_domain::support::support_replies;
use herald_domain::{Command, Feed, Incident, Label, Locale, NewUpdate, PublicFeed};
use leptos::prelude::*;

use super::{customer_time, published_text, MarkdownText};
use crate::locale::use_locale;
use crate::text::console_text;

/// Four previews: the public page, the widget, a support reply, the internal feed.
// Four small views side by side read best in one place.
#[allow(clippy::too_many_lines)]
#[component]
pub fn AudiencePreviews(
    /// The feed as it is now.
    #[prop(into)]
    feed: Signal<Option<Arc<Feed>>>,
    /// The incident written for.
    #[prop(into)]
    incident: Signal<Option<Incident>>,
    /// The public update and internal note as they would be sent.
    #[prop(into)]
    proposed: Signal<(Option<NewUpdate>, Option<NewUpdate>)>,
    /// The language of the customer text: the readers previewed until the lead picks others.
    #[prop(into)]
    locale: Signal<Locale>,
    /// The page clock.
    #[prop(into)]
    now: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let ui = use_locale();
    // Which language's readers the previews show: a bilingual update reads differently to
    // each, and a one-language update shows the other readers its fallback note.
    let reader = RwSignal::new(None::<Locale>);
    // The feed as it would be after publishing, derived by the same code the server runs.
    let preview = Memo::new(move |_| {
        let (Some(feed), Some(incident)) = (feed.get(), incident.get()) else {
            return None;
        };
        let (public, internal) = proposed.get();
        if public.is_none() && internal.is_none() {
            return None;
        }
        let mut next = Feed::clone(&feed);
        let at = now.get_untracked();
        for mut update in [public, internal].into_iter().flatten() {
            // The writer's name is asked for at publishing; the previews need none.
            if update.author.trim().is_empty() {
                update.author = "…".into();
            }
            let version = next.version + 1;
            // What the server would refuse is said here, before Publish is pressed.
            if let Err(refused) = next.apply(
                &Command::AddUpdate {
                    incident: incident.id.clone(),
                    update,
                },
                at,
                version,
            ) {
                return Some(Err(refused.to_string()));
            }
        }
        Some(Ok(next))
    });
    move || {
        let t = console_text(ui.get());
        let next = match preview.get() {
            None => return view! { <section class="previews" data-testid="previews"><h2>{t.previews}</h2><p class="quiet">{t.nothing_to_preview}</p></section> }.into_any(),
            Some(Err(refused)) => return view! { <section class="previews" data-testid="previews"><h2>{t.previews}</h2><p class="error" data-testid="preview-refused">{t.cannot_preview} " " {refused}</p></section> }.into_any(),
            Some(Ok(next)) => next,
        };
        let locale = reader.get().unwrap_or_else(|| locale.get());
        let Some(incident_id) = incident.with(|i| i.as_ref().map(|i| i.id.clone())) else {
            return ().into_any();
        };
        let public = PublicFeed::from_feed(&next);
        let public_incident = public
            .incidents
            .iter()
            .find(|i| i.id == incident_id)
            .cloned();
        let page = next.page.clone();
        let page_language = page.language();
        let now = now.get_untracked();
        let page_time = move |at| customer_time(at, page.zone_for(locale), locale, now);
        let support = public_incident
            .as_ref()
            .and_then(|i| {
                support_replies(&public, i, locale, &page_time, None)
                    .into_iter()
                    .next()
            })
            .map(|reply| reply.text);
        let internal_entries: Vec<_> = next
            .incidents
            .iter()
            .find(|i| i.id == incident_id)
            .map(|i| {
                i.timeline()
                    .into_iter()
                    .take_while(|u| {
                        u.version.is_some_and(|v| {
                            v > feed.with_untracked(|f| f.as_ref().map_or(0, |f| f.version))
                        })
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let page_card = public_incident.clone().map(|i| {
            let latest = i.latest().clone();
            let shown = latest.text_for(locale, page_language);
            view! {
                <article class="preview-page" lang=locale.tag()>
                    <h4 dir="auto">{i.title_in(locale, page_language).to_string()}</h4>
                    <p class=format!("status-text status-{}", latest.status.as_str())><strong>{latest.status.label(locale)}</strong></p>
                    {published_text(shown, locale)}
                </article>
            }
        });
        let widget = public_incident.map(|i| {
            let text = i.latest().text_for(locale, page_language).text.to_string();
            let limit = Outlet::Widget.limit();
            let short: String = if text.chars().count() > limit {
                format!("{}…", text.chars().take(limit - 1).collect::<String>())
            } else {
                text
            };
            view! {
                <div class=format!("preview-widget indicator-{}", public.indicator.as_str()) lang=locale.tag()>
                    <strong>{public.indicator.label(locale)}</strong>
                    <p dir="auto">{i.title_in(locale, page_language).to_string()} " — " {short}</p>
                </div>
            }
        });
        view! {
            <section class="previews" data-testid="previews">
                <h2>{t.previews}</h2>
                <fieldset class="preview-reader" data-testid="preview-reader">
                    <legend>{t.preview_reader}</legend>
                    {Locale::ALL.into_iter().map(|l| view! {
                        <label class="choice"><input type="radio" name="preview-reader" data-testid=format!("preview-reader-{}", l.tag())
                            prop:checked=l == locale on:change=move |_| reader.set(Some(l)) />
                            " " {l.endonym()}</label>
                    }).collect_view()}
                </fieldset>
                <div class="preview-grid">
                    <div data-testid="preview-page"><h3>{t.preview_page}</h3>{page_card}</div>
                    <div data-testid="preview-widget"><h3>{t.preview_widget}</h3>{widget}</div>
                    <div data-testid="preview-support"><h3>{t.preview_support}</h3><p class="preview-support" lang=locale.tag() dir="auto">{support}</p></div>
                    <div data-testid="preview-internal"><h3>{t.preview_internal}</h3>
                        <ul class="entries">
                            {internal_entries.into_iter().map(|u| view! {
                                <li class=format!("entry audience-{}", u.audience.as_str())>
                                    <p class="meta"><span class=format!("badge audience audience-{}", u.audience.as_str())>{u.audience.label(ui.get())}</span>
                                        " " {u.status.label(ui.get())} " · " <bdi>{u.author.clone()}</bdi></p>
                                    <MarkdownText text=u.text.clone() />
                                </li>
                            }).collect_view()}
                        </ul>
                    </div>
                </div>
            </section>
        }
        .into_any()
    }
}

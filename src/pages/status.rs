//! The public status page: what customers and stakeholders see. It reads a public source
//! only (Herald's Statuspage-compatible API or any Statuspage `summary.json`), so it has no
//! internal text to leak.

use herald_domain::{Component, Label, Locale, MaintenanceStatus, PublicFeed, PublicIncident};
use leptos::prelude::*;

use crate::app::LocaleSwitch;
use crate::components::{published_text, SyncBanner, When};
use crate::hooks::{use_feed, UseFeedOptions};
use crate::locale::use_locale;
use crate::storage;
use crate::sync::{query_parameter, Source};
use crate::text::{status_text, StatusText};
use herald_domain::ranked::{at_rank, sort_by_rank};

/// The summary document to read: `?source=` or this server's own.
fn summary_url() -> String {
    query_parameter("source").unwrap_or_else(|| "/api/v2/summary.json".into())
}

fn public_source(url: String) -> Source {
    Source {
        feed_url: url,
        events_url: None,
        poll_seconds: 30,
        token: None,
        write_token_file: None,
    }
}

const THEME_KEY: &str = "herald:theme";

/// Applies a theme choice (`system`, `light`, `dark`) to the document.
fn apply_theme(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = if theme == "system" {
            root.remove_attribute("data-theme")
        } else {
            root.set_attribute("data-theme", theme)
        };
    }
}

/// The public status page.
#[component]
pub fn StatusPage() -> impl IntoView {
    let locale = use_locale();
    let summary_source = summary_url();
    let history_source = summary_source.replace("summary.json", "incidents.json");
    let own_api = summary_source.starts_with("/api/v2/");
    let current = use_feed(UseFeedOptions {
        source: Some(public_source(summary_source)),
        ..UseFeedOptions::default()
    });
    let history = use_feed(UseFeedOptions {
        source: Some(public_source(history_source)),
        ..UseFeedOptions::default()
    });
    let public = Memo::new(move |_| {
        current
            .state
            .with(|s| s.feed.as_ref().map(|f| PublicFeed::from_feed(f)))
    });
    let resolved = Memo::new(move |_| {
        history.state.with(|s| {
            s.feed
                .as_ref()
                .map(|f| {
                    let mut done: Vec<PublicIncident> = PublicFeed::from_feed(f)
                        .incidents
                        .into_iter()
                        .filter(|i| !i.status.is_open())
                        .collect();
                    sort_by_rank(&mut done, |i| -at_rank(i.latest().at));
                    done
                })
                .unwrap_or_default()
        })
    });
    let zone = Signal::derive(move || {
        public.with(|p| {
            p.as_ref()
                .map_or_else(|| "UTC".to_string(), |p| p.page.time_zone.clone())
        })
    });
    let page_language = Signal::derive(move || {
        public.with(|p| p.as_ref().map_or(Locale::En, |p| p.page.language()))
    });
    let theme = RwSignal::new(storage::load(THEME_KEY).unwrap_or_else(|| "system".into()));
    Effect::new(move |_| apply_theme(&theme.get()));
    let t = move || status_text(locale.get());

    view! {
        <div class="app status-page">
            <header class="page-header">
                <div>
                    <h1 data-testid="page-name">{move || public.with(|p| p.as_ref().map_or_else(|| "Status".to_string(), |p| p.page.name.clone()))}</h1>
                    <p class="subtitle">{move || t().subtitle}
                        {own_api.then(|| view! { " · " <a href=move || format!("/history.{}.atom", locale.get().tag()) data-testid="atom-link">{move || t().atom}</a> })}
                    </p>
                </div>
                <div class="controls">
                    <label class="theme">{move || t().theme} " "
                        <select data-testid="theme-select" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            storage::save(THEME_KEY, &value);
                            theme.set(value);
                        }>
                            {[
                                ("system", (|t: &StatusText| t.themes.system) as fn(&StatusText) -> &'static str),
                                ("light", |t| t.themes.light),
                                ("dark", |t| t.themes.dark),
                            ].into_iter().map(|(value, word)| view! {
                                <option value=value selected=move || theme.get() == value>{move || word(t())}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <LocaleSwitch />
                </div>
            </header>
            <main>
                <SyncBanner state=current.state poll_seconds=current.poll_seconds on_retry=current.refresh />
                {move || public.get().map(|public| {
                    let locale_now = locale.get();
                    let open: Vec<PublicIncident> = public.open_incidents().cloned().collect();
                    view! {
                        <section class=format!("overall indicator-{}", public.indicator.as_str()) data-testid="overall-status" role="status">
                            <h2>{public.indicator.label(locale_now)}</h2>
                        </section>
                        <section class="active-incidents" aria-label=t().active>
                            {open.into_iter().map(|incident| view! { <IncidentReport incident=incident zone=zone page=page_language /> }).collect_view()}
                        </section>
                        <Maintenances public=public.clone() zone=zone page=page_language />
                        <PublicComponents components=public.components.clone() page=page_language />
                    }
                })}
                <History resolved=resolved zone=zone page=page_language />
            </main>
        </div>
    }
}

/// Past incidents, newest first, each folded to its title.
#[component]
fn History(
    #[prop(into)] resolved: Signal<Vec<PublicIncident>>,
    #[prop(into)] zone: Signal<String>,
    #[prop(into)] page: Signal<Locale>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || status_text(locale.get());
    view! {
        <section class="history" data-testid="history">
                    <h2>{move || t().history}</h2>
                    {move || {
                        let list = resolved.get();
                        if list.is_empty() {
                            return view! { <p class="quiet">{t().no_history}</p> }.into_any();
                        }
                        let reader = locale.get();
                        list.into_iter().take(20).map(|incident| view! {
                            <details class="history-incident" data-testid="history-incident">
                                <summary>
                                    <strong dir="auto">{incident.title_in(reader, page.get()).to_string()}</strong> " · " <When at=incident.latest().at zone=zone />
                                </summary>
                                <Updates incident=incident.clone() zone=zone page=page />
                            </details>
                        }).collect_view().into_any()
                    }}
                </section>
    }
}

/// One active incident with its public updates, newest first.
#[component]
fn IncidentReport(
    incident: PublicIncident,
    #[prop(into)] zone: Signal<String>,
    #[prop(into)] page: Signal<Locale>,
) -> impl IntoView {
    let locale = use_locale();
    let status = incident.status;
    let impact = incident.impact.as_str();
    let for_title = incident.clone();
    let title = move || for_title.title_in(locale.get(), page.get()).to_string();
    view! {
        <article class="incident public-incident" data-impact=impact data-testid="public-incident">
            <header class="incident-header">
                <h3 data-testid="public-incident-title" dir="auto">{title}</h3>
                <span class=format!("badge status status-{}", status.as_str())>{move || status.label(locale.get())}</span>
            </header>
            <Updates incident=incident zone=zone page=page />
        </article>
    }
}

/// Public updates of an incident.
#[component]
fn Updates(
    incident: PublicIncident,
    #[prop(into)] zone: Signal<String>,
    #[prop(into)] page: Signal<Locale>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ol class="public-updates">
            {incident.updates.into_iter().map(|update| {
                let status = update.status;
                view! {
                    <li class="public-update" data-testid="public-update">
                        <p class="meta"><strong class=format!("status-text status-{}", status.as_str())>{move || status.label(locale.get())}</strong>
                            " · " <When at=update.at zone=zone /></p>
                        {move || published_text(update.text_for(locale.get(), page.get()), locale.get())}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Maintenances that are upcoming or under way.
#[component]
fn Maintenances(
    public: PublicFeed,
    #[prop(into)] zone: Signal<String>,
    #[prop(into)] page: Signal<Locale>,
) -> impl IntoView {
    let locale = use_locale();
    let current: Vec<_> = public
        .maintenances
        .iter()
        .filter(|m| !matches!(m.status, MaintenanceStatus::Completed))
        .cloned()
        .collect();
    (!current.is_empty()).then(|| {
        view! {
            <section class="maintenances" data-testid="maintenances">
                <h2>{move || status_text(locale.get()).maintenance}</h2>
                {current.into_iter().map(|m| {
                    let under_way = m.status.is_under_way();
                    view! {
                        <article class="maintenance" data-testid="maintenance">
                            <h3 dir="auto">{let m = m.clone(); move || m.title_in(locale.get(), page.get()).to_string()}</h3>
                            <p class="meta">
                                <strong>{move || if under_way { status_text(locale.get()).in_progress } else { status_text(locale.get()).scheduled }}</strong>
                                " · " <When at=m.window_start zone=zone /> " – " <When at=m.window_end zone=zone />
                            </p>
                            {let m = m.clone(); move || published_text(m.description_in(locale.get(), page.get()), locale.get())}
                        </article>
                    }
                }).collect_view()}
            </section>
        }
    })
}

/// Components under their group headings, in the page's order.
#[component]
fn PublicComponents(
    components: Vec<Component>,
    #[prop(into)] page: Signal<Locale>,
) -> impl IntoView {
    let locale = use_locale();
    let mut groups: Vec<(Option<String>, Vec<Component>)> = Vec::new();
    for component in components {
        match groups.iter_mut().find(|(g, _)| *g == component.group) {
            Some((_, members)) => members.push(component),
            None => groups.push((component.group.clone(), vec![component])),
        }
    }
    view! {
        <section class="components public-components" data-testid="public-components">
            <h2>{move || status_text(locale.get()).components}</h2>
            {groups.into_iter().map(|(group, members)| {
                let heading = members.first().cloned().filter(|_| group.is_some());
                view! {
                <div class="component-group-block">
                    {heading.map(|first| view! { <h3>{move || first.group_in(locale.get(), page.get()).unwrap_or_default().to_string()}</h3> })}
                    <ul>
                        {members.into_iter().map(|c| {
                            let status = c.status;
                            view! {
                                <li class="component" data-component-id=c.id.clone()>
                                    <span class="component-name" dir="auto">{let c = c.clone(); move || c.name_in(locale.get(), page.get()).to_string()}</span>
                                    <span class=format!("component-status status-{}", status.as_str())>{move || status.label(locale.get())}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }}).collect_view()}
        </section>
    }
}

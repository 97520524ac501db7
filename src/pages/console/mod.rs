//! The communications lead's console: open an incident, compose from a template, check while
//! typing, preview per audience, publish through the outbox, keep the cadence, hand roles over.
//!
//! The page only wires parts together. What the lead is writing is one
//! [`Draft`](herald_domain::draft::Draft) value; every control, the check, every preview and
//! every request are computed from it (see `state.rs`), so the screen and the write can never
//! disagree.

mod attempts;
mod author_panel;
mod component_changes;
mod composer;
mod delivery_line;
mod incident_picker;
mod incident_settings;
mod kept;
mod keyboard;
mod marked_text;
mod open_incident;
mod publish_bar;
mod publishing;
mod reason_list;
mod reasons;
mod site_status;
mod state;
mod token_panel;
mod words;

use herald_domain::declaration::Declaration;
use herald_domain::{IncidentChange, NewIncident, Role, RoleChange};
use leptos::prelude::*;

use crate::app::LocaleSwitch;
use crate::components::{AudiencePreviews, CadencePanel, OutboxList, RoleEditor, SyncBanner};
use crate::hooks::{use_feed, use_outbox, use_write_token, Queued, UseFeedOptions};
use crate::locale::use_locale;
use crate::sync::{HeraldOnly, Write};
use crate::text::console_text;

use author_panel::AuthorPanel;
use composer::Composer;
use delivery_line::DeliveryLine;
use incident_picker::IncidentPicker;
use incident_settings::IncidentSettings;
use open_incident::OpenIncident;
use publish_bar::PublishBar;
use site_status::SiteStatusLine;
use state::ConsoleState;
use token_panel::TokenPanel;

/// The console page.
// The page is its wiring: each callback is three lines of which part calls which.
#[allow(clippy::too_many_lines)]
#[component]
pub fn ConsolePage() -> impl IntoView {
    let locale = use_locale();
    // The console publishes through Herald's API: a Statuspage page is refused by name.
    let sync = use_feed::<HeraldOnly>(UseFeedOptions::default());
    let token = use_write_token(Signal::derive(move || {
        sync.state.with(|s| {
            s.source
                .as_ref()
                .map(|s| crate::sync::api_base(&s.feed_url))
        })
    }));
    let console = ConsoleState::new(sync.state, token);
    let outbox = use_outbox(console.base.into(), token.token, token.refused);
    console.wire_outbox(outbox);

    let hand_over = Callback::new(move |(role, holder): (Role, String)| {
        let Some(incident) = console.incident.get_untracked() else {
            return;
        };
        let change = IncidentChange {
            roles: vec![RoleChange {
                role,
                holder: holder.clone(),
            }],
            ..IncidentChange::default()
        };
        let t = console_text(locale.get_untracked());
        outbox.enqueue.run(vec![Queued {
            write: Write::change_incident(&incident.id, &change),
            label: format!(
                "{} · {} → {holder}",
                t.hand_over,
                herald_domain::Label::label(&role, locale.get_untracked())
            ),
            draft: None,
            group: None,
        }]);
    });
    let change_incident = Callback::new(move |change: IncidentChange| {
        let Some(incident) = console.incident.get_untracked() else {
            return;
        };
        let page = console
            .feed
            .with_untracked(|f| f.as_ref().map(|f| f.page.language()))
            .unwrap_or_default();
        outbox.enqueue.run(vec![Queued {
            write: Write::change_incident(&incident.id, &change),
            label: format!(
                "{} · {}",
                words::words(locale.get_untracked()).settings_save,
                incident.title_in(locale.get_untracked(), page)
            ),
            draft: None,
            group: None,
        }]);
    });
    let open = Callback::new(move |(new, declaration): (NewIncident, Declaration)| {
        console.open_incident(outbox, &new, &declaration);
    });
    let holding_armed = RwSignal::new(false);
    // The publish button and Ctrl+Enter: not while a holding update waits for its
    // confirmation, which has a button of its own.
    let publish = Callback::new(move |()| {
        if !holding_armed.get_untracked() {
            console.publish(outbox);
        }
    });
    let confirm_holding = Callback::new(move |()| {
        if console.publish(outbox) {
            holding_armed.set(false);
        }
    });
    keyboard::keyboard(publish);

    let t = move || console_text(locale.get());
    let can_write = Signal::derive(move || token.token.with(Option::is_some));
    let incident_id =
        Memo::new(move |_| console.incident.with(|i| i.as_ref().map(|i| i.id.clone())));
    view! {
        <div class="app console" data-testid="console">
            <header class="page-header">
                <div>
                    <h1 data-testid="page-name">
                        {move || console.feed.with(|f| f.as_ref().map_or_else(|| "Herald".to_string(), |f| f.page.name.clone()))}
                    </h1>
                    <p class="subtitle">{move || t().title} " · " <a href="/" data-testid="to-feed">{move || t().to_feed}</a></p>
                </div>
                <LocaleSwitch />
            </header>
            <main>
                <SyncBanner state=sync.state poll_seconds=sync.poll_seconds on_retry=sync.refresh />
                <SiteStatusLine base=console.base version=Signal::derive(move || console.feed.with(|f| f.as_ref().map(|f| f.version)))
                    zone=Signal::derive(move || console.feed.with(|f| f.as_ref().map(|f| f.page.zone_for(console.language.get()).to_string()).unwrap_or_default())) />
                <div class="console-setup">
                    <TokenPanel token=token kept_in=Signal::derive(move || sync.state.with(|s| s.source.as_ref().and_then(|s| s.write_token_file.clone()))) />
                    <AuthorPanel author=console.author />
                </div>
                <Show when=move || console.feed.with(Option::is_some)>
                    <OpenIncident feed=Signal::derive(move || console.feed.get()) author=console.author
                        can_write=can_write on_open=open back=console.declaration_back />
                </Show>
                <Show when=move || console.feed.with(Option::is_some)
                    fallback=|| ()>
                    <div class="console-grid">
                        <section class="composer" aria-labelledby="composer-heading">
                            <h2 id="composer-heading">{move || t().compose}</h2>
                            <IncidentPicker console=console />
                            <Show when=move || console.incident.with(Option::is_some)>
                                <IncidentSettings incident=Signal::derive(move || console.incident.get())
                                    feed=Signal::derive(move || console.feed.get()) can_write=can_write on_change=change_incident />
                                <Composer console=console />
                                <PublishBar console=console holding_armed=holding_armed on_publish=publish on_confirm_holding=confirm_holding />
                                <DeliveryLine base=console.base incident=Signal::derive(move || incident_id.get()) token=token.token
                                    version=Signal::derive(move || console.feed.with(|f| f.as_ref().map(|f| f.version))) />
                            </Show>
                        </section>
                        <aside class="side">
                            <CadencePanel incident=Signal::derive(move || console.incident.get())
                                zone=Signal::derive(move || console.feed.with(|f| f.as_ref().map(|f| f.page.zone_for(console.language.get()).to_string())))
                                on_holding=Callback::new(move |()| {
                                    console.act(herald_domain::draft::Action::Hold);
                                    holding_armed.set(true);
                                }) />
                            <OutboxList outbox=outbox on_restore=Callback::new(move |(json, reason): (String, String)| console.restore(&json, reason)) />
                            // One editor per incident: a question or an undo never outlives a switch.
                            {move || incident_id.get().map(|_| view! {
                                <RoleEditor incident=Signal::derive(move || console.incident.get()) on_hand_over=hand_over
                                    can_write=can_write blocked_reason=Signal::derive(move || words::words(locale.get()).hand_over_needs_token) />
                            })}
                        </aside>
                    </div>
                    <AudiencePreviews
                        feed=Signal::derive(move || console.feed.get())
                        incident=Signal::derive(move || console.incident.get())
                        proposed=Signal::derive(move || console.outgoing.with(|o| o.as_ref().map_or((None, None), |o| (o.public.clone(), o.internal.clone()))))
                        locale=Signal::derive(move || console.language.get())
                        now=console.now />
                </Show>
            </main>
        </div>
    }
}

//! The communications lead's console: compose from a template, check while typing, preview per
//! audience, publish through the outbox, keep the cadence, hand roles over.

use std::sync::Arc;

use chrono::Utc;
use herald_domain::builtin_templates::{
    builtin_templates, holding_update, suggest, vars_for_incident,
};
use herald_domain::component::names_of;
use herald_domain::lint::{blocks_publishing, CheckContext, Checker, Finding, Outlet};
use herald_domain::template::render;
use herald_domain::{
    Audience, ComponentChange, ComponentStatus, Feed, Incident, IncidentChange, IncidentStatus,
    Label, Locale, NewUpdate, RoleChange, TemplateKind,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::app::LocaleSwitch;
use crate::components::format_time;
use crate::components::{
    AudiencePreviews, CadencePanel, CheckFindings, OutboxList, RoleEditor, SyncBanner,
};
use crate::hooks::{new_key, use_clock, use_feed, use_outbox, UseFeedOptions};
use crate::locale::use_locale;
use crate::storage;
use crate::sync::{api_base, Write};
use crate::text::console_text;

/// What the lead is writing for one incident; saved on every keystroke.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The template last used, if any.
    pub template: Option<TemplateKind>,
    /// Language of the customer text (`en`, `zh-CN`).
    pub language: String,
    /// The status the update sets; `None` keeps the current one.
    pub status: Option<IncidentStatus>,
    /// The customer-facing text.
    pub public_text: String,
    /// A note for responders, published beside it.
    pub internal_note: String,
    /// Component statuses the update sets.
    pub component_changes: Vec<ComponentChange>,
    /// Publish despite blocking findings.
    pub override_on: bool,
    /// Why; kept with the update.
    pub override_reason: String,
    /// Template variables the lead edited, over the values taken from the incident.
    pub variables: std::collections::BTreeMap<String, String>,
    /// The feed version the lead was looking at when they started writing: a public update
    /// published after it by someone else is a conflict to see before publishing.
    pub base_version: Option<u64>,
}

fn draft_key(base: &str, incident: &str) -> String {
    format!("herald:draft:{base}:{incident}")
}

const TOKEN_KEY: &str = "herald:write-token";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The write token: this tab's session, or this device if the lead chose to remember it.
fn load_token() -> Option<String> {
    session_storage()
        .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
        .or_else(|| storage::load(TOKEN_KEY))
        .filter(|t| !t.is_empty())
}

fn save_token(token: Option<&str>, remember: bool) {
    let session = session_storage();
    if let Some(token) = token {
        if let Some(s) = &session {
            let _ = s.set_item(TOKEN_KEY, token);
        }
        if remember {
            storage::save(TOKEN_KEY, token);
        }
    } else {
        if let Some(s) = &session {
            let _ = s.remove_item(TOKEN_KEY);
        }
        storage::remove(TOKEN_KEY);
    }
}

/// Byte offset in `text` to the UTF-16 offset a text area counts in.
fn utf16_offset(text: &str, byte: usize) -> u32 {
    u32::try_from(text[..byte.min(text.len())].encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The console page.
// The page wires its parts together; the parts themselves are components of their own.
#[allow(clippy::too_many_lines)]
#[component]
pub fn ConsolePage() -> impl IntoView {
    let locale = use_locale();
    let now = use_clock();
    let sync = use_feed(UseFeedOptions::default());
    let state = sync.state;
    let feed = Memo::new(move |_| state.with(|s| s.feed.clone()));
    let base = Memo::new(move |_| state.with(|s| s.source.as_ref().map(|s| api_base(&s.feed_url))));
    let token = RwSignal::new(load_token());
    let outbox = use_outbox(base.into(), token.into());
    let checker = StoredValue::new(Checker::new(&[]).expect("no page patterns yet"));

    let selected = RwSignal::new(String::new());
    // Pick the most recent open incident once the feed arrives.
    Effect::new(move |_| {
        if selected.with_untracked(String::is_empty) {
            if let Some(feed) = feed.get() {
                if let Some(first) = feed.open_incidents().first() {
                    selected.set(first.id.clone());
                }
            }
        }
    });
    let incident = Memo::new(move |_| {
        let id = selected.get();
        feed.with(|f| {
            f.as_ref()
                .and_then(|f| f.incidents.iter().find(|i| i.id == id).cloned())
        })
    });

    let draft = RwSignal::new(Draft::default());
    // Restore the saved draft when the incident changes; save every change after that.
    Effect::new(move |_| {
        let (Some(base), id) = (base.get(), selected.get()) else {
            return;
        };
        if id.is_empty() {
            return;
        }
        let saved: Option<Draft> =
            storage::load(&draft_key(&base, &id)).and_then(|t| serde_json::from_str(&t).ok());
        draft.set(saved.unwrap_or_else(|| Draft {
            language: feed.with_untracked(|f| {
                f.as_ref()
                    .map_or_else(|| "en".into(), |f| f.page.locale.clone())
            }),
            ..Draft::default()
        }));
    });
    Effect::new(move |_| {
        let current = draft.get();
        let (Some(base), id) = (base.get_untracked(), selected.get_untracked()) else {
            return;
        };
        if !id.is_empty() {
            if let Ok(text) = serde_json::to_string(&current) {
                storage::save(&draft_key(&base, &id), &text);
            }
        }
    });

    let text_locale = Memo::new(move |_| {
        draft.with(|d| {
            Locale::from_tag(if d.language.is_empty() {
                "en"
            } else {
                &d.language
            })
        })
    });
    let page_time = move |feed: &Feed| {
        let zone = feed.page.time_zone.clone();
        let locale = text_locale.get_untracked();
        move |at| format_time(at, Some(&zone), locale, false)
    };
    // The next update after this one is due one cadence from now.
    let vars = Memo::new(move |_| {
        let (Some(feed), Some(incident)) = (feed.get(), incident.get()) else {
            return None;
        };
        let format = page_time(&feed);
        let mut vars = vars_for_incident(&feed, &incident, text_locale.get(), &format);
        let next = Utc::now() + chrono::Duration::minutes(i64::from(incident.cadence_minutes));
        vars.set("next_update_at", format(next));
        draft.with(|d| {
            for (name, value) in &d.variables {
                vars.set(name, value.clone());
            }
        });
        Some(vars)
    });
    let template_error = RwSignal::new(None::<String>);
    let apply_template = move |kind: TemplateKind| {
        let locale = text_locale.get_untracked();
        let Some(vars) = vars.get_untracked() else {
            return;
        };
        let Some(template) = builtin_templates()
            .into_iter()
            .find(|t| t.kind == kind && t.locale == locale)
        else {
            return;
        };
        match render(&template.body, &vars) {
            Ok(text) => {
                template_error.set(None);
                let version = feed.with_untracked(|f| f.as_ref().map(|f| f.version));
                draft.update(|d| {
                    d.template = Some(kind);
                    d.public_text = text;
                    d.status = Some(status_for(kind, d.status));
                    d.base_version = d.base_version.or(version);
                });
            }
            Err(error) => template_error.set(Some(error.to_string())),
        }
    };
    let suggested = Memo::new(move |_| {
        let (Some(feed), Some(incident)) = (feed.get(), incident.get()) else {
            return None;
        };
        Some(suggest(&feed, &incident))
    });

    let findings = Memo::new(move |_| {
        let (Some(feed), Some(incident)) = (feed.get(), incident.get()) else {
            return Vec::new();
        };
        let d = draft.get();
        if d.public_text.trim().is_empty() {
            return Vec::new();
        }
        let context = CheckContext {
            locale: text_locale.get(),
            status: d.status.unwrap_or_else(|| incident.status()),
            impact: incident.impact,
            affected: names_of(&feed.components, &incident.components),
            outlet: Outlet::StatusPage,
            next_update_at: vars
                .get()
                .and_then(|v| v.get("next_update_at").map(str::to_string)),
            host_patterns: Vec::new(),
        };
        checker.with_value(|c| c.check(&d.public_text, &context))
    });
    let blocked = Memo::new(move |_| findings.with(|f| blocks_publishing(f)));
    let can_publish = Memo::new(move |_| {
        let d = draft.get();
        let has_text = !d.public_text.trim().is_empty() || !d.internal_note.trim().is_empty();
        let override_ok = d.override_on && !d.override_reason.trim().is_empty();
        has_text
            && incident.get().is_some()
            && token.get().is_some()
            && (!blocked.get() || override_ok)
    });

    // The update as it will be sent, for previews and for publishing.
    let proposed = Memo::new(move |_| {
        let (Some(incident), d) = (incident.get(), draft.get()) else {
            return (None, None);
        };
        let status = d.status.unwrap_or_else(|| incident.status());
        let author = incident
            .holder(herald_domain::Role::CommunicationsLead)
            .map_or_else(|| "Communications lead".to_string(), |a| a.holder.clone());
        let public = (!d.public_text.trim().is_empty()).then(|| NewUpdate {
            audience: Audience::Public,
            status,
            component_changes: d.component_changes.clone(),
            author: author.clone(),
            text: d.public_text.clone(),
            tried: Vec::new(),
            check_override: (blocked.get() && d.override_on)
                .then(|| d.override_reason.trim().to_string()),
        });
        let internal = (!d.internal_note.trim().is_empty()).then(|| NewUpdate {
            audience: Audience::Internal,
            status,
            component_changes: Vec::new(),
            author,
            text: d.internal_note.clone(),
            tried: Vec::new(),
            check_override: None,
        });
        (public, internal)
    });

    // Public updates someone else published on this incident since the draft was started.
    let local_conflict = RwSignal::new(Vec::<herald_domain::Update>::new());
    let publish = move || {
        if !can_publish.get_untracked() {
            return;
        }
        let (Some(incident), Some(feed)) = (incident.get_untracked(), feed.get_untracked()) else {
            return;
        };
        let base = draft.with_untracked(|d| d.base_version);
        // The lead's own earlier updates, still arriving, are not someone else's.
        let own = outbox.own_versions.get_untracked();
        let theirs: Vec<herald_domain::Update> = incident
            .updates
            .iter()
            .filter(|u| u.is_public() && matches!((u.version, base), (Some(v), Some(b)) if v > b))
            .filter(|u| u.version.is_none_or(|v| !own.contains(&v)))
            .cloned()
            .collect();
        if !theirs.is_empty() {
            local_conflict.set(theirs);
            return;
        }
        local_conflict.set(Vec::new());
        let (public, internal) = proposed.get_untracked();
        let path = format!("/api/v1/incidents/{}/updates", incident.id);
        let mut writes = Vec::new();
        let t = console_text(locale.get_untracked());
        if let Some(update) = public {
            writes.push((
                Write {
                    key: new_key(),
                    method: "POST".into(),
                    path: path.clone(),
                    body: serde_json::to_string(&update).unwrap_or_default(),
                    // Conditional: if another lead published since this was written, say so.
                    if_match: Some(feed.version),
                },
                format!("{} · {}", t.public_update, incident.title),
            ));
        }
        if let Some(note) = internal {
            writes.push((
                Write {
                    key: new_key(),
                    method: "POST".into(),
                    path,
                    body: serde_json::to_string(&note).unwrap_or_default(),
                    if_match: None,
                },
                format!("{} · {}", t.internal_note, incident.title),
            ));
        }
        outbox.enqueue.run(writes);
        draft.update(|d| {
            *d = Draft {
                language: d.language.clone(),
                ..Draft::default()
            };
        });
    };

    let holding = move || {
        let (Some(feed), Some(incident)) = (feed.get_untracked(), incident.get_untracked()) else {
            return;
        };
        let format = page_time(&feed);
        let mut incident_for_text = incident.clone();
        // The holding text promises the next update one cadence after it goes out.
        incident_for_text.updates.push(herald_domain::Update {
            id: "holding-preview".into(),
            at: Utc::now(),
            audience: Audience::Public,
            status: incident.status(),
            component_changes: Vec::new(),
            author: String::new(),
            text: String::new(),
            tried: Vec::new(),
            version: None,
            check_override: None,
        });
        match holding_update(
            &feed,
            &incident_for_text,
            text_locale.get_untracked(),
            &format,
        ) {
            Ok(text) => draft.update(|d| {
                d.template = Some(TemplateKind::Holding);
                d.public_text = text;
                d.status = Some(incident.status());
            }),
            Err(error) => template_error.set(Some(error.to_string())),
        }
    };

    let hand_over = Callback::new(move |(role, holder): (herald_domain::Role, String)| {
        let Some(incident) = incident.get_untracked() else {
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
        outbox.enqueue.run(vec![(
            Write {
                key: new_key(),
                method: "PATCH".into(),
                path: format!("/api/v1/incidents/{}", incident.id),
                body: serde_json::to_string(&change).unwrap_or_default(),
                if_match: None,
            },
            format!(
                "{} · {} → {holder}",
                t.hand_over,
                role.label(locale.get_untracked())
            ),
        )]);
    });

    // Which finding "next finding" jumps to.
    let finding_cursor = StoredValue::new(0usize);
    let textarea: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let template_select: NodeRef<leptos::html::Select> = NodeRef::new();
    let select_finding = move |finding: &Finding| {
        let text = draft.with_untracked(|d| d.public_text.clone());
        if let Some(area) = textarea.get_untracked() {
            let _ = area.focus();
            let _ = area.set_selection_range(
                utf16_offset(&text, finding.span.start),
                utf16_offset(&text, finding.span.end),
            );
        }
    };
    let next_finding = move || {
        let list = findings.get_untracked();
        if list.is_empty() {
            return;
        }
        let index = finding_cursor.get_value() % list.len();
        finding_cursor.set_value(index + 1);
        select_finding(&list[index]);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && key == "Enter" {
            ev.prevent_default();
            publish();
        } else if ev.alt_key() && (key == "t" || key == "T" || ev.code() == "KeyT") {
            ev.prevent_default();
            if let Some(select) = template_select.get_untracked() {
                let _ = select.focus();
            }
        } else if key == "F8" || (ev.alt_key() && ev.code() == "KeyN") {
            ev.prevent_default();
            next_finding();
        }
    });
    on_cleanup(move || keys.remove());

    let t = move || console_text(locale.get());
    let token_input = RwSignal::new(String::new());
    let remember = RwSignal::new(false);

    view! {
        <div class="app console" data-testid="console">
            <header class="page-header">
                <div>
                    <h1 data-testid="page-name">
                        {move || feed.with(|f| f.as_ref().map_or_else(|| "Herald".to_string(), |f| f.page.name.clone()))}
                    </h1>
                    <p class="subtitle">{move || t().title} " · " <a href="/" data-testid="to-feed">{move || t().to_feed}</a></p>
                </div>
                <LocaleSwitch />
            </header>
            <main>
            <SyncBanner state=state on_retry=sync.refresh />
            <section class="token-panel" data-testid="token-panel">
                {move || match token.get() {
                    Some(_) => view! {
                        <p>{t().token_set} " "
                            <button type="button" data-testid="forget-token" on:click=move |_| { save_token(None, false); token.set(None); }>{t().forget_token}</button>
                        </p>
                    }.into_any(),
                    None => view! {
                        <form class="token-form" on:submit=move |ev| {
                            ev.prevent_default();
                            let value = token_input.get_untracked().trim().to_string();
                            if !value.is_empty() {
                                save_token(Some(&value), remember.get_untracked());
                                token.set(Some(value));
                            }
                        }>
                            <label>{t().token_label} " "
                                <input type="password" data-testid="token-input" autocomplete="off"
                                    prop:value=move || token_input.get()
                                    on:input=move |ev| token_input.set(event_target_value(&ev)) />
                            </label>
                            <label class="remember"><input type="checkbox" prop:checked=move || remember.get()
                                on:change=move |ev| remember.set(event_target_checked(&ev)) /> " " {t().remember_token}</label>
                            <button type="submit" data-testid="token-save">{t().use_token}</button>
                        </form>
                    }.into_any(),
                }}
            </section>
            {move || feed.get().map(|feed_now| {
                let open: Vec<Incident> = feed_now.open_incidents().into_iter().cloned().collect();
                view! {
                    <div class="console-grid">
                        <section class="composer" aria-labelledby="composer-heading">
                            <h2 id="composer-heading">{move || t().compose}</h2>
                            <label>{move || t().incident} " "
                                <select data-testid="incident-select" on:change=move |ev| selected.set(event_target_value(&ev))>
                                    {open.iter().map(|i| {
                                        let id = i.id.clone();
                                        let id_for_selected = id.clone();
                                        view! { <option value=id selected=move || selected.get() == id_for_selected>{i.title.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                            <div class="row">
                                <label>{move || t().template} " "
                                    <select data-testid="template-select" node_ref=template_select on:change=move |ev| {
                                        let value = event_target_value(&ev);
                                        if let Some(kind) = TemplateKind::ALL.iter().find(|k| kind_value(**k) == value) {
                                            apply_template(*kind);
                                        }
                                    }>
                                        <option value="">{move || t().pick_template}</option>
                                        {TemplateKind::ALL.iter().map(|kind| {
                                            let kind = *kind;
                                            view! {
                                                <option value=kind_value(kind) selected=move || draft.with(|d| d.template == Some(kind))>
                                                    {move || template_name(kind, locale.get())}
                                                    {move || (suggested.get() == Some(kind)).then(|| format!(" ({})", t().suggested))}
                                                </option>
                                            }
                                        }).collect_view()}
                                    </select>
                                </label>
                                <label>{move || t().language} " "
                                    <select data-testid="text-language" on:change=move |ev| {
                                        let value = event_target_value(&ev);
                                        draft.update(|d| d.language = value);
                                        if let Some(kind) = draft.with_untracked(|d| d.template) { apply_template(kind); }
                                    }>
                                        {Locale::ALL.iter().map(|l| {
                                            let tag = l.tag();
                                            view! { <option value=tag selected=move || text_locale.get().tag() == tag>{if *l == Locale::En { "English" } else { "简体中文" }}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                                <label>{move || t().status} " "
                                    <select data-testid="status-select" on:change=move |ev| {
                                        let value = event_target_value(&ev);
                                        draft.update(|d| d.status = serde_json::from_value(serde_json::Value::String(value)).ok());
                                    }>
                                        {[IncidentStatus::Investigating, IncidentStatus::Identified, IncidentStatus::Monitoring, IncidentStatus::Resolved].into_iter().map(|s| view! {
                                            <option value=s.as_str() selected=move || draft.with(|d| d.status).or_else(|| incident.get().map(|i| i.status())) == Some(s)>
                                                {move || s.label(locale.get())}
                                            </option>
                                        }).collect_view()}
                                    </select>
                                </label>
                            </div>
                            {move || template_error.get().map(|e| view! { <p class="banner error" data-testid="template-error">{e}</p> })}
                            {move || {
                                let kind = draft.with(|d| d.template)?;
                                let locale = text_locale.get();
                                let template = builtin_templates().into_iter().find(|t| t.kind == kind && t.locale == locale)?;
                                let names = template.variables().ok()?;
                                let values = vars.get()?;
                                Some(view! {
                                    <fieldset class="variables" data-testid="variables">
                                        <legend>{move || t().variables}</legend>
                                        {names.into_iter().map(|name| {
                                            let value = values.get(&name).unwrap_or_default().to_string();
                                            let key = name.clone();
                                            view! {
                                                <label class="variable">{format!("{{{name}}}")} " "
                                                    <input type="text" data-testid=format!("var-{name}") prop:value=value
                                                        on:change=move |ev| {
                                                            let v = event_target_value(&ev);
                                                            draft.update(|d| { d.variables.insert(key.clone(), v); });
                                                            apply_template(kind);
                                                        } />
                                                </label>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                })
                            }}
                            <label class="block">{move || t().public_text}
                                <textarea data-testid="public-text" rows="7" node_ref=textarea
                                    prop:value=move || draft.with(|d| d.public_text.clone())
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        let version = feed.with_untracked(|f| f.as_ref().map(|f| f.version));
                                        draft.update(|d| { d.public_text = v; d.base_version = d.base_version.or(version); });
                                    }></textarea>
                            </label>
                            <MarkedText text=Signal::derive(move || draft.with(|d| d.public_text.clone())) findings=findings />
                            <ComponentChanges feed=feed_now.clone() incident=Signal::derive(move || incident.get()) draft=draft />
                            <label class="block">{move || t().internal_note_label}
                                <textarea data-testid="internal-note" rows="3"
                                    prop:value=move || draft.with(|d| d.internal_note.clone())
                                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.internal_note = v); }></textarea>
                            </label>
                            <CheckFindings findings=findings text=Signal::derive(move || draft.with(|d| d.public_text.clone()))
                                on_fix=Callback::new(move |fixed: String| draft.update(|d| d.public_text = fixed))
                                on_select=Callback::new(move |f: Finding| select_finding(&f)) />
                            <Show when=move || blocked.get()>
                                <div class="override" data-testid="override">
                                    <label><input type="checkbox" data-testid="override-toggle"
                                        prop:checked=move || draft.with(|d| d.override_on)
                                        on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| d.override_on = on); } />
                                        " " {move || t().override_label}</label>
                                    <input type="text" data-testid="override-reason" placeholder=move || t().override_reason
                                        prop:value=move || draft.with(|d| d.override_reason.clone())
                                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.override_reason = v); } />
                                </div>
                            </Show>
                            <Show when=move || local_conflict.with(|c| !c.is_empty())>
                                <div class="conflict" data-testid="conflict" role="alert">
                                    <p><strong>{move || t().conflict}</strong></p>
                                    <ul>
                                        {move || local_conflict.get().into_iter().map(|u| view! {
                                            <li><strong>{u.author.clone()}</strong> ": " {u.text.clone()}</li>
                                        }).collect_view()}
                                    </ul>
                                    <button type="button" data-testid="send-anyway" on:click=move |_| {
                                        let version = feed.with_untracked(|f| f.as_ref().map(|f| f.version));
                                        draft.update(|d| d.base_version = version);
                                        local_conflict.set(Vec::new());
                                        publish();
                                    }>{move || t().send_anyway}</button>
                                    <button type="button" on:click=move |_| local_conflict.set(Vec::new())>{move || t().keep_editing}</button>
                                </div>
                            </Show>
                            <div class="publish-row">
                                <button type="button" class="publish" data-testid="publish"
                                    prop:disabled=move || !can_publish.get() on:click=move |_| publish()>
                                    {move || t().publish} <kbd>"Ctrl+Enter"</kbd>
                                </button>
                                <span class="hint">{move || t().shortcuts}</span>
                                <Show when=move || blocked.get()>
                                    <span class="blocked" data-testid="publish-blocked">{move || t().blocked}</span>
                                </Show>
                            </div>
                        </section>
                        <aside class="side">
                            <CadencePanel incident=Signal::derive(move || incident.get()) on_holding=Callback::new(move |()| holding()) />
                            <OutboxList outbox=outbox />
                            <RoleEditor incident=Signal::derive(move || incident.get()) on_hand_over=hand_over />
                        </aside>
                    </div>
                    <AudiencePreviews
                        feed=Signal::derive(move || feed.get())
                        incident=Signal::derive(move || incident.get())
                        proposed=Signal::derive(move || proposed.get())
                        locale=Signal::derive(move || text_locale.get())
                        now=now />
                }
            })}
            </main>
        </div>
    }
}

/// The status a template is written for, or the current one for templates that fit any.
fn status_for(kind: TemplateKind, current: Option<IncidentStatus>) -> IncidentStatus {
    match kind {
        TemplateKind::Investigating
        | TemplateKind::DegradedPerformance
        | TemplateKind::PartialOutage
        | TemplateKind::MajorOutage => IncidentStatus::Investigating,
        TemplateKind::Identified => IncidentStatus::Identified,
        TemplateKind::Monitoring => IncidentStatus::Monitoring,
        TemplateKind::Resolved
        | TemplateKind::ResolvedWithFollowUp
        | TemplateKind::MaintenanceEnd => IncidentStatus::Resolved,
        TemplateKind::Holding | TemplateKind::MaintenanceStart => {
            current.unwrap_or(IncidentStatus::Investigating)
        }
    }
}

fn kind_value(kind: TemplateKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn template_name(kind: TemplateKind, locale: Locale) -> &'static str {
    use TemplateKind as K;
    match (kind, locale) {
        (K::Investigating, Locale::En) => "Investigating",
        (K::Investigating, Locale::ZhCn) => "调查中",
        (K::Identified, Locale::En) => "Identified",
        (K::Identified, Locale::ZhCn) => "已确定原因",
        (K::Monitoring, Locale::En) => "Monitoring",
        (K::Monitoring, Locale::ZhCn) => "监控中",
        (K::Resolved, Locale::En) => "Resolved",
        (K::Resolved, Locale::ZhCn) => "已解决",
        (K::ResolvedWithFollowUp, Locale::En) => "Resolved, follow-up promised",
        (K::ResolvedWithFollowUp, Locale::ZhCn) => "已解决（将发布总结）",
        (K::Holding, Locale::En) => "No change yet (holding)",
        (K::Holding, Locale::ZhCn) => "暂无新进展",
        (K::DegradedPerformance, Locale::En) => "Degraded performance",
        (K::DegradedPerformance, Locale::ZhCn) => "性能下降",
        (K::PartialOutage, Locale::En) => "Partial outage",
        (K::PartialOutage, Locale::ZhCn) => "部分中断",
        (K::MajorOutage, Locale::En) => "Major outage",
        (K::MajorOutage, Locale::ZhCn) => "严重中断",
        (K::MaintenanceStart, Locale::En) => "Maintenance starts",
        (K::MaintenanceStart, Locale::ZhCn) => "维护开始",
        (K::MaintenanceEnd, Locale::En) => "Maintenance ends",
        (K::MaintenanceEnd, Locale::ZhCn) => "维护结束",
    }
}

/// The public text with each finding marked where it was found.
#[component]
fn MarkedText(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] findings: Signal<Vec<Finding>>,
) -> impl IntoView {
    move || {
        let text = text.get();
        let mut spans: Vec<(usize, usize, &'static str)> = findings.with(|f| {
            f.iter()
                .filter(|f| f.span.start < f.span.end)
                .map(|f| (f.span.start, f.span.end, f.rule.id()))
                .collect()
        });
        if spans.is_empty() {
            return ().into_any();
        }
        spans.sort_unstable();
        let mut pieces = Vec::new();
        let mut at = 0;
        for (start, end, rule) in spans {
            if start < at
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            pieces.push(text[at..start].to_string().into_any());
            pieces.push(
                view! { <mark data-rule=rule>{text[start..end].to_string()}</mark> }.into_any(),
            );
            at = end;
        }
        pieces.push(text[at..].to_string().into_any());
        view! { <p class="marked-text" data-testid="marked-text" aria-hidden="true">{pieces}</p> }
            .into_any()
    }
}

/// Component status changes made with the update.
#[component]
fn ComponentChanges(
    feed: Arc<Feed>,
    #[prop(into)] incident: Signal<Option<Incident>>,
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let locale = use_locale();
    let statuses = [
        ComponentStatus::Operational,
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
        ComponentStatus::UnderMaintenance,
    ];
    move || {
        let Some(incident) = incident.get() else {
            return ().into_any();
        };
        let rows = incident
            .components
            .iter()
            .filter_map(|id| feed.component(id).cloned())
            .map(|component| {
                let id = component.id.clone();
                let id_for_select = id.clone();
                let current = component.status;
                view! {
                    <label class="component-change">
                        {component.name.clone()} " "
                        <select data-testid=format!("component-{id}") on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let id = id_for_select.clone();
                            draft.update(|d| {
                                d.component_changes.retain(|c| c.component != id);
                                if let Ok(status) = serde_json::from_value::<ComponentStatus>(serde_json::Value::String(value)) {
                                    if status != current {
                                        d.component_changes.push(ComponentChange { component: id, status });
                                    }
                                }
                            });
                        }>
                            {statuses.iter().map(|s| {
                                let s = *s;
                                let id = id.clone();
                                view! {
                                    <option value=s.as_str() selected=move || {
                                        draft.with(|d| d.component_changes.iter().find(|c| c.component == id).map(|c| c.status)).unwrap_or(current) == s
                                    }>{move || s.label(locale.get())}</option>
                                }
                            }).collect_view()}
                        </select>
                    </label>
                }
            })
            .collect_view();
        view! { <fieldset class="component-changes"><legend>{move || console_text(locale.get()).components}</legend>{rows}</fieldset> }.into_any()
    }
}

//! Declaring an incident: title, impact, severity, affected components with their status,
//! cadence, roles and workaround, with the first public update written from the template in
//! the same form and checked before it goes out, all in one request.

use std::sync::Arc;

use chrono::Utc;
use herald_domain::comms_check::{blocks_publishing, Checker};
use herald_domain::declaration::Declaration;
use herald_domain::{ComponentStatus, Feed, Impact, Label, Locale, NewIncident, Role, Severity};
use leptos::prelude::*;

use super::reasons;
use super::state::page_time;
use super::words::words;
use crate::components::CheckFindings;
use crate::locale::use_locale;
use crate::text::console_text;

const STATUSES: [ComponentStatus; 4] = [
    ComponentStatus::DegradedPerformance,
    ComponentStatus::PartialOutage,
    ComponentStatus::MajorOutage,
    ComponentStatus::UnderMaintenance,
];

/// The "open an incident" button and form.
// Markup for one panel: splitting it further would scatter one form over files.
#[allow(clippy::too_many_lines)]
#[component]
pub fn OpenIncident(
    /// The feed, for its components and page.
    #[prop(into)]
    feed: Signal<Option<Arc<Feed>>>,
    /// Who is writing.
    #[prop(into)]
    author: Signal<String>,
    /// Whether a write token is there.
    #[prop(into)]
    can_write: Signal<bool>,
    /// Called with the request and the form it came from.
    on_open: Callback<(NewIncident, Declaration)>,
    /// A declaration the server refused, with its reason: the form takes it back.
    back: RwSignal<Option<(Declaration, String)>>,
) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let form = RwSignal::new(Declaration::default());
    let checker = StoredValue::new(Checker::new(&[]).expect("no page patterns yet"));
    let override_reason = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<String>);
    // A refused declaration is the world outside coming back: reopen the form with it.
    Effect::new(move |_| {
        if let Some((declaration, reason)) = back.get() {
            form.set(declaration);
            refused.set(Some(reason));
            open.set(true);
            back.set(None);
        }
    });
    let first_text = Memo::new(move |_| {
        let feed = feed.get()?;
        let format = page_time(&feed, Utc::now());
        Some(form.with(|d| d.first_text(&feed, Utc::now(), &format)))
    });
    let findings = Memo::new(move |_| {
        let (Some(feed), Some(text)) = (feed.get(), first_text.get()) else {
            return Vec::new();
        };
        let format = page_time(&feed, Utc::now());
        let context = form.with(|d| d.check_context(&feed, Utc::now(), &format));
        checker.with_value(|c| c.check(&text, &context))
    });
    let reasons = Memo::new(move |_| {
        let locale = locale.get();
        let Some(feed) = feed.get() else {
            return Vec::new();
        };
        let format = page_time(&feed, Utc::now());
        let mut reasons: Vec<(String, String)> = form
            .with(|d| d.blockers(&feed, Utc::now(), &format))
            .iter()
            .map(|b| {
                (
                    "declaration".to_string(),
                    reasons::declaration_blocker(b, locale).to_string(),
                )
            })
            .collect();
        if findings.with(|f| blocks_publishing(f)) && override_reason.with(|r| r.trim().is_empty())
        {
            reasons.push((
                "check-errors".into(),
                reasons::blocker(&herald_domain::draft::Blocker::CheckErrors, locale),
            ));
        }
        if author.with(|a| a.trim().is_empty()) {
            reasons.push((
                "no-author".into(),
                reasons::blocker(&herald_domain::draft::Blocker::NoAuthor, locale),
            ));
        }
        if !can_write.get() {
            reasons.push((
                "no-token".into(),
                reasons::blocker(&herald_domain::draft::Blocker::NoToken, locale),
            ));
        }
        reasons
    });
    let submit = move || {
        let Some(feed) = feed.get_untracked() else {
            return;
        };
        if !reasons.with_untracked(Vec::is_empty) {
            return;
        }
        let format = page_time(&feed, Utc::now());
        let reason = override_reason.get_untracked().trim().to_string();
        let check_override = (findings.with_untracked(|f| blocks_publishing(f))
            && !reason.is_empty())
        .then_some(reason);
        let request = form.with_untracked(|d| {
            d.request(
                &feed,
                Utc::now(),
                &author.get_untracked(),
                &format,
                check_override,
            )
        });
        on_open.run((request, form.get_untracked()));
        refused.set(None);
        form.set(Declaration::default());
        open.set(false);
    };
    let field = move |f: fn(&mut Declaration, String)| {
        move |ev: leptos::ev::Event| form.update(|d| f(d, event_target_value(&ev)))
    };
    // Rebuilt only when the page language changes, so every label is plain text; the values
    // live in signals, so nothing typed is lost.
    move || {
        let locale = locale.get();
        let w = words(locale);
        let t = console_text(locale);
        view! {
        <section class="open-incident">
            <button type="button" data-testid="open-incident" aria-expanded=move || open.get().to_string()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    form.update(|d| {
                        d.set_language(locale);
                        d.pin_promise(Utc::now());
                    });
                }>{w.open_incident}</button>
            <Show when=move || open.get()>
                <form class="open-incident-form" data-testid="open-incident-form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    <h2>{w.open_incident}</h2>
                    {move || refused.get().map(|reason| view! { <p class="banner error" data-testid="open-refusal" role="alert">{w.refused} " " {reason}</p> })}
                    <label class="block">{w.new_title}
                        <input type="text" data-testid="new-title" maxlength="200" required=true prop:value=move || form.with(|d| d.title.clone())
                            on:input=field(|d, v| d.title = v) dir="auto" />
                    </label>
                    {move || {
                        let other = form.with(|d| Locale::ALL.into_iter().find(|l| *l != d.language)).unwrap_or(Locale::ZhCn);
                        view! {
                            <label class="block">{w.title_in} " " {other.endonym()}
                                <input type="text" data-testid="new-title-other" maxlength="200" lang=other.tag() dir="auto"
                                    aria-describedby="new-title-other-hint"
                                    prop:value=move || form.with(|d| d.title_other.clone())
                                    on:input=field(|d, v| d.title_other = v) />
                            </label>
                            <p class="hint" id="new-title-other-hint">{w.translation_empty}</p>
                        }
                    }}
                    <div class="row">
                        <label>{w.impact} " "
                            <select data-testid="new-impact" prop:value=move || form.with(|d| d.impact.as_str())
                                on:change=field(|d, v| if let Some(i) = Impact::ALL.into_iter().find(|i| i.as_str() == v) { d.impact = i; })>
                                {Impact::ALL.into_iter().map(|i| view! { <option value=i.as_str() selected=move || form.with(|d| d.impact == i)>{i.label(locale)}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{w.severity} " "
                            <select data-testid="new-severity" prop:value=move || form.with(|d| d.severity.map_or("", Severity::as_str))
                                on:change=field(|d, v| d.severity = Severity::ALL.into_iter().find(|s| s.as_str() == v))>
                                <option value="">{w.no_severity}</option>
                                {Severity::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{w.cadence_minutes} " "
                            <input type="number" min="1" max="1440" data-testid="new-cadence" prop:value=move || form.with(|d| d.cadence_minutes.to_string())
                                on:input=field(|d, v| if let Ok(m) = v.trim().parse::<u32>() { d.cadence_minutes = m.clamp(1, 1440); d.pin_promise(Utc::now()); }) />
                        </label>
                        <label>{t.language} " "
                            <select data-testid="new-language" prop:value=move || form.with(|d| d.language.tag())
                                on:change=field(|d, v| d.set_language(Locale::from_tag(&v)))>
                                <option value="en">"English"</option>
                                <option value="zh-CN">"简体中文"</option>
                            </select>
                        </label>
                    </div>
                    <fieldset>
                        <legend>{w.affected}</legend>
                        {move || feed.get().map(|feed| feed.components.iter().map(|c| {
                            let id = c.id.clone();
                            let name = c.name_in(locale, feed.page.language()).to_string();
                            let (for_check, for_status, for_select, for_toggle) = (id.clone(), id.clone(), id.clone(), id.clone());
                            let picked = move || form.with(|d| d.components.iter().find(|x| x.component == for_status).map(|x| x.status));
                            view! {
                                <div class="choice">
                                    <label><input type="checkbox" data-testid=format!("new-component-{id}")
                                        prop:checked=move || form.with(|d| d.components.iter().any(|x| x.component == for_check))
                                        on:change=move |ev| { let on = event_target_checked(&ev); form.update(|d| d.toggle_component(&for_toggle, on, ComponentStatus::PartialOutage)); } />
                                        " " <bdi>{name.clone()}</bdi></label>
                                    {move || picked().map(|status| {
                                        let id = for_select.clone();
                                        let label = format!("{name}: {}", w.affected);
                                        view! {
                                            <select data-testid=format!("new-component-status-{id}") aria-label=label prop:value=status.as_str()
                                                on:change=move |ev| { let v = event_target_value(&ev); if let Some(s) = STATUSES.into_iter().find(|s| s.as_str() == v) { form.update(|d| d.toggle_component(&id, true, s)); } }>
                                                {STATUSES.into_iter().map(|s| view! { <option value=s.as_str() selected=s == status>{s.label(locale)}</option> }).collect_view()}
                                            </select>
                                        }
                                    })}
                                </div>
                            }
                        }).collect_view())}
                    </fieldset>
                    <fieldset class="roles">
                        <legend>{w.roles}</legend>
                        {Role::ALL.into_iter().enumerate().map(|(i, role)| view! {
                            <label>{role.label(locale)} " "
                                <input type="text" data-testid=format!("new-role-{}", role.as_str()) maxlength="120"
                                    prop:value=move || form.with(|d| d.roles.get(i).map(|r| r.holder.clone()).unwrap_or_default())
                                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|d| if let Some(r) = d.roles.get_mut(i) { r.holder = v; }); } />
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <label class="block">{w.workaround}
                        <textarea data-testid="new-workaround" rows="2" dir="auto" prop:value=move || form.with(|d| d.workaround.clone())
                            on:input=field(|d, v| d.workaround = v)></textarea>
                    </label>
                    <label class="block">{w.first_text}
                        <textarea data-testid="new-text" rows="5" prop:value=move || first_text.get().unwrap_or_default()
                            on:input=field(|d, v| d.text = Some(v))></textarea>
                    </label>
                    {move || form.with(|d| d.text.is_none()).then(|| view! { <p class="hint">{w.first_text_follows}</p> })}
                    <div data-testid="new-check">
                        <CheckFindings findings=findings text=Signal::derive(move || first_text.get().unwrap_or_default())
                            on_fix=Callback::new(move |fixed: String| form.update(|d| d.text = Some(fixed)))
                            on_select=Callback::new(|_| ()) />
                    </div>
                    <Show when=move || findings.with(|f| blocks_publishing(f))>
                        <input type="text" data-testid="new-override-reason" maxlength="500" aria-label=t.override_reason placeholder=t.override_reason
                            prop:value=move || override_reason.get() on:input=move |ev| override_reason.set(event_target_value(&ev)) />
                    </Show>
                    <super::reason_list::ReasonList reasons=reasons heading=w.open_needs testid="open-blockers" />
                    <button type="submit" class="publish" data-testid="open-submit" aria-describedby="open-blockers" prop:disabled=move || !reasons.with(Vec::is_empty)>{w.open_submit}</button>
                    <button type="button" data-testid="open-cancel" on:click=move |_| open.set(false)>{w.cancel}</button>
                </form>
            </Show>
        </section>
    }.into_any()
    }
}

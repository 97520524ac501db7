//! The composer: template, language and status, the template's variables, the customer text
//! with what the check found, the promised next update, and the responders' note.

use herald_domain::comms_check::Finding;
use herald_domain::draft::{listed_templates, Action};
use herald_domain::{IncidentStatus, Locale, TemplateKind};
use leptos::prelude::*;

use super::component_changes::ComponentChanges;
use super::marked_text::MarkedText;
use super::reasons;
use super::state::ConsoleState;
use super::words::words;
use crate::components::CheckFindings;
use crate::locale::use_locale;
use crate::text::console_text;

/// Byte offset in `text` to the UTF-16 offset a text area counts in.
fn utf16_offset(text: &str, byte: usize) -> u32 {
    u32::try_from(text[..byte.min(text.len())].encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The composer for the draft's incident.
// Markup for one panel: splitting it further would scatter one form over files.
#[allow(clippy::too_many_lines)]
#[component]
pub fn Composer(
    /// The console.
    console: ConsoleState,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || console_text(locale.get());
    let w = move || words(locale.get());
    let draft = move |f: &dyn Fn(&herald_domain::draft::Draft) -> String| {
        console
            .draft
            .with(|d| d.as_ref().map(f).unwrap_or_default())
    };
    let current = Memo::new(move |_| {
        console.incident.with(|i| {
            i.as_ref().map_or(
                IncidentStatus::Investigating,
                herald_domain::Incident::status,
            )
        })
    });
    let shown_status = Memo::new(move |_| {
        let incident = console.incident.get()?;
        console
            .draft
            .with(|d| d.as_ref().map(|d| d.effective_status(&incident)))
    });
    let show_all = RwSignal::new(false);
    let suggested = Memo::new(move |_| {
        let (Some(feed), Some(incident)) = (console.feed.get(), console.incident.get()) else {
            return None;
        };
        Some(herald_domain::builtin_templates::suggest(&feed, &incident))
    });
    let text = Signal::derive(move || draft(&|d| d.text.clone()));
    let second_language = Memo::new(move |_| {
        console.draft.with(|d| {
            d.as_ref()
                .and_then(|d| d.second.as_ref().map(|s| s.language))
        })
    });
    let second_text = Signal::derive(move || {
        draft(&|d| {
            d.second
                .as_ref()
                .map(|s| s.text.clone())
                .unwrap_or_default()
        })
    });
    let out_of_date = Memo::new(move |_| {
        console.draft.with(|d| {
            d.as_ref()
                .and_then(herald_domain::draft::Draft::out_of_date)
        })
    });
    let textarea: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let select_finding = move |finding: &Finding| {
        let text = text.get_untracked();
        if let Some(area) = textarea.get_untracked() {
            let _ = area.focus();
            let _ = area.set_selection_range(
                utf16_offset(&text, finding.span.start),
                utf16_offset(&text, finding.span.end),
            );
        }
    };
    // The select stays in place and only its options follow the draft, so picking a template
    // never takes the focus away.
    let template_options = move || {
        let locale = locale.get();
        let chosen = console.draft.with(|d| d.as_ref().and_then(|d| d.template));
        let mut kinds = listed_templates(current.get(), show_all.get());
        if let Some(kind) = chosen {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        kinds
            .into_iter()
            .map(|kind| {
                let label = reasons::template_option(kind, suggested.get() == Some(kind), locale);
                view! { <option value=kind.as_str() selected=chosen == Some(kind)>{label}</option> }
            })
            .collect_view()
    };
    let template_row = move || {
        view! {
            <select data-testid="template-select" prop:value=move || console.draft.with(|d| d.as_ref().and_then(|d| d.template).map_or("", TemplateKind::as_str).to_string())
                on:change=move |ev| {
                    if let Some(kind) = TemplateKind::from_str_name(&event_target_value(&ev)) {
                        console.act(Action::PickTemplate(kind));
                    }
                }>
                <option value="">{move || console_text(locale.get()).pick_template}</option>
                {template_options}
            </select>
        }
    };
    let status_options = move || {
        let locale = locale.get();
        let now = current.get();
        [IncidentStatus::Investigating, IncidentStatus::Identified, IncidentStatus::Monitoring, IncidentStatus::Resolved]
            .into_iter()
            .map(|s| view! { <option value=s.as_str() selected=shown_status.get() == Some(s)>{reasons::status_option(s, now, locale)}</option> })
            .collect_view()
    };
    // One field per variable, kept in place (keyed by name) while the draft changes around
    // it, so moving from one field to the next never loses the focus or a value being typed.
    let values = Memo::new(move |_| {
        console
            .read(console.now.get_untracked(), |d, desk| {
                (d.template_variables(), d.vars(desk))
            })
            .unwrap_or_default()
    });
    let names = Memo::new(move |_| {
        values.with(|(names, _)| {
            names
                .iter()
                .filter(|n| *n != "next_update_at")
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let variables = move || {
        view! {
            <fieldset class="variables" data-testid="variables" class:hidden=move || names.with(Vec::is_empty)>
                <legend>{move || t().variables}</legend>
                <For each=move || names.get() key=|name| name.clone() let:name>
                    {
                        let key = name.clone();
                        let value_of = name.clone();
                        let missing_of = name.clone();
                        let value = move || values.with(|(_, v)| v.get(&value_of).unwrap_or_default().to_string());
                        let missing = Signal::derive(move || values.with(|(_, v)| v.get(&missing_of).is_none_or(|v| v.trim().is_empty())));
                        view! {
                            <label class="variable" class:missing=move || missing.get()>{move || reasons::variable(&name, locale.get())} " "
                                <input type="text" data-testid=format!("var-{key}") prop:value=value aria-invalid=move || missing.get().to_string()
                                    on:change=move |ev| console.act(Action::EditVariable(key.clone(), event_target_value(&ev))) />
                            </label>
                        }
                    }
                </For>
            </fieldset>
        }
    };
    // The promise, as minutes from now and as the time it means; the field is built once so
    // the clock ticking never takes the focus from a lead typing in it.
    let promise = Memo::new(move |_| {
        let now = console.now.get();
        let (at, shown) = console.read(now, |d, desk| {
            let at = d.promise(desk)?;
            Some((at, (desk.page_time)(at, d.language)))
        })??;
        let minutes = ((at - now).num_seconds() + 59).div_euclid(60).max(0);
        Some((minutes, shown))
    });
    let promise_field = move || {
        view! {
            <label class="next-update" class:hidden=move || promise.with(Option::is_none)>{move || w().next_update_in} " "
                <input type="number" min="1" max="1440" data-testid="next-update-minutes"
                    prop:value=move || promise.with(|p| p.as_ref().map(|p| p.0.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        if let Ok(m) = event_target_value(&ev).trim().parse::<i64>() {
                            console.act(Action::SetNextUpdate(chrono::Utc::now() + chrono::Duration::minutes(m.clamp(1, 1440))));
                        }
                    } />
                " " {move || w().minutes} " · " <strong data-testid="next-update-shown">{move || promise.with(|p| p.as_ref().map(|p| p.1.clone()).unwrap_or_default())}</strong>
            </label>
        }
    };
    let offer = move || {
        let offered = console
            .draft
            .with(|d| d.as_ref().and_then(|d| d.offered.clone()))?;
        Some(view! {
            <div class="offer" data-testid="template-offer" role="status">
                <p>{w().offer}</p>
                <blockquote>{offered}</blockquote>
                <button type="button" data-testid="offer-accept" on:click=move |_| console.act(Action::AcceptOffer)>{w().offer_accept}</button>
                <button type="button" data-testid="offer-decline" on:click=move |_| console.act(Action::DeclineOffer)>{w().offer_decline}</button>
            </div>
        })
    };
    view! {
        <div class="row">
            <label>{move || t().template} " " {template_row}</label>
            <label class="show-all"><input type="checkbox" data-testid="show-all-templates" prop:checked=move || show_all.get()
                on:change=move |ev| show_all.set(event_target_checked(&ev)) /> " " {move || w().show_all_templates}</label>
            <label>{move || t().language} " "
                <select data-testid="text-language" prop:value=move || console.language.get().tag()
                    on:change=move |ev| console.act(Action::SetLanguage(Locale::from_tag(&event_target_value(&ev))))>
                    {Locale::ALL.iter().map(|l| {
                        let tag = l.tag();
                        view! { <option value=tag selected=move || console.language.get().tag() == tag>{l.endonym()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>{move || t().status} " "
                <select data-testid="status-select" prop:value=move || shown_status.get().map_or("", IncidentStatus::as_str).to_string()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(s) = [IncidentStatus::Investigating, IncidentStatus::Identified, IncidentStatus::Monitoring, IncidentStatus::Resolved].into_iter().find(|s| s.as_str() == value) {
                            console.act(Action::PickStatus(s));
                        }
                    }>
                    {status_options}
                </select>
            </label>
        </div>
        {variables}
        <label class="second-language">
            <input type="checkbox" data-testid="second-language" prop:checked=move || second_language.get().is_some()
                on:change=move |ev| console.act(Action::SetSecondLanguage(event_target_checked(&ev))) />
            " " {move || reasons::write_also_in(herald_domain::draft::other_language(console.language.get()), locale.get())}
        </label>
        {move || out_of_date.get().map(|stale| view! {
            <p class="warning" data-testid="out-of-date" role="status">{reasons::out_of_date(stale, locale.get())}</p>
        })}
        <div class="languages" class:two=move || second_language.get().is_some()>
        <div class="language">
        <label class="block">{move || if second_language.get().is_some() { reasons::text_in(console.language.get(), locale.get()) } else { t().public_text.to_string() }}
            <textarea data-testid="public-text" rows="7" node_ref=textarea lang=move || console.language.get().tag() dir="auto"
                prop:value=move || text.get()
                on:input=move |ev| console.act(Action::EditText(event_target_value(&ev)))></textarea>
        </label>
        <p class="text-length" data-testid="text-length" data-over=move || console.blockers.with(|b| b.iter().any(|b| matches!(b, herald_domain::draft::Blocker::TooLong { .. }))).to_string()>
            {move || reasons::length(text.with(|t| t.chars().count()), locale.get())}
            {move || console.draft.with(|d| d.as_ref().is_some_and(|d| d.replaced.is_some())).then(|| view! {
                " " <button type="button" class="link" data-testid="text-undo" on:click=move |_| console.act(Action::Undo)>{w().undo}</button>
            })}
        </p>
        {offer}
        <MarkedText text=text findings=console.findings />
        </div>
        {move || second_language.get().map(|language| view! {
            <div class="language" data-testid="second-language-text">
                <label class="block">{move || reasons::text_in(language, locale.get())}
                    <textarea data-testid="second-text" rows="7" lang=language.tag() dir="auto"
                        prop:value=move || second_text.get()
                        on:input=move |ev| console.act(Action::EditSecondText(event_target_value(&ev)))></textarea>
                </label>
                <p class="text-length" data-testid="second-text-length">
                    {move || reasons::length(second_text.with(|t| t.chars().count()), locale.get())}
                </p>
                <MarkedText text=second_text findings=console.second_findings />
                <CheckFindings findings=console.second_findings text=second_text testid="second-check"
                    on_fix=Callback::new(move |fixed: String| console.act(Action::EditSecondText(fixed)))
                    on_select=Callback::new(move |_: Finding| {}) />
            </div>
        })}
        </div>
        {promise_field}
        <ComponentChanges console=console />
        <label class="block">{move || t().internal_note_label}
            <textarea data-testid="internal-note" rows="3" dir="auto"
                prop:value=move || draft(&|d| d.internal_note.clone())
                on:input=move |ev| console.act(Action::SetNote(event_target_value(&ev)))></textarea>
        </label>
        <super::attempts::Attempts console=console />
        // The findings say themselves when there is no text to check yet.
        <CheckFindings findings=console.findings text=text
            on_fix=Callback::new(move |fixed: String| console.act(Action::ReplaceText(fixed)))
            on_select=Callback::new(move |f: Finding| select_finding(&f)) />
    }
}

#[cfg(test)]
mod tests {
    use super::utf16_offset;

    #[test]
    fn offsets_are_counted_as_a_text_area_counts_them() {
        assert_eq!(utf16_offset("abc", 2), 2);
        assert_eq!(utf16_offset("订单失败", "订单".len()), 2);
        assert_eq!(
            utf16_offset("🙂 ok", "🙂".len()),
            2,
            "an emoji is two UTF-16 units"
        );
        assert_eq!(utf16_offset("abc", 99), 3, "past the end is the end");
    }
}

//! The incident's headline facts, changed after it was opened: title, impact, severity,
//! cadence, workaround and the affected components, sent as one change of what differs.

use std::sync::Arc;

use herald_domain::{
    Feed, Impact, Incident, IncidentChange, Label, Locale, Severity, Translations,
};
use leptos::prelude::*;

use super::words::words;
use crate::locale::use_locale;

/// The form as edited.
#[derive(Debug, Clone, PartialEq)]
struct Edited {
    title: String,
    impact: Impact,
    severity: Option<Severity>,
    cadence: String,
    workaround: String,
    components: Vec<String>,
    /// The page's other language, which the two fields below are written in.
    other: Locale,
    title_other: String,
    workaround_other: String,
}

impl Edited {
    fn of(incident: &Incident, page_language: Locale) -> Self {
        let other = Locale::ALL
            .into_iter()
            .find(|l| *l != page_language)
            .unwrap_or(page_language);
        let translated = |t: &Translations| t.get(&other).cloned().unwrap_or_default();
        Self {
            title: incident.title.clone(),
            impact: incident.impact,
            severity: incident.severity,
            cadence: incident.cadence_minutes.to_string(),
            workaround: incident.workaround.clone().unwrap_or_default(),
            components: incident.components.clone(),
            other,
            title_other: translated(&incident.title_translations),
            workaround_other: translated(&incident.workaround_translations),
        }
    }

    /// The other language's text as the write API takes it: all translations replaced, so an
    /// emptied field removes the translation rather than publishing a blank title.
    fn translations(&self, text: &str) -> Translations {
        Some(text.trim())
            .filter(|t| !t.is_empty())
            .map(|t| Translations::from([(self.other, t.to_string())]))
            .unwrap_or_default()
    }

    /// Only what differs from `was`, the form as it started, so a save never reverts what
    /// someone else changed meanwhile.
    fn change(&self, was: &Edited) -> IncidentChange {
        IncidentChange {
            title_translations: (self.title_other.trim() != was.title_other.trim())
                .then(|| self.translations(&self.title_other)),
            workaround_translations: (self.workaround_other.trim() != was.workaround_other.trim())
                .then(|| self.translations(&self.workaround_other)),
            title: (self.title.trim() != was.title).then(|| self.title.trim().to_string()),
            impact: (self.impact != was.impact).then_some(self.impact),
            severity: if self.severity == was.severity {
                None
            } else {
                self.severity
            },
            cadence_minutes: self
                .cadence
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|m| m.to_string() != was.cadence),
            workaround: (self.workaround.trim() != was.workaround.trim())
                .then(|| self.workaround.trim().to_string()),
            components: (self.components != was.components).then(|| self.components.clone()),
            roles: Vec::new(),
        }
    }
}

/// The incident's details, editable.
#[component]
pub fn IncidentSettings(
    /// The incident.
    #[prop(into)]
    incident: Signal<Option<Incident>>,
    /// The feed, for the list of components.
    #[prop(into)]
    feed: Signal<Option<Arc<Feed>>>,
    /// Whether a write token is there.
    #[prop(into)]
    can_write: Signal<bool>,
    /// Called with the change.
    on_change: Callback<IncidentChange>,
) -> impl IntoView {
    let id = Memo::new(move |_| incident.with(|i| i.as_ref().map(|i| i.id.clone())));
    // A new form per incident; the feed updating under it never resets what is being typed.
    move || {
        id.get()?;
        let start = incident.get_untracked()?;
        Some(
            view! { <SettingsForm start=start feed=feed can_write=can_write on_change=on_change /> },
        )
    }
}

#[component]
fn SettingsForm(
    start: Incident,
    feed: Signal<Option<Arc<Feed>>>,
    can_write: Signal<bool>,
    on_change: Callback<IncidentChange>,
) -> impl IntoView {
    let locale = use_locale();
    let page_language = feed
        .get_untracked()
        .map_or(Locale::En, |f| f.page.language());
    let edited = RwSignal::new(Edited::of(&start, page_language));
    // What the form started from, moved on by each save: only what this lead edited is sent.
    let base = RwSignal::new(Edited::of(&start, page_language));
    let other = edited.with_untracked(|e| e.other);
    let other_name = other.endonym();
    let change = Memo::new(move |_| edited.with(|e| base.with(|b| e.change(b))));
    let unchanged = Memo::new(move |_| change.get() == IncidentChange::default());
    // Rebuilt only when the page language changes, so labels are plain text; values live
    // in signals, so nothing typed is lost.
    move || {
        let locale = locale.get();
        let w = words(locale);
        view! {
        <details class="incident-settings" data-testid="incident-settings">
            <summary>{w.settings}</summary>
            <label>{w.new_title} " "
                <input type="text" data-testid="set-title" maxlength="200" dir="auto" prop:value=move || edited.with(|e| e.title.clone())
                    on:input=move |ev| edited.update(|e| e.title = event_target_value(&ev)) />
            </label>
            <label>{w.title_in} " " {other_name} " "
                <input type="text" data-testid="set-title-other" maxlength="200" lang=other.tag() dir="auto"
                    aria-describedby="settings-translation-empty"
                    prop:value=move || edited.with(|e| e.title_other.clone())
                    on:input=move |ev| edited.update(|e| e.title_other = event_target_value(&ev)) />
            </label>
            <label>{w.impact} " "
                <select data-testid="set-impact" prop:value=move || edited.with(|e| e.impact.as_str())
                    on:change=move |ev| { let v = event_target_value(&ev); if let Some(i) = Impact::ALL.into_iter().find(|i| i.as_str() == v) { edited.update(|e| e.impact = i); } }>
                    {Impact::ALL.into_iter().map(|i| view! { <option value=i.as_str() selected=move || edited.with(|e| e.impact == i)>{i.label(locale)}</option> }).collect_view()}
                </select>
            </label>
            <label>{w.severity} " "
                <select data-testid="set-severity" prop:value=move || edited.with(|e| e.severity.map_or("", Severity::as_str))
                    on:change=move |ev| { let v = event_target_value(&ev); edited.update(|e| e.severity = Severity::ALL.into_iter().find(|s| s.as_str() == v)); }>
                    // The write API sets a severity but never clears one: "Not set" is offered
                    // only while none is set, so the form cannot show what the server will not do.
                    <Show when=move || base.with(|b| b.severity.is_none())>
                        <option value="">{w.no_severity}</option>
                    </Show>
                    {Severity::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=move || edited.with(|e| e.severity == Some(s))>{s.label(locale)}</option> }).collect_view()}
                </select>
            </label>
            <label>{w.cadence_minutes} " "
                <input type="number" min="1" max="1440" data-testid="set-cadence" prop:value=move || edited.with(|e| e.cadence.clone())
                    on:input=move |ev| edited.update(|e| e.cadence = event_target_value(&ev)) />
            </label>
            <label class="block">{w.workaround}
                <textarea data-testid="set-workaround" rows="2" prop:value=move || edited.with(|e| e.workaround.clone())
                    on:input=move |ev| edited.update(|e| e.workaround = event_target_value(&ev))></textarea>
            </label>
            <label class="block">{w.workaround_in} " " {other_name}
                <textarea data-testid="set-workaround-other" rows="2" lang=other.tag() dir="auto"
                    aria-describedby="settings-translation-empty"
                    prop:value=move || edited.with(|e| e.workaround_other.clone())
                    on:input=move |ev| edited.update(|e| e.workaround_other = event_target_value(&ev))></textarea>
            </label>
            <p class="hint" id="settings-translation-empty">{w.translation_empty}</p>
            <fieldset>
                <legend>{w.affected}</legend>
                {move || feed.get().map(|feed| feed.components.iter().map(|c| {
                    let id = c.id.clone();
                    let for_check = id.clone();
                    view! {
                        <label class="choice"><input type="checkbox" data-testid=format!("set-component-{id}")
                            prop:checked=move || edited.with(|e| e.components.contains(&for_check))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = id.clone();
                                edited.update(|e| { e.components.retain(|c| c != &id); if on { e.components.push(id); } });
                            } /> " " {c.name.clone()}</label>
                    }
                }).collect_view())}
            </fieldset>
            <button type="button" data-testid="settings-save" prop:disabled=move || unchanged.get() || !can_write.get()
                on:click=move |_| {
                    on_change.run(change.get_untracked());
                    base.set(edited.get_untracked());
                }>{w.settings_save}</button>
            {move || unchanged.get().then(|| view! { <span class="hint">{w.settings_unchanged}</span> })}
            {move || (!can_write.get()).then(|| view! { <span class="hint">{w.settings_needs_token}</span> })}
        </details>
        }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use herald_domain::demo::demo_feed;
    use herald_domain::{Locale, Translations};

    use super::Edited;

    fn open_incident() -> herald_domain::Incident {
        demo_feed()
            .incidents
            .into_iter()
            .find(|i| i.resolved_at.is_none())
            .expect("the demo has an open incident")
    }

    #[test]
    fn a_title_written_in_the_other_language_is_sent_as_its_translation() {
        let incident = open_incident();
        let was = Edited::of(&incident, Locale::En);
        assert_eq!(was.other, Locale::ZhCn);
        let mut edited = was.clone();
        edited.title_other = "  结账失败  ".into();
        let change = edited.change(&was);
        assert_eq!(
            change.title_translations,
            Some(Translations::from([(Locale::ZhCn, "结账失败".to_string())]))
        );
        assert_eq!(change.title, None, "the page's own title is untouched");
        assert_eq!(change.workaround_translations, None);
    }

    #[test]
    fn an_emptied_translation_removes_it_rather_than_publishing_a_blank() {
        let mut incident = open_incident();
        incident.workaround_translations = Translations::from([(Locale::En, "Retry.".into())]);
        let was = Edited::of(&incident, Locale::ZhCn);
        assert_eq!(
            was.other,
            Locale::En,
            "a Chinese page's other language is English"
        );
        assert_eq!(was.workaround_other, "Retry.");
        let mut edited = was.clone();
        edited.workaround_other = "   ".into();
        assert_eq!(
            edited.change(&was).workaround_translations,
            Some(Translations::new())
        );
    }

    #[test]
    fn an_untouched_form_changes_nothing() {
        let incident = open_incident();
        let was = Edited::of(&incident, Locale::En);
        assert_eq!(was.change(&was), herald_domain::IncidentChange::default());
    }
}

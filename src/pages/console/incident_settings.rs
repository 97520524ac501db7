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
    /// The translations as stored, so a save changes the other language's and keeps the rest.
    title_translations: Translations,
    workaround_translations: Translations,
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
            title_translations: incident.title_translations.clone(),
            workaround_translations: incident.workaround_translations.clone(),
        }
    }

    /// The translations with the other language's set to `text`, as the write API takes them
    /// (it replaces them all, so the others are carried over). An emptied field, or one that
    /// only repeats `own`, removes it: its readers then get `own` with the note that it is not
    /// in their language, rather than a blank or a copy passed off as a translation.
    fn translations(&self, stored: &Translations, text: &str, own: &str) -> Translations {
        let mut all = stored.clone();
        match text.trim() {
            "" => all.remove(&self.other),
            same if same == own.trim() => all.remove(&self.other),
            text => all.insert(self.other, text.to_string()),
        };
        all
    }

    /// A workaround written only in the other language: readers would never see it, since a
    /// translation stands beside the page's own text.
    fn orphan_workaround(&self) -> bool {
        self.workaround.trim().is_empty() && !self.workaround_other.trim().is_empty()
    }

    /// Only what differs from `was`, the form as it started, so a save never reverts what
    /// someone else changed meanwhile.
    fn change(&self, was: &Edited) -> IncidentChange {
        IncidentChange {
            title_translations: (self.title_other.trim() != was.title_other.trim()).then(|| {
                self.translations(&was.title_translations, &self.title_other, &self.title)
            }),
            workaround_translations: (self.workaround_other.trim() != was.workaround_other.trim())
                .then(|| {
                    self.translations(
                        &was.workaround_translations,
                        &self.workaround_other,
                        &self.workaround,
                    )
                }),
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
    let orphan = Memo::new(move |_| edited.with(Edited::orphan_workaround));
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
                <textarea data-testid="set-workaround" rows="2" dir="auto" prop:value=move || edited.with(|e| e.workaround.clone())
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
                            } /> " " <bdi>{c.name_in(locale, feed.page.language()).to_string()}</bdi></label>
                    }
                }).collect_view())}
            </fieldset>
            <button type="button" data-testid="settings-save" prop:disabled=move || unchanged.get() || orphan.get() || !can_write.get()
                on:click=move |_| {
                    let sent = change.get_untracked();
                    on_change.run(sent.clone());
                    let mut now = edited.get_untracked();
                    if let Some(t) = sent.title_translations { now.title_translations = t; }
                    if let Some(t) = sent.workaround_translations { now.workaround_translations = t; }
                    base.set(now.clone());
                    edited.set(now);
                }>{w.settings_save}</button>
            {move || unchanged.get().then(|| view! { <span class="hint">{w.settings_unchanged}</span> })}
            {move || orphan.get().then(|| view! { <span class="hint" data-testid="settings-orphan">{w.workaround_first}</span> })}
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
    fn a_save_keeps_other_translations_and_drops_a_copy_of_the_own_text() {
        let mut incident = open_incident();
        // A translation filed under the page's own language (the page's language changed).
        incident
            .title_translations
            .insert(Locale::En, "Old English title".into());
        let was = Edited::of(&incident, Locale::En);
        let mut edited = was.clone();
        edited.title_other = "新标题".into();
        let sent = edited.change(&was).title_translations.unwrap();
        assert_eq!(
            sent.get(&Locale::En).map(String::as_str),
            Some("Old English title")
        );
        assert_eq!(sent.get(&Locale::ZhCn).map(String::as_str), Some("新标题"));

        edited.title_other = format!(" {} ", incident.title);
        let sent = edited.change(&was).title_translations.unwrap();
        assert!(
            !sent.contains_key(&Locale::ZhCn),
            "a copy is no translation"
        );
    }

    #[test]
    fn a_workaround_only_in_the_other_language_is_held_back() {
        let mut incident = open_incident();
        incident.workaround = None;
        incident.workaround_translations.clear();
        let mut edited = Edited::of(&incident, Locale::En);
        assert!(!edited.orphan_workaround());
        edited.workaround_other = "稍后重试。".into();
        assert!(edited.orphan_workaround());
        edited.workaround = "Retry later.".into();
        assert!(!edited.orphan_workaround());
    }

    #[test]
    fn an_untouched_form_changes_nothing() {
        let incident = open_incident();
        let was = Edited::of(&incident, Locale::En);
        assert_eq!(was.change(&was), herald_domain::IncidentChange::default());
    }
}

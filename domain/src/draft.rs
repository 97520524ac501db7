//! The console's draft: everything the communications lead is about to publish on one
//! incident, as one value with pure operations.
//!
//! The console computes every control (the status select, the text, the next-update time,
//! the component selects), the comms check, every preview and the request it sends from a
//! [`Draft`] and the feed, and changes the draft only through these operations. Nothing is
//! copied from one piece of state into another, so what the screen shows is what is sent: the
//! property tests in `tests/draft.rs` drive random sequences of lead actions and compare.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::builtin_templates::{builtin_templates, vars_for_incident};
use crate::command::{NewUpdate, MAX_TEXT_CHARS};
use crate::comms_check::{CheckContext, Outlet};
use crate::component::{names_in, ComponentStatus};
use crate::feed::Feed;
use crate::incident::{Incident, IncidentStatus};
use crate::label::Locale;
use crate::template::{render, TemplateError, TemplateKind, Vars};
use crate::translation::Translations;
use crate::update::{Attempt, Audience, ComponentChange, Outcome};

/// Formats an instant for customer text in the page's time zone and the given language
/// (`09:51 CET`); the caller supplies it, so the domain carries no time-zone database.
pub type PageTime<'a> = &'a dyn Fn(DateTime<Utc>, Locale) -> String;

/// What the draft's operations read: the feed, the incident it is for, the time and how the
/// page writes times. The console builds one per change; tests build them with fixed clocks.
#[derive(Clone, Copy)]
pub struct Desk<'a> {
    /// The feed as last synced.
    pub feed: &'a Feed,
    /// The incident the draft is for.
    pub incident: &'a Incident,
    /// The time of the action.
    pub now: DateTime<Utc>,
    /// The page's time format.
    pub page_time: PageTime<'a>,
}

/// What the lead is writing for one incident; saved on every change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The incident the draft is for; every request goes to it and no other.
    pub incident: String,
    /// The template last picked, if any.
    pub template: Option<TemplateKind>,
    /// The language of the customer text.
    #[serde(with = "crate::template::locale_tag")]
    pub language: Locale,
    /// The status picked by hand or by a template; `None` keeps the incident's current one.
    pub status: Option<IncidentStatus>,
    /// The customer-facing text.
    pub text: String,
    /// The template's text as last rendered: while `text` still equals it the lead has not
    /// written anything of their own, and a variable edit may render the template again.
    pub rendered: Option<String>,
    /// A re-rendered template text offered, not forced, after a change the lead's own text
    /// could not take in place.
    pub offered: Option<String>,
    /// The text an explicit replacement (an accepted offer, a template over the lead's
    /// words) took away, for one-click undo; a text area's own undo cannot see those.
    pub replaced: Option<String>,
    /// Template variables the lead edited, over the values taken from the incident.
    pub variables: BTreeMap<String, String>,
    /// A note for responders, published after the public text.
    pub internal_note: String,
    /// What was tried, recorded with the internal note for the catch-up card.
    pub tried: Vec<Attempt>,
    /// Component statuses the lead set by hand.
    pub component_changes: Vec<ComponentChange>,
    /// Whether a resolution returns the incident's components to operational (the default:
    /// a resolved incident over a red component tells customers two stories).
    pub restore_components: bool,
    /// The next-update time promised, fixed when the text is first written so the text and
    /// the field cannot drift apart as the clock moves; `None` until then.
    #[serde(default, deserialize_with = "crate::time::relaxed_option")]
    pub next_update_at: Option<DateTime<Utc>>,
    /// Publish despite blocking findings.
    pub override_on: bool,
    /// Why; kept with the update.
    pub override_reason: String,
    /// The feed version the lead was looking at when they started writing: a public update
    /// published after it by someone else is a conflict to see before publishing.
    pub base_version: Option<u64>,
    /// The endpoint's reason for refusing the last attempt to publish this draft.
    pub refusal: Option<String>,
    /// The customer text in the other language, composed beside the first; `None` publishes
    /// one language only, on purpose.
    pub second: Option<SecondText>,
}

/// The customer text in a second language, written beside the first and published with it
/// in one write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecondText {
    /// Its language: the one the first text is not in.
    #[serde(with = "crate::template::locale_tag")]
    pub language: Locale,
    /// The text.
    pub text: String,
    /// The template's text in this language as last rendered; while `text` equals it, a
    /// template or variable change renders it again.
    pub rendered: Option<String>,
    /// The first and the second text when they last said the same thing (rendered together,
    /// or while the lead was bringing one up to date with the other).
    pub basis: (String, String),
    /// Which text the lead edited last by hand (`true`: the second), so a run of keystrokes
    /// in one text counts as one edit.
    pub last_edited_second: Option<bool>,
    /// Whether the run of edits under way answers a change to the other text (or writes a
    /// text from nothing), so the two agree again as it goes.
    pub answering: bool,
}

impl Default for SecondText {
    fn default() -> Self {
        Self {
            language: Locale::ZhCn,
            text: String::new(),
            rendered: None,
            basis: (String::new(), String::new()),
            last_edited_second: None,
            answering: false,
        }
    }
}

/// The language a second text is written in beside a first in `first`.
pub fn other_language(first: Locale) -> Locale {
    match first {
        Locale::En => Locale::ZhCn,
        Locale::ZhCn => Locale::En,
    }
}

impl Default for Draft {
    fn default() -> Self {
        Self {
            incident: String::new(),
            template: None,
            language: Locale::En,
            status: None,
            text: String::new(),
            rendered: None,
            offered: None,
            replaced: None,
            variables: BTreeMap::new(),
            internal_note: String::new(),
            tried: Vec::new(),
            component_changes: Vec::new(),
            restore_components: true,
            next_update_at: None,
            override_on: false,
            override_reason: String::new(),
            base_version: None,
            refusal: None,
            second: None,
        }
    }
}

/// The writes a draft turns into, in the order they are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outgoing {
    /// The incident they go to.
    pub incident: String,
    /// The customer-facing update, when there is text.
    pub public: Option<NewUpdate>,
    /// The responders' note (and what was tried), when there is one.
    pub internal: Option<NewUpdate>,
}

/// Why the draft cannot be published now; the console shows each beside the button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// Nothing written: no text, no note, nothing tried.
    NothingToSend,
    /// No write token entered.
    NoToken,
    /// The writer has not said who they are.
    NoAuthor,
    /// A text is over the endpoint's limit.
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// The comms check found an error and no override with a reason was given.
    CheckErrors,
    /// The template's stage and the status picked disagree (a holding text that resolves).
    TemplateDoesNotFit {
        /// The template.
        template: TemplateKind,
        /// The status picked.
        status: IncidentStatus,
    },
    /// The promised next-update time has already passed.
    PromiseInThePast,
    /// The template still needs a value the incident does not have.
    MissingVariable(String),
    /// A status or component change with no customer text: customers see both, so they are
    /// told in words, and a note alone changes neither.
    ChangesNeedCustomerText,
    /// Two languages are being written and this one is empty: write it, or remove the
    /// language to publish one on purpose.
    LanguageEmpty(Locale),
}

/// One thing the lead does to the draft; the console turns every control into one of these,
/// so the page holds no logic of its own about what a click means.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Picks a template.
    PickTemplate(TemplateKind),
    /// Picks a status.
    PickStatus(IncidentStatus),
    /// Changes the language of the customer text.
    SetLanguage(Locale),
    /// The lead typed.
    EditText(String),
    /// Writes the update in a second language beside the first (`true`), or in one only.
    SetSecondLanguage(bool),
    /// The lead typed in the second language.
    EditSecondText(String),
    /// Changes a template variable.
    EditVariable(String, String),
    /// Sets the promised next-update time.
    SetNextUpdate(DateTime<Utc>),
    /// Sets a component's status (the component, the status).
    SetComponent(String, ComponentStatus),
    /// Whether a resolution returns the components to operational.
    SetRestoreComponents(bool),
    /// Takes the offered template text.
    AcceptOffer,
    /// Keeps the lead's own text.
    DeclineOffer,
    /// Replaces the text in one click (a fix from the comms check).
    ReplaceText(String),
    /// Brings back the replaced text.
    Undo,
    /// The responders' note.
    SetNote(String),
    /// Records an attempt.
    AddAttempt(String, Outcome),
    /// Removes an attempt recorded by mistake.
    RemoveAttempt(usize),
    /// Publish despite blocking findings.
    SetOverride(bool),
    /// Why.
    SetOverrideReason(String),
    /// The "no change yet" update.
    Hold,
}

/// Rounds up to the whole minute, so the time written in the text ("09:51") and the time
/// sent agree to the second.
fn whole_minute_after(at: DateTime<Utc>) -> DateTime<Utc> {
    let secs = at.timestamp();
    let exact = secs.rem_euclid(60) == 0 && at.timestamp_subsec_nanos() == 0;
    let rounded = if exact {
        secs
    } else {
        (secs.div_euclid(60) + 1) * 60
    };
    DateTime::from_timestamp(rounded, 0).unwrap_or(at)
}

/// The default promise: one cadence from `now`, on the minute.
pub fn one_cadence_ahead(incident: &Incident, now: DateTime<Utc>) -> DateTime<Utc> {
    whole_minute_after(now + Duration::minutes(i64::from(incident.cadence_minutes.max(1))))
}

impl Draft {
    /// An empty draft for `incident`, written in `language`.
    pub fn new(incident: &Incident, language: Locale) -> Self {
        Self {
            incident: incident.id.clone(),
            language,
            ..Self::default()
        }
    }

    /// Applies one lead action.
    pub fn act(&mut self, action: Action, desk: &Desk<'_>) {
        match action {
            Action::PickTemplate(kind) => self.pick_template(kind, desk),
            Action::PickStatus(status) => self.pick_status(status, desk),
            Action::SetLanguage(locale) => self.set_language(locale, desk),
            Action::EditText(text) => self.edit_text(text, desk),
            Action::SetSecondLanguage(on) => self.set_second_language(on, desk),
            Action::EditSecondText(text) => self.edit_second_text(text, desk),
            Action::EditVariable(name, value) => self.edit_variable(&name, value, desk),
            Action::SetNextUpdate(at) => self.set_next_update(at, desk),
            Action::SetComponent(id, status) => self.set_component(&id, status),
            Action::SetRestoreComponents(on) => self.restore_components = on,
            Action::AcceptOffer => self.accept_offer(),
            Action::DeclineOffer => self.decline_offer(),
            Action::ReplaceText(text) => self.replace_text(text, desk),
            Action::Undo => self.undo(),
            Action::SetNote(note) => self.internal_note = note,
            Action::AddAttempt(action, outcome) => self.add_attempt(&action, outcome),
            Action::RemoveAttempt(index) => {
                if index < self.tried.len() {
                    self.tried.remove(index);
                }
            }
            Action::SetOverride(on) => self.override_on = on,
            Action::SetOverrideReason(reason) => self.override_reason = reason,
            Action::Hold => self.hold(desk),
        }
    }

    /// Whether nothing has been written yet: no text, note or attempt.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self
                .second
                .as_ref()
                .is_none_or(|s| s.text.trim().is_empty())
            && self.internal_note.trim().is_empty()
            && self.tried.is_empty()
    }

    /// Adds the second language (its template text when a template is picked) or removes it.
    pub fn set_second_language(&mut self, on: bool, desk: &Desk<'_>) {
        if !on {
            self.second = None;
            return;
        }
        if self.second.is_some() {
            return;
        }
        let language = other_language(self.language);
        let rendered = self.render_in(desk, language).and_then(Result::ok);
        let text = rendered.clone().unwrap_or_default();
        self.second = Some(SecondText {
            language,
            basis: (self.text.clone(), text.clone()),
            text,
            rendered,
            ..SecondText::default()
        });
    }

    /// The lead types in the second language.
    pub fn edit_second_text(&mut self, text: String, desk: &Desk<'_>) {
        let Some(second) = &mut self.second else {
            return;
        };
        second.text = text;
        self.hand_edit(true);
        self.started(desk);
        self.pin_promise(desk);
    }

    /// Records a hand edit of the first (`false`) or second text for [`Self::out_of_date`].
    fn hand_edit(&mut self, of_second: bool) {
        let first = self.text.clone();
        let Some(second) = &mut self.second else {
            return;
        };
        if second.last_edited_second != Some(of_second) {
            let (other_now, other_then, own_then) = if of_second {
                (&first, &second.basis.0, &second.basis.1)
            } else {
                (&second.text, &second.basis.1, &second.basis.0)
            };
            second.answering = other_now != other_then || own_then.trim().is_empty();
            second.last_edited_second = Some(of_second);
        }
        if second.answering {
            second.basis = (first, second.text.clone());
        }
    }

    /// Which language may no longer say what the other says: the other was edited since they
    /// last agreed, and this one was not. `None` with one language, or when both agree.
    pub fn out_of_date(&self) -> Option<Locale> {
        let second = self.second.as_ref()?;
        let first_changed = self.text != second.basis.0;
        let second_changed = second.text != second.basis.1;
        if first_changed && !second_changed && !second.text.trim().is_empty() {
            Some(second.language)
        } else if second_changed && !first_changed && !self.text.trim().is_empty() {
            Some(self.language)
        } else {
            None
        }
    }

    fn next_update_at_or_default(&self, desk: &Desk<'_>) -> Option<DateTime<Utc>> {
        self.next_update_at
            .or_else(|| Some(one_cadence_ahead(desk.incident, desk.now)))
    }

    /// The promise as the second text says it.
    fn second_said(&self, at: Option<DateTime<Utc>>, desk: &Desk<'_>) -> Option<String> {
        let language = self.second.as_ref()?.language;
        at.map(|at| (desk.page_time)(at, language))
    }

    /// Runs a template, variable or promise change on the first text, then lets the second
    /// follow it.
    fn following(&mut self, desk: &Desk<'_>, change: impl FnOnce(&mut Self)) {
        let promised_before = self.second_said(self.next_update_at_or_default(desk), desk);
        let agreed_before = self.out_of_date().is_none();
        change(self);
        let promised_after = self.second_said(self.next_update_at, desk);
        self.follow_second(
            desk,
            agreed_before,
            promised_before.as_deref(),
            promised_after.as_deref(),
        );
    }

    /// After a template, variable or promise change: the second text follows as the first
    /// does (rendered again while untouched, else the promise's words changed in place), and
    /// two texts that agreed before still agree.
    fn follow_second(
        &mut self,
        desk: &Desk<'_>,
        agreed_before: bool,
        promised_before: Option<&str>,
        promised_after: Option<&str>,
    ) {
        let Some(language) = self.second.as_ref().map(|s| s.language) else {
            return;
        };
        let rendered = self.render_in(desk, language).and_then(Result::ok);
        let first = self.text.clone();
        let first_untouched = self.rendered.as_deref() == Some(first.as_str());
        let Some(second) = &mut self.second else {
            return;
        };
        let untouched = second.text.trim().is_empty()
            || second.rendered.as_deref() == Some(second.text.as_str());
        match (&rendered, promised_before, promised_after) {
            (Some(rendered), _, _) if untouched => second.text.clone_from(rendered),
            (_, Some(old), Some(new))
                if !old.is_empty() && second.text.matches(old).count() == 1 =>
            {
                second.text = second.text.replacen(old, new, 1);
            }
            _ => {}
        }
        if rendered.is_some() {
            second.rendered.clone_from(&rendered);
        }
        if agreed_before || (untouched && first_untouched) {
            second.basis = (first, second.text.clone());
            second.last_edited_second = None;
            second.answering = false;
        }
    }

    /// Changes the language; a template text the lead has not touched follows it, their own
    /// words are kept and the template's text in the new language offered.
    pub fn set_language(&mut self, locale: Locale, desk: &Desk<'_>) {
        if self.language == locale {
            return;
        }
        if let Some(second) = self.second.as_mut().filter(|s| s.language == locale) {
            // Both are being written: the other one comes first, nothing is lost.
            second.language = self.language;
            std::mem::swap(&mut second.text, &mut self.text);
            std::mem::swap(&mut second.rendered, &mut self.rendered);
            let (first, other) = std::mem::take(&mut second.basis);
            second.basis = (other, first);
            second.last_edited_second = second.last_edited_second.map(|s| !s);
            self.language = locale;
            self.offered = None;
            return;
        }
        self.language = locale;
        if let Some(Ok(text)) = self.render_template(desk) {
            self.take_rendered(text);
        }
    }

    /// The status the update sets: the one picked, else the incident's current one. The
    /// status select shows exactly this.
    pub fn effective_status(&self, incident: &Incident) -> IncidentStatus {
        self.status.unwrap_or_else(|| incident.status())
    }

    /// The next-update time the update promises, shown in the time field: none once it
    /// resolves; the fixed one; else one cadence from now.
    pub fn promise(&self, desk: &Desk<'_>) -> Option<DateTime<Utc>> {
        self.effective_status(desk.incident).is_open().then(|| {
            self.next_update_at
                .unwrap_or_else(|| one_cadence_ahead(desk.incident, desk.now))
        })
    }

    /// The template variables: from the incident, the promise, then the lead's own values.
    pub fn vars(&self, desk: &Desk<'_>) -> Vars {
        self.vars_in(desk, self.language)
    }

    /// The template variables for a text in `locale`. The lead's own values are words in the
    /// first language, so the second language takes only the incident's and the promise.
    fn vars_in(&self, desk: &Desk<'_>, locale: Locale) -> Vars {
        let format = |at| (desk.page_time)(at, locale);
        let mut vars = vars_for_incident(desk.feed, desk.incident, locale, &format);
        match self.promise(desk) {
            Some(at) => vars.set("next_update_at", format(at)),
            None => vars.remove("next_update_at"),
        }
        if locale == self.language {
            for (name, value) in &self.variables {
                if !value.trim().is_empty() {
                    vars.set(name, value.clone());
                }
            }
        }
        vars
    }

    /// The picked template in `locale` with the variables for that language.
    fn render_in(&self, desk: &Desk<'_>, locale: Locale) -> Option<Result<String, TemplateError>> {
        let kind = self.template?;
        let body = template_body(kind, locale)?;
        Some(render(&body, &self.vars_in(desk, locale)))
    }

    /// The picked template's text with the current variables, or the first variable missing.
    ///
    /// # Errors
    /// [`TemplateError`] naming a variable the incident cannot supply and the lead has not
    /// filled in (a workaround nobody wrote down).
    pub fn render_template(&self, desk: &Desk<'_>) -> Option<Result<String, TemplateError>> {
        self.render_in(desk, self.language)
    }

    /// The variables the picked template uses, in order, for the variables panel.
    pub fn template_variables(&self) -> Vec<String> {
        self.template
            .and_then(|kind| template_body(kind, self.language))
            .and_then(|body| {
                crate::Template {
                    id: String::new(),
                    kind: TemplateKind::Holding,
                    locale: self.language,
                    body,
                }
                .variables()
                .ok()
            })
            .unwrap_or_default()
    }

    fn pin_promise(&mut self, desk: &Desk<'_>) {
        if self.next_update_at.is_none() && self.effective_status(desk.incident).is_open() {
            self.next_update_at = Some(one_cadence_ahead(desk.incident, desk.now));
        }
    }

    fn started(&mut self, desk: &Desk<'_>) {
        self.base_version = self.base_version.or(Some(desk.feed.version));
        self.refusal = None;
    }

    /// Picks a template: its stage becomes the status (the kinds that fit any stage keep the
    /// current one), and its text replaces the draft's, unless the lead had written words of
    /// their own, which are kept and the template's text offered instead.
    pub fn pick_template(&mut self, kind: TemplateKind, desk: &Desk<'_>) {
        self.following(desk, |draft| draft.pick_first_template(kind, desk));
    }

    fn pick_first_template(&mut self, kind: TemplateKind, desk: &Desk<'_>) {
        self.template = Some(kind);
        self.status = Some(kind.status().unwrap_or_else(|| desk.incident.status()));
        self.started(desk);
        // A resolution promises nothing (see `promise`), but the time fixed earlier is kept:
        // going back to an open stage must not move a time the text may already say.
        self.pin_promise(desk);
        self.offered = None;
        if let Some(Ok(text)) = self.render_template(desk) {
            self.take_rendered(text);
        }
    }

    /// Puts a freshly rendered template text in: in place while the text is the template's
    /// own (or empty), offered otherwise.
    fn take_rendered(&mut self, text: String) {
        let untouched =
            self.text.trim().is_empty() || self.rendered.as_deref() == Some(self.text.as_str());
        if untouched {
            self.text.clone_from(&text);
            self.offered = None;
        } else if self.text != text {
            self.offered = Some(text.clone());
        }
        self.rendered = Some(text);
    }

    /// The "no change yet" update: the holding template, keeping the current status.
    pub fn hold(&mut self, desk: &Desk<'_>) {
        self.pick_template(TemplateKind::Holding, desk);
        self.status = None;
    }

    /// Picks a status by hand; the select shows it and the request sends it.
    pub fn pick_status(&mut self, status: IncidentStatus, desk: &Desk<'_>) {
        self.status = Some(status);
        self.started(desk);
        if !self.text.trim().is_empty() {
            self.pin_promise(desk);
        }
    }

    /// The lead types: the text is theirs from now on, and the promise is fixed.
    pub fn edit_text(&mut self, text: String, desk: &Desk<'_>) {
        self.text = text;
        self.hand_edit(false);
        self.started(desk);
        self.pin_promise(desk);
    }

    /// Changes one template variable. The lead's words are never overwritten: an untouched
    /// template text is rendered again; otherwise only the variable's own words change, when
    /// they appear exactly once; otherwise the new text is offered.
    pub fn edit_variable(&mut self, name: &str, value: String, desk: &Desk<'_>) {
        self.following(desk, |draft| draft.edit_first_variable(name, value, desk));
    }

    fn edit_first_variable(&mut self, name: &str, value: String, desk: &Desk<'_>) {
        let before = self.vars(desk).get(name).map(str::to_string);
        self.variables.insert(name.to_string(), value);
        self.started(desk);
        self.pin_promise(desk);
        let after = self.vars(desk).get(name).map(str::to_string);
        self.follow_variable(before.as_deref(), after.as_deref(), desk);
    }

    /// Sets the promised next-update time by hand; the text follows as for a variable.
    pub fn set_next_update(&mut self, at: DateTime<Utc>, desk: &Desk<'_>) {
        self.following(desk, |draft| draft.set_first_next_update(at, desk));
    }

    fn set_first_next_update(&mut self, at: DateTime<Utc>, desk: &Desk<'_>) {
        // The time as the text says it, whether or not the status picked owes one right now:
        // a text kept while "resolved" is picked must still follow, for when it is reopened.
        let language = self.language;
        let said = |at: Option<DateTime<Utc>>| at.map(|at| (desk.page_time)(at, language));
        let before = said(
            self.next_update_at
                .or_else(|| Some(one_cadence_ahead(desk.incident, desk.now))),
        );
        self.next_update_at = Some(whole_minute_after(at));
        self.variables.remove("next_update_at");
        self.started(desk);
        let after = said(self.next_update_at);
        self.follow_variable(before.as_deref(), after.as_deref(), desk);
    }

    fn follow_variable(&mut self, before: Option<&str>, after: Option<&str>, desk: &Desk<'_>) {
        let rendered = self.render_template(desk).and_then(Result::ok);
        let untouched =
            self.text.trim().is_empty() || self.rendered.as_deref() == Some(self.text.as_str());
        let once = |text: &str, old: &str| !old.is_empty() && text.matches(old).count() == 1;
        match (&rendered, before, after) {
            (Some(rendered), _, _) if untouched => {
                self.text.clone_from(rendered);
                self.offered = None;
            }
            // The variable's own words change in place, even when the picked template cannot
            // be rendered yet (a value it needs is missing): the text never keeps a stale time.
            (_, Some(old), Some(new)) if once(&self.text, old) => {
                self.text = self.text.replacen(old, new, 1);
                self.offered = None;
                if untouched {
                    self.rendered = Some(self.text.clone());
                }
            }
            (Some(rendered), _, _) if &self.text != rendered => {
                self.offered = Some(rendered.clone());
            }
            _ => {}
        }
        // An offer made before this change still says the old value when the template cannot
        // be rendered now (a status it does not fit): it follows in place, or is withdrawn, so
        // accepting it never brings back a stale time.
        if rendered.is_none() {
            if let Some(offer) = self.offered.take() {
                self.offered = match (before, after) {
                    (Some(old), Some(new)) if once(&offer, old) => {
                        Some(offer.replacen(old, new, 1))
                    }
                    (Some(old), Some(new)) if old != new => None,
                    _ => Some(offer),
                };
            }
        }
        if let Some(rendered) = rendered {
            self.rendered = Some(rendered);
        }
    }

    /// Takes the offered template text; the lead's text can be brought back with [`Self::undo`].
    pub fn accept_offer(&mut self) {
        if let Some(text) = self.offered.take() {
            self.replaced = Some(std::mem::replace(&mut self.text, text));
            self.hand_edit(false);
        }
    }

    /// Keeps the lead's text and drops the offer.
    pub fn decline_offer(&mut self) {
        self.offered = None;
    }

    /// Replaces the text by an explicit action (a one-click fix), keeping the old for undo.
    pub fn replace_text(&mut self, text: String, desk: &Desk<'_>) {
        self.replaced = Some(std::mem::replace(&mut self.text, text));
        self.hand_edit(false);
        self.started(desk);
        self.pin_promise(desk);
    }

    /// Brings back the text the last explicit replacement took away.
    pub fn undo(&mut self) {
        if let Some(text) = self.replaced.take() {
            self.text = text;
            self.hand_edit(false);
        }
    }

    /// Sets a component's status.
    ///
    /// A choice equal to the current status is kept too: it says "leave this one as it is",
    /// so a resolution does not return it to operational behind the lead's back. The request
    /// leaves such no-op choices out.
    pub fn set_component(&mut self, id: &str, status: ComponentStatus) {
        self.component_changes.retain(|c| c.component != id);
        self.component_changes.push(ComponentChange {
            component: id.to_string(),
            status,
        });
    }

    /// Records something tried and how it went, for the catch-up card.
    pub fn add_attempt(&mut self, action: &str, outcome: Outcome) {
        let action = action.trim();
        if !action.is_empty() {
            self.tried.push(Attempt {
                action: action.to_string(),
                outcome,
            });
        }
    }

    /// The component statuses the update sets, as the selects show them: the lead's own, and
    /// on a resolution (unless turned off) every affected component back to operational.
    ///
    /// A component another open incident still affects is not restored unless the lead says
    /// so: it is still broken for that incident's customers.
    pub fn component_changes(&self, feed: &Feed, incident: &Incident) -> Vec<ComponentChange> {
        let mut changes: Vec<ComponentChange> = self
            .component_changes
            .iter()
            .filter(|c| {
                feed.component(&c.component)
                    .is_none_or(|now| now.status != c.status)
            })
            .cloned()
            .collect();
        if !self.effective_status(incident).is_open() && self.restore_components {
            let shared: Vec<String> = Self::shared_components(feed, incident)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            for id in &incident.components {
                let broken = feed
                    .component(id)
                    .is_some_and(|c| c.status != ComponentStatus::Operational);
                let chosen = self.component_changes.iter().any(|c| &c.component == id);
                if broken && !chosen && !shared.contains(id) {
                    changes.push(ComponentChange {
                        component: id.clone(),
                        status: ComponentStatus::Operational,
                    });
                }
            }
        }
        changes
    }

    /// The status a component's select shows: the change the update makes, else its current.
    pub fn component_shown(&self, feed: &Feed, incident: &Incident, id: &str) -> ComponentStatus {
        self.component_changes(feed, incident)
            .into_iter()
            .find(|c| c.component == id)
            .map(|c| c.status)
            .or_else(|| feed.component(id).map(|c| c.status))
            .unwrap_or(ComponentStatus::Unknown)
    }

    /// What the comms check is told about the text.
    pub fn check_context(&self, desk: &Desk<'_>) -> CheckContext {
        self.check_context_in(desk, self.language)
    }

    /// What the comms check is told about the text in `locale` (either of the two).
    pub fn check_context_in(&self, desk: &Desk<'_>, locale: Locale) -> CheckContext {
        CheckContext {
            locale,
            status: self.effective_status(desk.incident),
            impact: desk.incident.impact,
            affected: names_in(
                &desk.feed.components,
                &desk.incident.components,
                locale,
                desk.feed.page.language(),
            ),
            title: desk
                .incident
                .title_in(locale, desk.feed.page.language())
                .to_string(),
            maintenance: self.template.is_some_and(TemplateKind::is_maintenance),
            outlet: Outlet::StatusPage,
            next_update_at: self.promise(desk).map(|at| (desk.page_time)(at, locale)),
            host_patterns: Vec::new(),
        }
    }

    /// The writes this draft becomes, signed by `author`; `blocked` says whether the comms
    /// check found an error, so an override reason goes with the update only when it is used.
    pub fn outgoing(&self, desk: &Desk<'_>, author: &str, blocked: bool) -> Outgoing {
        let status = self.effective_status(desk.incident);
        let (text, language, translations) = self.published_texts(desk);
        let public = (!text.trim().is_empty()).then(|| NewUpdate {
            language: Some(language),
            translations,
            component_changes: self.component_changes(desk.feed, desk.incident),
            check_override: (blocked && self.override_on)
                .then(|| self.override_reason.trim().to_string())
                .filter(|r| !r.is_empty()),
            next_update_at: self.promise(desk),
            ..NewUpdate::new(Audience::Public, status, author.trim(), text)
        });
        let note = if self.internal_note.trim().is_empty() && !self.tried.is_empty() {
            attempts_note(&self.tried, self.language)
        } else {
            self.internal_note.clone()
        };
        // One story: a note keeps the status customers were (or are now being) told.
        let note_status = if public.is_some() {
            status
        } else {
            desk.incident.status()
        };
        let internal = (!note.trim().is_empty()).then(|| NewUpdate {
            tried: self.tried.clone(),
            ..NewUpdate::new(Audience::Internal, note_status, author.trim(), note)
        });
        Outgoing {
            incident: self.incident.clone(),
            public,
            internal,
        }
    }

    /// The customer text as published: with two languages, the page's default language is
    /// the text and the other its translation (as Statuspage exports and old readers expect);
    /// a lead writing one language publishes that one, with its language named.
    fn published_texts(&self, desk: &Desk<'_>) -> (String, Locale, Translations) {
        let Some(second) = self.second.as_ref().filter(|s| !s.text.trim().is_empty()) else {
            return (self.text.clone(), self.language, Translations::new());
        };
        let page = desk.feed.page.language();
        let (first, other) = if second.language == page && self.language != page {
            ((second.language, &second.text), (self.language, &self.text))
        } else {
            ((self.language, &self.text), (second.language, &second.text))
        };
        let translations = if other.1.trim().is_empty() {
            Translations::new()
        } else {
            Translations::from([(other.0, other.1.clone())])
        };
        (first.1.clone(), first.0, translations)
    }

    /// Every reason the draft cannot go out now, in the order the lead should fix them.
    pub fn blockers(
        &self,
        desk: &Desk<'_>,
        has_token: bool,
        author: &str,
        check_blocks: bool,
    ) -> Vec<Blocker> {
        let mut blockers = Vec::new();
        let status = self.effective_status(desk.incident);
        let changes = status != desk.incident.status()
            || !self.component_changes(desk.feed, desk.incident).is_empty();
        let nothing = self.text.trim().is_empty()
            && self.internal_note.trim().is_empty()
            && self.tried.is_empty();
        match self.render_template(desk) {
            Some(Err(TemplateError::MissingVariable(name))) if self.text.trim().is_empty() => {
                blockers.push(Blocker::MissingVariable(name));
            }
            _ if self.text.trim().is_empty() && changes => {
                blockers.push(Blocker::ChangesNeedCustomerText);
            }
            _ if nothing => blockers.push(Blocker::NothingToSend),
            _ => {}
        }
        if let Some(template) = self.template {
            if !self.text.trim().is_empty() && !template.fits(status) {
                blockers.push(Blocker::TemplateDoesNotFit { template, status });
            }
        }
        if let Some(second) = &self.second {
            let first_empty = self.text.trim().is_empty();
            let second_empty = second.text.trim().is_empty();
            if first_empty != second_empty {
                blockers.push(Blocker::LanguageEmpty(if first_empty {
                    self.language
                } else {
                    second.language
                }));
            }
        }
        let second_text = self.second.as_ref().map(|s| &s.text);
        for text in [Some(&self.text), second_text, Some(&self.internal_note)]
            .into_iter()
            .flatten()
        {
            let chars = text.chars().count();
            if chars > MAX_TEXT_CHARS {
                blockers.push(Blocker::TooLong { chars });
            }
        }
        if !self.text.trim().is_empty() {
            let overridden = self.override_on && !self.override_reason.trim().is_empty();
            if check_blocks && !overridden {
                blockers.push(Blocker::CheckErrors);
            }
            if self.promise(desk).is_some_and(|at| at <= desk.now) {
                blockers.push(Blocker::PromiseInThePast);
            }
        }
        if author.trim().is_empty() {
            blockers.push(Blocker::NoAuthor);
        }
        if !has_token {
            blockers.push(Blocker::NoToken);
        }
        blockers
    }

    /// The components this incident shares with other open incidents, with their titles: a
    /// change to one of them changes what those incidents' readers see too.
    pub fn shared_components<'f>(
        feed: &'f Feed,
        incident: &Incident,
    ) -> Vec<(String, Vec<&'f Incident>)> {
        incident
            .components
            .iter()
            .filter_map(|id| {
                let others: Vec<&Incident> = feed
                    .open_incidents()
                    .into_iter()
                    .filter(|other| other.id != incident.id && other.components.contains(id))
                    .collect();
                (!others.is_empty()).then(|| (id.clone(), others))
            })
            .collect()
    }
}

/// The body of the built-in template of `kind` in `locale`.
fn template_body(kind: TemplateKind, locale: Locale) -> Option<String> {
    builtin_templates()
        .into_iter()
        .find(|t| t.kind == kind && t.locale == locale)
        .map(|t| t.body)
}

/// A note made of what was tried, when the lead recorded attempts without words of their own.
fn attempts_note(tried: &[Attempt], locale: Locale) -> String {
    use crate::label::Label;
    let items: Vec<String> = tried
        .iter()
        .map(|a| format!("{} ({})", a.action, a.outcome.label(locale)))
        .collect();
    match locale {
        Locale::En => format!("Tried: {}.", items.join("; ")),
        Locale::ZhCn => format!("已尝试：{}。", items.join("；")),
    }
}

/// The template the console marks "suggested" and the ones it lists: the kinds that would
/// move the incident back a stage are left out unless `show_all`.
pub fn listed_templates(current: IncidentStatus, show_all: bool) -> Vec<TemplateKind> {
    TemplateKind::ALL
        .into_iter()
        .filter(|k| show_all || !k.regresses(current))
        .collect()
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::demo::demo_feed;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 8, 40, 12).unwrap()
    }

    fn berlin(at: DateTime<Utc>, _: Locale) -> String {
        (at + Duration::hours(1)).format("%H:%M CET").to_string()
    }

    fn with_desk<T>(feed: &Feed, f: impl FnOnce(&Desk<'_>) -> T) -> T {
        let incident = feed.incidents[0].clone();
        let desk = Desk {
            feed,
            incident: &incident,
            now: now(),
            page_time: &berlin,
        };
        f(&desk)
    }

    #[test]
    fn a_template_sets_the_status_the_select_shows_and_the_request_sends() {
        // Regression (console issue, problem 2): the select showed one status and the request
        // carried another.
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.pick_status(IncidentStatus::Resolved, desk);
            draft.pick_template(TemplateKind::Identified, desk);
            let shown = draft.effective_status(desk.incident);
            assert_eq!(shown, IncidentStatus::Identified);
            let sent = draft.outgoing(desk, "Amara", false).public.unwrap();
            assert_eq!(sent.status, shown);
        });
    }

    #[test]
    fn a_variable_edit_never_overwrites_the_leads_words() {
        // Regression (console issue, problem 3): editing a variable after typing replaced the
        // text with the re-rendered template.
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.pick_template(TemplateKind::Monitoring, desk);
            let typed = format!("{} Card payments are back too.", draft.text);
            let listed = draft.vars(desk).get("components").unwrap().to_string();
            draft.edit_text(typed.clone(), desk);
            draft.edit_variable("components", "checkout".into(), desk);
            assert_eq!(draft.text, typed.replacen(&listed, "checkout", 1));
            // Words the variable no longer matches are left alone, and the template offered.
            draft.edit_text("All my own words.".into(), desk);
            draft.edit_variable("components", "the app".into(), desk);
            assert_eq!(draft.text, "All my own words.");
            assert!(draft.offered.as_deref().unwrap().contains("the app"));
            draft.accept_offer();
            assert!(draft.text.contains("the app"));
            draft.undo();
            assert_eq!(draft.text, "All my own words.");
        });
    }

    #[test]
    fn the_promise_is_fixed_when_the_text_is_written_and_follows_a_manual_time() {
        // Regression (console issue, problem 6): the clock and the text disagreed.
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.pick_template(TemplateKind::Holding, desk);
            let promised = draft.promise(desk).unwrap();
            assert_eq!(
                promised,
                Utc.with_ymd_and_hms(2026, 11, 20, 8, 56, 0).unwrap()
            );
            assert!(draft.text.contains("by 09:56 CET"), "{}", draft.text);
            let later = Desk {
                now: now() + Duration::minutes(3),
                ..*desk
            };
            assert_eq!(
                draft.promise(&later),
                Some(promised),
                "the clock does not move it"
            );
            draft.set_next_update(
                Utc.with_ymd_and_hms(2026, 11, 20, 8, 40, 30).unwrap() + Duration::minutes(10),
                &later,
            );
            assert!(draft.text.contains("by 09:51 CET"), "{}", draft.text);
            let sent = draft.outgoing(&later, "Amara", false).public.unwrap();
            assert_eq!(sent.next_update_at, draft.promise(&later));
        });
    }

    #[test]
    fn a_time_set_while_resolved_is_picked_still_reaches_the_text() {
        // Found by the property test: hold, pick Resolved, move the time, reopen; the text
        // kept the old time while the field promised the new one.
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.hold(desk);
            draft.pick_status(IncidentStatus::Resolved, desk);
            draft.set_next_update(now() + Duration::minutes(1), desk);
            draft.pick_status(IncidentStatus::Investigating, desk);
            let promised = draft.promise(desk).unwrap();
            assert!(
                draft.text.contains(&berlin(promised, Locale::En)),
                "{}",
                draft.text
            );
        });
    }

    #[test]
    fn a_template_needing_a_workaround_says_which_value_is_missing() {
        // Regression (console issue, problem 7).
        let mut feed = demo_feed();
        feed.incidents[0].workaround = None;
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.pick_template(TemplateKind::Identified, desk);
            assert!(draft.text.is_empty());
            assert_eq!(
                draft.blockers(desk, true, "Amara", false),
                [Blocker::MissingVariable("workaround".into())]
            );
            assert!(draft
                .template_variables()
                .contains(&"workaround".to_string()));
            draft.edit_variable("workaround", "Pay by card on the website.".into(), desk);
            assert!(draft.text.contains("Pay by card on the website."));
            assert!(draft.blockers(desk, true, "Amara", false).is_empty());
        });
    }

    #[test]
    fn a_holding_text_keeps_the_current_status_and_cannot_resolve() {
        // Regression (console issue, problem 8).
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.hold(desk);
            assert_eq!(
                draft.effective_status(desk.incident),
                desk.incident.status()
            );
            draft.pick_status(IncidentStatus::Resolved, desk);
            assert!(draft.blockers(desk, true, "Amara", false).contains(
                &Blocker::TemplateDoesNotFit {
                    template: TemplateKind::Holding,
                    status: IncidentStatus::Resolved
                }
            ));
        });
    }

    #[test]
    fn resolving_returns_the_components_to_operational_unless_turned_off() {
        // Regression (console issue, problem 9).
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.pick_template(TemplateKind::Resolved, desk);
            draft.edit_variable("data_outcome", "No data was lost.".into(), desk);
            let changes = draft
                .outgoing(desk, "Amara", false)
                .public
                .unwrap()
                .component_changes;
            let broken: Vec<&String> = desk
                .incident
                .components
                .iter()
                .filter(|id| feed.component(id).unwrap().status != ComponentStatus::Operational)
                .collect();
            assert!(!broken.is_empty());
            for id in broken {
                assert!(changes
                    .iter()
                    .any(|c| &c.component == id && c.status == ComponentStatus::Operational));
            }
            assert!(draft
                .outgoing(desk, "Amara", false)
                .public
                .unwrap()
                .next_update_at
                .is_none());
            draft.restore_components = false;
            assert!(draft
                .outgoing(desk, "Amara", false)
                .public
                .unwrap()
                .component_changes
                .is_empty());
        });
    }

    #[test]
    fn every_update_is_signed_by_its_writer_and_attempts_reach_the_note() {
        // Regression (console issue, problem 10).
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.add_attempt("Restarted the payment workers", Outcome::NoEffect);
            let out = draft.outgoing(desk, " Jonas ", false);
            assert!(out.public.is_none());
            let note = out.internal.unwrap();
            assert_eq!(note.author, "Jonas");
            assert_eq!(note.tried.len(), 1);
            assert_eq!(
                note.status,
                desk.incident.status(),
                "a note keeps the status"
            );
            assert!(note
                .text
                .starts_with("Tried: Restarted the payment workers"));
        });
    }

    #[test]
    fn every_reason_publishing_is_off_is_named() {
        // Regression (console issue, problem 11): Publish was greyed out with no reason.
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let draft = Draft::new(desk.incident, Locale::En);
            assert_eq!(
                draft.blockers(desk, false, "", false),
                [Blocker::NothingToSend, Blocker::NoAuthor, Blocker::NoToken]
            );
            let mut long = draft.clone();
            long.edit_text("x".repeat(MAX_TEXT_CHARS + 1), desk);
            assert!(long
                .blockers(desk, true, "A", false)
                .contains(&Blocker::TooLong {
                    chars: MAX_TEXT_CHARS + 1
                }));
            let mut late = draft;
            late.edit_text("We will post the next update by 09:56 CET.".into(), desk);
            let later = Desk {
                now: now() + Duration::minutes(30),
                ..*desk
            };
            assert!(late
                .blockers(&later, true, "A", false)
                .contains(&Blocker::PromiseInThePast));
        });
    }

    #[test]
    fn components_another_open_incident_affects_are_named() {
        // Regression (console issue, problem 9): changing a shared component went unnoticed.
        let mut feed = demo_feed();
        let mut other = feed.incidents[0].clone();
        other.id = "inc-other".into();
        other.title = "Payments slow".into();
        other.components = vec!["checkout".into()];
        feed.incidents.push(other);
        let shared = Draft::shared_components(&feed, &feed.incidents[0]);
        assert_eq!(shared.len(), 1);
        assert_eq!(shared[0].0, "checkout");
        assert_eq!(shared[0].1[0].title, "Payments slow");
        // Once the other incident is resolved, it affects nothing any more.
        let last = feed.incidents.len() - 1;
        for update in &mut feed.incidents[last].updates {
            update.status = IncidentStatus::Resolved;
        }
        assert!(Draft::shared_components(&feed, &feed.incidents[0]).is_empty());
    }

    #[test]
    fn regressing_templates_are_hidden_unless_asked() {
        let listed = listed_templates(IncidentStatus::Monitoring, false);
        assert!(!listed.contains(&TemplateKind::Identified));
        assert!(listed.contains(&TemplateKind::Holding));
        assert!(
            listed_templates(IncidentStatus::Monitoring, true).contains(&TemplateKind::Identified)
        );
    }

    #[test]
    fn a_saved_draft_reads_back_and_an_old_one_gets_defaults() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::ZhCn);
            draft.pick_template(TemplateKind::Monitoring, desk);
            let json = serde_json::to_string(&draft).unwrap();
            assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), draft);
            let old: Draft =
                serde_json::from_str(r#"{"public_text":"x","language":"zh-CN"}"#).unwrap();
            assert!(old.restore_components);
            assert_eq!(old.language, Locale::ZhCn);
        });
    }

    fn bilingual(desk: &Desk<'_>) -> Draft {
        let mut draft = Draft::new(desk.incident, Locale::En);
        draft.act(Action::SetSecondLanguage(true), desk);
        draft.act(Action::PickTemplate(TemplateKind::Identified), desk);
        draft
    }

    #[test]
    fn both_languages_come_from_their_templates_and_go_out_in_one_write() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let draft = bilingual(desk);
            let second = draft.second.as_ref().unwrap();
            assert_eq!(second.language, Locale::ZhCn);
            assert!(
                draft.text.starts_with("We have found the cause"),
                "{}",
                draft.text
            );
            // The Chinese template, with the components' Chinese names.
            assert!(second.text.contains("结账和订单"), "{}", second.text);
            assert_eq!(draft.out_of_date(), None);
            let sent = draft.outgoing(desk, "Amara", false).public.unwrap();
            assert_eq!(sent.text, draft.text);
            assert_eq!(sent.language, Some(Locale::En));
            assert_eq!(sent.translations[&Locale::ZhCn], second.text);
            assert!(draft.blockers(desk, true, "Amara", false).is_empty());
        });
    }

    #[test]
    fn editing_one_language_after_the_other_says_the_other_may_be_out_of_date() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = bilingual(desk);
            let english = format!("{} Card payments work again.", draft.text);
            draft.act(Action::EditText(english.clone()), desk);
            draft.act(Action::EditText(format!("{english} ")), desk);
            assert_eq!(draft.out_of_date(), Some(Locale::ZhCn));
            // Bringing the Chinese up to date, keystroke by keystroke, clears it for good.
            let chinese = draft.second.as_ref().unwrap().text.clone();
            draft.act(Action::EditSecondText(format!("{chinese}银")), desk);
            draft.act(
                Action::EditSecondText(format!("{chinese}银行卡支付已恢复。")),
                desk,
            );
            assert_eq!(draft.out_of_date(), None);
            // And the other way round.
            draft.act(
                Action::EditSecondText(format!("{chinese}银行卡支付已恢复正常。")),
                desk,
            );
            let english_again = draft.text.clone();
            draft.act(Action::EditText(english_again), desk);
            assert_eq!(draft.out_of_date(), None, "no change is not an edit");
        });
    }

    #[test]
    fn a_chinese_edit_alone_says_the_english_may_be_out_of_date() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = bilingual(desk);
            let chinese = draft.second.as_ref().unwrap().text.clone();
            draft.act(
                Action::EditSecondText(format!("{chinese}我们深表歉意。")),
                desk,
            );
            assert_eq!(draft.out_of_date(), Some(Locale::En));
        });
    }

    #[test]
    fn a_new_promise_changes_both_texts_and_they_still_agree() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = bilingual(desk);
            draft.act(Action::SetNextUpdate(now() + Duration::minutes(45)), desk);
            let said = berlin(draft.next_update_at.unwrap(), Locale::En);
            assert!(draft.text.contains(&said), "{}", draft.text);
            assert!(draft.second.as_ref().unwrap().text.contains(&said));
            assert_eq!(draft.out_of_date(), None);
        });
    }

    #[test]
    fn an_empty_second_language_blocks_until_written_or_removed() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::En);
            draft.act(Action::SetSecondLanguage(true), desk);
            draft.act(
                Action::EditText("Checkout is slow for some of you.".into()),
                desk,
            );
            let blockers = draft.blockers(desk, true, "Amara", false);
            assert!(blockers.contains(&Blocker::LanguageEmpty(Locale::ZhCn)));
            // Writing it from nothing is translating, not an edit that outdates the English.
            draft.act(Action::EditSecondText("部分用户结账缓慢。".into()), desk);
            assert_eq!(draft.out_of_date(), None);
            assert!(draft.blockers(desk, true, "Amara", false).is_empty());
            draft.act(Action::SetSecondLanguage(false), desk);
            let sent = draft.outgoing(desk, "Amara", false).public.unwrap();
            assert!(sent.translations.is_empty(), "one language, on purpose");
        });
    }

    #[test]
    fn on_a_chinese_first_draft_the_pages_english_is_the_text_and_chinese_the_translation() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = Draft::new(desk.incident, Locale::ZhCn);
            draft.act(Action::SetSecondLanguage(true), desk);
            draft.act(Action::PickTemplate(TemplateKind::Holding), desk);
            let sent = draft.outgoing(desk, "Amara", false).public.unwrap();
            assert_eq!(sent.language, Some(Locale::En));
            assert_eq!(sent.text, draft.second.as_ref().unwrap().text);
            assert_eq!(sent.translations[&Locale::ZhCn], draft.text);
        });
    }

    #[test]
    fn switching_the_first_language_swaps_the_two_and_loses_nothing() {
        let feed = demo_feed();
        with_desk(&feed, |desk| {
            let mut draft = bilingual(desk);
            let (english, chinese) = (draft.text.clone(), draft.second.clone().unwrap().text);
            draft.act(Action::SetLanguage(Locale::ZhCn), desk);
            assert_eq!(draft.text, chinese);
            assert_eq!(draft.second.as_ref().unwrap().text, english);
            assert_eq!(draft.out_of_date(), None);
        });
    }
}

//! Declaring an incident from the console: the form as one value, and the single request it
//! becomes, first public update included.
//!
//! Incident practice asks for the first public post within minutes of declaring, from a
//! template; so the first text is part of the declaration, written from the template that
//! fits the components' state and kept in step with the form until the lead types in it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::builtin_templates::{builtin_templates, suggest};
use crate::command::{readable_id, NewIncident, NewUpdate, RoleChange, MAX_TITLE_CHARS};
use crate::comms_check::CheckContext;
use crate::component::ComponentStatus;
use crate::draft::{one_cadence_ahead, Desk, Draft, PageTime};
use crate::feed::Feed;
use crate::incident::{Impact, Incident, IncidentStatus, Role, Severity, DEFAULT_CADENCE_MINUTES};
use crate::label::Locale;
use crate::template::TemplateKind;
use crate::translation::Translations;
use crate::update::{Audience, ComponentChange};

/// The "open an incident" form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Declaration {
    /// The title customers see, in the declaration's language.
    pub title: String,
    /// The title in the other language, for its readers from the first minute; may be empty.
    pub title_other: String,
    /// How badly customers are affected.
    pub impact: Impact,
    /// How urgent the response is.
    pub severity: Option<Severity>,
    /// The affected components and the status each is in now.
    pub components: Vec<ComponentChange>,
    /// Minutes between public updates.
    pub cadence_minutes: u32,
    /// Who holds which role from the start (empty names are left out).
    pub roles: Vec<RoleChange>,
    /// What customers can do meanwhile.
    pub workaround: String,
    /// The language of the first text.
    #[serde(with = "crate::template::locale_tag")]
    pub language: Locale,
    /// The first public text, once the lead has written in it; `None` follows the template.
    pub text: Option<String>,
    /// The next update the first text promises, fixed when the form is opened or the cadence
    /// changes, so the text shown and the request sent promise the same minute.
    #[serde(default, deserialize_with = "crate::time::relaxed_option")]
    pub next_update_at: Option<DateTime<Utc>>,
}

impl Default for Declaration {
    fn default() -> Self {
        Self {
            title: String::new(),
            title_other: String::new(),
            impact: Impact::Major,
            severity: None,
            components: Vec::new(),
            cadence_minutes: DEFAULT_CADENCE_MINUTES,
            roles: Role::ALL
                .iter()
                .map(|&role| RoleChange {
                    role,
                    holder: String::new(),
                })
                .collect(),
            workaround: String::new(),
            language: Locale::En,
            text: None,
            next_update_at: None,
        }
    }
}

/// Why the declaration cannot be sent yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclarationBlocker {
    /// No title.
    NoTitle,
    /// A title over the limit.
    TitleTooLong,
    /// No component picked: customers need to know what is affected.
    NoComponents,
    /// No first public text.
    NoText,
    /// The form was open longer than the cadence: the promised time has passed.
    PromiseInThePast,
}

impl Declaration {
    /// The promise of the first update: the one fixed, else one cadence from `now`.
    pub fn promise(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.next_update_at
            .unwrap_or_else(|| one_cadence_ahead(&self.incident(String::new(), now), now))
    }

    /// Fixes the promise one cadence from `now` (on opening the form, on a new cadence).
    pub fn pin_promise(&mut self, now: DateTime<Utc>) {
        self.next_update_at = Some(one_cadence_ahead(&self.incident(String::new(), now), now));
    }

    /// The incident as it will be once opened on `feed`'s page. A title and workaround written
    /// in another language than the page's are filed as that language's too, so the Chinese
    /// first text takes the workaround the lead wrote in Chinese, and Chinese readers get them
    /// without a fallback note.
    pub fn incident_on(&self, feed: &Feed, id: String, now: DateTime<Utc>) -> Incident {
        let mut incident = self.incident(id, now);
        let page = feed.page.language();
        let own = |text: &str| {
            Some(text.trim().to_string())
                .filter(|t| !t.is_empty())
                .map(|t| Translations::from([(self.language, t)]))
                .unwrap_or_default()
        };
        if self.language != page {
            incident.title_translations = own(&self.title);
            incident.workaround_translations = own(&self.workaround);
        }
        // The other language's title: the page's own title when the declaration is written in
        // another, else a translation; the written one stays as it was typed.
        let other = self.title_other.trim();
        if !other.is_empty() {
            if let Some(other_language) = Locale::ALL.into_iter().find(|l| *l != self.language) {
                if other_language == page {
                    incident.title = other.to_string();
                } else {
                    incident
                        .title_translations
                        .insert(other_language, other.to_string());
                }
            }
        }
        incident
    }

    /// Writes the declaration in `language` from now on. The two titles are kept by language,
    /// not by field: the one typed in the old language moves to the other-language field, so
    /// switching never publishes a Chinese title as the English one.
    pub fn set_language(&mut self, language: Locale) {
        if language != self.language {
            std::mem::swap(&mut self.title, &mut self.title_other);
            self.language = language;
        }
    }

    /// The incident as it will be once opened, for rendering the first text and previews.
    pub fn incident(&self, id: String, now: DateTime<Utc>) -> Incident {
        Incident {
            id,
            title: self.title.trim().to_string(),
            title_translations: Translations::new(),
            impact: self.impact,
            severity: self.severity,
            started_at: now,
            resolved_at: None,
            components: self
                .components
                .iter()
                .map(|c| c.component.clone())
                .collect(),
            workaround: Some(self.workaround.trim().to_string()).filter(|w| !w.is_empty()),
            workaround_translations: Translations::new(),
            roles: Vec::new(),
            cadence_minutes: self.cadence_minutes.max(1),
            updates: Vec::new(),
        }
    }

    /// The feed as the first text sees it: the components already in their new status.
    fn feed_with_components(&self, feed: &Feed) -> Feed {
        let mut feed = feed.clone();
        for change in &self.components {
            if let Some(c) = feed
                .components
                .iter_mut()
                .find(|c| c.id == change.component)
            {
                c.status = change.status;
            }
        }
        feed
    }

    /// The template the first text comes from: the one that fits the components' state,
    /// falling back to "investigating" when it needs a workaround nobody wrote.
    pub fn template(&self, feed: &Feed, now: DateTime<Utc>) -> TemplateKind {
        let feed = self.feed_with_components(feed);
        let kind = suggest(&feed, &self.incident_on(&feed, String::new(), now));
        let needs_workaround = builtin_templates()
            .iter()
            .any(|t| t.kind == kind && t.body.contains("{workaround}"));
        if needs_workaround && self.workaround.trim().is_empty() {
            TemplateKind::Investigating
        } else {
            kind
        }
    }

    /// The first public text: the lead's own, or the template rendered from the form.
    pub fn first_text(&self, feed: &Feed, now: DateTime<Utc>, page_time: PageTime<'_>) -> String {
        if let Some(text) = &self.text {
            return text.clone();
        }
        let kind = self.template(feed, now);
        self.with_draft(feed, now, page_time, |draft, desk| {
            draft.pick_template(kind, desk);
            draft.text.clone()
        })
    }

    /// Runs `f` on the first update's draft, over the feed as it will be once declared.
    fn with_draft<T>(
        &self,
        feed: &Feed,
        now: DateTime<Utc>,
        page_time: PageTime<'_>,
        f: impl FnOnce(&mut Draft, &Desk<'_>) -> T,
    ) -> T {
        let feed = self.feed_with_components(feed);
        let incident = self.incident_on(&feed, String::new(), now);
        let desk = Desk {
            feed: &feed,
            incident: &incident,
            now,
            page_time,
        };
        let mut draft = Draft::new(&incident, self.language);
        draft.status = Some(IncidentStatus::Investigating);
        draft.next_update_at = Some(self.promise(now));
        f(&mut draft, &desk)
    }

    /// What the comms check is told about the first text.
    pub fn check_context(
        &self,
        feed: &Feed,
        now: DateTime<Utc>,
        page_time: PageTime<'_>,
    ) -> CheckContext {
        self.with_draft(feed, now, page_time, |draft, desk| {
            draft.check_context(desk)
        })
    }

    /// Every reason the form cannot be sent now.
    pub fn blockers(
        &self,
        feed: &Feed,
        now: DateTime<Utc>,
        page_time: PageTime<'_>,
    ) -> Vec<DeclarationBlocker> {
        let mut blockers = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            blockers.push(DeclarationBlocker::NoTitle);
        } else if title.chars().count() > MAX_TITLE_CHARS
            || self.title_other.trim().chars().count() > MAX_TITLE_CHARS
        {
            blockers.push(DeclarationBlocker::TitleTooLong);
        }
        if self.components.is_empty() {
            blockers.push(DeclarationBlocker::NoComponents);
        }
        if self.first_text(feed, now, page_time).trim().is_empty() {
            blockers.push(DeclarationBlocker::NoText);
        }
        if self.promise(now) <= now {
            blockers.push(DeclarationBlocker::PromiseInThePast);
        }
        blockers
    }

    /// The one request that opens the incident with its roles, components and first public
    /// update, under a readable id the console knows before the answer comes.
    pub fn request(
        &self,
        feed: &Feed,
        now: DateTime<Utc>,
        author: &str,
        page_time: PageTime<'_>,
        check_override: Option<String>,
    ) -> NewIncident {
        let incident = self.incident_on(feed, String::new(), now);
        let id = readable_id(&incident.title, now, |id| {
            feed.incidents.iter().any(|i| i.id == id)
        });
        let incident = self.incident_on(feed, id.clone(), now);
        let text = self.first_text(feed, now, page_time);
        let changed: Vec<ComponentChange> = self
            .components
            .iter()
            .filter(|c| {
                feed.component(&c.component)
                    .is_none_or(|now| now.status != c.status)
            })
            .cloned()
            .collect();
        NewIncident {
            id: Some(id),
            title: incident.title.clone(),
            title_translations: incident.title_translations.clone(),
            impact: self.impact,
            severity: self.severity,
            started_at: None,
            components: incident.components.clone(),
            cadence_minutes: Some(incident.cadence_minutes),
            workaround: incident.workaround.clone(),
            workaround_translations: incident.workaround_translations.clone(),
            roles: self
                .roles
                .iter()
                .filter(|r| !r.holder.trim().is_empty())
                .cloned()
                .collect(),
            update: Some(NewUpdate {
                component_changes: changed,
                check_override,
                next_update_at: Some(self.promise(now)),
                language: Some(self.language),
                ..NewUpdate::new(
                    Audience::Public,
                    IncidentStatus::Investigating,
                    author.trim(),
                    text,
                )
            }),
        }
    }

    /// Picks or drops a component, in the status it is in now.
    pub fn toggle_component(&mut self, id: &str, on: bool, status: ComponentStatus) {
        self.components.retain(|c| c.component != id);
        if on {
            self.components.push(ComponentChange {
                component: id.to_string(),
                status,
            });
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::command::Command;
    use crate::demo::demo_feed;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 20).unwrap()
    }

    fn berlin(at: DateTime<Utc>, _: Locale) -> String {
        (at + Duration::hours(1)).format("%H:%M CET").to_string()
    }

    fn declaration() -> Declaration {
        let mut d = Declaration {
            title: "Login failures in the EU".into(),
            severity: Some(Severity::Sev2),
            cadence_minutes: 20,
            ..Declaration::default()
        };
        d.toggle_component("storefront", true, ComponentStatus::PartialOutage);
        d.toggle_component("payments", true, ComponentStatus::PartialOutage);
        d.roles[0].holder = "Priya".into();
        d
    }

    #[test]
    fn an_incident_opens_with_its_first_templated_update_in_one_request() {
        // Regression (console issue, problem 1): no way to open an incident from the console.
        let mut feed = demo_feed();
        let d = declaration();
        let text = d.first_text(&feed, now(), &berlin);
        assert!(text.contains("Storefront and Payments"), "{text}");
        assert!(text.contains("by 10:21 CET"), "{text}");
        let request = d.request(&feed, now(), "Amara", &berlin, None);
        assert_eq!(
            request.id.as_deref(),
            Some("inc-2026-12-01-login-failures-in-the-eu")
        );
        let update = request.update.clone().unwrap();
        assert_eq!(update.text, text);
        assert_eq!(update.component_changes.len(), 2);
        assert_eq!(request.roles.len(), 1, "empty role names are left out");
        let version = feed.version + 1;
        let applied = feed
            .apply(&Command::OpenIncident(request), now(), version)
            .unwrap();
        assert_eq!(applied.incident.status(), IncidentStatus::Investigating);
        assert_eq!(
            feed.component("storefront").unwrap().status,
            ComponentStatus::PartialOutage
        );
        assert_eq!(
            crate::CadenceClock::for_incident(&applied.incident)
                .unwrap()
                .due_at,
            Utc.with_ymd_and_hms(2026, 12, 1, 9, 21, 0).unwrap()
        );
    }

    #[test]
    fn a_title_in_the_other_language_reaches_its_readers_from_the_first_minute() {
        let feed = demo_feed();
        assert_eq!(feed.page.language(), Locale::En);
        let mut d = declaration();
        d.title_other = " 欧盟地区登录失败 ".into();
        let request = d.request(&feed, now(), "Amara", &berlin, None);
        assert_eq!(request.title, "Login failures in the EU");
        assert_eq!(
            request.title_translations,
            Translations::from([(Locale::ZhCn, "欧盟地区登录失败".to_string())])
        );

        // Written in Chinese on an English page: the English title is the page's own, the
        // Chinese its translation, and the id reads in the page's language.
        let mut zh = declaration();
        zh.language = Locale::ZhCn;
        zh.title = "欧盟地区登录失败".into();
        zh.title_other = "Login failures in the EU".into();
        let request = zh.request(&feed, now(), "Amara", &berlin, None);
        assert_eq!(request.title, "Login failures in the EU");
        assert_eq!(
            request.title_translations,
            Translations::from([(Locale::ZhCn, "欧盟地区登录失败".to_string())])
        );
        assert_eq!(
            request.id.as_deref(),
            Some("inc-2026-12-01-login-failures-in-the-eu")
        );

        // Switching the language moves each title to its language's field.
        let mut switched = declaration();
        switched.title_other = "欧盟地区登录失败".into();
        switched.set_language(Locale::ZhCn);
        assert_eq!(switched.title, "欧盟地区登录失败");
        assert_eq!(switched.title_other, "Login failures in the EU");
        switched.set_language(Locale::ZhCn);
        assert_eq!(
            switched.title, "欧盟地区登录失败",
            "the same language swaps nothing"
        );

        zh.title_other = "x".repeat(MAX_TITLE_CHARS + 1);
        assert!(zh
            .blockers(&feed, now(), &berlin)
            .contains(&DeclarationBlocker::TitleTooLong));
    }

    #[test]
    fn the_first_text_follows_the_form_until_the_lead_writes_in_it() {
        let feed = demo_feed();
        let mut d = declaration();
        d.toggle_component("search", true, ComponentStatus::MajorOutage);
        assert_eq!(d.template(&feed, now()), TemplateKind::MajorOutage);
        assert!(d.first_text(&feed, now(), &berlin).contains("Search"));
        d.text = Some("Our own words about Search.".into());
        assert_eq!(
            d.first_text(&feed, now(), &berlin),
            "Our own words about Search."
        );
        let mut zh = declaration();
        zh.language = Locale::ZhCn;
        assert!(zh.first_text(&feed, now(), &berlin).contains("我们将在"));
    }

    #[test]
    fn the_text_shown_and_the_request_promise_the_same_minute() {
        // Found by the whole-incident e2e: the form showed "by 11:24" and "by 11:25" went out
        // when a minute boundary fell between the two.
        let feed = demo_feed();
        let mut d = declaration();
        d.pin_promise(now());
        let shown = d.first_text(&feed, now(), &berlin);
        let later = now() + Duration::seconds(50);
        let request = d.request(&feed, later, "Amara", &berlin, None);
        let update = request.update.unwrap();
        assert_eq!(update.text, shown);
        assert_eq!(update.next_update_at, Some(d.promise(now())));
        let stale = now() + Duration::minutes(30);
        assert!(d
            .blockers(&feed, stale, &berlin)
            .contains(&DeclarationBlocker::PromiseInThePast));
    }

    #[test]
    fn a_declaration_says_what_is_missing() {
        let feed = demo_feed();
        let empty = Declaration::default();
        assert_eq!(
            empty.blockers(&feed, now(), &berlin),
            [
                DeclarationBlocker::NoTitle,
                DeclarationBlocker::NoComponents,
                DeclarationBlocker::NoText
            ]
        );
        assert!(declaration().blockers(&feed, now(), &berlin).is_empty());
    }
}

//! The public view: what customers, the status page and the widget may see.
//!
//! It is a separate type rather than a filter over [`Feed`]: a [`PublicUpdate`] can only be
//! made from an update whose audience is public, so no code path can hand internal text to a
//! public output by forgetting to filter.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cadence::CadenceClock;
use crate::component::Component;
use crate::feed::{Feed, Page};
use crate::incident::{Impact, Incident, IncidentStatus};
use crate::indicator::Indicator;
use crate::locale::Locale;
use crate::maintenance::Maintenance;
use crate::ranked::{at_rank, sort_by_rank};
use crate::translation::{choose, choose_name, choose_text, Localized, Translations};
use crate::update::{Audience, ComponentChange, Update};

/// The public site's page of incident `id`, relative to the site's root: `incidents/{id}/`.
/// Atom entries, the JSON `shortlink` and emails link here, so the path is spelled once.
pub fn incident_page(id: &str) -> String {
    format!("incidents/{}/", slug(id))
}

/// The public site's page of maintenance `id`, relative to the site's root.
pub fn maintenance_page(id: &str) -> String {
    format!("maintenance/{}/", slug(id))
}

/// An id as one path segment: as it is when it is plain (`db-outage-2`), otherwise its bytes in
/// hex after `x-`, so an id from an imported feed (`../admin`, `a/b`, `.`) can never name
/// another place on the site or in the folder it is written to.
fn slug(id: &str) -> String {
    let plain = !id.is_empty()
        && id.len() <= 100
        && !id.starts_with(['.', '-'])
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if plain {
        id.to_string()
    } else {
        use std::fmt::Write;
        id.bytes().fold(String::from("x-"), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
    }
}

/// An update customers may read. Only [`PublicUpdate::from_update`] makes one.
// A private field, unlike `#[non_exhaustive]`, also stops other modules of this crate.
#[allow(clippy::manual_non_exhaustive)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicUpdate {
    /// The update's id.
    pub id: String,
    /// When it was published.
    pub at: DateTime<Utc>,
    /// The status it announced.
    pub status: IncidentStatus,
    /// Component statuses it announced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub component_changes: Vec<ComponentChange>,
    /// The published text, in Markdown.
    pub text: String,
    /// The language `text` is in; absent, the page's default language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Locale>,
    /// The published text in other languages.
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
    // Private, so no other module can build one from arbitrary text.
    #[serde(skip)]
    sealed: (),
}

impl PublicUpdate {
    /// What a reader of `reader` is shown, on a page whose default language is `page`.
    pub fn text_for(&self, reader: Locale, page: Locale) -> Localized<'_> {
        choose_text(reader, page, &self.text, self.language, &self.translations)
    }

    /// The public form of `update`, or `None` when it is internal.
    ///
    /// The author is left out on purpose: customers address the company, not a person, and
    /// the responders' names are nobody else's business.
    pub fn from_update(update: &Update) -> Option<Self> {
        (update.audience == Audience::Public).then(|| Self {
            id: update.id.clone(),
            at: update.at,
            status: update.status,
            component_changes: update.component_changes.clone(),
            text: update.text.clone(),
            language: update.language,
            translations: update.translations.clone(),
            sealed: (),
        })
    }
}

/// An incident as customers see it: its public updates and the status they announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicIncident {
    /// The incident's id.
    pub id: String,
    /// Customer-facing title.
    pub title: String,
    /// The title in other languages.
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub title_translations: Translations,
    /// The status announced by the latest public update (an internal stage change is not news
    /// to customers until someone tells them).
    pub status: IncidentStatus,
    /// How badly customers are affected.
    pub impact: Impact,
    /// When customers started to be affected.
    pub started_at: DateTime<Utc>,
    /// When customers stopped being affected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Ids of the affected components.
    pub components: Vec<String>,
    /// What customers can do meanwhile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workaround: Option<String>,
    /// The workaround in other languages.
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub workaround_translations: Translations,
    /// When the next public update is owed, while the incident is open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update_due: Option<DateTime<Utc>>,
    /// Public updates, newest first.
    pub updates: Vec<PublicUpdate>,
}

impl PublicIncident {
    /// The title a reader of `reader` sees on a page in `page` by default.
    pub fn title_in(&self, reader: Locale, page: Locale) -> &str {
        choose_name(reader, &self.title, page, &self.title_translations)
    }

    /// The workaround a reader of `reader` sees, with its language and whether it fell back.
    pub fn workaround_in(&self, reader: Locale, page: Locale) -> Option<Localized<'_>> {
        let own = self.workaround.as_deref()?;
        Some(choose(reader, own, page, &self.workaround_translations))
    }

    /// The public form of `incident`, or `None` while nothing about it has been published.
    pub fn from_incident(incident: &Incident) -> Option<Self> {
        let updates: Vec<PublicUpdate> = incident
            .timeline()
            .into_iter()
            .filter_map(PublicUpdate::from_update)
            .collect();
        let status = updates.first()?.status;
        Some(Self {
            id: incident.id.clone(),
            title: incident.title.clone(),
            title_translations: incident.title_translations.clone(),
            status,
            impact: incident.impact,
            started_at: incident.started_at,
            resolved_at: incident.resolved_at,
            components: incident.components.clone(),
            workaround: incident.workaround.clone(),
            workaround_translations: incident.workaround_translations.clone(),
            next_update_due: status
                .is_open()
                .then(|| CadenceClock::for_incident(incident).map(|c| c.due_at))
                .flatten(),
            updates,
        })
    }

    /// The latest public update; every public incident has one.
    pub fn latest(&self) -> &PublicUpdate {
        &self.updates[0]
    }
}

/// Everything a public output is built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicFeed {
    /// The feed version this view was derived from.
    pub version: u64,
    /// The status page.
    pub page: Page,
    /// Every component and its status.
    pub components: Vec<Component>,
    /// Published incidents, most recently started first.
    pub incidents: Vec<PublicIncident>,
    /// Scheduled maintenances.
    pub maintenances: Vec<Maintenance>,
    /// The page-wide indicator.
    pub indicator: Indicator,
}

impl PublicFeed {
    /// Derives the public view of a feed.
    pub fn from_feed(feed: &Feed) -> Self {
        let mut incidents: Vec<PublicIncident> = feed
            .incidents
            .iter()
            .filter_map(PublicIncident::from_incident)
            .collect();
        sort_by_rank(&mut incidents, |i| -at_rank(i.started_at));
        let indicator = Indicator::of_page(
            &feed.components,
            incidents
                .iter()
                .filter(|i| i.status.is_open())
                .map(|i| i.impact),
        );
        Self {
            version: feed.version,
            page: feed.page.clone(),
            components: feed.components.clone(),
            incidents,
            maintenances: feed.maintenances.clone(),
            indicator,
        }
    }

    /// Published incidents that still affect customers.
    pub fn open_incidents(&self) -> impl Iterator<Item = &PublicIncident> {
        self.incidents.iter().filter(|i| i.status.is_open())
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::demo::demo_feed;

    #[test]
    fn a_plain_id_is_its_own_page_and_any_other_cannot_leave_its_folder() {
        assert_eq!(incident_page("db-outage-2"), "incidents/db-outage-2/");
        assert_eq!(maintenance_page("m_1.2"), "maintenance/m_1.2/");
        for hostile in ["../admin", "a/b", ".", "", "%2e%2e", "x y"] {
            let page = incident_page(hostile);
            let segment = page.trim_start_matches("incidents/").trim_end_matches('/');
            assert!(segment.starts_with("x-"), "{hostile:?} gave {page}");
            assert!(segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        }
        assert_ne!(incident_page("a/b"), incident_page("a_b"));
    }

    #[test]
    fn public_view_keeps_only_public_updates_newest_first() {
        let public = PublicFeed::from_feed(&demo_feed());
        let flash = &public.incidents[0];
        let ids: Vec<&str> = flash.updates.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["u-009", "u-006", "u-002"]);
        assert_eq!(flash.latest().status, IncidentStatus::Monitoring);
    }

    #[test]
    fn public_status_follows_public_updates_only() {
        let mut feed = demo_feed();
        let incident = &mut feed.incidents[0];
        let mut internal = incident.updates.last().unwrap().clone();
        internal.id = "u-999".into();
        internal.at += chrono::Duration::minutes(5);
        internal.audience = Audience::Internal;
        internal.status = IncidentStatus::Resolved;
        incident.updates.push(internal);
        let public = PublicFeed::from_feed(&feed);
        assert_eq!(public.incidents[0].status, IncidentStatus::Monitoring);
    }

    #[test]
    fn unpublished_incident_is_not_public() {
        let mut feed = demo_feed();
        feed.incidents[0]
            .updates
            .retain(|u| u.audience == Audience::Internal);
        let public = PublicFeed::from_feed(&feed);
        assert!(public
            .incidents
            .iter()
            .all(|i| i.id != feed.incidents[0].id));
    }

    #[test]
    fn public_json_names_no_author() {
        let json = serde_json::to_string(&PublicFeed::from_feed(&demo_feed())).unwrap();
        assert!(!json.contains("Tomás Ortega") && !json.contains("\"author\""));
    }

    #[test]
    fn demo_page_indicator_reflects_the_critical_incident() {
        assert_eq!(
            PublicFeed::from_feed(&demo_feed()).indicator,
            Indicator::Critical
        );
    }
}

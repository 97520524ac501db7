//! Statuspage out: the public view written as Atlassian Statuspage API v2 documents, so any
//! existing Statuspage client (widgets, chat bots, monitoring integrations) can read Herald.
//!
//! Built from [`PublicFeed`] only, so nothing internal can reach these documents. Fields Herald
//! has no notion of (tweets, showcase flags) are written with Statuspage's defaults because
//! strict clients expect every key.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::component::{Component, ComponentStatus};
use crate::incident::{Impact, IncidentStatus};
use crate::label::{Label, Locale};
use crate::maintenance::{Maintenance, MaintenanceStatus};
use crate::public::{PublicFeed, PublicIncident};
use crate::translation::Translations;

/// How many incidents `incidents.json` lists, as Statuspage does.
pub const INCIDENT_LIMIT: usize = 50;

/// One Statuspage v2 document; each endpoint fills the parts it serves.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The page, in every document.
    pub page: PageOut,
    /// The overall indicator (`status.json`, `summary.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusOut>,
    /// Components and their groups (`components.json`, `summary.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<ComponentOut>>,
    /// Incidents (`incidents.json`, `incidents/unresolved.json`, `summary.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incidents: Option<Vec<IncidentOut>>,
    /// Maintenances (`scheduled-maintenances*.json`, `summary.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_maintenances: Option<Vec<IncidentOut>>,
}

/// Statuspage's `page` object.
#[derive(Debug, Clone, Serialize)]
pub struct PageOut {
    /// A stable id derived from the page's name.
    pub id: String,
    /// The page's name.
    pub name: String,
    /// The public page's address.
    pub url: Option<String>,
    /// The page's IANA time zone.
    pub time_zone: String,
    /// When anything public last changed.
    pub updated_at: DateTime<Utc>,
    /// Herald's own field: the language of the page's texts (`en`), which the `*_translations`
    /// fields translate from. Statuspage readers ignore it.
    pub locale: String,
}

/// Statuspage's `status` object.
#[derive(Debug, Clone, Serialize)]
pub struct StatusOut {
    /// `none`, `minor`, `major`, `critical` or `maintenance`.
    pub indicator: &'static str,
    /// The sentence for it (`All Systems Operational`).
    pub description: &'static str,
}

/// Statuspage's component object; groups are components with `group: true`.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentOut {
    /// The component's id (for a group, derived from its name).
    pub id: String,
    /// The name customers know.
    pub name: String,
    /// Its status word.
    pub status: &'static str,
    /// When first seen; Herald does not track it, so the page's time.
    pub created_at: DateTime<Utc>,
    /// When its status last changed publicly, else the page's time.
    pub updated_at: DateTime<Utc>,
    /// Its place in the page's order, from 1.
    pub position: usize,
    /// No description is kept.
    pub description: Option<String>,
    /// Statuspage's "show uptime" flag; off.
    pub showcase: bool,
    /// Statuspage's uptime start; none.
    pub start_date: Option<String>,
    /// The group it is listed under.
    pub group_id: Option<String>,
    /// The page's id.
    pub page_id: String,
    /// Herald's own field: the name in other languages (a group's, for a group).
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub name_translations: Translations,
    /// Whether this is a group.
    pub group: bool,
    /// Statuspage's "hide while operational" flag; off.
    pub only_show_if_degraded: bool,
    /// A group's members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
}

/// Statuspage's incident (and scheduled maintenance) object.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentOut {
    /// The incident's id.
    pub id: String,
    /// Its title.
    pub name: String,
    /// Its status word.
    pub status: &'static str,
    /// When first published.
    pub created_at: DateTime<Utc>,
    /// When last updated publicly.
    pub updated_at: DateTime<Utc>,
    /// When it first went to monitoring publicly.
    pub monitoring_at: Option<DateTime<Utc>>,
    /// When it was resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Its impact word (`maintenance` for maintenances).
    pub impact: &'static str,
    /// A link to it on the public page, when the page has an address.
    pub shortlink: Option<String>,
    /// When customers started to be affected.
    pub started_at: DateTime<Utc>,
    /// The page's id.
    pub page_id: String,
    /// Public updates, newest first.
    pub incident_updates: Vec<UpdateOut>,
    /// The affected components.
    pub components: Vec<ComponentOut>,
    /// Herald's own field: the title in other languages.
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub name_translations: Translations,
    /// When the next public update was promised, while the incident is open: Herald's own
    /// field beside Statuspage's, so the widget repeats the one published promise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_update_at: Option<DateTime<Utc>>,
    /// A maintenance's window start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<DateTime<Utc>>,
    /// A maintenance's window end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<DateTime<Utc>>,
}

/// Statuspage's incident update object.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateOut {
    /// The update's id.
    pub id: String,
    /// The status it announced.
    pub status: &'static str,
    /// The text, HTML-escaped as Statuspage sends it, so a client that inserts it as HTML
    /// shows it rather than running it.
    pub body: String,
    /// The incident's id.
    pub incident_id: String,
    /// When it was published.
    pub created_at: DateTime<Utc>,
    /// Same as `created_at`: updates are never edited.
    pub updated_at: DateTime<Utc>,
    /// Same as `created_at`.
    pub display_at: DateTime<Utc>,
    /// Component statuses it changed.
    pub affected_components: Option<Vec<AffectedOut>>,
    /// Statuspage's notification flag.
    pub deliver_notifications: bool,
    /// Statuspage's tweet text; none.
    pub custom_tweet: Option<String>,
    /// Statuspage's tweet id; none.
    pub tweet_id: Option<String>,
    /// Herald's own field: the language of `body`, where it is not the page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Locale>,
    /// Herald's own field: the body in other languages, encoded as `body` is.
    #[serde(skip_serializing_if = "Translations::is_empty")]
    pub body_translations: Translations,
}

/// A component status change inside an update.
#[derive(Debug, Clone, Serialize)]
pub struct AffectedOut {
    /// The component's id.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The status before this update.
    pub old_status: &'static str,
    /// The status this update set.
    pub new_status: &'static str,
}

pub(crate) fn component_word(status: ComponentStatus) -> &'static str {
    match status {
        // Statuspage has no word for "unknown"; strict clients would refuse one.
        ComponentStatus::Operational | ComponentStatus::Unknown => "operational",
        known => known.as_str(),
    }
}

fn incident_word(status: IncidentStatus) -> &'static str {
    match status {
        IncidentStatus::Unknown => "investigating",
        known => known.as_str(),
    }
}

fn impact_word(impact: Impact) -> &'static str {
    match impact {
        Impact::Unknown => "none",
        known => known.as_str(),
    }
}

fn maintenance_word(status: MaintenanceStatus) -> &'static str {
    match status {
        MaintenanceStatus::Scheduled | MaintenanceStatus::Unknown => "scheduled",
        MaintenanceStatus::InProgress => "in_progress",
        MaintenanceStatus::Verifying => "verifying",
        MaintenanceStatus::Completed => "completed",
    }
}

/// A Statuspage-style id from a name: lowercase letters and digits, dashes between words.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    if slug.is_empty() {
        "page".into()
    } else {
        slug
    }
}

/// Writes Statuspage documents for one public view.
pub struct Export<'a> {
    pub(crate) public: &'a PublicFeed,
    pub(crate) page: PageOut,
}

impl<'a> Export<'a> {
    /// Prepares the documents; `written_at` stands in for times Herald does not track (when
    /// nothing public has happened yet, the page's `updated_at`).
    pub fn new(public: &'a PublicFeed, written_at: DateTime<Utc>) -> Self {
        let latest_public = public
            .incidents
            .iter()
            .filter_map(|i| i.updates.first().map(|u| u.at))
            .max();
        let page = PageOut {
            id: slug(&public.page.name),
            name: public.page.name.clone(),
            url: public.page.url.clone(),
            time_zone: public.page.time_zone.clone(),
            updated_at: latest_public.unwrap_or(written_at),
            locale: public.page.language().tag().to_string(),
        };
        Self { public, page }
    }

    /// The page's `updated_at`: the latest public update, or when the documents were written.
    pub fn updated_at(&self) -> DateTime<Utc> {
        self.page.updated_at
    }

    fn document(&self) -> Document {
        Document {
            page: self.page.clone(),
            status: None,
            components: None,
            incidents: None,
            scheduled_maintenances: None,
        }
    }

    /// `status.json`: the page and its indicator.
    pub fn status(&self) -> Document {
        Document {
            status: Some(StatusOut {
                indicator: self.public.indicator.as_str(),
                description: self.public.indicator.label(Locale::En),
            }),
            ..self.document()
        }
    }

    /// `components.json`: every component, groups included.
    pub fn components(&self) -> Document {
        Document {
            components: Some(self.component_list()),
            ..self.document()
        }
    }

    /// `incidents.json`: the latest incidents, open and resolved.
    pub fn incidents(&self) -> Document {
        Document {
            incidents: Some(
                self.public
                    .incidents
                    .iter()
                    .take(INCIDENT_LIMIT)
                    .map(|i| self.incident(i))
                    .collect(),
            ),
            ..self.document()
        }
    }

    /// `incidents/unresolved.json`: incidents still affecting customers.
    pub fn unresolved(&self) -> Document {
        Document {
            incidents: Some(self.unresolved_list()),
            ..self.document()
        }
    }

    /// `scheduled-maintenances.json` and its `upcoming` and `active` subsets, chosen by `keep`.
    pub fn maintenances(&self, keep: impl Fn(MaintenanceStatus) -> bool) -> Document {
        Document {
            scheduled_maintenances: Some(
                self.public
                    .maintenances
                    .iter()
                    .filter(|m| keep(m.status))
                    .map(|m| self.maintenance(m))
                    .collect(),
            ),
            ..self.document()
        }
    }

    /// `summary.json`: status, components, unresolved incidents, upcoming and active maintenances.
    pub fn summary(&self) -> Document {
        Document {
            status: self.status().status,
            components: Some(self.component_list()),
            incidents: Some(self.unresolved_list()),
            scheduled_maintenances: self
                .maintenances(|s| s != MaintenanceStatus::Completed)
                .scheduled_maintenances,
            ..self.document()
        }
    }

    fn unresolved_list(&self) -> Vec<IncidentOut> {
        self.public
            .open_incidents()
            .map(|i| self.incident(i))
            .collect()
    }

    /// When a component's status last changed in public.
    fn changed_at(&self, id: &str) -> DateTime<Utc> {
        self.public
            .incidents
            .iter()
            .flat_map(|i| &i.updates)
            .filter(|u| u.component_changes.iter().any(|c| c.component == id))
            .map(|u| u.at)
            .max()
            .unwrap_or(self.page.updated_at)
    }

    pub(crate) fn component(&self, component: &Component, position: usize) -> ComponentOut {
        ComponentOut {
            id: component.id.clone(),
            name: component.name.clone(),
            status: component_word(component.status),
            created_at: self.page.updated_at,
            updated_at: self.changed_at(&component.id),
            position,
            description: None,
            showcase: false,
            start_date: None,
            group_id: component
                .group
                .as_deref()
                .map(|g| format!("group-{}", slug(g))),
            page_id: self.page.id.clone(),
            name_translations: component.name_translations.clone(),
            group: false,
            only_show_if_degraded: false,
            components: None,
        }
    }

    /// Members in the page's order, each group placed where its first member is.
    fn component_list(&self) -> Vec<ComponentOut> {
        let mut list: Vec<ComponentOut> = Vec::new();
        for (index, component) in self.public.components.iter().enumerate() {
            if let Some(group) = &component.group {
                let id = format!("group-{}", slug(group));
                if !list.iter().any(|c| c.id == id) {
                    let members: Vec<&Component> = self
                        .public
                        .components
                        .iter()
                        .filter(|c| c.group.as_ref() == Some(group))
                        .collect();
                    let worst = members
                        .iter()
                        .map(|c| c.status)
                        .max()
                        .unwrap_or(ComponentStatus::Operational);
                    list.push(ComponentOut {
                        id,
                        name: group.clone(),
                        name_translations: component.group_translations.clone(),
                        status: component_word(worst),
                        group: true,
                        group_id: None,
                        components: Some(members.iter().map(|c| c.id.clone()).collect()),
                        updated_at: members
                            .iter()
                            .map(|c| self.changed_at(&c.id))
                            .max()
                            .unwrap_or(self.page.updated_at),
                        ..self.component(component, index + 1)
                    });
                }
            }
            list.push(self.component(component, index + 1));
        }
        list
    }

    fn components_named(&self, ids: &[String]) -> Vec<ComponentOut> {
        ids.iter()
            .filter_map(|id| {
                let index = self.public.components.iter().position(|c| &c.id == id)?;
                Some(self.component(&self.public.components[index], index + 1))
            })
            .collect()
    }

    /// The address of a page on the public site, `page` relative to its root.
    fn shortlink(&self, page: &str) -> Option<String> {
        self.page
            .url
            .as_ref()
            .map(|url| format!("{}/{page}", url.trim_end_matches('/')))
    }

    pub(crate) fn incident(&self, incident: &PublicIncident) -> IncidentOut {
        // Oldest first, to know each component's status before every change.
        let mut before = std::collections::HashMap::<&str, ComponentStatus>::new();
        let mut updates: Vec<UpdateOut> = incident
            .updates
            .iter()
            .rev()
            .map(|u| {
                let affected: Vec<AffectedOut> = u
                    .component_changes
                    .iter()
                    .map(|change| {
                        let old = before
                            .insert(change.component.as_str(), change.status)
                            .unwrap_or(ComponentStatus::Operational);
                        AffectedOut {
                            code: change.component.clone(),
                            name: self
                                .public
                                .components
                                .iter()
                                .find(|c| c.id == change.component)
                                .map_or_else(|| change.component.clone(), |c| c.name.clone()),
                            old_status: component_word(old),
                            new_status: component_word(change.status),
                        }
                    })
                    .collect();
                UpdateOut {
                    id: u.id.clone(),
                    status: incident_word(u.status),
                    body: html_escape::encode_text(&u.text).into_owned(),
                    language: u.language.filter(|l| *l != self.public.page.language()),
                    body_translations: u
                        .translations
                        .iter()
                        .map(|(l, t)| (*l, html_escape::encode_text(t).into_owned()))
                        .collect(),
                    incident_id: incident.id.clone(),
                    created_at: u.at,
                    updated_at: u.at,
                    display_at: u.at,
                    affected_components: (!affected.is_empty()).then_some(affected),
                    deliver_notifications: true,
                    custom_tweet: None,
                    tweet_id: None,
                }
            })
            .collect();
        updates.reverse();
        let first = incident
            .updates
            .last()
            .map_or(incident.started_at, |u| u.at);
        IncidentOut {
            id: incident.id.clone(),
            name: incident.title.clone(),
            name_translations: incident.title_translations.clone(),
            status: incident_word(incident.status),
            created_at: first,
            updated_at: incident.latest().at,
            monitoring_at: incident
                .updates
                .iter()
                .rev()
                .find(|u| u.status == IncidentStatus::Monitoring)
                .map(|u| u.at),
            resolved_at: incident.resolved_at.filter(|_| !incident.status.is_open()),
            impact: impact_word(incident.impact),
            shortlink: self.shortlink(&crate::public::incident_page(&incident.id)),
            started_at: incident.started_at,
            page_id: self.page.id.clone(),
            incident_updates: updates,
            components: self.components_named(&incident.components),
            next_update_at: incident.next_update_due,
            scheduled_for: None,
            scheduled_until: None,
        }
    }

    pub(crate) fn maintenance(&self, maintenance: &Maintenance) -> IncidentOut {
        let status = maintenance_word(maintenance.status);
        IncidentOut {
            id: maintenance.id.clone(),
            name: maintenance.title.clone(),
            name_translations: maintenance.title_translations.clone(),
            status,
            created_at: self.page.updated_at.min(maintenance.window_start),
            updated_at: self.page.updated_at,
            monitoring_at: None,
            resolved_at: (maintenance.status == MaintenanceStatus::Completed)
                .then_some(maintenance.window_end),
            impact: "maintenance",
            shortlink: self.shortlink(&crate::public::maintenance_page(&maintenance.id)),
            started_at: maintenance.window_start,
            page_id: self.page.id.clone(),
            incident_updates: vec![UpdateOut {
                id: format!("{}-notice", maintenance.id),
                status,
                body: html_escape::encode_text(&maintenance.description).into_owned(),
                language: None,
                body_translations: maintenance
                    .description_translations
                    .iter()
                    .map(|(l, t)| (*l, html_escape::encode_text(t).into_owned()))
                    .collect(),
                incident_id: maintenance.id.clone(),
                created_at: self.page.updated_at.min(maintenance.window_start),
                updated_at: self.page.updated_at.min(maintenance.window_start),
                display_at: self.page.updated_at.min(maintenance.window_start),
                affected_components: None,
                deliver_notifications: true,
                custom_tweet: None,
                tweet_id: None,
            }],
            components: self.components_named(&maintenance.components),
            next_update_at: None,
            scheduled_for: Some(maintenance.window_start),
            scheduled_until: Some(maintenance.window_end),
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::demo::demo_feed;
    use crate::statuspage::import;

    fn written_at() -> DateTime<Utc> {
        "2026-11-27T12:00:00Z".parse().unwrap()
    }

    fn json(document: &Document) -> String {
        serde_json::to_string(document).unwrap()
    }

    #[test]
    fn what_herald_writes_its_own_statuspage_reader_reads_back() {
        let feed = demo_feed();
        let public = PublicFeed::from_feed(&feed);
        let export = Export::new(&public, written_at());
        let back = import(&json(&export.summary())).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        let back = back.feed;
        assert_eq!(back.page.name, feed.page.name);
        // Herald's own fields beside Statuspage's carry the translations through.
        assert_eq!(
            back.components, feed.components,
            "groups, statuses and translated names survive"
        );
        assert_eq!(back.page.locale, "en");
        for (theirs, ours) in back.maintenances.iter().zip(&feed.maintenances) {
            assert_eq!(theirs.title_translations, ours.title_translations);
            assert_eq!(
                theirs.description_translations,
                ours.description_translations
            );
        }
        assert!(back.maintenances.iter().any(|m| m
            .description_in(Locale::ZhCn, Locale::En)
            .text
            .contains("支付服务商")));
        let open: Vec<&PublicIncident> = public.open_incidents().collect();
        assert_eq!(back.incidents.len(), open.len());
        for (theirs, ours) in back.incidents.iter().zip(&open) {
            assert_eq!(theirs.title, ours.title);
            assert_eq!(theirs.title_translations, ours.title_translations);
            let texts: Vec<&str> = theirs.timeline().iter().map(|u| u.text.as_str()).collect();
            let expected: Vec<&str> = ours.updates.iter().map(|u| u.text.as_str()).collect();
            assert_eq!(texts, expected, "bodies decode to the published text");
            let translated: Vec<_> = theirs
                .timeline()
                .iter()
                .map(|u| u.translations.clone())
                .collect();
            let expected: Vec<_> = ours
                .updates
                .iter()
                .map(|u| u.translations.clone())
                .collect();
            assert_eq!(translated, expected, "and so do their translations");
        }
    }

    #[test]
    fn groups_are_listed_before_their_members_with_the_worst_status() {
        let public = PublicFeed::from_feed(&demo_feed());
        let list = Export::new(&public, written_at()).component_list();
        let group = list
            .iter()
            .position(|c| c.group)
            .expect("the demo has groups");
        let members = list[group].components.clone().unwrap();
        assert_eq!(list[group + 1].id, members[0]);
        let worst = public
            .components
            .iter()
            .filter(|c| members.contains(&c.id))
            .map(|c| c.status)
            .max()
            .unwrap();
        assert_eq!(list[group].status, component_word(worst));
    }

    #[test]
    fn bodies_are_escaped_for_naive_html_clients() {
        let mut feed = demo_feed();
        let update = feed.incidents[0]
            .updates
            .iter_mut()
            .find(|u| u.is_public())
            .unwrap();
        update.text = "<script>alert(1)</script> & more".into();
        let public = PublicFeed::from_feed(&feed);
        let text = json(&Export::new(&public, written_at()).incidents());
        assert!(!text.contains("<script>"));
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    }

    #[test]
    fn every_document_has_the_keys_its_endpoint_promises() {
        let public = PublicFeed::from_feed(&demo_feed());
        let export = Export::new(&public, written_at());
        let keys = |d: &Document| -> Vec<String> {
            let value: serde_json::Value = serde_json::from_str(&json(d)).unwrap();
            value.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(keys(&export.status()), ["page", "status"]);
        assert_eq!(keys(&export.components()), ["components", "page"]);
        assert_eq!(keys(&export.incidents()), ["incidents", "page"]);
        assert_eq!(keys(&export.unresolved()), ["incidents", "page"]);
        assert_eq!(
            keys(&export.maintenances(|_| true)),
            ["page", "scheduled_maintenances"]
        );
        assert_eq!(
            keys(&export.summary()),
            [
                "components",
                "incidents",
                "page",
                "scheduled_maintenances",
                "status"
            ]
        );
    }

    #[test]
    fn an_unknown_component_status_is_written_as_a_statuspage_word() {
        assert_eq!(component_word(ComponentStatus::Unknown), "operational");
        assert_eq!(incident_word(IncidentStatus::Unknown), "investigating");
        assert_eq!(impact_word(Impact::Unknown), "none");
        assert_eq!(slug("Larkspur Market — EU"), "larkspur-market-eu");
    }
}

//! Reading Atlassian Statuspage's public API v2 (`summary.json`, `incidents.json`,
//! `incidents/unresolved.json`, `scheduled-maintenances.json`) into Herald's model, so the
//! public page and the widget work over any existing Statuspage page.
//!
//! Real pages send nulls, leave fields out, invent new enum words and escape HTML in bodies;
//! none of that fails the document. What had to be skipped is reported as warnings.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::component::{Component, ComponentStatus};
use crate::feed::{Feed, Page, SCHEMA_VERSION};
use crate::incident::{Impact, Incident, IncidentStatus, DEFAULT_CADENCE_MINUTES};
use crate::lenient::AnyWord;
use crate::locale::Locale;
use crate::maintenance::{Maintenance, MaintenanceStatus};
use crate::ranked::{at_rank, sort_by_rank};
use crate::translation::Translations;
use crate::update::{Audience, ComponentChange, Update};

/// A Statuspage document read into a feed, with what could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The feed; every update in it is public, as everything on Statuspage is.
    pub feed: Feed,
    /// What was skipped and why (an update with no time, say), for the sync banner's details.
    pub warnings: Vec<String>,
}

/// Why a Statuspage document could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatuspageError {
    /// Not JSON, or cut off.
    Malformed(String),
    /// JSON, but none of the keys a Statuspage document has.
    NotStatuspage,
}

impl std::fmt::Display for StatuspageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed(reason) => write!(f, "the Statuspage document is not valid JSON: {reason}"),
            Self::NotStatuspage => write!(
                f,
                "the document has no page, components, incidents or scheduled_maintenances, so it is not a Statuspage API v2 document"
            ),
        }
    }
}

impl std::error::Error for StatuspageError {}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Document {
    page: Option<WirePage>,
    components: Option<Vec<WireComponent>>,
    incidents: Option<Vec<WireIncident>>,
    scheduled_maintenances: Option<Vec<WireIncident>>,
    /// One incident's document (`incidents/{id}.json`): `{"incident": {...}}`.
    incident: Option<WireIncident>,
    /// One maintenance's document: `{"scheduled_maintenance": {...}}`.
    scheduled_maintenance: Option<WireIncident>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WirePage {
    id: Option<String>,
    name: Option<String>,
    url: Option<String>,
    time_zone: Option<String>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    updated_at: Option<DateTime<Utc>>,
    /// Herald's own: the language the texts are in.
    locale: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WireComponent {
    id: Option<String>,
    name: Option<String>,
    status: Option<ComponentStatus>,
    group: Option<bool>,
    group_id: Option<String>,
    position: Option<i64>,
    /// Herald's own: the name in other languages.
    #[serde(deserialize_with = "crate::translation::read_known")]
    name_translations: Translations,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WireIncident {
    id: Option<String>,
    name: Option<String>,
    status: AnyWord,
    impact: Option<Impact>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    created_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    started_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    resolved_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    scheduled_for: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    scheduled_until: Option<DateTime<Utc>>,
    incident_updates: Option<Vec<WireUpdate>>,
    components: Option<Vec<WireComponent>>,
    /// Herald's own: the title in other languages.
    #[serde(deserialize_with = "crate::translation::read_known")]
    name_translations: Translations,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WireUpdate {
    id: Option<String>,
    status: AnyWord,
    body: Option<String>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    created_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "crate::time::lenient_option")]
    display_at: Option<DateTime<Utc>>,
    affected_components: Option<Vec<WireAffected>>,
    /// Herald's own: the language of `body`, where it is not the page's.
    #[serde(deserialize_with = "crate::translation::read_known_language")]
    language: Option<Locale>,
    /// Herald's own: the body in other languages.
    #[serde(deserialize_with = "crate::translation::read_known")]
    body_translations: Translations,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WireAffected {
    code: Option<String>,
    new_status: Option<ComponentStatus>,
}

/// Reads any of the four Statuspage v2 documents into a feed.
///
/// # Errors
/// [`StatuspageError`] when the text is not JSON or has none of a Statuspage document's keys.
pub fn import(text: &str) -> Result<Import, StatuspageError> {
    let document: Document = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            // Valid JSON whose top level is not an object, or a key of the wrong shape where
            // even our lenient reading fails: either way not a usable Statuspage document.
            StatuspageError::NotStatuspage
        } else {
            StatuspageError::Malformed(e.to_string())
        }
    })?;
    if document.page.is_none()
        && document.components.is_none()
        && document.incidents.is_none()
        && document.scheduled_maintenances.is_none()
        && document.incident.is_none()
        && document.scheduled_maintenance.is_none()
    {
        return Err(StatuspageError::NotStatuspage);
    }
    let mut document = document;
    // A single incident's or maintenance's document is read as a list of one, not as an
    // empty page that says "no open incidents".
    if let Some(one) = document.incident.take() {
        document.incidents.get_or_insert_with(Vec::new).push(one);
    }
    if let Some(one) = document.scheduled_maintenance.take() {
        document
            .scheduled_maintenances
            .get_or_insert_with(Vec::new)
            .push(one);
    }
    let mut warnings = Vec::new();
    let page = document.page.unwrap_or_default();
    let had_components = document.components.is_some();
    let components = components(&document.components.unwrap_or_default());
    // `incidents.json` lists scheduled maintenances among the incidents (status `completed`,
    // a `scheduled_for` window); read as incidents they would look open forever.
    let (scheduled, unplanned): (Vec<_>, Vec<_>) = document
        .incidents
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .partition(|(_, wire)| wire.scheduled_for.is_some() && wire.scheduled_until.is_some());
    let incidents = unplanned
        .into_iter()
        .filter_map(|(index, wire)| incident(index, wire, &mut warnings))
        .collect();
    let maintenances = scheduled
        .into_iter()
        .chain(
            document
                .scheduled_maintenances
                .unwrap_or_default()
                .into_iter()
                .enumerate(),
        )
        .filter_map(|(index, wire)| maintenance(index, wire, &mut warnings))
        .collect();
    let version = page
        .updated_at
        .map_or(0, |at| u64::try_from(at.timestamp()).unwrap_or(0));
    let mut feed = Feed {
        schema: SCHEMA_VERSION,
        version,
        page: Page {
            name: page.name.or(page.id).unwrap_or_else(|| "Status".into()),
            url: page.url,
            time_zone: page
                .time_zone
                .filter(|z| !z.is_empty())
                .unwrap_or_else(|| "UTC".into()),
            locale: page
                .locale
                .as_deref()
                .and_then(Locale::parse)
                .unwrap_or_default()
                .tag()
                .into(),
            time_zones: Translations::new(),
        },
        components,
        incidents,
        maintenances,
    };
    make_consistent(&mut feed, had_components, &mut warnings);
    Ok(Import { feed, warnings })
}

/// Keeps the first entry of each id; a repeated one is skipped with a warning.
fn keep_first<T>(
    entries: &mut Vec<T>,
    id: impl Fn(&T) -> &String,
    what: &str,
    warnings: &mut Vec<String>,
) {
    let mut seen = std::collections::HashSet::new();
    entries.retain(|entry| {
        let first = seen.insert(id(entry).clone());
        if !first {
            warnings.push(format!(
                "{what} {} appears twice; the second was skipped",
                id(entry)
            ));
        }
        first
    });
}

/// Statuspage does not check its documents the way Herald checks a feed, and a copy edited by
/// hand or cut off by a proxy can hold anything. Whatever is read must be a feed Herald itself
/// accepts (the same rules as [`Feed::problems`]), so the views never meet two incidents with
/// one id or a resolution before the start. Each repair is a warning.
fn make_consistent(feed: &mut Feed, had_components: bool, warnings: &mut Vec<String>) {
    keep_first(&mut feed.components, |c| &c.id, "component", warnings);
    let known: std::collections::HashSet<String> =
        feed.components.iter().map(|c| c.id.clone()).collect();
    // An `incidents.json` has no component list, so its references cannot be resolved and are
    // dropped quietly; in a document with one, a dangling reference is worth a warning.
    let resolves = |what: &str, id: &str, warnings: &mut Vec<String>| {
        let ok = known.contains(id);
        if !ok && had_components {
            warnings.push(format!(
                "{what} names component {id}, which the page does not list"
            ));
        }
        ok
    };
    keep_first(&mut feed.incidents, |i| &i.id, "incident", warnings);
    for incident in &mut feed.incidents {
        let what = format!("incident {}", incident.id);
        incident
            .components
            .retain(|id| resolves(&what, id, warnings));
        keep_first(
            &mut incident.updates,
            |u| &u.id,
            &format!("{what}: update"),
            warnings,
        );
        for update in &mut incident.updates {
            update
                .component_changes
                .retain(|c| resolves(&what, &c.component, warnings));
        }
        if let Some(resolved) = incident.resolved_at {
            if resolved < incident.started_at {
                let earliest = incident
                    .updates
                    .iter()
                    .map(|u| u.at)
                    .min()
                    .unwrap_or(resolved);
                incident.started_at = earliest.min(resolved);
                warnings.push(format!(
                    "{what} is resolved before it started; its start is taken from its earliest time"
                ));
            }
        }
    }
    keep_first(&mut feed.maintenances, |m| &m.id, "maintenance", warnings);
    feed.maintenances.retain(|m| {
        let ok = m.window_end > m.window_start;
        if !ok {
            warnings.push(format!(
                "maintenance {} ends before it starts and was skipped",
                m.id
            ));
        }
        ok
    });
}

/// Group containers become group names on their members; members keep Statuspage's order.
fn components(wire: &[WireComponent]) -> Vec<Component> {
    let group_of = |id: &str| {
        wire.iter()
            .find(|c| c.group == Some(true) && c.id.as_deref() == Some(id))
    };
    let group_name = |id: &str| group_of(id).and_then(|c| c.name.clone());
    let mut members: Vec<(i64, Component)> = wire
        .iter()
        .filter(|c| c.group != Some(true))
        .filter_map(|c| {
            let id = c.id.clone()?;
            Some((
                c.position.unwrap_or(i64::MAX),
                Component {
                    name: c.name.clone().unwrap_or_else(|| id.clone()),
                    name_translations: c.name_translations.clone(),
                    group: c.group_id.as_deref().and_then(group_name),
                    group_translations: c
                        .group_id
                        .as_deref()
                        .and_then(group_of)
                        .map(|g| g.name_translations.clone())
                        .unwrap_or_default(),
                    status: c.status.unwrap_or(ComponentStatus::Unknown),
                    id,
                },
            ))
        })
        .collect();
    sort_by_rank(&mut members, |(position, _)| i128::from(*position));
    members.into_iter().map(|(_, c)| c).collect()
}

/// A status word read as `T`, or `unknown` when there is none or it is not one of `T`'s words.
fn status_of<T: for<'de> Deserialize<'de>>(word: &AnyWord, unknown: T) -> T {
    use serde::de::value::{Error, StrDeserializer};
    use serde::de::IntoDeserializer;
    word.as_deref()
        .and_then(|word| {
            let word: StrDeserializer<'_, Error> = word.into_deserializer();
            T::deserialize(word).ok()
        })
        .unwrap_or(unknown)
}

fn updates(what: &str, wire: Option<Vec<WireUpdate>>, warnings: &mut Vec<String>) -> Vec<Update> {
    wire.unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(index, u)| {
            let Some(at) = u.display_at.or(u.created_at) else {
                warnings.push(format!(
                    "{what}: update {index} has no time and was skipped"
                ));
                return None;
            };
            Some(Update {
                id: u.id.unwrap_or_else(|| format!("update-{index}")),
                at,
                audience: Audience::Public,
                // Statuspage's own updates have one text, in the page's language; Herald's
                // carry their translations beside it.
                language: u.language,
                // Mapped in place: collecting into a map would sort with a copy of its own.
                translations: {
                    let mut translations = u.body_translations;
                    for text in translations.values_mut() {
                        *text = clean_body(text);
                    }
                    translations
                },
                status: status_of(&u.status, IncidentStatus::Unknown),
                component_changes: u
                    .affected_components
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|a| {
                        Some(ComponentChange {
                            component: a.code?,
                            status: a.new_status.unwrap_or(ComponentStatus::Unknown),
                        })
                    })
                    .collect(),
                author: String::new(),
                text: clean_body(u.body.as_deref().unwrap_or_default()),
                tried: vec![],
                version: None,
                check_override: None,
                next_update_at: None,
            })
        })
        .collect()
}

fn incident(index: usize, wire: WireIncident, warnings: &mut Vec<String>) -> Option<Incident> {
    let what = format!(
        "incident {}",
        wire.id.as_deref().unwrap_or(&index.to_string())
    );
    let Some(started_at) = wire.started_at.or(wire.created_at) else {
        warnings.push(format!("{what} has no start time and was skipped"));
        return None;
    };
    let updates = updates(&what, wire.incident_updates, warnings);
    Some(Incident {
        id: wire.id.unwrap_or_else(|| format!("incident-{index}")),
        title: wire.name.unwrap_or_default(),
        title_translations: wire.name_translations.clone(),
        impact: wire.impact.unwrap_or(Impact::Unknown),
        severity: None,
        started_at,
        resolved_at: wire.resolved_at,
        components: wire
            .components
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.group != Some(true))
            .filter_map(|c| c.id)
            .collect(),
        workaround: None,
        workaround_translations: Translations::new(),
        roles: vec![],
        cadence_minutes: DEFAULT_CADENCE_MINUTES,
        updates,
    })
}

fn maintenance(
    index: usize,
    wire: WireIncident,
    warnings: &mut Vec<String>,
) -> Option<Maintenance> {
    let what = format!(
        "maintenance {}",
        wire.id.as_deref().unwrap_or(&index.to_string())
    );
    let (Some(window_start), Some(window_end)) = (wire.scheduled_for, wire.scheduled_until) else {
        warnings.push(format!("{what} has no window and was skipped"));
        return None;
    };
    let status = status_of(&wire.status, MaintenanceStatus::Unknown);
    let mut updates = updates(&what, wire.incident_updates, warnings);
    sort_by_rank(&mut updates, |u| -at_rank(u.at));
    Some(Maintenance {
        id: wire.id.unwrap_or_else(|| format!("maintenance-{index}")),
        title: wire.name.unwrap_or_default(),
        title_translations: wire.name_translations.clone(),
        status,
        window_start,
        window_end,
        components: wire
            .components
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| c.id)
            .collect(),
        description_translations: updates
            .first()
            .map(|u| u.translations.clone())
            .unwrap_or_default(),
        description: updates
            .into_iter()
            .next()
            .map(|u| u.text)
            .unwrap_or_default(),
    })
}

/// Statuspage bodies are plain text with HTML entities and Windows or `<br>` line breaks.
fn clean_body(body: &str) -> String {
    let unified = body
        .replace("\r\n", "\n")
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    crate::markdown::decode_entities(&unified)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{
      "page": {"id": "p1", "name": "Example", "url": "https://status.example.com", "time_zone": null, "updated_at": "2026-11-20T09:00:00.000-08:00"},
      "components": [
        {"id": "g1", "name": "Platform", "status": "operational", "group": true, "components": ["c1"]},
        {"id": "c1", "name": "API", "status": "partial_outage", "group": false, "group_id": "g1", "position": 2},
        {"id": "c2", "name": "Web", "status": "melting", "group_id": null, "position": 1}
      ],
      "incidents": [{
        "id": "i1", "name": "API errors", "status": "identified", "impact": "major",
        "created_at": "2026-11-20T08:00:00Z", "resolved_at": null,
        "components": [{"id": "c1"}],
        "incident_updates": [
          {"id": "u2", "status": "identified", "body": "Cause found &amp; fix rolling out.\r\nNext update soon.", "created_at": "2026-11-20T08:30:00Z",
           "affected_components": [{"code": "c1", "old_status": "major_outage", "new_status": "partial_outage"}]},
          {"id": "u1", "status": "brand_new_status", "body": "We&#39;re looking into it<br>Sorry!", "created_at": "2026-11-20T08:05:00Z"},
          {"id": "u0", "status": "investigating", "body": "no time", "created_at": null}
        ]
      }],
      "scheduled_maintenances": [{
        "id": "m1", "name": "DB upgrade", "status": "scheduled",
        "scheduled_for": "2026-11-26T02:00:00Z", "scheduled_until": "2026-11-26T03:00:00Z",
        "incident_updates": [{"id": "mu1", "status": "scheduled", "body": "We will upgrade.", "created_at": "2026-11-19T10:00:00Z"}],
        "components": [{"id": "c2"}]
      }]
    }"#;

    #[test]
    fn a_single_incident_document_is_that_incident_not_an_empty_page() {
        let whole: serde_json::Value = serde_json::from_str(SMALL).unwrap();
        let one = serde_json::json!({ "page": whole["page"], "incident": whole["incidents"][0] });
        let feed = import(&one.to_string()).unwrap().feed;
        assert_eq!(feed.incidents.len(), 1);
        assert_eq!(feed.incidents[0].title, "API errors");
        assert!(feed.incidents[0].status().is_open());
        let bare = serde_json::json!({ "incident": whole["incidents"][0] });
        assert_eq!(import(&bare.to_string()).unwrap().feed.incidents.len(), 1);
        let maintenance =
            serde_json::json!({ "scheduled_maintenance": whole["scheduled_maintenances"][0] });
        assert_eq!(
            import(&maintenance.to_string())
                .unwrap()
                .feed
                .maintenances
                .len(),
            1
        );
    }

    #[test]
    fn components_take_group_names_and_statuspage_order() {
        let feed = import(SMALL).unwrap().feed;
        let names: Vec<_> = feed
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(names, [("Web", None), ("API", Some("Platform"))]);
    }

    #[test]
    fn unknown_enum_words_are_kept_as_unknown() {
        let feed = import(SMALL).unwrap().feed;
        assert_eq!(
            feed.component("c2").unwrap().status,
            ComponentStatus::Unknown
        );
        let update = feed.incidents[0]
            .updates
            .iter()
            .find(|u| u.id == "u1")
            .unwrap();
        assert_eq!(update.status, IncidentStatus::Unknown);
    }

    #[test]
    fn bodies_lose_entities_and_windows_line_breaks() {
        let feed = import(SMALL).unwrap().feed;
        let texts: Vec<_> = feed.incidents[0]
            .updates
            .iter()
            .map(|u| u.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "Cause found & fix rolling out.\nNext update soon.",
                "We're looking into it\nSorry!"
            ]
        );
    }

    #[test]
    fn an_update_without_a_time_is_skipped_with_a_warning() {
        let import = import(SMALL).unwrap();
        assert_eq!(import.feed.incidents[0].updates.len(), 2);
        assert_eq!(
            import.warnings,
            ["incident i1: update 2 has no time and was skipped"]
        );
    }

    #[test]
    fn everything_imported_is_public_and_status_comes_from_updates() {
        let feed = import(SMALL).unwrap().feed;
        let incident = &feed.incidents[0];
        assert!(incident.updates.iter().all(Update::is_public));
        assert_eq!(incident.status(), IncidentStatus::Identified);
        assert_eq!(
            incident.updates[0].component_changes[0].status,
            ComponentStatus::PartialOutage
        );
        assert_eq!(
            feed.page.time_zone, "UTC",
            "a null time zone falls back to UTC"
        );
    }

    #[test]
    fn maintenances_keep_their_window_and_latest_text() {
        let feed = import(SMALL).unwrap().feed;
        assert_eq!(feed.maintenances[0].status, MaintenanceStatus::Scheduled);
        assert_eq!(feed.maintenances[0].description, "We will upgrade.");
    }

    #[test]
    fn non_statuspage_documents_are_refused_plainly() {
        assert_eq!(
            import("{\"hello\": 1}"),
            Err(StatuspageError::NotStatuspage)
        );
        assert_eq!(import("[1, 2]"), Err(StatuspageError::NotStatuspage));
        assert!(matches!(
            import("{\"page\": "),
            Err(StatuspageError::Malformed(_))
        ));
    }

    /// Found by the fuzzer: an edited copy whose incident is resolved before it starts, with
    /// repeated ids, was imported into a feed Herald's own reader refuses.
    #[test]
    fn inconsistent_documents_are_repaired_into_a_valid_feed_with_warnings() {
        let text = r#"{
          "components": [{"id": "c1", "name": "API"}, {"id": "c1", "name": "API again"}],
          "incidents": [
            {"id": "i1", "name": "Odd", "created_at": "2027-04-19T07:47:52Z", "resolved_at": "2016-04-19T07:50:06Z",
             "components": [{"id": "c1"}, {"id": "gone"}],
             "incident_updates": [
               {"id": "u1", "body": "resolved", "created_at": "2016-04-19T07:50:06Z"},
               {"id": "u1", "body": "again", "created_at": "2016-04-19T07:49:00Z"},
               {"id": "u0", "body": "first", "created_at": "2016-04-19T07:47:52Z",
                "affected_components": [{"code": "gone", "new_status": "major_outage"}]}
             ]},
            {"id": "i1", "name": "Same id", "created_at": "2016-01-01T00:00:00Z"}
          ],
          "scheduled_maintenances": [{"id": "m1", "name": "Backwards",
            "scheduled_for": "2026-11-26T03:00:00Z", "scheduled_until": "2026-11-26T02:00:00Z"},
            {"id": "m2", "name": "Twice", "scheduled_for": "2026-11-26T02:00:00Z", "scheduled_until": "2026-11-26T03:00:00Z"},
            {"id": "m2", "name": "Twice", "scheduled_for": "2026-11-26T02:00:00Z", "scheduled_until": "2026-11-26T03:00:00Z"}]
        }"#;
        let import = import(text).unwrap();
        let feed = &import.feed;
        assert_eq!(
            feed.problems(),
            vec![],
            "the feed passes Herald's own checks"
        );
        assert!(Feed::from_json(&feed.to_json()).is_ok());
        assert_eq!(feed.components.len(), 1);
        assert_eq!(feed.incidents.len(), 1);
        let incident = &feed.incidents[0];
        assert_eq!(
            incident.started_at.to_rfc3339(),
            "2016-04-19T07:47:52+00:00"
        );
        assert_eq!(incident.components, ["c1"]);
        assert_eq!(incident.updates.len(), 2);
        assert!(incident
            .updates
            .iter()
            .all(|u| u.component_changes.is_empty()));
        assert_eq!(feed.maintenances.len(), 1);
        assert_eq!(import.warnings.len(), 8, "{:#?}", import.warnings);
    }

    /// Found by the fuzzer: a year Herald cannot write as RFC 3339 (`-0020`) was read, and the
    /// feed written from it could not be read back.
    #[test]
    fn times_herald_cannot_write_back_read_as_missing() {
        let text = r#"{"incidents": [{"id": "i1", "name": "x", "created_at": "2020-04-02T20:20:54Z",
          "incident_updates": [
            {"id": "u1", "body": "odd", "created_at": "-0020-04-02T20:26:36.354Z"},
            {"id": "u2", "body": "number", "created_at": 1585859196},
            {"id": "u3", "body": "fine", "created_at": "2020-04-02T20:26:36.354-07:00"}
          ]}]}"#;
        let import = import(text).unwrap();
        let updates = &import.feed.incidents[0].updates;
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].id, "u3");
        assert_eq!(import.warnings.len(), 2, "{:?}", import.warnings);
        assert!(Feed::from_json(&import.feed.to_json()).is_ok());
    }
}

//! Statuspage-shaped webhook bodies: what a Statuspage webhook subscriber receives for an
//! incident update (maintenances are incidents there too) and for a component's change of
//! status, so a consumer written for Statuspage reads Herald's unchanged.
//!
//! Written from [`PublicFeed`] only, like every export: an internal note cannot reach one.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::export::{component_word, ComponentOut, Export, IncidentOut};
use crate::label::{Label, Locale};
use crate::notice::Notice;
use crate::public::PublicFeed;

/// Where the shape Herald follows is documented.
pub const DOCUMENTATION: &str =
    "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/";

/// One webhook body.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookBody {
    /// How to stop them and where they are described.
    pub meta: MetaOut,
    /// The page and its overall indicator after the change.
    pub page: WebhookPageOut,
    /// The incident or maintenance, with every public update, newest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<IncidentOut>,
    /// A component's change of status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_update: Option<ComponentUpdateOut>,
    /// The component as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentOut>,
}

/// Statuspage's `meta` object, with Herald's event name and delivery id beside it.
#[derive(Debug, Clone, Serialize)]
pub struct MetaOut {
    /// Statuspage's unsubscribe link; webhooks are registered by the team, so none.
    pub unsubscribe: Option<String>,
    /// Where the body's shape is described.
    pub documentation: &'static str,
    /// Herald's own field: what happened (`incident.update`, `maintenance.started`,
    /// `component.update`, …).
    pub event: String,
    /// Herald's own field: the delivery's id, the same on every retry, for deduplication.
    pub delivery_id: String,
}

/// Statuspage's `page` object in webhooks.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookPageOut {
    /// The page's id, as in the export.
    pub id: String,
    /// `none`, `minor`, `major`, `critical` or `maintenance`.
    pub status_indicator: &'static str,
    /// The sentence for it.
    pub status_description: &'static str,
}

/// Statuspage's `component_update` object.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentUpdateOut {
    /// A stable id for this change.
    pub id: String,
    /// The component's id.
    pub component_id: String,
    /// When the change was published.
    pub created_at: DateTime<Utc>,
    /// The status before.
    pub old_status: &'static str,
    /// The status after.
    pub new_status: &'static str,
}

impl WebhookBody {
    /// The body telling of `notice`, or `None` when the public view holds nothing about it
    /// (an incident no longer public, a component removed). `delivery_id` is repeated in it.
    pub fn for_notice(
        public: &PublicFeed,
        notice: &Notice,
        delivery_id: &str,
        written_at: DateTime<Utc>,
    ) -> Option<Self> {
        let export = Export::new(public, written_at);
        let page = WebhookPageOut {
            id: export.page.id.clone(),
            status_indicator: public.indicator.as_str(),
            status_description: public.indicator.label(Locale::En),
        };
        let meta = |event: String| MetaOut {
            unsubscribe: None,
            documentation: DOCUMENTATION,
            event,
            delivery_id: delivery_id.to_string(),
        };
        let body = match notice {
            Notice::IncidentUpdate { incident, update } => {
                let incident = public.incidents.iter().find(|i| &i.id == incident)?;
                let update = incident.updates.iter().find(|u| &u.id == update)?;
                Self {
                    meta: meta(format!("incident.{}", update.status.as_str())),
                    page,
                    incident: Some(export.incident(incident)),
                    component_update: None,
                    component: None,
                }
            }
            Notice::Maintenance {
                maintenance, step, ..
            } => {
                let maintenance = public.maintenances.iter().find(|m| &m.id == maintenance)?;
                Self {
                    meta: meta(format!("maintenance.{}", step.as_str())),
                    page,
                    incident: Some(export.maintenance(maintenance)),
                    component_update: None,
                    component: None,
                }
            }
            Notice::ComponentChange {
                component,
                from,
                to,
                at,
            } => {
                let position = public.components.iter().position(|c| &c.id == component)?;
                Self {
                    meta: meta("component.update".into()),
                    page,
                    incident: None,
                    component_update: Some(ComponentUpdateOut {
                        id: format!("{component}-{}", at.timestamp_millis()),
                        component_id: component.clone(),
                        created_at: *at,
                        old_status: component_word(*from),
                        new_status: component_word(*to),
                    }),
                    component: Some(export.component(&public.components[position], position + 1)),
                }
            }
        };
        Some(body)
    }

    /// The body as sent: compact JSON, the bytes the signature covers.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::ComponentStatus;
    use crate::demo::demo_feed;
    use crate::update::Audience;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn an_incident_update_is_sent_as_statuspage_sends_it_with_public_updates_only() {
        let mut feed = demo_feed();
        let incident = feed.incidents[0].clone();
        let mut note = incident.updates.last().unwrap().clone();
        note.id = "u-note".into();
        note.audience = Audience::Internal;
        note.text = "the orders-7 host is swapping".into();
        feed.incidents[0].updates.push(note);
        let public = PublicFeed::from_feed(&feed);
        let update = public.incidents[0].updates[0].id.clone();
        let notice = Notice::IncidentUpdate {
            incident: incident.id.clone(),
            update,
        };
        let body =
            WebhookBody::for_notice(&public, &notice, "d-1", at("2026-12-01T10:00:00Z")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&body.to_json()).unwrap();
        assert_eq!(json["incident"]["id"], incident.id.as_str());
        assert!(!json["incident"]["incident_updates"]
            .as_array()
            .unwrap()
            .is_empty());
        assert!(json["page"]["status_indicator"].is_string());
        assert_eq!(json["meta"]["delivery_id"], "d-1");
        assert!(json.get("component_update").is_none());
        assert!(!body.to_json().contains("orders-7"));
        let note = Notice::IncidentUpdate {
            incident: incident.id,
            update: "u-note".into(),
        };
        assert!(
            WebhookBody::for_notice(&public, &note, "d-2", at("2026-12-01T10:00:00Z")).is_none(),
            "an internal note has no webhook body"
        );
    }

    #[test]
    fn a_component_change_carries_old_and_new_status_in_statuspage_words() {
        let public = PublicFeed::from_feed(&demo_feed());
        let component = public.components[0].id.clone();
        let notice = Notice::ComponentChange {
            component: component.clone(),
            from: ComponentStatus::Operational,
            to: ComponentStatus::PartialOutage,
            at: at("2026-12-01T10:00:00Z"),
        };
        let body =
            WebhookBody::for_notice(&public, &notice, "d-3", at("2026-12-01T10:00:00Z")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&body.to_json()).unwrap();
        assert_eq!(json["component_update"]["component_id"], component.as_str());
        assert_eq!(json["component_update"]["old_status"], "operational");
        assert_eq!(json["component_update"]["new_status"], "partial_outage");
        assert_eq!(json["component"]["id"], component.as_str());
        assert_eq!(json["meta"]["event"], "component.update");
        assert!(json.get("incident").is_none());
    }

    #[test]
    fn a_maintenance_step_is_sent_as_a_statuspage_maintenance_incident() {
        let public = PublicFeed::from_feed(&demo_feed());
        let maintenance = public.maintenances[0].clone();
        let notice = Notice::Maintenance {
            maintenance: maintenance.id.clone(),
            step: crate::notice::MaintenanceStep::Started,
            window_start: maintenance.window_start,
        };
        let body =
            WebhookBody::for_notice(&public, &notice, "d-4", at("2026-12-01T10:00:00Z")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&body.to_json()).unwrap();
        assert_eq!(json["meta"]["event"], "maintenance.started");
        assert_eq!(json["incident"]["id"], maintenance.id.as_str());
        assert_eq!(json["incident"]["impact"], "maintenance");
        assert!(json["incident"]["scheduled_for"].is_string());
        let gone = Notice::Maintenance {
            maintenance: "no-such-window".into(),
            step: crate::notice::MaintenanceStep::Started,
            window_start: maintenance.window_start,
        };
        assert!(
            WebhookBody::for_notice(&public, &gone, "d-5", at("2026-12-01T10:00:00Z")).is_none()
        );
    }
}

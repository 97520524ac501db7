//! Incidents: what went wrong, who is handling it, and the timeline of updates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::locale::Locale;
use crate::translation::{choose, choose_name, Localized, Translations};
use crate::update::{Audience, Update};

pub use crate::incident_status::IncidentStatus;

/// How badly customers are affected, ordered best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// No customer-visible effect.
    None,
    /// A few customers or a minor feature.
    Minor,
    /// Many customers or an important feature.
    Major,
    /// The service is unusable for most customers.
    Critical,
    /// A value this build does not know (Statuspage's `maintenance`, a newer feed's word).
    #[serde(other)]
    Unknown,
}

impl Impact {
    /// Every impact a person can pick, best to worst.
    pub const ALL: [Impact; 4] = [Impact::None, Impact::Minor, Impact::Major, Impact::Critical];

    /// The stable machine name used in the feed (`critical`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Unknown => "unknown",
            Self::Minor => "minor",
            Self::Major => "major",
            Self::Critical => "critical",
        }
    }
}

impl Impact {
    /// Position from best (or earliest) to worst (or latest); `Ord` follows it, not the
    /// declaration order, because serde needs the catch-all `Unknown` declared last.
    fn rank(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Unknown => 1,
            Self::Minor => 2,
            Self::Major => 3,
            Self::Critical => 4,
        }
    }
}

ordered_by_rank!(Impact);

/// Internal urgency of the response. `Sev1` is the most urgent, so unlike impact the worst is
/// the minimum; kept as the industry's labels rather than reordered to avoid confusing responders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// All hands: critical customer impact.
    #[serde(rename = "SEV1")]
    Sev1,
    /// Major impact, urgent response.
    #[serde(rename = "SEV2")]
    Sev2,
    /// Minor impact, handled in working hours.
    #[serde(rename = "SEV3")]
    Sev3,
    /// Little or no impact.
    #[serde(rename = "SEV4")]
    Sev4,
}

impl Severity {
    /// Every severity, most urgent first.
    pub const ALL: [Severity; 4] = [
        Severity::Sev1,
        Severity::Sev2,
        Severity::Sev3,
        Severity::Sev4,
    ];

    /// The label responders use (`SEV1`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sev1 => "SEV1",
            Self::Sev2 => "SEV2",
            Self::Sev3 => "SEV3",
            Self::Sev4 => "SEV4",
        }
    }
}

/// The incident roles Herald shows, so everyone knows whom to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Owns the incident and makes the calls.
    IncidentCommander,
    /// Writes the updates; the person Herald serves first.
    CommunicationsLead,
    /// Directs the hands-on work of restoring service.
    OperationsLead,
}

impl Role {
    /// Every role, in the order they are shown.
    pub const ALL: [Role; 3] = [
        Role::IncidentCommander,
        Role::CommunicationsLead,
        Role::OperationsLead,
    ];

    /// The stable machine name used in the feed (`incident_commander`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IncidentCommander => "incident_commander",
            Self::CommunicationsLead => "communications_lead",
            Self::OperationsLead => "operations_lead",
        }
    }
}

/// A person taking a role at a moment; the list of these is the hand-over history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    /// The role taken.
    pub role: Role,
    /// Who took it.
    pub holder: String,
    /// When they took it.
    #[serde(deserialize_with = "crate::time::relaxed")]
    pub since: DateTime<Utc>,
    /// The feed version that recorded the hand-over, for "what changed since you last looked".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

/// An incident as responders see it: every update, public and internal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable identifier.
    pub id: String,
    /// Customer-facing title, in the page's default language.
    pub title: String,
    /// The title in other languages (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub title_translations: Translations,
    /// How badly customers are affected.
    pub impact: Impact,
    /// How urgent the response is; sources without severities (Statuspage) leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// When customers started to be affected.
    #[serde(deserialize_with = "crate::time::relaxed")]
    pub started_at: DateTime<Utc>,
    /// When customers stopped being affected, once resolved.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::time::relaxed_option"
    )]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Ids of the components affected.
    #[serde(default)]
    pub components: Vec<String>,
    /// What customers can do meanwhile, in their words; templates use it as `{workaround}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workaround: Option<String>,
    /// The workaround in other languages (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub workaround_translations: Translations,
    /// Role hand-over history, oldest first; the latest per role is the current holder.
    #[serde(default)]
    pub roles: Vec<RoleAssignment>,
    /// Minutes between public updates while the incident is open.
    #[serde(default = "default_cadence_minutes")]
    pub cadence_minutes: u32,
    /// The timeline, append-only.
    #[serde(default)]
    pub updates: Vec<Update>,
}

/// The default update rhythm from incident practice: every 15 minutes.
pub const DEFAULT_CADENCE_MINUTES: u32 = 15;

fn default_cadence_minutes() -> u32 {
    DEFAULT_CADENCE_MINUTES
}

impl Incident {
    /// The title a reader of `reader` sees on a page in `page` by default.
    pub fn title_in(&self, reader: Locale, page: Locale) -> &str {
        choose_name(reader, &self.title, page, &self.title_translations)
    }

    /// The workaround a reader of `reader` sees, with its language and whether it fell back.
    pub fn workaround_in(&self, reader: Locale, page: Locale) -> Option<Localized<'_>> {
        let own = self.workaround.as_deref()?;
        Some(choose(reader, own, page, &self.workaround_translations))
    }

    /// The latest update of any audience: the latest time wins, ties broken by the greater id.
    ///
    /// This one function defines "current": status, latest wording and cadence all follow it, so
    /// two views can never disagree about which update is newest.
    pub fn latest_update(&self) -> Option<&Update> {
        self.updates
            .iter()
            .max_by(|a, b| a.order_key().cmp(&b.order_key()))
    }

    /// The latest update written for the given audience.
    pub fn latest_update_for(&self, audience: Audience) -> Option<&Update> {
        self.updates
            .iter()
            .filter(|u| u.audience == audience)
            .max_by(|a, b| a.order_key().cmp(&b.order_key()))
    }

    /// The current status: the one set by the latest public update, or investigating before
    /// anything was published.
    ///
    /// One story: customers see the incident's status, so only what they were told moves it,
    /// as only a public update may change a component's status. Responders and customers then
    /// never see two stages; an internal note carries the status it was written under.
    pub fn status(&self) -> IncidentStatus {
        self.latest_update_for(Audience::Public)
            .map_or(IncidentStatus::Investigating, |u| u.status)
    }

    /// Who holds a role now: the latest assignment for it, if anyone was ever assigned.
    pub fn holder(&self, role: Role) -> Option<&RoleAssignment> {
        self.roles
            .iter()
            .filter(|a| a.role == role)
            .max_by_key(|a| a.since)
    }

    /// Updates newest first, the order a timeline shows them in.
    pub fn timeline(&self) -> Vec<&Update> {
        let mut updates: Vec<&Update> = self.updates.iter().collect();
        crate::ranked::sort_by_compare(&mut updates, |a, b| b.order_key().cmp(&a.order_key()));
        updates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 9, minute, 0).unwrap()
    }

    fn update(id: &str, minute: u32, audience: Audience, status: IncidentStatus) -> Update {
        Update {
            language: None,
            translations: crate::translation::Translations::new(),
            id: id.into(),
            at: at(minute),
            audience,
            status,
            component_changes: vec![],
            author: "Tomás".into(),
            text: format!("update {id}"),
            tried: vec![],
            version: None,
            check_override: None,
            next_update_at: None,
        }
    }

    fn incident(updates: Vec<Update>) -> Incident {
        Incident {
            title_translations: crate::translation::Translations::new(),
            workaround_translations: crate::translation::Translations::new(),
            id: "inc-1".into(),
            title: "Orders failing".into(),
            impact: Impact::Critical,
            severity: Some(Severity::Sev1),
            started_at: at(2),
            resolved_at: None,
            components: vec!["checkout".into()],
            workaround: None,
            roles: vec![],
            cadence_minutes: DEFAULT_CADENCE_MINUTES,
            updates,
        }
    }

    #[test]
    fn status_follows_the_latest_update_not_the_list_order() {
        let inc = incident(vec![
            update("u3", 30, Audience::Public, IncidentStatus::Monitoring),
            update("u1", 5, Audience::Public, IncidentStatus::Investigating),
            update("u2", 20, Audience::Internal, IncidentStatus::Identified),
        ]);
        assert_eq!(inc.status(), IncidentStatus::Monitoring);
    }

    #[test]
    fn an_internal_note_never_moves_the_status_customers_see() {
        // Regression (console issue, problem 13): an internal "resolved" resolved the incident
        // for responders while customers still saw it open.
        let inc = incident(vec![
            update("u1", 5, Audience::Public, IncidentStatus::Monitoring),
            update("u2", 9, Audience::Internal, IncidentStatus::Resolved),
        ]);
        assert_eq!(inc.status(), IncidentStatus::Monitoring);
        assert!(inc.status().is_open());
    }

    #[test]
    fn before_anything_is_published_the_incident_is_investigating() {
        let inc = incident(vec![update(
            "u1",
            5,
            Audience::Internal,
            IncidentStatus::Identified,
        )]);
        assert_eq!(inc.status(), IncidentStatus::Investigating);
    }

    #[test]
    fn equal_times_are_broken_by_id() {
        let inc = incident(vec![
            update("u-b", 10, Audience::Public, IncidentStatus::Identified),
            update("u-a", 10, Audience::Public, IncidentStatus::Investigating),
        ]);
        assert_eq!(inc.latest_update().unwrap().id, "u-b");
    }

    #[test]
    fn incident_without_updates_is_investigating() {
        assert_eq!(incident(vec![]).status(), IncidentStatus::Investigating);
    }

    #[test]
    fn latest_public_update_skips_newer_internal_notes() {
        let inc = incident(vec![
            update("u1", 5, Audience::Public, IncidentStatus::Investigating),
            update("u2", 9, Audience::Internal, IncidentStatus::Investigating),
        ]);
        assert_eq!(inc.latest_update_for(Audience::Public).unwrap().id, "u1");
        assert_eq!(inc.latest_update_for(Audience::Internal).unwrap().id, "u2");
    }

    #[test]
    fn role_holder_is_the_latest_hand_over() {
        let mut inc = incident(vec![]);
        inc.roles = vec![
            RoleAssignment {
                role: Role::OperationsLead,
                holder: "Jonas".into(),
                since: at(30),
                version: None,
            },
            RoleAssignment {
                role: Role::OperationsLead,
                holder: "Mei".into(),
                since: at(4),
                version: None,
            },
            RoleAssignment {
                role: Role::IncidentCommander,
                holder: "Priya".into(),
                since: at(4),
                version: None,
            },
        ];
        assert_eq!(inc.holder(Role::OperationsLead).unwrap().holder, "Jonas");
        assert_eq!(inc.holder(Role::IncidentCommander).unwrap().holder, "Priya");
        assert!(inc.holder(Role::CommunicationsLead).is_none());
    }

    #[test]
    fn timeline_is_newest_first() {
        let inc = incident(vec![
            update("u1", 5, Audience::Public, IncidentStatus::Investigating),
            update("u3", 30, Audience::Public, IncidentStatus::Monitoring),
            update("u2", 20, Audience::Internal, IncidentStatus::Identified),
        ]);
        let ids: Vec<&str> = inc.timeline().iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["u3", "u2", "u1"]);
    }

    #[test]
    fn an_incidents_times_read_in_the_relaxed_form_they_always_accepted() {
        let incident: Incident = serde_json::from_str(
            r#"{"id":"i1","title":"Slow checkout","impact":"minor",
                "started_at":"2026-11-20 09:05:00Z","resolved_at":"2026-11-20T09:40:00 UTC",
                "updates":[],"roles":[{"role":"incident_commander","holder":"Ana","since":"2026-11-20t09:06:00+00:00"}]}"#,
        )
        .unwrap();
        assert_eq!(incident.started_at, at(5));
        assert_eq!(incident.resolved_at, Some(at(40)));
        assert_eq!(incident.roles[0].since, at(6));
        let open: Incident = serde_json::from_str(
            r#"{"id":"i1","title":"Slow","impact":"minor","started_at":"2026-11-20T09:05:00Z"}"#,
        )
        .unwrap();
        assert_eq!(open.resolved_at, None, "a missing end still reads as none");
        let error = serde_json::from_str::<Incident>(
            r#"{"id":"i1","title":"Slow","impact":"minor","started_at":"yesterday"}"#,
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains(r#""yesterday" is not an RFC 3339 time"#),
            "{error}"
        );
    }

    #[test]
    fn open_means_before_resolved() {
        assert!(IncidentStatus::Monitoring.is_open());
        assert!(!IncidentStatus::Resolved.is_open());
        assert!(!IncidentStatus::Postmortem.is_open());
    }

    #[test]
    fn unknown_status_counts_as_open() {
        let status: IncidentStatus = serde_json::from_str("\"escalated\"").unwrap();
        assert_eq!(status, IncidentStatus::Unknown);
        assert!(status.is_open());
        let impact: Impact = serde_json::from_str("\"maintenance\"").unwrap();
        assert_eq!(impact, Impact::Unknown);
    }

    #[test]
    fn severity_uses_responder_labels() {
        assert_eq!(serde_json::to_string(&Severity::Sev1).unwrap(), "\"SEV1\"");
        assert_eq!(Severity::Sev2.as_str(), "SEV2");
    }
}

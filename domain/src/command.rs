//! Writes: the three requests that change a feed, checked and applied in one place.
//!
//! The server and the console both use these types, so a request the console builds is the one
//! the server validates. Applying is pure: the caller passes the time and the new version, and
//! gets back either the changed feed or every problem with its JSON path, never half a change.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::feed::Problem;
use crate::incident::{Impact, Incident, IncidentStatus, Role, Severity};
use crate::locale::Locale;
use crate::translation::Translations;
use crate::update::{Attempt, Audience, ComponentChange, Update};

/// Longest title accepted; long enough for any real headline, short enough for a widget.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest update text accepted (Statuspage allows about as much).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Longest person name (author, role holder) accepted.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest reason for overriding the comms check.
pub const MAX_OVERRIDE_CHARS: usize = 500;
/// Longest cadence accepted: a day. Anything longer is not a cadence.
pub const MAX_CADENCE_MINUTES: u32 = 24 * 60;

/// A person taking a role, as a write names it; the time and version come from the write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// The role handed over.
    pub role: Role,
    /// Who holds it from now on.
    pub holder: String,
}

/// A new timeline entry: a status change, component changes and text in one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUpdate {
    /// Who the update is for.
    pub audience: Audience,
    /// The incident status it sets.
    pub status: IncidentStatus,
    /// Component statuses it sets; only public updates may change them, since customers see them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub component_changes: Vec<ComponentChange>,
    /// Who wrote it.
    pub author: String,
    /// The text, in Markdown.
    pub text: String,
    /// The language `text` is in; absent, the page's default language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Locale>,
    /// The text in other languages, published in the same write.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
    /// Attempts it reports on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tried: Vec<Attempt>,
    /// Why it is published although the comms check found a blocking problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_override: Option<String>,
    /// When the next public update is promised; only a public update on an open incident
    /// makes a promise, and it must lie ahead, within [`MAX_CADENCE_MINUTES`].
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::time::relaxed_option"
    )]
    pub next_update_at: Option<DateTime<Utc>>,
}

impl NewUpdate {
    /// An update that only tells: no component changes, attempts, override or promise, which
    /// the struct update syntax adds where they are wanted.
    pub fn new(
        audience: Audience,
        status: IncidentStatus,
        author: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        Self {
            audience,
            status,
            component_changes: Vec::new(),
            author: author.into(),
            text: text.into(),
            language: None,
            translations: Translations::new(),
            tried: Vec::new(),
            check_override: None,
            next_update_at: None,
        }
    }
}

/// A new incident, optionally with its first update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewIncident {
    /// A chosen id (lowercase letters, digits and dashes); the endpoint makes one if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Customer-facing title.
    pub title: String,
    /// The title in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub title_translations: Translations,
    /// How badly customers are affected.
    pub impact: Impact,
    /// How urgent the response is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// When customers started to be affected; the time of the write if absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::time::relaxed_option"
    )]
    pub started_at: Option<DateTime<Utc>>,
    /// Ids of the affected components.
    #[serde(default)]
    pub components: Vec<String>,
    /// Minutes between public updates; the default cadence if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence_minutes: Option<u32>,
    /// What customers can do meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workaround: Option<String>,
    /// The workaround in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub workaround_translations: Translations,
    /// Who holds which role from the start.
    #[serde(default)]
    pub roles: Vec<RoleChange>,
    /// The first update, usually the public "we are investigating".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<NewUpdate>,
}

/// Changes to an incident's headline facts; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentChange {
    /// A new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New title translations, replacing all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_translations: Option<Translations>,
    /// A new impact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    /// A new severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// A new cadence in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence_minutes: Option<u32>,
    /// A new workaround; an empty string removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workaround: Option<String>,
    /// New workaround translations, replacing all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workaround_translations: Option<Translations>,
    /// The components affected, replacing the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
    /// Role hand-overs, recorded in the incident's role history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleChange>,
}

/// One write to the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Declare an incident.
    OpenIncident(NewIncident),
    /// Add an update to an incident.
    AddUpdate {
        /// The incident's id.
        incident: String,
        /// The update.
        update: NewUpdate,
    },
    /// Change an incident's severity, impact, cadence, roles, title or components.
    ChangeIncident {
        /// The incident's id.
        incident: String,
        /// What changes.
        change: IncidentChange,
    },
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The incident named does not exist.
    UnknownIncident(String),
    /// The request is well-formed JSON but wrong; every problem is listed with its path.
    Invalid(Vec<Problem>),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownIncident(id) => write!(f, "there is no incident with id {id:?}"),
            Self::Invalid(problems) => {
                write!(f, "the request has {} problem(s)", problems.len())?;
                for problem in problems {
                    write!(f, "; {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CommandError {}

/// What a successful command produced: the body of a write's `200`/`201`, which the server
/// sends and the app reads (the write API's other answers are in [`crate::write_api`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The feed version the write created.
    pub version: u64,
    /// The incident written to, as it now stands.
    pub incident: Incident,
    /// The update the write added, if it added one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<Update>,
}

mod application;
mod validation;

pub use application::readable_id;

#[cfg(test)]
mod tests {

    use super::validation::valid_id;
    use super::*;
    use crate::component::ComponentStatus;
    use crate::demo::demo_feed;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
    }

    fn public_update(text: &str) -> NewUpdate {
        NewUpdate::new(
            Audience::Public,
            IncidentStatus::Identified,
            "Amara Okafor",
            text,
        )
    }

    fn problem_paths(error: CommandError) -> Vec<String> {
        match error {
            CommandError::Invalid(problems) => problems.into_iter().map(|p| p.path).collect(),
            other @ CommandError::UnknownIncident(_) => panic!("expected problems, got {other}"),
        }
    }

    #[test]
    fn an_update_is_appended_with_the_new_version_and_sets_components() {
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let component = feed.components[0].id.clone();
        let mut update = public_update("Checkout is recovering.");
        update.component_changes = vec![ComponentChange {
            component: component.clone(),
            status: ComponentStatus::DegradedPerformance,
        }];
        let before = feed.incidents[0].updates.len();
        let applied = feed
            .apply(&Command::AddUpdate { incident, update }, now(), 15)
            .unwrap();
        assert_eq!(feed.version, 15);
        assert_eq!(feed.incidents[0].updates.len(), before + 1);
        let added = applied.update.unwrap();
        assert_eq!(added.version, Some(15));
        assert_eq!(added.at, now());
        assert_eq!(
            feed.component(&component).unwrap().status,
            ComponentStatus::DegradedPerformance
        );
        assert_eq!(feed.incidents[0].status(), IncidentStatus::Identified);
    }

    #[test]
    fn a_direction_override_in_any_text_is_refused_by_name() {
        // Found walking with a hostile text: U+202E reversed the update on every public page.
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let mut update = public_update("We are sorry \u{202e}for the trouble.");
        update.author = "Amara \u{2067}Okafor".into();
        let error = feed
            .apply(&Command::AddUpdate { incident, update }, now(), 15)
            .unwrap_err();
        let said = error.to_string();
        assert!(
            said.contains("invisible direction control (U+202E)"),
            "{said}"
        );
        assert!(said.contains("(U+2067)"), "{said}");
        assert_eq!(problem_paths(error), ["$.author", "$.text"]);
        // The workaround and the translations reach customers too.
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let change = IncidentChange {
            workaround: Some("Pay by \u{202e}card.".into()),
            title_translations: Some(crate::translation::Translations::from_iter([(
                Locale::ZhCn,
                "订单\u{202d}失败".to_string(),
            )])),
            ..IncidentChange::default()
        };
        let error = feed
            .apply(&Command::ChangeIncident { incident, change }, now(), 15)
            .unwrap_err();
        assert_eq!(
            problem_paths(error),
            ["$.title_translations.zh-CN", "$.workaround"]
        );
        // Right-to-left text itself is welcome.
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let update = public_update("שלום: the checkout works again.");
        assert!(feed
            .apply(&Command::AddUpdate { incident, update }, now(), 15)
            .is_ok());
    }

    #[test]
    fn a_refused_write_changes_nothing_and_names_every_problem() {
        let mut feed = demo_feed();
        let before = feed.clone();
        let mut update = public_update("   ");
        update.author = String::new();
        update.component_changes = vec![ComponentChange {
            component: "nope".into(),
            status: ComponentStatus::Unknown,
        }];
        let error = feed
            .apply(
                &Command::AddUpdate {
                    incident: before.incidents[0].id.clone(),
                    update,
                },
                now(),
                15,
            )
            .unwrap_err();
        assert_eq!(
            problem_paths(error),
            [
                "$.author",
                "$.text",
                "$.component_changes[0].component",
                "$.component_changes[0].status"
            ]
        );
        assert_eq!(feed, before);
    }

    #[test]
    fn new_incidents_get_readable_ids_from_their_title() {
        let taken = ["inc-2026-11-27-login-failures-eu".to_string()];
        let is_taken = |id: &str| taken.iter().any(|t| t == id);
        assert_eq!(
            readable_id("Login failures (EU)", now(), |_| false),
            "inc-2026-11-27-login-failures-eu"
        );
        assert_eq!(
            readable_id("Login failures: EU", now(), is_taken),
            "inc-2026-11-27-login-failures-eu-2"
        );
        assert_eq!(readable_id("登录失败", now(), |_| false), "inc-2026-11-27");
        let long = readable_id(&"word ".repeat(40), now(), |_| false);
        assert!(long.len() <= 61 && valid_id(&long), "{long}");
    }

    #[test]
    fn an_internal_note_cannot_change_the_incident_status() {
        // Regression (console issue, problem 13): an internal "resolved" resolved the incident
        // for responders while customers still saw "Monitoring".
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let current = feed.incidents[0].status();
        let mut note = public_update("Rolled back; looks fine.");
        note.audience = Audience::Internal;
        note.status = IncidentStatus::Resolved;
        let error = feed
            .apply(
                &Command::AddUpdate {
                    incident: incident.clone(),
                    update: note.clone(),
                },
                now(),
                15,
            )
            .unwrap_err();
        assert_eq!(problem_paths(error), ["$.status"]);
        note.status = current;
        feed.apply(
            &Command::AddUpdate {
                incident,
                update: note,
            },
            now(),
            15,
        )
        .unwrap();
        assert_eq!(feed.incidents[0].status(), current);
        assert!(feed.incidents[0].resolved_at.is_none());
    }

    #[test]
    fn the_next_update_promise_is_kept_and_checked() {
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let soon = now() + chrono::Duration::minutes(20);
        let mut update = public_update("We will post the next update by 12:20.");
        update.next_update_at = Some(soon);
        let applied = feed
            .apply(
                &Command::AddUpdate {
                    incident: incident.clone(),
                    update: update.clone(),
                },
                now(),
                15,
            )
            .unwrap();
        assert_eq!(applied.update.unwrap().next_update_at, Some(soon));
        assert_eq!(
            crate::CadenceClock::for_incident(&feed.incidents[0])
                .unwrap()
                .due_at,
            soon
        );
        let mut past = update.clone();
        past.next_update_at = Some(now() - chrono::Duration::minutes(1));
        let mut resolved = update.clone();
        resolved.status = IncidentStatus::Resolved;
        let mut internal = update.clone();
        internal.audience = Audience::Internal;
        internal.status = feed.incidents[0].status();
        let mut far = update;
        far.next_update_at = Some(now() + chrono::Duration::days(2));
        for bad in [past, resolved, internal, far] {
            let error = feed
                .apply(
                    &Command::AddUpdate {
                        incident: incident.clone(),
                        update: bad,
                    },
                    now(),
                    16,
                )
                .unwrap_err();
            assert_eq!(problem_paths(error), ["$.next_update_at"]);
        }
    }

    #[test]
    fn internal_notes_cannot_change_component_statuses() {
        let mut feed = demo_feed();
        let mut update = public_update("db-7 failed over");
        update.audience = Audience::Internal;
        update.status = feed.incidents[0].status();
        update.component_changes = vec![ComponentChange {
            component: feed.components[0].id.clone(),
            status: ComponentStatus::Operational,
        }];
        let incident = feed.incidents[0].id.clone();
        let error = feed
            .apply(&Command::AddUpdate { incident, update }, now(), 15)
            .unwrap_err();
        assert_eq!(problem_paths(error), ["$.component_changes"]);
    }

    #[test]
    fn resolving_stamps_resolved_at_and_reopening_clears_it() {
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let mut resolved = public_update("Fixed.");
        resolved.status = IncidentStatus::Resolved;
        feed.apply(
            &Command::AddUpdate {
                incident: incident.clone(),
                update: resolved,
            },
            now(),
            15,
        )
        .unwrap();
        assert_eq!(feed.incidents[0].resolved_at, Some(now()));
        let reopened = public_update("It is back.");
        feed.apply(
            &Command::AddUpdate {
                incident,
                update: reopened,
            },
            now(),
            16,
        )
        .unwrap();
        assert_eq!(feed.incidents[0].resolved_at, None);
    }

    #[test]
    fn a_clock_stepping_back_never_sorts_a_new_update_first() {
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let latest = feed.incidents[0].latest_update().unwrap().at;
        let earlier = latest - chrono::Duration::hours(1);
        let applied = feed
            .apply(
                &Command::AddUpdate {
                    incident,
                    update: public_update("Still working on it."),
                },
                earlier,
                15,
            )
            .unwrap();
        assert_eq!(
            feed.incidents[0].latest_update().unwrap().id,
            applied.update.unwrap().id
        );
    }

    #[test]
    fn opening_an_incident_records_roles_and_the_first_update() {
        let mut feed = demo_feed();
        let new = NewIncident {
            title_translations: crate::translation::Translations::new(),
            workaround_translations: crate::translation::Translations::new(),
            id: None,
            title: " Search is slow ".into(),
            impact: Impact::Minor,
            severity: Some(Severity::Sev3),
            started_at: None,
            components: vec![feed.components[0].id.clone()],
            cadence_minutes: Some(30),
            workaround: Some(String::new()),
            roles: vec![RoleChange {
                role: Role::IncidentCommander,
                holder: "Priya".into(),
            }],
            update: Some(public_update("We are looking into slow searches.")),
        };
        let applied = feed.apply(&Command::OpenIncident(new), now(), 20).unwrap();
        assert_eq!(applied.incident.id, "inc-2026-11-27-search-is-slow");
        assert_eq!(applied.incident.title, "Search is slow");
        assert_eq!(applied.incident.workaround, None);
        assert_eq!(applied.incident.cadence_minutes, 30);
        let holder = applied.incident.holder(Role::IncidentCommander).unwrap();
        assert_eq!(
            (holder.holder.as_str(), holder.version),
            ("Priya", Some(20))
        );
        assert_eq!(applied.incident.updates.len(), 1);
        assert!(feed.problems().is_empty());
    }

    #[test]
    fn an_incident_id_is_checked_for_shape_and_reuse() {
        let mut feed = demo_feed();
        let taken = feed.incidents[0].id.clone();
        for (id, reason) in [(taken.as_str(), "already exists"), ("Bad Id!", "lowercase")] {
            let new = NewIncident {
                title_translations: crate::translation::Translations::new(),
                workaround_translations: crate::translation::Translations::new(),
                id: Some(id.into()),
                title: "t".into(),
                impact: Impact::Unknown,
                severity: None,
                started_at: Some(now() + chrono::Duration::minutes(1)),
                components: vec!["ghost".into()],
                cadence_minutes: Some(0),
                workaround: None,
                roles: vec![],
                update: None,
            };
            let CommandError::Invalid(problems) = feed
                .apply(&Command::OpenIncident(new), now(), 20)
                .unwrap_err()
            else {
                panic!("expected problems")
            };
            assert!(problems[0].reason.contains(reason), "{problems:?}");
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert_eq!(
                paths,
                [
                    "$.id",
                    "$.impact",
                    "$.cadence_minutes",
                    "$.components[0]",
                    "$.started_at"
                ]
            );
        }
    }

    #[test]
    fn a_hand_over_is_added_to_the_role_history() {
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let before = feed.incidents[0].roles.len();
        let change = IncidentChange {
            severity: Some(Severity::Sev2),
            cadence_minutes: Some(10),
            roles: vec![RoleChange {
                role: Role::CommunicationsLead,
                holder: "Lena".into(),
            }],
            ..IncidentChange::default()
        };
        feed.apply(&Command::ChangeIncident { incident, change }, now(), 30)
            .unwrap();
        let incident = &feed.incidents[0];
        assert_eq!(incident.roles.len(), before + 1);
        assert_eq!(
            incident.holder(Role::CommunicationsLead).unwrap().holder,
            "Lena"
        );
        assert_eq!(incident.severity, Some(Severity::Sev2));
        assert_eq!(incident.cadence_minutes, 10);
    }

    #[test]
    fn an_empty_change_and_an_unknown_incident_are_refused() {
        let mut feed = demo_feed();
        let incident = feed.incidents[0].id.clone();
        let empty = feed.apply(
            &Command::ChangeIncident {
                incident,
                change: IncidentChange::default(),
            },
            now(),
            30,
        );
        assert_eq!(problem_paths(empty.unwrap_err()), ["$"]);
        let unknown = feed.apply(
            &Command::AddUpdate {
                incident: "nope".into(),
                update: public_update("x"),
            },
            now(),
            30,
        );
        assert_eq!(
            unknown.unwrap_err(),
            CommandError::UnknownIncident("nope".into())
        );
    }

    #[test]
    fn requests_with_unknown_fields_are_refused() {
        let typo = r#"{"audience":"public","stauts":"identified","author":"a","text":"t"}"#;
        assert!(serde_json::from_str::<NewUpdate>(typo).is_err());
    }
}

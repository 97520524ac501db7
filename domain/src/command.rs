//! Writes: the three requests that change a feed, checked and applied in one place.
//!
//! The server and the console both use these types, so a request the console builds is the one
//! the server validates. Applying is pure: the caller passes the time and the new version, and
//! gets back either the changed feed or every problem with its JSON path, never half a change.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::component::ComponentStatus;
use crate::feed::{Feed, Problem};
use crate::incident::{Impact, Incident, IncidentStatus, Role, RoleAssignment, Severity};
use crate::update::{Attempt, Audience, ComponentChange, Outcome, Update};

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
    /// Attempts it reports on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tried: Vec<Attempt>,
    /// Why it is published although the comms check found a blocking problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_override: Option<String>,
    /// When the next public update is promised; only a public update on an open incident
    /// makes a promise, and it must lie ahead, within [`MAX_CADENCE_MINUTES`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_update_at: Option<DateTime<Utc>>,
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
    /// How badly customers are affected.
    pub impact: Impact,
    /// How urgent the response is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// When customers started to be affected; the time of the write if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// Collects problems with their paths.
#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            reason: reason.into(),
        });
    }

    fn text(&mut self, path: &str, value: &str, what: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(path, format!("the {what} is empty"));
        } else if value.chars().count() > max {
            self.add(path, format!("the {what} is longer than {max} characters"));
        }
    }

    fn components(&mut self, feed: &Feed, path: &str, ids: &[String]) {
        for (i, id) in ids.iter().enumerate() {
            if feed.component(id).is_none() {
                self.add(
                    format!("{path}[{i}]"),
                    format!("no component has id {id:?}"),
                );
            }
        }
    }

    fn roles(&mut self, path: &str, roles: &[RoleChange]) {
        for (i, role) in roles.iter().enumerate() {
            self.text(
                &format!("{path}[{i}].holder"),
                &role.holder,
                "role holder's name",
                MAX_NAME_CHARS,
            );
        }
    }

    fn impact(&mut self, path: &str, impact: Impact) {
        if impact == Impact::Unknown {
            self.add(
                path,
                "the impact must be one of none, minor, major, critical",
            );
        }
    }

    fn cadence(&mut self, path: &str, minutes: Option<u32>) {
        if let Some(minutes) = minutes {
            if minutes == 0 || minutes > MAX_CADENCE_MINUTES {
                self.add(
                    path,
                    format!("the cadence must be between 1 and {MAX_CADENCE_MINUTES} minutes"),
                );
            }
        }
    }

    /// `current` is the incident's status before this update; `now` the time of the write.
    fn update(
        &mut self,
        feed: &Feed,
        path: &str,
        update: &NewUpdate,
        current: IncidentStatus,
        now: DateTime<Utc>,
    ) {
        if update.status == IncidentStatus::Unknown {
            self.add(
                format!("{path}.status"),
                "the status must be one of investigating, identified, monitoring, resolved, postmortem",
            );
        } else if update.audience == Audience::Internal && update.status != current {
            self.add(
                format!("{path}.status"),
                format!(
                    "the incident's status is shown to customers, so only a public update may change it (it is {}; an internal note keeps it)",
                    current.as_str()
                ),
            );
        }
        self.promise(path, update, now);
        self.text(
            &format!("{path}.author"),
            &update.author,
            "author",
            MAX_NAME_CHARS,
        );
        self.text(
            &format!("{path}.text"),
            &update.text,
            "text",
            MAX_TEXT_CHARS,
        );
        if let Some(reason) = &update.check_override {
            self.text(
                &format!("{path}.check_override"),
                reason,
                "reason for the override",
                MAX_OVERRIDE_CHARS,
            );
        }
        if update.audience == Audience::Internal && !update.component_changes.is_empty() {
            self.add(
                format!("{path}.component_changes"),
                "component statuses are shown to customers, so only a public update may change them",
            );
        }
        for (i, change) in update.component_changes.iter().enumerate() {
            let at = format!("{path}.component_changes[{i}]");
            if feed.component(&change.component).is_none() {
                self.add(
                    format!("{at}.component"),
                    format!("no component has id {:?}", change.component),
                );
            }
            if change.status == ComponentStatus::Unknown {
                self.add(
                    format!("{at}.status"),
                    "the status must be one of operational, degraded_performance, partial_outage, major_outage, under_maintenance",
                );
            }
        }
        for (i, attempt) in update.tried.iter().enumerate() {
            self.text(
                &format!("{path}.tried[{i}].action"),
                &attempt.action,
                "attempt",
                MAX_TITLE_CHARS,
            );
            if attempt.outcome == Outcome::Unknown {
                self.add(
                    format!("{path}.tried[{i}].outcome"),
                    "the outcome must be one of pending, helped, no_effect, made_worse",
                );
            }
        }
    }

    /// The next-update promise: made only to customers, only while the incident is open, and
    /// only for a time that is still ahead.
    fn promise(&mut self, path: &str, update: &NewUpdate, now: DateTime<Utc>) {
        let Some(at) = update.next_update_at else {
            return;
        };
        let path = format!("{path}.next_update_at");
        if update.audience == Audience::Internal {
            self.add(
                path,
                "only a public update promises customers the next update",
            );
        } else if !update.status.is_open() {
            self.add(
                path,
                "a resolved incident owes no next update; leave the time out",
            );
        } else if at <= now {
            self.add(
                path,
                "the next update must be promised for a time still ahead",
            );
        } else if at > now + chrono::Duration::minutes(i64::from(MAX_CADENCE_MINUTES)) {
            self.add(
                path,
                format!("the next update must be promised within {MAX_CADENCE_MINUTES} minutes"),
            );
        }
    }

    fn into_result(self) -> Result<(), CommandError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CommandError::Invalid(self.0))
        }
    }
}

fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Feed {
    /// Applies a write, producing version `version` at time `now`, or changes nothing.
    ///
    /// New entries are stamped with the later of `now` and the incident's latest update, so a
    /// server clock stepping back can never make a new update sort before an older one.
    ///
    /// # Errors
    /// [`CommandError`] listing every problem; the feed is untouched then.
    pub fn apply(
        &mut self,
        command: &Command,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        let mut next = self.clone();
        let applied = next.apply_to_copy(command, now, version)?;
        next.version = version;
        *self = next;
        Ok(applied)
    }

    fn apply_to_copy(
        &mut self,
        command: &Command,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        match command {
            Command::OpenIncident(new) => self.open_incident(new, now, version),
            Command::AddUpdate { incident, update } => {
                let index = self.incident_index(incident)?;
                let mut problems = Problems::default();
                let current = self.incidents[index].status();
                problems.update(self, "$", update, current, now);
                problems.into_result()?;
                let added = self.push_update(index, update, now, version);
                Ok(Applied {
                    version,
                    incident: self.incidents[index].clone(),
                    update: Some(added),
                })
            }
            Command::ChangeIncident { incident, change } => {
                let index = self.incident_index(incident)?;
                self.change_incident(index, change, now, version)
            }
        }
    }

    fn incident_index(&self, id: &str) -> Result<usize, CommandError> {
        self.incidents
            .iter()
            .position(|i| i.id == id)
            .ok_or_else(|| CommandError::UnknownIncident(id.to_string()))
    }

    fn open_incident(
        &mut self,
        new: &NewIncident,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        let mut problems = Problems::default();
        let id = new.id.clone().unwrap_or_else(|| {
            readable_id(&new.title, now, |id| {
                self.incidents.iter().any(|i| i.id == id)
            })
        });
        if !valid_id(&id) {
            problems.add(
                "$.id",
                "an id is 1 to 64 lowercase letters, digits or dashes",
            );
        } else if self.incidents.iter().any(|i| i.id == id) {
            problems.add("$.id", format!("an incident with id {id:?} already exists"));
        }
        problems.text("$.title", &new.title, "title", MAX_TITLE_CHARS);
        problems.impact("$.impact", new.impact);
        problems.cadence("$.cadence_minutes", new.cadence_minutes);
        problems.components(self, "$.components", &new.components);
        problems.roles("$.roles", &new.roles);
        if let Some(started) = new.started_at {
            if started > now {
                problems.add("$.started_at", "an incident cannot start in the future");
            }
        }
        if let Some(update) = &new.update {
            problems.update(self, "$.update", update, IncidentStatus::Investigating, now);
        }
        problems.into_result()?;
        let started_at = new.started_at.unwrap_or(now);
        self.incidents.push(Incident {
            id,
            title: new.title.trim().to_string(),
            impact: new.impact,
            severity: new.severity,
            started_at,
            resolved_at: None,
            components: new.components.clone(),
            workaround: new.workaround.clone().filter(|w| !w.trim().is_empty()),
            roles: new
                .roles
                .iter()
                .map(|r| assignment(r, now, version))
                .collect(),
            cadence_minutes: new
                .cadence_minutes
                .unwrap_or(crate::incident::DEFAULT_CADENCE_MINUTES),
            updates: Vec::new(),
        });
        let index = self.incidents.len() - 1;
        let update = new
            .update
            .as_ref()
            .map(|u| self.push_update(index, u, now, version));
        Ok(Applied {
            version,
            incident: self.incidents[index].clone(),
            update,
        })
    }

    fn push_update(
        &mut self,
        index: usize,
        new: &NewUpdate,
        now: DateTime<Utc>,
        version: u64,
    ) -> Update {
        let incident = &mut self.incidents[index];
        // Strictly later than the latest, so time alone orders it and the id tie-break never
        // has to (ids from other sources need not sort like ours).
        let at = match incident.latest_update() {
            Some(latest) if latest.at >= now => latest.at + chrono::Duration::milliseconds(1),
            _ => now,
        };
        let update = Update {
            // One update per version, so the version names it uniquely; zero-padded so ids
            // written in the same instant still sort in the order they were written.
            id: format!("u-{version:08}"),
            at,
            audience: new.audience,
            status: new.status,
            component_changes: new.component_changes.clone(),
            author: new.author.trim().to_string(),
            text: new.text.clone(),
            tried: new.tried.clone(),
            version: Some(version),
            check_override: new.check_override.clone(),
            next_update_at: new.next_update_at,
        };
        incident.updates.push(update.clone());
        match (incident.status().is_open(), incident.resolved_at) {
            (false, None) => incident.resolved_at = Some(at),
            (true, Some(_)) => incident.resolved_at = None,
            _ => {}
        }
        for change in &new.component_changes {
            if let Some(component) = self
                .components
                .iter_mut()
                .find(|c| c.id == change.component)
            {
                component.status = change.status;
            }
        }
        update
    }

    fn change_incident(
        &mut self,
        index: usize,
        change: &IncidentChange,
        now: DateTime<Utc>,
        version: u64,
    ) -> Result<Applied, CommandError> {
        let mut problems = Problems::default();
        if let Some(title) = &change.title {
            problems.text("$.title", title, "title", MAX_TITLE_CHARS);
        }
        if let Some(impact) = change.impact {
            problems.impact("$.impact", impact);
        }
        problems.cadence("$.cadence_minutes", change.cadence_minutes);
        if let Some(components) = &change.components {
            problems.components(self, "$.components", components);
        }
        problems.roles("$.roles", &change.roles);
        if change == &IncidentChange::default() {
            problems.add("$", "the request changes nothing");
        }
        problems.into_result()?;
        let incident = &mut self.incidents[index];
        if let Some(title) = &change.title {
            incident.title = title.trim().to_string();
        }
        if let Some(impact) = change.impact {
            incident.impact = impact;
        }
        if let Some(severity) = change.severity {
            incident.severity = Some(severity);
        }
        if let Some(minutes) = change.cadence_minutes {
            incident.cadence_minutes = minutes;
        }
        if let Some(workaround) = &change.workaround {
            incident.workaround = Some(workaround.clone()).filter(|w| !w.trim().is_empty());
        }
        if let Some(components) = &change.components {
            incident.components.clone_from(components);
        }
        incident
            .roles
            .extend(change.roles.iter().map(|r| assignment(r, now, version)));
        Ok(Applied {
            version,
            incident: incident.clone(),
            update: None,
        })
    }
}

/// An incident id a person can read and say: the day and the title's words
/// (`inc-2026-12-01-login-failures-eu`), with `-2`, `-3` … when the day already has one, and
/// the day alone for a title without Latin letters or digits.
pub fn readable_id(title: &str, now: DateTime<Utc>, taken: impl Fn(&str) -> bool) -> String {
    let day = now.format("inc-%Y-%m-%d").to_string();
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        // 64 in all, with room for the day and a "-NN" suffix.
        if day.len() + slug.len() + 1 + word.len() > 60 {
            break;
        }
        slug.push('-');
        slug.push_str(&word.to_ascii_lowercase());
    }
    let base = format!("{day}{slug}");
    if !taken(&base) {
        return base;
    }
    // A day never has ten thousand incidents; the bound keeps the search finite regardless.
    (2..10_000)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

fn assignment(change: &RoleChange, now: DateTime<Utc>, version: u64) -> RoleAssignment {
    RoleAssignment {
        role: change.role,
        holder: change.holder.trim().to_string(),
        since: now,
        version: Some(version),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn demo() -> Feed {
        Feed::from_json(include_str!("../fixtures/demo-feed.json")).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
    }

    fn public_update(text: &str) -> NewUpdate {
        NewUpdate {
            audience: Audience::Public,
            status: IncidentStatus::Identified,
            component_changes: vec![],
            author: "Amara Okafor".into(),
            text: text.into(),
            tried: vec![],
            check_override: None,
            next_update_at: None,
        }
    }

    fn problem_paths(error: CommandError) -> Vec<String> {
        match error {
            CommandError::Invalid(problems) => problems.into_iter().map(|p| p.path).collect(),
            other @ CommandError::UnknownIncident(_) => panic!("expected problems, got {other}"),
        }
    }

    #[test]
    fn an_update_is_appended_with_the_new_version_and_sets_components() {
        let mut feed = demo();
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
    fn a_refused_write_changes_nothing_and_names_every_problem() {
        let mut feed = demo();
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
        let mut feed = demo();
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
        let mut feed = demo();
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
        let mut feed = demo();
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
        let mut feed = demo();
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
        let mut feed = demo();
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
        let mut feed = demo();
        let new = NewIncident {
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
        let mut feed = demo();
        let taken = feed.incidents[0].id.clone();
        for (id, reason) in [(taken.as_str(), "already exists"), ("Bad Id!", "lowercase")] {
            let new = NewIncident {
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
        let mut feed = demo();
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
        let mut feed = demo();
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

//! What changed between two versions of a feed, small enough to push on every write.
//!
//! An endpoint only ever appends (new incidents, new updates, new role hand-overs) or replaces
//! small things in place (a component's status, an incident's severity), so the changes are the
//! new or changed entities, and an incident carries only the updates the reader has not seen.
//! A client that holds version `since` applies them and holds version `version`.

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::feed::{Feed, Page, SchemaVersion};
use crate::incident::Incident;
use crate::maintenance::Maintenance;

/// The changes that take a feed from version `since` to version `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedChanges {
    /// Schema version of the feed these changes belong to.
    pub schema: SchemaVersion,
    /// The version the changes start from.
    pub since: u64,
    /// The version they lead to.
    pub version: u64,
    /// The page, when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
    /// Components added or changed, whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// Incidents added or changed; each holds only the updates added since `since`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Incident>,
    /// Maintenances added or changed, whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maintenances: Vec<Maintenance>,
}

/// Why changes could not be applied to a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangesError {
    /// The changes start from another version than the one held; fetch the whole feed instead.
    WrongBase {
        /// The version held.
        held: u64,
        /// The version the changes start from.
        since: u64,
    },
}

impl std::fmt::Display for ChangesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WrongBase { held, since } => write!(
                f,
                "these changes start from version {since} but version {held} is held"
            ),
        }
    }
}

impl std::error::Error for ChangesError {}

/// Items of `new` that are absent from `old` or differ from their namesake there, in `new`'s order.
fn changed<'a, T: PartialEq + Clone + 'a>(
    old: &'a [T],
    new: &'a [T],
    id: impl Fn(&T) -> &str,
) -> Vec<T> {
    new.iter()
        .filter(|item| old.iter().find(|o| id(o) == id(item)) != Some(*item))
        .cloned()
        .collect()
}

/// Replaces `items` in place by id, appending those that are new.
fn merge<T: Clone>(items: &mut Vec<T>, changes: &[T], id: impl Fn(&T) -> &str) {
    for change in changes {
        match items.iter_mut().find(|item| id(item) == id(change)) {
            Some(item) => *item = change.clone(),
            None => items.push(change.clone()),
        }
    }
}

impl FeedChanges {
    /// The changes from `old` to `new`. Removals cannot be expressed: an endpoint never
    /// removes components, incidents, maintenances or updates.
    pub fn between(old: &Feed, new: &Feed) -> Self {
        let incidents = new
            .incidents
            .iter()
            .filter_map(
                |incident| match old.incidents.iter().find(|o| o.id == incident.id) {
                    None => Some(incident.clone()),
                    Some(before) if before == incident => None,
                    Some(before) => {
                        let mut delta = incident.clone();
                        delta
                            .updates
                            .retain(|u| !before.updates.iter().any(|b| b.id == u.id));
                        Some(delta)
                    }
                },
            )
            .collect();
        Self {
            schema: new.schema,
            since: old.version,
            version: new.version,
            page: (old.page != new.page).then(|| new.page.clone()),
            components: changed(&old.components, &new.components, |c| c.id.as_str()),
            incidents,
            maintenances: changed(&old.maintenances, &new.maintenances, |m| m.id.as_str()),
        }
    }

    /// Whether nothing changed but the version number.
    pub fn is_empty(&self) -> bool {
        self.page.is_none()
            && self.components.is_empty()
            && self.incidents.is_empty()
            && self.maintenances.is_empty()
    }

    /// Applies the changes to `feed`, which must be at version `since`.
    ///
    /// # Errors
    /// [`ChangesError::WrongBase`] when `feed` is at another version; it is left untouched.
    pub fn apply_to(&self, feed: &mut Feed) -> Result<(), ChangesError> {
        if feed.version != self.since {
            return Err(ChangesError::WrongBase {
                held: feed.version,
                since: self.since,
            });
        }
        if let Some(page) = &self.page {
            feed.page = page.clone();
        }
        merge(&mut feed.components, &self.components, |c| c.id.as_str());
        merge(&mut feed.maintenances, &self.maintenances, |m| {
            m.id.as_str()
        });
        for change in &self.incidents {
            match feed.incidents.iter_mut().find(|i| i.id == change.id) {
                Some(incident) => {
                    let mut updates = std::mem::take(&mut incident.updates);
                    for update in &change.updates {
                        if !updates.iter().any(|u| u.id == update.id) {
                            updates.push(update.clone());
                        }
                    }
                    *incident = Incident {
                        updates,
                        ..change.clone()
                    };
                }
                None => feed.incidents.push(change.clone()),
            }
        }
        feed.schema = self.schema;
        feed.version = self.version;
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::command::{Command, IncidentChange, NewIncident, NewUpdate, RoleChange};
    use crate::component::ComponentStatus;
    use crate::demo::demo_feed;
    use crate::incident::{Impact, IncidentStatus, Role, Severity};
    use crate::update::{Audience, ComponentChange};
    use chrono::{DateTime, TimeZone, Utc};
    use proptest::prelude::*;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap() + chrono::Duration::minutes(minute)
    }

    fn update(text: &str, audience: Audience) -> NewUpdate {
        NewUpdate::new(audience, IncidentStatus::Identified, "Amara", text)
    }

    #[test]
    fn one_new_update_travels_alone() {
        let old = demo_feed();
        let mut new = old.clone();
        let incident = old.incidents[0].id.clone();
        new.apply(
            &Command::AddUpdate {
                incident: incident.clone(),
                update: update("Payments are recovering.", Audience::Public),
            },
            at(0),
            old.version + 1,
        )
        .unwrap();
        let changes = FeedChanges::between(&old, &new);
        assert_eq!(changes.incidents.len(), 1);
        assert_eq!(changes.incidents[0].updates.len(), 1);
        assert!(changes.page.is_none() && changes.maintenances.is_empty());
        let mut held = old.clone();
        changes.apply_to(&mut held).unwrap();
        assert_eq!(held, new);
    }

    #[test]
    fn no_change_is_empty_and_a_wrong_base_is_refused() {
        let feed = demo_feed();
        let mut newer = feed.clone();
        newer.version += 1;
        let changes = FeedChanges::between(&feed, &newer);
        assert!(changes.is_empty());
        let mut other = feed.clone();
        other.version += 7;
        assert_eq!(
            changes.apply_to(&mut other),
            Err(ChangesError::WrongBase {
                held: feed.version + 7,
                since: feed.version
            })
        );
    }

    /// One of the writes an endpoint can make, generated.
    fn command(feed: &Feed, pick: u8, text: String) -> Command {
        let incident = feed.incidents[usize::from(pick) % feed.incidents.len()]
            .id
            .clone();
        let component = feed.components[usize::from(pick) % feed.components.len()]
            .id
            .clone();
        match pick % 4 {
            0 => Command::AddUpdate {
                update: NewUpdate {
                    // One story: a note keeps the status customers were told.
                    status: feed
                        .incidents
                        .iter()
                        .find(|i| i.id == incident)
                        .map_or(IncidentStatus::Identified, Incident::status),
                    ..update(&text, Audience::Internal)
                },
                incident,
            },
            1 => Command::AddUpdate {
                incident,
                update: NewUpdate {
                    component_changes: vec![ComponentChange {
                        component,
                        status: ComponentStatus::PartialOutage,
                    }],
                    ..update(&text, Audience::Public)
                },
            },
            2 => Command::ChangeIncident {
                incident,
                change: IncidentChange {
                    severity: Some(Severity::Sev2),
                    roles: vec![RoleChange {
                        role: Role::OperationsLead,
                        holder: text,
                    }],
                    ..IncidentChange::default()
                },
            },
            _ => Command::OpenIncident(NewIncident {
                title_translations: crate::translation::Translations::new(),
                workaround_translations: crate::translation::Translations::new(),
                id: None,
                title: text,
                impact: Impact::Minor,
                severity: None,
                started_at: None,
                components: vec![component],
                cadence_minutes: None,
                workaround: None,
                roles: vec![],
                update: None,
            }),
        }
    }

    proptest! {
        /// Whatever sequence of writes happened, a reader holding any earlier version and
        /// applying the changes ends up with exactly the newer feed.
        #[test]
        fn changes_take_any_earlier_version_to_the_latest(
            writes in prop::collection::vec((any::<u8>(), "[a-zA-Z][a-zA-Z ]{0,19}"), 1..12),
            from in any::<prop::sample::Index>(),
        ) {
            let mut history = vec![demo_feed()];
            for (minute, (pick, text)) in (0_i64..).zip(writes) {
                let mut next = history.last().unwrap().clone();
                let version = next.version + 1;
                let command = command(&next, pick, text);
                next.apply(&command, at(minute), version).unwrap();
                history.push(next);
            }
            let latest = history.last().unwrap();
            let mut held = history[from.index(history.len())].clone();
            let changes = FeedChanges::between(&held, latest);
            changes.apply_to(&mut held).unwrap();
            prop_assert_eq!(&held, latest);
            let wire: FeedChanges = serde_json::from_str(&serde_json::to_string(&changes).unwrap()).unwrap();
            prop_assert_eq!(wire, changes);
        }
    }
}

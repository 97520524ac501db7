//! What subscribers are told, found by comparing two versions of the feed: each new public
//! update of an incident, and each step of a scheduled maintenance (announced, a reminder
//! before it starts, started, completed); for webhook subscribers also each component's change
//! of status, as Statuspage sends them. Internal updates are never owed to a subscriber: they
//! are listed apart, for the team channels that asked for them.
//!
//! A notice has a stable key, so the delivery queue can hold each (subscriber, notice) once
//! however often a write is retried or the server restarts mid-way.

use chrono::{DateTime, Duration, Utc};

use crate::component::ComponentStatus;
use crate::feed::Feed;
use crate::maintenance::{Maintenance, MaintenanceStatus};

/// How long before a maintenance window opens its subscribers are reminded.
pub const REMINDER_BEFORE: Duration = Duration::hours(1);

/// The step of a maintenance a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MaintenanceStep {
    /// It was announced.
    Announced,
    /// Its window opens within [`REMINDER_BEFORE`].
    Reminder,
    /// Its window opened: the work is under way.
    Started,
    /// It is finished.
    Completed,
}

impl MaintenanceStep {
    /// The word in keys and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Announced => "announced",
            Self::Reminder => "reminder",
            Self::Started => "started",
            Self::Completed => "completed",
        }
    }

    /// The step named by [`Self::as_str`].
    pub fn parse(word: &str) -> Option<Self> {
        [
            Self::Announced,
            Self::Reminder,
            Self::Started,
            Self::Completed,
        ]
        .into_iter()
        .find(|step| step.as_str() == word)
    }
}

/// One thing subscribers are told about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Notice {
    /// A public update of an incident: the first one opens it, a resolving one closes it.
    IncidentUpdate {
        /// The incident's id.
        incident: String,
        /// The update's id.
        update: String,
    },
    /// A step of a scheduled maintenance.
    Maintenance {
        /// The maintenance's id.
        maintenance: String,
        /// Which step.
        step: MaintenanceStep,
        /// The window's start it was about: a reminder for a window that has since moved is
        /// a different notice from the reminder for the new one.
        window_start: DateTime<Utc>,
    },
    /// A component's status changed: what Statuspage's `component_update` webhooks carry.
    ComponentChange {
        /// The component's id.
        component: String,
        /// Its status before.
        from: ComponentStatus,
        /// Its status after.
        to: ComponentStatus,
        /// When the change was published.
        at: DateTime<Utc>,
    },
}

impl Notice {
    /// The notice's stable key: the same notice always has the same key, and two notices
    /// never share one. Delivery ids and `Message-ID`s are made from it.
    pub fn key(&self) -> String {
        match self {
            Self::IncidentUpdate { incident, update } => {
                format!("incident:{}:update:{}", escape(incident), escape(update))
            }
            Self::Maintenance {
                maintenance,
                step,
                window_start,
            } => format!(
                "maintenance:{}:{}:{}",
                escape(maintenance),
                step.as_str(),
                window_start.timestamp()
            ),
            Self::ComponentChange {
                component,
                from,
                to,
                at,
            } => format!(
                "component:{}:{}:{}:{}",
                escape(component),
                from.as_str(),
                to.as_str(),
                at.timestamp_millis()
            ),
        }
    }

    /// The incident or maintenance the notice is about, for threading; none for a component.
    pub fn story(&self) -> Option<&str> {
        match self {
            Self::IncidentUpdate { incident, .. } => Some(incident),
            Self::Maintenance { maintenance, .. } => Some(maintenance),
            Self::ComponentChange { .. } => None,
        }
    }

    /// The notice a key names, as [`Self::key`] wrote it.
    pub fn from_key(key: &str) -> Option<Self> {
        let parts: Vec<&str> = key.split(':').collect();
        match parts.as_slice() {
            ["incident", incident, "update", update] => Some(Self::IncidentUpdate {
                incident: unescape(incident)?,
                update: unescape(update)?,
            }),
            ["maintenance", maintenance, step, start] => Some(Self::Maintenance {
                maintenance: unescape(maintenance)?,
                step: MaintenanceStep::parse(step)?,
                window_start: DateTime::from_timestamp(start.parse().ok()?, 0)?,
            }),
            ["component", component, from, to, at] => Some(Self::ComponentChange {
                component: unescape(component)?,
                from: ComponentStatus::parse(from)?,
                to: ComponentStatus::parse(to)?,
                at: DateTime::from_timestamp_millis(at.parse().ok()?)?,
            }),
            _ => None,
        }
    }

    /// What every key of a reminder for maintenance `id` starts with, whatever its window, so
    /// the queue can withdraw them all.
    pub fn reminder_prefix(maintenance: &str) -> String {
        format!(
            "maintenance:{}:{}:",
            escape(maintenance),
            MaintenanceStep::Reminder.as_str()
        )
    }
}

/// Ids may hold any character; the key's separator is escaped so a key always splits back.
fn escape(id: &str) -> String {
    id.replace('%', "%25").replace(':', "%3A")
}

fn unescape(part: &str) -> Option<String> {
    let unescaped = part.replace("%3A", ":").replace("%25", "%");
    (escape(&unescaped) == part).then_some(unescaped)
}

/// A notice and the earliest moment it may be sent: now for most, an hour before the window
/// for a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// What to tell.
    pub notice: Notice,
    /// Not before this.
    pub not_before: DateTime<Utc>,
    /// The components it touches, as the feed that owes it says: who is told is decided
    /// when it is published. Empty when it names none (then everyone is told).
    pub components: Vec<String>,
}

/// What a new version of the feed owes its subscribers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owed {
    /// Notices to send to every kind of subscriber: email, webhook and team channel.
    pub send: Vec<Due>,
    /// Components whose status changed, for webhook subscribers.
    pub component_changes: Vec<Due>,
    /// New internal updates, as [`Notice::IncidentUpdate`]s: only for the team channels that
    /// asked for internal notes, never for a subscriber.
    pub internal: Vec<Due>,
    /// Maintenances whose pending reminders no longer hold (the window moved, or the work
    /// started or was finished): the queue withdraws them before adding `send`.
    pub withdraw_reminders: Vec<String>,
}

impl Owed {
    /// What the step from `old` to `new` owes, written at `now` (a reminder whose moment has
    /// already passed is not owed: the start follows within the hour).
    pub fn between(old: &Feed, new: &Feed, now: DateTime<Utc>) -> Self {
        let mut owed = Self::default();
        for incident in &new.incidents {
            let before = old.incidents.iter().find(|i| i.id == incident.id);
            for update in &incident.updates {
                let known = before.is_some_and(|b| b.updates.iter().any(|u| u.id == update.id));
                if !known {
                    let due = Due {
                        notice: Notice::IncidentUpdate {
                            incident: incident.id.clone(),
                            update: update.id.clone(),
                        },
                        not_before: now,
                        components: incident.components.clone(),
                    };
                    if update.is_public() {
                        owed.send.push(due);
                    } else {
                        owed.internal.push(due);
                    }
                }
            }
        }
        for component in &new.components {
            let Some(was) = old.components.iter().find(|c| c.id == component.id) else {
                continue;
            };
            if was.status != component.status {
                owed.component_changes.push(Due {
                    notice: Notice::ComponentChange {
                        component: component.id.clone(),
                        from: was.status,
                        to: component.status,
                        at: now,
                    },
                    not_before: now,
                    components: vec![component.id.clone()],
                });
            }
        }
        for maintenance in &new.maintenances {
            let before = old.maintenances.iter().find(|m| m.id == maintenance.id);
            owed.maintenance(before, maintenance, now);
        }
        owed
    }

    fn maintenance(&mut self, before: Option<&Maintenance>, now_: &Maintenance, at: DateTime<Utc>) {
        let step = |step| Due {
            notice: Notice::Maintenance {
                maintenance: now_.id.clone(),
                step,
                window_start: now_.window_start,
            },
            not_before: at,
            components: now_.components.clone(),
        };
        let was = before.map(|b| b.status);
        let moved = before.is_some_and(|b| b.window_start != now_.window_start);
        let left_scheduled = was == Some(MaintenanceStatus::Scheduled)
            && now_.status != MaintenanceStatus::Scheduled;
        if moved || left_scheduled {
            self.withdraw_reminders.push(now_.id.clone());
        }
        match now_.status {
            MaintenanceStatus::Scheduled => {
                if before.is_none() {
                    self.send.push(step(MaintenanceStep::Announced));
                }
                if before.is_none() || moved {
                    let remind_at = now_.window_start - REMINDER_BEFORE;
                    if remind_at > at {
                        self.send.push(Due {
                            not_before: remind_at,
                            ..step(MaintenanceStep::Reminder)
                        });
                    }
                }
            }
            MaintenanceStatus::InProgress | MaintenanceStatus::Verifying => {
                if !was.is_some_and(MaintenanceStatus::is_under_way) {
                    self.send.push(step(MaintenanceStep::Started));
                }
            }
            MaintenanceStatus::Completed => {
                if was.is_some_and(|w| w != MaintenanceStatus::Completed) {
                    self.send.push(step(MaintenanceStep::Completed));
                }
            }
            MaintenanceStatus::Unknown => {}
        }
    }

    /// Whether nothing is owed.
    pub fn is_empty(&self) -> bool {
        self.send.is_empty()
            && self.component_changes.is_empty()
            && self.internal.is_empty()
            && self.withdraw_reminders.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_feed;
    use crate::update::{Audience, Update};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn with_update(feed: &Feed, id: &str, audience: Audience) -> Feed {
        let mut next = feed.clone();
        let incident = &mut next.incidents[0];
        let mut update: Update = incident.updates.last().unwrap().clone();
        update.id = id.into();
        update.audience = audience;
        incident.updates.push(update);
        next
    }

    #[test]
    fn a_new_public_update_is_owed_once_and_an_internal_note_never() {
        let old = demo_feed();
        let now = at("2026-12-01T10:00:00Z");
        let public = with_update(&old, "u-new", Audience::Public);
        let owed = Owed::between(&old, &public, now);
        assert_eq!(
            owed.send,
            vec![Due {
                notice: Notice::IncidentUpdate {
                    incident: old.incidents[0].id.clone(),
                    update: "u-new".into()
                },
                not_before: now,
                components: old.incidents[0].components.clone(),
            }]
        );
        let internal = with_update(&old, "u-note", Audience::Internal);
        let owed = Owed::between(&old, &internal, now);
        assert!(owed.send.is_empty(), "{owed:?}");
        assert_eq!(
            owed.internal
                .iter()
                .map(|d| d.notice.key())
                .collect::<Vec<_>>(),
            vec![format!("incident:{}:update:u-note", old.incidents[0].id)],
            "listed apart, for the team channels that ask for notes"
        );
        assert!(Owed::between(&public, &public, now).is_empty());
    }

    #[test]
    fn a_component_that_changed_status_is_owed_to_webhooks_once() {
        let old = demo_feed();
        let mut new = old.clone();
        let now = at("2026-12-01T10:00:00Z");
        let was = new.components[0].status;
        new.components[0].status = if was == ComponentStatus::MajorOutage {
            ComponentStatus::Operational
        } else {
            ComponentStatus::MajorOutage
        };
        let owed = Owed::between(&old, &new, now);
        assert!(owed.send.is_empty());
        assert_eq!(
            owed.component_changes,
            vec![Due {
                notice: Notice::ComponentChange {
                    component: new.components[0].id.clone(),
                    from: was,
                    to: new.components[0].status,
                    at: now,
                },
                not_before: now,
                components: vec![new.components[0].id.clone()],
            }]
        );
        assert!(Owed::between(&new, &new, now).is_empty());
    }

    #[test]
    fn a_new_incident_owes_each_of_its_public_updates() {
        let mut old = demo_feed();
        let new = old.clone();
        old.incidents.remove(0);
        let owed = Owed::between(&old, &new, at("2026-12-01T10:00:00Z"));
        let public = new.incidents[0]
            .updates
            .iter()
            .filter(|u| u.is_public())
            .count();
        assert_eq!(owed.send.len(), public);
    }

    fn maintenance(status: MaintenanceStatus, start: &str) -> Maintenance {
        Maintenance {
            id: "db-upgrade".into(),
            title: "Database upgrade".into(),
            title_translations: Translations::new(),
            status,
            window_start: at(start),
            window_end: at(start) + Duration::hours(2),
            components: vec!["checkout".into()],
            description: "We are upgrading the database.".into(),
            description_translations: Translations::new(),
        }
    }

    use crate::translation::Translations;

    fn feed_with(maintenances: Vec<Maintenance>) -> Feed {
        let mut feed = demo_feed();
        feed.maintenances = maintenances;
        feed
    }

    fn steps(owed: &Owed) -> Vec<(MaintenanceStep, DateTime<Utc>)> {
        owed.send
            .iter()
            .filter_map(|due| match &due.notice {
                Notice::Maintenance { step, .. } => Some((*step, due.not_before)),
                Notice::IncidentUpdate { .. } | Notice::ComponentChange { .. } => None,
            })
            .collect()
    }

    #[test]
    fn an_announced_maintenance_owes_the_announcement_and_a_reminder_an_hour_before() {
        let now = at("2026-12-01T10:00:00Z");
        let old = feed_with(vec![]);
        let new = feed_with(vec![maintenance(
            MaintenanceStatus::Scheduled,
            "2026-12-03T02:00:00Z",
        )]);
        let owed = Owed::between(&old, &new, now);
        assert_eq!(
            steps(&owed),
            vec![
                (MaintenanceStep::Announced, now),
                (MaintenanceStep::Reminder, at("2026-12-03T01:00:00Z"))
            ]
        );
    }

    #[test]
    fn a_window_announced_within_the_hour_gets_no_reminder() {
        let now = at("2026-12-01T10:00:00Z");
        let new = feed_with(vec![maintenance(
            MaintenanceStatus::Scheduled,
            "2026-12-01T10:30:00Z",
        )]);
        let owed = Owed::between(&feed_with(vec![]), &new, now);
        assert_eq!(steps(&owed), vec![(MaintenanceStep::Announced, now)]);
    }

    #[test]
    fn a_moved_window_withdraws_the_old_reminder_and_owes_a_new_one() {
        let now = at("2026-12-01T10:00:00Z");
        let old = feed_with(vec![maintenance(
            MaintenanceStatus::Scheduled,
            "2026-12-03T02:00:00Z",
        )]);
        let new = feed_with(vec![maintenance(
            MaintenanceStatus::Scheduled,
            "2026-12-04T02:00:00Z",
        )]);
        let owed = Owed::between(&old, &new, now);
        assert_eq!(owed.withdraw_reminders, vec!["db-upgrade".to_string()]);
        assert_eq!(
            steps(&owed),
            vec![(MaintenanceStep::Reminder, at("2026-12-04T01:00:00Z"))]
        );
    }

    #[test]
    fn starting_and_completing_are_each_owed_once() {
        let now = at("2026-12-03T02:00:01Z");
        let scheduled = feed_with(vec![maintenance(
            MaintenanceStatus::Scheduled,
            "2026-12-03T02:00:00Z",
        )]);
        let started = feed_with(vec![maintenance(
            MaintenanceStatus::InProgress,
            "2026-12-03T02:00:00Z",
        )]);
        let verifying = feed_with(vec![maintenance(
            MaintenanceStatus::Verifying,
            "2026-12-03T02:00:00Z",
        )]);
        let done = feed_with(vec![maintenance(
            MaintenanceStatus::Completed,
            "2026-12-03T02:00:00Z",
        )]);
        let owed = Owed::between(&scheduled, &started, now);
        assert_eq!(steps(&owed), vec![(MaintenanceStep::Started, now)]);
        assert_eq!(owed.withdraw_reminders, vec!["db-upgrade".to_string()]);
        assert!(steps(&Owed::between(&started, &verifying, now)).is_empty());
        assert_eq!(
            steps(&Owed::between(&verifying, &done, now)),
            vec![(MaintenanceStep::Completed, now)]
        );
        assert!(Owed::between(&done, &done, now).is_empty());
    }

    #[test]
    fn keys_read_back_whatever_the_ids_hold() {
        for notice in [
            Notice::IncidentUpdate {
                incident: "a:b%3A".into(),
                update: "u:1".into(),
            },
            Notice::Maintenance {
                maintenance: "m:%".into(),
                step: MaintenanceStep::Reminder,
                window_start: at("2026-12-03T02:00:00Z"),
            },
            Notice::ComponentChange {
                component: "check:out".into(),
                from: ComponentStatus::Operational,
                to: ComponentStatus::MajorOutage,
                at: at("2026-12-03T02:00:00.123Z"),
            },
        ] {
            assert_eq!(Notice::from_key(&notice.key()), Some(notice.clone()));
        }
        assert_eq!(Notice::from_key("incident:a:b"), None);
        let reminder = Notice::Maintenance {
            maintenance: "m:1".into(),
            step: MaintenanceStep::Reminder,
            window_start: at("2026-12-03T02:00:00Z"),
        };
        assert!(reminder.key().starts_with(&Notice::reminder_prefix("m:1")));
        assert!(!reminder.key().starts_with(&Notice::reminder_prefix("m")));
        assert_eq!(
            Notice::from_key("incident:a%3Ax:update:u"),
            Some(Notice::IncidentUpdate {
                incident: "a:x".into(),
                update: "u".into()
            })
        );
    }
}

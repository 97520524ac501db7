//! The update cadence: when the next public update is owed, even if nothing has changed.

use chrono::{DateTime, Duration, Utc};

use crate::incident::Incident;
use crate::update::Audience;

/// The first public update is owed this soon after an incident starts: customers notice
/// within minutes, and silence reads as "they don't know".
pub const FIRST_UPDATE_WITHIN_MINUTES: i64 = 5;

/// When an open incident's next public update is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CadenceClock {
    /// When the next public update is due.
    pub due_at: DateTime<Utc>,
    /// When the last public update went out; `None` while nothing was published.
    pub last_public_at: Option<DateTime<Utc>>,
}

/// Where the clock stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Due in this long.
    In(Duration),
    /// Late by this long.
    Overdue(Duration),
}

impl CadenceClock {
    /// The clock for `incident`, or `None` once it is resolved (no more updates are owed).
    ///
    /// Due = the time the last public update promised customers (its `next_update_at`); for
    /// an update that promised none (an older feed, a Statuspage import), one cadence after it;
    /// with no public update yet, the incident's start + [`FIRST_UPDATE_WITHIN_MINUTES`].
    ///
    /// The promise wins over the cadence because it is what customers were told: a lead who
    /// wrote "by 09:40" on a 30-minute cadence owes the update at 09:40.
    pub fn for_incident(incident: &Incident) -> Option<Self> {
        if !incident.status().is_open() {
            return None;
        }
        let last_public = incident.latest_update_for(Audience::Public);
        let due_at = match last_public {
            Some(update) => update.next_update_at.unwrap_or_else(|| {
                update.at + Duration::minutes(i64::from(incident.cadence_minutes.max(1)))
            }),
            None => incident.started_at + Duration::minutes(FIRST_UPDATE_WITHIN_MINUTES),
        };
        Some(Self {
            due_at,
            last_public_at: last_public.map(|u| u.at),
        })
    }

    /// Due in how long, or overdue by how long, at `now`; exactly at the due time counts as due
    /// now (zero left), not yet overdue.
    pub fn at(&self, now: DateTime<Utc>) -> Due {
        if now > self.due_at {
            Due::Overdue(now - self.due_at)
        } else {
            Due::In(self.due_at - now)
        }
    }

    /// Whether the update is late at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        matches!(self.at(now), Due::Overdue(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::update::Update;
    use chrono::TimeZone;

    fn demo_incident() -> Incident {
        crate::demo::demo_feed().incidents[0].clone()
    }

    fn t(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, hour, minute, 0).unwrap()
    }

    #[test]
    fn next_update_is_last_public_plus_cadence() {
        let clock = CadenceClock::for_incident(&demo_incident()).unwrap();
        assert_eq!(clock.last_public_at, Some(t(8, 36)));
        assert_eq!(clock.due_at, t(8, 51));
        assert_eq!(clock.at(t(8, 40)), Due::In(Duration::minutes(11)));
    }

    #[test]
    fn internal_updates_do_not_reset_the_clock() {
        let mut incident = demo_incident();
        let mut note: Update = incident.updates[0].clone();
        note.id = "u-late-note".into();
        note.at = t(8, 50);
        incident.updates.push(note);
        assert_eq!(
            CadenceClock::for_incident(&incident).unwrap().due_at,
            t(8, 51)
        );
    }

    #[test]
    fn overdue_says_by_how_long() {
        let clock = CadenceClock::for_incident(&demo_incident()).unwrap();
        assert_eq!(clock.at(t(9, 3)), Due::Overdue(Duration::minutes(12)));
        assert!(clock.is_overdue(t(8, 52)));
        assert!(!clock.is_overdue(t(8, 51)), "exactly on time is not late");
    }

    #[test]
    fn first_update_is_due_within_five_minutes_of_the_start() {
        let mut incident = demo_incident();
        incident.updates.retain(|u| !u.is_public());
        let clock = CadenceClock::for_incident(&incident).unwrap();
        assert_eq!(clock.last_public_at, None);
        assert_eq!(clock.due_at, t(8, 7));
    }

    #[test]
    fn cadence_follows_the_incident_setting() {
        let mut incident = demo_incident();
        incident.cadence_minutes = 30;
        // Without a promise in the last public update, the cadence decides.
        for update in &mut incident.updates {
            update.next_update_at = None;
        }
        assert_eq!(
            CadenceClock::for_incident(&incident).unwrap().due_at,
            t(9, 6)
        );
    }

    #[test]
    fn the_promise_in_the_last_public_update_wins_over_the_cadence() {
        // Regression (console issue, problem 6): "by 09:40 CET" on a 30-minute cadence counted
        // down to 09:53.
        let mut incident = demo_incident();
        incident.cadence_minutes = 30;
        let last = incident
            .updates
            .iter_mut()
            .filter(|u| u.is_public())
            .max_by_key(|u| u.at)
            .unwrap();
        last.next_update_at = Some(t(8, 40) + Duration::minutes(0));
        assert_eq!(
            CadenceClock::for_incident(&incident).unwrap().due_at,
            t(8, 40)
        );
    }

    #[test]
    fn resolved_incident_owes_no_update() {
        let feed = crate::demo::demo_feed();
        assert!(CadenceClock::for_incident(&feed.incidents[1]).is_none());
    }
}

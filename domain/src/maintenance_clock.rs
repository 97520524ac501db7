//! Maintenance on the clock: a scheduled window moves to in progress when it opens and to
//! completed when it closes, by the server's clock and without anyone writing, so every
//! outlet (the feed, the public site, its JSON) says the same as the window.

use chrono::{DateTime, Utc};

use crate::feed::Feed;
use crate::maintenance::MaintenanceStatus;

/// One maintenance moved on by its window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaintenanceMove {
    /// The maintenance's id.
    pub maintenance: String,
    /// Its status before.
    pub from: MaintenanceStatus,
    /// Its status now.
    pub to: MaintenanceStatus,
}

impl Feed {
    /// Sets every maintenance to the status its window gives at `now` (a status someone moved
    /// on by hand, such as verifying, stays until the window closes) and says which moved.
    pub fn move_maintenances(&mut self, now: DateTime<Utc>) -> Vec<MaintenanceMove> {
        let mut moves = Vec::new();
        for maintenance in &mut self.maintenances {
            let to = maintenance.status_at(now);
            if to != maintenance.status {
                moves.push(MaintenanceMove {
                    maintenance: maintenance.id.clone(),
                    from: maintenance.status,
                    to,
                });
                maintenance.status = to;
            }
        }
        moves
    }

    /// The next moment after `now` at which a maintenance's window opens or closes while its
    /// status still waits for it; `None` when no window is ahead.
    pub fn next_maintenance_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.maintenances
            .iter()
            .filter_map(|m| match m.status {
                MaintenanceStatus::Completed => None,
                MaintenanceStatus::Scheduled if m.window_start > now => Some(m.window_start),
                _ => (m.window_end > now).then_some(m.window_end),
            })
            .min()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::demo::demo_feed;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap() + Duration::minutes(minute)
    }

    /// The demo with one maintenance, scheduled from minute 10 to minute 40.
    fn window() -> Feed {
        let mut feed = demo_feed();
        feed.maintenances.truncate(1);
        let m = &mut feed.maintenances[0];
        m.status = MaintenanceStatus::Scheduled;
        m.window_start = at(10);
        m.window_end = at(40);
        feed
    }

    #[test]
    fn a_window_opens_and_closes_by_the_clock_and_says_when_it_will_next() {
        let mut feed = window();
        assert_eq!(feed.next_maintenance_change(at(0)), Some(at(10)));
        assert!(feed.move_maintenances(at(0)).is_empty(), "not yet");

        let moved = feed.move_maintenances(at(10));
        assert_eq!(moved.len(), 1);
        assert_eq!(
            (moved[0].from, moved[0].to),
            (MaintenanceStatus::Scheduled, MaintenanceStatus::InProgress)
        );
        assert_eq!(feed.next_maintenance_change(at(10)), Some(at(40)));
        assert!(feed.move_maintenances(at(20)).is_empty(), "moved once");

        let moved = feed.move_maintenances(at(40));
        assert_eq!(moved[0].to, MaintenanceStatus::Completed);
        assert_eq!(feed.next_maintenance_change(at(40)), None);
    }

    #[test]
    fn a_server_down_through_the_whole_window_completes_it_in_one_move() {
        let mut feed = window();
        let moved = feed.move_maintenances(at(90));
        assert_eq!(
            (moved[0].from, moved[0].to),
            (MaintenanceStatus::Scheduled, MaintenanceStatus::Completed)
        );
    }

    #[test]
    fn a_status_moved_on_by_hand_waits_for_the_window_to_close() {
        let mut feed = window();
        feed.maintenances[0].status = MaintenanceStatus::Verifying;
        assert!(feed.move_maintenances(at(20)).is_empty());
        assert_eq!(feed.next_maintenance_change(at(20)), Some(at(40)));
        assert_eq!(
            feed.move_maintenances(at(41))[0].to,
            MaintenanceStatus::Completed
        );
    }
}

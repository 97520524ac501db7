//! Uptime per component per day, derived from the component changes the public updates
//! announced: what a status page's 90-day bars show.
//!
//! Days are given by the caller (it has the time-zone database), so this stays pure: a day is
//! the instants it starts and ends, which across a clock change is 23 or 25 hours.

use chrono::{DateTime, NaiveDate, Utc};

use crate::component::ComponentStatus;
use crate::public::PublicIncident;
use crate::ranked::{at_rank, sort_by_rank};

/// A calendar day in the page's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// The date there.
    pub date: NaiveDate,
    /// Its first instant.
    pub start: DateTime<Utc>,
    /// The first instant of the next day.
    pub end: DateTime<Utc>,
}

/// How one day went for one component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayUptime {
    /// The day.
    pub date: NaiveDate,
    /// Minutes in partial outage.
    pub partial_minutes: i64,
    /// Minutes in major outage.
    pub major_minutes: i64,
}

/// The colour class of a day, as Statuspage's uptime showcase paints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayLevel {
    /// No outage.
    Operational,
    /// Partial outage only.
    Partial,
    /// Some major outage.
    Major,
}

impl DayLevel {
    /// The stable machine name, for markup.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operational => "operational",
            Self::Partial => "partial",
            Self::Major => "major",
        }
    }
}

impl DayUptime {
    /// The day's colour class.
    pub fn level(&self) -> DayLevel {
        if self.major_minutes > 0 {
            DayLevel::Major
        } else if self.partial_minutes > 0 {
            DayLevel::Partial
        } else {
            DayLevel::Operational
        }
    }
}

/// A component's days and its uptime over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Uptime {
    /// Oldest first.
    pub days: Vec<DayUptime>,
    /// Share of the time up, 0–100: a minute of major outage counts whole and a minute of
    /// partial outage 30 %, as Statuspage counts them.
    pub percent: f64,
}

/// Partial outage counts as this share of downtime (Statuspage's weighting).
const PARTIAL_WEIGHT: f64 = 0.3;

/// The uptime of component `id` over `days`, up to `now`, from the public incidents' updates.
///
/// Before its first announced change a component was operational. When an incident resolves,
/// its components are operational again unless an update says otherwise, so a resolution that
/// forgot to reset a component does not paint outage forever.
pub fn uptime(id: &str, incidents: &[PublicIncident], days: &[Day], now: DateTime<Utc>) -> Uptime {
    let mut changes: Vec<(DateTime<Utc>, ComponentStatus)> = Vec::new();
    for incident in incidents {
        let mut touched = false;
        for update in &incident.updates {
            for change in update
                .component_changes
                .iter()
                .filter(|c| c.component == id)
            {
                changes.push((update.at, change.status));
                touched = true;
            }
        }
        if let (true, Some(resolved)) = (touched, incident.resolved_at) {
            let later = incident
                .updates
                .iter()
                .any(|u| u.at > resolved && u.component_changes.iter().any(|c| c.component == id));
            if !later {
                changes.push((resolved, ComponentStatus::Operational));
            }
        }
    }
    sort_by_rank(&mut changes, |(at, _)| at_rank(*at));
    let mut result = Vec::with_capacity(days.len());
    let (mut weighted, mut total) = (0.0, 0.0);
    for day in days {
        let end = day.end.min(now);
        let (mut partial, mut major) = (0, 0);
        if end > day.start {
            let mut status = changes
                .iter()
                .rev()
                .find(|(at, _)| *at <= day.start)
                .map_or(ComponentStatus::Operational, |(_, s)| *s);
            let mut from = day.start;
            let inside = changes
                .iter()
                .filter(|(at, _)| *at > day.start && *at < end);
            for (at, next) in inside.chain(std::iter::once(&(end, ComponentStatus::Unknown))) {
                let minutes = (*at - from).num_minutes();
                match status {
                    ComponentStatus::PartialOutage => partial += minutes,
                    ComponentStatus::MajorOutage => major += minutes,
                    _ => {}
                }
                status = *next;
                from = *at;
            }
            let length = (end - day.start).num_minutes();
            #[allow(clippy::cast_precision_loss)]
            {
                total += length as f64;
                weighted += major as f64 + PARTIAL_WEIGHT * partial as f64;
            }
        }
        result.push(DayUptime {
            date: day.date,
            partial_minutes: partial,
            major_minutes: major,
        });
    }
    let percent = if total > 0.0 {
        100.0 * (1.0 - weighted / total)
    } else {
        100.0
    };
    Uptime {
        days: result,
        percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_feed;
    use crate::public::PublicFeed;
    use crate::update::ComponentChange;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Days in UTC+8, as Shanghai has them: each starts at 16:00 UTC the day before.
    fn shanghai_days(first: &str, count: u32) -> Vec<Day> {
        let first: NaiveDate = first.parse().unwrap();
        (0..count)
            .map(|i| {
                let date = first + chrono::Days::new(u64::from(i));
                let start =
                    date.and_hms_opt(0, 0, 0).unwrap().and_utc() - chrono::Duration::hours(8);
                Day {
                    date,
                    start,
                    end: start + chrono::Duration::hours(24),
                }
            })
            .collect()
    }

    fn incident_with(
        changes: &[(&str, ComponentStatus)],
        resolved: Option<&str>,
    ) -> PublicIncident {
        let mut public = PublicFeed::from_feed(&demo_feed()).incidents.remove(0);
        let template = public.updates[0].clone();
        public.updates = changes
            .iter()
            .rev()
            .map(|(when, status)| {
                let mut update = template.clone();
                update.at = at(when);
                update.component_changes = vec![ComponentChange {
                    component: "api".into(),
                    status: *status,
                }];
                update
            })
            .collect();
        public.resolved_at = resolved.map(at);
        public
    }

    #[test]
    fn an_outage_across_midnight_in_the_page_s_zone_counts_on_both_days() {
        // 15:30–16:30 UTC is 23:30–00:30 in Shanghai.
        let incident = incident_with(
            &[
                ("2026-12-01T15:30:00Z", ComponentStatus::MajorOutage),
                ("2026-12-01T16:30:00Z", ComponentStatus::Operational),
            ],
            None,
        );
        let days = shanghai_days("2026-12-01", 3);
        let up = uptime("api", &[incident], &days, at("2026-12-03T15:00:00Z"));
        let major: Vec<i64> = up.days.iter().map(|d| d.major_minutes).collect();
        assert_eq!(major, [30, 30, 0]);
        assert_eq!(up.days[0].level(), DayLevel::Major);
        assert_eq!(up.days[2].level(), DayLevel::Operational);
    }

    #[test]
    fn partial_outage_counts_thirty_percent_and_today_counts_only_until_now() {
        let incident = incident_with(
            &[("2026-12-02T16:00:00Z", ComponentStatus::PartialOutage)],
            None,
        );
        let days = shanghai_days("2026-12-03", 1);
        // Two hours into the day, all of it in partial outage.
        let up = uptime("api", &[incident], &days, at("2026-12-02T18:00:00Z"));
        assert_eq!(up.days[0].partial_minutes, 120);
        assert!((up.percent - 70.0).abs() < 1e-9, "{}", up.percent);
    }

    #[test]
    fn a_resolution_ends_the_outage_even_when_it_forgot_the_component() {
        let incident = incident_with(
            &[("2026-12-01T02:00:00Z", ComponentStatus::MajorOutage)],
            Some("2026-12-01T03:00:00Z"),
        );
        let days = shanghai_days("2026-12-01", 2);
        let up = uptime("api", &[incident], &days, at("2026-12-03T00:00:00Z"));
        assert_eq!(up.days[0].major_minutes, 60);
        assert_eq!(up.days[1].major_minutes, 0);
    }

    #[test]
    fn another_component_s_outage_does_not_count() {
        let incident = incident_with(
            &[("2026-12-01T02:00:00Z", ComponentStatus::MajorOutage)],
            None,
        );
        let days = shanghai_days("2026-12-01", 1);
        let up = uptime("web", &[incident], &days, at("2026-12-03T00:00:00Z"));
        assert_eq!(up.days[0].level(), DayLevel::Operational);
        assert!((up.percent - 100.0).abs() < 1e-9);
    }
}

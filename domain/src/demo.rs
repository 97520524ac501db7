//! The demo story placed on today's clock, so a newcomer's first look is a live incident.
//!
//! `domain/fixtures/demo-feed.json` keeps fixed times, so every test stays exact; a server that
//! seeds a new database from it calls [`placed_at`] with its own clock (the domain reads none).

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeDelta, Timelike, Utc};
use regex_lite::{Captures, Regex};

use crate::feed::Feed;
use crate::maintenance::MaintenanceStatus;

/// The demo story as the repository keeps it, with fixed times (tests stay exact).
pub const DEMO_JSON: &str = include_str!("../fixtures/demo-feed.json");

/// The demo feed with its file's fixed times: the one fixture every test and the server's seed
/// start from.
///
/// # Panics
///
/// Never for the file as committed: `tests/demo_feed.rs` holds that it reads.
pub fn demo_feed() -> Feed {
    Feed::from_json(DEMO_JSON).expect("the demo feed reads")
}

/// How long before "now" the open incidents' latest update was posted: a few minutes, so the
/// next one is due soon but not yet (the demo's cadence is 15 minutes).
pub const LAST_UPDATE_AGO: Duration = Duration::minutes(6);

/// How many days before today resolved incidents ended: recent history, not today's news.
pub const RESOLVED_DAYS_AGO: i64 = 3;

/// How many days after today scheduled maintenance starts: next week.
pub const MAINTENANCE_DAYS_AHEAD: i64 = 7;

/// The demo feed with its story moved to `now`, every other field as it was.
///
/// - Open incidents move together by whole minutes so that the latest update among them was
///   posted [`LAST_UPDATE_AGO`] before `now`; clock times written in their texts ("next update by
///   09:51 CET") move by the same minutes, so a promise still matches `next_update_at`.
/// - Resolved incidents move by whole days, so they ended [`RESOLVED_DAYS_AGO`] days before
///   today at the time of day they ended; their texts keep their clock times.
/// - Maintenance that has not started (scheduled) moves by whole days to start
///   [`MAINTENANCE_DAYS_AHEAD`] days after today; other maintenance moves like resolved incidents.
/// - Ids that carry their start date (`inc-2026-11-20-flash-sale-orders`) get the new date, as a
///   new incident's readable id would.
///
/// A shift in minutes does not know daylight saving: a text's zone abbreviation ("CET") stays as
/// written.
pub fn placed_at(feed: &Feed, now: DateTime<Utc>) -> Feed {
    let mut placed = feed.clone();
    let now = now
        .with_second(0)
        .and_then(|n| n.with_nanosecond(0))
        .unwrap_or(now);
    let latest_open = feed
        .incidents
        .iter()
        .filter(|i| i.resolved_at.is_none())
        .filter_map(|i| i.latest_update().map(|u| u.at).or(Some(i.started_at)))
        .max();
    let open_shift = latest_open.map(|latest| (now - LAST_UPDATE_AGO) - latest);
    let clock = clock_times();
    for incident in &mut placed.incidents {
        let shift = match incident.resolved_at {
            None => open_shift.unwrap_or_default(),
            Some(ended) => whole_days(ended, now, -RESOLVED_DAYS_AGO),
        };
        let old_start = incident.started_at;
        incident.started_at += shift;
        incident.resolved_at = incident.resolved_at.map(|at| at + shift);
        incident.id = redated(&incident.id, old_start, incident.started_at);
        for role in &mut incident.roles {
            role.since += shift;
        }
        let minutes = shift.num_minutes() % (24 * 60);
        for update in &mut incident.updates {
            update.at += shift;
            update.next_update_at = update.next_update_at.map(|at| at + shift);
            if minutes != 0 {
                let moved = |text: &str| {
                    clock
                        .replace_all(text, |c: &Captures<'_>| moved_clock(c, minutes))
                        .into_owned()
                };
                update.text = moved(&update.text);
                for translation in update.translations.values_mut() {
                    *translation = moved(translation);
                }
            }
        }
    }
    for maintenance in &mut placed.maintenances {
        let shift = if maintenance.status == MaintenanceStatus::Scheduled {
            whole_days(maintenance.window_start, now, MAINTENANCE_DAYS_AHEAD)
        } else {
            whole_days(maintenance.window_end, now, -RESOLVED_DAYS_AGO)
        };
        let old_start = maintenance.window_start;
        maintenance.window_start += shift;
        maintenance.window_end += shift;
        maintenance.id = redated(&maintenance.id, old_start, maintenance.window_start);
    }
    placed
}

/// The whole-day shift that moves `at`'s date to `days` after `now`'s date (UTC).
fn whole_days(at: DateTime<Utc>, now: DateTime<Utc>, days: i64) -> TimeDelta {
    let target = now.date_naive() + Duration::days(days);
    Duration::days((target - at.date_naive()).num_days())
}

/// `id` with the date it carries replaced, when it carries `old`'s date after its prefix.
fn redated(id: &str, old: DateTime<Utc>, new: DateTime<Utc>) -> String {
    let old_date = date_text(old.date_naive());
    let Some((prefix, rest)) = id.split_once('-') else {
        return id.to_string();
    };
    match rest.strip_prefix(&old_date) {
        Some(tail) => format!("{prefix}-{}{tail}", date_text(new.date_naive())),
        None => id.to_string(),
    }
}

fn date_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Clock times as texts write them: `09:51`, `9:05`; not ratios or version numbers (`1:2`).
fn clock_times() -> Regex {
    Regex::new(r"\b([01]?[0-9]|2[0-3]):([0-5][0-9])\b").expect("the clock pattern is valid")
}

/// A matched clock time moved by `minutes` around the day, written as it was (two-digit hours
/// stay two digits).
fn moved_clock(clock: &Captures<'_>, minutes: i64) -> String {
    let hour_text = &clock[1];
    let hour: i64 = hour_text.parse().unwrap_or(0);
    let minute: i64 = clock[2].parse().unwrap_or(0);
    let moved = (hour * 60 + minute + minutes).rem_euclid(24 * 60);
    let (h, m) = (moved / 60, moved % 60);
    if hour_text.len() == 2 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h}:{m:02}")
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::demo::demo_feed;
    use crate::{CadenceClock, IncidentStatus};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn flash_sale(feed: &Feed) -> &crate::Incident {
        feed.incidents
            .iter()
            .find(|i| i.resolved_at.is_none())
            .unwrap()
    }

    #[test]
    fn the_open_incident_started_about_forty_minutes_ago_and_its_last_update_six() {
        let now = at("2026-12-01T12:42:30Z");
        let placed = placed_at(&demo_feed(), now);
        let incident = flash_sale(&placed);
        let latest = incident.latest_update().unwrap();
        assert_eq!(latest.at, at("2026-12-01T12:36:00Z"));
        let age = (now - incident.started_at).num_minutes();
        assert!((38..=42).contains(&age), "started {age} min ago");
        assert_eq!(incident.id, "inc-2026-12-01-flash-sale-orders");
    }

    #[test]
    fn the_next_update_of_the_placed_demo_is_due_soon_not_overdue() {
        let now = at("2026-12-01T12:42:00Z");
        let placed = placed_at(&demo_feed(), now);
        let clock = CadenceClock::for_incident(flash_sale(&placed)).unwrap();
        let left = clock.due_at - now;
        assert!(
            left > Duration::zero() && left <= Duration::minutes(15),
            "due in {} min",
            left.num_minutes()
        );
    }

    #[test]
    fn clock_times_in_open_texts_move_with_the_story_and_still_match_the_promise() {
        let now = at("2026-12-01T12:42:00Z");
        let placed = placed_at(&demo_feed(), now);
        let incident = flash_sale(&placed);
        let last = incident.latest_update().unwrap();
        let promised = last.next_update_at.unwrap();
        // The page is in Berlin (CET, UTC+1 in December): the text names the promise in CET.
        let cet = promised + Duration::hours(1);
        let written = format!("{:02}:{:02} CET", cet.hour(), cet.minute());
        assert!(
            last.text.contains(&written),
            "{written} not in {}",
            last.text
        );
        assert!(!last.text.contains("09:51"));
    }

    #[test]
    fn the_resolved_incident_ended_three_days_ago_at_its_own_time_of_day() {
        let original = demo_feed();
        let placed = placed_at(&original, at("2026-12-01T00:10:00Z"));
        let before = original
            .incidents
            .iter()
            .find(|i| i.resolved_at.is_some())
            .unwrap();
        let after = placed
            .incidents
            .iter()
            .find(|i| i.resolved_at.is_some())
            .unwrap();
        let ended = after.resolved_at.unwrap();
        assert_eq!(ended.date_naive(), at("2026-11-28T00:00:00Z").date_naive());
        assert_eq!(ended.time(), before.resolved_at.unwrap().time());
        assert_eq!(
            after.updates.iter().map(|u| &u.text).collect::<Vec<_>>(),
            before.updates.iter().map(|u| &u.text).collect::<Vec<_>>(),
            "whole days keep the clock times in the texts right"
        );
        assert_eq!(after.status(), IncidentStatus::Resolved);
    }

    #[test]
    fn scheduled_maintenance_is_next_week() {
        let placed = placed_at(&demo_feed(), at("2026-12-01T12:00:00Z"));
        let maintenance = &placed.maintenances[0];
        assert_eq!(maintenance.window_start, at("2026-12-08T02:00:00Z"));
        assert_eq!(maintenance.window_end, at("2026-12-08T02:30:00Z"));
        assert_eq!(maintenance.id, "mnt-2026-12-08-payments");
    }

    #[test]
    fn the_placed_demo_is_a_valid_feed_with_the_same_story() {
        let original = demo_feed();
        let placed = placed_at(&original, at("2027-03-30T23:59:59Z"));
        assert!(placed.problems().is_empty(), "{:?}", placed.problems());
        let reread = Feed::from_json(&placed.to_json()).unwrap();
        assert_eq!(reread, placed);
        assert_eq!(placed.version, original.version);
        for (a, b) in original.incidents.iter().zip(&placed.incidents) {
            assert_eq!(a.updates.len(), b.updates.len());
            assert_eq!(a.status(), b.status());
            let gaps = |i: &crate::Incident| {
                i.updates
                    .iter()
                    .map(|u| u.at - i.started_at)
                    .collect::<Vec<_>>()
            };
            assert_eq!(gaps(a), gaps(b), "the story keeps its rhythm");
        }
    }

    #[test]
    fn clock_times_wrap_around_midnight_and_keep_their_width() {
        let clock = clock_times();
        let moved = |text: &str, minutes: i64| {
            clock
                .replace_all(text, |c: &Captures<'_>| moved_clock(c, minutes))
                .into_owned()
        };
        assert_eq!(moved("by 23:50 CET", 20), "by 00:10 CET");
        assert_eq!(moved("since 9:05", -10), "since 8:55");
        assert_eq!(moved("at 00:05", -10), "at 23:55");
        assert_eq!(moved("ratio 3:1, v1.2, 90 s", 60), "ratio 3:1, v1.2, 90 s");
    }

    #[test]
    fn ids_without_their_start_date_are_kept() {
        let old = at("2026-11-20T08:02:00Z");
        let new = at("2026-12-01T12:00:00Z");
        assert_eq!(redated("inc-15", old, new), "inc-15");
        assert_eq!(redated("inc-2026-11-19-x", old, new), "inc-2026-11-19-x");
        assert_eq!(redated("inc-2026-11-20-x", old, new), "inc-2026-12-01-x");
    }
}

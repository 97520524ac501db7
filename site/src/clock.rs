//! Times as the site writes them: in the zone the page sets for the reader's language, named as
//! people there name it, with the date unless it is the day the page was published. The page's
//! script rewrites each `<time>` into the reader's own zone; without it, the zone is named, so a
//! time is never ambiguous.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};
use herald_domain::uptime::Day;
use herald_domain::Locale;

/// A time zone from an IANA name; an unknown name is UTC, and says so, rather than failing.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The zone's name at `at` as readers of `locale` know it: "CET", "北京时间", "UTC+03".
fn zone_name(at: DateTime<Tz>, locale: Locale) -> String {
    if locale == Locale::ZhCn && at.timezone() == Tz::Asia__Shanghai {
        return "北京时间".into();
    }
    match at.offset().abbreviation() {
        Some(name) if !name.starts_with(['+', '-']) => name.to_string(),
        // A zone without a usual name is named by its offset, as people write it.
        _ => {
            let offset = at.format("%:z").to_string();
            match offset.as_str() {
                "+00:00" => "UTC".into(),
                _ => format!("UTC{}", offset.trim_end_matches(":00")),
            }
        }
    }
}

/// `at` for a reader of `locale`, in `tz`, with the date unless it falls on `now`'s date there:
/// "09:22 CET", "Wed 2 Dec, 09:22 CET"; "北京时间 16:22", "北京时间 12月2日 16:22".
pub fn shown(at: DateTime<Utc>, tz: Tz, locale: Locale, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&tz);
    let same_day = local.date_naive() == now.with_timezone(&tz).date_naive();
    let clock = local.format("%H:%M");
    let name = zone_name(local, locale);
    match (locale, same_day) {
        (Locale::En, true) => format!("{clock} {name}"),
        (Locale::En, false) if local.year() == now.with_timezone(&tz).year() => {
            format!("{}, {clock} {name}", local.format("%a %-d %b"))
        }
        (Locale::En, false) => format!("{}, {clock} {name}", local.format("%a %-d %b %Y")),
        (Locale::ZhCn, true) => chinese(&name, &clock.to_string(), None),
        (Locale::ZhCn, false) => {
            let date = if local.year() == now.with_timezone(&tz).year() {
                format!("{}月{}日", local.month(), local.day())
            } else {
                format!("{}年{}月{}日", local.year(), local.month(), local.day())
            };
            chinese(&name, &clock.to_string(), Some(&date))
        }
    }
}

/// Chinese writes 北京时间 before the time and an abbreviation after it.
fn chinese(name: &str, clock: &str, date: Option<&str>) -> String {
    let when = date.map_or_else(|| clock.to_string(), |d| format!("{d} {clock}"));
    if name == "北京时间" {
        format!("{name} {when}")
    } else {
        format!("{when} {name}")
    }
}

/// A month's name as a heading: "December 2026", "2026年12月".
pub fn month_name(year: i32, month: u32, locale: Locale) -> String {
    match locale {
        Locale::En => NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
            || format!("{year}-{month:02}"),
            |d| d.format("%B %Y").to_string(),
        ),
        Locale::ZhCn => format!("{year}年{month}月"),
    }
}

/// The `days` calendar days in `tz` that end with `now`'s, oldest first, each with the
/// instants it starts and ends (a day across a clock change is 23 or 25 hours long).
pub fn days_until(now: DateTime<Utc>, tz: Tz, days: u32) -> Vec<Day> {
    let today = now.with_timezone(&tz).date_naive();
    (0..days)
        .rev()
        .filter_map(|back| today.checked_sub_days(chrono::Days::new(u64::from(back))))
        .filter_map(|date| {
            let start = start_of(date, tz)?;
            let end = start_of(date.succ_opt()?, tz)?;
            Some(Day { date, start, end })
        })
        .collect()
}

/// The first instant of `date` in `tz`: midnight, or the first minute after a gap there.
fn start_of(date: NaiveDate, tz: Tz) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    (0..=180).step_by(30).find_map(|minutes| {
        tz.from_local_datetime(&(midnight + chrono::Duration::minutes(minutes)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_time_today_is_the_clock_and_the_zone_s_usual_name() {
        let now = at("2026-12-02T10:00:00Z");
        let berlin = zone("Europe/Berlin");
        assert_eq!(
            shown(at("2026-12-02T08:22:00Z"), berlin, Locale::En, now),
            "09:22 CET"
        );
        let summer = at("2026-07-02T08:22:00Z");
        assert_eq!(shown(summer, berlin, Locale::En, summer), "10:22 CEST");
    }

    #[test]
    fn another_day_carries_its_date_and_another_year_its_year() {
        let now = at("2026-12-02T10:00:00Z");
        let berlin = zone("Europe/Berlin");
        assert_eq!(
            shown(at("2026-11-30T08:22:00Z"), berlin, Locale::En, now),
            "Mon 30 Nov, 09:22 CET"
        );
        assert_eq!(
            shown(at("2025-11-30T08:22:00Z"), berlin, Locale::En, now),
            "Sun 30 Nov 2025, 09:22 CET"
        );
    }

    #[test]
    fn chinese_readers_read_beijing_time_before_the_clock() {
        let now = at("2026-12-02T10:00:00Z");
        let shanghai = zone("Asia/Shanghai");
        assert_eq!(
            shown(at("2026-12-02T08:22:00Z"), shanghai, Locale::ZhCn, now),
            "北京时间 16:22"
        );
        // 23:30 UTC on the 1st is already the 2nd in Shanghai: today there.
        assert_eq!(
            shown(at("2026-12-01T23:30:00Z"), shanghai, Locale::ZhCn, now),
            "北京时间 07:30"
        );
        assert_eq!(
            shown(at("2026-11-30T08:22:00Z"), shanghai, Locale::ZhCn, now),
            "北京时间 11月30日 16:22"
        );
        assert_eq!(
            shown(
                at("2026-11-30T08:22:00Z"),
                zone("Europe/Berlin"),
                Locale::ZhCn,
                now
            ),
            "11月30日 09:22 CET"
        );
    }

    #[test]
    fn a_zone_without_a_usual_name_is_its_offset_and_an_unknown_zone_is_utc() {
        let now = at("2026-12-02T10:00:00Z");
        assert_eq!(
            shown(now, zone("Europe/Istanbul"), Locale::En, now),
            "13:00 UTC+03"
        );
        assert_eq!(
            shown(now, zone("Mars/Olympus"), Locale::En, now),
            "10:00 UTC"
        );
    }

    #[test]
    fn days_follow_the_zone_and_a_clock_change_makes_a_short_day() {
        let berlin = zone("Europe/Berlin");
        let days = days_until(at("2026-03-30T12:00:00Z"), berlin, 3);
        let dates: Vec<String> = days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2026-03-28", "2026-03-29", "2026-03-30"]);
        assert_eq!(days[1].start, at("2026-03-28T23:00:00Z"));
        assert_eq!((days[1].end - days[1].start).num_hours(), 23);
        // Shanghai's day starts at 16:00 UTC the day before.
        let shanghai = days_until(at("2026-12-01T17:00:00Z"), zone("Asia/Shanghai"), 1);
        assert_eq!(shanghai[0].date.to_string(), "2026-12-02");
        assert_eq!(shanghai[0].start, at("2026-12-01T16:00:00Z"));
    }
}

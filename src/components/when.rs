//! A moment as the viewer reads it: their own clock first, and the page's time zone beside it
//! when that differs, so "09:14" means the same to a responder in Berlin and one in Shanghai.

use chrono::{DateTime, Datelike, Timelike, Utc};
use herald_domain::Locale;
use js_sys::{Array, Date, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::locale::use_locale;
use crate::text::text;

/// Formats `at` with the browser's `Intl`, in `zone` (an IANA name) or the viewer's own zone.
/// An unknown zone falls back to UTC, named as such, rather than failing.
pub fn format_time(
    at: DateTime<Utc>,
    zone: Option<&str>,
    locale: Locale,
    with_day: bool,
) -> String {
    let options = Object::new();
    let set = |key: &str, value: &str| {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    };
    set("hour", "2-digit");
    set("minute", "2-digit");
    set("hourCycle", "h23");
    if with_day {
        set("weekday", "short");
        set("day", "numeric");
        set("month", "short");
    }
    if let Some(zone) = zone {
        set("timeZone", zone);
        set("timeZoneName", "short");
    } else if with_day {
        // The viewer's own zone, named, so a time read aloud or screenshotted is unambiguous.
        set("timeZoneName", "short");
    }
    intl_format(at, locale, &options).unwrap_or_else(|| utc_fallback(at, with_day))
}

/// `at` in UTC, named, for when `Intl` cannot format it ("Wed 2 Dec, 09:22 UTC"), written
/// from its fields: chrono's `format` would bring its whole strftime parser into the bundle
/// for these two lines.
fn utc_fallback(at: DateTime<Utc>, with_day: bool) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let clock = format!("{:02}:{:02} UTC", at.hour(), at.minute());
    if !with_day {
        return clock;
    }
    let day = DAYS[at.weekday().num_days_from_monday() as usize];
    let month = MONTHS[at.month0() as usize];
    format!("{day} {} {month}, {clock}", at.day())
}

/// `new Intl.DateTimeFormat(locale, options).format(at)`, through `Reflect` so that an
/// exception (an unknown time zone from a feed) comes back as `None` instead of unwinding
/// through the app.
fn intl_format(at: DateTime<Utc>, locale: Locale, options: &Object) -> Option<String> {
    let formatter = intl_formatter(locale.tag(), options)?;
    call(&formatter, "format", &date_of(at))?.as_string()
}

/// A time as a customer text writes it, in `zone` (the page's zone for the text's language),
/// named as people there name it, with the date when it is not `now`'s date there:
/// "09:22 CET", "Wed 2 Dec, 09:22 CET"; "北京时间 16:22", "北京时间 12月2日 16:22".
pub fn customer_time(at: DateTime<Utc>, zone: &str, locale: Locale, now: DateTime<Utc>) -> String {
    let clock = zoned(
        at,
        zone,
        "en-GB",
        &[
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
        ],
    );
    let Some(clock) = clock else {
        return utc_fallback(at, false);
    };
    let day_of = |t: DateTime<Utc>| {
        zoned(
            t,
            zone,
            "en-CA",
            &[
                ("year", "numeric"),
                ("month", "2-digit"),
                ("day", "2-digit"),
            ],
        )
    };
    let today = day_of(at) == day_of(now);
    let name = zone_name(at, zone, locale);
    match locale {
        Locale::En if today => format!("{clock} {name}"),
        Locale::En => {
            let day = zoned(
                at,
                zone,
                "en-GB",
                &[("weekday", "short"), ("day", "numeric"), ("month", "short")],
            )
            .unwrap_or_default();
            format!("{day}, {clock} {name}")
        }
        Locale::ZhCn if today => format!("{name} {clock}"),
        Locale::ZhCn => {
            let day = zoned(at, zone, "zh-CN", &[("month", "long"), ("day", "numeric")])
                .unwrap_or_default();
            format!("{name} {day} {clock}")
        }
    }
}

/// A zone's name as its readers say it: the abbreviation English readers know (CET, CEST,
/// EST, GMT) where one exists, else the offset (GMT+8); for Chinese readers 北京时间 for
/// China's zone and the zone's Chinese name elsewhere.
pub fn zone_name(at: DateTime<Utc>, zone: &str, locale: Locale) -> String {
    const CHINA: [&str; 5] = [
        "Asia/Shanghai",
        "Asia/Chongqing",
        "Asia/Harbin",
        "Asia/Urumqi",
        "PRC",
    ];
    if locale == Locale::ZhCn {
        if CHINA.contains(&zone) {
            return "北京时间".into();
        }
        return zone_part(at, zone, "zh-CN", "long").unwrap_or_else(|| zone.to_string());
    }
    let offset_only = |name: &str| {
        name.starts_with("GMT+") || name.starts_with("GMT-") || name.starts_with("UTC")
    };
    // British English first (CET, BST), American English next (EST, PST); else British
    // English's offset, asked for once.
    let british = zone_part(at, zone, "en-GB", "short");
    match british {
        Some(name) if !offset_only(&name) => name,
        _ => zone_part(at, zone, "en-US", "short")
            .filter(|name| !offset_only(name))
            .or(british)
            .unwrap_or_else(|| zone.to_string()),
    }
}

/// The `timeZoneName` part of `at` in `zone`, as `tag` writes it in `style`.
fn zone_part(at: DateTime<Utc>, zone: &str, tag: &str, style: &str) -> Option<String> {
    let options = options_of(&[
        ("timeZone", zone),
        ("timeZoneName", style),
        ("hour", "numeric"),
    ]);
    let formatter = intl_formatter(tag, &options)?;
    let parts = call(&formatter, "formatToParts", &date_of(at))?;
    let parts: Array = parts.dyn_into().ok()?;
    parts.iter().find_map(|part| {
        let kind = Reflect::get(&part, &JsValue::from_str("type"))
            .ok()?
            .as_string()?;
        (kind == "timeZoneName")
            .then(|| {
                Reflect::get(&part, &JsValue::from_str("value"))
                    .ok()?
                    .as_string()
            })
            .flatten()
    })
}

/// `at` in `zone` with the given `Intl` options, as `tag` writes it.
fn zoned(at: DateTime<Utc>, zone: &str, tag: &str, fields: &[(&str, &str)]) -> Option<String> {
    let mut all = fields.to_vec();
    all.push(("timeZone", zone));
    let formatter = intl_formatter(tag, &options_of(&all))?;
    call(&formatter, "format", &date_of(at))?.as_string()
}

fn options_of(fields: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    options
}

/// `new Intl.DateTimeFormat(tag, options)`, or `None` when it throws (an unknown zone).
fn intl_formatter(tag: &str, options: &Object) -> Option<JsValue> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into()
        .ok()?;
    Reflect::construct(&constructor, &Array::of2(&JsValue::from_str(tag), options)).ok()
}

fn call(formatter: &JsValue, method: &str, date: &Date) -> Option<JsValue> {
    let function: js_sys::Function = Reflect::get(formatter, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    function.call1(formatter, date).ok()
}

fn date_of(at: DateTime<Utc>) -> Date {
    // Millisecond precision is plenty for a clock face; the cast is exact for any real date.
    #[allow(clippy::cast_precision_loss)]
    Date::new(&JsValue::from_f64(at.timestamp_millis() as f64))
}

/// A time in the reader's own zone, written as a customer text in that zone writes it:
/// named, with the date unless it is today there ("09:14 CET", "北京时间 16:14").
pub fn reader_time(at: DateTime<Utc>, locale: Locale, now: DateTime<Utc>) -> String {
    customer_time(at, &viewer_zone(), locale, now)
}

/// The viewer's own IANA zone, as the browser reports it; UTC when it does not.
pub fn viewer_zone() -> String {
    intl_formatter("en", &Object::new())
        .and_then(|formatter| {
            let options = call_none(&formatter, "resolvedOptions")?;
            Reflect::get(&options, &JsValue::from_str("timeZone"))
                .ok()?
                .as_string()
        })
        .unwrap_or_else(|| "UTC".into())
}

fn call_none(target: &JsValue, method: &str) -> Option<JsValue> {
    let function: js_sys::Function = Reflect::get(target, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    function.call0(target).ok()
}

/// `at` in the viewer's own zone with the given fields, for comparing.
fn local_clock(at: DateTime<Utc>, fields: &[(&str, &str)]) -> Option<String> {
    let formatter = intl_formatter("en-CA", &options_of(fields))?;
    call(&formatter, "format", &date_of(at))?.as_string()
}

/// A `<time>` with the viewer's local time and, when different, the page's.
#[component]
pub fn When(
    /// The moment.
    at: DateTime<Utc>,
    /// The page's IANA time zone.
    #[prop(into)]
    zone: Signal<String>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let now = Utc::now();
        let local = reader_time(at, locale, now);
        let zone = zone.get();
        let page = customer_time(at, &zone, locale, now);
        // Same wall-clock time: the viewer is in the page's zone, one time is enough.
        let clock = [
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
        ];
        let same = zoned(at, &zone, "en-GB", &clock) == local_clock(at, &clock);
        view! {
            <time datetime=at.to_rfc3339() title=zone.clone()>
                {local}
                {(!same).then(|| view! { <span class="page-time">{format!(" · {} {page}", text(locale).page_time)}</span> })}
            </time>
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::utc_fallback;

    #[test]
    fn without_intl_a_time_reads_in_utc_named_with_its_day_when_asked() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 9, 5, 40).unwrap();
        assert_eq!(utc_fallback(at, false), "09:05 UTC");
        assert_eq!(utc_fallback(at, true), "Wed 2 Dec, 09:05 UTC");
        assert_eq!(
            utc_fallback(at, true),
            format!("{} UTC", at.format("%a %-d %b, %H:%M")),
            "as chrono's formatter wrote it"
        );
    }
}

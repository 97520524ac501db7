//! A moment as the viewer reads it: their own clock first, and the page's time zone beside it
//! when that differs, so "09:14" means the same to a responder in Berlin and one in Shanghai.

use chrono::{DateTime, Utc};
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
    intl_format(at, locale, &options).unwrap_or_else(|| {
        format!(
            "{} UTC",
            at.format(if with_day {
                "%a %-d %b, %H:%M"
            } else {
                "%H:%M"
            })
        )
    })
}

/// `new Intl.DateTimeFormat(locale, options).format(at)`, through `Reflect` so that an
/// exception (an unknown time zone from a feed) comes back as `None` instead of unwinding
/// through the app.
fn intl_format(at: DateTime<Utc>, locale: Locale, options: &Object) -> Option<String> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into()
        .ok()?;
    let arguments = Array::of2(&JsValue::from_str(locale.tag()), options);
    let formatter = Reflect::construct(&constructor, &arguments).ok()?;
    let format: js_sys::Function = Reflect::get(&formatter, &JsValue::from_str("format"))
        .ok()?
        .dyn_into()
        .ok()?;
    // Millisecond precision is plenty for a clock face; the cast is exact for any real date.
    #[allow(clippy::cast_precision_loss)]
    let date = Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    format.call1(&formatter, &date).ok()?.as_string()
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
        let local = format_time(at, None, locale, true);
        let zone = zone.get();
        let page = format_time(at, Some(&zone), locale, false);
        let local_short = format_time(at, None, locale, false);
        // Same wall-clock time: the viewer is in the page's zone, one time is enough.
        // Either order: English writes "20:24 GMT+1", Chinese "GMT+1 20:24".
        let same = page.contains(&local_short);
        view! {
            <time datetime=at.to_rfc3339() title=zone.clone()>
                {local}
                {(!same).then(|| view! { <span class="page-time">{format!(" · {} {page}", text(locale).page_time)}</span> })}
            </time>
        }
    }
}

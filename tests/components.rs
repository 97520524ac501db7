//! Components mounted in headless Chromium (run by `wasm-bindgen-test-runner`).
#![cfg(target_arch = "wasm32")]

use herald_domain::demo::demo_feed;
use std::sync::Arc;

use herald::components::{
    CatchUpCard, ComponentList, MarkdownText, SyncBanner, UpdateTimeline, PAGE,
};
use herald::hooks::FeedState;
use herald::locale::provide_locale;
use herald::sync::SyncError;
use herald_domain::{Audience, Locale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FLASH_SALE: &str = "inc-2026-11-20-flash-sale-orders";

/// A viewer who has never looked.
const NOT_SEEN: Option<u64> = None;

/// A fresh container in the test page, so tests do not see each other's output.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    let element: web_sys::HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into();
    element.click();
}

#[wasm_bindgen_test]
async fn catch_up_card_answers_the_late_joiners_questions() {
    let root = container();
    let feed = Arc::new(demo_feed());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <CatchUpCard feed=feed.clone() incident_id=FLASH_SALE.to_string() seen=NOT_SEEN on_mark_read=|()| {} /> }
    });
    leptos::task::tick().await;

    assert_eq!(
        text_of(&root, "[data-testid=incident-title]").as_deref(),
        Some("Orders failing during the Black Friday flash sale")
    );
    assert_eq!(
        text_of(&root, "[data-testid=incident-status]").as_deref(),
        Some("Monitoring")
    );
    assert_eq!(
        text_of(&root, "[data-testid=incident-severity]").as_deref(),
        Some("SEV1")
    );
    let roles = text_of(&root, "[data-testid=roles]").unwrap();
    assert!(
        roles.contains("Incident commander") && roles.contains("Priya"),
        "{roles}"
    );
    let latest = text_of(&root, "[data-testid=latest-public-update]").unwrap();
    assert!(
        latest.contains("Orders are going through again"),
        "{latest}"
    );
    assert!(text_of(&root, "[data-testid=latest-internal-update]").is_some());
    let tried = text_of(&root, "[data-testid=tried]").unwrap();
    assert!(!tried.trim().is_empty());
    let next = text_of(&root, "[data-testid=next-update]").unwrap();
    assert!(
        next.contains("overdue by") || next.contains("due in"),
        "{next}"
    );
    assert!(
        count(&root, "[data-testid=changed-since] li") > 0,
        "a first visit sees everything as new"
    );
}

#[wasm_bindgen_test]
async fn catch_up_card_without_public_update_says_customers_were_not_told() {
    let mut feed = demo_feed();
    let incident = feed
        .incidents
        .iter_mut()
        .find(|i| i.id == FLASH_SALE)
        .unwrap();
    incident
        .updates
        .retain(|u| u.audience == Audience::Internal);
    let feed = Arc::new(feed);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <CatchUpCard feed=feed.clone() incident_id=FLASH_SALE.to_string() seen=NOT_SEEN on_mark_read=|()| {} /> }
    });
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-testid=no-public-update]"), 1);
    assert_eq!(count(&root, "[data-testid=latest-public-update]"), 0);
}

#[wasm_bindgen_test]
async fn marking_read_clears_the_changed_list() {
    let feed = Arc::new(demo_feed());
    let version = feed.version;
    let seen = RwSignal::new(None::<u64>);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <CatchUpCard feed=feed.clone() incident_id=FLASH_SALE.to_string() seen=seen
                on_mark_read=move |()| seen.set(Some(version)) />
        }
    });
    leptos::task::tick().await;
    click(&root, "[data-testid=mark-read]");
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-testid=changed-since] li"), 0);
    assert_eq!(count(&root, "[data-testid=mark-read]"), 0);
}

#[wasm_bindgen_test]
async fn the_card_speaks_chinese_when_asked() {
    let root = container();
    let feed = Arc::new(demo_feed());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_locale(Locale::ZhCn);
        view! { <CatchUpCard feed=feed.clone() incident_id=FLASH_SALE.to_string() seen=NOT_SEEN on_mark_read=|()| {} /> }
    });
    leptos::task::tick().await;
    assert_eq!(
        text_of(&root, "[data-testid=incident-status]").as_deref(),
        Some("监控中")
    );
    assert!(text_of(&root, "[data-testid=roles]")
        .unwrap()
        .contains("负责人"));
    // The page is English by default and has Chinese names: a Chinese responder reads them.
    assert_eq!(
        text_of(&root, "[data-testid=incident-title]").as_deref(),
        Some("黑色星期五限时特卖期间订单失败")
    );
    let affected = text_of(&root, "[data-testid=affected]").unwrap();
    assert!(
        affected.contains("结账和订单") && affected.contains("手机应用"),
        "{affected}"
    );
    assert!(!affected.contains("Checkout"), "{affected}");
    // What customers were last told, as Chinese customers were told it.
    let told = text_of(&root, "[data-testid=latest-public-update] .published-text").unwrap();
    assert!(!told.contains("Orders are going through again"), "{told}");
    assert!(
        told.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{told}"
    );
    // An internal note has one language: it is shown as written, with no note about it.
    assert_eq!(
        count(
            &root,
            "[data-testid=latest-internal-update] [data-testid=fallback-note]"
        ),
        0
    );
    assert!(text_of(&root, "[data-testid=latest-internal-update]")
        .unwrap()
        .contains("orders-db"));
}

#[wasm_bindgen_test]
async fn the_component_list_names_components_and_groups_in_the_readers_language() {
    let root = container();
    let feed = demo_feed();
    let (components, page) = (feed.components.clone(), feed.page.language());
    let chosen = RwSignal::new(None::<RwSignal<Locale>>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        chosen.set(Some(provide_locale(Locale::ZhCn)));
        view! { <ComponentList components=components.clone() page=page /> }
    });
    let locale = chosen.get_untracked().unwrap();
    leptos::task::tick().await;
    assert_eq!(
        text_of(&root, "[data-testid=components] h2").as_deref(),
        Some("组件")
    );
    let checkout = text_of(&root, "[data-component-id=checkout] .component-name").unwrap();
    assert_eq!(checkout, "商店 / 结账和订单");

    locale.set(Locale::En);
    leptos::task::tick().await;
    assert_eq!(
        text_of(&root, "[data-testid=components] h2").as_deref(),
        Some("Components")
    );
    let checkout = text_of(&root, "[data-component-id=checkout] .component-name").unwrap();
    assert_eq!(checkout, "Shop / Checkout and orders");
}

#[wasm_bindgen_test]
async fn timeline_filters_by_audience_and_pages_long_histories() {
    let mut feed = demo_feed();
    let template = feed.incidents[0].updates[0].clone();
    for n in 0..(PAGE + 20) {
        let mut update = template.clone();
        update.id = format!("bulk-{n:04}");
        update.audience = if n % 2 == 0 {
            Audience::Public
        } else {
            Audience::Internal
        };
        feed.incidents[0].updates.push(update);
    }
    let total = feed
        .incidents
        .iter()
        .map(|i| i.updates.len())
        .sum::<usize>();
    let feed = Arc::new(feed);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <UpdateTimeline feed=feed.clone() seen=NOT_SEEN /> }
    });
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-testid=timeline-entry]") as usize, PAGE);
    click(&root, "[data-testid=show-more]");
    leptos::task::tick().await;
    assert_eq!(
        count(&root, "[data-testid=timeline-entry]") as usize,
        total.min(2 * PAGE)
    );

    let select: web_sys::HtmlSelectElement = root
        .query_selector("[data-testid=filter-audience]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_value("internal");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(count(&root, "[data-testid=timeline-entry]") > 0);
    assert_eq!(
        count(&root, "[data-testid=timeline-entry][data-audience=public]"),
        0
    );
}

#[wasm_bindgen_test]
async fn markdown_renders_emphasis_and_never_markup_from_the_text() {
    let root = container();
    let hostile = "**Fixed** <img src=x onerror=\"window.__pwned=1\"> [x](javascript:window.__pwned=2) [ok](https://example.com)";
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <MarkdownText text=hostile.to_string() /> }
    });
    leptos::task::tick().await;
    assert_eq!(count(&root, "strong"), 1);
    assert_eq!(count(&root, "img"), 0);
    assert_eq!(count(&root, "a"), 1);
    let href = root
        .query_selector("a")
        .unwrap()
        .unwrap()
        .get_attribute("href");
    assert_eq!(href.as_deref(), Some("https://example.com"));
    assert!(
        root.text_content().unwrap().contains("<img src=x"),
        "shown as text"
    );
}

#[wasm_bindgen_test]
async fn sync_banner_goes_from_loading_to_stale_and_retries_on_click() {
    let state = RwSignal::new(FeedState::default());
    let retries = RwSignal::new(0);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <SyncBanner state=state poll_seconds=15u32 on_retry=move |()| retries.update(|n| *n += 1) /> }
    });
    leptos::task::tick().await;
    assert_eq!(count(&root, "[data-testid=sync-loading]"), 1);

    state.update(|s| {
        s.feed = Some(Arc::new(demo_feed()));
        s.last_synced = Some(chrono::Utc::now() - chrono::Duration::seconds(190));
        s.next_try = Some(chrono::Utc::now() + chrono::Duration::seconds(8));
        s.error = Some(SyncError::Http {
            status: 503,
            text: "Service Unavailable".into(),
        });
    });
    leptos::task::tick().await;
    let banner = text_of(&root, "[data-testid=sync-stale]").expect("a stale banner");
    assert!(banner.contains("HTTP 503"), "{banner}");
    assert!(banner.contains("3 min ago"), "{banner}");
    assert!(banner.contains("Next try in"), "{banner}");

    click(&root, "[data-testid=sync-stale] button");
    leptos::task::tick().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn cadence_panel_counts_down_to_the_promise_not_the_cadence() {
    // Regression (console issue, problem 6): "by 09:40" on a 30-minute cadence counted to 09:53.
    use chrono::TimeZone;
    let mut incident = demo_feed()
        .incidents
        .into_iter()
        .find(|i| i.id == FLASH_SALE)
        .unwrap();
    incident.cadence_minutes = 30;
    let promised = chrono::Utc
        .with_ymd_and_hms(2026, 11, 20, 8, 40, 0)
        .unwrap();
    let last = incident
        .updates
        .iter_mut()
        .filter(|u| u.audience == Audience::Public)
        .max_by_key(|u| u.at)
        .unwrap();
    last.next_update_at = Some(promised);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_locale(Locale::En);
        herald::hooks::provide_clock_at(promised - chrono::Duration::seconds(294));
        let incident = incident.clone();
        view! { <herald::components::CadencePanel incident=Signal::derive(move || Some(incident.clone())) on_holding=Callback::new(|()| {}) /> }
    });
    leptos::task::tick().await;
    let clock = text_of(&root, "[data-testid=cadence-clock]").unwrap();
    assert!(clock.ends_with("due in 4 min 54 s"), "{clock}");
    assert_eq!(count(&root, "[data-testid=holding-update]"), 1);
}

#[wasm_bindgen_test]
async fn role_editor_confirms_a_hand_over_and_offers_to_undo_it() {
    // Regression (console issue, problem 11): hand-over had no confirmation or undo, and was
    // queued silently without a token.
    let incident = demo_feed()
        .incidents
        .into_iter()
        .find(|i| i.id == FLASH_SALE)
        .unwrap();
    let handed = RwSignal::new(Vec::<(herald_domain::Role, String)>::new());
    let can_write = RwSignal::new(false);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_locale(Locale::En);
        let incident = incident.clone();
        view! {
            <herald::components::RoleEditor incident=Signal::derive(move || Some(incident.clone()))
                on_hand_over=Callback::new(move |h| handed.update(|list| list.push(h)))
                can_write=can_write blocked_reason="Enter the write token above to hand roles over." />
        }
    });
    leptos::task::tick().await;
    assert_eq!(
        text_of(&root, "[data-testid=hand-over-blocked]").as_deref(),
        Some("Enter the write token above to hand roles over.")
    );
    can_write.set(true);
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("[data-testid=role-operations_lead]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value("Mei Chen");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let form: web_sys::HtmlFormElement = root
        .query_selector("[data-role=operations_lead]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    form.request_submit().unwrap();
    leptos::task::tick().await;
    let question = text_of(&root, "[data-testid=hand-over-question]").unwrap();
    assert!(
        question.contains("Hand Operations lead from Jonas Weber to Mei Chen?"),
        "{question}"
    );
    assert!(
        handed.get_untracked().is_empty(),
        "nothing sent before the confirmation"
    );
    click(&root, "[data-testid=hand-over-confirm]");
    leptos::task::tick().await;
    assert_eq!(handed.get_untracked().len(), 1);
    click(&root, "[data-testid=hand-over-undo]");
    leptos::task::tick().await;
    assert_eq!(
        handed
            .get_untracked()
            .last()
            .map(|(_, who)| who.clone())
            .as_deref(),
        Some("Jonas Weber")
    );
}

#[wasm_bindgen_test]
async fn catch_up_card_counts_down_on_a_fixed_clock_and_turns_overdue() {
    // A clock the test sets: the countdown's exact words, and the overdue mark once it passes.
    let feed = Arc::new(demo_feed());
    let incident = feed.incidents.iter().find(|i| i.id == FLASH_SALE).unwrap();
    let due = herald_domain::CadenceClock::for_incident(incident)
        .unwrap()
        .due_at;
    let start = due - chrono::Duration::seconds(294);
    let set_now = StoredValue::new(None);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_locale(Locale::En);
        set_now.set_value(Some(herald::hooks::provide_clock_at(start)));
        view! { <CatchUpCard feed=feed.clone() incident_id=FLASH_SALE.to_string() seen=NOT_SEEN on_mark_read=|()| {} /> }
    });
    leptos::task::tick().await;
    let next = text_of(&root, "[data-testid=next-update]").unwrap();
    assert!(next.ends_with("due in 4 min 54 s"), "{next}");
    set_now
        .get_value()
        .unwrap()
        .set(due + chrono::Duration::seconds(180));
    leptos::task::tick().await;
    let next = text_of(&root, "[data-testid=next-update]").unwrap();
    assert!(next.ends_with("overdue by 3 min"), "{next}");
    let class = root
        .query_selector("[data-testid=next-update]")
        .unwrap()
        .unwrap()
        .class_name();
    assert_eq!(class, "next-update overdue");
}

#[wasm_bindgen_test]
async fn support_kit_warns_when_the_published_promise_passes_while_it_is_open() {
    // The kit runs on the page's clock: a promise that passes with the page open is flagged
    // then, in the customer's zone as their language's text wrote it, never a time of its own.
    use herald::components::IncidentKit;
    use herald_domain::PublicFeed;
    let public = PublicFeed::from_feed(&demo_feed());
    let incident = public
        .incidents
        .iter()
        .find(|i| i.id == FLASH_SALE)
        .unwrap()
        .clone();
    let due = incident.next_update_due.unwrap();
    for (customer, zone_word) in [(Locale::En, "CET"), (Locale::ZhCn, "北京时间")] {
        let set_now = StoredValue::new(None);
        let root = container();
        let (public, incident) = (public.clone(), incident.clone());
        let _mounted = leptos::mount::mount_to(root.clone(), move || {
            provide_locale(Locale::En);
            set_now.set_value(Some(herald::hooks::provide_clock_at(
                due - chrono::Duration::seconds(30),
            )));
            view! { <IncidentKit public=public.clone() incident=incident.clone() customer=customer agent=RwSignal::new(String::new()) /> }
        });
        leptos::task::tick().await;
        assert_eq!(
            count(&root, "[data-testid=promise-passed]"),
            0,
            "{customer:?}"
        );
        let chat = text_of(&root, "[data-testid=reply-chat] .reply-text").unwrap();
        assert!(chat.contains(zone_word), "{customer:?}: {chat}");
        set_now
            .get_value()
            .unwrap()
            .set(due + chrono::Duration::seconds(1));
        leptos::task::tick().await;
        let warning = text_of(&root, "[data-testid=promise-passed] strong")
            .unwrap_or_else(|| panic!("{customer:?}: no warning once the promise passed"));
        assert!(warning.contains(zone_word), "{customer:?}: {warning}");
        assert!(
            chat.contains(&warning),
            "{customer:?}: the warning names the time the reply promised: {warning} / {chat}"
        );
    }
}

#[wasm_bindgen_test]
fn a_customer_time_names_its_zone_as_readers_there_do_with_the_date_when_not_today() {
    use chrono::TimeZone;
    use herald::components::customer_time;
    let winter = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 9, 22, 0).unwrap();
    let summer = chrono::Utc.with_ymd_and_hms(2026, 7, 2, 9, 22, 0).unwrap();
    let en = |at, zone, now| customer_time(at, zone, Locale::En, now);
    let zh = |at, zone, now| customer_time(at, zone, Locale::ZhCn, now);
    assert_eq!(en(winter, "Europe/Berlin", winter), "10:22 CET");
    assert_eq!(en(summer, "Europe/Berlin", summer), "11:22 CEST");
    assert_eq!(en(winter, "Europe/London", winter), "09:22 GMT");
    assert_eq!(en(winter, "America/New_York", winter), "04:22 EST");
    // No abbreviation in use there: the offset, never a made-up name.
    assert_eq!(en(winter, "Asia/Shanghai", winter), "17:22 GMT+8");
    assert_eq!(zh(winter, "Asia/Shanghai", winter), "北京时间 17:22");
    // Tomorrow in the zone (it is 17:22 in Shanghai, so 07:00 UTC tomorrow is 15:00 there).
    let tomorrow = winter + chrono::Duration::hours(21) + chrono::Duration::minutes(38);
    assert_eq!(
        en(tomorrow, "Europe/Berlin", winter),
        "Thu 3 Dec, 08:00 CET"
    );
    assert_eq!(
        zh(tomorrow, "Asia/Shanghai", winter),
        "北京时间 12月3日 15:00"
    );
    // The same moment is today in Berlin and tomorrow in Shanghai.
    let late = chrono::Utc.with_ymd_and_hms(2026, 12, 2, 20, 0, 0).unwrap();
    assert_eq!(en(late, "Europe/Berlin", winter), "21:00 CET");
    assert_eq!(zh(late, "Asia/Shanghai", winter), "北京时间 12月3日 04:00");
    // A zone Intl does not know reads in UTC, named as such, rather than failing.
    assert_eq!(en(winter, "Mars/Olympus", winter), "09:22 UTC");
}

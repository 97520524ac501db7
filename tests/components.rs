//! Components mounted in headless Chromium (run by `wasm-bindgen-test-runner`).
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use std::time::Duration;

use herald::components::{IncidentSummary, SyncBanner};
use herald::hooks::FeedState;
use herald::sync::SyncError;
use herald_domain::{Audience, Feed, Incident};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn demo() -> Feed {
    Feed::from_json(include_str!("../domain/fixtures/demo-feed.json")).unwrap()
}

fn flash_sale() -> Incident {
    demo().open_incidents()[0].clone()
}

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

#[wasm_bindgen_test]
async fn incident_summary_shows_title_status_and_latest_public_update() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! { <IncidentSummary incident=flash_sale() affected=vec!["Checkout and orders".to_string()] /> }
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
    let latest = text_of(&root, "[data-testid=latest-public-update]").unwrap();
    assert!(
        latest.contains("Orders are going through again"),
        "{latest}"
    );
    assert!(latest.contains("Tomás Ortega"), "{latest}");
}

#[wasm_bindgen_test]
async fn incident_summary_never_shows_internal_notes() {
    let incident = flash_sale();
    let root = container();
    let shown = incident.clone();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <IncidentSummary incident=shown.clone() affected={Vec::<String>::new()} /> }
    });
    leptos::task::tick().await;

    let text = root.text_content().unwrap();
    for note in incident
        .updates
        .iter()
        .filter(|u| u.audience == Audience::Internal)
    {
        let first_words: String = note.text.chars().take(30).collect();
        assert!(
            !text.contains(&first_words),
            "internal note leaked: {first_words}"
        );
    }
}

#[wasm_bindgen_test]
async fn incident_without_public_update_says_customers_were_not_told() {
    let mut incident = flash_sale();
    incident
        .updates
        .retain(|u| u.audience == Audience::Internal);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <IncidentSummary incident=incident.clone() affected={Vec::<String>::new()} /> }
    });
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=no-public-update]")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("[data-testid=latest-public-update]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn sync_banner_goes_from_loading_to_stale_and_retries_on_click() {
    let state = RwSignal::new(FeedState::default());
    let retries = RwSignal::new(0);
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SyncBanner
                state=state
                interval=Duration::from_secs(15)
                on_retry=move |()| retries.update(|n| *n += 1)
            />
        }
    });
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=sync-loading]")
        .unwrap()
        .is_some());

    state.update(|s| {
        s.feed = Some(Arc::new(demo()));
        s.error = Some(SyncError::Http {
            status: 503,
            text: "Service Unavailable".into(),
        });
    });
    leptos::task::tick().await;
    let banner = text_of(&root, "[data-testid=sync-stale]").expect("a stale banner");
    assert!(banner.contains("HTTP 503"), "{banner}");
    assert!(banner.contains("every 15 s"), "{banner}");

    let button: web_sys::HtmlElement = root
        .query_selector("[data-testid=sync-stale] button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    leptos::task::tick().await;
    assert_eq!(retries.get_untracked(), 1);
}

//! Email subscriptions through a real SMTP server on loopback: subscribe, confirm, receive
//! only what touches your components in your language, manage, unsubscribe with one click;
//! and the faults: a `kill -9` in the middle of a fan-out, the relay down, a flood of
//! subscribe requests.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use common::mail::{link, SmtpReceiver};
use common::running::{client, get_written, post_update, Running};
use common::{updates_path, INCIDENT, WRITE};
use serde_json::Value;

const FROM: &str = "Larkspur Status <status@larkspur.test>";

fn mail_flags(receiver: &SmtpReceiver) -> Vec<String> {
    vec![
        "--smtp-url".into(),
        receiver.url(),
        "--mail-from".into(),
        FROM.into(),
        "--public-url".into(),
        "http://127.0.0.1:9/status/".into(),
    ]
}

fn launch(db: &Path, receiver: &SmtpReceiver, subscribe_url: Option<&str>) -> Running {
    let mut flags = mail_flags(receiver);
    if let Some(url) = subscribe_url {
        flags.extend(["--subscribe-url".into(), url.into()]);
    }
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    Running::launch(db, &flags, &[])
}

async fn subscribe(server: &Running, form: &str) -> (u16, String) {
    let response = client()
        .post(server.url("/subscriptions"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_string())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Publishes a public update with `text` under the idempotency `key`.
async fn publish(server: &Running, key: &str, text: &str) {
    let status = post_update(&client(), &server.url(&updates_path()), key, text)
        .await
        .unwrap();
    assert_eq!(status, 201, "publishing {key}");
}

/// The links in emails point at the server the test started, on its own port.
fn local(link: &str, server: &Running) -> String {
    let path = &link[link.find("/subscriptions/").unwrap()..];
    server.url(path)
}

async fn post_form(url: &str, body: &str) -> (u16, String) {
    let response = client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn header<'a>(message: &'a Value, name: &str) -> &'a str {
    message["headers"][name].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_subscriber_confirms_gets_their_updates_in_their_language_and_unsubscribes_with_one_click(
) {
    let dir = tempfile::tempdir().unwrap();
    let receiver = SmtpReceiver::start(&dir.path().join("mail.jsonl"), 0, 0);
    let server = launch(&dir.path().join("herald.db"), &receiver, None);

    let (first, confirmations) = ask_for_ana_and_bo(&server, &receiver).await;

    // Nothing but the confirmation before confirming.
    publish(
        &server,
        "u-0",
        "Checkout is failing for some customers. Next update in 30 minutes.",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        receiver.messages().await.len(),
        2,
        "unconfirmed addresses get nothing"
    );

    // A second request for a known address gets the same answer, and no second email.
    let (_, again) = subscribe(
        &server,
        "email=ana%40example.com&language=zh-CN&lang=en&scope=all",
    )
    .await;
    assert_eq!(
        again, first,
        "the answer must not tell whether an address is known"
    );

    confirm_from_each(&confirmations, &server).await;

    publish(
        &server,
        "u-1",
        "We found the cause and are rolling out a fix. Next update in 30 minutes.",
    )
    .await;
    let note = client()
        .post(server.url(&updates_path()))
        .bearer_auth(WRITE)
        .header("idempotency-key", "n-1")
        .json(
            &serde_json::json!({"audience": "internal", "status": "identified",
            "author": "Jonas Weber", "text": "db-eu-3 failed over to the replica"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(note.status(), 201);

    let messages = receiver
        .until(Duration::from_secs(20), |m| m.len() >= 3)
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let to_ana = receiver.to("ana@example.com").await;
    assert_eq!(
        to_ana.len(),
        2,
        "the confirmation and one update: {messages:?}"
    );
    let update = &to_ana[1];
    assert!(
        receiver.to("bo@example.com").await.len() == 1,
        "Bo chose only search"
    );
    holds_the_update_in_chinese(update);

    unsubscribe_with_one_click(update, &server).await;

    publish(
        &server,
        "u-2",
        "A fix is rolling out. Next update in 30 minutes.",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        receiver.to("ana@example.com").await.len(),
        2,
        "nothing after unsubscribing"
    );

    let counts = get_written(
        &client(),
        &server.url(&format!("/api/v1/incidents/{INCIDENT}/deliveries")),
    )
    .await;
    assert_eq!(counts["pending"], 0, "{counts}");
    assert_eq!(counts["failed"], 0, "{counts}");
}

/// Ana asks for everything in Chinese, Bo for search only (which the incident does not
/// touch); the form's answer and their confirmation emails.
async fn ask_for_ana_and_bo(server: &Running, receiver: &SmtpReceiver) -> (String, Vec<Value>) {
    // Ana wants everything in Chinese; Bo only search, which the incident does not touch.
    let (status, first) = subscribe(
        server,
        "email=ana%40example.com&language=zh-CN&lang=en&scope=all",
    )
    .await;
    assert_eq!(status, 200, "{first}");
    let (status, _) = subscribe(
        server,
        "email=bo%40example.com&language=en&lang=en&scope=some&components=search",
    )
    .await;
    assert_eq!(status, 200);
    let confirmations = receiver
        .until(Duration::from_secs(20), |m| m.len() >= 2)
        .await;
    let ana = confirmations
        .iter()
        .find(|m| m["envelopeTo"][0] == "ana@example.com")
        .unwrap();
    assert!(
        ana["subject"].as_str().unwrap().contains("请确认您的订阅"),
        "{ana}"
    );
    assert_eq!(
        header(ana, "list-unsubscribe"),
        "",
        "nothing to unsubscribe from yet"
    );
    (first, confirmations)
}

/// Ana's mail client unsubscribes her with one click; her address is gone from the list.
async fn unsubscribe_with_one_click(update: &Value, server: &Running) {
    // One click from Ana's mail client: RFC 8058's POST to the List-Unsubscribe address.
    let unsubscribe = header(update, "list-unsubscribe")
        .trim_matches(['<', '>'])
        .to_string();
    let (status, page) =
        post_form(&local(&unsubscribe, server), "List-Unsubscribe=One-Click").await;
    assert_eq!(status, 200, "{page}");
    let list = get_written(&client(), &server.url("/api/v1/subscribers")).await;
    let list = list.as_array().unwrap();
    assert!(
        list.iter().all(|s| s["email"] != "ana@example.com"),
        "unsubscribing deletes the address: {list:?}"
    );
    let unauthorised = client()
        .get(server.url("/api/v1/subscribers"))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorised.status(), 401, "the list needs the write token");
}

/// Follows the confirmation link in each message, as its reader would: the page, then its button.
async fn confirm_from_each(confirmations: &[Value], server: &Running) {
    for message in confirmations {
        let confirm = local(&link(message, "confirm"), server);
        // Opening the link (as a mail scanner would) confirms nothing; the button does.
        let opened = client().get(&confirm).send().await.unwrap();
        assert_eq!(opened.status(), 200);
        assert!(opened.text().await.unwrap().contains("subscription-button"));
        let (status, page) = post_form(&confirm, "").await;
        assert_eq!(status, 200, "{page}");
    }
}

/// What Ana's email about the update must say and carry.
fn holds_the_update_in_chinese(update: &Value) {
    let text = update["text"].as_str().unwrap();
    assert!(text.contains("受影响："), "{text}");
    assert!(
        text.contains("以英文显示"),
        "the English text comes with the note: {text}"
    );
    assert!(text.contains("We found the cause"), "{text}");
    assert!(!text.contains("db-eu-3") && !update["html"].as_str().unwrap().contains("db-eu-3"));
    assert!(text.contains("/zh-CN/incidents/"), "{text}");
    assert_eq!(
        header(update, "list-unsubscribe-post"),
        "List-Unsubscribe=One-Click"
    );
    assert!(header(update, "list-unsubscribe").contains("/subscriptions/unsubscribe?token="));
    assert!(update["messageId"]
        .as_str()
        .unwrap()
        .starts_with("<delivery-"));
    assert!(update["inReplyTo"]
        .as_str()
        .unwrap()
        .starts_with("<incident-"));
    assert_eq!(update["references"][0], update["inReplyTo"]);
    assert!(update["html"].as_str().unwrap().contains("lang=\"zh-CN\""));
}

#[tokio::test]
async fn bad_links_and_bad_addresses_get_a_page_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = SmtpReceiver::start(&dir.path().join("mail.jsonl"), 0, 0);
    let server = launch(&dir.path().join("herald.db"), &receiver, None);
    let (status, page) = subscribe(&server, "email=not-an-address&lang=en").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("does not look like an email address")
            && page.contains("value=\"not-an-address\""),
        "{page}"
    );
    let (status, page) =
        subscribe(&server, "email=%3Cscript%3Ealert(1)%3C%2Fscript%3E&lang=en").await;
    assert_eq!(status, 422);
    assert!(!page.contains("<script>alert"), "{page}");
    for path in [
        "/subscriptions/manage?token=m.1.0.forged",
        "/subscriptions/unsubscribe",
        "/subscriptions/confirm?token=",
    ] {
        let response = client().get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(response
            .text()
            .await
            .unwrap()
            .contains("This link does not work"));
    }
}

#[tokio::test]
async fn a_flood_of_subscribe_requests_from_one_client_is_limited_and_pages_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = SmtpReceiver::start(&dir.path().join("mail.jsonl"), 0, 0);
    let server = launch(&dir.path().join("herald.db"), &receiver, None);
    let mut by_status: BTreeMap<u16, usize> = BTreeMap::new();
    for n in 0..1_000 {
        let (status, _) =
            subscribe(&server, &format!("email=flood{n}%40example.com&lang=en")).await;
        *by_status.entry(status).or_default() += 1;
    }
    println!("1,000 subscribe requests from one client: {by_status:?}");
    assert!(
        by_status.get(&200).copied().unwrap_or(0) <= 20,
        "{by_status:?}"
    );
    assert!(
        by_status.get(&429).copied().unwrap_or(0) >= 980,
        "{by_status:?}"
    );
    let page = client().get(server.url("/status/")).send().await.unwrap();
    assert_eq!(page.status(), 200, "the public site is still served");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(receiver.messages().await.len() <= 20);
}

/// Subscribers written straight into the database, confirmed, as a large page has them.
fn seed_subscribers(db: &Path, count: usize) -> Vec<String> {
    let mut store = herald_server::store::Store::open(db).unwrap();
    let now = chrono::Utc::now();
    let addresses: Vec<String> = (0..count).map(|n| format!("s{n}@example.com")).collect();
    for (n, address) in addresses.iter().enumerate() {
        store
            .ask_to_subscribe(address, herald_domain::Locale::En, None, now)
            .unwrap();
        store.confirm(i64::try_from(n + 1).unwrap(), now).unwrap();
    }
    addresses
}

fn fanout_count() -> usize {
    std::env::var("FANOUT_SUBSCRIBERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

#[tokio::test]
async fn a_kill_9_in_the_middle_of_a_fan_out_loses_nobody_and_resends_only_what_was_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let count = fanout_count();
    // The server seeds the database first, so the subscribers go into a real one.
    let receiver = SmtpReceiver::start(&dir.path().join("mail.jsonl"), 0, 2);
    assert!(launch(&db, &receiver, None).terminate().success());
    let addresses = seed_subscribers(&db, count);
    let server = launch(&db, &receiver, None);
    publish(
        &server,
        "fan-1",
        "We are rolling out a fix. Next update in 30 minutes.",
    )
    .await;
    let is_update = |m: &Value| {
        m["subject"]
            .as_str()
            .is_some_and(|s| !s.contains("Confirm"))
    };
    receiver
        .until(Duration::from_mins(1), |m| {
            m.iter().filter(|m| is_update(m)).count() >= count / 5
        })
        .await;
    let mut server = server;
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flushing.
    server.child.wait().unwrap();
    let at_kill = receiver
        .messages()
        .await
        .iter()
        .filter(|m| is_update(m))
        .count();
    let started = Instant::now();
    let _restarted = launch(&db, &receiver, None);
    let messages = receiver
        .until(Duration::from_mins(2), |m| {
            let to: BTreeSet<&str> = m
                .iter()
                .filter(|m| is_update(m))
                .filter_map(|m| m["envelopeTo"][0].as_str())
                .collect();
            to.len() >= count
        })
        .await;
    let mut per_address: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut copies = 0;
    for message in messages.iter().filter(|m| is_update(m)) {
        copies += 1;
        per_address
            .entry(message["envelopeTo"][0].as_str().unwrap())
            .or_default()
            .insert(message["messageId"].as_str().unwrap());
    }
    println!(
        "fan-out to {count}: {at_kill} sent before kill -9, all {} reached {:.1} s after restart; {copies} copies, {} resent under the same Message-ID",
        per_address.len(),
        started.elapsed().as_secs_f64(),
        copies - count
    );
    for address in &addresses {
        let ids = per_address
            .get(address.as_str())
            .unwrap_or_else(|| panic!("{address} got nothing"));
        assert_eq!(
            ids.len(),
            1,
            "{address} got the update under more than one Message-ID"
        );
    }
    // Only what the relay had in hand at the kill can be sent twice.
    assert!(
        copies - count <= herald_server::mail::RELAY_CONNECTIONS as usize,
        "{copies} copies for {count} subscribers"
    );
}

fn down_for() -> Duration {
    Duration::from_secs(
        std::env::var("RELAY_DOWN_SECONDS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10),
    )
}

#[tokio::test]
async fn while_the_relay_is_down_deliveries_wait_and_go_out_when_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let receiver = SmtpReceiver::start(&dir.path().join("mail.jsonl"), 0, 0);
    assert!(launch(&db, &receiver, None).terminate().success());
    let addresses = seed_subscribers(&db, 50);
    let server = launch(&db, &receiver, None);
    let (store, port, delay) = receiver.stop();
    publish(
        &server,
        "down-1",
        "We are rolling out a fix. Next update in 30 minutes.",
    )
    .await;
    tokio::time::sleep(down_for()).await;
    let back = Instant::now();
    let receiver = SmtpReceiver::start(&store, port, delay);
    let messages = receiver
        .until(Duration::from_mins(2), |m| m.len() >= addresses.len())
        .await;
    println!(
        "relay down for {:?}: all {} delivered {:.1} s after it came back",
        down_for(),
        messages.len(),
        back.elapsed().as_secs_f64()
    );
    let to: BTreeSet<&str> = messages
        .iter()
        .filter_map(|m| m["envelopeTo"][0].as_str())
        .collect();
    assert_eq!(to.len(), addresses.len(), "nothing lost");
    drop(server);
}

#[tokio::test]
async fn a_maintenance_window_opening_and_closing_by_the_clock_is_emailed_to_subscribers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    // The demo with its maintenance opening 8 s from now and closing 3 s later.
    let mut seed: Value = serde_json::from_str(herald_domain::demo::DEMO_JSON).unwrap();
    let start = chrono::Utc::now() + chrono::Duration::seconds(8);
    let maintenance = &mut seed["maintenances"][0];
    maintenance["status"] = "scheduled".into();
    maintenance["window_start"] = start.to_rfc3339().into();
    maintenance["window_end"] = (start + chrono::Duration::seconds(3)).to_rfc3339().into();
    let seed_path = dir.path().join("seed.json");
    std::fs::write(&seed_path, seed.to_string()).unwrap();
    let receiver = SmtpReceiver::start(&dir.path().join("mail.jsonl"), 0, 0);
    let mut flags = mail_flags(&receiver);
    flags.extend(["--seed".into(), seed_path.to_str().unwrap().into()]);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let _ = Running::launch(&db, &flags, &[]).terminate();
    seed_subscribers(&db, 1);
    let _server = Running::launch(&db, &flags, &[]);
    let subjects = |m: &[Value]| -> Vec<String> {
        m.iter()
            .filter_map(|m| m["subject"].as_str().map(str::to_string))
            .collect()
    };
    let messages = receiver
        .until(Duration::from_secs(30), |m| {
            let s = subjects(m);
            s.iter().any(|s| s.contains("Maintenance under way"))
                && s.iter().any(|s| s.contains("Maintenance completed"))
        })
        .await;
    let s = subjects(&messages);
    assert_eq!(s.len(), 2, "one email per step, nothing else: {s:?}");
    assert_eq!(
        messages[0]["inReplyTo"], messages[1]["inReplyTo"],
        "both steps thread together"
    );
    assert!(messages[0]["text"].as_str().unwrap().contains("Window: "));
}

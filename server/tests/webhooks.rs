//! Webhook subscribers and team channels through a real receiver on loopback that checks the
//! signature: Statuspage-shaped JSON for incidents and component changes, Slack and Teams
//! posts, internal notes only where the team asked; and the faults: a receiver that hangs or
//! answers 500 is retried, then disabled with a notice to the team, and delays nobody else.

mod common;

use std::path::Path;
use std::time::Duration;

use common::running::{client, get_written, Running};
use common::webhook::{header, WebhookReceiver};
use common::{updates_path, INCIDENT, WRITE};
use serde_json::{json, Value};

const SECRET: &str = "webhook-secret-for-the-tests-0001";

fn launch(db: &Path, flags: &[&str]) -> Running {
    Running::launch(db, flags, &[("HERALD_WEBHOOK_SECRET", SECRET)])
}

async fn register(server: &Running, body: Value) -> Value {
    let response = client()
        .post(server.url("/api/v1/webhooks"))
        .bearer_auth(WRITE)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "registering {body}");
    response.json().await.unwrap()
}

async fn write_update(server: &Running, key: &str, body: Value) {
    let response = client()
        .post(server.url(&updates_path()))
        .bearer_auth(WRITE)
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        201,
        "{key}: {}",
        response.text().await.unwrap()
    );
}

fn public(text: &str) -> Value {
    json!({"audience": "public", "status": "identified", "author": "Amara Okafor", "text": text})
}

async fn webhooks(server: &Running) -> Value {
    get_written(&client(), &server.url("/api/v1/webhooks")).await
}

/// Where the deliveries of the incident's latest public update stand.
async fn deliveries(server: &Running) -> Value {
    get_written(
        &client(),
        &server.url(&format!("/api/v1/incidents/{INCIDENT}/deliveries")),
    )
    .await
}

fn events(posts: &[Value]) -> Vec<String> {
    posts
        .iter()
        .map(|p| header(p, "herald-event").to_string())
        .collect()
}

/// After giving the worker time to post anything it wrongly would: no internal detail reached
/// a subscriber or the channel that did not ask for notes, and the search-only webhook heard
/// nothing of checkout.
async fn nothing_leaked(receiver: &WebhookReceiver) {
    tokio::time::sleep(Duration::from_millis(500)).await;
    for path in ["/statuspage", "/teams", "/search-only"] {
        for post in receiver.at(path).await {
            let body = post["body"].as_str().unwrap();
            assert!(
                !body.contains("orders-7") && !body.contains("db-eu-3"),
                "{path}: {body}"
            );
        }
    }
    assert_eq!(receiver.at("/teams").await.len(), 1);
    assert!(
        receiver.at("/search-only").await.is_empty(),
        "a webhook for search hears nothing of checkout"
    );
}

#[tokio::test]
async fn webhooks_get_signed_statuspage_json_and_channels_get_notes_only_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = WebhookReceiver::start(SECRET, "ok");
    let server = launch(&dir.path().join("herald.db"), &[]);
    register(&server, json!({"url": receiver.url("/statuspage")})).await;
    register(
        &server,
        json!({"url": receiver.url("/search-only"), "components": ["search"]}),
    )
    .await;
    register(
        &server,
        json!({"url": receiver.url("/slack-team"), "format": "slack", "internal_notes": true}),
    )
    .await;
    register(
        &server,
        json!({"url": receiver.url("/teams"), "format": "teams"}),
    )
    .await;

    let mut update = public("Checkout is failing for some customers; we are rolling back.");
    update["component_changes"] = json!([{"component": "checkout", "status": "partial_outage"}]);
    write_update(&server, "pub-1", update).await;
    let note = json!({"audience": "internal", "status": "identified", "author": "Jonas Weber",
                      "text": "Rolled back deploy 4411 on orders-7; db-eu-3 still hot"});
    write_update(&server, "note-1", note).await;

    let within = Duration::from_secs(20);
    let statuspage = receiver
        .until("/statuspage", within, |p| p.len() >= 2)
        .await;
    assert!(statuspage.iter().all(|p| p["signatureValid"] == true));
    let mut got = events(&statuspage);
    got.sort();
    assert_eq!(got, ["component.update", "incident.identified"]);
    let incident = statuspage
        .iter()
        .find(|p| p["json"]["incident"].is_object())
        .unwrap();
    assert_eq!(incident["json"]["incident"]["id"], INCIDENT);
    assert_eq!(
        incident["json"]["incident"]["incident_updates"][0]["body"],
        "Checkout is failing for some customers; we are rolling back."
    );
    assert_eq!(
        incident["json"]["meta"]["delivery_id"],
        header(incident, "herald-delivery")
    );
    let change = statuspage
        .iter()
        .find(|p| p["json"]["component_update"].is_object())
        .unwrap();
    assert_eq!(
        change["json"]["component_update"]["old_status"],
        "degraded_performance"
    );
    assert_eq!(
        change["json"]["component_update"]["new_status"],
        "partial_outage"
    );
    assert_eq!(change["json"]["component"]["id"], "checkout");

    let team = receiver
        .until("/slack-team", within, |p| p.len() >= 2)
        .await;
    assert_eq!(
        events(&team),
        ["incident.update", "incident.internal_note"],
        "the team's own channel gets the note, after the update"
    );
    assert!(
        team[0]["json"]["blocks"].is_array(),
        "a Slack body: {}",
        team[0]["body"]
    );
    assert!(team[1]["body"].as_str().unwrap().contains("orders-7"));
    let teams = receiver.until("/teams", within, |p| !p.is_empty()).await;
    assert_eq!(
        teams[0]["json"]["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );

    nothing_leaked(&receiver).await;

    let listed = webhooks(&server).await;
    assert_eq!(listed["webhooks"].as_array().unwrap().len(), 4);
    assert_eq!(
        listed["webhooks"][0]["url"],
        format!("http://127.0.0.1:{}/…", receiver.port)
    );
    assert!(
        listed["signing_secret"].is_null(),
        "a secret the operator gave is not shown"
    );
    let counts = deliveries(&server).await;
    assert_eq!(counts["webhooks"]["done"], 3, "{counts}");
    assert_eq!(counts["webhooks"]["pending"], 0, "{counts}");
}

/// Waits until webhooks `hanging` and `failing` are both disabled, for at most `within`, and
/// checks why each was.
async fn until_both_disabled(server: &Running, hanging: &Value, failing: &Value, within: Duration) {
    let disabled = |list: &Value, id: &Value| {
        list["webhooks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| &w["id"] == id)
            .unwrap()["disabled_at"]
            .is_string()
    };
    let deadline = std::time::Instant::now() + within;
    loop {
        let list = webhooks(server).await;
        if disabled(&list, hanging) && disabled(&list, failing) {
            let first_listed = list["webhooks"][0].clone();
            assert_eq!(first_listed["failures"], 3);
            assert_eq!(first_listed["disabled_reason"], "no answer within 1 s");
            assert_eq!(
                list["webhooks"][1]["disabled_reason"],
                "answered 500 Internal Server Error"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not both disabled: {list}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_receiver_that_hangs_or_fails_is_retried_then_disabled_and_delays_nobody_else() {
    let dir = tempfile::tempdir().unwrap();
    let ok = WebhookReceiver::start(SECRET, "ok");
    let hang = WebhookReceiver::start(SECRET, "hang");
    let fail = WebhookReceiver::start(SECRET, "fail");
    let server = launch(
        &dir.path().join("herald.db"),
        &["--webhook-timeout", "1", "--webhook-disable-after", "3"],
    );
    let hanging = register(&server, json!({"url": hang.url("/hook")})).await;
    let failing = register(&server, json!({"url": fail.url("/hook")})).await;
    register(&server, json!({"url": ok.url("/hook")})).await;
    register(&server, json!({"url": ok.url("/team"), "format": "slack"})).await;

    let published = std::time::Instant::now();
    write_update(
        &server,
        "pub-1",
        public("We are investigating slow checkouts."),
    )
    .await;
    let within = Duration::from_mins(1);
    let first = ok.until("/hook", within, |p| !p.is_empty()).await;
    let good_after = published.elapsed();
    until_both_disabled(&server, &hanging["id"], &failing["id"], within).await;
    // The figure for RELIABILITY.md (printed, never asserted: tests do not time things).
    eprintln!(
        "webhook faults: the good webhook had the update {} ms after it was published; the hanging and the failing one were disabled after 3 tries each, {:.1} s after it",
        good_after.as_millis(),
        published.elapsed().as_secs_f64()
    );
    let hung_posts = hang.at("/hook").await;
    let failed_posts = fail.at("/hook").await;
    assert_eq!(hung_posts.len(), 3, "three tries, then disabled");
    assert_eq!(failed_posts.len(), 3);
    for posts in [&hung_posts, &failed_posts] {
        assert!(
            posts
                .iter()
                .all(|p| header(p, "herald-delivery") == header(&posts[0], "herald-delivery")),
            "every retry is the same delivery"
        );
    }
    // Nobody waited for the hanging receiver: the good one had the update before the hanging
    // one was even tried a second time.
    assert!(
        first[0]["receivedAt"].as_str().unwrap() < hung_posts[1]["receivedAt"].as_str().unwrap(),
        "the good webhook waited for the hanging one"
    );
    let told = ok
        .until("/team", within, |p| {
            events(p)
                .iter()
                .filter(|e| *e == "webhook.disabled")
                .count()
                == 2
        })
        .await;
    let notice = told
        .iter()
        .find(|p| header(p, "herald-event") == "webhook.disabled")
        .unwrap();
    let text = notice["body"].as_str().unwrap();
    assert!(text.contains("is disabled"), "{text}");
    assert!(
        !text.contains("/hook"),
        "the address is not repeated in full: {text}"
    );

    // Disabled webhooks are left alone; enabling one brings it back for what comes next.
    let enabled = client()
        .post(server.url(&format!("/api/v1/webhooks/{}/enable", failing["id"])))
        .bearer_auth(WRITE)
        .send()
        .await
        .unwrap();
    assert_eq!(enabled.status(), 200);
    fail.set_mode("ok").await;
    write_update(&server, "pub-2", public("The rollback is under way.")).await;
    ok.until("/hook", within, |p| p.len() == 2).await;
    let back = fail.until("/hook", within, |p| p.len() == 4).await;
    assert_eq!(back[3]["signatureValid"], true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        hang.at("/hook").await.len(),
        3,
        "a disabled webhook gets nothing"
    );
    let counts = deliveries(&server).await;
    assert_eq!(counts["webhooks"]["disabled"], 1, "{counts}");
}

#[tokio::test]
async fn a_webhook_is_registered_only_with_the_write_token_and_a_safe_address() {
    let dir = tempfile::tempdir().unwrap();
    let server = launch(&dir.path().join("herald.db"), &[]);
    let refused = client()
        .post(server.url("/api/v1/webhooks"))
        .bearer_auth(WRITE)
        .json(&json!({"url": "http://example.com/hook", "internal_notes": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let problems: Value = refused.json().await.unwrap();
    let paths: Vec<&str> = problems["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["$.url", "$.internal_notes"]);
    let anonymous = client()
        .get(server.url("/api/v1/webhooks"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

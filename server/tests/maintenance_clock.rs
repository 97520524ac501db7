//! Maintenance on the clock (issue 16, point 4): a scheduled window moves to in progress when
//! it opens and to completed when it closes, by the server's clock, as new feed versions that
//! the public API and the published site show, with no one writing.

use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::running::{client, get_json, get_text, health_until, Running};

/// The maintenance's status in the public `scheduled-maintenances.json`, polled until it is
/// `want`, for at most `within`.
async fn public_status_until(server: &Running, want: &str, within: Duration) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let body = get_json(
            &client(),
            &server.url("/api/v2/scheduled-maintenances.json"),
        )
        .await;
        let status = body["scheduled_maintenances"][0]["status"].clone();
        if status == want {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "the maintenance is {status}, not {want}, after {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_window_opens_and_closes_by_the_servers_clock_and_every_outlet_follows() {
    let dir = tempfile::tempdir().unwrap();
    // The demo with its maintenance opening 3 s after start and closing 3 s later.
    let mut seed: Value = serde_json::from_str(herald_domain::demo::DEMO_JSON).unwrap();
    let start = chrono::Utc::now() + chrono::Duration::seconds(3);
    let end = start + chrono::Duration::seconds(3);
    let maintenance = &mut seed["maintenances"][0];
    maintenance["status"] = "scheduled".into();
    maintenance["window_start"] = start.to_rfc3339().into();
    maintenance["window_end"] = end.to_rfc3339().into();
    let seed_path = dir.path().join("seed.json");
    std::fs::write(&seed_path, seed.to_string()).unwrap();
    let server = Running::launch(
        &dir.path().join("herald.db"),
        &["--seed", seed_path.to_str().unwrap()],
        &[],
    );
    let live = |h: &Value| h["site"]["live_version"] == h["version"];
    let first = health_until(&client(), &server, Duration::from_secs(10), live).await["version"]
        .as_u64()
        .unwrap();
    public_status_until(&server, "scheduled", Duration::from_secs(1)).await;

    public_status_until(&server, "in_progress", Duration::from_secs(10)).await;
    let opened = Instant::now();
    let health = health_until(&client(), &server, Duration::from_secs(10), live).await;
    assert_eq!(
        health["version"],
        first + 1,
        "one version for the window opening"
    );
    let page = get_text(
        &client(),
        &server.url("/status/maintenance/mnt-2026-11-26-payments/"),
    )
    .await;
    assert!(page.contains("In progress"), "the published page follows");

    public_status_until(&server, "completed", Duration::from_secs(10)).await;
    println!(
        "opened on time, completed {:?} after opening (window 3 s)",
        opened.elapsed()
    );
    let health = health_until(&client(), &server, Duration::from_secs(10), live).await;
    assert_eq!(health["version"], first + 2, "and one for it closing");

    // A restart moves nothing again: the stored feed already says completed.
    let db = dir.path().join("herald.db");
    assert!(server.terminate().success());
    let again = Running::launch(&db, &[], &[]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let health = health_until(&client(), &again, Duration::from_secs(10), |_| true).await;
    assert_eq!(health["version"], first + 2);
    assert!(again.terminate().success());
}

//! The server over real HTTP on an ephemeral loopback port.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

use herald_domain::{Audience, Feed, IncidentStatus};
use herald_server::{routes, AppState, DEMO_FEED};

async fn serve(dist: Option<&Path>) -> SocketAddr {
    let feed = Feed::from_json(DEMO_FEED).unwrap();
    let app = routes::router(AppState::new(feed), dist);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn feed_is_served_as_json_with_an_etag() {
    let address = serve(None).await;
    let response = client()
        .get(format!("http://{address}/api/v1/feed"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["etag"], "\"v14\"");
    let feed = Feed::from_json(&response.text().await.unwrap()).unwrap();
    let incident = &feed.open_incidents()[0];
    assert_eq!(
        incident.title,
        "Orders failing during the Black Friday flash sale"
    );
    assert_eq!(incident.status(), IncidentStatus::Monitoring);
    assert_eq!(
        incident.latest_update_for(Audience::Public).unwrap().id,
        "u-009"
    );
}

#[tokio::test]
async fn matching_if_none_match_gets_an_empty_304() {
    let address = serve(None).await;
    let url = format!("http://{address}/api/v1/feed");
    let response = client()
        .get(&url)
        .header("if-none-match", "\"v14\"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 304);
    assert_eq!(response.headers()["etag"], "\"v14\"");
    assert!(response.bytes().await.unwrap().is_empty());

    let stale = client()
        .get(&url)
        .header("if-none-match", "\"v13\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
}

#[tokio::test]
async fn health_reports_the_served_version() {
    let address = serve(None).await;
    let body: serde_json::Value = client()
        .get(format!("http://{address}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ok", "version": 14 }));
}

#[tokio::test]
async fn built_app_is_served_with_content_types_and_an_index_fallback() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Herald</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("herald_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let address = serve(Some(dist.path())).await;

    let wasm = client()
        .get(format!("http://{address}/herald_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");

    let deep = client()
        .get(format!("http://{address}/incidents/some-id"))
        .send()
        .await
        .unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("<title>Herald</title>"));
}

#[tokio::test]
async fn feed_is_gzipped_for_clients_that_accept_it() {
    let address = serve(None).await;
    let response = client()
        .get(format!("http://{address}/api/v1/feed"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[test]
fn unopenable_database_is_a_clear_error_and_a_failed_exit() {
    let output = Command::new(env!("CARGO_BIN_EXE_herald-server"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--db",
            "/nonexistent-dir/herald.db",
            "--dist",
            "/nonexistent",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot open database /nonexistent-dir/herald.db"),
        "{stderr}"
    );
}

#[test]
fn bad_bind_address_is_refused_before_starting() {
    let output = Command::new(env!("CARGO_BIN_EXE_herald-server"))
        .args(["--bind", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--bind"));
}

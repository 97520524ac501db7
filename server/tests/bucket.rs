//! Publishing the public site to a real S3-compatible store on loopback (`s3s-fs`, which checks
//! every request's signature), installed by `scripts/setup.sh test`: what lands there, with
//! which headers, and what happens while the store is down.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::path::Path as Key;
use object_store::{Attribute, ObjectStore, ObjectStoreExt};
use serde_json::Value;

mod common;

use common::running::{self, client, files_under, post_update, Running};
use common::updates_path;

const ACCESS: &str = "herald-test-access";
const SECRET: &str = "herald-test-secret-key-0123456789";
const BUCKET: &str = "status-site";

/// The s3s-fs binary the set-up installs.
fn s3s_fs() -> PathBuf {
    if let Ok(path) = std::env::var("HERALD_S3S_FS") {
        return path.into();
    }
    let home = std::env::var("HOME").unwrap_or_default();
    let path = Path::new(&home).join(".cache/herald-tools/s3s/bin/s3s-fs");
    assert!(
        path.is_file(),
        "s3s-fs is not installed at {}: run scripts/setup.sh test",
        path.display()
    );
    path
}

/// A free loopback port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The object store on `port`, keeping its objects under `root`; returns once it answers.
fn start_store(root: &Path, port: u16) -> Child {
    let mut child = Command::new(s3s_fs())
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--access-key", ACCESS, "--secret-key", SECRET])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    kill(&mut child);
    panic!("s3s-fs did not listen on {port}");
}

/// herald-server publishing to the bucket on `store_port`, with more `flags`.
fn start_server(dir: &Path, store_port: u16, flags: &[&str]) -> Running {
    let endpoint = format!("http://127.0.0.1:{store_port}");
    let mut all = vec![
        "--s3-bucket",
        BUCKET,
        "--s3-region",
        "us-east-1",
        "--s3-endpoint",
        &endpoint,
    ];
    all.extend_from_slice(flags);
    Running::launch(
        &dir.join("h.db"),
        &all,
        &[
            ("HERALD_S3_ACCESS_KEY_ID", ACCESS),
            ("HERALD_S3_SECRET_ACCESS_KEY", SECRET),
        ],
    )
}

fn reader(store_port: u16, secret: &str) -> impl ObjectStore {
    AmazonS3Builder::new()
        .with_bucket_name(BUCKET)
        .with_region("us-east-1")
        .with_endpoint(format!("http://127.0.0.1:{store_port}"))
        .with_allow_http(true)
        .with_virtual_hosted_style_request(false)
        .with_access_key_id(ACCESS)
        .with_secret_access_key(secret)
        .build()
        .unwrap()
}

/// `/healthz` until `done` holds, for at most 60 s (the publisher's backoff caps at 30 s).
async fn health_until(server: &Running, done: impl Fn(&Value) -> bool) -> Value {
    running::health_until(&client(), server, Duration::from_mins(1), done).await
}

/// Posts a public update with `text`, which must be taken.
async fn post(server: &Running, key: &str, text: &str) {
    let status = post_update(&client(), &server.url(&updates_path()), key, text)
        .await
        .unwrap();
    assert_eq!(status, reqwest::StatusCode::CREATED);
}

/// An object's bytes as the store keeps them on disk.
fn on_disk(root: &Path, key: &str) -> String {
    std::fs::read_to_string(root.join(BUCKET).join(key)).unwrap_or_default()
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn the_site_is_uploaded_signed_with_its_headers_and_catches_up_after_the_store_was_down() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    std::fs::create_dir_all(root.join(BUCKET)).unwrap();
    let port = free_port();
    let mut store = start_store(&root, port);
    let server = start_server(dir.path(), port, &[]);

    let first = "Uploaded to the bucket: checkout is recovering.";
    post(&server, "bucket-1", first).await;
    let health = health_until(&server, |h| {
        h["site"]["bucket"]["live_version"] == h["version"]
    })
    .await;
    assert_eq!(health["site"]["bucket"]["name"], "s3://status-site");

    // What a CDN in front of the bucket reads, with the headers the publisher set.
    let bucket = reader(port, SECRET);
    let index = bucket.get(&Key::from("index.html")).await.unwrap();
    let attributes = index.attributes.clone();
    let body = String::from_utf8(index.bytes().await.unwrap().to_vec()).unwrap();
    assert!(body.contains(first));
    assert_eq!(
        attributes.get(&Attribute::ContentType).map(AsRef::as_ref),
        Some("text/html; charset=utf-8")
    );
    let cache = attributes
        .get(&Attribute::CacheControl)
        .map(|v| v.as_ref().to_string());
    assert!(
        cache
            .as_deref()
            .is_some_and(|c| c.contains("stale-while-revalidate")),
        "{cache:?}"
    );
    let summary = bucket.get(&Key::from("api/v2/summary.json")).await.unwrap();
    assert_eq!(
        summary
            .attributes
            .get(&Attribute::ContentType)
            .map(AsRef::as_ref),
        Some("application/json")
    );
    // The store checks signatures: a wrong secret and no signature are both refused.
    assert!(reader(port, "not-the-secret-key-0123456789")
        .get(&Key::from("index.html"))
        .await
        .is_err());
    let anonymous = reqwest::get(format!("http://127.0.0.1:{port}/{BUCKET}/index.html"))
        .await
        .unwrap();
    assert!(
        anonymous.status().is_client_error(),
        "{}",
        anonymous.status()
    );

    // The store goes down; a write still lands and the folder still publishes.
    kill(&mut store);
    let second = "Written while the bucket was down: checkout is fixed.";
    post(&server, "bucket-2", second).await;
    let health = health_until(&server, |h| {
        h["site"]["live_version"] == h["version"]
            && h["site"]["bucket"]["failures"].as_u64() >= Some(1)
    })
    .await;
    assert!(
        health["site"]["bucket"]["error"]
            .as_str()
            .unwrap()
            .contains("failed"),
        "{health}"
    );
    // The bucket kept the whole old site: its summary and its page agree.
    assert!(on_disk(&root, "index.html").contains(first));
    assert!(!on_disk(&root, "index.html").contains(second));
    assert!(!on_disk(&root, "api/v2/summary.json").contains(second));

    // Back up: the publisher's backoff brings the bucket to the new version by itself.
    let mut store = start_store(&root, port);
    let health = health_until(&server, |h| {
        h["site"]["bucket"]["live_version"] == h["version"]
    })
    .await;
    assert!(health["site"]["bucket"]["error"].is_null(), "{health}");
    assert!(on_disk(&root, "index.html").contains(second));
    assert!(on_disk(&root, "api/v2/summary.json").contains(second));
    // Every asset a page names is there.
    let page = on_disk(&root, "index.html");
    let script = page
        .split("<script src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(root.join(BUCKET).join(script).is_file(), "{script}");
    drop(server);
    kill(&mut store);
}

/// The demo with `count` copies of its open incident, so a first publish uploads hundreds of
/// pages and takes long enough to be interrupted.
fn large_seed(dir: &Path, count: usize) -> PathBuf {
    let mut feed = herald_domain::demo::demo_feed();
    let template = feed.incidents[0].clone();
    for n in 0..count {
        let mut copy = template.clone();
        copy.id = format!("inc-copy-{n:03}");
        feed.incidents.push(copy);
    }
    let path = dir.join("large-seed.json");
    std::fs::write(&path, feed.to_json()).unwrap();
    path
}

/// Every object the store holds, by key.
fn keys_on_disk(root: &Path) -> Vec<String> {
    let base = root.join(BUCKET);
    files_under(&base)
        .iter()
        .filter_map(|path| path.strip_prefix(&base).ok())
        .map(|key| key.display().to_string())
        .collect()
}

#[tokio::test]
async fn a_store_killed_mid_publish_keeps_a_whole_site_and_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    std::fs::create_dir_all(root.join(BUCKET)).unwrap();
    let port = free_port();
    let mut store = start_store(&root, port);
    let seed = large_seed(dir.path(), 150);
    let server = start_server(dir.path(), port, &["--seed", seed.to_str().unwrap()]);

    // Kill -9 the store while the first upload is under way: pages have started to arrive,
    // summary.json (always last) has not. Bounded: 20 s of 2 ms polls.
    let mut interrupted = false;
    for _ in 0..10_000 {
        let keys = keys_on_disk(&root);
        let pages = keys.iter().filter(|k| k.ends_with("index.html")).count();
        if keys.iter().any(|k| k == "api/v2/summary.json") {
            break;
        }
        if pages >= 5 {
            interrupted = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    kill(&mut store);
    assert!(
        interrupted,
        "the upload finished before it could be interrupted"
    );
    let health = health_until(&server, |h| {
        h["site"]["bucket"]["failures"].as_u64() >= Some(1)
    })
    .await;
    assert!(
        health["site"]["bucket"]["live_version"].is_null(),
        "{health}"
    );
    // Whole as far as it goes: every page there names an asset that is there, and the summary
    // that tells readers (and the widget) something changed is not there before its pages.
    let keys = keys_on_disk(&root);
    assert!(
        !keys.iter().any(|k| k == "api/v2/summary.json"),
        "summary before its pages"
    );
    let html = |k: &&String| {
        Path::new(k.as_str())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html"))
            && !k.starts_with("widget/")
    };
    for key in keys.iter().filter(html) {
        let page = on_disk(&root, key);
        if let Some(script) = page
            .split("<script src=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
        {
            let asset = script.trim_start_matches("../").trim_start_matches("./");
            assert!(
                keys.iter().any(|k| k == asset),
                "{key} names {asset}, which is not in the bucket"
            );
        }
    }

    // The store comes back: the publisher's backoff finishes the site by itself.
    let mut store = start_store(&root, port);
    let health = health_until(&server, |h| {
        h["site"]["bucket"]["live_version"] == h["version"]
    })
    .await;
    assert!(health["site"]["bucket"]["error"].is_null(), "{health}");
    let keys = keys_on_disk(&root);
    assert!(keys.iter().any(|k| k == "api/v2/summary.json"));
    assert!(keys
        .iter()
        .any(|k| k == "incidents/inc-copy-149/index.html"));
    assert!(keys
        .iter()
        .any(|k| k == "zh-CN/incidents/inc-copy-149/index.html"));
    drop(server);
    kill(&mut store);
}

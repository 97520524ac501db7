//! The server binary as an operator runs it: configuration errors, signals, and a crash.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use herald_domain::Feed;

mod common;

use common::running::{
    client, files_under, health_until, post_update, served_address, server, Running,
};
use common::{token_file, updates_path, READ, WRITE};

/// Runs the binary with `args` and expects a failed start whose stderr says `expected`.
fn refuses(args: &[&str], envs: &[(&str, &str)], expected: &str) {
    let output = server()
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    assert!(!output.status.success(), "{args:?} should fail");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(expected), "{args:?}: {stderr}");
}

#[test]
fn bad_configuration_is_a_clear_message_and_a_failed_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let db = db.to_str().unwrap();
    refuses(
        &["--bind", "127.0.0.1:0", "--db", db],
        &[],
        "no token configured",
    );
    refuses(
        &["--bind", "0.0.0.0:0", "--db", db, "--open-reads"],
        &[],
        "only allowed on a loopback address",
    );
    refuses(
        &["--bind", "127.0.0.1:0", "--db", db],
        &[("HERALD_WRITE_TOKEN", "short")],
        "at least 32 characters",
    );
    refuses(
        &["--bind", "127.0.0.1:0", "--db", db],
        &[("HERALD_WRITE_TOKEN", WRITE), ("HERALD_READ_TOKEN", WRITE)],
        "must differ",
    );
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, "read = x\nadmin = y\n").unwrap();
    refuses(
        &[
            "--bind",
            "127.0.0.1:0",
            "--db",
            db,
            "--token-file",
            tokens.to_str().unwrap(),
        ],
        &[],
        "unknown key \"admin\"",
    );
    refuses(
        &[
            "--bind",
            "127.0.0.1:0",
            "--db",
            db,
            "--open-reads",
            "--allow-origin",
            "https://a.example/",
        ],
        &[],
        "must look like https://host[:port]",
    );
    refuses(
        &[
            "--bind",
            "127.0.0.1:0",
            "--db",
            "/nonexistent-dir/herald.db",
            "--open-reads",
        ],
        &[],
        "cannot open database /nonexistent-dir/herald.db",
    );
    refuses(
        &["--bind", "127.0.0.1:0", "--db", db],
        &[
            ("HERALD_WRITE_TOKEN", WRITE),
            ("HERALD_WEBHOOK_SECRET", "too-short"),
        ],
        "it needs at least 16",
    );
    refuses(
        &[
            "--bind",
            "127.0.0.1:0",
            "--db",
            db,
            "--webhook-secret-file",
            "/nonexistent/secret",
        ],
        &[("HERALD_WRITE_TOKEN", WRITE)],
        "cannot read --webhook-secret-file /nonexistent/secret",
    );
    let output = server()
        .args(["--bind", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--bind"));
}

async fn feed(client: &reqwest::Client, running: &Running) -> Feed {
    let text = client
        .get(running.url("/api/v1/feed"))
        .bearer_auth(READ)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    Feed::from_json(&text).unwrap()
}

#[tokio::test]
async fn sigterm_ends_open_event_streams_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let running = Running::start(&dir.path().join("herald.db"));
    let client = client();
    let mut stream = client
        .get(running.url("/api/v1/events"))
        .bearer_auth(READ)
        .send()
        .await
        .unwrap();
    assert!(stream.chunk().await.unwrap().is_some(), "the stream greets");
    let status = tokio::task::spawn_blocking(move || running.terminate())
        .await
        .unwrap();
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn sigkill_mid_stream_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let mut running = Running::start(&db);
    let url = running.url(&updates_path());
    let client = client();

    // Four writers stream updates; the server is killed once 40 are acknowledged, while
    // others are in flight.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (client, url, acknowledged) = (client.clone(), url.clone(), acknowledged.clone());
            tokio::spawn(async move {
                let mut unanswered = Vec::new();
                for n in 0..200 {
                    let text = format!("writer {writer} update {n}");
                    match post_update(&client, &url, &text, &text).await {
                        Ok(status) if status == 201 => acknowledged.lock().unwrap().push(text),
                        Ok(status) => panic!("unexpected {status} for {text}"),
                        Err(_) => {
                            unanswered.push(text);
                            break;
                        }
                    }
                }
                unanswered
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_mins(1);
    while acknowledged.lock().unwrap().len() < 40 {
        assert!(
            Instant::now() < deadline,
            "40 writes were not acknowledged within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    running.child.kill().unwrap(); // SIGKILL
    running.child.wait().unwrap();
    let mut unanswered = Vec::new();
    for writer in writers {
        unanswered.extend(writer.await.unwrap());
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    eprintln!(
        "killed with {} writes acknowledged and {} in flight",
        acknowledged.len(),
        unanswered.len()
    );

    let restarted = Running::start(&db);
    let feed = feed(&client, &restarted).await;
    let texts: Vec<&str> = feed
        .incidents
        .iter()
        .flat_map(|i| &i.updates)
        .map(|u| u.text.as_str())
        .collect();
    for text in &acknowledged {
        assert_eq!(
            texts.iter().filter(|t| *t == text).count(),
            1,
            "lost or doubled: {text}"
        );
    }
    // A write the client never heard back about is retried with its key: written exactly once.
    let restarted_url = restarted.url(&updates_path());
    for text in &unanswered {
        let status = post_update(&client, &restarted_url, text, text)
            .await
            .unwrap();
        assert_eq!(status, 201);
    }
    let feed = self::feed(&client, &restarted).await;
    for text in acknowledged.iter().chain(&unanswered) {
        let copies = feed
            .incidents
            .iter()
            .flat_map(|i| &i.updates)
            .filter(|u| &u.text == text)
            .count();
        assert_eq!(copies, 1, "{text}");
    }
    assert_eq!(
        feed.version,
        14 + (acknowledged.len() + unanswered.len()) as u64
    );
    assert!(restarted.terminate().success());
}

/// Regression (newcomer issue): a fresh demo read "overdue by 263 h"; the run command said
/// nothing about what to do next, and the console's `config.json` was a 404.
#[tokio::test]
async fn a_fresh_demo_is_live_and_its_guide_posts_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("demo.tokens");
    std::fs::write(&tokens, token_file()).unwrap();
    let mut child = server()
        .env_remove("HERALD_FIXED_DEMO_TIMES")
        .args([
            "--bind",
            "127.0.0.1:0",
            "--dist",
            "/nonexistent",
            "--open-reads",
            "--guide",
        ])
        .arg("--db")
        .arg(dir.path().join("h.db"))
        .arg("--token-file")
        .arg(&tokens)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut printed = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The guide ends with the curl's body; bounded by its line count.
    for _ in 0..40 {
        let Some(Ok(line)) = lines.next() else { break };
        let done = line.trim_start().starts_with("-d '");
        printed.push_str(&line);
        printed.push('\n');
        if done {
            break;
        }
    }
    let running = Running {
        child,
        address: served_address(&printed),
    };
    let client = client();

    let now = chrono::Utc::now();
    let before = feed(&client, &running).await;
    let open = before.open_incidents()[0].clone();
    let clock = herald_domain::CadenceClock::for_incident(&open).unwrap();
    assert!(
        clock.due_at > now,
        "the next update is due, not overdue: {}",
        clock.due_at
    );
    assert!(clock.due_at - now <= chrono::Duration::minutes(15));
    let age = (now - open.started_at).num_minutes();
    assert!((30..=50).contains(&age), "started {age} min ago");
    // The id carries the day it started (yesterday's, in the first minutes after midnight).
    assert!(
        open.id
            .contains(&open.started_at.format("%Y-%m-%d").to_string()),
        "{}",
        open.id
    );

    for page in ["/console/", "/status/", "/support/", "/widget/"] {
        assert!(
            printed.contains(&running.url(page)),
            "{page} not in {printed}"
        );
    }
    let config: serde_json::Value = client
        .get(running.url("/console/config.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kept = config["write_token_file"].as_str().unwrap();
    assert!(
        printed.contains(kept),
        "the console and the guide name one file: {kept}"
    );

    let curl = printed.split("curl ").nth(1).expect("a curl in the guide");
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "curl --max-time 10 -o /dev/null -w '%{{http_code}}' {curl}"
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "201", "{printed}");
    let after = feed(&client, &running).await;
    assert_eq!(after.version, before.version + 1);
    assert!(running.terminate().success());
}

#[tokio::test]
async fn a_write_is_published_to_the_site_folder_and_served_at_status() {
    let dir = tempfile::tempdir().unwrap();
    let running = Running::start(&dir.path().join("h.db"));
    let client = client();
    let public = "Published to the site: payments are slow, we are on it.";
    let status = post_update(&client, &running.url(&updates_path()), "site-1", public)
        .await
        .unwrap();
    assert_eq!(status, reqwest::StatusCode::CREATED);
    let note = "INTERNAL-SITE-NOTE db-7 replica lag";
    let internal = client
        .post(running.url(&updates_path()))
        .bearer_auth(WRITE)
        .header("idempotency-key", "site-2")
        .json(&serde_json::json!({"audience": "internal", "status": "identified", "author": "Jonas Weber", "text": note}))
        .send()
        .await
        .unwrap();
    assert_eq!(internal.status(), reqwest::StatusCode::CREATED);
    let health = health_until(&client, &running, Duration::from_secs(10), |h| {
        h["site"]["live_version"] == h["version"]
    })
    .await;
    assert!(health["site"]["published_at"].is_string(), "{health}");

    // The folder beside the database holds the whole site, public words only.
    let live = dir.path().join("herald-site").join("live");
    let files: Vec<(String, String)> = files_under(&live.canonicalize().unwrap())
        .into_iter()
        .map(|path| {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            (path.display().to_string(), text)
        })
        .collect();
    assert!(files.len() > 20, "{} files", files.len());
    let incident_page = format!("/incidents/{}/index.html", common::INCIDENT);
    assert!(files
        .iter()
        .any(|(path, text)| path.ends_with(&incident_page) && text.contains(public)));
    for (path, text) in &files {
        assert!(
            !text.contains("INTERNAL-SITE-NOTE"),
            "{path} carries the internal note"
        );
        assert!(!text.contains("Jonas Weber"), "{path} names a responder");
    }

    // herald-server serves the same folder at /status/, with the site's caching.
    let page = client.get(running.url("/status/")).send().await.unwrap();
    assert_eq!(page.status(), reqwest::StatusCode::OK);
    let cache = page.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cache.contains("stale-if-error"), "{cache}");
    let html = page.text().await.unwrap();
    assert!(html.contains(public));
    let script = html
        .split("<script src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let asset = client
        .get(running.url(&format!("/status/{script}")))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), reqwest::StatusCode::OK);
    assert!(asset.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(running.url("/status"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), reqwest::StatusCode::PERMANENT_REDIRECT);
    // The site's documents are the ones the API serves, written once for the version.
    let text = |path: String| {
        let client = client.clone();
        async move { client.get(path).send().await.unwrap().text().await.unwrap() }
    };
    assert_eq!(
        text(running.url("/status/api/v2/summary.json")).await,
        text(running.url("/api/v2/summary.json")).await
    );
    assert!(running.terminate().success());
}

#[tokio::test]
async fn a_site_folder_that_cannot_be_written_is_reported_and_writes_still_land() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the folder should be: every publish fails.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "not a folder").unwrap();
    let running = Running::launch(
        &dir.path().join("h.db"),
        &["--site-dir", blocked.to_str().unwrap()],
        &[],
    );
    let client = client();
    let status = post_update(
        &client,
        &running.url(&updates_path()),
        "blocked-1",
        "Still written.",
    )
    .await
    .unwrap();
    assert_eq!(status, reqwest::StatusCode::CREATED);
    assert!(feed(&client, &running)
        .await
        .incidents
        .iter()
        .any(|i| i.updates.iter().any(|u| u.text == "Still written.")));
    let health = health_until(&client, &running, Duration::from_secs(10), |h| {
        h["site"]["error"].is_string()
    })
    .await;
    let error = health["site"]["error"].as_str().unwrap_or_default();
    assert!(error.contains("writing the site to"), "{health}");
    assert!(health["site"]["live_version"].is_null(), "{health}");
    assert!(running.terminate().success());
}

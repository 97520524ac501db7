//! Event-stream load: holds N server-sent-event clients open for a while, reports the server's
//! memory, then times how long an update sent by `POST` takes to reach every client.
//!
//! ```sh
//! cargo run --profile server -p herald-server --example load -- \
//!     ADDR READ_TOKEN WRITE_TOKEN SERVER_PID [CLIENTS=1000] [HOLD_SECS=60] [POSTS=50] [POST_EVERY_SECS=0]
//! ```
//! `scripts/bench-server.sh` starts the server and runs this for figures. `scripts/load.sh`
//! runs it as a soak beside a summary load, posting during the hold too (`POST_EVERY_SECS`);
//! it exits non-zero when a client was dropped or missed an event.

// Counts and durations here are far below 2^52 and only printed for people.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const INCIDENT: &str = "inc-2026-11-20-flash-sale-orders";

/// When each client saw each version.
type Arrivals = Arc<Mutex<HashMap<u64, Vec<Instant>>>>;

fn resident_kib(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// Reads one event stream until it ends; an end before the run is over is a dropped client.
async fn client(
    address: String,
    token: String,
    connected: Arc<AtomicUsize>,
    dropped: Arc<AtomicUsize>,
    arrivals: Arrivals,
) {
    read_events(address, token, connected, arrivals).await;
    dropped.fetch_add(1, Ordering::Relaxed);
}

async fn read_events(
    address: String,
    token: String,
    connected: Arc<AtomicUsize>,
    arrivals: Arrivals,
) {
    let Ok(mut stream) = TcpStream::connect(&address).await else {
        return;
    };
    let request = format!(
        "GET /api/v1/events HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).await.is_err() {
        return;
    }
    let mut lines = BufReader::new(stream).lines();
    let mut counted = false;
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(id) = line.strip_prefix("id:") {
            let Ok(version) = id.trim().parse::<u64>() else {
                continue;
            };
            if counted {
                let now = Instant::now();
                arrivals
                    .lock()
                    .unwrap()
                    .entry(version)
                    .or_default()
                    .push(now);
            } else {
                // The first id is the greeting: the client is connected and current.
                counted = true;
                connected.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [address, read, write, pid, ..] = args.as_slice() else {
        eprintln!(
            "usage: load ADDR READ_TOKEN WRITE_TOKEN SERVER_PID [CLIENTS] [HOLD_SECS] [POSTS]"
        );
        std::process::exit(2);
    };
    let number = |index: usize, default: u64| {
        args.get(index)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let clients = number(4, 1000) as usize;
    let hold = Duration::from_secs(number(5, 60));
    let posts = number(6, 50);
    let post_every = number(7, 0);

    let before = resident_kib(pid);
    let connected = Arc::new(AtomicUsize::new(0));
    let dropped = Arc::new(AtomicUsize::new(0));
    let arrivals: Arrivals = Arc::default();
    for _ in 0..clients {
        tokio::spawn(client(
            address.clone(),
            read.clone(),
            connected.clone(),
            dropped.clone(),
            arrivals.clone(),
        ));
    }
    let deadline = Instant::now() + Duration::from_mins(1);
    while connected.load(Ordering::Relaxed) < clients && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!(
        "event clients connected: {} of {clients}; server RSS before {} KiB",
        connected.load(Ordering::Relaxed),
        before
    );
    let http = reqwest::Client::new();
    let mut sent: Vec<(u64, Instant)> = Vec::new();
    let mut posted = 0_u64;
    let started = Instant::now();
    let mut peak = 0;
    // Memory once a second; half-way is the baseline growth is judged against.
    let mut samples: Vec<u64> = Vec::new();
    while started.elapsed() < hold {
        let resident = resident_kib(pid);
        peak = peak.max(resident);
        samples.push(resident);
        if post_every > 0 && (samples.len() as u64).is_multiple_of(post_every) {
            sent.push(post(&http, address, write, posted).await);
            posted += 1;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let resident = resident_kib(pid);
    let half_way = samples.get(samples.len() / 2).copied().unwrap_or(resident);
    println!(
        "held {clients} clients for {} s: server RSS {resident} KiB (peak {peak} KiB, {:.1} KiB per client; half-way {half_way} KiB, growth since {:+.1}%)",
        hold.as_secs(),
        (resident.saturating_sub(before)) as f64 / clients as f64,
        (resident as f64 - half_way as f64) / half_way.max(1) as f64 * 100.0
    );

    for _ in 0..posts {
        sent.push(post(&http, address, write, posted).await);
        posted += 1;
        // One update every 200 ms: a busy incident, not a flood.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let arrivals = arrivals.lock().unwrap();
    let mut latencies: Vec<f64> = Vec::new();
    let mut missing = 0;
    for (version, at) in &sent {
        let seen = arrivals.get(version).map_or(&[][..], Vec::as_slice);
        missing += clients.saturating_sub(seen.len());
        latencies.extend(
            seen.iter()
                .map(|t| t.duration_since(*at).as_secs_f64() * 1000.0),
        );
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "POST to event, {} updates x {} clients ({} deliveries, {} missing): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        sent.len(),
        clients,
        latencies.len(),
        missing,
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        latencies.last().copied().unwrap_or(f64::NAN)
    );
    let dropped = dropped.load(Ordering::Relaxed);
    println!(
        "server RSS after: {} KiB; clients dropped: {dropped}",
        resident_kib(pid)
    );
    if missing > 0 || dropped > 0 {
        eprintln!("load: {missing} deliveries missing, {dropped} clients dropped");
        std::process::exit(1);
    }
}

/// Posts one internal update; returns the version it made and when it was sent.
async fn post(http: &reqwest::Client, address: &str, write: &str, n: u64) -> (u64, Instant) {
    let at = Instant::now();
    let response = http
        .post(format!(
            "http://{address}/api/v1/incidents/{INCIDENT}/updates"
        ))
        .bearer_auth(write)
        .header(
            "idempotency-key",
            format!("load-{}-{n}", std::process::id()),
        )
        .json(&serde_json::json!({
            "audience": "internal", "status": "identified", "author": "load",
            "text": format!("load test update {n}")
        }))
        .send()
        .await
        .expect("the server answers");
    let body: serde_json::Value = response.json().await.expect("a JSON reply");
    (body["version"].as_u64().expect("a version"), at)
}

//! Benchmark, not a test: one public update fanned out to 10,000 email subscribers and 1,000
//! webhooks on loopback, through the real SMTP server and webhook receiver the tests use.
//! Prints the time until every email and every post has arrived, deliveries per second and
//! the server's memory.
//!
//! ```text
//! cargo bench --profile server -p herald-server --bench fanout
//! FANOUT_EMAILS=2000 FANOUT_WEBHOOKS=200 cargo bench --profile server -p herald-server --bench fanout
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::running::{client, post_update, Running};
use common::{start_receiver, updates_path};
use herald_domain::{Locale, WebhookFormat};
use herald_server::store::Store;
use serde_json::Value;

const SECRET: &str = "webhook-secret-for-the-benchmark-01";

/// The longest the fan-out may take before the benchmark gives up.
const GIVE_UP: Duration = Duration::from_mins(10);

fn count(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The server's resident memory now and at its peak, in KiB, from `/proc`.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn arrived(url: &str) -> u64 {
    match reqwest::get(url).await {
        Ok(answer) => answer
            .json::<Value>()
            .await
            .ok()
            .and_then(|v| v["count"].as_u64())
            .unwrap_or(0),
        Err(_) => 0,
    }
}

/// What the watch saw: when each kind was all in, the peak memory, the final counts.
struct Watched {
    emails_at: Option<Duration>,
    webhooks_at: Option<Duration>,
    peak_rss: u64,
    got_emails: u64,
    got_posts: u64,
}

/// Polls both receivers every 50 ms until everything arrived (or [`GIVE_UP`]), sampling the
/// server's memory, with a progress line every 5 s.
async fn watch(
    started: Instant,
    pid: u32,
    emails: u32,
    webhooks: u32,
    smtp_http: u64,
    hook_port: u64,
    rss_before: u64,
) -> Watched {
    let (mut emails_at, mut webhooks_at) = (None, None);
    let mut peak_rss = rss_before;
    let (mut got_emails, mut got_posts) = (0, 0);
    let mut told = Instant::now();
    while (emails_at.is_none() || webhooks_at.is_none()) && started.elapsed() < GIVE_UP {
        tokio::time::sleep(Duration::from_millis(50)).await;
        got_emails = arrived(&format!("http://127.0.0.1:{smtp_http}/count")).await;
        got_posts = arrived(&format!("http://127.0.0.1:{hook_port}/_count")).await;
        if emails_at.is_none() && got_emails >= u64::from(emails) {
            emails_at = Some(started.elapsed());
        }
        if webhooks_at.is_none() && got_posts >= u64::from(webhooks) {
            webhooks_at = Some(started.elapsed());
        }
        peak_rss = peak_rss.max(memory(pid).0);
        if told.elapsed() >= Duration::from_secs(5) {
            told = Instant::now();
            eprintln!(
                "  {:>5.1} s: {got_emails} emails, {got_posts} posts",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Watched {
        emails_at,
        webhooks_at,
        peak_rss,
        got_emails,
        got_posts,
    }
}

/// Confirmed subscribers (every other one in Chinese) and Statuspage-format webhooks, written
/// straight to the database the server will open.
fn seed(db: &std::path::Path, emails: u32, webhooks: u32, hook_port: u64) {
    let mut store = Store::open(db).unwrap();
    let list: Vec<(String, Locale, Option<Vec<String>>)> = (0..emails)
        .map(|i| {
            let language = if i % 2 == 0 { Locale::En } else { Locale::ZhCn };
            (format!("reader-{i}@example.com"), language, None)
        })
        .collect();
    store.import_confirmed(&list, Utc::now()).unwrap();
    for i in 0..webhooks {
        store
            .add_webhook(
                &format!("http://127.0.0.1:{hook_port}/hook/{i}"),
                WebhookFormat::Statuspage,
                None,
                false,
                Utc::now(),
            )
            .unwrap();
    }
}

#[tokio::main]
async fn main() {
    let emails = count("FANOUT_EMAILS", 10_000);
    let webhooks = count("FANOUT_WEBHOOKS", 1_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let (mut smtp, smtp_ports) = start_receiver("smtp-receiver.mjs", &[]);
    let (mut hooks, hook_ports) = start_receiver("webhook-receiver.mjs", &["--secret", SECRET]);
    let smtp_port = smtp_ports["smtp"].as_u64().unwrap();
    let smtp_http = smtp_ports["http"].as_u64().unwrap();
    let hook_port = hook_ports["port"].as_u64().unwrap();

    let seeding = Instant::now();
    seed(&db, emails, webhooks, hook_port);
    let seeded_in = seeding.elapsed();
    let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
    let server = Running::launch(
        &db,
        &[
            "--smtp-url",
            &smtp_url,
            "--mail-from",
            "Larkspur Status <status@larkspur.test>",
            "--public-url",
            "http://127.0.0.1:9/status/",
        ],
        &[("HERALD_WEBHOOK_SECRET", SECRET)],
    );
    let pid = server.child.id();
    let (rss_before, _) = memory(pid);

    let started = Instant::now();
    let status = post_update(
        &client(),
        &server.url(&updates_path()),
        "fan-out-1",
        "Checkout is failing for some customers. We are rolling back the change that caused it; next update in 30 minutes.",
    )
    .await
    .unwrap();
    assert_eq!(status, 201);
    let watched = watch(
        started, pid, emails, webhooks, smtp_http, hook_port, rss_before,
    )
    .await;
    let Watched {
        emails_at,
        webhooks_at,
        peak_rss,
        got_emails,
        got_posts,
    } = watched;
    let (_, hwm) = memory(pid);
    let valid: Value = reqwest::get(format!("http://127.0.0.1:{hook_port}/_count"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    drop(server);
    let _ = smtp.kill();
    let _ = hooks.kill();

    let seconds = |d: Option<Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64());
    let all = seconds(emails_at).max(seconds(webhooks_at));
    println!(
        "Fan-out of one public update on loopback ({} cores)",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    println!(
        "  seeded {emails} confirmed subscribers and {webhooks} webhooks in {:.1} s",
        seeded_in.as_secs_f64()
    );
    println!(
        "  emails:   {got_emails}/{emails} arrived in {:.1} s ({:.0} per second)",
        seconds(emails_at),
        f64::from(emails) / seconds(emails_at)
    );
    println!("  webhooks: {got_posts}/{webhooks} arrived in {:.1} s ({:.0} per second), {} with a valid signature", seconds(webhooks_at), f64::from(webhooks) / seconds(webhooks_at), valid["valid"]);
    println!(
        "  all {} deliveries in {all:.1} s: {:.0} per second",
        emails + webhooks,
        f64::from(emails + webhooks) / all
    );
    println!(
        "  server memory: {} MiB before, {} MiB peak while sending (VmHWM {} MiB)",
        rss_before / 1024,
        peak_rss / 1024,
        hwm / 1024
    );
    println!("  reproduce: cargo bench --profile server -p herald-server --bench fanout");
    if emails_at.is_none() || webhooks_at.is_none() {
        eprintln!("not everything arrived within {GIVE_UP:?}");
        std::process::exit(1);
    }
}

//! Benchmark (not a test): how long the whole public site takes to render and to publish to a
//! folder, for a feed of 200 incidents and 10,000 updates built from the demo's, in both
//! languages. Prints the figures and how to reproduce them.
//!
//! `cargo run --profile server -p herald-site --example render-site [INCIDENTS] [UPDATES_EACH]`

use std::time::{Duration, Instant};

use chrono::Duration as Span;
use herald_domain::demo::demo_feed;
use herald_domain::{Audience, Feed, PublicFeed};
use herald_site::folder::Folder;

fn big_feed(incidents: usize, updates_each: usize) -> Feed {
    let mut feed = demo_feed();
    let template = feed.incidents[0].clone();
    let base = template.started_at;
    feed.incidents = (0..incidents)
        .map(|n| {
            let mut incident = template.clone();
            incident.id = format!("inc-bench-{n:04}");
            incident.title = format!("{} #{n}", template.title);
            incident.started_at = base - Span::hours(i64::try_from(n).unwrap() * 11);
            let first = template.updates[0].clone();
            incident.updates = (0..updates_each)
                .map(|u| {
                    let mut update = first.clone();
                    update.id = format!("u-{n:04}-{u:03}");
                    update.at = incident.started_at + Span::minutes(i64::try_from(u).unwrap() * 7);
                    update.audience = if u % 4 == 3 {
                        Audience::Internal
                    } else {
                        Audience::Public
                    };
                    update
                })
                .collect();
            // One incident open, the rest resolved by their last (public) update.
            if n > 0 {
                let last = incident.updates.last_mut().unwrap();
                last.audience = Audience::Public;
                last.status = herald_domain::IncidentStatus::Resolved;
                incident.resolved_at = Some(last.at);
            }
            incident
        })
        .collect();
    feed
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let incidents = args.first().copied().unwrap_or(200);
    let updates_each = args.get(1).copied().unwrap_or(50);
    let feed = big_feed(incidents, updates_each);
    let now = feed.incidents[0].updates.last().unwrap().at + Span::minutes(5);
    let public = PublicFeed::from_feed(&feed);
    let dir = std::env::temp_dir().join(format!("herald-site-bench-{}", std::process::id()));
    let folder = Folder::new(&dir);
    let (mut render, mut publish) = (Vec::new(), Vec::new());
    let (mut files, mut bytes) = (0, 0);
    let mut largest = Vec::new();
    for run in 0..5 {
        let started = Instant::now();
        let site = herald_site::render(&public, now).expect("the site renders");
        render.push(started.elapsed());
        folder
            .publish(&format!("run-{run}"), &site)
            .expect("the folder takes it");
        publish.push(started.elapsed());
        files = site.len();
        largest = site
            .iter()
            .map(|f| (f.body.len(), f.path.clone()))
            .collect();
        bytes = site.iter().map(|f| f.body.len()).sum::<usize>();
    }
    let _ = std::fs::remove_dir_all(&dir);
    render.sort();
    publish.sort();
    println!(
        "site for {incidents} incidents, {} updates ({updates_each} each, a quarter internal): {files} files, {:.1} MB",
        incidents * updates_each,
        f64::from(u32::try_from(bytes).unwrap_or(u32::MAX)) / 1e6
    );
    println!(
        "render: median {:.0} ms, max {:.0} ms; render + publish to a folder: median {:.0} ms, max {:.0} ms (5 runs)",
        percentile(&render, 0.5).as_secs_f64() * 1e3,
        render.last().unwrap().as_secs_f64() * 1e3,
        percentile(&publish, 0.5).as_secs_f64() * 1e3,
        publish.last().unwrap().as_secs_f64() * 1e3,
    );
    largest.sort_unstable_by(|a, b| b.cmp(a));
    let top: Vec<String> = largest
        .iter()
        .take(5)
        .map(|(size, path)| format!("{path} {} KB", size / 1000))
        .collect();
    println!("largest files: {}", top.join(", "));
    println!("reproduce: cargo run --profile server -p herald-site --example render-site {incidents} {updates_each}");
}

//! Benchmark (not a test): parsing and the derived views on a generated feed with 10,000
//! updates over 200 incidents. Prints median and 95th percentile per operation.
//!
//! Run: `cargo run --profile server -p herald-domain --example bench`
//! (the `server` profile is fully optimised; `release` is tuned for the bundle's size).

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use herald_domain::{
    Audience, CatchUp, Component, ComponentStatus, Feed, Impact, Incident, IncidentStatus,
    Indicator, Locale, PublicFeed, Role, RoleAssignment, Severity, Update, SCHEMA_VERSION,
};

const INCIDENTS: usize = 200;
const UPDATES_PER_INCIDENT: usize = 50;
const RUNS: usize = 50;

fn generated_feed() -> Feed {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let components: Vec<Component> = (0..40)
        .map(|i| Component {
            group_translations: herald_domain::translation::Translations::new(),
            name_translations: herald_domain::translation::Translations::new(),
            id: format!("component-{i}"),
            name: format!("Component {i}"),
            group: Some(format!("Group {}", i % 5)),
            status: if i % 7 == 0 {
                ComponentStatus::DegradedPerformance
            } else {
                ComponentStatus::Operational
            },
        })
        .collect();
    let stages = [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
        IncidentStatus::Resolved,
    ];
    let incidents = (0..INCIDENTS)
        .map(|i| {
            let started_at = start + chrono::Duration::hours(6 * i64::try_from(i).unwrap());
            let updates = (0..UPDATES_PER_INCIDENT)
                .map(|u| Update {
                    language: None,
                    translations: herald_domain::translation::Translations::new(),
                    id: format!("inc-{i}-u-{u}"),
                    at: started_at + chrono::Duration::minutes(7 * i64::try_from(u).unwrap()),
                    audience: if u % 3 == 0 { Audience::Public } else { Audience::Internal },
                    status: stages[(u * stages.len() / UPDATES_PER_INCIDENT).min(3)],
                    component_changes: vec![],
                    author: "Responder".into(),
                    text: "Checkout is slower than usual for some customers. We are sorry and are looking into it. We will post the next update by 09:51 CET.".into(),
                    tried: vec![],
                    version: Some((i * UPDATES_PER_INCIDENT + u) as u64),
                    check_override: None,
                    next_update_at: None,
                })
                .collect();
            Incident {
                title_translations: herald_domain::translation::Translations::new(),
                workaround_translations: herald_domain::translation::Translations::new(),
                id: format!("inc-{i}"),
                title: format!("Incident {i}"),
                impact: Impact::Major,
                severity: Some(Severity::Sev2),
                started_at,
                resolved_at: None,
                components: vec![format!("component-{}", i % 40)],
                workaround: None,
                roles: Role::ALL
                    .iter()
                    .map(|&role| RoleAssignment { role, holder: "Someone".into(), since: started_at, version: None })
                    .collect(),
                cadence_minutes: 15,
                updates,
            }
        })
        .collect();
    Feed {
        schema: SCHEMA_VERSION,
        version: (INCIDENTS * UPDATES_PER_INCIDENT) as u64,
        page: Feed::from_json(herald_domain::demo::DEMO_JSON)
            .unwrap()
            .page,
        components,
        incidents,
        maintenances: vec![],
    }
}

fn measure(name: &str, mut operation: impl FnMut()) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            operation();
            started.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<28} median {:>7.3} ms   p95 {:>7.3} ms   ({RUNS} runs)",
        ms(times[RUNS / 2]),
        ms(times[RUNS * 95 / 100])
    );
}

fn main() {
    let feed = generated_feed();
    let json = feed.to_json();
    println!(
        "feed: {INCIDENTS} incidents, {} updates, {} bytes of JSON",
        INCIDENTS * UPDATES_PER_INCIDENT,
        json.len()
    );
    measure("parse feed JSON", || {
        std::hint::black_box(Feed::from_json(std::hint::black_box(&json)).unwrap());
    });
    measure("  of which: reference checks", || {
        std::hint::black_box(std::hint::black_box(&feed).problems());
    });
    measure("public view", || {
        std::hint::black_box(PublicFeed::from_feed(std::hint::black_box(&feed)));
    });
    measure("catch-up card (one incident)", || {
        std::hint::black_box(CatchUp::new(
            &feed,
            std::hint::black_box(&feed.incidents[100]),
            Some(4000),
            Locale::En,
        ));
    });
    measure("catch-up cards (all 200)", || {
        for incident in &feed.incidents {
            std::hint::black_box(CatchUp::new(&feed, incident, Some(4000), Locale::En));
        }
    });
    measure("page status", || {
        let open = feed
            .incidents
            .iter()
            .filter(|i| i.status().is_open())
            .map(|i| i.impact);
        std::hint::black_box(Indicator::of_page(&feed.components, open));
    });
    println!("reproduce: cargo run --profile server -p herald-domain --example bench");
}

//! Real Statuspage documents, captured from public pages (see fixtures/statuspage/SOURCES.md).

use herald_domain::public::PublicFeed;
use herald_domain::statuspage::import;
use herald_domain::{ComponentStatus, Feed, Impact, IncidentStatus, Indicator, MaintenanceStatus};

#[test]
fn github_summary_reads_whole_with_no_warnings() {
    let import = import(include_str!(
        "fixtures/statuspage/github-summary-2019-12-30.json"
    ))
    .unwrap();
    assert!(import.warnings.is_empty(), "{:?}", import.warnings);
    let feed = import.feed;
    assert_eq!(feed.page.name, "GitHub");
    assert_eq!(
        feed.page.url.as_deref(),
        Some("https://www.githubstatus.com")
    );
    assert_eq!(feed.page.time_zone, "Etc/UTC");
    assert_eq!(feed.components.len(), 9);
    assert_eq!(
        feed.components[0].name, "Git Operations",
        "Statuspage's position order"
    );
    assert_eq!(feed.components[8].name, "Other");
    assert!(feed
        .components
        .iter()
        .all(|c| c.status == ComponentStatus::Operational && c.group.is_none()));
    assert!(feed.incidents.is_empty() && feed.maintenances.is_empty());
    assert_eq!(
        feed.version, 1_577_693_733,
        "the page's updated_at, in seconds"
    );
}

#[test]
fn github_summary_gives_the_same_indicator_statuspage_reported() {
    let feed = import(include_str!(
        "fixtures/statuspage/github-summary-2019-12-30.json"
    ))
    .unwrap()
    .feed;
    // The document's own `status.indicator` is "none": "All Systems Operational".
    assert_eq!(PublicFeed::from_feed(&feed).indicator, Indicator::None);
}

/// Every captured document, with its name for messages.
const CAPTURED: [(&str, &str); 7] = [
    (
        "telerik-incidents-2016-06-09",
        include_str!("fixtures/statuspage/telerik-incidents-2016-06-09.json"),
    ),
    (
        "github-summary-2019-12-30",
        include_str!("fixtures/statuspage/github-summary-2019-12-30.json"),
    ),
    (
        "github-summary-2020-04-02",
        include_str!("fixtures/statuspage/github-summary-2020-04-02.json"),
    ),
    (
        "github-summary-2022-11-25",
        include_str!("fixtures/statuspage/github-summary-2022-11-25.json"),
    ),
    (
        "sendgrid-summary-2023-10-11",
        include_str!("fixtures/statuspage/sendgrid-summary-2023-10-11.json"),
    ),
    (
        "personio-summary-2024-01-31",
        include_str!("fixtures/statuspage/personio-summary-2024-01-31.json"),
    ),
    (
        "bitbucket-summary-2023-05-15",
        include_str!("fixtures/statuspage/bitbucket-summary-2023-05-15.json"),
    ),
];

fn imported(name: &str) -> Feed {
    let (_, text) = CAPTURED.iter().find(|(n, _)| *n == name).unwrap();
    import(text).unwrap().feed
}

#[test]
fn every_captured_document_reads_whole_and_its_feed_is_valid() {
    for (name, text) in CAPTURED {
        let import = import(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(import.warnings.is_empty(), "{name}: {:?}", import.warnings);
        assert!(
            import.feed.problems().is_empty(),
            "{name}: {:?}",
            import.feed.problems()
        );
        let raw: serde_json::Value = serde_json::from_str(text).unwrap();
        let leaves = raw["components"]
            .as_array()
            .map_or(0, |all| all.iter().filter(|c| c["group"] != true).count());
        assert_eq!(
            import.feed.components.len(),
            leaves,
            "{name}: groups are headings, not components"
        );
        let listed = |key: &str| raw[key].as_array().map_or(0, Vec::len);
        assert_eq!(
            import.feed.incidents.len() + import.feed.maintenances.len(),
            listed("incidents") + listed("scheduled_maintenances"),
            "{name}: nothing dropped"
        );
    }
}

#[test]
fn herald_never_paints_a_page_rosier_than_statuspage_did() {
    for (name, text) in CAPTURED {
        let raw: serde_json::Value = serde_json::from_str(text).unwrap();
        if raw["status"].is_null() {
            continue; // incidents.json carries no indicator
        }
        let theirs: Indicator = serde_json::from_value(raw["status"]["indicator"].clone()).unwrap();
        let ours = PublicFeed::from_feed(&import(text).unwrap().feed).indicator;
        assert!(
            ours >= theirs,
            "{name}: Herald says {ours:?}, Statuspage said {theirs:?}"
        );
    }
}

#[test]
fn open_incidents_keep_their_updates_newest_first_and_their_status() {
    let feed = imported("github-summary-2022-11-25");
    let incident = &feed.incidents[0];
    assert_eq!(incident.title, "Incident with Packages and Pages");
    assert_eq!(incident.updates.len(), 7);
    assert_eq!(incident.status(), IncidentStatus::Investigating);
    assert!(incident.status().is_open());
    assert_eq!(incident.impact, Impact::Major);
    let public = PublicFeed::from_feed(&feed);
    assert_eq!(public.open_incidents().count(), 1);
    let times: Vec<_> = public.incidents[0].updates.iter().map(|u| u.at).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[test]
fn sendgrid_groups_name_their_members_and_bodies_keep_line_breaks() {
    let feed = imported("sendgrid-summary-2023-10-11");
    let webhook = feed
        .components
        .iter()
        .find(|c| c.name == "Event Webhook")
        .unwrap();
    assert_eq!(webhook.group.as_deref(), Some("Webhooks"));
    // A group and a leaf share the name "Marketing Campaigns"; the leaf survives, the group
    // becomes a heading of its members.
    let campaigns: Vec<_> = feed
        .components
        .iter()
        .filter(|c| c.name == "Marketing Campaigns")
        .collect();
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0].group.as_deref(), Some("Marketing Campaigns"));
    let text = &feed.incidents[0].updates[0].text;
    assert!(text.starts_with("From around 9:47pm PST 10/10/2023"));
    assert!(text.contains("Azure Portal.\nAffected customers"), "{text}");
    assert!(text.contains("\"Open SaaS Account on publisher's site\""));
    assert_eq!(
        feed.incidents[0].started_at.to_rfc3339(),
        "2023-10-11T15:30:44.891+00:00",
        "08:30:44.891-07:00 in the document, normalised to UTC"
    );
}

#[test]
fn a_maintenance_inside_a_summary_keeps_its_window() {
    let feed = imported("personio-summary-2024-01-31");
    assert_eq!(feed.page.time_zone, "Europe/Berlin");
    assert_eq!(feed.maintenances.len(), 1);
    let maintenance = &feed.maintenances[0];
    assert_eq!(maintenance.status, MaintenanceStatus::Scheduled);
    assert!(maintenance.window_start < maintenance.window_end);
    assert!(!maintenance.description.is_empty());
}

#[test]
fn a_numeric_tweet_id_does_not_upset_the_reader() {
    let feed = imported("bitbucket-summary-2023-05-15");
    assert_eq!(feed.incidents[0].status(), IncidentStatus::Identified);
    assert!(feed.components.iter().any(|c| c.name.contains('&')));
}

#[test]
fn an_incident_history_reads_maintenances_apart_and_cleans_bodies() {
    let feed = imported("telerik-incidents-2016-06-09");
    assert_eq!(feed.incidents.len(), 8);
    assert!(
        feed.incidents
            .iter()
            .all(|i| i.status() == IncidentStatus::Resolved),
        "every incident in this history is resolved, none left open by an unknown word"
    );
    assert_eq!(
        feed.maintenances.len(),
        1,
        "the completed maintenance listed among incidents"
    );
    let maintenance = &feed.maintenances[0];
    assert_eq!(
        maintenance.title,
        "Telerik AppBuilder iOS build machines maintenance"
    );
    assert_eq!(maintenance.status, MaintenanceStatus::Completed);
    assert_eq!(
        maintenance.window_start.to_rfc3339(),
        "2016-03-11T01:30:00+00:00"
    );
    let storage = feed
        .incidents
        .iter()
        .flat_map(|i| &i.updates)
        .find(|u| u.id == "dzqzznpmv9tm")
        .unwrap();
    assert_eq!(
        storage.text,
        "We have resolved the issue and are currently monitoring our systems. \nThe performance issue was caused by storage hardware failure.",
        "Windows line breaks become plain ones"
    );
    // "No components were affected" arrives as an affected component without a code.
    let outage = feed
        .incidents
        .iter()
        .find(|i| i.id == "gzrdn0ymmjp1")
        .unwrap();
    assert!(outage
        .updates
        .iter()
        .all(|u| u.component_changes.is_empty()));
    assert!(PublicFeed::from_feed(&feed)
        .open_incidents()
        .next()
        .is_none());
}

/// Every real published update with a character reference in it (25 of the comms-check
/// corpus's 3,299 texts) decodes as html-escape, a browser-grade decoder, decodes it: the
/// Markdown parser's table reads real Statuspage bodies the same way.
#[test]
fn real_bodies_decode_their_character_references_as_a_browser_would() {
    let mut checked = 0;
    for line in include_str!("fixtures/updates/corpus.jsonl").lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = record["text"].as_str().unwrap();
        if !text.contains('&') {
            continue;
        }
        checked += 1;
        assert_eq!(
            herald_domain::markdown::decode_entities(text),
            html_escape::decode_html_entities(text),
            "{}",
            record["id"]
        );
    }
    assert!(checked >= 20, "only {checked} texts had a reference");
}

//! Real Statuspage documents, captured from public pages (see fixtures/statuspage/SOURCES.md).

use herald_domain::public::PublicFeed;
use herald_domain::statuspage::import;
use herald_domain::{ComponentStatus, Indicator};

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

//! The demo incident the server seeds from: it must parse and exercise the whole model.

use herald_domain::demo::demo_feed;
use std::collections::{BTreeMap, BTreeSet};

use herald_domain::{Audience, ComponentStatus, IncidentStatus, Role};

#[test]
fn demo_has_an_open_flash_sale_incident_in_monitoring() {
    let feed = demo_feed();
    let open = feed.open_incidents();
    assert_eq!(open.len(), 1);
    assert_eq!(
        open[0].title,
        "Orders failing during the Black Friday flash sale"
    );
    assert_eq!(open[0].status(), IncidentStatus::Monitoring);
}

#[test]
fn demo_goes_through_every_open_stage_and_notes_keep_the_published_status() {
    let feed = demo_feed();
    let incident = feed.open_incidents()[0];
    let stages: BTreeSet<IncidentStatus> = incident
        .updates
        .iter()
        .filter(|u| u.audience == Audience::Public)
        .map(|u| u.status)
        .collect();
    for stage in [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
    ] {
        assert!(stages.contains(&stage), "no public {stage:?} update");
    }
    // One story: a note carries the status customers had been told when it was written.
    for incident in &feed.incidents {
        let mut told = IncidentStatus::Investigating;
        let mut updates: Vec<_> = incident.updates.iter().collect();
        updates.sort_by_key(|u| u.at);
        for update in updates {
            if update.audience == Audience::Public {
                told = update.status;
            } else {
                assert_eq!(update.status, told, "note {} moves the status", update.id);
            }
        }
    }
}

#[test]
fn demo_fills_every_role_and_hands_one_over() {
    let feed = demo_feed();
    let incident = feed.open_incidents()[0];
    for role in Role::ALL {
        assert!(incident.holder(role).is_some(), "nobody holds {role:?}");
    }
    assert_eq!(
        incident.holder(Role::OperationsLead).unwrap().holder,
        "Jonas Weber"
    );
    assert!(
        incident.roles.iter().any(|a| a.holder == "Mei Lin"),
        "the hand-over history is kept"
    );
}

#[test]
fn demo_references_only_known_components() {
    let feed = demo_feed();
    for incident in &feed.incidents {
        for id in incident.components.iter().chain(
            incident
                .updates
                .iter()
                .flat_map(|u| u.component_changes.iter().map(|c| &c.component)),
        ) {
            assert!(
                feed.component(id).is_some(),
                "{} names unknown component {id}",
                incident.id
            );
        }
    }
}

#[test]
fn demo_component_statuses_match_the_latest_change() {
    let feed = demo_feed();
    let mut latest: BTreeMap<&str, ComponentStatus> = BTreeMap::new();
    let mut updates: Vec<_> = feed.incidents.iter().flat_map(|i| &i.updates).collect();
    updates.sort_by_key(|u| u.at);
    for update in updates {
        for change in &update.component_changes {
            latest.insert(&change.component, change.status);
        }
    }
    for component in &feed.components {
        let expected = latest
            .get(component.id.as_str())
            .copied()
            .unwrap_or(ComponentStatus::Operational);
        assert_eq!(component.status, expected, "component {}", component.id);
    }
}

#[test]
fn demo_scale_out_is_recorded_as_making_it_worse() {
    let feed = demo_feed();
    let incident = feed.open_incidents()[0];
    let internal: Vec<&str> = incident
        .updates
        .iter()
        .filter(|u| u.audience == Audience::Internal)
        .map(|u| u.text.as_str())
        .collect();
    assert!(internal
        .iter()
        .any(|t| t.contains("scale-out made it worse")));
    let public_text: String = incident
        .updates
        .iter()
        .filter(|u| u.is_public())
        .map(|u| u.text.as_str())
        .collect();
    assert!(
        !public_text.contains("orders-db"),
        "no host names in public text"
    );
}

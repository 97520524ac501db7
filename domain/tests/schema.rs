//! The JSON Schema file and the Rust model must say the same thing.
#![cfg(feature = "every-problem")]

use herald_domain::feed::FeedError;
use herald_domain::{
    Audience, ComponentStatus, Feed, Impact, IncidentStatus, MaintenanceStatus, Outcome, Role,
    Severity,
};
use serde_json::Value;

fn schema() -> Value {
    serde_json::from_str(include_str!("../schema/feed-v1.schema.json")).unwrap()
}

fn demo() -> Value {
    serde_json::from_str(herald_domain::demo::DEMO_JSON).unwrap()
}

fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(values: &Value) {
    for value in values.as_array().unwrap() {
        let parsed: T =
            serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(&serde_json::to_value(parsed).unwrap(), value);
    }
}

#[test]
fn every_enum_value_in_the_schema_is_understood() {
    let s = schema();
    let defs = &s["$defs"];
    round_trips::<ComponentStatus>(&defs["component_status"]["enum"]);
    round_trips::<IncidentStatus>(&defs["incident_status"]["enum"]);
    round_trips::<Role>(&defs["role"]["enum"]);
    round_trips::<Impact>(&defs["incident"]["properties"]["impact"]["enum"]);
    round_trips::<Severity>(&defs["incident"]["properties"]["severity"]["enum"]);
    round_trips::<Audience>(&defs["update"]["properties"]["audience"]["enum"]);
    round_trips::<Outcome>(
        &defs["update"]["properties"]["tried"]["items"]["properties"]["outcome"]["enum"],
    );
    round_trips::<MaintenanceStatus>(&defs["maintenance"]["properties"]["status"]["enum"]);
}

/// Removing any field the schema requires makes the feed invalid at exactly that path.
#[test]
fn every_required_field_in_the_schema_is_required_by_the_parser() {
    let s = schema();
    let cases: [(&str, &[&str], &str); 6] = [
        ("", &[], "root"),
        ("page", &["page"], "page"),
        ("component", &["components", "0"], "components[0]"),
        ("incident", &["incidents", "0"], "incidents[0]"),
        (
            "update",
            &["incidents", "0", "updates", "0"],
            "incidents[0].updates[0]",
        ),
        ("maintenance", &["maintenances", "0"], "maintenances[0]"),
    ];
    for (def, pointer, path) in cases {
        let required = if def.is_empty() {
            &s["required"]
        } else {
            &s["$defs"][def]["required"]
        };
        for field in required
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
        {
            if field == "schema" {
                continue; // checked before anything else, with its own error
            }
            let mut doc = demo();
            let mut target = &mut doc;
            for key in pointer {
                target = match key.parse::<usize>() {
                    Ok(i) => &mut target[i],
                    Err(_) => &mut target[*key],
                };
            }
            target.as_object_mut().unwrap().remove(field);
            match Feed::from_json(&doc.to_string()) {
                Err(FeedError::Invalid(problems)) => {
                    assert_eq!(problems.len(), 1, "{def}.{field}: {problems:?}");
                    assert!(
                        problems[0].reason.contains(field),
                        "{def}.{field}: {problems:?}"
                    );
                    let expected = if def.is_empty() { "." } else { path };
                    assert_eq!(problems[0].path, expected, "{def}.{field}");
                }
                other => panic!("removing {def}.{field} gave {other:?}"),
            }
        }
    }
}

/// Removes every field schema 1.2 added, as a 1.1 writer would have written the demo.
fn without_translations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| {
                !(key.ends_with("translations") || key == "time_zones" || key == "language")
            });
            map.values_mut().for_each(without_translations);
        }
        Value::Array(items) => items.iter_mut().for_each(without_translations),
        _ => {}
    }
}

#[test]
fn a_feed_written_before_translations_reads_and_writes_back_unchanged() {
    let mut old = demo();
    without_translations(&mut old);
    old["schema"] = Value::from("1.1");
    let feed = Feed::from_json(&old.to_string()).unwrap();
    assert!(feed
        .incidents
        .iter()
        .all(|i| i.title_translations.is_empty()));
    assert!(feed.page.time_zones.is_empty());
    assert_eq!(serde_json::to_value(&feed).unwrap(), old);
}

#[test]
fn translations_survive_a_round_trip() {
    let feed = Feed::from_json(herald_domain::demo::DEMO_JSON).unwrap();
    assert_eq!(serde_json::to_value(&feed).unwrap(), demo());
    let update = &feed.incidents[0]
        .updates
        .iter()
        .find(|u| u.id == "u-002")
        .unwrap();
    let chinese = update.text_for(herald_domain::Locale::ZhCn, feed.page.language());
    assert!(chinese.text.starts_with("目前许多用户") && !chinese.fallback);
}

//! The feed: the one versioned JSON document every Herald view is derived from. Its schema
//! (`schema`), how a document is read (`reading`) and what a well-shaped one can still get
//! wrong (`problems`) are apart; the lookups every view shares are here.

mod problems;
mod reading;
mod schema;

pub use reading::FeedError;
pub use schema::{Feed, Page, SchemaVersion, SCHEMA_VERSION};

pub use crate::problem::Problem;

use crate::component::Component;
use crate::incident::Incident;
use crate::ranked::{at_rank, sort_by_rank};

impl Feed {
    /// Writes the document as served by an endpoint.
    ///
    /// # Panics
    /// Never in practice: every field serialises to JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a feed always serialises")
    }

    /// Incidents that still affect customers, most recently started first.
    pub fn open_incidents(&self) -> Vec<&Incident> {
        let mut open: Vec<&Incident> = self
            .incidents
            .iter()
            .filter(|i| i.status().is_open())
            .collect();
        sort_by_rank(&mut open, |i| -at_rank(i.started_at));
        open
    }

    /// The component with this id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_array_is_not_a_feed_rather_than_broken_json() {
        // Regression: a typed header read `["x", "y"]` as a struct and called it malformed.
        assert_eq!(
            Feed::from_json(r#"["x", "y", "z"]"#),
            Err(FeedError::MissingSchema)
        );
        assert_eq!(
            Feed::from_json(r#""just a string""#),
            Err(FeedError::MissingSchema)
        );
    }

    const MINIMAL: &str = r#"{
        "schema": "1.0", "version": 3,
        "page": {"name": "Larkspur Market", "time_zone": "Europe/Berlin", "locale": "en"}
    }"#;

    #[test]
    fn minimal_feed_parses_with_empty_lists() {
        let feed = Feed::from_json(MINIMAL).unwrap();
        assert_eq!(feed.version, 3);
        assert!(feed.incidents.is_empty() && feed.components.is_empty());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let text = MINIMAL.replace("\"version\": 3", "\"version\": 3, \"future_field\": [1, 2]");
        assert!(Feed::from_json(&text).is_ok());
    }

    #[test]
    fn newer_minor_version_is_read() {
        let text = MINIMAL.replace("\"1.0\"", "\"1.7\"");
        assert_eq!(
            Feed::from_json(&text).unwrap().schema,
            SchemaVersion { major: 1, minor: 7 }
        );
    }

    #[test]
    fn newer_major_version_is_refused_by_name() {
        let text = MINIMAL.replace("\"1.0\"", "\"2.0\"");
        let err = Feed::from_json(&text).unwrap_err();
        assert_eq!(
            err,
            FeedError::UnsupportedSchema {
                found: SchemaVersion { major: 2, minor: 0 },
                supported: SCHEMA_VERSION
            }
        );
        assert!(err.to_string().contains("schema 2.0"), "{err}");
    }

    #[test]
    fn truncated_json_reports_where_it_broke() {
        let err = Feed::from_json(&MINIMAL[..40]).unwrap_err();
        assert!(
            matches!(err, FeedError::Malformed { line: 2, .. }),
            "{err:?}"
        );
        assert!(err.to_string().starts_with("the feed is not valid JSON"));
    }

    #[test]
    fn json_broken_deep_inside_is_reported_as_broken_json() {
        // Half an emoji (a lone surrogate escape) for the page's name, a version out of range,
        // components nested past the parser's limit: not valid JSON, said so.
        let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
        for json in [
            MINIMAL.replace("Larkspur Market", "Larkspur \\ud83d"),
            MINIMAL.replace("\"version\": 3", "\"version\": 1e400"),
            MINIMAL.replace(
                "\"version\": 3",
                &format!("\"version\": 3, \"components\": {deep}"),
            ),
        ] {
            let err = Feed::from_json(&json).unwrap_err();
            assert!(
                matches!(err, FeedError::Malformed { .. }),
                "{json}: {err:?}"
            );
        }
    }

    #[test]
    fn document_without_schema_is_not_a_feed() {
        assert_eq!(
            Feed::from_json("{\"page\": {}}"),
            Err(FeedError::MissingSchema)
        );
        assert_eq!(Feed::from_json("[]"), Err(FeedError::MissingSchema));
    }

    #[cfg(feature = "every-problem")]
    #[test]
    fn wrong_field_is_reported_with_its_path() {
        let text = MINIMAL.replace("\"locale\": \"en\"", "\"locale\": 7");
        match Feed::from_json(&text).unwrap_err() {
            FeedError::Invalid(problems) => assert_eq!(problems[0].path, "page.locale"),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[cfg(feature = "every-problem")]
    #[test]
    fn times_without_a_zone_are_refused() {
        let text = MINIMAL.replace(
            "\"version\": 3,",
            r#""version": 3, "maintenances": [{"id": "m1", "title": "t", "status": "scheduled",
               "window_start": "2026-11-20T09:00:00", "window_end": "2026-11-20T10:00:00Z"}],"#,
        );
        match Feed::from_json(&text).unwrap_err() {
            FeedError::Invalid(problems) => {
                assert_eq!(problems.len(), 1, "{problems:?}");
                assert_eq!(problems[0].path, "maintenances[0].window_start");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[cfg(feature = "every-problem")]
    #[test]
    fn every_shape_problem_is_reported_with_its_path() {
        let mut doc: serde_json::Value = serde_json::from_str(crate::demo::DEMO_JSON).unwrap();
        doc["components"][1]["status"] = 3.into();
        doc["incidents"][0]["updates"][2]["at"] = "yesterday".into();
        doc["incidents"][0]["updates"][5]
            .as_object_mut()
            .unwrap()
            .remove("text");
        doc["incidents"][1]["started_at"] = serde_json::Value::Null;
        let Err(FeedError::Invalid(problems)) = Feed::from_json(&doc.to_string()) else {
            panic!("expected Invalid");
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "components[1].status",
                "incidents[0].updates[2].at",
                "incidents[0].updates[5]",
                "incidents[1].started_at"
            ]
        );
        assert!(
            problems[2].reason.contains("missing field `text`"),
            "{:?}",
            problems[2]
        );
        let message = FeedError::Invalid(problems).to_string();
        assert!(
            message.starts_with("the feed has 4 problems: at components[1].status:"),
            "{message}"
        );
    }

    #[cfg(not(feature = "every-problem"))]
    #[test]
    fn without_every_problem_the_first_is_placed_by_line_and_column() {
        let text = MINIMAL.replace("\"locale\": \"en\"", "\"locale\": 7");
        let Err(FeedError::Invalid(problems)) = Feed::from_json(&text) else {
            panic!("expected Invalid");
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "line 3, column 85");
        assert!(
            problems[0].reason.starts_with("invalid type: integer `7`"),
            "{problems:?}"
        );
    }

    #[test]
    fn references_to_missing_components_and_duplicates_are_problems() {
        let mut feed = crate::demo::demo_feed();
        feed.incidents[0].components.push("warehouse".into());
        let duplicate = feed.incidents[0].updates[0].clone();
        feed.incidents[0].updates.push(duplicate);
        feed.incidents[1].resolved_at =
            Some(feed.incidents[1].started_at - chrono::Duration::hours(1));
        // Found by fuzzing the Statuspage import: a repeated maintenance id confused the
        // changes sent to clients.
        let twice = feed.maintenances[0].clone();
        feed.maintenances.push(twice);
        let Err(FeedError::Invalid(problems)) = Feed::from_json(&feed.to_json()) else {
            panic!("expected Invalid");
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "incidents[0].components[3]",
                "incidents[0].updates[9].id",
                "incidents[1].resolved_at",
                format!("maintenances[{}].id", feed.maintenances.len() - 1).as_str(),
            ]
        );
        assert_eq!(problems[0].reason, "no component has id \"warehouse\"");
    }

    #[test]
    fn schema_version_parse_rejects_junk() {
        for junk in ["1", "1.", ".0", "a.b", "1.0.0", "-1.0", ""] {
            assert_eq!(SchemaVersion::parse(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn feed_round_trips_through_json() {
        let feed = Feed::from_json(MINIMAL).unwrap();
        assert_eq!(Feed::from_json(&feed.to_json()).unwrap(), feed);
    }
}

//! The feed: the one versioned JSON document every Herald view is derived from.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::incident::Incident;
use crate::maintenance::Maintenance;
use crate::problem::Problems;
use crate::ranked::{at_rank, position_rank, sort_by_rank};

pub use crate::problem::Problem;

/// The schema version this build writes, and the newest major version it reads.
pub const SCHEMA_VERSION: SchemaVersion = SchemaVersion { major: 1, minor: 1 };

/// A feed schema version, `MAJOR.MINOR`: minor versions only add fields, so any minor of a
/// known major is readable; a newer major may change meaning and is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaVersion {
    /// Incompatible changes bump this.
    pub major: u32,
    /// Compatible additions bump this.
    pub minor: u32,
}

impl SchemaVersion {
    /// Reads `"1.0"`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let (major, minor) = text.split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(major) || !digits(minor) {
            return None;
        }
        Some(Self {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for SchemaVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchemaVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "schema version {text:?} is not of the form MAJOR.MINOR"
            ))
        })
    }
}

/// The status page itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The name customers know the service by.
    pub name: String,
    /// Where the public status page lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// IANA time zone the page's team works in, shown beside local times (`Europe/Berlin`).
    pub time_zone: String,
    /// Default language of customer-facing text (`en`, `zh-CN`).
    pub locale: String,
}

/// The whole feed document as served by an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feed {
    /// Schema version of this document.
    pub schema: SchemaVersion,
    /// Bumped by the endpoint on every change, so clients can tell what they have seen.
    pub version: u64,
    /// The status page.
    pub page: Page,
    /// Every component, in display order.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Incidents, open and resolved.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// Scheduled maintenances.
    #[serde(default)]
    pub maintenances: Vec<Maintenance>,
}

/// Why a feed document could not be read; each says what to fix in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedError {
    /// Not JSON at all, or cut off.
    Malformed {
        /// Line of the first problem, 1-based.
        line: usize,
        /// Column of the first problem, 1-based.
        column: usize,
        /// What the parser expected.
        reason: String,
    },
    /// JSON without a readable `schema` field: probably not a Herald feed.
    MissingSchema,
    /// A newer major schema version than this build understands.
    UnsupportedSchema {
        /// The version the document declares.
        found: SchemaVersion,
        /// The newest version this build reads.
        supported: SchemaVersion,
    },
    /// Valid JSON of a known version, but fields are missing, of the wrong shape, or refer to
    /// things that do not exist. Every problem found is listed, not just the first.
    Invalid(Vec<Problem>),
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed { line, column, reason } => {
                write!(f, "the feed is not valid JSON (line {line}, column {column}): {reason}")
            }
            Self::MissingSchema => {
                write!(f, "the document has no \"schema\" version, so it is not a Herald feed")
            }
            Self::UnsupportedSchema { found, supported } => write!(
                f,
                "the feed uses schema {found}, newer than the {}.x this Herald reads; update Herald",
                supported.major
            ),
            Self::Invalid(problems) => match problems.as_slice() {
                [one] => write!(f, "the feed is invalid {one}"),
                many => {
                    write!(f, "the feed has {} problems: ", many.len())?;
                    for (i, problem) in many.iter().enumerate() {
                        let separator = if i == 0 { "" } else { "; " };
                        write!(f, "{separator}{problem}")?;
                    }
                    Ok(())
                }
            },
        }
    }
}

impl std::error::Error for FeedError {}

impl Feed {
    /// Reads a feed document, refusing newer major versions before looking at anything else.
    ///
    /// The version is checked first so that a document from a newer server is reported as
    /// "update Herald" rather than as a confusing missing-field error.
    ///
    /// # Errors
    /// A [`FeedError`] naming the first problem found and where it is.
    pub fn from_json(text: &str) -> Result<Self, FeedError> {
        // Fast path, one plain pass: most documents are fine, and path tracking only matters
        // once something is wrong. The version is still checked before the feed is accepted.
        let feed = match serde_json::from_str::<Self>(text) {
            Ok(feed) => feed,
            Err(first) => {
                Self::check_version(Self::read_version(text)?)?;
                return Err(FeedError::Invalid(shape_problems(text, &first)));
            }
        };
        Self::check_version(feed.schema)?;
        let problems = feed.problems();
        if problems.is_empty() {
            Ok(feed)
        } else {
            Err(FeedError::Invalid(problems))
        }
    }

    fn check_version(schema: SchemaVersion) -> Result<(), FeedError> {
        if schema.major == SCHEMA_VERSION.major {
            Ok(())
        } else {
            Err(FeedError::UnsupportedSchema {
                found: schema,
                supported: SCHEMA_VERSION,
            })
        }
    }

    /// Reads only the `schema` field, telling broken JSON from a document that is not a feed.
    ///
    /// Only reached when the typed parse failed, so reading the whole value is affordable; a
    /// typed header would accept a JSON array as a struct and misreport it as broken JSON.
    fn read_version(text: &str) -> Result<SchemaVersion, FeedError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| match e.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    FeedError::Malformed {
                        line: e.line(),
                        column: e.column(),
                        reason: strip_position(&e.to_string()),
                    }
                }
                _ => FeedError::MissingSchema,
            })?;
        // Valid JSON that is not an object (an array, a string) is not a feed either.
        value
            .get("schema")
            .and_then(serde_json::Value::as_str)
            .and_then(SchemaVersion::parse)
            .ok_or(FeedError::MissingSchema)
    }

    /// Problems a well-shaped feed can still have: duplicate ids, references to components
    /// that do not exist, times in the wrong order, a cadence of zero.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Problems::default();
        let mut seen = std::collections::HashSet::new();
        for (i, component) in self.components.iter().enumerate() {
            if !seen.insert(component.id.as_str()) {
                problems.add(
                    format!("components[{i}].id"),
                    format!("component id {:?} is used twice", component.id),
                );
            }
        }
        let known = |id: &str| self.components.iter().any(|c| c.id == id);
        let mut incident_ids = std::collections::HashSet::new();
        for (i, incident) in self.incidents.iter().enumerate() {
            let at = format!("incidents[{i}]");
            if !incident_ids.insert(incident.id.as_str()) {
                problems.add(
                    format!("{at}.id"),
                    format!("incident id {:?} is used twice", incident.id),
                );
            }
            for (j, id) in incident.components.iter().enumerate() {
                if !known(id) {
                    problems.unknown_component(format!("{at}.components[{j}]"), id);
                }
            }
            if let Some(resolved) = incident.resolved_at {
                if resolved < incident.started_at {
                    problems.add(format!("{at}.resolved_at"), "resolved before it started");
                }
            }
            if incident.cadence_minutes == 0 {
                problems.add(
                    format!("{at}.cadence_minutes"),
                    "the cadence must be at least one minute",
                );
            }
            for j in duplicate_positions(incident.updates.iter().map(|u| u.id.as_str())) {
                let id = &incident.updates[j].id;
                problems.add(
                    format!("{at}.updates[{j}].id"),
                    format!("update id {id:?} is used twice"),
                );
            }
            for (j, update) in incident.updates.iter().enumerate() {
                for (k, change) in update.component_changes.iter().enumerate() {
                    if !known(&change.component) {
                        problems.unknown_component(
                            format!("{at}.updates[{j}].component_changes[{k}].component"),
                            &change.component,
                        );
                    }
                }
            }
        }
        let mut maintenance_ids = std::collections::HashSet::new();
        for (i, maintenance) in self.maintenances.iter().enumerate() {
            if !maintenance_ids.insert(maintenance.id.as_str()) {
                problems.add(
                    format!("maintenances[{i}].id"),
                    format!("maintenance id {:?} is used twice", maintenance.id),
                );
            }
            if maintenance.window_end <= maintenance.window_start {
                problems.add(
                    format!("maintenances[{i}].window_end"),
                    "the window ends before it starts",
                );
            }
        }
        problems.0
    }

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

/// Positions of ids that repeat an earlier one, in order. Sorting borrowed ids beats hashing
/// them for the few dozen updates an incident has, and parsing big feeds is on a budget.
fn duplicate_positions<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut sorted: Vec<(&str, usize)> = ids.enumerate().map(|(i, id)| (id, i)).collect();
    sorted.sort_unstable();
    let mut repeats: Vec<usize> = sorted
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .map(|pair| pair[1].1)
        .collect();
    sort_by_rank(&mut repeats, |&position| position_rank(position));
    repeats
}

/// Without `every-problem`: the typed parse's first problem, placed by line and column.
#[cfg(not(feature = "every-problem"))]
fn shape_problems(_text: &str, first: &serde_json::Error) -> Vec<Problem> {
    vec![Problem {
        path: format!("line {}, column {}", first.line(), first.column()),
        reason: strip_position(&first.to_string()),
    }]
}

/// Every shape problem in a document that failed the typed parse: each element of each list
/// is tried on its own, so one bad update does not hide another.
#[cfg(feature = "every-problem")]
fn shape_problems(text: &str, _first: &serde_json::Error) -> Vec<Problem> {
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    fn check<T: DeserializeOwned>(value: &Value, path: &str, problems: &mut Vec<Problem>) -> bool {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(_) => true,
            Err(e) => {
                let inner = e.path().to_string();
                let path = match (path.is_empty(), inner.as_str()) {
                    (true, inner) => inner.to_string(),
                    (false, ".") => path.to_string(),
                    (false, inner) if inner.starts_with('[') => format!("{path}{inner}"),
                    (false, inner) => format!("{path}.{inner}"),
                };
                problems.push(Problem {
                    path,
                    reason: strip_position(&e.into_inner().to_string()),
                });
                false
            }
        }
    }

    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return vec![Problem {
            path: ".".into(),
            reason: "the document could not be read".into(),
        }];
    };
    let mut problems = Vec::new();
    // The top level without its lists, then each element of each list.
    let mut top = value.clone();
    if let Some(object) = top.as_object_mut() {
        for list in ["components", "incidents", "maintenances"] {
            if object.get(list).is_some_and(Value::is_array) {
                object.insert(list.into(), Value::Array(vec![]));
            }
        }
    }
    check::<Feed>(&top, "", &mut problems);
    let items = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for (i, component) in items("components").iter().enumerate() {
        check::<Component>(component, &format!("components[{i}]"), &mut problems);
    }
    for (i, incident) in items("incidents").iter().enumerate() {
        let mut without_updates = incident.clone();
        let updates = without_updates
            .as_object_mut()
            .and_then(|o| o.insert("updates".into(), Value::Array(vec![])))
            .and_then(|u| u.as_array().cloned())
            .unwrap_or_default();
        check::<Incident>(&without_updates, &format!("incidents[{i}]"), &mut problems);
        for (j, update) in updates.iter().enumerate() {
            check::<crate::update::Update>(
                update,
                &format!("incidents[{i}].updates[{j}]"),
                &mut problems,
            );
        }
    }
    for (i, maintenance) in items("maintenances").iter().enumerate() {
        check::<Maintenance>(maintenance, &format!("maintenances[{i}]"), &mut problems);
    }
    problems
}

/// `serde_json` appends " at line L column C"; the error carries those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
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

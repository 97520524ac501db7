//! The feed: the one versioned JSON document every Herald view is derived from.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::incident::Incident;
use crate::maintenance::Maintenance;

/// The schema version this build writes, and the newest major version it reads.
pub const SCHEMA_VERSION: SchemaVersion = SchemaVersion { major: 1, minor: 0 };

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
    /// Valid JSON of a known version, but a field is missing or has the wrong shape.
    Invalid {
        /// JSON path of the offending value (`incidents[0].updates[2].at`).
        path: String,
        /// What is wrong with it.
        reason: String,
    },
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
            Self::Invalid { path, reason } => write!(f, "the feed is invalid at {path}: {reason}"),
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
        // Read only the version first: cheap, and it decides whether the rest means anything.
        #[derive(Deserialize)]
        struct Header {
            schema: Option<serde_json::Value>,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                FeedError::Malformed {
                    line: e.line(),
                    column: e.column(),
                    reason: strip_position(&e.to_string()),
                }
            }
            // Valid JSON that is not an object (an array, a string): not a feed.
            _ => FeedError::MissingSchema,
        })?;
        let schema = header
            .schema
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .and_then(SchemaVersion::parse)
            .ok_or(FeedError::MissingSchema)?;
        if schema.major != SCHEMA_VERSION.major {
            return Err(FeedError::UnsupportedSchema {
                found: schema,
                supported: SCHEMA_VERSION,
            });
        }
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| FeedError::Invalid {
            path: e.path().to_string(),
            reason: strip_position(&e.into_inner().to_string()),
        })
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
        open.sort_by_key(|i| std::cmp::Reverse(i.started_at));
        open
    }

    /// The component with this id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }
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

    #[test]
    fn wrong_field_is_reported_with_its_path() {
        let text = MINIMAL.replace("\"locale\": \"en\"", "\"locale\": 7");
        match Feed::from_json(&text).unwrap_err() {
            FeedError::Invalid { path, .. } => assert_eq!(path, "page.locale"),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn times_without_a_zone_are_refused() {
        let text = MINIMAL.replace(
            "\"version\": 3,",
            r#""version": 3, "maintenances": [{"id": "m1", "title": "t", "status": "scheduled",
               "window_start": "2026-11-20T09:00:00", "window_end": "2026-11-20T10:00:00Z"}],"#,
        );
        match Feed::from_json(&text).unwrap_err() {
            FeedError::Invalid { path, .. } => assert_eq!(path, "maintenances[0].window_start"),
            other => panic!("expected Invalid, got {other:?}"),
        }
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

//! Reading a feed document: the version first, then the typed parse, and when that fails,
//! every problem in the document named by path (with `every-problem`) or the first one.

use std::fmt;

use super::{Feed, Problem, SchemaVersion, SCHEMA_VERSION};
#[cfg(feature = "every-problem")]
use crate::{component::Component, incident::Incident, maintenance::Maintenance};

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
    /// Only reached when the typed parse failed. Not a typed header: serde's derive would
    /// accept a JSON array as the struct and misreport it as broken JSON.
    fn read_version(text: &str) -> Result<SchemaVersion, FeedError> {
        let schema =
            crate::lenient::text_under(text, "schema").map_err(|e| match e.classify() {
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
        schema
            .as_deref()
            .and_then(SchemaVersion::parse)
            .ok_or(FeedError::MissingSchema)
    }
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

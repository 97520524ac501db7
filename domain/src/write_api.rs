//! The write API's answers and its entity tags, defined once: the server writes them and the
//! app reads them, so neither can drift from the other without a test here failing.
//!
//! The requests are in [`crate::command`], and so is [`Applied`], the answer to a write that
//! went through; this module re-exports it so every answer can be found in one place. The
//! field order of each body is part of the contract: the server's HTTP tests and the
//! end-to-end tests compare the JSON as sent.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::changes::FeedChanges;
use crate::feed::Problem;

pub use crate::command::Applied;

/// The strong entity tag naming feed version `version`, quotes included (`"v14"`).
///
/// The server sends it as `ETag` on the feed and on every write's answer; a writer sends it
/// back as `If-Match`.
pub fn etag(version: u64) -> String {
    format!("\"v{version}\"")
}

/// The feed version an entity tag names, or `None` for anything [`etag`] would not have
/// written: no quotes (`v14`), another letter (`"w14"`), no digits, a sign, leading zeros.
///
/// A weak tag (`W/"v14"`) is refused too. `If-Match` compares tags strongly (RFC 9110
/// §13.1.1), so a weak tag can never match any version; the server refuses such a request as
/// malformed rather than answering with a conflict that sending again could never resolve.
/// `If-None-Match` compares weakly, but it compares tags, not versions, and does not come here.
pub fn parse_etag(tag: &str) -> Option<u64> {
    let version = tag
        .strip_prefix("\"v")?
        .strip_suffix('"')?
        .parse::<u64>()
        .ok()?;
    // `u64::from_str` takes "+14" and "014"; only the one spelling `etag` writes names a version.
    (etag(version) == tag).then_some(version)
}

/// The body of every refused request: a stable word for code, a sentence for a person, and
/// for a request of the wrong shape each problem with its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable machine word (`invalid`, `unauthorized`, `no_such_incident`).
    pub error: String,
    /// What went wrong, for a person.
    pub message: String,
    /// Each problem with its JSON path; absent from the JSON when there are none, which is
    /// every error but a validation error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemBody>,
}

impl ErrorBody {
    /// A body without problems.
    pub fn new(error: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            message: message.into(),
            problems: Vec::new(),
        }
    }
}

/// The message and every problem after it, the way the console shows a refusal: one line a
/// lead can read without opening the developer tools.
impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for problem in &self.problems {
            write!(f, "; {}: {}", problem.path, problem.reason)?;
        }
        Ok(())
    }
}

/// One problem in a refused request, as sent.
///
/// A separate type from [`Problem`] because the feed's problems are never sent and so carry
/// no serde; converting is lossless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemBody {
    /// JSON path of the offending value (`$.update.text`).
    pub path: String,
    /// What is wrong with it.
    pub reason: String,
}

impl From<Problem> for ProblemBody {
    fn from(problem: Problem) -> Self {
        Self {
            path: problem.path,
            reason: problem.reason,
        }
    }
}

/// The body of a `409`: someone else wrote first. It names the version the server holds and
/// what changed since the writer's, so the writer can review and send again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictBody {
    /// Always `conflict`, so code that reads only [`ErrorBody::error`] still understands it.
    pub error: String,
    /// What happened, for a person.
    pub message: String,
    /// The version the server holds.
    pub current_version: u64,
    /// What changed since the writer's version; `null` when the server never stored that
    /// version (and then the writer needs the whole feed).
    pub changes: Option<FeedChanges>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{Command, NewUpdate};
    use crate::incident::IncidentStatus;
    use crate::update::Audience;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn an_etag_is_the_version_in_quotes_and_reads_back() {
        assert_eq!(etag(14), "\"v14\"");
        for version in [0, 1, 14, 15, u64::MAX] {
            assert_eq!(parse_etag(&etag(version)), Some(version), "{version}");
        }
    }

    #[test]
    fn tags_herald_never_writes_name_no_version() {
        for tag in [
            "v14",
            "\"w14\"",
            "\"v\"",
            "\"v-1\"",
            "W/\"v14\"",
            "\"v+14\"",
            "\"v014\"",
            " \"v14\"",
            "\"v14",
            "\"V14\"",
            "\"v18446744073709551616\"",
            "*",
            "",
        ] {
            assert_eq!(parse_etag(tag), None, "{tag}");
        }
    }

    proptest! {
        /// Whatever a client sends, reading it never panics, and a tag that reads as a version
        /// is exactly the tag that version has.
        #[test]
        fn only_the_written_spelling_of_a_tag_names_a_version(tag in "\\PC{0,24}") {
            if let Some(version) = parse_etag(&tag) {
                prop_assert_eq!(etag(version), tag);
            }
        }
    }

    #[test]
    fn an_error_body_keeps_its_shape_on_the_wire_and_reads_back() {
        let body = ErrorBody {
            problems: vec![ProblemBody {
                path: "$.text".into(),
                reason: "the text is empty".into(),
            }],
            ..ErrorBody::new("invalid", "the request was refused")
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"error":"invalid","message":"the request was refused","problems":[{"path":"$.text","reason":"the text is empty"}]}"#
        );
        assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), body);
        assert_eq!(
            body.to_string(),
            "the request was refused; $.text: the text is empty"
        );
    }

    #[test]
    fn an_error_without_problems_sends_no_problems_key() {
        let body = ErrorBody::new("unauthorized", "send a token");
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"error":"unauthorized","message":"send a token"}"#);
        assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), body);
    }

    #[test]
    fn a_conflict_without_changes_says_null() {
        let body = ConflictBody {
            error: "conflict".into(),
            message: "someone else wrote first".into(),
            current_version: 15,
            changes: None,
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"error":"conflict","message":"someone else wrote first","current_version":15,"changes":null}"#
        );
        assert_eq!(serde_json::from_str::<ConflictBody>(&json).unwrap(), body);
    }

    #[test]
    fn an_applied_write_reads_back_as_sent() {
        let mut feed = crate::demo::demo_feed();
        let incident = feed.incidents[0].id.clone();
        let update = NewUpdate {
            audience: Audience::Public,
            status: IncidentStatus::Identified,
            component_changes: vec![],
            author: "Amara Okafor".into(),
            text: "We found the cause.".into(),
            tried: vec![],
            check_override: None,
            next_update_at: None,
        };
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 12, 0, 0)
            .unwrap();
        let applied = feed
            .apply(&Command::AddUpdate { incident, update }, now, 15)
            .unwrap();
        let json = serde_json::to_string(&applied).unwrap();
        assert!(json.starts_with(r#"{"version":15,"incident":{"#), "{json}");
        assert_eq!(serde_json::from_str::<Applied>(&json).unwrap(), applied);
    }
}

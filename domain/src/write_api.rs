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

/// The API's paths, spelled once: the server routes them and the app requests them.
///
/// The `*_ROUTE` templates hold `{id}` where an incident id goes, in axum's syntax; the
/// functions fill it in, so a path the app builds is always one the server routes.
pub mod path {
    /// The whole internal feed (`?since=N` for what changed after version `N`).
    pub const FEED: &str = "/api/v1/feed";
    /// The event stream that says when the feed changed.
    pub const EVENTS: &str = "/api/v1/events";
    /// Says what a token may do, so the console can check one before it is needed.
    pub const ACCESS: &str = "/api/v1/access";
    /// Liveness, the served version and the public site's state ([`crate::health::Health`]).
    pub const HEALTH: &str = "/healthz";
    /// Where incidents are declared.
    pub const INCIDENTS: &str = "/api/v1/incidents";
    /// One incident's headline facts and roles.
    pub const INCIDENT_ROUTE: &str = "/api/v1/incidents/{id}";
    /// One incident's updates.
    pub const UPDATES_ROUTE: &str = "/api/v1/incidents/{id}/updates";

    /// The subscriber list (write token): read and export.
    pub const SUBSCRIBERS: &str = "/api/v1/subscribers";
    /// One subscriber (write token): delete.
    pub const SUBSCRIBER_ROUTE: &str = "/api/v1/subscribers/{id}";
    /// Webhook subscribers and team channels (write token): list and register.
    pub const WEBHOOKS: &str = "/api/v1/webhooks";
    /// One webhook (write token): delete.
    pub const WEBHOOK_ROUTE: &str = "/api/v1/webhooks/{id}";
    /// A disabled webhook is enabled again by a `POST` here (write token).
    pub const WEBHOOK_ENABLE_ROUTE: &str = "/api/v1/webhooks/{id}/enable";
    /// Where the deliveries of an incident's latest public update stand ([`super::Deliveries`]).
    pub const DELIVERIES_ROUTE: &str = "/api/v1/incidents/{id}/deliveries";
    /// The public subscribe form posts here; the signed links' pages live under it.
    pub const SUBSCRIPTIONS: &str = "/subscriptions";
    /// A confirmation link's page.
    pub const CONFIRM: &str = "/subscriptions/confirm";
    /// A manage link's page.
    pub const MANAGE: &str = "/subscriptions/manage";
    /// An unsubscribe link's page, and RFC 8058's one-click target.
    pub const UNSUBSCRIBE: &str = "/subscriptions/unsubscribe";

    /// The path of incident `id`'s delivery counts.
    pub fn deliveries(id: &str) -> String {
        DELIVERIES_ROUTE.replace("{id}", id)
    }

    /// The path of incident `id`.
    pub fn incident(id: &str) -> String {
        INCIDENT_ROUTE.replace("{id}", id)
    }

    /// The path of incident `id`'s updates.
    pub fn updates(id: &str) -> String {
        UPDATES_ROUTE.replace("{id}", id)
    }
}

/// Why the API refused a request: the stable word in every error body, one variant per reason
/// the server can give.
///
/// A client reads a word it does not know (from a newer server) as [`ErrorCode::Other`] and
/// falls back to the body's message, so adding a reason never breaks an older console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request's body or headers do not have the expected shape, or a command's values
    /// are refused; the problems say which.
    Invalid,
    /// The body is not JSON at all.
    MalformedJson,
    /// The body was sent with another content type.
    NotJson,
    /// The body is larger than the server takes.
    TooLarge,
    /// The body could not be read.
    Unreadable,
    /// A write came without an idempotency key.
    IdempotencyKeyRequired,
    /// An idempotency key came back with a different request.
    IdempotencyKeyReused,
    /// `If-Match` is not a tag the server writes.
    BadIfMatch,
    /// Someone else wrote first (`409`, with a [`ConflictBody`]).
    Conflict,
    /// No token, or a malformed `Authorization` header.
    Unauthorized,
    /// The token is not valid here, or may not write.
    Forbidden,
    /// The server has no write token, so it takes no writes.
    WritesDisabled,
    /// The page's origin may not call the internal API.
    OriginNotAllowed,
    /// The incident named in the path does not exist.
    NoSuchIncident,
    /// The subscriber named in the path does not exist.
    NoSuchSubscriber,
    /// The webhook named in the path does not exist.
    NoSuchWebhook,
    /// `?since=` names a version newer than the server's.
    FutureVersion,
    /// The server failed; the cause is in its log.
    Internal,
    /// A word this build does not know, from a newer server.
    #[serde(other)]
    Other,
}

impl ErrorCode {
    /// The word as sent (`no_such_incident`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::MalformedJson => "malformed_json",
            Self::NotJson => "not_json",
            Self::TooLarge => "too_large",
            Self::Unreadable => "unreadable",
            Self::IdempotencyKeyRequired => "idempotency_key_required",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::BadIfMatch => "bad_if_match",
            Self::Conflict => "conflict",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::WritesDisabled => "writes_disabled",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::NoSuchIncident => "no_such_incident",
            Self::NoSuchSubscriber => "no_such_subscriber",
            Self::NoSuchWebhook => "no_such_webhook",
            Self::FutureVersion => "future_version",
            Self::Internal => "internal",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    /// Why, as a stable word for code.
    pub error: ErrorCode,
    /// What went wrong, for a person.
    pub message: String,
    /// Each problem with its JSON path; absent from the JSON when there are none, which is
    /// every error but a validation error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemBody>,
}

impl ErrorBody {
    /// A body without problems.
    pub fn new(error: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error,
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
    /// Always [`ErrorCode::Conflict`], so code that reads only [`ErrorBody::error`] still
    /// understands it.
    pub error: ErrorCode,
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
            ..ErrorBody::new(ErrorCode::Invalid, "the request was refused")
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
        let body = ErrorBody::new(ErrorCode::Unauthorized, "send a token");
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"error":"unauthorized","message":"send a token"}"#);
        assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), body);
    }

    #[test]
    fn a_conflict_without_changes_says_null() {
        let body = ConflictBody {
            error: ErrorCode::Conflict,
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
    fn every_code_is_sent_as_its_word_and_reads_back() {
        for code in [
            ErrorCode::Invalid,
            ErrorCode::MalformedJson,
            ErrorCode::NotJson,
            ErrorCode::TooLarge,
            ErrorCode::Unreadable,
            ErrorCode::IdempotencyKeyRequired,
            ErrorCode::IdempotencyKeyReused,
            ErrorCode::BadIfMatch,
            ErrorCode::Conflict,
            ErrorCode::Unauthorized,
            ErrorCode::Forbidden,
            ErrorCode::WritesDisabled,
            ErrorCode::OriginNotAllowed,
            ErrorCode::NoSuchIncident,
            ErrorCode::NoSuchSubscriber,
            ErrorCode::NoSuchWebhook,
            ErrorCode::FutureVersion,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn a_word_from_a_newer_server_reads_as_other_and_keeps_its_message() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error":"rate_limited","message":"slow down"}"#).unwrap();
        assert_eq!(body.error, ErrorCode::Other);
        assert_eq!(body.to_string(), "slow down");
    }

    #[test]
    fn a_path_the_app_builds_is_the_route_the_server_serves() {
        assert_eq!(path::incident("inc-1"), "/api/v1/incidents/inc-1");
        assert_eq!(path::updates("inc-1"), "/api/v1/incidents/inc-1/updates");
        assert!(path::INCIDENT_ROUTE.starts_with(path::INCIDENTS));
        assert!(path::UPDATES_ROUTE.starts_with(path::INCIDENT_ROUTE));
    }

    #[test]
    fn an_applied_write_reads_back_as_sent() {
        let mut feed = crate::demo::demo_feed();
        let incident = feed.incidents[0].id.clone();
        let update = NewUpdate::new(
            Audience::Public,
            IncidentStatus::Identified,
            "Amara Okafor",
            "We found the cause.",
        );
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

/// Where the emails about an incident's latest public update stand: the console shows it
/// under the update.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    /// The update counted; `None` when the incident has no public update yet.
    pub update: Option<String>,
    /// Accepted by the relay.
    pub done: u64,
    /// Waiting for the relay, a retry or their moment.
    pub pending: u64,
    /// Given up on.
    pub failed: u64,
    /// The same update's posts to webhooks and team channels.
    #[serde(default)]
    pub webhooks: WebhookDeliveries,
}

/// Where the webhook posts about one update stand, and how many webhooks are disabled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDeliveries {
    /// Answered with a 2xx.
    pub done: u64,
    /// Waiting for their turn or a retry.
    pub pending: u64,
    /// Given up on (their webhook was disabled).
    pub failed: u64,
    /// Webhooks disabled after repeated failures, which the team should look at.
    pub disabled: u64,
}

/// What a webhook receives: Statuspage's JSON, or a team channel's post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookFormat {
    /// Statuspage-shaped JSON, signed, for any consumer written for Statuspage.
    Statuspage,
    /// A Slack incoming webhook.
    Slack,
    /// A Microsoft Teams incoming (or Workflows) webhook.
    Teams,
}

impl WebhookFormat {
    /// The word in requests and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Statuspage => "statuspage",
            Self::Slack => "slack",
            Self::Teams => "teams",
        }
    }

    /// The format named by [`Self::as_str`].
    pub fn parse(word: &str) -> Option<Self> {
        [Self::Statuspage, Self::Slack, Self::Teams]
            .into_iter()
            .find(|f| f.as_str() == word)
    }

    /// Whether this is one of the team's own channels, which may also get internal notes.
    pub fn is_team_channel(self) -> bool {
        self != Self::Statuspage
    }
}

fn statuspage_format() -> WebhookFormat {
    WebhookFormat::Statuspage
}

/// A request to register a webhook (`POST` [`path::WEBHOOKS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where to post: `https://…` (plain `http` only to a loopback address).
    pub url: String,
    /// What to post; Statuspage's JSON by default.
    #[serde(default = "statuspage_format")]
    pub format: WebhookFormat,
    /// Only incidents touching these components; all when absent.
    #[serde(default)]
    pub components: Option<Vec<String>>,
    /// Also post internal notes: team channels only, never a Statuspage-format subscriber.
    #[serde(default)]
    pub internal_notes: bool,
}

/// A registered webhook as the write API shows it: the address shortened to its origin, since
/// the rest of a Slack or Teams address is its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    /// Its id.
    pub id: i64,
    /// `https://hooks.slack.com/…`.
    pub url: String,
    /// What it receives.
    pub format: WebhookFormat,
    /// Its components; all when absent.
    pub components: Option<Vec<String>>,
    /// Whether it gets internal notes.
    pub internal_notes: bool,
    /// Failed deliveries in a row.
    pub failures: u32,
    /// When it was disabled after repeated failures, if it is.
    pub disabled_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The last failure before it was disabled.
    pub disabled_reason: Option<String>,
}

/// The answer of `GET` [`path::WEBHOOKS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhooks {
    /// Every registered webhook, oldest first.
    pub webhooks: Vec<Webhook>,
    /// The secret the `Herald-Signature` header is made with, when the server made it (it is
    /// not shown when it came from the operator's file or environment).
    pub signing_secret: Option<String>,
}

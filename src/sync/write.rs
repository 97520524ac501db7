//! Writes to Herald's internal API: one request, its idempotency key, and what came back.

use std::fmt::Write as _;

use gloo_net::http::{Method, Request};
use herald_domain::FeedChanges;
use serde::{Deserialize, Serialize};

use super::SyncError;

/// A write as the outbox keeps it: everything needed to send it again, identically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Write {
    /// The idempotency key; the same for every attempt, so it is applied exactly once.
    pub key: String,
    /// `POST` or `PATCH`.
    pub method: String,
    /// The API path (`/api/v1/incidents/{id}/updates`).
    pub path: String,
    /// The JSON body.
    pub body: String,
    /// The feed version the writer saw, sent as `If-Match`; `None` writes unconditionally.
    pub if_match: Option<u64>,
}

/// How the endpoint answered a write that reached it.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOutcome {
    /// Applied (or applied earlier under the same key): the version it created.
    Done {
        /// The feed version.
        version: u64,
    },
    /// Someone else wrote first; nothing was written.
    Conflict {
        /// The version the endpoint holds.
        current_version: u64,
        /// What changed since the writer's version, when the endpoint could tell.
        changes: Option<FeedChanges>,
    },
    /// Refused for good (bad token, invalid content): sending it again will not help.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The endpoint's explanation, with each problem's path.
        message: String,
    },
}

#[derive(Deserialize)]
struct Done {
    version: u64,
}

#[derive(Deserialize)]
struct Conflict {
    current_version: u64,
    changes: Option<FeedChanges>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Refusal {
    message: String,
    problems: Vec<ProblemOut>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProblemOut {
    path: String,
    reason: String,
}

/// Sends `write` to the endpoint at `base` with the write `token`.
///
/// # Errors
/// A [`SyncError`] when the write may not have arrived (no answer, a time-out, a server
/// error): the outbox sends it again with the same key.
pub async fn send_write(base: &str, write: &Write, token: &str) -> Result<WriteOutcome, SyncError> {
    let method = if write.method == "PATCH" {
        Method::PATCH
    } else {
        Method::POST
    };
    let mut request = Request::post(&format!("{base}{}", write.path))
        .method(method)
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", &write.key);
    if let Some(version) = write.if_match {
        request = request.header("If-Match", &format!("\"v{version}\""));
    }
    let response = request
        .body(write.body.clone())
        .map_err(|e| SyncError::Unreachable(e.to_string()))?
        .send()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    match status {
        200..=299 => serde_json::from_str::<Done>(&text)
            .map(|done| WriteOutcome::Done {
                version: done.version,
            })
            .map_err(|e| SyncError::Unreachable(format!("the answer could not be read: {e}"))),
        409 => {
            let conflict: Conflict = serde_json::from_str(&text).map_err(|e| {
                SyncError::Unreachable(format!("the conflict could not be read: {e}"))
            })?;
            Ok(WriteOutcome::Conflict {
                current_version: conflict.current_version,
                changes: conflict.changes,
            })
        }
        // Server errors and gateways in between may recover; the key makes retrying safe.
        500..=599 | 408 | 429 => Err(SyncError::Http {
            status,
            text: response.status_text(),
        }),
        _ => {
            let refusal: Refusal = serde_json::from_str(&text).unwrap_or_default();
            let mut message = if refusal.message.is_empty() {
                format!("HTTP {status}")
            } else {
                refusal.message
            };
            for problem in refusal.problems {
                let _ = write!(message, "; {}: {}", problem.path, problem.reason);
            }
            Ok(WriteOutcome::Refused { status, message })
        }
    }
}

/// The API root of a Herald feed URL (`https://x/api/v1/feed` → `https://x`).
pub fn api_base(feed_url: &str) -> String {
    let base = feed_url.split('?').next().unwrap_or(feed_url);
    base.strip_suffix("/api/v1/feed").unwrap_or("").to_string()
}

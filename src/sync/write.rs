//! Writes to Herald's internal API: one request, its idempotency key, and what came back.

use gloo_net::http::{Method, Request};
use herald_domain::{
    etag, write_api::path, Applied, ConflictBody, ErrorBody, FeedChanges, IncidentChange,
    NewIncident, NewUpdate,
};
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

impl Write {
    /// An update on `incident`; conditional on `if_match` (the version the writer saw) so a
    /// race with another lead comes back as a conflict instead of two stories.
    pub fn add_update(incident: &str, update: &NewUpdate, if_match: Option<u64>) -> Self {
        Self {
            key: new_key(),
            method: "POST".into(),
            path: path::updates(incident),
            body: serde_json::to_string(update).unwrap_or_default(),
            if_match,
        }
    }

    /// A change to an incident's headline facts or roles.
    pub fn change_incident(incident: &str, change: &IncidentChange) -> Self {
        Self {
            key: new_key(),
            method: "PATCH".into(),
            path: path::incident(incident),
            body: serde_json::to_string(change).unwrap_or_default(),
            if_match: None,
        }
    }

    /// A new incident, with its first update.
    pub fn open_incident(new: &NewIncident) -> Self {
        Self {
            key: new_key(),
            method: "POST".into(),
            path: path::INCIDENTS.into(),
            body: serde_json::to_string(new).unwrap_or_default(),
            if_match: None,
        }
    }

    /// The same write under a fresh key, to be sent against `version` (after a conflict the
    /// lead chose to override).
    #[must_use]
    pub fn again_against(&self, version: u64) -> Self {
        Self {
            key: new_key(),
            if_match: Some(version),
            ..self.clone()
        }
    }

    /// Whether this write declares an incident, so a page can tell a refused declaration
    /// (whose form comes back) from a refused update without reading the request.
    pub fn opens_incident(&self) -> bool {
        self.method == "POST" && self.path == path::INCIDENTS
    }

    /// Whether a refusal with this HTTP status is about the token, not the content: the
    /// write waits for a good token instead of being dropped.
    pub fn refused_for_token(status: u16) -> bool {
        matches!(status, 401 | 403)
    }
}

/// A fresh idempotency key: a random UUID from the browser's crypto, so two browsers never
/// pick the same; outside a secure context, the best the browser offers plus the time.
pub fn new_key() -> String {
    if let Some(uuid) = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
    {
        return uuid;
    }
    // Two draws of 2^52 possibilities each and the time: collisions are not a practical risk.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let random = || (js_sys::Math::random() * 4_503_599_627_370_496.0) as u64;
    format!(
        "{:013x}{:013x}{:x}",
        random(),
        random(),
        chrono::Utc::now().timestamp_millis()
    )
}

/// What the endpoint said of a write token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    /// It may write.
    Valid,
    /// It may not, for this reason (the endpoint's own words).
    Refused(String),
}

/// Asks the endpoint at `base` whether `token` may write (`GET /api/v1/access`).
///
/// # Errors
/// A [`SyncError`] when the endpoint could not be asked.
pub async fn check_token(base: &str, token: &str) -> Result<TokenCheck, SyncError> {
    let response = Request::get(&format!("{base}{}", path::ACCESS))
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    match status {
        200..=299 => Ok(TokenCheck::Valid),
        401 | 403 => Ok(TokenCheck::Refused(refusal_message(status, &text))),
        _ => Err(SyncError::Http {
            status,
            text: response.status_text(),
        }),
    }
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
        request = request.header("If-Match", &etag(version));
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
        200..=299 => serde_json::from_str::<Applied>(&text)
            .map(|applied| WriteOutcome::Done {
                version: applied.version,
            })
            .map_err(|e| SyncError::Unreachable(format!("the answer could not be read: {e}"))),
        409 => {
            let conflict: ConflictBody = serde_json::from_str(&text).map_err(|e| {
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
        _ => Ok(WriteOutcome::Refused {
            status,
            message: refusal_message(status, &text),
        }),
    }
}

/// The endpoint's reason for a refusal, with each problem's path; the status when the body
/// says nothing readable (a proxy's page of HTML, say).
fn refusal_message(status: u16, body: &str) -> String {
    let Ok(mut refusal) = serde_json::from_str::<ErrorBody>(body) else {
        return format!("HTTP {status}");
    };
    if refusal.message.is_empty() {
        refusal.message = format!("HTTP {status}");
    }
    refusal.to_string()
}

/// The API root of a Herald feed URL (`https://x/api/v1/feed` → `https://x`).
pub fn api_base(feed_url: &str) -> String {
    let base = feed_url.split('?').next().unwrap_or(feed_url);
    base.strip_suffix(path::FEED).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::{api_base, refusal_message};

    #[test]
    fn the_api_root_is_the_feed_url_without_its_path() {
        assert_eq!(
            api_base("https://status.example/api/v1/feed?since=3"),
            "https://status.example"
        );
        assert_eq!(api_base("/api/v1/feed"), "");
        assert_eq!(
            api_base("https://www.githubstatus.com/api/v2/summary.json"),
            ""
        );
    }

    #[test]
    fn a_refusal_says_the_servers_reason_or_at_least_its_status() {
        let body = r#"{"error":"invalid","message":"the request was refused","problems":[{"path":"$.text","reason":"the text is empty"}]}"#;
        let message = refusal_message(400, body);
        assert!(
            message.contains("the request was refused") && message.contains("the text is empty"),
            "{message}"
        );
        assert_eq!(refusal_message(502, "<html>Bad gateway</html>"), "HTTP 502");
        assert_eq!(
            refusal_message(401, r#"{"error":"unauthorized","message":""}"#),
            "HTTP 401"
        );
    }
}

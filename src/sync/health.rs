//! Asking the endpoint how it is: its feed version and the public status site's state
//! (`GET /healthz`, the domain's [`Health`]), for the console's line about what customers see.

use gloo_net::http::Request;
use herald_domain::health::Health;
use herald_domain::write_api::path;

use super::SyncError;

/// `GET {base}/healthz`, read as the domain's [`Health`].
///
/// # Errors
/// A [`SyncError`] when the endpoint cannot be reached, answers with an HTTP error, or sends
/// a body that is not a health answer.
pub async fn fetch_health(base: &str) -> Result<Health, SyncError> {
    get_json(
        Request::get(&format!("{base}{}", path::HEALTH)).header("Accept", "application/json"),
        path::HEALTH,
    )
    .await
}

/// Sends `request` and reads its answer as a `T`; `what` names the document in the error.
///
/// # Errors
/// A [`SyncError`] when the endpoint cannot be reached, answers with an HTTP error, or sends
/// a body that is not a `T`.
pub(super) async fn get_json<T: serde::de::DeserializeOwned>(
    request: gloo_net::http::RequestBuilder,
    what: &str,
) -> Result<T, SyncError> {
    let response = request
        .send()
        .await
        .map_err(|e| SyncError::Unreachable(e.to_string()))?;
    if !response.ok() {
        return Err(SyncError::Http {
            status: response.status(),
            text: response.status_text(),
        });
    }
    let body = response
        .text()
        .await
        .map_err(|e| SyncError::Unreachable(format!("the answer was cut off: {e}")))?;
    serde_json::from_str(&body).map_err(|e| SyncError::Unreadable(format!("{what}: {e}")))
}

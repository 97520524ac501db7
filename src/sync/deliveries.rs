//! Where the emails about an incident's latest public update stand
//! (`GET /api/v1/incidents/{id}/deliveries`, the domain's [`Deliveries`]), for the console.

use gloo_net::http::Request;
use herald_domain::write_api::path;
use herald_domain::Deliveries;

use super::SyncError;

/// The delivery counts of incident `incident` from the server at `base`, asked with the
/// write `token` (subscriber figures are the team's business only).
///
/// # Errors
/// A [`SyncError`] when the endpoint cannot be reached, refuses, or answers with something
/// that is not a count.
pub async fn fetch_deliveries(
    base: &str,
    incident: &str,
    token: &str,
) -> Result<Deliveries, SyncError> {
    let response = Request::get(&format!("{base}{}", path::deliveries(incident)))
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {token}"))
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
    serde_json::from_str(&body)
        .map_err(|e| SyncError::Unreadable(format!("{}: {e}", path::DELIVERIES_ROUTE)))
}

//! Where the emails about an incident's latest public update stand
//! (`GET /api/v1/incidents/{id}/deliveries`, the domain's [`Deliveries`]), for the console.

use gloo_net::http::Request;
use herald_domain::write_api::path;
use herald_domain::Deliveries;

use super::health::get_json;
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
    get_json(
        Request::get(&format!("{base}{}", path::deliveries(incident)))
            .header("Accept", "application/json")
            .header("Authorization", &format!("Bearer {token}")),
        path::DELIVERIES_ROUTE,
    )
    .await
}

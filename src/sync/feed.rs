//! Fetching the feed document.

use gloo_net::http::Request;
use herald_domain::Feed;
use web_sys::AbortSignal;

use super::SyncError;

/// Fetches and parses the feed at `url`. `abort` lets the caller cancel a request that is
/// taking too long or is no longer wanted; an aborted request is reported as timed out after
/// `timeout_seconds`.
///
/// # Errors
/// A [`SyncError`] saying whether the endpoint was unreachable, slow, answered with an HTTP
/// error, or sent something that is not a readable feed.
pub async fn fetch_feed(
    url: &str,
    abort: Option<&AbortSignal>,
    timeout_seconds: u32,
) -> Result<Feed, SyncError> {
    let aborted = || abort.is_some_and(AbortSignal::aborted);
    let response = Request::get(url)
        .header("Accept", "application/json")
        .abort_signal(abort)
        .send()
        .await
        .map_err(|e| {
            if aborted() {
                SyncError::TimedOut {
                    seconds: timeout_seconds,
                }
            } else {
                SyncError::Unreachable(e.to_string())
            }
        })?;
    if !response.ok() {
        return Err(SyncError::Http {
            status: response.status(),
            text: response.status_text(),
        });
    }
    let body = response.text().await.map_err(|e| {
        if aborted() {
            SyncError::TimedOut {
                seconds: timeout_seconds,
            }
        } else {
            SyncError::Unreachable(format!("the answer was cut off: {e}"))
        }
    })?;
    Feed::from_json(&body).map_err(SyncError::Feed)
}

//! Fetching the feed document, conditionally, from Herald or from any Statuspage page.

use gloo_net::http::Request;
use herald_domain::{statuspage, Feed, FeedChanges};
use web_sys::AbortSignal;

use super::SyncError;

/// What one fetch brought.
#[derive(Debug)]
pub enum Fetched {
    /// The endpoint still has the version we hold (`304`): one empty answer.
    NotModified,
    /// A whole feed, with the entity tag to send next time.
    Feed {
        /// The feed.
        feed: Feed,
        /// Its `ETag`, if the endpoint sent one.
        etag: Option<String>,
        /// Whether it came from a Statuspage page (read-only, public updates only).
        statuspage: bool,
    },
    /// Only the changes since the version asked about.
    Changes {
        /// The changes.
        changes: FeedChanges,
        /// The `ETag` of the version they lead to.
        etag: Option<String>,
    },
}

/// Which documents a page reads. A type, not a flag: a bundle that never names
/// [`AnyStatusPage`] carries no Statuspage reader (17 KB of the console's gzip).
pub trait Documents: Copy + Send + Sync + 'static {
    /// Reads one fetched body.
    ///
    /// # Errors
    /// What is wrong with the document.
    fn read(body: &str, etag: Option<String>) -> Result<Fetched, SyncError>;
}

/// Herald's feed and its changes only: the console's, which writes through Herald's API.
#[derive(Debug, Clone, Copy)]
pub struct HeraldOnly;

/// Herald's documents or a Statuspage v2 page: the feed's and the support kit's, which follow
/// any status page.
#[derive(Debug, Clone, Copy)]
pub struct AnyStatusPage;

impl Documents for HeraldOnly {
    fn read(body: &str, etag: Option<String>) -> Result<Fetched, SyncError> {
        read_herald(body, etag)
    }
}

impl Documents for AnyStatusPage {
    fn read(body: &str, etag: Option<String>) -> Result<Fetched, SyncError> {
        read_any(body, etag)
    }
}

/// Fetches `url`, sending `etag` as `If-None-Match` and `token` as a bearer token, and reads
/// the answer as `D` reads documents: a Herald feed or Herald's changes (`?since=`), and a
/// Statuspage v2 document for [`AnyStatusPage`].
///
/// # Errors
/// A [`SyncError`] saying whether the endpoint was unreachable, slow, answered with an HTTP
/// error, or sent something that is not a readable feed.
pub async fn fetch_feed<D: Documents>(
    url: &str,
    etag: Option<&str>,
    token: Option<&str>,
    abort: Option<&AbortSignal>,
    timeout_seconds: u32,
) -> Result<Fetched, SyncError> {
    let aborted = || abort.is_some_and(AbortSignal::aborted);
    let mut request = Request::get(url)
        .header("Accept", "application/json")
        .abort_signal(abort);
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response = request.send().await.map_err(|e| {
        if aborted() {
            SyncError::TimedOut {
                seconds: timeout_seconds,
            }
        } else {
            SyncError::Unreachable(e.to_string())
        }
    })?;
    if response.status() == 304 {
        return Ok(Fetched::NotModified);
    }
    if !response.ok() {
        return Err(SyncError::Http {
            status: response.status(),
            text: response.status_text(),
        });
    }
    let etag = response.headers().get("etag");
    let body = response.text().await.map_err(|e| {
        if aborted() {
            SyncError::TimedOut {
                seconds: timeout_seconds,
            }
        } else {
            SyncError::Unreachable(format!("the answer was cut off: {e}"))
        }
    })?;
    D::read(&body, etag)
}

/// The kinds of document a feed URL may answer with.
enum Kind {
    Feed,
    Changes,
    Statuspage,
}

/// Tells the kinds of document apart by their keys: Herald's feed has `schema`, its changes
/// have `since`, a Statuspage document has none of those but a `page`.
fn kind(body: &str) -> Kind {
    #[derive(serde::Deserialize)]
    struct Keys {
        schema: Option<serde::de::IgnoredAny>,
        since: Option<serde::de::IgnoredAny>,
        page: Option<serde::de::IgnoredAny>,
    }
    match serde_json::from_str::<Keys>(body) {
        Ok(Keys {
            schema: Some(_),
            since: Some(_),
            ..
        }) => Kind::Changes,
        Ok(Keys {
            schema: None,
            page: Some(_),
            ..
        }) => Kind::Statuspage,
        // Anything else is read as a feed, whose reader names what is wrong with it.
        _ => Kind::Feed,
    }
}

/// Reads Herald's feed or its changes; a Statuspage page is refused by name. The console's
/// reader: it writes through Herald's API, which a Statuspage page does not have.
///
/// # Errors
/// [`SyncError::NotHerald`] for a Statuspage document, else what is wrong with the feed.
fn read_herald(body: &str, etag: Option<String>) -> Result<Fetched, SyncError> {
    match kind(body) {
        Kind::Changes => serde_json::from_str::<FeedChanges>(body)
            .map(|changes| Fetched::Changes { changes, etag })
            .map_err(|e| SyncError::Unreachable(format!("the changes could not be read: {e}"))),
        Kind::Statuspage => Err(SyncError::NotHerald),
        Kind::Feed => Feed::from_json(body)
            .map(|feed| Fetched::Feed {
                feed,
                etag,
                statuspage: false,
            })
            .map_err(SyncError::Feed),
    }
}

/// Reads Herald's feed, its changes, or a Statuspage v2 document: the feed's and the support
/// kit's reader, which follow any status page.
///
/// # Errors
/// What is wrong with the document, as the reader of its kind says it.
fn read_any(body: &str, etag: Option<String>) -> Result<Fetched, SyncError> {
    match kind(body) {
        Kind::Statuspage => statuspage::import(body)
            .map(|import| Fetched::Feed {
                feed: import.feed,
                etag,
                statuspage: true,
            })
            .map_err(SyncError::Statuspage),
        Kind::Feed | Kind::Changes => read_herald(body, etag),
    }
}

#[cfg(test)]
mod tests {
    use herald_domain::FeedError;

    use super::{read_any as read, read_herald, Fetched, SyncError};

    #[test]
    fn each_kind_of_document_is_told_apart_by_its_keys() {
        let demo = herald_domain::demo::DEMO_JSON;
        assert!(matches!(
            read(demo, Some("\"v7\"".into())),
            Ok(Fetched::Feed {
                statuspage: false,
                etag: Some(_),
                ..
            })
        ));
        let statuspage = r#"{"page":{"id":"x","name":"Example","url":"https://status.example","updated_at":"2026-11-20T08:00:00Z"},"components":[],"incidents":[],"scheduled_maintenances":[],"status":{"indicator":"none","description":"All Systems Operational"}}"#;
        assert!(matches!(
            read(statuspage, None),
            Ok(Fetched::Feed {
                statuspage: true,
                ..
            })
        ));
    }

    #[test]
    fn the_consoles_reader_refuses_a_statuspage_page_by_name_and_reads_herald() {
        let statuspage = r#"{"page":{"id":"x","name":"Example","url":"https://status.example","updated_at":"2026-11-20T08:00:00Z"},"components":[],"incidents":[],"scheduled_maintenances":[],"status":{"indicator":"none","description":"All Systems Operational"}}"#;
        assert_eq!(
            read_herald(statuspage, None).unwrap_err(),
            SyncError::NotHerald
        );
        assert!(matches!(
            read_herald(herald_domain::demo::DEMO_JSON, None),
            Ok(Fetched::Feed {
                statuspage: false,
                ..
            })
        ));
    }

    #[test]
    fn bad_bodies_get_specific_errors() {
        assert!(matches!(
            read("{not json", None),
            Err(SyncError::Feed(FeedError::Malformed { .. }))
        ));
        assert!(matches!(
            read(r#"{"schema":"9.0"}"#, None),
            Err(SyncError::Feed(FeedError::UnsupportedSchema { .. }))
        ));
        assert!(matches!(
            read(r#"{"page":"nope"}"#, None),
            Err(SyncError::Statuspage(_))
        ));
    }
}

//! Where the app syncs from: a `?source=` URL parameter, else `config.json` beside the app,
//! else the server that served it.

use gloo_net::http::Request;
use herald_domain::write_api::path;
use serde::Deserialize;

/// The endpoint the app reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The feed document: Herald's `/api/v1/feed` or any Statuspage v2 `summary.json`.
    pub feed_url: String,
    /// Herald's event stream, when live updates are wanted and possible.
    pub events_url: Option<String>,
    /// Seconds between polls while events are not flowing.
    pub poll_seconds: u32,
    /// A read token for an endpoint that needs one; sent only in the `Authorization` header.
    /// Browsers' `EventSource` cannot send headers, so a token means polling.
    pub token: Option<String>,
    /// Where the server keeps its write token, when a demo server says so (for the console).
    pub write_token_file: Option<String>,
}

/// Seconds between polls when neither the page nor `config.json` says.
pub const DEFAULT_POLL_SECONDS: u32 = 15;

impl Default for Source {
    fn default() -> Self {
        Self {
            feed_url: path::FEED.into(),
            events_url: Some(path::EVENTS.into()),
            poll_seconds: DEFAULT_POLL_SECONDS,
            token: None,
            write_token_file: None,
        }
    }
}

/// `config.json`, every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ConfigFile {
    source: Option<String>,
    events: Option<String>,
    poll_seconds: Option<u32>,
    token: Option<String>,
    write_token_file: Option<String>,
}

/// The events endpoint that goes with a Herald feed URL; none for other sources.
fn events_for(feed_url: &str) -> Option<String> {
    let base = feed_url.split('?').next().unwrap_or(feed_url);
    base.strip_suffix(path::FEED)
        .map(|root| format!("{root}{}", path::EVENTS))
}

/// Reads one query parameter of the page's address; an empty one counts as absent.
pub fn query_parameter(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
        .filter(|v| !v.trim().is_empty())
}

/// Works out the source: `?source=URL` (and `?events=off` to poll only) wins, then
/// `config.json` beside the app, then this server's own feed. A missing `config.json` is
/// normal; an unreadable one is reported and the defaults are used.
pub async fn load_source() -> (Source, Option<String>) {
    let mut source = Source::default();
    let mut problem = None;
    if let Some(response) = fetch_config().await {
        match response.json::<ConfigFile>().await {
            Ok(file) => {
                if let Some(feed) = file.source {
                    source.events_url = events_for(&feed);
                    source.feed_url = feed;
                }
                if let Some(events) = file.events {
                    source.events_url = Some(events).filter(|e| e != "off");
                }
                if let Some(seconds) = file.poll_seconds {
                    source.poll_seconds = seconds.clamp(5, 600);
                }
                source.token = file.token.filter(|t| !t.is_empty());
                source.write_token_file = file.write_token_file.filter(|f| !f.is_empty());
            }
            Err(e) => problem = Some(format!("config.json is not valid: {e}")),
        }
    }
    if let Some(feed) = query_parameter("source") {
        source.events_url = events_for(&feed);
        source.feed_url = feed;
    }
    if query_parameter("events").as_deref() == Some("off") || source.token.is_some() {
        source.events_url = None;
    }
    if let Some(seconds) = query_parameter("poll").and_then(|p| p.parse::<u32>().ok()) {
        source.poll_seconds = seconds.clamp(1, 600);
    }
    (source, problem)
}

/// `config.json` beside the page, else the one of the whole app: the console, status page and
/// support kit are served one folder down (`/support/`), and an operator configures the app
/// once, at its root. `None` when neither is there.
async fn fetch_config() -> Option<gloo_net::http::Response> {
    let path = web_sys::window()?.location().pathname().ok()?;
    let in_folder = path.rfind('/').is_some_and(|slash| slash > 0);
    let candidates: &[&str] = if in_folder {
        &["config.json", "../config.json"]
    } else {
        &["config.json"]
    };
    for candidate in candidates {
        if let Ok(response) = Request::get(candidate).send().await {
            if response.ok() {
                return Some(response);
            }
        }
    }
    None
}

/// The host of a source on another site, to show beside the page name; `None` for this site.
pub fn foreign_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next()?.to_string();
    let own = web_sys::window()?.location().host().ok()?;
    (host != own).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::{events_for, Source, DEFAULT_POLL_SECONDS};

    #[test]
    fn only_a_herald_feed_has_an_event_stream_beside_it() {
        assert_eq!(
            events_for("https://status.example/api/v1/feed?since=4").as_deref(),
            Some("https://status.example/api/v1/events")
        );
        assert_eq!(
            events_for("/api/v1/feed").as_deref(),
            Some("/api/v1/events")
        );
        assert_eq!(
            events_for("https://www.githubstatus.com/api/v2/summary.json"),
            None
        );
    }

    #[test]
    fn the_default_source_is_this_sites_live_feed_without_a_token() {
        let source = Source::default();
        assert_eq!(source.feed_url, "/api/v1/feed");
        assert_eq!(source.events_url.as_deref(), Some("/api/v1/events"));
        assert_eq!(source.poll_seconds, DEFAULT_POLL_SECONDS);
        assert!(source.token.is_none());
    }
}

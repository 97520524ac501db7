//! Publishes the public site on every write: the newest version is rendered off the request
//! path and written to the site folder atomically; a failed publish is retried with backoff
//! while the previous site stays live. Versions that arrive while one is being written are
//! folded into the next publish, so a burst of updates costs one render, not one each.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use herald_domain::backoff::Backoff;
use herald_domain::PublicFeed;
use herald_site::folder::Folder;
use serde::Serialize;
use tokio::sync::watch;

use crate::Snapshot;

/// How often the site is rendered again without a write, so "today", relative dates, the
/// uptime bars and maintenance windows that open or close move on by themselves.
const REFRESH: Duration = Duration::from_mins(5);

/// What `/healthz` and the console say about the public site.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SiteStatus {
    /// The feed version the live site was rendered from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_version: Option<u64>,
    /// When that version went live.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
    /// Why the latest attempt failed, while it is failing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Failed attempts in a row.
    #[serde(skip_serializing_if = "is_zero")]
    pub failures: u32,
}

// Serde's skip_serializing_if takes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The publisher's shared state: where it writes and how it is doing.
#[derive(Debug, Clone)]
pub struct SitePublisher {
    folder: Folder,
    status: Arc<RwLock<SiteStatus>>,
}

impl SitePublisher {
    /// A publisher writing into `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            folder: Folder::new(dir),
            status: Arc::default(),
        }
    }

    /// The folder readers serve: always one whole version.
    pub fn live_dir(&self) -> PathBuf {
        self.folder.live()
    }

    /// How publishing is going.
    pub fn status(&self) -> SiteStatus {
        self.status
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn set(&self, change: impl FnOnce(&mut SiteStatus)) {
        change(
            &mut self
                .status
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
    }

    /// Renders and writes `snapshot`'s public site now.
    ///
    /// # Errors
    /// A sentence saying what failed; the live site is then the previous one.
    pub fn publish_now(&self, snapshot: &Snapshot) -> Result<(), String> {
        let outcome = self.render_and_write(snapshot);
        if let Err(error) = &outcome {
            self.set(|s| {
                s.failures += 1;
                s.error = Some(error.clone());
            });
        }
        outcome
    }

    fn render_and_write(&self, snapshot: &Snapshot) -> Result<(), String> {
        let now = Utc::now();
        let public = PublicFeed::from_feed(&snapshot.feed);
        let files = herald_site::render(&public, now)
            .map_err(|e| format!("rendering the site failed: {e}"))?;
        let name = format!("v{}-{}", snapshot.feed.version, now.timestamp_millis());
        self.folder.publish(&name, &files).map_err(|e| {
            format!(
                "writing the site to {} failed: {e}",
                self.folder.live().display()
            )
        })?;
        self.set(|s| {
            *s = SiteStatus {
                live_version: Some(snapshot.feed.version),
                published_at: Some(now),
                error: None,
                failures: 0,
            };
        });
        Ok(())
    }

    /// Publishes every version `versions` announces until it closes: at once, then again on
    /// each change, on failure after a backoff, and every few minutes regardless.
    pub async fn run(self, mut versions: watch::Receiver<Arc<Snapshot>>) {
        let backoff = Backoff {
            first: Duration::from_secs(1),
            cap: Duration::from_secs(30),
        };
        let mut first = true;
        loop {
            let snapshot = versions.borrow_and_update().clone();
            // The server may have published this version before it started listening.
            let live = first && self.status().live_version == Some(snapshot.feed.version);
            first = false;
            let publisher = self.clone();
            let outcome = if live {
                Ok(())
            } else {
                tokio::task::spawn_blocking(move || publisher.publish_now(&snapshot))
                    .await
                    .unwrap_or_else(|panic| Err(format!("the publisher panicked: {panic}")))
            };
            let wait = match outcome {
                Ok(()) => REFRESH,
                Err(error) => {
                    tracing::warn!(%error, "publishing the public site failed; the previous site stays live");
                    backoff.delay(self.status().failures, jitter())
                }
            };
            tokio::select! {
                changed = versions.changed() => if changed.is_err() { return },
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

/// A number in `0..1` for the backoff's spread; no randomness crate for this alone.
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    f64::from(nanos % 1000) / 1000.0
}

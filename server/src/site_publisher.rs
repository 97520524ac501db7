//! Publishes the public site on every write: the newest version is rendered off the request
//! path, written to the site folder atomically and, when one is configured, uploaded to an
//! S3-compatible bucket. A failed publish is retried with backoff while the previous site stays
//! live. Versions that arrive while one is being published are folded into the next, so a
//! burst of updates costs one render, not one each.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::Utc;
use herald_domain::backoff::Backoff;
use herald_domain::health::{BucketHealth, Publishing, SiteHealth};
use herald_domain::PublicFeed;
use herald_site::bucket::Bucket;
use herald_site::folder::Folder;
use herald_site::SiteFile;
use tokio::sync::watch;

use crate::Snapshot;

/// How often the site is rendered again without a write, so "today", relative dates, the
/// uptime bars and maintenance windows that open or close move on by themselves.
const REFRESH: Duration = Duration::from_mins(5);

/// The publisher's shared state: where it writes and how it is doing.
#[derive(Debug, Clone)]
pub struct SitePublisher {
    folder: Folder,
    bucket: Option<Bucket>,
    status: Arc<RwLock<SiteHealth>>,
    /// Where the site's subscribe form posts, when this server sends email.
    subscribe: Option<Arc<str>>,
}

impl SitePublisher {
    /// A publisher writing into `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            folder: Folder::new(dir),
            bucket: None,
            status: Arc::default(),
            subscribe: None,
        }
    }

    /// The same publisher, with a subscribe page whose form posts to `action`.
    #[must_use]
    pub fn with_subscribe_form(mut self, action: &str) -> Self {
        self.subscribe = Some(action.into());
        self
    }

    /// The same publisher, also uploading to `bucket`.
    #[must_use]
    pub fn with_bucket(mut self, bucket: Bucket) -> Self {
        self.set(|s| {
            s.bucket = Some(BucketHealth {
                name: bucket.name().to_string(),
                state: Publishing::default(),
            });
        });
        self.bucket = Some(bucket);
        self
    }

    /// The folder readers serve: always one whole version.
    pub fn live_dir(&self) -> PathBuf {
        self.folder.live()
    }

    /// How publishing is going.
    pub fn status(&self) -> SiteHealth {
        self.status
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn set(&self, change: impl FnOnce(&mut SiteHealth)) {
        change(
            &mut self
                .status
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
    }

    fn set_bucket(&self, change: impl FnOnce(&mut Publishing)) {
        self.set(|s| {
            if let Some(bucket) = s.bucket.as_mut() {
                change(&mut bucket.state);
            }
        });
    }

    /// Renders `snapshot`'s public site and writes it to the folder now.
    ///
    /// # Errors
    /// A sentence saying what failed; the live site is then the previous one.
    pub fn publish_now(&self, snapshot: &Snapshot) -> Result<Vec<SiteFile>, String> {
        let now = Utc::now();
        // The JSON and Atom documents were written once for this version with the snapshot.
        let outcome = herald_site::render_around(
            &PublicFeed::from_feed(&snapshot.feed),
            now,
            snapshot.public.written_at(),
            snapshot.public.files(),
            self.subscribe.as_deref(),
        )
        .map_err(|e| format!("rendering the site failed: {e}"))
        .and_then(|files| {
            let name = format!("v{}-{}", snapshot.feed.version, now.timestamp_millis());
            self.folder.publish(&name, &files).map_err(|e| {
                format!(
                    "writing the site to {} failed: {e}",
                    self.folder.live().display()
                )
            })?;
            Ok(files)
        });
        match &outcome {
            Ok(_) => self.set(|s| s.folder.succeeded(snapshot.feed.version, now)),
            Err(error) => self.set(|s| s.folder.failed(error.clone())),
        }
        outcome
    }

    /// Publishes `snapshot` everywhere; `true` when every target took it.
    async fn publish_everywhere(&self, snapshot: Arc<Snapshot>) -> bool {
        let publisher = self.clone();
        let version = snapshot.feed.version;
        let files = tokio::task::spawn_blocking(move || publisher.publish_now(&snapshot))
            .await
            .unwrap_or_else(|panic| Err(format!("the publisher panicked: {panic}")));
        let folder_ok = match &files {
            Ok(_) => true,
            Err(error) => {
                tracing::warn!(%error, "publishing the public site failed; the previous site stays live");
                false
            }
        };
        let Some(bucket) = &self.bucket else {
            return folder_ok;
        };
        // A site that did not render has nothing to upload; the folder's error says why.
        let Ok(files) = files else { return false };
        let now = Utc::now();
        match bucket.publish(&files).await {
            Ok(sent) => {
                tracing::debug!(sent, bucket = bucket.name(), "public site uploaded");
                self.set_bucket(|b| b.succeeded(version, now));
                folder_ok
            }
            Err(error) => {
                tracing::warn!(%error, "uploading the public site failed; the bucket keeps what it had");
                self.set_bucket(|b| b.failed(error));
                false
            }
        }
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
            // The server writes the folder once before it listens; with no bucket to fill,
            // doing it again at once would be the same work twice.
            let already = first
                && self.bucket.is_none()
                && self.status().folder.is_current(snapshot.feed.version);
            first = false;
            let wait = if already || self.publish_everywhere(snapshot).await {
                REFRESH
            } else {
                let status = self.status();
                let failures = status
                    .folder
                    .failures
                    .max(status.bucket.map_or(0, |b| b.state.failures));
                backoff.delay(failures, jitter())
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

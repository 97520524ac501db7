//! What `GET /healthz` answers: that the server runs, which feed version it serves, and which
//! version of the public status site is live where, or why publishing it is failing. The
//! server writes it and the console reads it, so it is defined once, here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The body of `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` while the server answers at all.
    pub status: String,
    /// The feed version it serves.
    pub version: u64,
    /// The public site, when the server publishes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteHealth>,
}

/// The public site's state: the folder's at the top, the bucket's beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteHealth {
    /// The site folder.
    #[serde(flatten)]
    pub folder: Publishing,
    /// The bucket, when the site is also published to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<BucketHealth>,
}

/// A bucket's state, with its name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketHealth {
    /// Where it is (`s3://status-site`).
    pub name: String,
    /// How publishing there is going.
    #[serde(flatten)]
    pub state: Publishing,
}

/// How publishing to one place is going.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publishing {
    /// The feed version the site live there was rendered from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_version: Option<u64>,
    /// When that version went live.
    // The domain's own time reader, which every bundle already carries.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::time::lenient_option"
    )]
    pub published_at: Option<DateTime<Utc>>,
    /// Why the latest attempt failed, while it is failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Failed attempts in a row.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failures: u32,
}

// Serde's skip_serializing_if takes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Publishing {
    /// Records a version gone live at `at`.
    pub fn succeeded(&mut self, version: u64, at: DateTime<Utc>) {
        *self = Self {
            live_version: Some(version),
            published_at: Some(at),
            error: None,
            failures: 0,
        };
    }

    /// Records a failed attempt; what is live stays as it was.
    pub fn failed(&mut self, error: String) {
        self.failures += 1;
        self.error = Some(error);
    }

    /// Whether the site there shows `version` (the feed's latest) and nothing is failing.
    pub fn is_current(&self, version: u64) -> bool {
        self.error.is_none() && self.live_version == Some(version)
    }
}

impl SiteHealth {
    /// The first place publishing is failing, with its error: the folder, then the bucket.
    pub fn failing(&self) -> Option<(&Publishing, Option<&str>)> {
        if self.folder.error.is_some() {
            return Some((&self.folder, None));
        }
        self.bucket
            .as_ref()
            .filter(|b| b.state.error.is_some())
            .map(|b| (&b.state, Some(b.name.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_the_server_writes_reads_back_and_an_old_one_without_a_site_reads_too() {
        let mut site = SiteHealth::default();
        site.folder
            .succeeded(14, "2026-12-02T10:00:00Z".parse().unwrap());
        let mut bucket = BucketHealth {
            name: "s3://status-site".into(),
            state: Publishing::default(),
        };
        bucket.state.failed("uploading index.html failed".into());
        site.bucket = Some(bucket);
        let health = Health {
            status: "ok".into(),
            version: 14,
            site: Some(site),
        };
        let json = serde_json::to_string(&health).unwrap();
        assert!(json.contains(r#""site":{"live_version":14"#), "{json}");
        assert!(
            json.contains(r#""bucket":{"name":"s3://status-site","error":"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Health>(&json).unwrap(), health);
        let old: Health = serde_json::from_str(r#"{"status":"ok","version":3}"#).unwrap();
        assert!(old.site.is_none());
    }

    #[test]
    fn a_failing_bucket_is_found_after_a_healthy_folder() {
        let mut site = SiteHealth::default();
        site.folder
            .succeeded(14, "2026-12-02T10:00:00Z".parse().unwrap());
        assert!(site.failing().is_none() && site.folder.is_current(14));
        site.bucket = Some(BucketHealth {
            name: "s3://b".into(),
            state: Publishing::default(),
        });
        site.bucket.as_mut().unwrap().state.failed("down".into());
        let (state, name) = site.failing().unwrap();
        assert_eq!((state.failures, name), (1, Some("s3://b")));
    }
}

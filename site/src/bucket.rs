//! Publishing the site to an S3-compatible object store (AWS S3, Cloudflare R2, `MinIO`, …)
//! through the `object_store` crate: each file with its `Content-Type` and `Cache-Control`, in
//! an order that never exposes a page naming what is not there yet (hashed assets, then pages
//! and documents, `summary.json` last). Only files whose bytes changed since the last good
//! upload are sent again, and nothing is ever deleted: the store may hold what others wrote.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{Attribute, Attributes, ObjectStore, PutOptions, PutPayload, RetryConfig};
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use crate::SiteFile;

/// Where the site goes: a bucket, and how to reach it.
#[derive(Debug, Clone, Default)]
pub struct BucketConfig {
    /// The bucket's name.
    pub bucket: String,
    /// The store's address (`http://127.0.0.1:9000`); AWS's own when absent.
    pub endpoint: Option<String>,
    /// The region (`us-east-1` when absent).
    pub region: Option<String>,
    /// The access key id; the environment's `AWS_ACCESS_KEY_ID` when absent.
    pub access_key_id: Option<String>,
    /// The secret key; the environment's `AWS_SECRET_ACCESS_KEY` when absent.
    pub secret_access_key: Option<String>,
    /// A folder inside the bucket to publish under (`status/`); the bucket's root when empty.
    pub prefix: String,
}

/// A bucket the site is published to.
#[derive(Debug, Clone)]
pub struct Bucket {
    store: Arc<dyn ObjectStore>,
    prefix: String,
    /// The hash of each file's bytes as last uploaded, so an unchanged page is not sent again.
    uploaded: Arc<Mutex<HashMap<String, [u8; 32]>>>,
    name: String,
}

impl Bucket {
    /// Connects to the bucket `config` names (nothing is sent until the first publish).
    ///
    /// # Errors
    /// When the configuration is incomplete or malformed, saying what is wrong.
    pub fn new(config: &BucketConfig) -> Result<Self, String> {
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&config.bucket)
            .with_region(config.region.as_deref().unwrap_or("us-east-1"))
            // The publisher retries with its own backoff and reports each failure; the
            // store's client gives up quickly so a store that is down is seen as down.
            .with_retry(RetryConfig {
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
                ..RetryConfig::default()
            });
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        if let Some(key) = &config.access_key_id {
            builder = builder.with_access_key_id(key);
        }
        if let Some(secret) = &config.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        let store = builder
            .build()
            .map_err(|e| format!("the object store configuration is unusable: {e}"))?;
        let prefix = config.prefix.trim_matches('/').to_string();
        Ok(Self {
            store: Arc::new(store),
            name: if prefix.is_empty() {
                format!("s3://{}", config.bucket)
            } else {
                format!("s3://{}/{prefix}", config.bucket)
            },
            prefix,
            uploaded: Arc::default(),
        })
    }

    /// The bucket's address, for messages (`s3://status-site`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Uploads every file whose bytes changed since the last good upload, in the order that
    /// keeps the published site whole; returns how many were sent.
    ///
    /// # Errors
    /// At the first refused upload, saying which file and why; what was uploaded before it
    /// stays, and the next publish sends the rest.
    pub async fn publish(&self, files: &[SiteFile]) -> Result<usize, String> {
        let mut order: Vec<&SiteFile> = files.iter().collect();
        order.sort_by_key(|f| f.upload_order());
        let mut uploaded = self.uploaded.lock().await;
        let mut sent = 0;
        for file in order {
            let hash: [u8; 32] = Sha256::digest(&file.body).into();
            if uploaded.get(&file.path) == Some(&hash) {
                continue;
            }
            let key = if self.prefix.is_empty() {
                file.path.clone()
            } else {
                format!("{}/{}", self.prefix, file.path)
            };
            let mut attributes = Attributes::new();
            attributes.insert(Attribute::ContentType, file.content_type.into());
            attributes.insert(
                Attribute::CacheControl,
                file.freshness.cache_control().into(),
            );
            let options = PutOptions {
                attributes,
                ..PutOptions::default()
            };
            self.store
                .put_opts(
                    &Path::from(key.as_str()),
                    PutPayload::from(file.body.clone()),
                    options,
                )
                .await
                .map_err(|e| format!("uploading {key} to {} failed: {e}", self.name))?;
            uploaded.insert(file.path.clone(), hash);
            sent += 1;
        }
        Ok(sent)
    }
}

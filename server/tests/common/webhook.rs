//! The real webhook receiver the webhook tests post to: `tests/e2e/receivers/webhook-receiver.mjs`,
//! which checks Herald's signature and can be told to answer, fail (500) or hang.

use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A running receiver.
pub struct WebhookReceiver {
    child: Child,
    /// Its port.
    pub port: u16,
}

impl WebhookReceiver {
    /// A receiver checking signatures made with `secret`, answering by `mode` (`ok`, `fail`,
    /// `hang`).
    pub fn start(secret: &str, mode: &str) -> Self {
        let (child, ports) = super::start_receiver(
            "webhook-receiver.mjs",
            &["--secret", secret, "--mode", mode],
        );
        Self {
            child,
            port: u16::try_from(ports["port"].as_u64().unwrap()).unwrap(),
        }
    }

    /// The address of `path` on the receiver.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Tells the receiver to answer by `mode` from now on.
    pub async fn set_mode(&self, mode: &str) {
        let status = reqwest::Client::new()
            .post(self.url("/_mode"))
            .body(mode.to_string())
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 204);
    }

    /// Every post received so far, oldest first.
    pub async fn received(&self) -> Vec<Value> {
        let answer: Value = reqwest::get(self.url("/_received"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer.as_array().cloned().unwrap_or_default()
    }

    /// The posts to `path`.
    pub async fn at(&self, path: &str) -> Vec<Value> {
        self.received()
            .await
            .into_iter()
            .filter(|r| r["path"] == path)
            .collect()
    }

    /// Polls every 100 ms until `done` holds of the posts to `path`, for at most `within`.
    pub async fn until(
        &self,
        path: &str,
        within: Duration,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let deadline = Instant::now() + within;
        loop {
            let posts = self.at(path).await;
            if done(&posts) {
                return posts;
            }
            assert!(
                Instant::now() < deadline,
                "{path} did not get what was expected within {within:?}; it has {posts:#?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A post's header `name`.
pub fn header<'a>(post: &'a Value, name: &str) -> &'a str {
    post["headers"][name].as_str().unwrap_or_default()
}

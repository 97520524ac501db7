//! The real SMTP server the subscription tests send to: `tests/e2e/receivers/smtp-receiver.mjs`
//! (npm's `smtp-server`), started on loopback, read back over its HTTP side.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Duration;

use serde_json::Value;

/// A running SMTP receiver.
pub struct SmtpReceiver {
    child: Child,
    /// Its SMTP port.
    pub smtp: u16,
    /// Its HTTP port.
    pub http: u16,
    store: PathBuf,
    delay_ms: u32,
}

impl SmtpReceiver {
    /// A receiver keeping messages in `store`, on `smtp` (0 for any free port), answering
    /// each message after `delay_ms`.
    pub fn start(store: &Path, smtp: u16, delay_ms: u32) -> Self {
        let (child, ports) = super::start_receiver(
            "smtp-receiver.mjs",
            &[
                "--smtp-port",
                &smtp.to_string(),
                "--store",
                &store.display().to_string(),
                "--delay-ms",
                &delay_ms.to_string(),
            ],
        );
        Self {
            child,
            smtp: u16::try_from(ports["smtp"].as_u64().unwrap()).unwrap(),
            http: u16::try_from(ports["http"].as_u64().unwrap()).unwrap(),
            store: store.to_path_buf(),
            delay_ms,
        }
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp)
    }

    /// Every message received so far.
    pub async fn messages(&self) -> Vec<Value> {
        let url = format!("http://127.0.0.1:{}/messages", self.http);
        let messages = super::running::get_json(&super::running::client(), &url).await;
        serde_json::from_value(messages).unwrap()
    }

    /// The messages to `address`.
    pub async fn to(&self, address: &str) -> Vec<Value> {
        self.messages()
            .await
            .into_iter()
            .filter(|m| {
                m["envelopeTo"]
                    .as_array()
                    .is_some_and(|to| to.iter().any(|t| t.as_str() == Some(address)))
            })
            .collect()
    }

    /// Polls every 100 ms until `done` holds of the messages, for at most `within`.
    pub async fn until(&self, within: Duration, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let polls = within.as_millis() / 100;
        let mut messages = Vec::new();
        for _ in 0..polls {
            messages = self.messages().await;
            if done(&messages) {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "the receiver never got there within {within:?}: {} messages",
            messages.len()
        );
    }

    /// Stops the receiver (the relay is down) and returns how to start it again on the same
    /// port with the same store.
    pub fn stop(mut self) -> (PathBuf, u16, u32) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        (self.store.clone(), self.smtp, self.delay_ms)
    }
}

impl Drop for SmtpReceiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The signed link in a message's text after `label` (`/subscriptions/confirm?token=…`).
pub fn link(message: &Value, page: &str) -> String {
    let text = message["text"].as_str().unwrap_or_default();
    let start = text
        .find(&format!("/subscriptions/{page}?token="))
        .unwrap_or_else(|| panic!("no {page} link in {text}"));
    let begin = text[..start].rfind("http").unwrap();
    let end = text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |e| start + e);
    text[begin..end].to_string()
}

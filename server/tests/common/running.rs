//! The server binary as the process tests start it: flags, environment, its address, and a
//! kill when a test fails half-way; the bounded waits and walks those tests share.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{public_update, READ, WRITE};

/// The binary with no token, demo or object-store settings inherited from the caller's
/// environment.
pub fn server() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_herald-server"));
    command
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("HERALD_READ_TOKEN")
        .env_remove("HERALD_WRITE_TOKEN")
        .env_remove("HERALD_OPEN_READS")
        .env_remove("HERALD_GUIDE")
        // The demo as written, so ids and times are the file's; the live demo has its own test.
        .env("HERALD_FIXED_DEMO_TIMES", "true")
        .env("RUST_LOG", "herald_server=info");
    command
}

/// A running server binary and its address.
pub struct Running {
    /// The process.
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub address: String,
}

impl Running {
    /// The server on `db` with the test tokens, on a free port, serving no app.
    pub fn start(db: &Path) -> Self {
        Self::launch(db, &[], &[])
    }

    /// The same, with more `flags` and environment variables.
    pub fn launch(db: &Path, flags: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut child = server()
            .args(["--bind", "127.0.0.1:0", "--dist", "/nonexistent"])
            .arg("--db")
            .arg(db)
            .args(flags)
            .env("HERALD_READ_TOKEN", READ)
            .env("HERALD_WRITE_TOKEN", WRITE)
            .envs(envs.iter().copied())
            .stdout(Stdio::piped())
            // Logs are not read here; a full pipe would stall the server.
            .stderr(if std::env::var_os("HERALD_TEST_LOGS").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        Self {
            child,
            address: served_address(&line),
        }
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

// A test that fails half-way must not leave its server running.
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address in the server's `Herald is serving http://ADDRESS/` line.
pub fn served_address(printed: &str) -> String {
    printed
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {printed:?}"))
        .to_string()
}

/// An HTTP client that gives up after 10 s.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Posts a public update with `text` to `url` under the idempotency `key`.
pub async fn post_update(
    client: &reqwest::Client,
    url: &str,
    key: &str,
    text: &str,
) -> reqwest::Result<reqwest::StatusCode> {
    client
        .post(url)
        .bearer_auth(WRITE)
        .header("idempotency-key", key)
        .json(&public_update(text))
        .send()
        .await
        .map(|r| r.status())
}

/// The JSON body of a GET of `url` with the write token.
pub async fn get_written(client: &reqwest::Client, url: &str) -> serde_json::Value {
    client
        .get(url)
        .bearer_auth(WRITE)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The JSON body of a GET of `url`.
pub async fn get_json(client: &reqwest::Client, url: &str) -> serde_json::Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// The text body of a GET of `url`.
pub async fn get_text(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// `/healthz` every 100 ms until `done` holds of it, for at most `within`.
pub async fn health_until(
    client: &reqwest::Client,
    running: &Running,
    within: Duration,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let mut health = serde_json::Value::Null;
    let polls = within.as_millis() / 100;
    for _ in 0..polls {
        health = get_json(client, &running.url("/healthz")).await;
        if done(&health) {
            return health;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("/healthz never got there within {within:?}: {health}");
}

/// Every file under `dir`, at any depth; none when it does not exist.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

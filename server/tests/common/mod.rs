//! What the server's test files share: the tokens they configure, the incident they write to
//! and the bodies of the writes they send. Each test binary uses part of it.
#![allow(dead_code)]

pub mod mail;
pub mod running;
pub mod webhook;

use serde_json::{json, Value};

/// The read token every test server is given (tokens are at least 32 characters).
pub const READ: &str = "read-token-read-token-read-token-0001";
/// The write token every test server is given.
pub const WRITE: &str = "write-token-write-token-write-token-01";
/// The demo's open incident, which the tests write to.
pub const INCIDENT: &str = "inc-2026-11-20-flash-sale-orders";

/// Starts loopback receiver `script` (under `tests/e2e/receivers/`) with `args`; the process
/// and the JSON line of ports it prints once it listens.
pub fn start_receiver(script: &str, args: &[&str]) -> (std::process::Child, Value) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/e2e/receivers")
        .join(script);
    let mut child = Command::new("node")
        .arg(script)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs (the set-up installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let ports: Value = serde_json::from_str(&line)
        .unwrap_or_else(|e| panic!("the receiver did not start ({e}): {line:?}"));
    (child, ports)
}

/// The path of [`INCIDENT`]'s updates.
pub fn updates_path() -> String {
    herald_domain::write_api::path::updates(INCIDENT)
}

/// A token file granting [`READ`] and [`WRITE`], in the server's format.
pub fn token_file() -> String {
    format!("read = {READ}\nwrite = {WRITE}\n")
}

/// The body of a public update with `text`, as a lead's console sends it.
pub fn public_update(text: &str) -> Value {
    json!({"audience": "public", "status": "identified", "author": "Amara Okafor", "text": text})
}

/// The body of an internal note with `text`.
pub fn internal_update(text: &str) -> Value {
    json!({"audience": "internal", "status": "monitoring", "author": "Jonas Weber", "text": text})
}

#[test]
fn the_incident_the_tests_write_to_is_the_demos_open_one() {
    let demo = herald_domain::demo::demo_feed();
    let incident = demo.incidents.iter().find(|i| i.id == INCIDENT);
    assert!(incident.is_some_and(|i| i.status().is_open()));
}

//! The server over real HTTP on an ephemeral loopback port: every endpoint and error code.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use herald_domain::{Audience, Feed, FeedChanges, IncidentStatus};
use herald_server::access::{Access, Token};
use herald_server::app_config::AppConfig;
use herald_server::store::Store;
use herald_server::{routes, AppState};
use proptest::prelude::*;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

mod common;

use common::{internal_update, public_update, updates_path, INCIDENT, READ, WRITE};

struct Server {
    address: SocketAddr,
    client: Client,
    stop: tokio::sync::watch::Sender<bool>,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start(dist: Option<&Path>, open_reads: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("herald.db")).unwrap();
        let (feed, _) = store
            .latest_or_seed(&herald_domain::demo::demo_feed())
            .unwrap();
        let access = Access {
            read: Some(Token::new(READ, "read").unwrap()),
            write: Some(Token::new(WRITE, "write").unwrap()),
            open_reads,
            allowed_origins: vec!["https://console.example.com".into()],
        };
        let (stop, shutdown) = tokio::sync::watch::channel(false);
        let app = routes::router(
            AppState::new(store, feed, access, shutdown),
            dist,
            &AppConfig::default(),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let client = Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        Self {
            address,
            client,
            stop,
            _dir: dir,
        }
    }

    async fn new() -> Self {
        Self::start(None, false).await
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    fn read(&self, path: &str) -> RequestBuilder {
        self.get(path).bearer_auth(READ)
    }

    fn post(&self, path: &str, key: &str, body: &Value) -> RequestBuilder {
        self.client
            .post(self.url(path))
            .bearer_auth(WRITE)
            .header("idempotency-key", key)
            .json(body)
    }

    fn post_update(&self, key: &str, body: &Value) -> RequestBuilder {
        self.post(&updates_path(), key, body)
    }

    async fn feed(&self) -> Feed {
        let text = self
            .read("/api/v1/feed")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        Feed::from_json(&text).unwrap()
    }

    async fn text(&self, path: &str) -> String {
        self.get(path).send().await.unwrap().text().await.unwrap()
    }

    async fn send_update(&self, key: &str, body: &Value) -> reqwest::Response {
        self.post_update(key, body).send().await.unwrap()
    }

    async fn update(&self, key: &str, text: &str) -> reqwest::Response {
        self.post_update(key, &public_update(text))
            .send()
            .await
            .unwrap()
    }
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

fn problem_paths(body: &Value) -> Vec<&str> {
    body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn feed_is_served_as_json_with_an_etag() {
    let server = Server::new().await;
    let response = server.read("/api/v1/feed").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["etag"], "\"v14\"");
    let feed = Feed::from_json(&response.text().await.unwrap()).unwrap();
    let incident = &feed.open_incidents()[0];
    assert_eq!(incident.id, INCIDENT);
    assert_eq!(incident.status(), IncidentStatus::Monitoring);
    assert_eq!(
        incident.latest_update_for(Audience::Public).unwrap().id,
        "u-009"
    );
}

#[tokio::test]
async fn matching_if_none_match_gets_an_empty_304() {
    let server = Server::new().await;
    let response = server
        .read("/api/v1/feed")
        .header("if-none-match", "\"v14\"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 304);
    assert_eq!(response.headers()["etag"], "\"v14\"");
    assert!(response.bytes().await.unwrap().is_empty());
    let stale = server
        .read("/api/v1/feed")
        .header("if-none-match", "\"v13\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
}

#[tokio::test]
async fn the_internal_api_needs_a_token_and_the_right_one() {
    let server = Server::new().await;
    let none = server.get("/api/v1/feed").send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    assert_eq!(json_of(none).await["error"], "unauthorized");
    let wrong = server
        .get("/api/v1/feed")
        .bearer_auth("not-the-token-not-the-token-not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let events = server.get("/api/v1/events").send().await.unwrap();
    assert_eq!(events.status(), 401);
    // The write token reads too; the read token cannot write.
    let by_writer = server
        .get("/api/v1/feed")
        .bearer_auth(WRITE)
        .send()
        .await
        .unwrap();
    assert_eq!(by_writer.status(), 200);
    let by_reader = server
        .client
        .post(server.url(&updates_path()))
        .bearer_auth(READ)
        .header("idempotency-key", "k")
        .json(&public_update("x"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_reader.status(), 403);
    let anonymous = server
        .client
        .post(server.url(&updates_path()))
        .header("idempotency-key", "k")
        .json(&public_update("x"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(server.feed().await.version, 14, "nothing was written");
}

#[tokio::test]
async fn open_reads_let_anyone_read_but_not_write() {
    let server = Server::start(None, true).await;
    assert_eq!(
        server.get("/api/v1/feed").send().await.unwrap().status(),
        200
    );
    let write = server
        .client
        .post(server.url(&updates_path()))
        .header("idempotency-key", "k")
        .json(&public_update("x"))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 401);
}

#[tokio::test]
async fn an_update_is_written_bumps_the_version_and_is_served() {
    let server = Server::new().await;
    let response = server.update("key-1", "We have found the cause.").await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"v15\"");
    let body = json_of(response).await;
    assert_eq!(body["version"], 15);
    assert_eq!(body["update"]["text"], "We have found the cause.");
    let feed = server.feed().await;
    assert_eq!(feed.version, 15);
    let incident = feed.incidents.iter().find(|i| i.id == INCIDENT).unwrap();
    assert_eq!(incident.status(), IncidentStatus::Identified);
    assert_eq!(
        incident.latest_update().unwrap().text,
        "We have found the cause."
    );
}

#[tokio::test]
async fn an_idempotent_retry_returns_the_first_result_and_writes_once() {
    let server = Server::new().await;
    let first = json_of(server.update("retry-me", "Payments are recovering.").await).await;
    let again = server.update("retry-me", "Payments are recovering.").await;
    assert_eq!(again.status(), 201);
    assert_eq!(json_of(again).await, first);
    let feed = server.feed().await;
    assert_eq!(feed.version, 15);
    let copies = feed
        .incidents
        .iter()
        .flat_map(|i| &i.updates)
        .filter(|u| u.text == "Payments are recovering.")
        .count();
    assert_eq!(copies, 1);
    // The same key with another body is a client bug, said plainly.
    let reused = server.update("retry-me", "Something else").await;
    assert_eq!(reused.status(), 422);
    assert_eq!(json_of(reused).await["error"], "idempotency_key_reused");
}

#[tokio::test]
async fn concurrent_writers_never_lose_an_update() {
    let server = std::sync::Arc::new(Server::new().await);
    let writers: Vec<_> = (0..24)
        .map(|n| {
            let server = server.clone();
            tokio::spawn(async move {
                server
                    .update(&format!("writer-{n}"), &format!("Concurrent update {n}"))
                    .await
                    .status()
            })
        })
        .collect();
    for writer in writers {
        assert_eq!(writer.await.unwrap(), 201);
    }
    let feed = server.feed().await;
    assert_eq!(feed.version, 14 + 24);
    let incident = feed.incidents.iter().find(|i| i.id == INCIDENT).unwrap();
    for n in 0..24 {
        let text = format!("Concurrent update {n}");
        assert_eq!(
            incident.updates.iter().filter(|u| u.text == text).count(),
            1,
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_stale_if_match_is_a_409_with_what_changed() {
    let server = Server::new().await;
    assert_eq!(
        server.update("first", "Lead one writes.").await.status(),
        201
    );
    let stale = server
        .post_update("second", &public_update("Lead two writes."))
        .header("if-match", "\"v14\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 409);
    assert_eq!(stale.headers()["etag"], "\"v15\"");
    let body = json_of(stale).await;
    assert_eq!(body["current_version"], 15);
    let changes: FeedChanges = serde_json::from_value(body["changes"].clone()).unwrap();
    assert_eq!(changes.incidents[0].updates[0].text, "Lead one writes.");
    let fresh = server
        .post_update("second", &public_update("Lead two writes."))
        .header("if-match", "\"v15\"")
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), 201);
}

#[tokio::test]
async fn an_if_match_naming_no_version_is_refused_and_writes_nothing() {
    // Issue 17: a weak tag can never match under If-Match's strong comparison, so it is
    // refused like any tag Herald never issued, rather than answered as a conflict.
    let server = Server::new().await;
    for (i, tag) in ["W/\"v14\"", "v14", "\"v14\", \"v15\"", "*"]
        .iter()
        .enumerate()
    {
        let response = server
            .post_update(
                &format!("if-match-{i}"),
                &public_update("A careful lead writes."),
            )
            .header("if-match", *tag)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{tag}");
        let text = response.text().await.unwrap();
        assert!(
            text.starts_with(r#"{"error":"bad_if_match","message":""#),
            "{tag}: {text}"
        );
        assert!(!text.contains("problems"), "{tag}: {text}");
    }
    assert_eq!(server.feed().await.version, 14);
}

#[tokio::test]
async fn validation_errors_are_422_with_the_path_of_each_problem() {
    let server = Server::new().await;
    let bad = json!({"audience": "internal", "status": "monitoring", "author": "", "text": "",
        "component_changes": [{"component": "nope", "status": "operational"}]});
    let response = server.post_update("bad-1", &bad).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let body = json_of(response).await;
    assert_eq!(
        problem_paths(&body),
        [
            "$.author",
            "$.text",
            "$.component_changes",
            "$.component_changes[0].component"
        ]
    );
    // A value of the wrong shape is named by its path too.
    let shape = json!({"audience": "public", "status": 5, "author": "a", "text": "t"});
    let response = server.post_update("bad-2", &shape).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let body = json_of(response).await;
    assert_eq!(problem_paths(&body), ["$.status"]);
    assert!(body["problems"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("invalid type"));
    assert_eq!(server.feed().await.version, 14);
}

#[tokio::test]
async fn malformed_oversized_and_unlabelled_bodies_are_refused() {
    let server = Server::new().await;
    let path = server.url(&updates_path());
    let send = |body: Vec<u8>, content_type: &'static str, key: Option<&'static str>| {
        let mut request = server
            .client
            .post(&path)
            .bearer_auth(WRITE)
            .header("content-type", content_type)
            .body(body);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send()
    };
    let malformed = send(b"{\"audience\": ".to_vec(), "application/json", Some("m"))
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    assert_eq!(json_of(malformed).await["error"], "malformed_json");
    let huge = send(vec![b' '; 200 * 1024], "application/json", Some("h"))
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    let form = send(
        b"a=b".to_vec(),
        "application/x-www-form-urlencoded",
        Some("f"),
    )
    .await
    .unwrap();
    assert_eq!(form.status(), 415);
    let keyless = send(
        public_update("x").to_string().into_bytes(),
        "application/json",
        None,
    )
    .await
    .unwrap();
    assert_eq!(keyless.status(), 400);
    assert_eq!(json_of(keyless).await["error"], "idempotency_key_required");
    let unknown = server.update("u", "x").await;
    assert_eq!(
        unknown.status(),
        201,
        "control: the same request, well-formed, works"
    );
    let missing = server
        .post(
            "/api/v1/incidents/no-such-incident/updates",
            "n",
            &public_update("x"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn incidents_are_opened_and_roles_severity_and_cadence_changed() {
    let server = Server::new().await;
    let new = json!({
        "id": "inc-search-slow", "title": "Search is slow", "impact": "minor", "severity": "SEV3",
        "components": ["search"], "cadence_minutes": 30,
        "roles": [{"role": "incident_commander", "holder": "Priya Raman"}],
        "update": {"audience": "public", "status": "investigating", "author": "Amara Okafor",
                   "text": "We are looking into slow searches.",
                   "component_changes": [{"component": "search", "status": "degraded_performance"}]}
    });
    let created = server
        .post("/api/v1/incidents", "open-1", &new)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{:?}", created.text().await);
    let change = json!({"severity": "SEV2", "cadence_minutes": 10,
        "roles": [{"role": "communications_lead", "holder": "Lena Fischer"}]});
    let changed = server
        .client
        .patch(server.url("/api/v1/incidents/inc-search-slow"))
        .bearer_auth(WRITE)
        .header("idempotency-key", "change-1")
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let feed = server.feed().await;
    assert_eq!(feed.version, 16);
    let incident = feed
        .incidents
        .iter()
        .find(|i| i.id == "inc-search-slow")
        .unwrap();
    assert_eq!(incident.severity.unwrap().as_str(), "SEV2");
    assert_eq!(incident.cadence_minutes, 10);
    assert_eq!(
        incident
            .holder(herald_domain::Role::CommunicationsLead)
            .unwrap()
            .holder,
        "Lena Fischer"
    );
    assert_eq!(
        feed.component("search").unwrap().status,
        herald_domain::ComponentStatus::DegradedPerformance
    );
}

#[tokio::test]
async fn since_gives_only_what_changed() {
    let server = Server::new().await;
    server.update("a", "First change.").await;
    server.update("b", "Second change.").await;
    let text = server
        .read("/api/v1/feed?since=15")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let changes: FeedChanges = serde_json::from_str(&text).unwrap();
    assert_eq!((changes.since, changes.version), (15, 16));
    assert_eq!(changes.incidents.len(), 1);
    assert_eq!(changes.incidents[0].updates.len(), 1);
    assert_eq!(changes.incidents[0].updates[0].text, "Second change.");
    let future = server.read("/api/v1/feed?since=99").send().await.unwrap();
    assert_eq!(future.status(), 422);
}

#[tokio::test]
async fn internal_api_refuses_unconfigured_origins_and_serves_configured_ones() {
    let server = Server::new().await;
    let foreign = server
        .read("/api/v1/feed")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    assert_eq!(json_of(foreign).await["error"], "origin_not_allowed");
    let allowed = server
        .read("/api/v1/feed")
        .header("origin", "https://console.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://console.example.com"
    );
    let preflight = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/api/v1/incidents"))
        .header("origin", "https://console.example.com")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert!(preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("idempotency-key"));
}

/// Reads server-sent events until `count` events (not comments) have arrived.
async fn read_events(
    response: &mut reqwest::Response,
    count: usize,
) -> Vec<(String, String, String)> {
    let mut buffer = String::new();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while events.len() < count {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .expect("events arrive within 10 s")
            .unwrap()
            .expect("the stream stays open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let field = |name: &str| {
                block
                    .lines()
                    .filter_map(|l| l.strip_prefix(&format!("{name}:")))
                    .map(str::trim_start)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            if !field("event").is_empty() {
                events.push((field("event"), field("id"), field("data")));
            }
        }
    }
    events
}

#[tokio::test]
async fn events_push_each_new_version_and_resume_from_last_event_id() {
    let server = Server::new().await;
    let mut stream = server.read("/api/v1/events").send().await.unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let hello = read_events(&mut stream, 1).await;
    assert_eq!(hello[0].0, "hello");
    assert_eq!(hello[0].1, "14");
    server.update("e1", "Pushed to every reader.").await;
    let pushed = read_events(&mut stream, 1).await;
    assert_eq!(
        (pushed[0].0.as_str(), pushed[0].1.as_str()),
        ("changes", "15")
    );
    let changes: FeedChanges = serde_json::from_str(&pushed[0].2).unwrap();
    assert_eq!(changes.since, 14);
    assert_eq!(
        changes.incidents[0].updates[0].text,
        "Pushed to every reader."
    );
    drop(stream);

    // Two more writes while disconnected; resuming from 15 brings both in one message.
    server.update("e2", "Missed one.").await;
    server.update("e3", "Missed two.").await;
    let mut resumed = server
        .read("/api/v1/events")
        .header("last-event-id", "15")
        .send()
        .await
        .unwrap();
    let caught_up = read_events(&mut resumed, 1).await;
    assert_eq!(
        (caught_up[0].0.as_str(), caught_up[0].1.as_str()),
        ("changes", "17")
    );
    let changes: FeedChanges = serde_json::from_str(&caught_up[0].2).unwrap();
    let texts: Vec<&str> = changes.incidents[0]
        .updates
        .iter()
        .map(|u| u.text.as_str())
        .collect();
    assert_eq!(texts, ["Missed one.", "Missed two."]);
}

#[tokio::test]
async fn event_streams_end_when_the_server_shuts_down() {
    let server = Server::new().await;
    let mut stream = server.read("/api/v1/events").send().await.unwrap();
    read_events(&mut stream, 1).await;
    server.stop.send_replace(true);
    let end = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match stream.chunk().await {
                Ok(Some(_)) => {}
                other => return other.map(|_| ()),
            }
        }
    })
    .await
    .expect("the stream ends promptly");
    assert!(end.is_ok());
}

const PUBLIC_PATHS: [&str; 11] = [
    "/api/v2/summary.json",
    "/api/v2/status.json",
    "/api/v2/components.json",
    "/api/v2/incidents.json",
    "/api/v2/incidents/unresolved.json",
    "/api/v2/scheduled-maintenances.json",
    "/api/v2/scheduled-maintenances/upcoming.json",
    "/api/v2/scheduled-maintenances/active.json",
    "/history.atom",
    "/history.en.atom",
    "/history.zh-CN.atom",
];

#[tokio::test]
async fn public_api_is_open_cacheable_and_statuspage_shaped() {
    let server = Server::new().await;
    for path in PUBLIC_PATHS {
        let response = server
            .get(path)
            .header("origin", "https://customer.example")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["access-control-allow-origin"],
            "*",
            "{path}"
        );
        let cache = response.headers()["cache-control"].to_str().unwrap();
        assert!(
            cache.contains("max-age=") && cache.contains("stale-while-revalidate"),
            "{path}"
        );
        let etag = response.headers()["etag"].to_str().unwrap().to_string();
        let again = server
            .get(path)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
    let summary: Value = json_of(server.get("/api/v2/summary.json").send().await.unwrap()).await;
    assert_eq!(summary["page"]["name"], "Larkspur Market");
    assert_eq!(summary["status"]["indicator"], "critical");
    assert_eq!(summary["incidents"][0]["id"], INCIDENT);
    assert!(summary["components"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["group"] == true));
    // Herald's own Statuspage reader reads it back.
    let imported = herald_domain::statuspage::import(&summary.to_string()).unwrap();
    assert_eq!(
        imported.feed.incidents[0].title,
        "Orders failing during the Black Friday flash sale"
    );
    let atom = server.get("/history.atom").send().await.unwrap();
    assert_eq!(
        atom.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    assert!(atom.text().await.unwrap().contains("<feed"));
}

#[tokio::test]
async fn an_internal_note_leaves_public_etags_unchanged() {
    let server = Server::new().await;
    let before = server.get("/api/v2/summary.json").send().await.unwrap();
    let etag = before.headers()["etag"].to_str().unwrap().to_string();
    server
        .post_update("note", &internal_update("db-7 replica lag 40s"))
        .send()
        .await
        .unwrap();
    let after = server
        .get("/api/v2/summary.json")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 304);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever a responder writes in an internal note, and whatever else happens, no public
    /// endpoint ever carries it.
    #[test]
    fn no_internal_text_reaches_any_public_endpoint(
        secret in "[a-zA-Z0-9]{6,12}",
        decoy in "[a-z ]{0,30}",
        resolve in any::<bool>(),
    ) {
        let marker = format!("SECRET{secret}");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server = Server::new().await;
            let note = internal_update(&format!("{decoy} {marker} <b>{decoy}</b>"));
            let status = server
                .post_update("note", &note)
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, StatusCode::CREATED);
            if resolve {
                let mut done = public_update("All orders are going through again.");
                done["status"] = json!("resolved");
                server
                    .post_update("done", &done)
                    .send()
                    .await
                    .unwrap();
            }
            assert!(server.feed().await.to_json().contains(&marker), "control: the note is stored");
            for path in PUBLIC_PATHS {
                let body = server.get(path).send().await.unwrap().text().await.unwrap();
                assert!(!body.contains(&marker), "{path} leaked an internal note");
                assert!(!body.contains("Jonas Weber"), "{path} named an internal author");
            }
        });
    }
}

#[tokio::test]
async fn health_reports_the_served_version() {
    let server = Server::new().await;
    let body = json_of(server.get("/healthz").send().await.unwrap()).await;
    assert_eq!(body, json!({ "status": "ok", "version": 14 }));
}

#[tokio::test]
async fn built_app_is_served_with_content_types_and_an_index_fallback() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Herald</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("herald_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        dist.path().join("herald.js"),
        "export default 1;\n".repeat(100),
    )
    .unwrap();
    let server = Server::start(Some(dist.path()), false).await;
    let wasm = server.get("/herald_bg.wasm").send().await.unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    let js = server
        .get("/herald.js")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(js.headers()["content-type"], "text/javascript");
    assert_eq!(js.headers()["content-encoding"], "gzip");
    let deep = server.get("/incidents/some-id").send().await.unwrap();
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap().contains("<title>Herald</title>"));
    // A missing file is not an app route: a page of HTML in its place hid the app's real
    // configuration.
    let response = server.get("/old-bundle_bg.wasm").send().await.unwrap();
    assert_eq!(response.status(), 404);
    // Regression (newcomer issue): every page logged a 404 for `config.json`. The server
    // answers with its own settings, and the operator's file wins wherever it is.
    for path in ["/config.json", "/support/config.json"] {
        let response = server.get(path).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.text().await.unwrap(), "{}", "{path}");
    }
    std::fs::write(dist.path().join("config.json"), r#"{"poll_seconds":30}"#).unwrap();
    std::fs::create_dir(dist.path().join("console")).unwrap();
    std::fs::write(
        dist.path().join("console/config.json"),
        r#"{"poll_seconds":5}"#,
    )
    .unwrap();
    for (path, body) in [
        ("/support/config.json", r#"{"poll_seconds":30}"#),
        ("/console/config.json", r#"{"poll_seconds":5}"#),
        ("/config.json", r#"{"poll_seconds":30}"#),
        ("/%2e%2e/config.json", r#"{"poll_seconds":30}"#),
    ] {
        let response = server.get(path).send().await.unwrap();
        assert_eq!(response.text().await.unwrap(), body, "{path}");
    }
}

#[tokio::test]
async fn feed_is_gzipped_for_clients_that_accept_it() {
    let server = Server::new().await;
    let response = server
        .read("/api/v1/feed")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn the_console_can_check_a_write_token_before_it_writes() {
    let server = Server::new().await;
    let good = server
        .get("/api/v1/access")
        .bearer_auth(WRITE)
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), 200);
    assert_eq!(json_of(good).await["access"], "write");
    let reader = server
        .get("/api/v1/access")
        .bearer_auth(READ)
        .send()
        .await
        .unwrap();
    assert_eq!(reader.status(), 403);
    assert!(json_of(reader).await["message"]
        .as_str()
        .unwrap()
        .contains("may read but not write"));
    let wrong = server
        .get("/api/v1/access")
        .bearer_auth("not-the-token-not-the-token-not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let none = server.get("/api/v1/access").send().await.unwrap();
    assert_eq!(none.status(), 401);
}

#[tokio::test]
async fn only_a_public_update_moves_the_status_customers_see() {
    // Regression (console issue, problem 13): an internal "resolved" resolved the incident for
    // responders while customers still saw "Monitoring".
    let server = Server::new().await;
    let mut note = internal_update("Rolled back; error rate is flat.");
    note["status"] = json!("resolved");
    let refused = server.post_update("note-1", &note).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let body = json_of(refused).await;
    assert_eq!(problem_paths(&body), ["$.status"]);
    let feed = server.feed().await;
    let incident = feed.incidents.iter().find(|i| i.id == INCIDENT).unwrap();
    assert_eq!(incident.status(), IncidentStatus::Monitoring);
    assert!(incident.resolved_at.is_none());
}

#[tokio::test]
async fn the_next_update_promise_is_stored_and_counted_down_to() {
    let server = Server::new().await;
    let promised = chrono::Utc::now() + chrono::Duration::minutes(25);
    let promised = promised.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut update = public_update("Checkout is recovering; we will post the next update soon.");
    update["next_update_at"] = json!(promised);
    let response = server
        .post_update("promise-1", &update)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let feed = server.feed().await;
    let incident = feed.incidents.iter().find(|i| i.id == INCIDENT).unwrap();
    let due = herald_domain::CadenceClock::for_incident(incident)
        .unwrap()
        .due_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(due, promised);
    let mut past = public_update("Later.");
    past["next_update_at"] = json!("2020-01-01T00:00:00Z");
    let refused = server.post_update("promise-2", &past).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(problem_paths(&json_of(refused).await), ["$.next_update_at"]);
}

#[tokio::test]
async fn a_bilingual_update_reaches_each_atom_reader_in_their_language() {
    let server = Server::new().await;
    let mut both = public_update("Checkout works again for most customers.");
    both["translations"] = json!({"zh-CN": "大多数客户已可以正常结账。"});
    assert_eq!(server.send_update("both", &both).await.status(), 201);
    let stored = server.feed().await;
    let incident = stored.incidents.iter().find(|i| i.id == INCIDENT).unwrap();
    let latest = incident.latest_update().unwrap();
    assert_eq!(
        latest.translations[&herald_domain::Locale::ZhCn],
        "大多数客户已可以正常结账。"
    );
    let english = server.text("/history.en.atom").await;
    let chinese = server.text("/history.zh-CN.atom").await;
    assert!(english.contains("Checkout works again") && !english.contains("大多数客户"));
    assert!(chinese.contains("大多数客户已可以正常结账。"), "{chinese}");
    assert!(!chinese.contains("Checkout works again"));
    // The demo's earlier updates were written in English only: Chinese readers get them as
    // written, after a note that says so.
    assert!(chinese.contains("以英文显示：未发布中文内容。"));
    assert!(chinese.contains(r#"xml:lang="zh-CN""#));
}

#[tokio::test]
async fn a_translation_in_the_texts_own_language_is_refused_at_its_path() {
    let server = Server::new().await;
    let mut twice = public_update("Checkout is slow.");
    twice["translations"] = json!({"en": "Checkout is slow."});
    let answer = server.send_update("twice", &twice).await;
    assert_eq!(answer.status(), 422);
    assert_eq!(problem_paths(&json_of(answer).await), ["$.translations.en"]);
    let mut unknown = public_update("Checkout is slow.");
    unknown["translations"] = json!({"de": "Der Checkout ist langsam."});
    let answer = server
        .post_update("unknown", &unknown)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 422);
}

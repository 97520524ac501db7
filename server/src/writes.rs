//! Writes: open an incident, add an update, change an incident. Each is idempotent under its
//! `Idempotency-Key`, may be made conditional with `If-Match`, and is on disk before it is
//! acknowledged.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use herald_domain::notice::Owed;
use herald_domain::{
    etag, Command, ConflictBody, ErrorCode, FeedChanges, IncidentChange, NewIncident, NewUpdate,
    ProblemBody,
};
use serde::de::DeserializeOwned;

use crate::access::CanWrite;
use crate::api_error::ApiError;
use crate::conditional::if_match_version;
use crate::store::{Recorded, Store};
use crate::{AppState, Snapshot};

/// Largest write body accepted; a real update is a few kilobytes. The route table applies it,
/// and a write that exceeds it is told this number.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest idempotency key accepted; a UUID is 36 characters.
const MAX_KEY_CHARS: usize = 200;

/// `POST /api/v1/incidents`: declare an incident.
pub async fn open_incident(
    access: CanWrite,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = Request::read(&headers, body, "POST /api/v1/incidents");
    write(access, state, request, |bytes| {
        parse::<NewIncident>(bytes).map(Command::OpenIncident)
    })
    .await
}

/// `POST /api/v1/incidents/{id}/updates`: add an update (status, components and text at once).
pub async fn add_update(
    access: CanWrite,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = Request::read(
        &headers,
        body,
        &format!("POST /api/v1/incidents/{id}/updates"),
    );
    write(access, state, request, move |bytes| {
        parse::<NewUpdate>(bytes).map(|update| Command::AddUpdate {
            incident: id,
            update,
        })
    })
    .await
}

/// `PATCH /api/v1/incidents/{id}`: change roles, severity, impact, cadence, title or components.
pub async fn change_incident(
    access: CanWrite,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request = Request::read(&headers, body, &format!("PATCH /api/v1/incidents/{id}"));
    write(access, state, request, move |bytes| {
        parse::<IncidentChange>(bytes).map(|change| Command::ChangeIncident {
            incident: id,
            change,
        })
    })
    .await
}

/// A write request's parts, checked before anything is locked.
struct Request {
    key: String,
    if_match: Option<u64>,
    /// Method, path and body: a retry must repeat all three to be the same request.
    fingerprint: String,
    body: Bytes,
}

impl Request {
    fn read(
        headers: &HeaderMap,
        body: Result<Bytes, BytesRejection>,
        route: &str,
    ) -> Result<Self, ApiError> {
        let body = body.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::TooLarge,
                    format!("the body is larger than {} KiB", MAX_BODY_BYTES / 1024),
                )
            } else {
                ApiError::new(
                    rejection.status(),
                    ErrorCode::Unreadable,
                    rejection.body_text(),
                )
            }
        })?;
        let is_json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            // Also a CSRF guard: a cross-site form cannot send application/json unasked.
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::NotJson,
                "send the body as Content-Type: application/json",
            ));
        }
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.chars().count() <= MAX_KEY_CHARS)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::IdempotencyKeyRequired,
                    format!("every write needs an Idempotency-Key header (1 to {MAX_KEY_CHARS} characters, a UUID is ideal), so a retry cannot write twice"),
                )
            })?
            .to_string();
        let if_match = if_match_version(headers)?;
        let fingerprint = format!("{route}\n{}", String::from_utf8_lossy(&body));
        Ok(Self {
            key,
            if_match,
            fingerprint,
            body,
        })
    }
}

/// A JSON body read as `T`: a syntax error is `400 malformed_json`, a shape error `422 invalid`
/// with its JSON path.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // JSON first, shape second: serde_json reports some shape errors (a number where an enum
    // belongs) as syntax errors, and the client deserves to know which one it made.
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {error}"),
        )
    })?;
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = match error.path().to_string() {
            root if root == "." => "$".to_string(),
            path => format!("$.{path}"),
        };
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Invalid,
            "the request does not have the expected shape",
        )
        .with_problems([ProblemBody {
            path,
            reason: error.into_inner().to_string(),
        }])
    })
}

/// The shared path of every write: replay, conflict check, apply, commit, publish.
async fn write(
    _: CanWrite,
    state: AppState,
    request: Result<Request, ApiError>,
    command: impl FnOnce(&[u8]) -> Result<Command, ApiError> + Send + 'static,
) -> Response {
    let request = match request {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    // The whole write runs on a blocking thread holding the store: writers are serialised,
    // and a client hanging up cannot stop a write half-way.
    let result = tokio::task::spawn_blocking(move || commit(&state, &request, command)).await;
    match result {
        Ok(response) => response,
        Err(panic) => ApiError::internal(format!("write panicked: {panic}")).into_response(),
    }
}

fn commit(
    state: &AppState,
    request: &Request,
    command: impl FnOnce(&[u8]) -> Result<Command, ApiError>,
) -> Response {
    let mut store = state
        .store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match store.recorded(&request.key) {
        Ok(Some(recorded)) if recorded.request == request.fingerprint => {
            return replay(&recorded);
        }
        Ok(Some(_)) => {
            return ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was already used for a different request",
            )
            .into_response()
        }
        Ok(None) => {}
        Err(e) => return ApiError::from(e).into_response(),
    }
    let command = match command(&request.body) {
        Ok(command) => command,
        Err(error) => return error.into_response(),
    };
    let current = state.current();
    if let Some(expected) = request.if_match {
        if expected != current.feed.version {
            return conflict(&store, &current, expected);
        }
    }
    let mut feed = current.feed.clone();
    let version = feed.version + 1;
    let now = Utc::now();
    let applied = match feed.apply(&command, now, version) {
        Ok(applied) => applied,
        Err(refused) => return ApiError::from(refused).into_response(),
    };
    let status = match command {
        Command::ChangeIncident { .. } => StatusCode::OK,
        _ => StatusCode::CREATED,
    };
    let record = Recorded {
        request: request.fingerprint.clone(),
        status: status.as_u16(),
        response: serde_json::to_string(&applied).expect("a write result serialises"),
    };
    let owed = Owed::between(&current.feed, &feed, now);
    if let Err(e) = store.commit(&feed, &request.key, &record, &owed) {
        return ApiError::from(e).into_response();
    }
    tracing::info!(version, command = command_name(&command), incident = %applied.incident.id, "write committed");
    state.publish(Snapshot::new(feed, now));
    // After publishing: the workers write from the served feed.
    if !owed.is_empty() {
        state.wake_deliveries();
    }
    replay(&record)
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::OpenIncident(_) => "open_incident",
        Command::AddUpdate { .. } => "add_update",
        Command::ChangeIncident { .. } => "change_incident",
    }
}

/// The response of a committed write; a retry gets exactly the same.
fn replay(recorded: &Recorded) -> Response {
    let status = StatusCode::from_u16(recorded.status).unwrap_or(StatusCode::OK);
    let version = serde_json::from_str::<serde_json::Value>(&recorded.response)
        .ok()
        .and_then(|v| v.get("version").and_then(serde_json::Value::as_u64));
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        recorded.response.clone(),
    )
        .into_response();
    if let Some(version) = version {
        let tag = HeaderValue::from_str(&etag(version)).expect("an etag is ASCII");
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}

/// The `409` for a writer who expected version `expected`: what changed since, so the writer
/// can review it and send again.
fn conflict(store: &Store, current: &Snapshot, expected: u64) -> Response {
    let changes = match store.at_version(expected) {
        Ok(old) => old.map(|old| FeedChanges::between(&old, &current.feed)),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let body = ConflictBody {
        error: ErrorCode::Conflict,
        message: format!(
            "the feed is at version {}, not {expected}: someone else wrote first; review their changes and send again",
            current.feed.version
        ),
        current_version: current.feed.version,
        changes,
    };
    let tag = HeaderValue::from_str(&current.etag).expect("an etag is ASCII");
    (
        StatusCode::CONFLICT,
        [(header::ETAG, tag)],
        axum::Json(body),
    )
        .into_response()
}

//! Who may use the internal API: bearer tokens for reading and writing, and the browser
//! origins allowed to call it.
//!
//! Tokens travel only in the `Authorization` header (never in a URL, where logs and browser
//! history would keep them) and are never logged; they are compared in constant time.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use herald_domain::ErrorCode;
use subtle::ConstantTimeEq;

use crate::api_error::ApiError;
use crate::AppState;

/// Shortest token accepted: 128 bits of hex.
pub const MIN_TOKEN_CHARS: usize = 32;

/// A secret; its `Debug` never shows it, so it cannot end up in a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Checks a configured token's shape.
    ///
    /// # Errors
    /// A message naming `what` when the token is too short or has whitespace or control
    /// characters.
    pub fn new(value: &str, what: &str) -> Result<Self, String> {
        if value.chars().count() < MIN_TOKEN_CHARS {
            return Err(format!(
                "the {what} token must be at least {MIN_TOKEN_CHARS} characters (try `openssl rand -hex 32`)"
            ));
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "the {what} token has whitespace or control characters"
            ));
        }
        Ok(Self(value.to_string()))
    }

    fn matches(&self, presented: &str) -> bool {
        self.0.as_bytes().ct_eq(presented.as_bytes()).into()
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// The access rules, from configuration.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// Grants reading the internal feed and its events.
    pub read: Option<Token>,
    /// Grants writing, and reading too.
    pub write: Option<Token>,
    /// Anyone may read the internal feed: demos and tests on loopback only.
    pub open_reads: bool,
    /// Browser origins allowed to call the internal API besides the server's own.
    pub allowed_origins: Vec<String>,
}

/// What a request may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    Read,
    Write,
}

impl Access {
    fn grant(&self, headers: &HeaderMap) -> Result<Option<Grant>, ApiError> {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Ok(None);
        };
        let presented = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::Unauthorized,
                    "the Authorization header must be `Bearer <token>`",
                )
            })?;
        if self.write.as_ref().is_some_and(|t| t.matches(presented)) {
            Ok(Some(Grant::Write))
        } else if self.read.as_ref().is_some_and(|t| t.matches(presented)) {
            Ok(Some(Grant::Read))
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "this token is not valid for this server",
            ))
        }
    }

    fn missing() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "this endpoint needs a token: send `Authorization: Bearer <token>`",
        )
    }
}

/// Proof that the request may read the internal feed.
pub struct CanRead;

/// Proof that the request may write.
pub struct CanWrite;

impl FromRequestParts<AppState> for CanRead {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match state.access.grant(&parts.headers)? {
            Some(_) => Ok(Self),
            None if state.access.open_reads => Ok(Self),
            None => Err(Access::missing()),
        }
    }
}

impl FromRequestParts<AppState> for CanWrite {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.access.write.is_none() {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::WritesDisabled,
                "this server has no write token configured, so it takes no writes",
            ));
        }
        match state.access.grant(&parts.headers)? {
            Some(Grant::Write) => Ok(Self),
            Some(Grant::Read) => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "this token may read but not write; use the write token",
            )),
            None => Err(Access::missing()),
        }
    }
}

/// `GET /api/v1/access`: whether the presented token may write, so the console can say so
/// the moment a lead enters it rather than at the first refused publish. The answer names
/// the grant; a refusal is the same 401 or 403, with the same reason, a write would get.
pub async fn check_write_token(_: CanWrite) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "access": "write" }))
}

/// Whether `origin` (`http://host:port`) names the host the request was sent to.
fn same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// Refuses internal API requests from browser origins that are neither the server's own nor
/// configured, and answers preflights for the configured ones. A request without `Origin`
/// (curl, a server, a same-origin GET) is not a browser calling cross-origin and passes.
pub async fn origin_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(allow) = request.headers().get(header::ORIGIN).cloned() else {
        return next.run(request).await;
    };
    let origin = allow.to_str().unwrap_or_default().to_owned();
    if same_origin(&origin, request.headers()) {
        return next.run(request).await;
    }
    if !state.access.allowed_origins.iter().any(|o| o == &origin) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginNotAllowed,
            "this origin may not call the internal API; add it with --allow-origin",
        )
        .into_response();
    }
    let mut response = if request.method() == Method::OPTIONS {
        let mut preflight = StatusCode::NO_CONTENT.into_response();
        let headers = preflight.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, PATCH"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(
                "authorization, content-type, idempotency-key, if-match, if-none-match, last-event-id",
            ),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        preflight
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("etag, location"),
    );
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(c: char) -> Token {
        Token::new(&c.to_string().repeat(MIN_TOKEN_CHARS), "test").unwrap()
    }

    fn bearer(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn tokens_are_checked_for_shape_and_never_printed() {
        assert!(Token::new("short", "read")
            .unwrap_err()
            .contains("at least 32"));
        assert!(Token::new(&format!("{} x", "a".repeat(40)), "read").is_err());
        let secret = "s".repeat(40);
        let printed = format!("{:?}", Token::new(&secret, "read").unwrap());
        assert!(!printed.contains(&secret));
    }

    #[test]
    fn the_write_token_also_reads_and_a_wrong_one_is_forbidden() {
        let access = Access {
            read: Some(token('r')),
            write: Some(token('w')),
            ..Access::default()
        };
        let w = format!("Bearer {}", "w".repeat(MIN_TOKEN_CHARS));
        let r = format!("Bearer {}", "r".repeat(MIN_TOKEN_CHARS));
        assert_eq!(access.grant(&bearer(&w)).unwrap(), Some(Grant::Write));
        assert_eq!(access.grant(&bearer(&r)).unwrap(), Some(Grant::Read));
        assert_eq!(access.grant(&HeaderMap::new()).unwrap(), None);
        let wrong = access.grant(&bearer("Bearer nope")).unwrap_err();
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        let malformed = access.grant(&bearer("Basic abc")).unwrap_err();
        assert_eq!(malformed.status, StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn same_origin_compares_the_host() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin("http://127.0.0.1:8080", &headers));
        assert!(!same_origin("http://127.0.0.1:9090", &headers));
        assert!(!same_origin("null", &headers));
    }
}

//! The one error every API endpoint answers with, and the one place a failed request is
//! logged: handlers return an [`ApiError`] and never write to the log themselves, so each
//! failure is reported once, and the cause of a `500` reaches the log but never the client.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use herald_domain::{CommandError, ErrorBody, ErrorCode, ProblemBody};

use crate::store::StoreError;

/// An error as every API endpoint reports it: a status and the shared [`ErrorBody`] (a stable
/// code, a plain sentence and, for validation errors, each problem with its JSON path).
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What the client is told.
    pub body: ErrorBody,
    /// What only the log is told: the cause of an internal error.
    detail: Option<String>,
}

impl ApiError {
    /// An error without problems.
    pub fn new(status: StatusCode, error: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody::new(error, message),
            detail: None,
        }
    }

    /// The same error listing `problems`, each with its JSON path.
    #[must_use]
    pub fn with_problems<P: Into<ProblemBody>>(
        mut self,
        problems: impl IntoIterator<Item = P>,
    ) -> Self {
        self.body.problems = problems.into_iter().map(Into::into).collect();
        self
    }

    /// A 500 whose detail goes to the log when it is answered, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self {
            detail: Some(detail.to_string()),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "the server failed to complete the request; it has been logged",
            )
        }
    }
}

/// The database failing is never the client's fault, and its message names tables and files.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        Self::internal(error)
    }
}

impl From<CommandError> for ApiError {
    fn from(error: CommandError) -> Self {
        match error {
            CommandError::UnknownIncident(id) => Self::new(
                StatusCode::NOT_FOUND,
                ErrorCode::NoSuchIncident,
                format!("there is no incident with id {id:?}"),
            ),
            CommandError::Invalid(problems) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Invalid,
                "the request was refused; each problem is listed with its path",
            )
            .with_problems(problems),
        }
    }
}

/// Logs here, as the error is answered, so an error built and then dropped (or built in a
/// test) logs nothing, and no handler can log a failure twice. Refusals are the client's
/// business and go to debug, with their code only: a message may quote the request.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        if let Some(detail) = &self.detail {
            tracing::error!(%detail, "request failed");
        } else {
            tracing::debug!(
                status = status.as_u16(),
                error = %self.body.error,
                "request refused"
            );
        }
        let mut response = (status, Json(self.body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_domain::Problem;

    #[test]
    fn an_internal_error_tells_the_client_nothing_of_its_cause() {
        let error = ApiError::internal("disk /var/lib/herald.db is full");
        assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.body.message.contains("herald.db"));
        assert_eq!(
            error.detail.as_deref(),
            Some("disk /var/lib/herald.db is full")
        );
    }

    #[test]
    fn a_refused_command_keeps_every_problem_and_its_path() {
        let error = ApiError::from(CommandError::Invalid(vec![
            Problem {
                path: "$.author".into(),
                reason: "the author is empty".into(),
            },
            Problem {
                path: "$.text".into(),
                reason: "the text is empty".into(),
            },
        ]));
        assert_eq!(error.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.body.error, ErrorCode::Invalid);
        let paths: Vec<&str> = error
            .body
            .problems
            .iter()
            .map(|p| p.path.as_str())
            .collect();
        assert_eq!(paths, ["$.author", "$.text"]);
        let unknown = ApiError::from(CommandError::UnknownIncident("nope".into()));
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.body.error, ErrorCode::NoSuchIncident);
    }

    #[test]
    fn an_unauthorized_answer_names_the_scheme() {
        let response = ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "send a token",
        )
        .into_response();
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
    }
}

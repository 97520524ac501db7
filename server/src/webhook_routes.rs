//! The write API for webhook subscribers and team channels (write token only): list, register,
//! delete and enable again. Addresses are shown by origin alone and never logged: the rest of
//! a Slack or Teams address lets anyone post to the channel.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::Utc;
use herald_domain::write_api::path;
use herald_domain::{ErrorCode, Feed, NewWebhook, ProblemBody, Webhooks};

use crate::access::CanWrite;
use crate::api_error::ApiError;
use crate::writes::parse;
use crate::{on_store, AppState};

/// Longest address accepted.
const MAX_URL: usize = 2_048;

/// The webhook routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(path::WEBHOOKS, get(list).post(add))
        .route(path::WEBHOOK_ROUTE, delete(remove))
        .route(path::WEBHOOK_ENABLE_ROUTE, post(enable))
}

/// Why `request` cannot be registered, each problem at its JSON path.
pub fn problems(request: &NewWebhook, feed: &Feed) -> Vec<ProblemBody> {
    let mut problems = Vec::new();
    let mut problem = |path: &str, reason: String| {
        problems.push(ProblemBody {
            path: path.into(),
            reason,
        });
    };
    if request.url.len() > MAX_URL {
        problem("$.url", format!("longer than {MAX_URL} characters"));
    } else {
        match url::Url::parse(&request.url) {
            Err(error) => problem("$.url", format!("not an address: {error}")),
            Ok(url) => {
                match url.scheme() {
                    "https" => {}
                    "http" if crate::is_loopback(&url) => {}
                    "http" => problem(
                        "$.url",
                        "must be https: signed bodies and channel posts are not sent in the clear \
                         (plain http only to a loopback address)"
                            .into(),
                    ),
                    other => problem("$.url", format!("must be https, not {other}")),
                }
                if !url.username().is_empty() || url.password().is_some() {
                    problem("$.url", "must not carry a user name or password".into());
                }
            }
        }
    }
    for (index, id) in request.components.iter().flatten().enumerate() {
        if !feed.components.iter().any(|c| &c.id == id) {
            problem(
                &format!("$.components[{index}]"),
                format!("no component has id {id:?}"),
            );
        }
    }
    if request.internal_notes && !request.format.is_team_channel() {
        problem(
            "$.internal_notes",
            "only a team channel (slack or teams) may receive internal notes: a statuspage \
             webhook is a subscriber, outside the team"
                .into(),
        );
    }
    problems
}

/// `GET /api/v1/webhooks`.
async fn list(_: CanWrite, State(state): State<AppState>) -> Response {
    match on_store(&state, |store| store.webhooks()).await {
        Ok(webhooks) => Json(Webhooks {
            webhooks,
            signing_secret: state.signing_secret_shown.as_deref().map(str::to_string),
        })
        .into_response(),
        Err(()) => ApiError::internal("the webhooks could not be read").into_response(),
    }
}

/// `POST /api/v1/webhooks`: registers a webhook; `201` with it as listed.
async fn add(_: CanWrite, State(state): State<AppState>, body: Bytes) -> Response {
    let request: NewWebhook = match parse(&body) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    let found = problems(&request, &state.current().feed);
    if !found.is_empty() {
        return ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Invalid,
            "the webhook cannot be registered",
        )
        .with_problems(found)
        .into_response();
    }
    let added = on_store(&state, move |store| {
        let id = store.add_webhook(
            &request.url,
            request.format,
            request.components.as_deref(),
            request.internal_notes,
            Utc::now(),
        )?;
        store.webhook(id)
    })
    .await;
    match added {
        Ok(Some(webhook)) => {
            tracing::info!(
                webhook = webhook.id,
                format = webhook.format.as_str(),
                "a webhook is registered"
            );
            (StatusCode::CREATED, Json(webhook)).into_response()
        }
        Ok(None) => {
            ApiError::internal("a registered webhook could not be read back").into_response()
        }
        Err(error) => error.into_response(),
    }
}

fn no_such_webhook(id: i64) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NoSuchWebhook,
        format!("no webhook has id {id}"),
    )
    .into_response()
}

/// `DELETE /api/v1/webhooks/{id}`: the webhook and what it had waiting.
async fn remove(_: CanWrite, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    match on_store(&state, move |store| store.remove_webhook(id)).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => no_such_webhook(id),
        Err(()) => ApiError::internal("the webhook could not be deleted").into_response(),
    }
}

/// `POST /api/v1/webhooks/{id}/enable`: a disabled webhook takes posts again, from the next
/// notice on.
async fn enable(_: CanWrite, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    match on_store(&state, move |store| {
        Ok(if store.enable_webhook(id)? {
            store.webhook(id)?
        } else {
            None
        })
    })
    .await
    {
        Ok(Some(webhook)) => Json(webhook).into_response(),
        Ok(None) => no_such_webhook(id),
        Err(()) => ApiError::internal("the webhook could not be enabled").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_domain::demo::demo_feed;
    use herald_domain::WebhookFormat;

    fn request(url: &str, format: WebhookFormat, internal_notes: bool) -> NewWebhook {
        NewWebhook {
            url: url.into(),
            format,
            components: None,
            internal_notes,
        }
    }

    #[test]
    fn an_address_must_be_https_unless_it_is_loopback() {
        let feed = demo_feed();
        for ok in [
            "https://hooks.slack.com/services/T/B/X",
            "http://127.0.0.1:9000/hook",
            "http://[::1]:9000/hook",
            "http://localhost/hook",
        ] {
            assert!(
                problems(&request(ok, WebhookFormat::Slack, false), &feed).is_empty(),
                "{ok}"
            );
        }
        for bad in [
            "http://example.com/hook",
            "ftp://example.com/",
            "not a url",
            "https://user:pw@example.com/",
        ] {
            let found = problems(&request(bad, WebhookFormat::Statuspage, false), &feed);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert_eq!(found[0].path, "$.url");
        }
    }

    #[test]
    fn internal_notes_go_to_team_channels_only_and_components_must_exist() {
        let feed = demo_feed();
        let found = problems(
            &request("https://example.com/", WebhookFormat::Statuspage, true),
            &feed,
        );
        assert_eq!(found[0].path, "$.internal_notes");
        assert!(problems(
            &request("https://example.com/", WebhookFormat::Teams, true),
            &feed
        )
        .is_empty());
        let mut unknown = request("https://example.com/", WebhookFormat::Statuspage, false);
        unknown.components = Some(vec![feed.components[0].id.clone(), "nope".into()]);
        let found = problems(&unknown, &feed);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "$.components[1]");
    }
}

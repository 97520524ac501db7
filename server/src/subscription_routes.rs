//! Email subscriptions over plain HTML forms (they work with JavaScript off): subscribe,
//! confirm, manage and unsubscribe, each answered with a page in the reader's language; and,
//! behind the write token, the subscriber list and the delivery counts.
//!
//! Privacy: the subscribe answer is the same whether the address is new, pending or known;
//! no address is logged; links carry a signed subscriber id, never an address.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use chrono::Utc;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use herald_domain::notice::Notice;
use herald_domain::write_api::path;
use herald_domain::{Deliveries, Locale, PublicFeed};
use herald_site::subscription_pages::{
    subscription_words, ButtonView, FormView, Said, SubscriptionPage,
};
use serde::Deserialize;
use tokio::sync::Notify;

use crate::access::CanWrite;
use crate::api_error::ApiError;
use crate::mail::LinkBase;
use crate::signed_link::{LinkKey, Purpose, Refused};
use crate::subscribers::Subscriber;
use crate::{on_store, AppState};

/// Largest subscribe or manage form accepted: an address, a language and component ids.
const MAX_FORM_BYTES: usize = 16 * 1024;

/// Longest address accepted (RFC 5321's path limit).
const MAX_ADDRESS: usize = 254;

/// What the subscription pages share.
pub struct Subscriptions {
    /// Signs and checks the links.
    pub key: LinkKey,
    /// Where links point.
    pub links: LinkBase,
    /// Wakes the delivery worker when a confirmation is queued.
    pub wake: Arc<Notify>,
    /// Subscribe requests per client address: a burst of 10, then one every 6 s.
    per_client: DefaultKeyedRateLimiter<IpAddr>,
    /// Subscribe requests per email address: 3, then one every 20 min.
    per_address: DefaultKeyedRateLimiter<String>,
}

impl Subscriptions {
    /// The pages' shared parts.
    ///
    /// # Panics
    /// Never: the limits' numbers are constants above zero.
    pub fn new(key: LinkKey, links: LinkBase, wake: Arc<Notify>) -> Self {
        let burst = |n| NonZeroU32::new(n).expect("a positive burst");
        Self {
            key,
            links,
            wake,
            per_client: RateLimiter::keyed(
                Quota::with_period(std::time::Duration::from_secs(6))
                    .expect("a positive period")
                    .allow_burst(burst(10)),
            ),
            per_address: RateLimiter::keyed(
                Quota::with_period(std::time::Duration::from_mins(20))
                    .expect("a positive period")
                    .allow_burst(burst(3)),
            ),
        }
    }

    /// Forgets limits that have run out, so the limiters' memory stays bounded.
    fn tidy(&self) {
        if self.per_client.len() > 10_000 {
            self.per_client.retain_recent();
        }
        if self.per_address.len() > 10_000 {
            self.per_address.retain_recent();
        }
    }
}

/// The subscription routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(path::SUBSCRIPTIONS, axum::routing::post(subscribe))
        .route(path::CONFIRM, get(confirm_page).post(confirm))
        .route(path::MANAGE, get(manage_page).post(manage))
        .route(path::UNSUBSCRIBE, get(unsubscribe_page).post(unsubscribe))
        .route(path::SUBSCRIBERS, get(list))
        .route(path::SUBSCRIBER_ROUTE, delete(remove))
        .route(path::DELIVERIES_ROUTE, get(deliveries))
}

/// A page as a response.
fn page(status: StatusCode, page: &SubscriptionPage) -> Response {
    let mut response = (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(herald_site::HTML),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::REFERRER_POLICY,
                // The links' tokens must not leak to the site the reader goes to next.
                HeaderValue::from_static("no-referrer"),
            ),
        ],
        page.html(),
    )
        .into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    }
    response
}

/// The public view and the site's root, for every page.
fn context(state: &AppState) -> Option<(Arc<Subscriptions>, PublicFeed)> {
    let subscriptions = state.subscriptions.clone()?;
    Some((subscriptions, PublicFeed::from_feed(&state.current().feed)))
}

fn said(state: &AppState, reader: Locale, status: StatusCode, said: Said) -> Response {
    let public = PublicFeed::from_feed(&state.current().feed);
    let root = state
        .subscriptions
        .as_ref()
        .map_or_else(|| "../status/".to_string(), |s| s.links.site.clone());
    page(status, &SubscriptionPage::new(&public, &root, reader, said))
}

/// A subscribe or manage form as sent.
#[derive(Debug, Default)]
struct Form {
    email: Option<String>,
    language: Option<Locale>,
    /// The page's language, for the answer.
    lang: Option<Locale>,
    all: bool,
    components: Vec<String>,
}

impl Form {
    fn read(body: &[u8]) -> Self {
        let mut form = Self {
            all: true,
            ..Self::default()
        };
        for (name, value) in form_urlencoded::parse(body) {
            match name.as_ref() {
                "email" => form.email = Some(value.trim().to_string()),
                "language" => form.language = Locale::parse(&value),
                "lang" => form.lang = Locale::parse(&value),
                "scope" => form.all = value != "some",
                "components" if form.components.len() < 200 => {
                    form.components.push(value.into_owned());
                }
                _ => {}
            }
        }
        form
    }

    /// The components chosen, known ones only; `None` for all (also when none was ticked).
    fn chosen(&self, public: &PublicFeed) -> Option<Vec<String>> {
        if self.all {
            return None;
        }
        let known: Vec<String> = public
            .components
            .iter()
            .filter(|c| self.components.contains(&c.id))
            .map(|c| c.id.clone())
            .collect();
        (!known.is_empty()).then_some(known)
    }
}

async fn read_form(request: Request) -> Result<Bytes, StatusCode> {
    axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)
}

/// `POST /subscriptions`: the subscribe form.
async fn subscribe(State(state): State<AppState>, request: Request) -> Response {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let body = match read_form(request).await {
        Ok(body) => body,
        Err(status) => return said(&state, Locale::En, status, Said::BadAddress),
    };
    let form = Form::read(&body);
    let reader = form
        .lang
        .or(form.language)
        .unwrap_or_else(|| state.current().feed.page.language());
    let Some((subscriptions, public)) = context(&state) else {
        return said(&state, reader, StatusCode::NOT_FOUND, Said::NotEnabled);
    };
    subscriptions.tidy();
    if let Some(client) = client {
        if subscriptions.per_client.check_key(&client).is_err() {
            return said(&state, reader, StatusCode::TOO_MANY_REQUESTS, Said::TooMany);
        }
    }
    let email = form.email.clone().unwrap_or_default();
    let valid = email.len() <= MAX_ADDRESS && email.parse::<lettre::Address>().is_ok();
    if !valid {
        let words = subscription_words(reader);
        let again = FormView::new(
            &public,
            reader,
            subscriptions
                .links
                .subscriptions
                .trim_end_matches('/')
                .to_string(),
            form.language.unwrap_or(reader),
            form.chosen(&public).as_deref(),
            Some(email),
            words.subscribe_button,
        );
        let mut answer =
            SubscriptionPage::new(&public, &subscriptions.links.site, reader, Said::BadAddress)
                .with_form(again);
        answer.title = words.subscribe;
        return page(StatusCode::UNPROCESSABLE_ENTITY, &answer);
    }
    if subscriptions
        .per_address
        .check_key(&email.to_lowercase())
        .is_err()
    {
        // The same answer as success: a limit must not tell anyone the address is known.
        return said(&state, reader, StatusCode::OK, Said::CheckInbox);
    }
    let language = form.language.unwrap_or(reader);
    let chosen = form.chosen(&public);
    let now = Utc::now();
    match on_store(&state, move |store| {
        store.ask_to_subscribe(&email, language, chosen.as_deref(), now)
    })
    .await
    {
        Ok(asked) => {
            tracing::info!(outcome = ?asked, "subscribe request");
            subscriptions.wake.notify_one();
            said(&state, reader, StatusCode::OK, Said::CheckInbox)
        }
        Err(()) => said(
            &state,
            reader,
            StatusCode::SERVICE_UNAVAILABLE,
            Said::Failed,
        ),
    }
}

/// A signed link's query.
#[derive(Debug, Deserialize)]
struct Link {
    token: Option<String>,
}

/// The subscriber a link names, or the page saying why not.
async fn linked(
    state: &AppState,
    link: &Link,
    purpose: Purpose,
) -> Result<(Arc<Subscriptions>, PublicFeed, Subscriber), Response> {
    let page_language = state.current().feed.page.language();
    let Some((subscriptions, public)) = context(state) else {
        return Err(said(
            state,
            page_language,
            StatusCode::NOT_FOUND,
            Said::NotEnabled,
        ));
    };
    let verified = link
        .token
        .as_deref()
        .ok_or(Refused::Invalid)
        .and_then(|token| subscriptions.key.verify(token, purpose, Utc::now()));
    let id = match verified {
        Ok(id) => id,
        Err(Refused::Expired) => {
            return Err(said(state, page_language, StatusCode::GONE, Said::Expired))
        }
        Err(Refused::Invalid) => {
            return Err(said(
                state,
                page_language,
                StatusCode::NOT_FOUND,
                Said::Invalid,
            ))
        }
    };
    match on_store(state, move |store| store.subscriber(id)).await {
        Ok(Some(subscriber)) => Ok((subscriptions, public, subscriber)),
        Ok(None) => Err(said(
            state,
            page_language,
            StatusCode::NOT_FOUND,
            Said::Invalid,
        )),
        Err(()) => Err(said(
            state,
            page_language,
            StatusCode::SERVICE_UNAVAILABLE,
            Said::Failed,
        )),
    }
}

/// `GET /subscriptions/confirm`: one more click, so a mail scanner following links cannot
/// subscribe anyone.
async fn confirm_page(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    let (subscriptions, public, subscriber) = match linked(&state, &link, Purpose::Confirm).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let reader = subscriber.language;
    let action = format!(
        "confirm?token={}",
        link.token.as_deref().unwrap_or_default()
    );
    let answer = SubscriptionPage::new(&public, &subscriptions.links.site, reader, Said::Confirm)
        .with_button(ButtonView {
            action,
            label: subscription_words(reader).confirm_button,
            ending: false,
        });
    page(StatusCode::OK, &answer)
}

/// `POST /subscriptions/confirm`: confirms.
async fn confirm(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    let (subscriptions, public, subscriber) = match linked(&state, &link, Purpose::Confirm).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let id = subscriber.id;
    if on_store(&state, move |store| store.confirm(id, Utc::now()))
        .await
        .is_err()
    {
        return said(
            &state,
            subscriber.language,
            StatusCode::SERVICE_UNAVAILABLE,
            Said::Failed,
        );
    }
    tracing::info!("a subscription was confirmed");
    let reader = subscriber.language;
    let manage = subscriptions
        .links
        .link("manage", &subscriptions.key.sign(Purpose::Manage, id, None));
    let answer = SubscriptionPage::new(&public, &subscriptions.links.site, reader, Said::Confirmed)
        .with_form(manage_form(&public, &subscriber, manage, reader))
        .with_button(unsubscribe_button(&subscriptions, id, reader));
    page(StatusCode::OK, &answer)
}

fn manage_form(
    public: &PublicFeed,
    subscriber: &Subscriber,
    action: String,
    reader: Locale,
) -> FormView {
    FormView::new(
        public,
        reader,
        action,
        subscriber.language,
        subscriber.components.as_deref(),
        None,
        subscription_words(reader).save,
    )
}

fn unsubscribe_button(subscriptions: &Subscriptions, id: i64, reader: Locale) -> ButtonView {
    ButtonView {
        action: subscriptions.links.link(
            "unsubscribe",
            &subscriptions.key.sign(Purpose::Unsubscribe, id, None),
        ),
        label: subscription_words(reader).unsubscribe_button,
        ending: true,
    }
}

/// `GET /subscriptions/manage`: the subscriber's choices.
async fn manage_page(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    let (subscriptions, public, subscriber) = match linked(&state, &link, Purpose::Manage).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let reader = subscriber.language;
    let action = format!("manage?token={}", link.token.as_deref().unwrap_or_default());
    let answer = SubscriptionPage::new(&public, &subscriptions.links.site, reader, Said::Manage)
        .with_form(manage_form(&public, &subscriber, action, reader))
        .with_button(unsubscribe_button(&subscriptions, subscriber.id, reader));
    page(StatusCode::OK, &answer)
}

/// `POST /subscriptions/manage`: saves the choices.
async fn manage(
    State(state): State<AppState>,
    Query(link): Query<Link>,
    request: Request,
) -> Response {
    let (subscriptions, public, subscriber) = match linked(&state, &link, Purpose::Manage).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Ok(body) = read_form(request).await else {
        return said(
            &state,
            subscriber.language,
            StatusCode::PAYLOAD_TOO_LARGE,
            Said::Failed,
        );
    };
    let form = Form::read(&body);
    let language = form.language.unwrap_or(subscriber.language);
    let chosen = form.chosen(&public);
    let id = subscriber.id;
    let saved = match on_store(&state, move |store| {
        store.change_subscription(id, language, chosen.as_deref())
    })
    .await
    {
        Ok(Some(saved)) => saved,
        Ok(None) => return said(&state, language, StatusCode::NOT_FOUND, Said::Invalid),
        Err(()) => {
            return said(
                &state,
                language,
                StatusCode::SERVICE_UNAVAILABLE,
                Said::Failed,
            )
        }
    };
    let action = format!("manage?token={}", link.token.as_deref().unwrap_or_default());
    let answer = SubscriptionPage::new(&public, &subscriptions.links.site, language, Said::Saved)
        .with_form(manage_form(&public, &saved, action, language))
        .with_button(unsubscribe_button(&subscriptions, id, language));
    page(StatusCode::OK, &answer)
}

/// `GET /subscriptions/unsubscribe`: one more click (mail scanners follow links).
async fn unsubscribe_page(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    let (subscriptions, public, subscriber) =
        match linked(&state, &link, Purpose::Unsubscribe).await {
            Ok(found) => found,
            Err(response) => return response,
        };
    let reader = subscriber.language;
    let answer = SubscriptionPage::new(
        &public,
        &subscriptions.links.site,
        reader,
        Said::Unsubscribe,
    )
    .with_button(unsubscribe_button(&subscriptions, subscriber.id, reader));
    page(StatusCode::OK, &answer)
}

/// `POST /subscriptions/unsubscribe`: RFC 8058's one click (a mail client posts
/// `List-Unsubscribe=One-Click`) and the page's button alike. Deletes the address.
async fn unsubscribe(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    let (_, _, subscriber) = match linked(&state, &link, Purpose::Unsubscribe).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let id = subscriber.id;
    match on_store(&state, move |store| store.unsubscribe(id)).await {
        Ok(_) => {
            tracing::info!("a subscriber unsubscribed; their address is deleted");
            said(
                &state,
                subscriber.language,
                StatusCode::OK,
                Said::Unsubscribed,
            )
        }
        Err(()) => said(
            &state,
            subscriber.language,
            StatusCode::SERVICE_UNAVAILABLE,
            Said::Failed,
        ),
    }
}

/// `GET /api/v1/subscribers` (write token): the list, for export.
async fn list(_: CanWrite, State(state): State<AppState>) -> Response {
    match on_store(&state, |store| store.subscribers()).await {
        Ok(list) => Json(list).into_response(),
        Err(()) => ApiError::internal("the subscriber list could not be read").into_response(),
    }
}

/// `DELETE /api/v1/subscribers/{id}` (write token).
async fn remove(_: CanWrite, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    match on_store(&state, move |store| store.unsubscribe(id)).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => ApiError::new(
            StatusCode::NOT_FOUND,
            herald_domain::ErrorCode::NoSuchSubscriber,
            format!("no subscriber has id {id}"),
        )
        .into_response(),
        Err(()) => ApiError::internal("the subscriber could not be deleted").into_response(),
    }
}

/// `GET /api/v1/incidents/{id}/deliveries` (write token): where the emails about the
/// incident's latest public update stand.
async fn deliveries(
    _: CanWrite,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Response {
    let feed = state.current().feed.clone();
    let Some(incident) = feed.incidents.iter().find(|i| i.id == id) else {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            herald_domain::ErrorCode::NoSuchIncident,
            format!("no incident has id {id:?}"),
        )
        .into_response();
    };
    let Some(update) = incident.latest_update_for(herald_domain::Audience::Public) else {
        return Json(Deliveries::default()).into_response();
    };
    let key = Notice::IncidentUpdate {
        incident: incident.id.clone(),
        update: update.id.clone(),
    }
    .key();
    let update = update.id.clone();
    let counts = on_store(&state, move |store| {
        Ok((store.delivery_counts(&key)?, store.webhook_counts(&key)?))
    });
    match counts.await {
        Ok((emails, webhooks)) => Json(Deliveries {
            update: Some(update),
            webhooks,
            ..emails
        })
        .into_response(),
        Err(()) => ApiError::internal("the delivery counts could not be read").into_response(),
    }
}

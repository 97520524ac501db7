//! The connections to the SMTP relay: a small pool of lettre SMTP connections whose sockets
//! are opened here with `TCP_NODELAY`. lettre 0.11.23 leaves Nagle's algorithm on, and since it
//! writes a message's body and its closing `.` separately, every message waits for the
//! relay's delayed ACK: 40 ms each on Linux, which capped a fan-out at about 80 emails a
//! second (lettre#1159 fixes it upstream, unreleased as of 0.11.23; drop this module for
//! lettre's own pool once it is out). Implicit TLS (`smtps://`) is opened by lettre itself,
//! without that option, because lettre reads the greeting before a stream could be handed over.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::sync::Semaphore;

use crate::mail::SendFailure;

/// A pooled connection unused for longer than this is closed rather than reused: relays drop
/// idle sessions after a few minutes (Postfix after 300 s).
const IDLE_FOR: Duration = Duration::from_mins(1);

/// How the session is protected.
#[derive(Clone)]
enum Security {
    /// Plain text (a loopback or trusted relay).
    Plain,
    /// `STARTTLS` when the relay offers it, else plain.
    Opportunistic(TlsParameters),
    /// `STARTTLS`, or no session.
    Required(TlsParameters),
    /// TLS from the first byte (`smtps://`).
    Implicit(TlsParameters),
}

/// The relay and its open connections.
pub struct Relay {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    slots: Semaphore,
}

impl Relay {
    /// The relay named by `url` (`smtp://host:25`, `smtp://host:587?tls=required`,
    /// `smtps://host:465`), with up to `connections` sessions open at once.
    ///
    /// # Errors
    /// A sentence naming what is wrong with the URL.
    pub fn new(
        url: &url::Url,
        credentials: Option<Credentials>,
        connections: usize,
        timeout: Duration,
    ) -> Result<Self, String> {
        let host = url
            .host_str()
            .ok_or("--smtp-url names no host")?
            .to_string();
        // Brackets are for URLs; the socket and TLS want the bare address.
        let bare = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let tls = || {
            TlsParameters::new(bare.clone())
                .map_err(|e| format!("cannot prepare TLS for the relay {bare}: {e}"))
        };
        let mode = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let (security, default_port) = match (url.scheme(), mode.as_deref()) {
            ("smtp", None) => (Security::Plain, 25),
            ("smtp", Some("required")) => (Security::Required(tls()?), 587),
            ("smtp", Some("opportunistic")) => (Security::Opportunistic(tls()?), 587),
            ("smtps", _) => (Security::Implicit(tls()?), 465),
            (scheme, mode) => {
                return Err(format!(
                    "--smtp-url: unknown scheme {scheme:?} or tls={mode:?} (smtp://host:25, smtp://host:587?tls=required, smtps://host:465)"
                ))
            }
        };
        let hello = match url.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_string()),
        };
        Ok(Self {
            host: bare,
            port: url.port().unwrap_or(default_port),
            security,
            credentials,
            hello,
            timeout,
            idle: Mutex::new(Vec::new()),
            slots: Semaphore::new(connections),
        })
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        let mut connection = match &self.security {
            Security::Implicit(tls) => AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(self.timeout),
                &self.hello,
                Some(tls.clone()),
                None,
            )
            .await
            .map_err(setting_up)?,
            security => {
                let stream = tokio::net::TcpStream::connect((self.host.as_str(), self.port))
                    .await
                    .map_err(unreachable_relay)?;
                stream.set_nodelay(true).map_err(unreachable_relay)?;
                let mut connection =
                    AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello)
                        .await
                        .map_err(setting_up)?;
                match security {
                    Security::Required(tls) => connection
                        .starttls(tls.clone(), &self.hello)
                        .await
                        .map_err(setting_up)?,
                    Security::Opportunistic(tls) if connection.can_starttls() => connection
                        .starttls(tls.clone(), &self.hello)
                        .await
                        .map_err(setting_up)?,
                    _ => {}
                }
                connection
            }
        };
        if let Some(credentials) = &self.credentials {
            connection
                .auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(setting_up)?;
        }
        Ok(connection)
    }

    fn reuse(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The most recently used first (likeliest still open); the stale ones go.
        idle.retain(|(connection, since)| since.elapsed() < IDLE_FOR && !connection.has_broken());
        idle.pop().map(|(connection, _)| connection)
    }

    fn keep(&self, connection: AsyncSmtpConnection) {
        if !connection.has_broken() {
            self.idle
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((connection, Instant::now()));
        }
    }

    /// Sends one message (`formatted`, for `envelope`) over a pooled or a new session. A pooled
    /// session the relay had closed is replaced once before the relay counts as down.
    ///
    /// # Errors
    /// What went wrong, and whether retrying can help.
    pub async fn send(&self, envelope: &Envelope, formatted: &[u8]) -> Result<(), SendFailure> {
        let _slot = self.slots.acquire().await.map_err(|_| SendFailure {
            reason: "the relay pool is closed".into(),
            permanent: false,
            relay_down: true,
        })?;
        if let Some(connection) = self.reuse() {
            match self.send_on(connection, envelope, formatted).await {
                // The relay had closed this idle session: a new one gets the message. A
                // timeout is not retried here, since the relay may have taken the message.
                Err(Failed::Connection(_)) => {}
                done => return done.map_err(Failed::into_failure),
            }
        }
        let connection = tokio::time::timeout(self.timeout, self.connect())
            .await
            .map_err(|_| SendFailure {
                reason: format!(
                    "the relay did not answer within {} s",
                    self.timeout.as_secs()
                ),
                permanent: false,
                relay_down: true,
            })??;
        self.send_on(connection, envelope, formatted)
            .await
            .map_err(Failed::into_failure)
    }

    async fn send_on(
        &self,
        mut connection: AsyncSmtpConnection,
        envelope: &Envelope,
        formatted: &[u8],
    ) -> Result<(), Failed> {
        match tokio::time::timeout(self.timeout, connection.send(envelope, formatted)).await {
            Ok(Ok(_)) => {
                self.keep(connection);
                Ok(())
            }
            // lettre closes the session after a refusal, so nothing is kept.
            Ok(Err(error)) if error.is_response() || error.is_client() => {
                Err(Failed::Message(failure(&error)))
            }
            Ok(Err(error)) => Err(Failed::Connection(failure(&error))),
            Err(_) => Err(Failed::Message(SendFailure {
                reason: format!(
                    "the relay did not finish within {} s",
                    self.timeout.as_secs()
                ),
                permanent: false,
                relay_down: true,
            })),
        }
    }
}

/// How one try on a session failed: the session itself broke, or the message did not go.
enum Failed {
    Connection(SendFailure),
    Message(SendFailure),
}

impl Failed {
    fn into_failure(self) -> SendFailure {
        match self {
            Self::Connection(failure) | Self::Message(failure) => failure,
        }
    }
}

#[allow(clippy::needless_pass_by_value)] // shaped for `map_err`
fn unreachable_relay(error: std::io::Error) -> SendFailure {
    SendFailure {
        reason: format!("cannot connect to the relay: {error}"),
        permanent: false,
        relay_down: true,
    }
}

/// A message's failure: a refusal is the relay's word on this message (permanent for a 5xx);
/// a client-side refusal (an address the relay cannot take) is this message's for good;
/// anything else means the relay could not be talked to.
fn failure(error: &lettre::transport::smtp::Error) -> SendFailure {
    SendFailure {
        permanent: error.is_permanent() || error.is_client(),
        relay_down: !error.is_response() && !error.is_client(),
        reason: error.to_string(),
    }
}

/// A failure while opening a session (the greeting, STARTTLS, AUTH): whatever the relay
/// said, every message would meet it, so the relay counts as down (the worker probes it)
/// instead of the message being given up.
#[allow(clippy::needless_pass_by_value)] // shaped for `map_err`
fn setting_up(error: lettre::transport::smtp::Error) -> SendFailure {
    SendFailure {
        permanent: false,
        relay_down: true,
        reason: format!("cannot open a session with the relay: {error}"),
    }
}

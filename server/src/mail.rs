//! Subscriber email over SMTP: the relay's settings, checked at start, and each delivery
//! written as a message with a stable `Message-ID`, per-incident threading and RFC 8058
//! one-click unsubscribe headers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use herald_domain::notice::Notice;
use herald_domain::PublicFeed;
use herald_site::email::{confirmation_email, notice_email, Email, Links};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::Message;

use crate::delivery_queue::{Claimed, CONFIRM};
use crate::signed_link::{LinkKey, Purpose};

/// How long a confirmation link works.
pub const CONFIRM_FOR: Duration = Duration::hours(48);

/// The longest one SMTP exchange may take before it counts as a failure and is retried.
const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How many connections to the relay are kept open at once.
pub const RELAY_CONNECTIONS: u32 = 8;

/// What the operator configures for subscriber email.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:25`, `smtp://host:587?tls=required` (STARTTLS) or `smtps://host:465`, with
    /// `user:password@` when the relay wants them.
    pub smtp_url: String,
    /// A password that overrides the URL's (from a file or the environment, not a flag).
    pub smtp_password: Option<String>,
    /// The sender, `Name <address>`.
    pub from: String,
    /// The public site's root, where incident pages are read.
    pub public_url: String,
    /// Where this server's subscription pages are reached from outside; the public URL's
    /// origin by default.
    pub subscribe_url: Option<String>,
}

/// Where links in emails point.
#[derive(Debug, Clone)]
pub struct LinkBase {
    /// The public site's root, ending in `/`.
    pub site: String,
    /// This server's subscription pages' root, ending in `/subscriptions/`.
    pub subscriptions: String,
}

impl LinkBase {
    /// The page for a signed link.
    pub fn link(&self, page: &str, token: &str) -> String {
        format!("{}{page}?token={token}", self.subscriptions)
    }
}

/// Sends subscriber email through the configured relay.
pub struct Mailer {
    relay: crate::relay::Relay,
    from: Mailbox,
    /// The sender's domain, which names this server's `Message-ID`s.
    domain: String,
    /// Where links point.
    pub links: LinkBase,
    /// The links' signing key.
    pub key: LinkKey,
}

/// Why a message did not go out.
#[derive(Debug, Clone)]
pub struct SendFailure {
    /// What the relay or the connection said (no address in it).
    pub reason: String,
    /// The relay refused this message for good (a 5xx): retrying will not help.
    pub permanent: bool,
    /// The relay could not be reached at all: every other message would fail too.
    pub relay_down: bool,
}

/// A message for one delivery, or why there is none.
pub enum Built {
    /// Ready to send.
    Message(Box<Message>),
    /// The notice has nothing public to say any more, or the address is unusable.
    Nothing(String),
}

/// An `http(s)` root URL, ending in `/`, and its origin.
///
/// # Errors
/// A sentence naming flag `name` when `text` is not such an address.
pub fn url_root(name: &str, text: &str) -> Result<(String, String), String> {
    let url = url::Url::parse(text).map_err(|e| format!("{name} {text:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!(
            "{name} {text:?} must be an https:// (or http://) address"
        ));
    }
    if !url.username().is_empty() || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "{name} {text:?} must have no user, query or fragment"
        ));
    }
    let mut root = url.to_string();
    if !root.ends_with('/') {
        root.push('/');
    }
    Ok((root, url.origin().ascii_serialization()))
}

impl Mailer {
    /// A mailer from the operator's settings.
    ///
    /// # Errors
    /// A message naming the setting that is wrong and why: the server does not start with a
    /// relay it cannot use.
    pub fn new(settings: &MailSettings, key: LinkKey) -> Result<Self, String> {
        let from: Mailbox = settings.from.parse().map_err(|e| {
            format!(
                "--mail-from {:?} is not an address (\"Status <status@example.com>\"): {e}",
                settings.from
            )
        })?;
        let domain = from.email.domain().to_string();
        let (site, origin) = url_root("--public-url", &settings.public_url)?;
        let subscribe = match &settings.subscribe_url {
            Some(url) => url_root("--subscribe-url", url)?.0,
            None => format!("{origin}/"),
        };
        let relay = url::Url::parse(&settings.smtp_url).map_err(|e| {
            format!("--smtp-url is not a usable relay URL (smtp://host:25, smtp://host:587?tls=required, smtps://host:465): {e}")
        })?;
        let user = Some(relay.username())
            .filter(|u| !u.is_empty())
            .map(|u| decoded(u, "user"))
            .transpose()?;
        let password = match &settings.smtp_password {
            Some(password) => Some(password.clone()),
            None => relay
                .password()
                .map(|p| decoded(p, "password"))
                .transpose()?,
        };
        let credentials = match (&user, password) {
            (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password)),
            (None, Some(_)) => return Err(
                "a relay password was given, but --smtp-url names no user (smtps://user@host:465)"
                    .into(),
            ),
            (_, None) => None,
        };
        let encrypted = relay.scheme() == "smtps"
            || relay
                .query_pairs()
                .any(|(k, v)| k == "tls" && (v == "required" || v == "opportunistic"));
        let loopback = crate::is_loopback(&relay);
        let sends_password =
            user.is_some() || relay.password().is_some() || settings.smtp_password.is_some();
        if !encrypted && sends_password && !loopback {
            return Err("--smtp-url would send the relay's password unencrypted: use smtps:// or add ?tls=required".into());
        }
        Ok(Self {
            relay: crate::relay::Relay::new(
                &relay,
                credentials,
                RELAY_CONNECTIONS as usize,
                SMTP_TIMEOUT,
            )?,
            from,
            domain,
            links: LinkBase {
                site,
                subscriptions: format!("{subscribe}subscriptions/"),
            },
            key,
        })
    }

    /// The message for `delivery`, written from the public view at `now`.
    pub fn build(&self, delivery: &Claimed, public: &PublicFeed, now: DateTime<Utc>) -> Built {
        let subscriber = &delivery.subscriber;
        let Ok(to) = subscriber.email.parse::<Mailbox>() else {
            return Built::Nothing("the address is not one a relay takes".into());
        };
        let manage = self.links.link(
            "manage",
            &self.key.sign(Purpose::Manage, subscriber.id, None),
        );
        let unsubscribe = self.links.link(
            "unsubscribe",
            &self.key.sign(Purpose::Unsubscribe, subscriber.id, None),
        );
        let mut thread = None;
        let email: Email = if delivery.notice.starts_with(CONFIRM) {
            if subscriber.confirmed {
                return Built::Nothing("already confirmed".into());
            }
            let confirm = self.links.link(
                "confirm",
                &self
                    .key
                    .sign(Purpose::Confirm, subscriber.id, Some(now + CONFIRM_FOR)),
            );
            confirmation_email(
                &public.page.name,
                public.page.zone_for(subscriber.language),
                subscriber.language,
                &confirm,
                now + CONFIRM_FOR,
                now,
            )
        } else {
            if !subscriber.confirmed {
                return Built::Nothing("not confirmed".into());
            }
            let Some(notice) = Notice::from_key(&delivery.notice) else {
                return Built::Nothing("a notice this build does not know".into());
            };
            thread = Some(self.thread_id(&notice));
            let links = Links {
                site: &self.links.site,
                manage: &manage,
                unsubscribe: &unsubscribe,
            };
            match notice_email(
                public,
                &notice,
                subscriber.language,
                subscriber.components.as_deref(),
                &links,
                now,
            ) {
                Some(email) => email,
                None => return Built::Nothing("nothing public to say".into()),
            }
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject)
            .date(now.into())
            .message_id(Some(format!("<delivery-{}@{}>", delivery.id, self.domain)))
            .raw_header(header("Content-Language", email.language.tag()))
            .raw_header(header("Auto-Submitted", "auto-generated"));
        if !delivery.notice.starts_with(CONFIRM) {
            builder = builder
                .raw_header(header("List-Unsubscribe", &format!("<{unsubscribe}>")))
                .raw_header(header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click",
                ));
        }
        if let Some(thread) = thread {
            builder = builder.in_reply_to(thread.clone()).references(thread);
        }
        match builder.multipart(MultiPart::alternative_plain_html(email.text, email.html)) {
            Ok(message) => Built::Message(Box::new(message)),
            Err(error) => Built::Nothing(format!("the message could not be written: {error}")),
        }
    }

    /// The `Message-ID` every email about one incident or maintenance refers to, so mail
    /// clients thread them.
    fn thread_id(&self, notice: &Notice) -> String {
        let (kind, id) = match notice {
            Notice::IncidentUpdate { incident, .. } => ("incident", incident),
            Notice::Maintenance { maintenance, .. } => ("maintenance", maintenance),
            Notice::ComponentChange { component, .. } => ("component", component),
        };
        format!(
            "<{kind}-{}@{}>",
            URL_SAFE_NO_PAD.encode(id.as_bytes()),
            self.domain
        )
    }

    /// Hands `message` to the relay.
    ///
    /// # Errors
    /// What went wrong, and whether retrying can help.
    pub async fn send(&self, message: Message) -> Result<(), SendFailure> {
        self.relay
            .send(message.envelope(), &message.formatted())
            .await
    }
}

/// A URL's user or password part as written before it was percent-encoded.
fn decoded(part: &str, what: &str) -> Result<String, String> {
    percent_encoding::percent_decode_str(part)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|e| format!("--smtp-url: the {what} is not UTF-8 once decoded: {e}"))
}

/// A header lettre has no type for, written as given (ASCII only).
fn header(name: &'static str, value: &str) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> MailSettings {
        MailSettings {
            smtp_url: url.into(),
            smtp_password: None,
            from: "Larkspur Status <status@larkspur.example>".into(),
            public_url: "https://status.larkspur.example".into(),
            subscribe_url: None,
        }
    }

    fn key() -> LinkKey {
        LinkKey::new(vec![3; 32]).unwrap()
    }

    // The relay's pool is made on the runtime it runs on.
    #[tokio::test]
    async fn a_relay_url_of_each_kind_is_taken_and_links_default_to_the_site_origin() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://relay.example:587?tls=required",
            "smtps://user:secret@relay.example:465",
        ] {
            let mailer =
                Mailer::new(&settings(url), key()).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(mailer.links.site, "https://status.larkspur.example/");
            assert_eq!(
                mailer.links.subscriptions,
                "https://status.larkspur.example/subscriptions/"
            );
        }
    }

    #[tokio::test]
    async fn bad_settings_stop_the_server_with_the_setting_named() {
        let cases = [
            (settings("http://relay.example"), "--smtp-url"),
            (
                MailSettings {
                    from: "not an address".into(),
                    ..settings("smtp://127.0.0.1:25")
                },
                "--mail-from",
            ),
            (
                MailSettings {
                    public_url: "status.example".into(),
                    ..settings("smtp://127.0.0.1:25")
                },
                "--public-url",
            ),
            (settings("smtp://user:pw@relay.example:25"), "unencrypted"),
            (
                MailSettings {
                    smtp_password: Some("pw".into()),
                    ..settings("smtps://relay.example:465")
                },
                "names no user",
            ),
        ];
        for (settings, named) in cases {
            let error = Mailer::new(&settings, key()).err().expect("refused");
            assert!(error.contains(named), "{error}");
        }
    }
}

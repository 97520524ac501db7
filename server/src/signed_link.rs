//! Signed links in subscriber emails: a token names a subscriber and what the link may do,
//! signed with HMAC-SHA256, so the links need no table and carry no address. A confirmation
//! link expires; manage and unsubscribe links work for as long as the subscriber exists (ids
//! are never reused, so an old link cannot reach a new subscriber).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What a link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirm a pending subscription.
    Confirm,
    /// Change components and language, or unsubscribe.
    Manage,
    /// Unsubscribe at once (RFC 8058's one click).
    Unsubscribe,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "c",
            Self::Manage => "m",
            Self::Unsubscribe => "u",
        }
    }
}

/// Why a token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not a token, or not signed with this server's key.
    Invalid,
    /// A confirmation link past its time.
    Expired,
}

/// The key links are signed with.
#[derive(Clone)]
pub struct LinkKey(Vec<u8>);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(…)")
    }
}

impl LinkKey {
    /// A key from its bytes (at least 32).
    ///
    /// # Errors
    /// When the key is too short to be safe.
    pub fn new(bytes: Vec<u8>) -> Result<Self, String> {
        if bytes.len() < 32 {
            return Err(format!(
                "the link signing key has {} bytes; it needs at least 32",
                bytes.len()
            ));
        }
        Ok(Self(bytes))
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        mac
    }

    /// A token for `purpose` on subscriber `id`, good until `expires` when given.
    pub fn sign(&self, purpose: Purpose, id: i64, expires: Option<DateTime<Utc>>) -> String {
        let payload = format!(
            "{}.{id}.{}",
            purpose.as_str(),
            expires.map_or(0, |at| at.timestamp())
        );
        let tag = self.mac(&payload).finalize().into_bytes();
        format!("{payload}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// The subscriber a token for `purpose` names, checked at `now`.
    ///
    /// # Errors
    /// When the token is not this server's for this purpose, or has expired.
    pub fn verify(
        &self,
        token: &str,
        purpose: Purpose,
        now: DateTime<Utc>,
    ) -> Result<i64, Refused> {
        let (payload, tag) = token.rsplit_once('.').ok_or(Refused::Invalid)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| Refused::Invalid)?;
        // Constant time: the tag is compared by the hmac crate.
        self.mac(payload)
            .verify_slice(&tag)
            .map_err(|_| Refused::Invalid)?;
        let mut parts = payload.split('.');
        let (Some(kind), Some(id), Some(expires), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Refused::Invalid);
        };
        if kind != purpose.as_str() {
            return Err(Refused::Invalid);
        }
        let id = id.parse().map_err(|_| Refused::Invalid)?;
        let expires: i64 = expires.parse().map_err(|_| Refused::Invalid)?;
        if expires != 0 && now.timestamp() > expires {
            return Err(Refused::Expired);
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> LinkKey {
        LinkKey::new(vec![7; 32]).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_token_names_its_subscriber_for_its_purpose_only() {
        let token = key().sign(Purpose::Manage, 42, None);
        assert_eq!(key().verify(&token, Purpose::Manage, now()), Ok(42));
        assert_eq!(
            key().verify(&token, Purpose::Unsubscribe, now()),
            Err(Refused::Invalid)
        );
    }

    #[test]
    fn a_changed_token_or_another_key_is_refused() {
        let token = key().sign(Purpose::Unsubscribe, 42, None);
        let forged = token.replacen("u.42.", "u.43.", 1);
        assert_eq!(
            key().verify(&forged, Purpose::Unsubscribe, now()),
            Err(Refused::Invalid)
        );
        let other = LinkKey::new(vec![8; 32]).unwrap();
        assert_eq!(
            other.verify(&token, Purpose::Unsubscribe, now()),
            Err(Refused::Invalid)
        );
        for junk in ["", ".", "u.1.0.", "u.1.0.!!", "a.b.c.d.e"] {
            assert_eq!(
                key().verify(junk, Purpose::Unsubscribe, now()),
                Err(Refused::Invalid)
            );
        }
    }

    #[test]
    fn a_confirmation_expires() {
        let token = key().sign(
            Purpose::Confirm,
            1,
            Some(now() + chrono::Duration::hours(48)),
        );
        assert_eq!(key().verify(&token, Purpose::Confirm, now()), Ok(1));
        let later = now() + chrono::Duration::hours(49);
        assert_eq!(
            key().verify(&token, Purpose::Confirm, later),
            Err(Refused::Expired)
        );
    }

    #[test]
    fn a_short_key_is_refused() {
        assert!(LinkKey::new(vec![1; 16]).is_err());
    }
}

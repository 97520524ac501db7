//! The subscriber list: who asked for emails, in which language, about which components, and
//! whether they confirmed. Addresses live only here: never in logs, URLs or public outputs.

use chrono::{DateTime, Duration, Utc};
use herald_domain::Locale;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::delivery_queue::{read_stamp, stamp, CONFIRM};
use crate::store::{Store, StoreError};

/// How soon a pending address may be sent another confirmation: asking again within this gets
/// the same answer and no second email, so the form cannot be used to flood an inbox.
pub const CONFIRM_RESEND_AFTER: Duration = Duration::minutes(10);

/// One subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscriber {
    /// Stable id, never reused: signed links name it.
    pub id: i64,
    /// The address.
    pub email: String,
    /// The language emails are written in.
    pub language: Locale,
    /// The components chosen; `None` for all.
    pub components: Option<Vec<String>>,
    /// Whether the address was confirmed; nothing but the confirmation goes out before.
    pub confirmed: bool,
}

/// The subscriber in a row's columns from `first` on: id, email, language, components (JSON,
/// or NULL for all), whether confirmed; every query that reads subscribers selects these.
pub(crate) fn subscriber_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Subscriber> {
    let components: Option<String> = row.get(first + 3)?;
    Ok(Subscriber {
        id: row.get(first)?,
        email: row.get(first + 1)?,
        language: Locale::from_tag(&row.get::<_, String>(first + 2)?),
        components: components.and_then(|c| serde_json::from_str(&c).ok()),
        confirmed: row.get(first + 4)?,
    })
}

/// A subscriber as the write-token holder's export lists them.
#[derive(Debug, Clone, Serialize)]
pub struct SubscriberRecord {
    /// The subscriber.
    #[serde(flatten)]
    pub subscriber: Subscriber,
    /// When they first asked.
    pub created_at: String,
    /// When they confirmed.
    pub confirmed_at: Option<String>,
}

/// What a subscribe request led to. The form's answer is the same for all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// A new or pending address: a confirmation email is queued.
    ConfirmationQueued,
    /// A pending address asked again too soon: nothing more is sent.
    TooSoon,
    /// Already confirmed: nothing changes (the manage link in any email does that).
    AlreadyConfirmed,
}

impl Store {
    /// Records a subscribe request and queues its confirmation email, in one transaction.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn ask_to_subscribe(
        &mut self,
        email: &str,
        language: Locale,
        components: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<Asked, StoreError> {
        let components = components.map(|c| serde_json::to_string(c).unwrap_or_default());
        let transaction = self.write_transaction()?;
        let existing: Option<(i64, bool)> = transaction
            .query_row(
                "SELECT id, confirmed_at IS NOT NULL FROM subscribers WHERE email = ?1",
                [email],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let id = match existing {
            Some((_, true)) => return Ok(Asked::AlreadyConfirmed),
            Some((id, false)) => {
                let last: Option<String> = transaction
                    .query_row(
                        "SELECT max(not_before) FROM deliveries
                         WHERE subscriber_id = ?1 AND notice LIKE 'confirm:%'",
                        [id],
                        |row| row.get(0),
                    )
                    .optional()?
                    .flatten();
                if last
                    .as_deref()
                    .and_then(read_stamp)
                    .is_some_and(|last| now - last < CONFIRM_RESEND_AFTER)
                {
                    return Ok(Asked::TooSoon);
                }
                transaction.execute(
                    "UPDATE subscribers SET language = ?2, components = ?3 WHERE id = ?1",
                    params![id, language.tag(), components],
                )?;
                id
            }
            None => {
                transaction.execute(
                    "INSERT INTO subscribers (email, language, components, created_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![email, language.tag(), components, stamp(now)],
                )?;
                transaction.last_insert_rowid()
            }
        };
        transaction.execute(
            "INSERT INTO deliveries (subscriber_id, notice, version, not_before)
             VALUES (?1, ?2, 0, ?3)",
            params![
                id,
                format!("{CONFIRM}:{}", now.timestamp_millis()),
                stamp(now)
            ],
        )?;
        transaction.commit()?;
        Ok(Asked::ConfirmationQueued)
    }

    /// The subscriber with `id`, if they are still subscribed.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn subscriber(&self, id: i64) -> Result<Option<Subscriber>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, email, language, components, confirmed_at IS NOT NULL
                 FROM subscribers WHERE id = ?1",
                [id],
                |row| subscriber_at(row, 0),
            )
            .optional()?)
    }

    /// Confirms subscriber `id`; a second confirmation changes nothing. `None` when they no
    /// longer exist.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn confirm(&self, id: i64, now: DateTime<Utc>) -> Result<Option<Subscriber>, StoreError> {
        self.connection.execute(
            "UPDATE subscribers SET confirmed_at = ?2 WHERE id = ?1 AND confirmed_at IS NULL",
            params![id, stamp(now)],
        )?;
        self.subscriber(id)
    }

    /// Adds confirmed subscribers in one transaction, as when a list is moved from another
    /// tool where each address was confirmed; an address already here is left as it is.
    /// Nothing is sent. How many were added.
    ///
    /// # Errors
    /// When the database refuses; then none is added.
    pub fn import_confirmed(
        &mut self,
        subscribers: &[(String, Locale, Option<Vec<String>>)],
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let transaction = self.write_transaction()?;
        let mut added = 0;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO subscribers (email, language, components, created_at, confirmed_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
            )?;
            for (email, language, components) in subscribers {
                let components = components
                    .as_ref()
                    .map(|c| serde_json::to_string(c).unwrap_or_default());
                added += insert.execute(params![email, language.tag(), components, stamp(now)])?;
            }
        }
        transaction.commit()?;
        Ok(added)
    }

    /// Changes what subscriber `id` receives.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn change_subscription(
        &self,
        id: i64,
        language: Locale,
        components: Option<&[String]>,
    ) -> Result<Option<Subscriber>, StoreError> {
        let components = components.map(|c| serde_json::to_string(c).unwrap_or_default());
        self.connection.execute(
            "UPDATE subscribers SET language = ?2, components = ?3 WHERE id = ?1",
            params![id, language.tag(), components],
        )?;
        self.subscriber(id)
    }

    /// Deletes subscriber `id` and every delivery to them: unsubscribing leaves no address.
    /// Whether anyone was deleted.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn unsubscribe(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .connection
            .execute("DELETE FROM subscribers WHERE id = ?1", [id])?
            > 0)
    }

    /// Every subscriber, oldest first, for the write-token holder's export.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn subscribers(&self) -> Result<Vec<SubscriberRecord>, StoreError> {
        let mut select = self.connection.prepare(
            "SELECT id, email, language, components, confirmed_at IS NOT NULL, created_at,
                    confirmed_at
             FROM subscribers ORDER BY id",
        )?;
        let rows = select.query_map([], |row| {
            Ok(SubscriberRecord {
                subscriber: subscriber_at(row, 0)?,
                created_at: row.get(5)?,
                confirmed_at: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// A secret kept in the database under `name`, made with `make` the first time: the
    /// links' signing key survives restarts without anyone having to configure one.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn secret(
        &self,
        name: &str,
        make: impl FnOnce() -> Vec<u8>,
    ) -> Result<Vec<u8>, StoreError> {
        let existing: Option<Vec<u8>> = self
            .connection
            .query_row("SELECT value FROM secrets WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()?;
        if let Some(value) = existing {
            return Ok(value);
        }
        let value = make();
        self.connection.execute(
            "INSERT OR IGNORE INTO secrets (name, value) VALUES (?1, ?2)",
            params![name, value],
        )?;
        // Another process may have won the race; everyone uses the stored one.
        Ok(self.connection.query_row(
            "SELECT value FROM secrets WHERE name = ?1",
            [name],
            |row| row.get(0),
        )?)
    }
}

//! The durable delivery queue: one row per (subscriber, notice), written in the same SQLite
//! transaction as the feed version that owes it, claimed before it is sent and marked after,
//! so a crash or a relay outage never loses one and a retry never queues it twice.
//!
//! States: `pending` (waiting for its moment or a retry), `sending` (claimed; a crash leaves it
//! here, and the next start puts it back), `sent`, `failed` (given up), `withdrawn` (no longer
//! owed: a reminder for a window that moved, or nothing public to say).

use chrono::{DateTime, SecondsFormat, Utc};
use herald_domain::notice::{Notice, Owed};
use herald_domain::Deliveries;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::store::{Store, StoreError};
use crate::subscribers::{subscriber_at, Subscriber};

/// The notice key of a confirmation email; the moment it was asked for follows it, so each
/// request is its own delivery.
pub const CONFIRM: &str = "confirm";

/// A moment as stored: fixed width, so text order is time order.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn read_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// Queues, inside `transaction`, every delivery `owed` by feed `version`: each notice to every
/// confirmed subscriber whose components it touches (a notice naming no component goes to
/// everyone), after withdrawing reminders that no longer hold.
///
/// # Errors
/// When the database refuses; the caller's transaction then stores nothing.
pub fn enqueue(transaction: &Transaction<'_>, version: u64, owed: &Owed) -> rusqlite::Result<()> {
    if owed.is_empty() {
        return Ok(());
    }
    let version = i64::try_from(version).unwrap_or(i64::MAX);
    withdraw_reminders(transaction, "deliveries", owed)?;
    // The notice's components in the feed it came from, not in a later one: who is told is
    // decided when the update is published.
    let mut insert = transaction.prepare_cached(
        "INSERT OR IGNORE INTO deliveries (subscriber_id, notice, version, not_before)
         SELECT s.id, ?1, ?2, ?3 FROM subscribers s
         WHERE s.confirmed_at IS NOT NULL
           AND (s.components IS NULL OR json_array_length(?4) = 0
                OR EXISTS (SELECT 1 FROM json_each(s.components) mine, json_each(?4) its
                           WHERE mine.value = its.value))",
    )?;
    insert_each(&mut insert, version, &owed.send)
}

/// Withdraws, in queue `table`, the pending reminders `owed` says no longer hold.
pub(crate) fn withdraw_reminders(
    transaction: &Transaction<'_>,
    table: &'static str,
    owed: &Owed,
) -> rusqlite::Result<()> {
    for maintenance in &owed.withdraw_reminders {
        transaction.execute(
            &format!(
                "UPDATE {table} SET state = 'withdrawn'
                 WHERE state = 'pending' AND substr(notice, 1, length(?1)) = ?1"
            ),
            [Notice::reminder_prefix(maintenance)],
        )?;
    }
    Ok(())
}

/// Runs `insert` for each of `dues`, with the notice's key, `version`, its moment and its
/// components as JSON for parameters 1 to 4.
pub(crate) fn insert_each(
    insert: &mut rusqlite::CachedStatement<'_>,
    version: i64,
    dues: &[herald_domain::notice::Due],
) -> rusqlite::Result<()> {
    for due in dues {
        let components = serde_json::to_string(&due.components).unwrap_or_else(|_| "[]".into());
        insert.execute(params![
            due.notice.key(),
            version,
            stamp(due.not_before),
            components
        ])?;
    }
    Ok(())
}

/// A delivery claimed for sending.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The delivery's id: the stable part of its `Message-ID`.
    pub id: i64,
    /// Who it goes to.
    pub subscriber: Subscriber,
    /// The notice key, or [`CONFIRM`] and a moment.
    pub notice: String,
    /// How many times it has been claimed, this time included.
    pub attempts: u32,
    /// The feed version that owed it: it is written from this version or a later one.
    pub version: u64,
}

impl Store {
    /// Opens the database for the delivery worker: its own connection, so sending never waits
    /// for the writers' lock. `synchronous = NORMAL` keeps every commit through a `kill -9`
    /// (WAL) and costs no fsync per sent email; a power cut may resend the last few, under the
    /// same `Message-ID`.
    ///
    /// # Errors
    /// When the file cannot be opened.
    pub fn open_queue(path: &std::path::Path) -> Result<Self, StoreError> {
        let store = Self::open(path)?;
        store
            .connection
            .pragma_update(None, "synchronous", "NORMAL")?;
        Ok(store)
    }

    /// Puts back deliveries a crash left claimed: they may or may not have reached the relay,
    /// and sending again under the same `Message-ID` is how mail is kept from being lost.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn release_claimed(&self) -> Result<usize, StoreError> {
        Ok(self.connection.execute(
            "UPDATE deliveries SET state = 'pending' WHERE state = 'sending'",
            [],
        )?)
    }

    /// Claims up to `limit` deliveries due at `now`, oldest first, marking them `sending`
    /// before anything is sent.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn claim_due(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Claimed>, StoreError> {
        let transaction = self.write_transaction()?;
        let claimed = {
            let mut select = transaction.prepare_cached(
                "SELECT d.id, d.notice, d.attempts, s.id, s.email, s.language, s.components,
                        s.confirmed_at IS NOT NULL, d.version
                 FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
                 WHERE d.state = 'pending' AND d.not_before <= ?1
                 ORDER BY d.not_before, d.id LIMIT ?2",
            )?;
            let rows = select.query_map(
                params![stamp(now), i64::try_from(limit).unwrap_or(i64::MAX)],
                |row| {
                    Ok(Claimed {
                        id: row.get(0)?,
                        notice: row.get(1)?,
                        attempts: row.get::<_, u32>(2)? + 1,
                        version: row.get(8)?,
                        subscriber: subscriber_at(row, 3)?,
                    })
                },
            )?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        {
            let mut mark = transaction.prepare_cached(
                "UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ?1",
            )?;
            for delivery in &claimed {
                mark.execute([delivery.id])?;
            }
        }
        transaction.commit()?;
        Ok(claimed)
    }

    /// Records that the relay accepted delivery `id`.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.connection.execute(
            "UPDATE deliveries SET state = 'sent', sent_at = ?2, last_error = NULL WHERE id = ?1",
            params![id, stamp(now)],
        )?;
        Ok(())
    }

    /// Puts delivery `id` back to wait until `retry_at`, saying why.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn mark_retry(
        &self,
        id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.connection.execute(
            "UPDATE deliveries SET state = 'pending', not_before = ?2, last_error = ?3 WHERE id = ?1",
            params![id, stamp(retry_at), error],
        )?;
        Ok(())
    }

    /// Gives delivery `id` up (`failed`) or drops it as no longer owed (`withdrawn`).
    ///
    /// # Errors
    /// When the database refuses.
    pub fn mark_ended(&self, id: i64, state: Ended, reason: &str) -> Result<(), StoreError> {
        self.connection.execute(
            "UPDATE deliveries SET state = ?2, last_error = ?3 WHERE id = ?1",
            params![id, state.as_str(), reason],
        )?;
        Ok(())
    }

    /// When the next pending delivery is due, if any is.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let next: Option<String> = self
            .connection
            .query_row(
                "SELECT min(not_before) FROM deliveries WHERE state = 'pending'",
                [],
                |row| row.get(0),
            )
            .optional()?
            .flatten();
        Ok(next.as_deref().and_then(read_stamp))
    }

    /// Where the deliveries of notice `key` are.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn delivery_counts(&self, key: &str) -> Result<Deliveries, StoreError> {
        let (done, pending, failed) = self.count_states("deliveries", key)?;
        Ok(Deliveries {
            done,
            pending,
            failed,
            ..Deliveries::default()
        })
    }

    /// Rows of queue `table` (`deliveries` or `webhook_deliveries`) for notice `key`: done,
    /// pending (waiting or being sent) and failed.
    pub(crate) fn count_states(
        &self,
        table: &'static str,
        key: &str,
    ) -> Result<(u64, u64, u64), StoreError> {
        let (mut done, mut pending, mut failed) = (0, 0, 0);
        let mut select = self.connection.prepare_cached(&format!(
            "SELECT state, count(*) FROM {table} WHERE notice = ?1 GROUP BY state"
        ))?;
        let rows = select.query_map([key], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u64>(1)?))
        })?;
        for row in rows {
            let (state, count) = row?;
            match state.as_str() {
                "sent" => done += count,
                "pending" | "sending" => pending += count,
                "failed" => failed += count,
                _ => {}
            }
        }
        Ok((done, pending, failed))
    }
}

/// How a delivery ended without being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Given up after the relay refused it for good or for too long.
    Failed,
    /// No longer owed.
    Withdrawn,
}

impl Ended {
    fn as_str(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::Withdrawn => "withdrawn",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_domain::notice::{Due, MaintenanceStep};
    use herald_domain::Locale;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn store_with_subscribers() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("herald.db")).unwrap();
        let now = at("2026-12-01T10:00:00Z");
        store
            .ask_to_subscribe("all@example.com", Locale::En, None, now)
            .unwrap();
        store
            .ask_to_subscribe(
                "search@example.com",
                Locale::En,
                Some(&["search".into()]),
                now,
            )
            .unwrap();
        store
            .ask_to_subscribe("pending@example.com", Locale::En, None, now)
            .unwrap();
        store.confirm(1, now).unwrap();
        store.confirm(2, now).unwrap();
        (dir, store)
    }

    fn queue(store: &mut Store, owed: &Owed) {
        let transaction = store.connection.transaction().unwrap();
        enqueue(&transaction, 15, owed).unwrap();
        transaction.commit().unwrap();
    }

    fn notices(store: &Store, state: &str) -> Vec<(i64, String)> {
        let mut select = store
            .connection
            .prepare("SELECT subscriber_id, notice FROM deliveries WHERE state = ?1 AND notice NOT LIKE 'confirm:%' ORDER BY subscriber_id, notice")
            .unwrap();
        select
            .query_map([state], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_notice_is_queued_once_for_each_confirmed_subscriber_whose_components_it_touches() {
        let (_dir, mut store) = store_with_subscribers();
        let checkout = Owed {
            send: vec![Due {
                notice: Notice::IncidentUpdate {
                    incident: "i".into(),
                    update: "u".into(),
                },
                not_before: at("2026-12-01T10:00:00Z"),
                components: vec!["checkout".into()],
            }],
            ..Owed::default()
        };
        queue(&mut store, &checkout);
        queue(&mut store, &checkout);
        let key = "incident:i:update:u".to_string();
        assert_eq!(notices(&store, "pending"), vec![(1, key.clone())]);
        let page_wide = Owed {
            send: vec![Due {
                components: vec![],
                ..checkout.send[0].clone()
            }],
            ..Owed::default()
        };
        queue(&mut store, &page_wide);
        assert_eq!(notices(&store, "pending"), vec![(1, key.clone()), (2, key)]);
    }

    #[test]
    fn a_moved_window_withdraws_the_pending_reminder() {
        let (_dir, mut store) = store_with_subscribers();
        let reminder = |start: &str| Due {
            notice: Notice::Maintenance {
                maintenance: "db".into(),
                step: MaintenanceStep::Reminder,
                window_start: at(start),
            },
            not_before: at(start) - chrono::Duration::hours(1),
            components: vec![],
        };
        queue(
            &mut store,
            &Owed {
                send: vec![reminder("2026-12-03T02:00:00Z")],
                ..Owed::default()
            },
        );
        queue(
            &mut store,
            &Owed {
                send: vec![reminder("2026-12-04T02:00:00Z")],
                withdraw_reminders: vec!["db".into()],
                ..Owed::default()
            },
        );
        let pending = notices(&store, "pending");
        assert_eq!(pending.len(), 2, "{pending:?}");
        assert!(pending
            .iter()
            .all(|(_, k)| k.ends_with(&at("2026-12-04T02:00:00Z").timestamp().to_string())));
        assert_eq!(notices(&store, "withdrawn").len(), 2);
        assert_eq!(
            store.next_due().unwrap(),
            Some(at("2026-12-01T10:00:00Z")),
            "the confirmations come first"
        );
    }
}

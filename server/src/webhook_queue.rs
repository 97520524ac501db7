//! Webhook subscribers and team channels, and their delivery queue: one row per (webhook,
//! notice), written in the same SQLite transaction as the feed version that owes it, like the
//! email queue beside it.
//!
//! Each webhook gets its deliveries one at a time, in order: a receiver that hangs or fails
//! holds up only itself. After a failure the webhook waits (with backoff) before its next try;
//! after [`crate::webhook_worker`]'s limit of failures in a row it is disabled, what it still
//! had waiting is given up, and the team's channels are told, in the same transaction.

use chrono::{DateTime, Utc};
use herald_domain::backoff::Backoff;
use herald_domain::notice::{Due, Owed};
use herald_domain::{Webhook, WebhookDeliveries, WebhookFormat};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::delivery_queue::{insert_each, read_stamp, stamp, withdraw_reminders};
use crate::store::{Store, StoreError};

/// The notice key of a message to the team about webhook `id` being disabled at `at`.
pub fn disabled_notice(id: i64, at: DateTime<Utc>) -> String {
    format!("webhook-disabled:{id}:{}", at.timestamp_millis())
}

/// The webhook a [`disabled_notice`] key is about.
pub fn disabled_webhook(key: &str) -> Option<i64> {
    key.strip_prefix("webhook-disabled:")?
        .split(':')
        .next()?
        .parse()
        .ok()
}

/// Which webhooks a kind of notice goes to, as SQL over the `webhooks` table.
const FOR_EVERYONE: &str = "1";
const FOR_STATUSPAGE: &str = "w.format = 'statuspage'";
const FOR_NOTES: &str = "w.format <> 'statuspage' AND w.internal_notes = 1";

/// Queues, inside `transaction`, every webhook delivery `owed` by feed `version`.
///
/// # Errors
/// When the database refuses; the caller's transaction then stores nothing.
pub fn enqueue(transaction: &Transaction<'_>, version: u64, owed: &Owed) -> rusqlite::Result<()> {
    if owed.is_empty() {
        return Ok(());
    }
    let version = i64::try_from(version).unwrap_or(i64::MAX);
    withdraw_reminders(transaction, "webhook_deliveries", owed)?;
    for (dues, to) in [
        (&owed.send, FOR_EVERYONE),
        (&owed.component_changes, FOR_STATUSPAGE),
        (&owed.internal, FOR_NOTES),
    ] {
        insert(transaction, version, dues, to)?;
    }
    Ok(())
}

fn insert(
    transaction: &Transaction<'_>,
    version: i64,
    dues: &[Due],
    to: &str,
) -> rusqlite::Result<()> {
    if dues.is_empty() {
        return Ok(());
    }
    let mut insert = transaction.prepare_cached(&format!(
        "INSERT OR IGNORE INTO webhook_deliveries (webhook_id, notice, version, not_before)
         SELECT w.id, ?1, ?2, ?3 FROM webhooks w
         WHERE w.disabled_at IS NULL AND ({to})
           AND (w.components IS NULL OR json_array_length(?4) = 0
                OR EXISTS (SELECT 1 FROM json_each(w.components) mine, json_each(?4) its
                           WHERE mine.value = its.value))"
    ))?;
    insert_each(&mut insert, version, dues)
}

/// A webhook delivery claimed for sending.
#[derive(Debug, Clone)]
pub struct ClaimedPost {
    /// The delivery's id: sent as `Herald-Delivery`, the same on every retry.
    pub id: i64,
    /// The webhook's id.
    pub webhook: i64,
    /// What it takes.
    pub format: WebhookFormat,
    /// Where to post.
    pub url: String,
    /// Whether the webhook takes internal notes.
    pub internal_notes: bool,
    /// The notice key.
    pub notice: String,
    /// The feed version that owed it.
    pub version: u64,
}

/// How a post went, as the queue records it.
#[derive(Debug, Clone, PartialEq)]
pub enum PostOutcome {
    /// Answered with a 2xx.
    Delivered,
    /// Not answered in time, refused or answered otherwise: the webhook is tried again after
    /// `retry`'s wait for its failures in a row, unless this was failure `disable_after`.
    Failed {
        /// What happened, without the address.
        reason: String,
        /// The wait before the next try, by failures in a row.
        retry: Backoff,
        /// A number in `0..1` spreading the wait.
        jitter: f64,
        /// How many failures in a row disable it.
        disable_after: u32,
    },
    /// Its feed version is not served yet, or there is nothing to say: not the receiver's
    /// fault. `Some(at)` tries again then; `None` withdraws it.
    NotYet(Option<DateTime<Utc>>),
}

/// `https://hooks.slack.com/…`: the origin alone, since the rest of a channel's address is
/// what lets anyone post to it.
pub fn shortened(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => format!("{}/…", parsed.origin().ascii_serialization()),
        Err(_) => "(not an address)".into(),
    }
}

/// The columns [`webhook_at`] reads, in its order.
const WEBHOOK_COLUMNS: &str =
    "id, url, format, components, internal_notes, failures, disabled_at, disabled_reason";

fn webhook_at(row: &rusqlite::Row<'_>) -> rusqlite::Result<Webhook> {
    let components: Option<String> = row.get(3)?;
    let disabled_at: Option<String> = row.get(6)?;
    Ok(Webhook {
        id: row.get(0)?,
        url: shortened(&row.get::<_, String>(1)?),
        format: WebhookFormat::parse(&row.get::<_, String>(2)?)
            .unwrap_or(WebhookFormat::Statuspage),
        components: components.and_then(|c| serde_json::from_str(&c).ok()),
        internal_notes: row.get(4)?,
        failures: row.get(5)?,
        disabled_at: disabled_at.as_deref().and_then(read_stamp),
        disabled_reason: row.get(7)?,
    })
}

impl Store {
    /// Registers a webhook; its id.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn add_webhook(
        &self,
        url: &str,
        format: WebhookFormat,
        components: Option<&[String]>,
        internal_notes: bool,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let components = components.map(|c| serde_json::to_string(c).unwrap_or_default());
        self.connection.execute(
            "INSERT INTO webhooks (url, format, components, internal_notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![url, format.as_str(), components, internal_notes, stamp(now)],
        )?;
        Ok(self.connection.last_insert_rowid())
    }

    /// Every webhook, oldest first, addresses shortened.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let mut select = self.connection.prepare_cached(&format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY id"
        ))?;
        let rows = select.query_map([], webhook_at)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One webhook, address shortened.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn webhook(&self, id: i64) -> Result<Option<Webhook>, StoreError> {
        Ok(self
            .connection
            .query_row(
                &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?1"),
                [id],
                webhook_at,
            )
            .optional()?)
    }

    /// Deletes webhook `id` and its deliveries; whether it existed.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn remove_webhook(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .connection
            .execute("DELETE FROM webhooks WHERE id = ?1", [id])?
            > 0)
    }

    /// Enables a disabled webhook again, with a clean record; whether it exists.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn enable_webhook(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self.connection.execute(
            "UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL, failures = 0,
                    retry_at = NULL WHERE id = ?1",
            [id],
        )? > 0)
    }

    /// Puts back webhook deliveries a stop left claimed; a receiver may see one twice, with
    /// the same `Herald-Delivery` id.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn release_claimed_posts(&self) -> Result<usize, StoreError> {
        Ok(self.connection.execute(
            "UPDATE webhook_deliveries SET state = 'pending' WHERE state = 'sending'",
            [],
        )?)
    }

    /// Claims up to `limit` due deliveries, at most one per webhook and each webhook's oldest
    /// first, skipping webhooks that are disabled, waiting after a failure or already sending.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn claim_due_posts(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<ClaimedPost>, StoreError> {
        let transaction = self.write_transaction()?;
        let claimed = {
            let mut select = transaction.prepare_cached(
                "SELECT d.id, w.id, w.format, w.url, w.internal_notes, d.notice, d.version
                 FROM webhooks w JOIN webhook_deliveries d ON d.id = (
                     SELECT min(n.id) FROM webhook_deliveries n
                     WHERE n.webhook_id = w.id AND n.state = 'pending' AND n.not_before <= ?1)
                 WHERE w.disabled_at IS NULL AND (w.retry_at IS NULL OR w.retry_at <= ?1)
                   AND NOT EXISTS (SELECT 1 FROM webhook_deliveries s
                                   WHERE s.webhook_id = w.id AND s.state = 'sending')
                 ORDER BY d.not_before, d.id LIMIT ?2",
            )?;
            let rows = select.query_map(
                params![stamp(now), i64::try_from(limit).unwrap_or(i64::MAX)],
                |row| {
                    Ok(ClaimedPost {
                        id: row.get(0)?,
                        webhook: row.get(1)?,
                        format: WebhookFormat::parse(&row.get::<_, String>(2)?)
                            .unwrap_or(WebhookFormat::Statuspage),
                        url: row.get(3)?,
                        internal_notes: row.get(4)?,
                        notice: row.get(5)?,
                        version: row.get(6)?,
                    })
                },
            )?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        {
            let mut mark = transaction.prepare_cached(
                "UPDATE webhook_deliveries SET state = 'sending', attempts = attempts + 1
                 WHERE id = ?1",
            )?;
            for post in &claimed {
                mark.execute([post.id])?;
            }
        }
        transaction.commit()?;
        Ok(claimed)
    }

    /// Records how `post` went; `true` when this failure disabled its webhook.
    ///
    /// # Errors
    /// When the database refuses; nothing is recorded then.
    pub fn record_post(
        &mut self,
        post: &ClaimedPost,
        outcome: &PostOutcome,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let transaction = self.write_transaction()?;
        let disabled = match outcome {
            PostOutcome::Delivered => {
                transaction.execute(
                    "UPDATE webhook_deliveries SET state = 'sent', sent_at = ?2, last_error = NULL
                     WHERE id = ?1",
                    params![post.id, stamp(now)],
                )?;
                transaction.execute(
                    "UPDATE webhooks SET failures = 0, retry_at = NULL WHERE id = ?1",
                    [post.webhook],
                )?;
                false
            }
            PostOutcome::NotYet(Some(at)) => {
                transaction.execute(
                    "UPDATE webhook_deliveries SET state = 'pending', not_before = ?2,
                            attempts = attempts - 1 WHERE id = ?1",
                    params![post.id, stamp(*at)],
                )?;
                false
            }
            PostOutcome::NotYet(None) => {
                transaction.execute(
                    "UPDATE webhook_deliveries SET state = 'withdrawn' WHERE id = ?1",
                    [post.id],
                )?;
                false
            }
            PostOutcome::Failed {
                reason,
                retry,
                jitter,
                disable_after,
            } => failed(
                &transaction,
                post,
                reason,
                |failures| {
                    now + chrono::Duration::from_std(retry.delay(failures, *jitter))
                        .unwrap_or_default()
                },
                *disable_after,
                now,
            )?,
        };
        transaction.commit()?;
        Ok(disabled)
    }

    /// When the next webhook delivery may go, if any waits; a webhook with a post in flight
    /// is left out (that post's end wakes the worker).
    ///
    /// # Errors
    /// When the database refuses.
    pub fn next_post_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let next: Option<String> = self
            .connection
            .query_row(
                "SELECT min(max(d.not_before, coalesce(w.retry_at, '')))
                 FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                 WHERE d.state = 'pending' AND w.disabled_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM webhook_deliveries s
                                   WHERE s.webhook_id = w.id AND s.state = 'sending')",
                [],
                |row| row.get(0),
            )
            .optional()?
            .flatten();
        Ok(next.as_deref().and_then(read_stamp))
    }

    /// The whole address of webhook `id`, for sending only.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn webhook_address(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .connection
            .query_row("SELECT url FROM webhooks WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Where the webhook deliveries of notice `key` stand, and how many webhooks are disabled.
    ///
    /// # Errors
    /// When the database refuses.
    pub fn webhook_counts(&self, key: &str) -> Result<WebhookDeliveries, StoreError> {
        let (done, pending, failed) = self.count_states("webhook_deliveries", key)?;
        let mut counts = WebhookDeliveries {
            done,
            pending,
            failed,
            disabled: 0,
        };
        counts.disabled = self.connection.query_row(
            "SELECT count(*) FROM webhooks WHERE disabled_at IS NOT NULL",
            [],
            |row| row.get(0),
        )?;
        Ok(counts)
    }
}

/// Records a failed post: the webhook waits until `retry_at(failures in a row)`, or, at its
/// `disable_after`th failure in a row, is disabled, its waiting deliveries given up and the
/// team told.
fn failed(
    transaction: &Transaction<'_>,
    post: &ClaimedPost,
    reason: &str,
    retry_at: impl Fn(u32) -> DateTime<Utc>,
    disable_after: u32,
    now: DateTime<Utc>,
) -> rusqlite::Result<bool> {
    transaction.execute(
        "UPDATE webhook_deliveries SET state = 'pending', last_error = ?2 WHERE id = ?1",
        params![post.id, reason],
    )?;
    let failures: Option<u32> = transaction
        .query_row(
            "UPDATE webhooks SET failures = failures + 1 WHERE id = ?1 RETURNING failures",
            [post.webhook],
            |row| row.get(0),
        )
        .optional()?;
    // Deleted while its post was in flight: nothing left to record.
    let Some(failures) = failures else {
        return Ok(false);
    };
    if failures < disable_after {
        transaction.execute(
            "UPDATE webhooks SET retry_at = ?2 WHERE id = ?1",
            params![post.webhook, stamp(retry_at(failures))],
        )?;
        return Ok(false);
    }
    transaction.execute(
        "UPDATE webhooks SET disabled_at = ?2, disabled_reason = ?3 WHERE id = ?1",
        params![post.webhook, stamp(now), reason],
    )?;
    transaction.execute(
        "UPDATE webhook_deliveries SET state = 'failed',
                last_error = coalesce(last_error, 'its webhook was disabled')
         WHERE webhook_id = ?1 AND state IN ('pending', 'sending')",
        [post.webhook],
    )?;
    // The team hears of it in its own channels (never through the webhook that failed).
    transaction.execute(
        "INSERT OR IGNORE INTO webhook_deliveries (webhook_id, notice, version, not_before)
         SELECT w.id, ?1, ?2, ?3 FROM webhooks w
         WHERE w.disabled_at IS NULL AND w.format <> 'statuspage' AND w.id <> ?4",
        params![
            disabled_notice(post.webhook, now),
            i64::try_from(post.version).unwrap_or(i64::MAX),
            stamp(now),
            post.webhook
        ],
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_domain::notice::Notice;
    use std::time::Duration;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn due(update: &str, not_before: &str) -> Due {
        Due {
            notice: Notice::IncidentUpdate {
                incident: "i".into(),
                update: update.into(),
            },
            not_before: at(not_before),
            components: vec![],
        }
    }

    fn queue(store: &mut Store, send: Vec<Due>) {
        let transaction = store.write_transaction().unwrap();
        enqueue(
            &transaction,
            1,
            &Owed {
                send,
                ..Owed::default()
            },
        )
        .unwrap();
        transaction.commit().unwrap();
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("herald.db")).unwrap();
        (dir, store)
    }

    fn updates(claimed: &[ClaimedPost]) -> Vec<(i64, String)> {
        claimed
            .iter()
            .map(|c| (c.webhook, c.notice.rsplit(':').next().unwrap().to_string()))
            .collect()
    }

    fn webhook(store: &Store, url: &str, format: WebhookFormat) -> i64 {
        store
            .add_webhook(url, format, None, false, at("2026-12-01T10:00:00Z"))
            .unwrap()
    }

    const FAILED: fn(u32) -> PostOutcome = |disable_after| PostOutcome::Failed {
        reason: "answered 500".into(),
        retry: Backoff {
            first: Duration::from_secs(2),
            cap: Duration::from_secs(2),
        },
        jitter: 0.5,
        disable_after,
    };

    #[test]
    fn each_webhook_gets_its_posts_one_at_a_time_in_order() {
        let (_dir, mut store) = store();
        let now = at("2026-12-01T10:00:00Z");
        let one = webhook(&store, "http://127.0.0.1:1/a", WebhookFormat::Statuspage);
        let two = webhook(&store, "http://127.0.0.1:1/b", WebhookFormat::Slack);
        // A reminder due tomorrow, queued first, holds up nothing today.
        queue(&mut store, vec![due("later", "2026-12-02T10:00:00Z")]);
        queue(&mut store, vec![due("u1", "2026-12-01T10:00:00Z")]);
        queue(&mut store, vec![due("u2", "2026-12-01T10:00:00Z")]);
        let first = store.claim_due_posts(now, 10).unwrap();
        assert_eq!(updates(&first), [(one, "u1".into()), (two, "u1".into())]);
        assert!(
            store.claim_due_posts(now, 10).unwrap().is_empty(),
            "nothing more while each has a post in flight"
        );
        assert_eq!(store.next_post_due().unwrap(), None);
        store
            .record_post(&first[0], &PostOutcome::Delivered, now)
            .unwrap();
        let next = store.claim_due_posts(now, 10).unwrap();
        assert_eq!(updates(&next), [(one, "u2".into())]);
        // Tomorrow the reminder is due; webhook two's u1 is still in flight, so only one gets it.
        store
            .record_post(&next[0], &PostOutcome::Delivered, now)
            .unwrap();
        let tomorrow = at("2026-12-02T10:00:00Z");
        assert_eq!(
            updates(&store.claim_due_posts(tomorrow, 10).unwrap()),
            [(one, "later".into())]
        );
    }

    #[test]
    fn a_webhook_failing_again_and_again_waits_then_is_disabled_and_the_team_told() {
        let (_dir, mut store) = store();
        let now = at("2026-12-01T10:00:00Z");
        let failing = webhook(&store, "http://127.0.0.1:1/a", WebhookFormat::Statuspage);
        let team = webhook(&store, "http://127.0.0.1:1/t", WebhookFormat::Teams);
        queue(
            &mut store,
            vec![
                due("u1", "2026-12-01T10:00:00Z"),
                due("u2", "2026-12-01T10:00:00Z"),
            ],
        );
        let claimed = store.claim_due_posts(now, 10).unwrap();
        let post = claimed
            .iter()
            .find(|c| c.webhook == failing)
            .unwrap()
            .clone();
        assert!(!store.record_post(&post, &FAILED(2), now).unwrap());
        assert!(
            !store
                .claim_due_posts(now, 10)
                .unwrap()
                .iter()
                .any(|c| c.webhook == failing),
            "it waits after a failure"
        );
        let later = now + chrono::Duration::seconds(3);
        let again = store.claim_due_posts(later, 10).unwrap();
        let retry = again.iter().find(|c| c.webhook == failing).unwrap();
        assert_eq!(retry.id, post.id, "the same delivery is tried again");
        assert!(
            store.record_post(retry, &FAILED(2), later).unwrap(),
            "disabled"
        );
        let listed = store.webhook(failing).unwrap().unwrap();
        assert!(listed.disabled_at.is_some());
        assert_eq!(listed.disabled_reason.as_deref(), Some("answered 500"));
        let counts = store.webhook_counts("incident:i:update:u2").unwrap();
        assert_eq!((counts.failed, counts.disabled), (1, 1), "{counts:?}");
        let notice = disabled_notice(failing, later);
        let teams: Vec<i64> = store
            .connection
            .prepare("SELECT webhook_id FROM webhook_deliveries WHERE notice = ?1")
            .unwrap()
            .query_map([notice], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(teams, [team]);
        assert!(store.enable_webhook(failing).unwrap());
        assert_eq!(store.webhook(failing).unwrap().unwrap().failures, 0);
    }
}

//! Durable storage of the feed in SQLite: every feed version is appended, never rewritten.

use std::path::Path;

use herald_domain::notice::Owed;
use herald_domain::Feed;
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};

/// Why the store could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// SQLite refused: the file is unreadable, locked or corrupt.
    Database(rusqlite::Error),
    /// The schema could not be brought up to date.
    Migration(rusqlite_migration::Error),
    /// A stored document no longer parses as a feed.
    Corrupt(herald_domain::FeedError),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Database(e) => write!(f, "database error: {e}"),
            Self::Migration(e) => write!(f, "could not migrate the database: {e}"),
            Self::Corrupt(e) => write!(f, "a stored feed no longer reads: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Database(e)
    }
}

/// Schema history, oldest first; a released migration is never edited, only followed by another.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE feed_versions (
                version    INTEGER PRIMARY KEY,
                document   TEXT    NOT NULL,
                written_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            ) STRICT;",
        ),
        // A write and its idempotency record commit together, so a retry after a crash either
        // finds the record or finds nothing was written; it can never write twice.
        M::up(
            "CREATE TABLE idempotent_writes (
                key      TEXT    PRIMARY KEY,
                request  TEXT    NOT NULL,
                status   INTEGER NOT NULL,
                response TEXT    NOT NULL,
                version  INTEGER NOT NULL REFERENCES feed_versions(version)
            ) STRICT;",
        ),
        // Subscribers and the delivery queue. A delivery is a (subscriber, notice) pair, unique,
        // so a notice is queued once per subscriber however often it is owed; deliveries go
        // with their subscriber, so unsubscribing leaves no trace of the address.
        M::up(
            "CREATE TABLE subscribers (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                email        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
                language     TEXT    NOT NULL,
                components   TEXT,
                created_at   TEXT    NOT NULL,
                confirmed_at TEXT
            ) STRICT;
            CREATE TABLE deliveries (
                id            INTEGER PRIMARY KEY,
                subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
                notice        TEXT    NOT NULL,
                version       INTEGER NOT NULL,
                state         TEXT    NOT NULL DEFAULT 'pending',
                attempts      INTEGER NOT NULL DEFAULT 0,
                not_before    TEXT    NOT NULL,
                last_error    TEXT,
                sent_at       TEXT,
                UNIQUE (subscriber_id, notice)
            ) STRICT;
            CREATE INDEX deliveries_due ON deliveries (state, not_before);
            CREATE INDEX deliveries_notice ON deliveries (notice);
            CREATE TABLE secrets (
                name  TEXT PRIMARY KEY,
                value BLOB NOT NULL
            ) STRICT;",
        ),
        // Webhook subscribers and team channels, and their queue: a (webhook, notice) pair is
        // unique like a (subscriber, notice) one; a webhook waits after a failure (`retry_at`)
        // and is disabled after too many in a row.
        M::up(
            "CREATE TABLE webhooks (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                url             TEXT    NOT NULL,
                format          TEXT    NOT NULL,
                components      TEXT,
                internal_notes  INTEGER NOT NULL DEFAULT 0,
                created_at      TEXT    NOT NULL,
                failures        INTEGER NOT NULL DEFAULT 0,
                retry_at        TEXT,
                disabled_at     TEXT,
                disabled_reason TEXT
            ) STRICT;
            CREATE TABLE webhook_deliveries (
                id          INTEGER PRIMARY KEY,
                webhook_id  INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                notice      TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                state       TEXT    NOT NULL DEFAULT 'pending',
                attempts    INTEGER NOT NULL DEFAULT 0,
                not_before  TEXT    NOT NULL,
                last_error  TEXT,
                sent_at     TEXT,
                UNIQUE (webhook_id, notice)
            ) STRICT;
            CREATE INDEX webhook_deliveries_turn ON webhook_deliveries (webhook_id, state, id);
            CREATE INDEX webhook_deliveries_notice ON webhook_deliveries (notice);",
        ),
    ])
}

/// Inserts `feed` as its version inside `transaction`; its version as SQLite stores it.
fn insert_version(transaction: &rusqlite::Transaction<'_>, feed: &Feed) -> Result<i64, StoreError> {
    let version = i64::try_from(feed.version)
        .map_err(|_| StoreError::Database(rusqlite::Error::IntegralValueOutOfRange(0, i64::MAX)))?;
    transaction.execute(
        "INSERT INTO feed_versions (version, document) VALUES (?1, ?2)",
        params![version, feed.to_json()],
    )?;
    Ok(version)
}

/// A write already made under an idempotency key, replayed to a retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The request as first sent: method, path and body.
    pub request: String,
    /// The HTTP status first returned.
    pub status: u16,
    /// The response body first returned.
    pub response: String,
}

/// The feed's history on disk.
pub struct Store {
    pub(crate) connection: Connection,
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    ///
    /// WAL with full sync: an acknowledged write survives a crash or power loss, and readers
    /// never block the writer.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        migrations()
            .to_latest(&mut connection)
            .map_err(StoreError::Migration)?;
        Ok(Self { connection })
    }

    /// A transaction that holds the write lock from its start. The server's writers, the
    /// email queue and the webhook queue each have a connection to one file; a transaction
    /// that reads first and writes later cannot wait for the lock (SQLite answers "database
    /// is locked" at once if another connection wrote meanwhile), so every transaction here
    /// takes the lock first and waits its turn under the busy timeout.
    ///
    /// # Errors
    /// When the lock is not had within the busy timeout.
    pub(crate) fn write_transaction(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
    }

    /// The newest stored feed, or `None` for a new database.
    ///
    /// # Errors
    /// When the database cannot be read or the stored document no longer parses.
    pub fn latest(&self) -> Result<Option<Feed>, StoreError> {
        let document: Option<String> = self
            .connection
            .query_row(
                "SELECT document FROM feed_versions ORDER BY version DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        document
            .map(|text| Feed::from_json(&text).map_err(StoreError::Corrupt))
            .transpose()
    }

    /// Appends a feed version and queues the deliveries it owes, in one transaction.
    ///
    /// # Errors
    /// When the version already exists or the write fails; nothing is stored then.
    pub fn append_owing(&mut self, feed: &Feed, owed: &Owed) -> Result<(), StoreError> {
        let transaction = self.write_transaction()?;
        insert_version(&transaction, feed)?;
        crate::delivery_queue::enqueue(&transaction, feed.version, owed)?;
        crate::webhook_queue::enqueue(&transaction, feed.version, owed)?;
        transaction.commit()?;
        Ok(())
    }

    /// Appends a feed version; refuses to overwrite an existing version.
    ///
    /// # Errors
    /// When the version already exists or the write fails.
    pub fn append(&self, feed: &Feed) -> Result<(), StoreError> {
        let version = i64::try_from(feed.version).map_err(|_| {
            StoreError::Database(rusqlite::Error::IntegralValueOutOfRange(0, i64::MAX))
        })?;
        self.connection.execute(
            "INSERT INTO feed_versions (version, document) VALUES (?1, ?2)",
            params![version, feed.to_json()],
        )?;
        Ok(())
    }

    /// The feed as it was at `version`, if that version was ever stored.
    ///
    /// # Errors
    /// When the database cannot be read or the stored document no longer parses.
    pub fn at_version(&self, version: u64) -> Result<Option<Feed>, StoreError> {
        let Ok(version) = i64::try_from(version) else {
            return Ok(None);
        };
        let document: Option<String> = self
            .connection
            .query_row(
                "SELECT document FROM feed_versions WHERE version = ?1",
                [version],
                |row| row.get(0),
            )
            .optional()?;
        document
            .map(|text| Feed::from_json(&text).map_err(StoreError::Corrupt))
            .transpose()
    }

    /// The write recorded under an idempotency key, if any.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn recorded(&self, key: &str) -> Result<Option<Recorded>, StoreError> {
        Ok(self
            .connection
            .query_row(
                "SELECT request, status, response FROM idempotent_writes WHERE key = ?1",
                [key],
                |row| {
                    Ok(Recorded {
                        request: row.get(0)?,
                        status: row.get(1)?,
                        response: row.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Appends a feed version and the record of the write that made it, in one transaction:
    /// when this returns, both are on disk (WAL, full sync), and a crash before it leaves neither.
    ///
    /// # Errors
    /// When the version or the key already exists, or the write fails; nothing is stored then.
    pub fn commit(
        &mut self,
        feed: &Feed,
        key: &str,
        record: &Recorded,
        owed: &Owed,
    ) -> Result<(), StoreError> {
        let transaction = self.write_transaction()?;
        let version = insert_version(&transaction, feed)?;
        transaction.execute(
            "INSERT INTO idempotent_writes (key, request, status, response, version)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![key, record.request, record.status, record.response, version],
        )?;
        crate::delivery_queue::enqueue(&transaction, feed.version, owed)?;
        crate::webhook_queue::enqueue(&transaction, feed.version, owed)?;
        transaction.commit()?;
        Ok(())
    }

    /// Returns the stored feed, first storing `seed` if the database is empty.
    ///
    /// # Errors
    /// When reading or writing the database fails.
    pub fn latest_or_seed(&self, seed: &Feed) -> Result<(Feed, bool), StoreError> {
        if let Some(feed) = self.latest()? {
            return Ok((feed, false));
        }
        self.append(seed)?;
        Ok((seed.clone(), true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::demo_feed as demo;

    #[test]
    fn new_database_is_seeded_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("herald.db");
        let store = Store::open(&path).unwrap();
        let (feed, seeded) = store.latest_or_seed(&demo()).unwrap();
        assert!(seeded);
        assert_eq!(feed, demo());
        drop(store);

        let reopened = Store::open(&path).unwrap();
        let mut other = demo();
        other.page.name = "Another page".into();
        let (feed, seeded) = reopened.latest_or_seed(&other).unwrap();
        assert!(!seeded, "an existing database must not be seeded again");
        assert_eq!(feed.page.name, "Larkspur Market");
    }

    #[test]
    fn latest_is_the_highest_version() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("herald.db")).unwrap();
        let mut feed = demo();
        store.append(&feed).unwrap();
        feed.version += 1;
        feed.page.name = "Renamed".into();
        store.append(&feed).unwrap();
        assert_eq!(store.latest().unwrap().unwrap().page.name, "Renamed");
    }

    #[test]
    fn a_version_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("herald.db")).unwrap();
        store.append(&demo()).unwrap();
        assert!(matches!(
            store.append(&demo()),
            Err(StoreError::Database(_))
        ));
    }

    #[test]
    fn a_commit_stores_the_version_and_its_record_together() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("herald.db")).unwrap();
        let mut feed = demo();
        store.append(&feed).unwrap();
        feed.version += 1;
        let record = Recorded {
            request: "POST /x {}".into(),
            status: 201,
            response: "{}".into(),
        };
        store
            .commit(&feed, "key-1", &record, &Owed::default())
            .unwrap();
        assert_eq!(store.recorded("key-1").unwrap(), Some(record.clone()));
        assert_eq!(store.at_version(feed.version).unwrap(), Some(feed.clone()));
        assert_eq!(
            store.at_version(feed.version - 1).unwrap().unwrap().version,
            feed.version - 1
        );
        assert_eq!(store.at_version(9_999).unwrap(), None);

        // The same key again: refused whole, and the version it would have added is absent.
        feed.version += 1;
        assert!(store
            .commit(&feed, "key-1", &record, &Owed::default())
            .is_err());
        assert_eq!(store.at_version(feed.version).unwrap(), None);
        assert_eq!(store.latest().unwrap().unwrap().version, feed.version - 1);
    }

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}

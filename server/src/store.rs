//! Durable storage of the feed in SQLite: every feed version is appended, never rewritten.

use std::path::Path;

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
    Migrations::new(vec![M::up(
        "CREATE TABLE feed_versions (
            version    INTEGER PRIMARY KEY,
            document   TEXT    NOT NULL,
            written_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;",
    )])
}

/// The feed's history on disk.
pub struct Store {
    connection: Connection,
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
        migrations()
            .to_latest(&mut connection)
            .map_err(StoreError::Migration)?;
        Ok(Self { connection })
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

    fn demo() -> Feed {
        Feed::from_json(crate::DEMO_FEED).unwrap()
    }

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
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}

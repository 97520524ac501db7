//! Scheduled maintenances: planned work announced ahead of time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::locale::Locale;
use crate::translation::{choose, choose_name, Localized, Translations};

/// Where a maintenance is in its life, in the order it moves through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceStatus {
    /// Announced, not started.
    Scheduled,
    /// The work is under way.
    InProgress,
    /// The work is done and being checked.
    Verifying,
    /// Finished.
    Completed,
    /// A value this build does not know.
    #[serde(other)]
    Unknown,
}

impl MaintenanceStatus {
    /// Announced and not started: what Statuspage's `upcoming.json` lists.
    pub fn is_upcoming(self) -> bool {
        self == Self::Scheduled
    }

    /// The work is under way or being checked: what `active.json` lists and pages show as
    /// happening now.
    pub fn is_under_way(self) -> bool {
        matches!(self, Self::InProgress | Self::Verifying)
    }
}

/// A planned window of work on some components.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Maintenance {
    /// Stable identifier.
    pub id: String,
    /// Customer-facing title.
    pub title: String,
    /// The title in other languages (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub title_translations: Translations,
    /// Where the maintenance is now.
    pub status: MaintenanceStatus,
    /// When the window opens.
    pub window_start: DateTime<Utc>,
    /// When the window closes.
    pub window_end: DateTime<Utc>,
    /// Ids of the components the work touches.
    #[serde(default)]
    pub components: Vec<String>,
    /// Customer-facing description, in Markdown.
    #[serde(default)]
    pub description: String,
    /// The description in other languages (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub description_translations: Translations,
}

impl Maintenance {
    /// The title a reader of `reader` sees on a page in `page` by default.
    pub fn title_in(&self, reader: Locale, page: Locale) -> &str {
        choose_name(reader, &self.title, page, &self.title_translations)
    }

    /// The description a reader of `reader` is shown, with its language and the fallback.
    pub fn description_in(&self, reader: Locale, page: Locale) -> Localized<'_> {
        choose(
            reader,
            &self.description,
            page,
            &self.description_translations,
        )
    }
}

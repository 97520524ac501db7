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
    #[serde(deserialize_with = "crate::time::relaxed")]
    pub window_start: DateTime<Utc>,
    /// When the window closes.
    #[serde(deserialize_with = "crate::time::relaxed")]
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
    /// Where the maintenance is at `now`, by its window when its status was not moved on: a
    /// window that has passed is never shown as scheduled, and one that has opened is shown as
    /// under way until someone says otherwise.
    pub fn status_at(&self, now: DateTime<Utc>) -> MaintenanceStatus {
        match self.status {
            MaintenanceStatus::Completed => MaintenanceStatus::Completed,
            _ if now >= self.window_end => MaintenanceStatus::Completed,
            MaintenanceStatus::Scheduled if now >= self.window_start => {
                MaintenanceStatus::InProgress
            }
            status => status,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn window(status: MaintenanceStatus) -> Maintenance {
        Maintenance {
            id: "m-1".into(),
            title: "Database upgrade".into(),
            title_translations: Translations::new(),
            status,
            window_start: Utc.with_ymd_and_hms(2026, 12, 8, 1, 0, 0).unwrap(),
            window_end: Utc.with_ymd_and_hms(2026, 12, 8, 3, 0, 0).unwrap(),
            components: Vec::new(),
            description: String::new(),
            description_translations: Translations::new(),
        }
    }

    #[test]
    fn a_window_that_has_passed_is_never_shown_as_scheduled() {
        let after = Utc.with_ymd_and_hms(2026, 12, 8, 3, 0, 0).unwrap();
        for status in [
            MaintenanceStatus::Scheduled,
            MaintenanceStatus::InProgress,
            MaintenanceStatus::Verifying,
        ] {
            assert_eq!(
                window(status).status_at(after),
                MaintenanceStatus::Completed
            );
        }
    }

    #[test]
    fn an_opened_window_is_under_way_and_a_future_one_keeps_its_status() {
        let during = Utc.with_ymd_and_hms(2026, 12, 8, 2, 0, 0).unwrap();
        let before = Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap();
        let m = window(MaintenanceStatus::Scheduled);
        assert_eq!(m.status_at(during), MaintenanceStatus::InProgress);
        assert_eq!(m.status_at(before), MaintenanceStatus::Scheduled);
        assert_eq!(
            window(MaintenanceStatus::Verifying).status_at(during),
            MaintenanceStatus::Verifying
        );
    }
}

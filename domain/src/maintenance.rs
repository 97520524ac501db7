//! Scheduled maintenances: planned work announced ahead of time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
}

//! The stage an incident is in: a leaf both incidents and updates use, so neither module
//! needs the other for it.

use serde::{Deserialize, Serialize};

/// The stage an incident is in, in the order incidents move through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    /// We know something is wrong and are finding out what.
    Investigating,
    /// We know the cause and are fixing it.
    Identified,
    /// A fix is in place and we are watching it hold.
    Monitoring,
    /// Customers are no longer affected.
    Resolved,
    /// The write-up after resolution has been published.
    Postmortem,
    /// A value this build does not know; treated as open so it is never hidden.
    #[serde(other)]
    Unknown,
}

impl IncidentStatus {
    /// The stable machine name used in the feed (`investigating`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Investigating => "investigating",
            Self::Identified => "identified",
            Self::Monitoring => "monitoring",
            Self::Resolved => "resolved",
            Self::Postmortem => "postmortem",
        }
    }

    /// Whether customers are still (or may still be) affected.
    pub fn is_open(self) -> bool {
        self < Self::Resolved
    }
}

impl IncidentStatus {
    /// Position from best (or earliest) to worst (or latest); `Ord` follows it, not the
    /// declaration order, because serde needs the catch-all `Unknown` declared last.
    fn rank(self) -> u8 {
        match self {
            Self::Unknown => 0,
            Self::Investigating => 1,
            Self::Identified => 2,
            Self::Monitoring => 3,
            Self::Resolved => 4,
            Self::Postmortem => 5,
        }
    }
}

ordered_by_rank!(IncidentStatus);

//! Components: the parts of a service that customers recognise (checkout, search, the app).

use serde::{Deserialize, Serialize};

/// How a component is doing, ordered from best to worst so the worst is `iter().max()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    /// Working normally.
    Operational,
    /// Planned work; ranked as better than any unplanned degradation.
    UnderMaintenance,
    /// Working, but slower or less reliable than usual.
    DegradedPerformance,
    /// Failing for some customers or some requests.
    PartialOutage,
    /// Failing for everyone.
    MajorOutage,
}

impl ComponentStatus {
    /// The stable machine name used in the feed (`major_outage`), for labels and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operational => "operational",
            Self::UnderMaintenance => "under_maintenance",
            Self::DegradedPerformance => "degraded_performance",
            Self::PartialOutage => "partial_outage",
            Self::MajorOutage => "major_outage",
        }
    }
}

/// A part of the service shown on the status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Stable identifier referenced by incidents and updates.
    pub id: String,
    /// Customer-facing name.
    pub name: String,
    /// Optional group heading the component is listed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Current status, kept up to date by the endpoint as updates change it.
    pub status: ComponentStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_status_is_the_maximum() {
        let statuses = [
            ComponentStatus::Operational,
            ComponentStatus::MajorOutage,
            ComponentStatus::DegradedPerformance,
        ];
        assert_eq!(statuses.iter().max(), Some(&ComponentStatus::MajorOutage));
    }

    #[test]
    fn maintenance_ranks_below_unplanned_degradation() {
        assert!(ComponentStatus::UnderMaintenance < ComponentStatus::DegradedPerformance);
        assert!(ComponentStatus::Operational < ComponentStatus::UnderMaintenance);
    }

    #[test]
    fn machine_names_match_the_serialised_form() {
        for status in [
            ComponentStatus::Operational,
            ComponentStatus::UnderMaintenance,
            ComponentStatus::DegradedPerformance,
            ComponentStatus::PartialOutage,
            ComponentStatus::MajorOutage,
        ] {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
    }
}

//! Components: the parts of a service that customers recognise (checkout, search, the app).

use serde::{Deserialize, Serialize};

use crate::locale::Locale;
use crate::translation::{choose_name, Translations};

/// How a component is doing, ordered from best to worst so the worst is `iter().max()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// A value this build does not know (from a newer feed or another tool); ranked just above
    /// operational so an unrecognised word never paints the page red.
    #[serde(other)]
    Unknown,
}

impl ComponentStatus {
    /// The stable machine name used in the feed (`major_outage`), for labels and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operational => "operational",
            Self::Unknown => "unknown",
            Self::UnderMaintenance => "under_maintenance",
            Self::DegradedPerformance => "degraded_performance",
            Self::PartialOutage => "partial_outage",
            Self::MajorOutage => "major_outage",
        }
    }

    /// The status named by [`Self::as_str`].
    pub fn parse(word: &str) -> Option<Self> {
        [
            Self::Operational,
            Self::Unknown,
            Self::UnderMaintenance,
            Self::DegradedPerformance,
            Self::PartialOutage,
            Self::MajorOutage,
        ]
        .into_iter()
        .find(|status| status.as_str() == word)
    }
}

impl ComponentStatus {
    /// Position from best (or earliest) to worst (or latest); `Ord` follows it, not the
    /// declaration order, because serde needs the catch-all `Unknown` declared last.
    fn rank(self) -> u8 {
        match self {
            Self::Operational => 0,
            Self::Unknown => 1,
            Self::UnderMaintenance => 2,
            Self::DegradedPerformance => 3,
            Self::PartialOutage => 4,
            Self::MajorOutage => 5,
        }
    }
}

ordered_by_rank!(ComponentStatus);

/// A part of the service shown on the status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// Stable identifier referenced by incidents and updates.
    pub id: String,
    /// Customer-facing name, in the page's default language.
    pub name: String,
    /// The name in other languages (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub name_translations: Translations,
    /// Optional group heading the component is listed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The group heading in other languages (schema 1.2).
    #[serde(
        default,
        deserialize_with = "crate::translation::read_known",
        skip_serializing_if = "Translations::is_empty"
    )]
    pub group_translations: Translations,
    /// Current status, kept up to date by the endpoint as updates change it.
    pub status: ComponentStatus,
}

impl Component {
    /// The name a reader of `reader` sees on a page in `page` by default.
    pub fn name_in(&self, reader: Locale, page: Locale) -> &str {
        choose_name(reader, &self.name, page, &self.name_translations)
    }

    /// The group heading a reader of `reader` sees, when the component has a group.
    pub fn group_in(&self, reader: Locale, page: Locale) -> Option<&str> {
        let group = self.group.as_deref()?;
        Some(choose_name(reader, group, page, &self.group_translations))
    }
}

/// Display names for component ids in `reader`'s language, in the same order; an id the list
/// does not know stands for itself.
pub fn names_in(
    components: &[Component],
    ids: &[String],
    reader: Locale,
    page: Locale,
) -> Vec<String> {
    ids.iter()
        .map(|id| {
            components
                .iter()
                .find(|c| &c.id == id)
                .map_or_else(|| id.clone(), |c| c.name_in(reader, page).to_string())
        })
        .collect()
}

/// Display names for component ids, in the same order; an id the list does not know stands
/// for itself, so a dangling reference is visible rather than silently dropped.
pub fn names_of(components: &[Component], ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            components
                .iter()
                .find(|c| &c.id == id)
                .map_or_else(|| id.clone(), |c| c.name.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_ids_and_unknown_ids_stand_for_themselves() {
        let components = [Component {
            group_translations: crate::translation::Translations::new(),
            name_translations: crate::translation::Translations::new(),
            id: "checkout".into(),
            name: "Checkout".into(),
            group: None,
            status: ComponentStatus::Operational,
        }];
        let ids = ["warehouse".to_string(), "checkout".to_string()];
        assert_eq!(names_of(&components, &ids), ["warehouse", "Checkout"]);
    }

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
    fn unrecognised_status_is_kept_as_unknown() {
        let status: ComponentStatus = serde_json::from_str("\"on_fire\"").unwrap();
        assert_eq!(status, ComponentStatus::Unknown);
        assert!(ComponentStatus::Unknown < ComponentStatus::UnderMaintenance);
    }

    #[test]
    fn machine_names_match_the_serialised_form() {
        for status in [
            ComponentStatus::Operational,
            ComponentStatus::Unknown,
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
